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
    """Whether dtype is of `kind`: a dtype, one of the standard's kind names ('bool',
    'signed integer', 'unsigned integer', 'integral', 'real floating', 'complex floating',
    'numeric'), or a tuple of those."""
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
    """Whether a value of dtype from_ (or of the tensor from_'s dtype) converts to dtype `to`
    without loss by the promotion rules: True when promoting from_ with `to` gives `to`, as
    NumPy's "safe" casting (int64 -> float64 is True, float32 -> int32 and int64 -> uint64 are
    not)."""
    src = from_.dtype if isinstance(from_, Tensor) else _as_dtype(from_, "can_cast")
    dst = _as_dtype(to, "can_cast")
    return src == dst or result_type(src, dst) == dst


def astype(x, dtype, /, *, copy=True, device=None):
    """x converted to dtype (x itself when it has it already and copy=False)."""
    _check_device(device)
    return asarray(x).astype(dtype, copy=copy)


def matrix_transpose(x, /):
    """The last two axes swapped (a view)."""
    x = asarray(x)
    if x.ndim < 2:
        raise ValueError("matrix_transpose needs at least two dimensions")
    return x.mT


def broadcast_arrays(*arrays):
    """Read-only views of the arrays broadcast to one shape (a list, as NumPy 2 and the
    standard)."""
    tensors = [asarray(a) for a in arrays]
    shape = broadcast_shapes(*[t.shape for t in tensors])
    return [broadcast_to(t, shape) for t in tensors]


# (mantissa bits, exponent bits) of the IEEE binary formats; every finfo field follows from them
_FLOAT_FORMATS = {"float16": (10, 5), "float32": (23, 8), "float64": (52, 11)}


class finfo:
    """Machine limits of a floating dtype, as NumPy's finfo (every value a Python int or float):

    bits, eps (the gap above 1.0), epsneg (below 1.0), max, min (= -max), smallest_normal (= tiny),
    smallest_subnormal, precision (decimal digits), resolution (10 ** -precision), nmant, nexp,
    maxexp, minexp, machep, negep, iexp, dtype."""

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
    """Machine limits of an integer dtype, as NumPy's iinfo: bits, min, max (Python ints), dtype."""

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
