"""NumPy-style text for tensors: ``repr`` gives ``tensor([[1., 2.]], dtype=float32)``.

Follows NumPy's default print options: floats with up to 8 significant fractional digits in
their shortest round-trip form, scientific notation when the magnitudes span too widely,
columns padded to one width, lines wrapped at 75 characters, and tensors of more than 1000
elements summarised with ``...`` around 3 edge items.

As PyTorch, the repr also says how a tensor sits in the autograd graph: a leaf that requires
grad ends in ``requires_grad=True``, a result of a recorded op in ``grad_fn=<MulBackward0>``
(the node's class name with PyTorch's ``Backward0`` suffix).

``set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
suppress=None)`` changes the options as ``numpy.set_printoptions`` does (``suppress=True``
prints small floats in fixed point instead of scientific notation); ``get_printoptions()``
returns them and ``printoptions(**kw)`` is a context manager that restores them.
"""
import contextlib
import math
import numbers
import struct

LINEWIDTH = 75
THRESHOLD = 1000
EDGEITEMS = 3
PRECISION = 8
SUPPRESS = False


def get_printoptions():
    """The current print options of tensors, as a new dict (NumPy's ``get_printoptions``).

    Returns
    -------
    dict
        ``precision`` (int, fractional digits of floats), ``threshold`` (int, the element count
        above which a tensor is summarised with ``...``), ``edgeitems`` (int, the items kept at
        each edge of a summarised axis), ``linewidth`` (int, characters per line) and ``suppress``
        (bool, fixed point instead of scientific notation for small floats). The defaults are
        NumPy's: 8, 1000, 3, 75 and False. Changing the dict changes nothing.

    See Also
    --------
    tinytensor.set_printoptions, tinytensor.printoptions

    Examples
    --------
    >>> tt.get_printoptions()
    {'precision': 8, 'threshold': 1000, 'edgeitems': 3, 'linewidth': 75, 'suppress': False}
    """
    return {"precision": PRECISION, "threshold": THRESHOLD, "edgeitems": EDGEITEMS, "linewidth": LINEWIDTH,
            "suppress": SUPPRESS}


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, suppress=None):
    """Set how tensors print, for the whole process (NumPy's ``set_printoptions``).

    Every value is checked before any is set; None leaves an option as it is.

    Parameters
    ----------
    precision : int, optional
        Fractional digits of floats, >= 0 (default 8). Floats print in their shortest round-trip
        form up to this many digits.
    threshold : int or float, optional
        Tensors of more elements than this print summarised, with ``...`` and their shape (default
        1000); >= 0, ``math.inf`` for never.
    edgeitems : int, optional
        Items kept at each end of a summarised axis, >= 1 (default 3).
    linewidth : int, optional
        Characters per line before wrapping, >= 10 (default 75).
    suppress : bool, optional
        True prints small floats in fixed point instead of switching to scientific notation
        (default False).

    Returns
    -------
    None

    Raises
    ------
    ValueError
        An option is not an integer (bool is not one) or is below its minimum.
    TypeError
        An unknown option name is passed.

    See Also
    --------
    tinytensor.get_printoptions, tinytensor.printoptions

    Examples
    --------
    >>> x = tt.tensor([1 / 3, 2 / 3])
    >>> tt.set_printoptions(precision=3)
    >>> x
    tensor([0.333, 0.667])
    >>> tt.set_printoptions(precision=8)       # the default again
    >>> x
    tensor([0.33333333, 0.66666667])
    """
    global PRECISION, THRESHOLD, EDGEITEMS, LINEWIDTH, SUPPRESS
    new = get_printoptions()
    for name, value, low in (("precision", precision, 0), ("threshold", threshold, 0),
                             ("edgeitems", edgeitems, 1), ("linewidth", linewidth, 10)):
        if value is None:
            continue
        if name == "threshold" and isinstance(value, float) and value == math.inf:
            value = 1 << 62
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
            raise ValueError("%s must be an integer >= %d, got %r" % (name, low, value))
        new[name] = int(value)
    if suppress is not None:
        new["suppress"] = bool(suppress)
    PRECISION, THRESHOLD, EDGEITEMS = new["precision"], new["threshold"], new["edgeitems"]
    LINEWIDTH, SUPPRESS = new["linewidth"], new["suppress"]


@contextlib.contextmanager
def printoptions(**options):
    r"""Context manager: set print options for a ``with`` block, then restore the previous ones.

    NumPy's ``printoptions``. The options are those of ``set_printoptions``, checked the same
    way; they are restored even when the block raises::

        old = get_printoptions(); set_printoptions(**options)
        try: yield get_printoptions()
        finally: set_printoptions(**old)

    Parameters
    ----------
    \*\*options
        Any of ``precision``, ``threshold``, ``edgeitems``, ``linewidth``, ``suppress``.

    Yields
    ------
    dict
        The options in force inside the block (as ``get_printoptions`` returns them).

    Raises
    ------
    ValueError
        An option value is invalid (see ``set_printoptions``).
    TypeError
        An unknown option name is passed.

    See Also
    --------
    tinytensor.set_printoptions, tinytensor.get_printoptions

    Examples
    --------
    >>> x = tt.tensor([3.14159265, 1e-5])
    >>> x
    tensor([3.14159265e+00, 1.00000000e-05])
    >>> with tt.printoptions(precision=3, suppress=True):
    ...     print(repr(x))
    tensor([3.142, 0.   ])
    >>> tt.arange(10)
    tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    >>> with tt.printoptions(threshold=5, edgeitems=2):
    ...     print(repr(tt.arange(10)))
    tensor([0, 1, ..., 8, 9], shape=(10,))
    """
    old = get_printoptions()
    set_printoptions(**options)
    try:
        yield get_printoptions()
    finally:
        set_printoptions(**old)


# struct's format character of the floats narrower than Python's (float64 prints as repr does)
_NARROW = {"float32": "f", "float16": "e"}


def _shortest(x, fmt):
    """The shortest decimal string that reads back as the same float32 (fmt "f") or float16
    (fmt "e"); Python's repr for float64 (fmt None)."""
    if fmt is None:
        return repr(x)
    target = struct.unpack(fmt, struct.pack(fmt, x))[0]
    for p in range(1, 10):
        s = "%.*g" % (p, x)
        if struct.unpack(fmt, struct.pack(fmt, float(s)))[0] == target:
            return s
    return repr(x)


def _positional(x, narrow):
    s = _shortest(x, narrow)
    if "e" in s or "E" in s:
        s = "%.*f" % (PRECISION + 20, x)
        s = s.rstrip("0")
    if "." not in s:
        s += "."
    intpart, frac = s.split(".")
    frac = frac.rstrip("0")
    if len(frac) > PRECISION:
        s = ("%.*f" % (PRECISION, x)).rstrip("0")
        if s.endswith("."):
            pass
        intpart, frac = s.split(".")
    return intpart, frac


def _mantissa_digits(x, narrow):
    """Fractional digits of the shortest round-trip mantissa of x (at most PRECISION)."""
    s = _shortest(x, narrow)
    digits = s.lstrip("-").split("e")[0].replace(".", "").lstrip("0").rstrip("0")
    return min(max(len(digits) - 1, 0), PRECISION)


def _scientific(x, prec):
    mant, exp = ("%.*e" % (prec, x)).split("e")
    if "." not in mant:
        mant += "."
    return mant, exp[0] + exp[1:].lstrip("0").rjust(2, "0")


class _FloatFormatter:
    def __init__(self, values, narrow):
        finite = [abs(v) for v in values if math.isfinite(v) and v != 0]
        self.narrow = narrow
        self.exp = False
        if finite:
            mx, mn = max(finite), min(finite)
            # NumPy's rule; suppress keeps fixed point unless a value is too large for it
            self.exp = mx >= 1e8 or (not SUPPRESS and (mn < 1e-4 or mx / mn > 1e3))
        self.pad_left = self.pad_right = 0
        self.exp_len = 0
        self.prec = 0
        if self.exp:
            self.prec = max((_mantissa_digits(v, narrow) for v in values if math.isfinite(v)), default=0)
        for v in values:
            if not math.isfinite(v):
                continue
            if self.exp:
                mant, exp = _scientific(v, self.prec)
                i, f = mant.split(".")
                self.exp_len = max(self.exp_len, len(exp))
            else:
                i, f = _positional(v, narrow)
            self.pad_left = max(self.pad_left, len(i))
            self.pad_right = max(self.pad_right, len(f))
        nonfinite = [v for v in values if not math.isfinite(v)]
        if nonfinite:
            width = max(len(self._special(v)) for v in nonfinite)
            self.pad_left = max(self.pad_left, width - self.pad_right - 1)

    @staticmethod
    def _special(v):
        return "nan" if v != v else ("inf" if v > 0 else "-inf")

    def __call__(self, v):
        if not math.isfinite(v):
            s = self._special(v)
            return s.rjust(self.pad_left + self.pad_right + 1 + (self.exp_len + 1 if self.exp else 0))
        if self.exp:
            mant, exp = _scientific(v, self.prec)
            i, f = mant.split(".")
            return i.rjust(self.pad_left) + "." + f.ljust(self.pad_right) + "e" + exp
        i, f = _positional(v, self.narrow)
        return i.rjust(self.pad_left) + "." + f.ljust(self.pad_right)


def _edge_list(t, summarise):
    """Nested lists of the elements to print (None marks an elided run)."""
    if t.ndim == 0:
        return t.item()
    n = t.shape[0]
    if summarise and n > 2 * EDGEITEMS:
        head = [_edge_list(t[i], summarise) for i in range(EDGEITEMS)]
        tail = [_edge_list(t[i], summarise) for i in range(n - EDGEITEMS, n)]
        return head + [None] + tail
    return [_edge_list(t[i], summarise) for i in range(n)]


def _flatten(values, out):
    for v in values:
        if isinstance(v, list):
            _flatten(v, out)
        elif v is not None:
            out.append(v)
    return out


def _make_formatter(t, values):
    flat = _flatten(values, []) if isinstance(values, list) else [values]
    kind = t.dtype.kind
    if kind == "f":
        return _FloatFormatter(flat, _NARROW.get(t.dtype.name))
    if kind == "b":
        width = 5 if any(not v for v in flat) else 4
        return lambda v: str(bool(v)).rjust(width)
    width = max((len(str(v)) for v in flat), default=1)
    return lambda v: str(v).rjust(width)


def _format_nested(values, fmt, ndim, indent, sep):
    """One bracketed level, wrapping lines at LINEWIDTH with `indent` before continuations."""
    if ndim == 1:
        items = ["..." if v is None else fmt(v) for v in values]
        lines = []
        line = "["
        for k, s in enumerate(items):
            piece = s + ("" if k == len(items) - 1 else sep.rstrip(" "))
            candidate = line + (piece if line == "[" else " " + piece) if sep.endswith(" ") else line + piece
            if len(indent) + len(candidate) + 1 > LINEWIDTH and line != "[":
                lines.append(line)
                line = " " + piece
            else:
                line = candidate
        lines.append(line + "]")
        return ("\n" + indent).join(lines)
    blank = "\n" * (ndim - 1)
    parts = []
    for v in values:
        if v is None:
            parts.append("...")
        else:
            parts.append(_format_nested(v, fmt, ndim - 1, indent + " ", sep))
    joiner = sep.rstrip(" ") + blank + indent + " "
    return "[" + joiner.join(parts) + "]"


_DEFAULT_DTYPES = {"float64", "int64", "bool"}


def grad_fn_name(fn):
    """A graph node's name as PyTorch shows it: the op's class name + ``Backward0``."""
    name = type(fn).__name__
    return name if name.endswith(("Backward", "Backward0")) else name + "Backward0"


def graph_suffix(t):
    """``, grad_fn=<...>`` or ``, requires_grad=True``, as PyTorch prints them."""
    fn = getattr(t, "grad_fn", None)
    if fn is not None:
        return ", grad_fn=<%s>" % grad_fn_name(fn)
    if getattr(t, "requires_grad", False):
        return ", requires_grad=True"
    return ""


def tensor_repr(t):
    return _tensor_repr(t) [:-1] + graph_suffix(t) + ")"


def _tensor_repr(t):
    prefix = "tensor("
    summarise = t.size > THRESHOLD
    if t.size == 0:
        body = "[]"
        extra = f", shape={t.shape}" if t.ndim != 1 else ""
        return f"{prefix}{body}{extra}, dtype={t.dtype.name})"
    values = _edge_list(t, summarise)
    fmt = _make_formatter(t, values)
    if t.ndim == 0:
        body = fmt(values).strip()
    else:
        body = _format_nested(values, fmt, t.ndim, " " * len(prefix), ", ")
    dtype = "" if t.dtype.name in _DEFAULT_DTYPES else f", dtype={t.dtype.name}"
    if summarise:
        dtype = f", shape={t.shape}" + dtype
    if dtype and "\n" in body and len(body.splitlines()[-1]) + len(dtype) + 1 > LINEWIDTH:
        dtype = ",\n" + " " * len(prefix) + dtype[2:]
    return f"{prefix}{body}{dtype})"


def tensor_str(t):
    if t.size == 0:
        return "[]"
    summarise = t.size > THRESHOLD
    values = _edge_list(t, summarise)
    fmt = _make_formatter(t, values)
    if t.ndim == 0:
        return scalar_str(t.item(), t.dtype.name)
    return _format_nested(values, fmt, t.ndim, "", " ")


def scalar_str(v, dtype_name):
    """A 0-d tensor prints as its Python scalar does (float32 and float16 in their shortest form)."""
    if dtype_name in _NARROW and math.isfinite(v):
        s = _shortest(v, _NARROW[dtype_name])
        if "e" not in s and "." not in s:
            s += ".0"
        return s
    return str(v)
