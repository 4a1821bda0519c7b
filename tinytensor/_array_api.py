"""The Python array API standard's entry points for tinytensor.

Array-API-aware code (array_api_compat, SciPy, scikit-learn, ...) finds the namespace through
``x.__array_namespace__()`` and reads ``__array_api_version__`` and
``__array_namespace_info__()`` from it. tinytensor implements part of the standard (one CPU
device; dtypes bool, int8 ... uint64, float16, float32, float64, no complex); the functions here are
the cheap spellings the standard uses for things tinytensor already does.
"""
import math

from tinytensor import _core
from tinytensor._core import (
    Tensor, asarray, broadcast_to, broadcast_shapes,
    bool_, int8, uint8, int16, uint16, int32, uint32, int64, uint64, float16, float32, float64,
)

__array_api_version__ = "2023.12"

e = math.e
pi = math.pi
inf = math.inf
nan = math.nan
newaxis = None

_SIGNED = (int8, int16, int32, int64)
_UNSIGNED = (uint8, uint16, uint32, uint64)
_FLOATS = (float16, float32, float64)
_ALL = (bool_,) + _SIGNED + _UNSIGNED + _FLOATS
# what __array_namespace_info__().dtypes() lists: the standard's dtypes, in NumPy's order
# (float16 is not one of the standard's, so it is left out there, as NumPy does)
_STANDARD = (bool_,) + _SIGNED + _UNSIGNED + (float32, float64)
_KINDS = {
    "bool": (bool_,),
    "signed integer": _SIGNED,
    "unsigned integer": _UNSIGNED,
    "integral": _SIGNED + _UNSIGNED,
    "real floating": _FLOATS,
    "complex floating": (),
    "numeric": _SIGNED + _UNSIGNED + _FLOATS,
}


def _check_device(device):
    if device is not None and device != "cpu":
        raise ValueError(f"tinytensor only has the 'cpu' device, not {device!r}")


class _Info:
    """What ``__array_namespace_info__()`` returns: the namespace's devices and dtypes."""

    __module__ = "tinytensor"

    def capabilities(self):
        return {"boolean indexing": True, "data-dependent shapes": True, "max dimensions": 32}

    def default_device(self):
        return "cpu"

    def devices(self):
        return ["cpu"]

    def default_dtypes(self, *, device=None):
        _check_device(device)
        # tinytensor has no complex dtypes: the standard's "complex floating" key has no value
        return {"real floating": float64, "complex floating": None, "integral": int64, "indexing": int64}

    def dtypes(self, *, device=None, kind=None):
        _check_device(device)
        if kind is None:
            found = _STANDARD
        else:
            kinds = kind if isinstance(kind, tuple) else (kind,)
            found = tuple(d for d in _STANDARD if any(isdtype(d, k) for k in kinds))
        return {d.name: d for d in found}


def __array_namespace_info__():
    """The array API's inspection object (devices, default dtypes, capabilities)."""
    return _Info()


def isdtype(dtype, kind):
    """Whether dtype is of `kind`: a dtype, one of the standard's kind names ('bool',
    'signed integer', 'unsigned integer', 'integral', 'real floating', 'complex floating',
    'numeric'), or a tuple of those."""
    dtype = _core.dtype(dtype)
    if isinstance(kind, tuple):
        return any(isdtype(dtype, k) for k in kind)
    if isinstance(kind, str):
        if kind not in _KINDS:
            raise ValueError(f"unknown dtype kind {kind!r}; expected one of {sorted(_KINDS)}")
        return dtype in _KINDS[kind]
    return dtype == _core.dtype(kind)


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
    """Read-only views of the arrays broadcast to one shape."""
    tensors = [asarray(a) for a in arrays]
    shape = broadcast_shapes(*[t.shape for t in tensors])
    return [broadcast_to(t, shape) for t in tensors]


class finfo:
    """Machine limits of a floating dtype: bits, eps, max, min, smallest_normal, dtype."""

    def __init__(self, type):
        dt = type.dtype if isinstance(type, Tensor) else _core.dtype(type)
        if dt == float16:
            self.bits, self.eps, self.max, self.smallest_normal = 16, 2.0 ** -10, 65504.0, 2.0 ** -14
        elif dt == float32:
            self.bits, self.eps, self.max, self.smallest_normal = 32, 2.0 ** -23, 3.4028234663852886e38, 2.0 ** -126
        elif dt == float64:
            self.bits, self.eps, self.max, self.smallest_normal = 64, 2.0 ** -52, 1.7976931348623157e308, 2.0 ** -1022
        else:
            raise ValueError(f"finfo needs a floating dtype, not {dt}")
        self.min = -self.max
        self.resolution = {16: 1e-03, 32: 1e-06, 64: 1e-15}[self.bits]
        self.tiny = self.smallest_normal
        self.dtype = dt

    def __repr__(self):
        return f"finfo(resolution={self.resolution}, min={self.min}, max={self.max}, dtype={self.dtype})"


class iinfo:
    """Machine limits of an integer dtype: bits, min, max, dtype."""

    def __init__(self, type):
        dt = type.dtype if isinstance(type, Tensor) else _core.dtype(type)
        if dt not in _SIGNED + _UNSIGNED:
            raise ValueError(f"iinfo needs an integer dtype, not {dt}")
        self.bits = bits = dt.itemsize * 8
        self.min = 0 if dt in _UNSIGNED else -(2 ** (bits - 1))
        self.max = 2 ** bits - 1 if dt in _UNSIGNED else 2 ** (bits - 1) - 1
        self.dtype = dt

    def __repr__(self):
        return f"iinfo(min={self.min}, max={self.max}, dtype={self.dtype})"

