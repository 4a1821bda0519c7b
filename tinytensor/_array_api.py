"""The Python array API standard's entry points for tinytensor.

Array-API-aware code (array_api_compat, SciPy, scikit-learn, ...) finds the namespace through
``x.__array_namespace__()`` and reads ``__array_api_version__`` and
``__array_namespace_info__()`` from it. tinytensor implements the 2024.12 standard for its real
dtypes (bool, int8 ... uint64, float32, float64; float16 too, which the standard does not name)
on one CPU device (no complex dtypes: ``tt.complex128`` does not exist, so tools can
tell); the functions here are the standard's data-type functions and the cheap spellings it uses
for things tinytensor already does.
"""
import math

from tinytensor import _core
from tinytensor._core import Tensor, asarray, broadcast_to, broadcast_shapes, result_type

__array_api_version__ = "2024.12"

e = math.e
pi = math.pi
inf = math.inf
nan = math.nan
newaxis = None

# The standard's dtypes in its order; those the core has are the namespace's dtypes.
_STANDARD_DTYPES = ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                    "float32", "float64", "complex64", "complex128")

# kind name -> the DType.kind letters it covers
_KINDS = {
    "bool": "b",
    "signed integer": "i",
    "unsigned integer": "u",
    "integral": "iu",
    "real floating": "f",
    "complex floating": "c",
    "numeric": "iufc",
}


def _core_dtypes():
    """The standard's dtypes that tinytensor has, in the standard's order."""
    found = []
    for name in _STANDARD_DTYPES:
        try:
            found.append(_core.dtype(name))
        except TypeError:
            pass
    return tuple(found)


def _check_device(device):
    if device is not None and device not in ("cpu", "cpu:0"):
        raise ValueError(f"tinytensor only has the 'cpu' device, not {device!r}")


class _Info:
    """What ``__array_namespace_info__()`` returns: the namespace's capabilities, devices and
    dtypes (the standard's inspection API)."""

    __module__ = "tinytensor"

    def capabilities(self):
        """Boolean indexing and data-dependent output shapes (nonzero, unique, ...) work; a tensor
        has at most 32 dimensions."""
        return {"boolean indexing": True, "data-dependent shapes": True,
                "max dimensions": _core._max_dims()}

    def default_device(self):
        return "cpu"

    def devices(self):
        return ["cpu"]

    def default_dtypes(self, *, device=None):
        """float64 and int64, as NumPy. tinytensor has no complex dtypes: the standard's
        "complex floating" key maps to None."""
        _check_device(device)
        return {"real floating": _core.float64, "complex floating": None,
                "integral": _core.int64, "indexing": _core.int64}

    def dtypes(self, *, device=None, kind=None):
        """name -> dtype for the standard's dtypes tinytensor has, optionally of one kind (a kind
        name, a dtype, or a tuple of them, as isdtype takes)."""
        _check_device(device)
        found = _core_dtypes()
        if kind is not None:
            found = tuple(d for d in found if isdtype(d, kind))
        return {d.name: d for d in found}


def __array_namespace_info__():
    """The array API's inspection object (capabilities, devices, default dtypes, dtypes)."""
    return _Info()


def isdtype(dtype, kind):
    """Whether a dtype is of a given kind (the array API's ``isdtype``).

    Parameters
    ----------
    dtype : dtype
        A tinytensor dtype, or anything ``tt.dtype`` takes (a name such as ``"float32"``, a NumPy
        dtype). Not a tensor: pass ``x.dtype``.
    kind : dtype or str or tuple
        A dtype (compared for equality); one of the standard's kind names ``'bool'``,
        ``'signed integer'``, ``'unsigned integer'``, ``'integral'``, ``'real floating'``,
        ``'complex floating'``, ``'numeric'``; or a tuple of those, which matches when any of its
        members does.

    Returns
    -------
    bool
        Whether `dtype` is `kind` or of that kind. float16 counts as ``'real floating'``; no
        tinytensor dtype is ``'complex floating'``.

    Raises
    ------
    TypeError
        `dtype` (or a dtype in `kind`) is a tensor, a Python scalar, None or not a dtype.
    ValueError
        `kind` is a string that is not one of the kind names.

    Examples
    --------
    >>> tt.isdtype(tt.float32, "real floating")
    True
    >>> tt.isdtype(tt.uint8, ("signed integer", tt.bool))
    False
    >>> tt.isdtype(tt.int8, "numeric")
    True
    """
    dtype = _as_dtype(dtype, "isdtype")
    if isinstance(kind, tuple):
        return any(isdtype(dtype, k) for k in kind)
    if isinstance(kind, str):
        if kind not in _KINDS:
            raise ValueError(f"kind argument is a string, but {kind!r} is not a known kind name; "
                             f"expected one of {sorted(_KINDS)}")
        return dtype.kind in _KINDS[kind]
    return dtype == _as_dtype(kind, "isdtype")


def _as_dtype(obj, fname):
    """A dtype argument of the data-type functions: a tt dtype (or anything tt.dtype takes, such
    as a NumPy dtype), never a tensor or a Python scalar."""
    if isinstance(obj, Tensor) or obj is None or isinstance(obj, (bool, int, float, complex)):
        raise TypeError(f"{fname}: expected a dtype, not {type(obj).__name__}")
    return _core.dtype(obj)


def can_cast(from_, to, /):
    r"""Whether a value converts from one dtype to another without loss, by the promotion rules.

    True when promoting `from_` with `to` gives `to`: NumPy's ``"safe"`` casting::

        can_cast(a, b) == (a == b or result_type(a, b) == b)

    So int64 to float64 is True (as NumPy, although large integers round), while float32 to
    int32 and int64 to uint64 are not.

    Parameters
    ----------
    from\_ : dtype or Tensor
        The source dtype, or a tensor whose dtype is the source.
    to : dtype
        The target dtype (anything ``tt.dtype`` takes).

    Returns
    -------
    bool

    Raises
    ------
    TypeError
        `from_` or `to` is not a dtype (a Python scalar, None, an unknown name).

    See Also
    --------
    tinytensor.result_type

    Examples
    --------
    >>> tt.can_cast(tt.int64, tt.float64)
    True
    >>> tt.can_cast(tt.float32, tt.int32)
    False
    >>> tt.can_cast(tt.tensor([1], dtype=tt.uint8), tt.int16)
    True
    """
    src = from_.dtype if isinstance(from_, Tensor) else _as_dtype(from_, "can_cast")
    dst = _as_dtype(to, "can_cast")
    return src == dst or result_type(src, dst) == dst


def astype(x, dtype, /, *, copy=True, device=None):
    """`x` converted to `dtype` (the array API's ``astype``; ``x.astype(dtype, copy=copy)``).

    ::

        out[i] = dtype(x[i])     # floats to integers truncate toward zero, as C and NumPy

    Parameters
    ----------
    x : Tensor or array_like
        The input, any shape and dtype.
    dtype : dtype
        The target dtype (anything ``tt.dtype`` takes). Every conversion is allowed (NumPy's
        ``"unsafe"`` casting).
    copy : bool, optional
        Keyword-only. True (the default) always returns a new tensor; False returns `x` itself
        when it already has `dtype`.
    device : str, optional
        Keyword-only. ``"cpu"`` (the only device) or None.

    Returns
    -------
    Tensor
        The shape of `x`, dtype `dtype`.

    Raises
    ------
    TypeError
        `dtype` is not a dtype.
    ValueError
        `device` is not the CPU.

    Notes
    -----
    Differentiable between floating dtypes (the gradient is converted back).

    Examples
    --------
    >>> tt.astype(tt.tensor([1.7, -1.7]), tt.int32)
    tensor([ 1, -1], dtype=int32)
    >>> tt.astype([1, 2], "float32")
    tensor([1., 2.], dtype=float32)
    >>> x = tt.tensor([1, 2])
    >>> tt.astype(x, tt.int64, copy=False) is x
    True
    """
    _check_device(device)
    return asarray(x).astype(dtype, copy=copy)


def matrix_transpose(x, /):
    """The last two axes swapped, as a view (the array API's ``matrix_transpose``; ``x.mT``).

    ::

        out[..., i, j] = x[..., j, i]

    Parameters
    ----------
    x : Tensor or array_like
        The input, at least two dimensions (the axes before the last two are a batch).

    Returns
    -------
    Tensor
        A view of `x`, shape ``x.shape[:-2] + (x.shape[-1], x.shape[-2])``, same dtype.

    Raises
    ------
    ValueError
        `x` has fewer than two dimensions.

    Notes
    -----
    Differentiable (a recorded ``permute_dims``).

    See Also
    --------
    tinytensor.permute_dims, tinytensor.swapaxes

    Examples
    --------
    >>> tt.matrix_transpose(tt.arange(6).reshape(2, 3))
    tensor([[0, 3],
            [1, 4],
            [2, 5]])
    >>> tt.matrix_transpose(tt.zeros((4, 2, 3))).shape
    (4, 3, 2)
    """
    x = asarray(x)
    if x.ndim < 2:
        raise ValueError("matrix_transpose needs at least two dimensions")
    return x.mT


def broadcast_arrays(*arrays):
    r"""Views of the inputs broadcast to one shape (NumPy 2's and the array API's
    ``broadcast_arrays``).

    ::

        shape = broadcast_shapes(*(a.shape for a in arrays))
        out = [broadcast_to(a, shape) for a in arrays]

    Parameters
    ----------
    \*arrays : Tensor or array_like
        The inputs; their shapes must broadcast together.

    Returns
    -------
    list of Tensor
        One read-only view per input (each keeps its dtype), all of the broadcast shape; an empty
        list for no input. Writing into a view raises ValueError (its elements share memory).

    Raises
    ------
    ValueError
        The shapes do not broadcast.

    Notes
    -----
    Differentiable (recorded ``broadcast_to``; the gradient is summed back over the broadcast
    axes).

    See Also
    --------
    tinytensor.broadcast_to, tinytensor.broadcast_shapes

    Examples
    --------
    >>> a, b = tt.broadcast_arrays(tt.tensor([1, 2]), tt.tensor([[3], [4]]))
    >>> a
    tensor([[1, 2],
            [1, 2]])
    >>> b
    tensor([[3, 3],
            [4, 4]])
    """
    tensors = [asarray(a) for a in arrays]
    shape = broadcast_shapes(*[t.shape for t in tensors])
    return [broadcast_to(t, shape) for t in tensors]


# (mantissa bits, exponent bits) of the IEEE binary formats; every finfo field follows from them
_FLOAT_FORMATS = {"float16": (10, 5), "float32": (23, 8), "float64": (52, 11)}


class finfo:
    """Machine limits of a floating dtype (NumPy's and the array API's ``finfo``).

    Every value follows from the IEEE binary format (mantissa and exponent bits) and is a
    Python int or float.

    Parameters
    ----------
    type : dtype or Tensor
        float16, float32 or float64 (anything ``tt.dtype`` takes), or a tensor of one of them.

    Attributes
    ----------
    bits : int
        The width in bits.
    eps : float
        The gap between 1.0 and the next larger float.
    epsneg : float
        The gap between 1.0 and the next smaller float.
    max, min : float
        The largest finite value and its negative.
    smallest_normal, tiny : float
        The smallest positive normal value (two names for it).
    smallest_subnormal : float
        The smallest positive subnormal value.
    precision : int
        The approximate number of exact decimal digits.
    resolution : float
        ``10 ** -precision``.
    nmant, nexp : int
        The mantissa and exponent bits.
    maxexp, minexp, machep, negep, iexp : int
        NumPy's exponent constants (``2 ** maxexp`` overflows, ``2 ** minexp`` is the smallest
        normal, ``2 ** machep`` is eps, ``2 ** negep`` is epsneg, ``iexp == nexp``).
    dtype : DType
        The dtype described.

    Raises
    ------
    ValueError
        `type` is not a floating dtype.
    TypeError
        `type` is not a dtype (a Python scalar, None, an unknown name).

    See Also
    --------
    tinytensor.iinfo

    Examples
    --------
    >>> tt.finfo(tt.float32)
    finfo(resolution=1e-06, min=-3.402823e+38, max=3.402823e+38, dtype=float32)
    >>> tt.finfo(tt.float32).eps
    1.1920928955078125e-07
    >>> tt.finfo(tt.float16).max
    65504.0
    """

    def __init__(self, type, /):
        dt = type.dtype if isinstance(type, Tensor) else _as_dtype(type, "finfo")
        if dt.name not in _FLOAT_FORMATS:
            raise ValueError(f"data type {dt} not inexact")
        nmant, nexp = _FLOAT_FORMATS[dt.name]
        self.dtype = dt
        self.bits = 1 + nexp + nmant
        self.nmant, self.nexp, self.iexp = nmant, nexp, nexp
        self.maxexp = 2 ** (nexp - 1)
        self.minexp = 2 - self.maxexp
        self.machep, self.negep = -nmant, -nmant - 1
        self.eps = math.ldexp(1.0, -nmant)
        self.epsneg = math.ldexp(1.0, -nmant - 1)
        self.max = math.ldexp(2.0 - self.eps, self.maxexp - 1)
        self.min = -self.max
        self.smallest_normal = math.ldexp(1.0, self.minexp)
        self.tiny = self.smallest_normal
        self.smallest_subnormal = math.ldexp(1.0, self.minexp - nmant)
        self.precision = int(nmant * math.log10(2))
        self.resolution = 10.0 ** -self.precision

    def __repr__(self):
        return (f"finfo(resolution={self.resolution}, min={self.min:.6e}, max={self.max:.6e}, "
                f"dtype={self.dtype})")


class iinfo:
    """Machine limits of an integer dtype (NumPy's and the array API's ``iinfo``).

    Parameters
    ----------
    type : dtype or Tensor
        An integer dtype (int8 ... int64, uint8 ... uint64; anything ``tt.dtype`` takes), or a
        tensor of one.

    Attributes
    ----------
    bits : int
        The width in bits.
    min, max : int
        The smallest and the largest value (Python ints).
    kind : str
        ``"i"`` (signed) or ``"u"`` (unsigned).
    dtype : DType
        The dtype described.

    Raises
    ------
    ValueError
        `type` is not an integer dtype (bool is not one).
    TypeError
        `type` is not a dtype (a Python scalar, None, an unknown name).

    See Also
    --------
    tinytensor.finfo

    Examples
    --------
    >>> tt.iinfo(tt.int8)
    iinfo(min=-128, max=127, dtype=int8)
    >>> tt.iinfo(tt.uint64).max
    18446744073709551615
    """

    def __init__(self, type, /):
        dt = type.dtype if isinstance(type, Tensor) else _as_dtype(type, "iinfo")
        if dt.kind not in ("i", "u"):
            raise ValueError(f"Invalid integer data type {dt.name!r}.")
        self.dtype = dt
        self.bits = bits = dt.itemsize * 8
        self.kind = dt.kind
        self.min = 0 if dt.kind == "u" else -(2 ** (bits - 1))
        self.max = 2 ** bits - 1 if dt.kind == "u" else 2 ** (bits - 1) - 1

    def __repr__(self):
        return f"iinfo(min={self.min}, max={self.max}, dtype={self.dtype})"
