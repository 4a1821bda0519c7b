"""What NumPy does with a Tensor operand (see docs/interop.md).

* Ufuncs and operators give Tensors. ``np.exp(t)``, ``ndarray + t`` and ``np.add(a, t)`` come to
  Tensor.__array_ufunc__: the ufuncs tinytensor has (add, multiply, exp, ...) run as tinytensor
  operations (so autograd sees them); any other ufunc, method (reduce, outer, at, ...) or
  keyword (out=, where=, dtype=) runs in NumPy on views of the tensors' memory and an array
  or scalar result comes back as a Tensor sharing it (kept as NumPy's when its dtype is one
  tinytensor lacks, such as float16 or complex). ``ndarray += t`` writes into the ndarray.
* Other NumPy functions (np.sum, np.concatenate, np.allclose, ...) come to
  Tensor.__array_function__: they run in NumPy on views of the tensors and return exactly
  what NumPy returns (ndarrays, NumPy scalars). Use tt.* functions to stay in tinytensor.
* Autograd is never bypassed: in grad mode, a ufunc or function reached with a tensor that
  requires grad runs as the recorded tinytensor op (the ufuncs above) or raises RuntimeError;
  a tensor that requires grad is shared with NumPy read-only; `out=` tensors are written only
  after the same checks as tinytensor's own in-place ops, and their version counter is bumped.
"""
import numpy as np

import tinytensor as tt
from tinytensor._core import Tensor

# NumPy ufunc -> the tinytensor function computing the same thing (for plain calls).
_SAME = {
    np.add: tt.add, np.subtract: tt.subtract, np.multiply: tt.multiply, np.divide: tt.divide,
    np.floor_divide: tt.floor_divide, np.remainder: tt.remainder, np.power: tt.power,
    np.maximum: tt.maximum, np.minimum: tt.minimum,
    np.equal: tt.equal, np.not_equal: tt.not_equal, np.less: tt.less, np.less_equal: tt.less_equal,
    np.greater: tt.greater, np.greater_equal: tt.greater_equal,
    np.logical_and: tt.logical_and, np.logical_or: tt.logical_or, np.logical_xor: tt.logical_xor,
    np.logical_not: tt.logical_not, np.negative: tt.negative, np.positive: tt.positive,
    np.absolute: tt.abs, np.sign: tt.sign, np.square: tt.square, np.reciprocal: tt.reciprocal,
    np.exp: tt.exp, np.exp2: tt.exp2, np.expm1: tt.expm1, np.log: tt.log, np.log2: tt.log2,
    np.log10: tt.log10, np.log1p: tt.log1p, np.sqrt: tt.sqrt, np.tanh: tt.tanh,
    np.sin: tt.sin, np.cos: tt.cos, np.tan: tt.tan, np.arcsin: tt.asin, np.arccos: tt.acos,
    np.arctan: tt.atan, np.sinh: tt.sinh, np.cosh: tt.cosh, np.arcsinh: tt.asinh,
    np.arccosh: tt.acosh, np.arctanh: tt.atanh, np.arctan2: tt.atan2, np.hypot: tt.hypot,
    np.logaddexp: tt.logaddexp, np.copysign: tt.copysign, np.nextafter: tt.nextafter,
    np.floor: tt.floor, np.ceil: tt.ceil, np.trunc: tt.trunc, np.isnan: tt.isnan,
    np.isinf: tt.isinf, np.isfinite: tt.isfinite, np.signbit: tt.signbit,
    np.bitwise_and: tt.bitwise_and, np.bitwise_or: tt.bitwise_or, np.bitwise_xor: tt.bitwise_xor,
    np.invert: tt.bitwise_invert, np.left_shift: tt.bitwise_left_shift,
    np.right_shift: tt.bitwise_right_shift, np.matmul: tt.matmul,
}
_TT_DTYPES = {"bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
              "float16", "float32", "float64"}


def _to_numpy(obj):
    """obj with every Tensor (also inside lists, tuples and dicts) replaced by an ndarray view."""
    if isinstance(obj, Tensor):
        if obj.requires_grad and not tt.is_grad_enabled():
            obj = obj.detach()          # under no_grad a tensor that requires grad is writable
        return np.asarray(obj)
    if type(obj) in (list, tuple):
        return type(obj)(_to_numpy(x) for x in obj)
    if isinstance(obj, dict):
        return {k: _to_numpy(v) for k, v in obj.items()}
    return obj


def _to_tensor(obj):
    if isinstance(obj, (np.ndarray, np.generic)) and obj.dtype.name in _TT_DTYPES and obj.dtype.isnative:
        return tt.asarray(np.asarray(obj))      # NumPy scalars (0-d results) become 0-d tensors
    if isinstance(obj, tuple):
        return tuple(_to_tensor(x) for x in obj)
    return obj


def _requires_grad(obj):
    """Whether obj (or a Tensor inside a list, tuple or dict) requires grad in grad mode."""
    if isinstance(obj, Tensor):
        return obj.requires_grad and tt.is_grad_enabled()
    if type(obj) in (list, tuple):
        return any(_requires_grad(x) for x in obj)
    if isinstance(obj, dict):
        return any(_requires_grad(x) for x in obj.values())
    return False


def _refuse_detaching(what, args, kwargs):
    if _requires_grad(args) or _requires_grad(kwargs):
        raise RuntimeError(f"{what} on a tensor that requires grad would leave the autograd graph: "
                           "tinytensor has no differentiable op for it here; use the tt.* function, "
                           "or t.detach() to compute without gradients")


def array_ufunc(ufunc, method, inputs, kwargs):
    same = _SAME.get(ufunc)
    if same is not None and method == "__call__" and not kwargs:
        try:
            return same(*inputs)
        except TypeError:
            if _requires_grad(inputs):
                raise
            # an operand tinytensor cannot take: let NumPy try
    _refuse_detaching(f"np.{ufunc.__name__}" + ("" if method == "__call__" else f".{method}"), inputs, kwargs)
    out = kwargs.get("out")
    targets = [t for t in (out or ()) if isinstance(t, Tensor)]
    for t in targets:
        t._check_inplace()              # read-only, or requires grad in grad mode: refused
    result = getattr(ufunc, method)(*_to_numpy(inputs), **_to_numpy(kwargs))
    for t in targets:
        t._mark_written()
    if out is not None:                 # results written into the given outputs: return those
        return out[0] if len(out) == 1 else out
    return _to_tensor(result)


def array_function(func, types, args, kwargs):
    if not all(issubclass(t, (Tensor, np.ndarray)) for t in types):
        return NotImplemented
    _refuse_detaching(f"np.{func.__name__}", args, kwargs)
    return func(*_to_numpy(args), **_to_numpy(kwargs))
