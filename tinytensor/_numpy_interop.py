"""What NumPy does with a Tensor operand (see docs/interop.md).

* Ufuncs and operators give Tensors. ``np.exp(t)``, ``ndarray + t`` and ``np.add(a, t)`` come to
  Tensor.__array_ufunc__: the ufuncs tinytensor has (add, multiply, exp, ...) run as tinytensor
  operations (so autograd sees them); any other ufunc, method (reduce, outer, at, ...) or
  keyword (out=, where=, dtype=) runs in NumPy on views of the tensors' memory and an array
  or scalar result comes back as a Tensor sharing it (kept as NumPy's when its dtype is one
  tinytensor lacks, such as float16 or complex). ``ndarray += t`` writes into the ndarray.
* Other NumPy functions come to Tensor.__array_function__. Those tinytensor implements
  (``_FUNCTIONS``: np.sum -> tt.sum, np.concatenate -> tt.concatenate, np.where -> tt.where, ...)
  run as the tinytensor function and return Tensors (0-d Tensors where NumPy gives scalars), so
  autograd sees them and a Dask array with tinytensor chunks stays in tinytensor. A call the
  tinytensor function cannot express (a keyword it lacks such as ``out=t`` or ``where=mask``, or
  an ndarray argument of a dtype tinytensor lacks) and every other function (np.allclose,
  np.testing.*, np.sort, ...) run in NumPy on views of the tensors and return what NumPy returns.
* Autograd is never bypassed: in grad mode, a ufunc or function reached with a tensor that
  requires grad runs as the recorded tinytensor op (the ufuncs above) or raises RuntimeError;
  a tensor that requires grad is shared with NumPy read-only; `out=` tensors are written only
  after the same checks as tinytensor's own in-place ops, and their version counter is bumped.
"""
import inspect

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

# NumPy function -> the name of the tinytensor function computing the same thing. Names are looked
# up in `tinytensor` when called, so a function added to the core later (tt.tensordot, tt.einsum,
# tt.percentile, ...) is used from then on; until then the call runs in NumPy.
_FUNCTIONS = {
    np.sum: "sum", np.prod: "prod", np.max: "max", np.min: "min", np.amax: "amax",
    np.amin: "amin", np.any: "any", np.all: "all", np.argmax: "argmax", np.argmin: "argmin",
    np.mean: "mean", np.var: "var", np.std: "std",
    np.reshape: "reshape", np.transpose: "transpose",
    np.swapaxes: "swapaxes", np.ravel: "ravel", np.expand_dims: "expand_dims",
    np.squeeze: "squeeze", np.broadcast_to: "broadcast_to", np.broadcast_arrays: "broadcast_arrays",
    np.dot: "dot", np.outer: "outer", np.vdot: "vdot", np.inner: "inner",
    np.concatenate: "concatenate", np.stack: "stack",
    np.flip: "flip", np.repeat: "repeat", np.tile: "tile", np.take: "take",
    np.take_along_axis: "take_along_axis", np.where: "where", np.clip: "clip",
    np.empty_like: "empty_like", np.zeros_like: "zeros_like", np.ones_like: "ones_like",
    np.full_like: "full_like", np.astype: "astype",
    np.tensordot: "tensordot", np.einsum: "einsum", np.percentile: "percentile",
    np.quantile: "quantile",
    np.asarray: "asarray",              # these three reach us only with like=tensor
    np.array: "_array", np.arange: "arange",
}
# (np.permute_dims and np.concat are the same functions as np.transpose and np.concatenate.)
# Reductions whose NumPy dtype= means "compute in this dtype" and whose tinytensor function has no
# dtype parameter: the input is cast first, which is what NumPy computes.
_DTYPE_BY_CAST = {"prod", "mean", "var", "std"}
# Keyword values that ask for nothing beyond NumPy's default behaviour: dropped when the
# tinytensor function has no such parameter (``out=None``, ``order="C"``, ...).
_NO_OP = {"out": (None,), "dtype": (None,), "order": ("C",), "subok": (True, False),
          "casting": ("same_kind",), "device": (None, "cpu"), "copy": (None,), "mode": ("raise",),
          "optimize": (False, True, "greedy", "optimal"), "overwrite_input": (False, True)}
_SIGNATURES = {
    # np.arange's C implementation also takes dtype as a 4th positional (dask passes it so)
    np.arange: inspect.signature(lambda start_or_stop, stop=None, step=1, dtype=None, *, device=None,
                                 like=None: None),
}


def _signature(func):
    sig = _SIGNATURES.get(func)
    if sig is None:
        sig = _SIGNATURES[func] = inspect.signature(func)
    return sig


def _array(object, dtype=None, *, copy=True, ndmin=0):
    """np.array(object, like=tensor): a Tensor, copied unless copy=False/None allows sharing,
    with at least ``ndmin`` dimensions (ones prepended), as NumPy's."""
    t = tt.asarray(object, dtype=dtype, copy=copy)
    return t.reshape((1,) * (ndmin - t.ndim) + tuple(t.shape)) if t.ndim < ndmin else t


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


def _numpy_only(obj):
    """True when obj (or an element of a list/tuple) is NumPy data of a dtype tinytensor lacks."""
    if isinstance(obj, (np.ndarray, np.generic)):
        return obj.dtype.name not in _TT_DTYPES or not obj.dtype.isnative
    if type(obj) in (list, tuple):
        return any(_numpy_only(x) for x in obj)
    return False


def _tinytensor_call(func, args, kwargs):
    """(tt function, args, kwargs) computing np `func(*args, **kwargs)`, or None when tinytensor
    has no such function or the call uses something it lacks.

    NumPy's arguments are matched to the tinytensor function's parameters by NAME, so
    np.mean(x, 0, "f8") passes dtype="f8" and never a positional keepdims. A parameter that only
    has another name in tinytensor (a -> x, b -> x2, prototype -> a) is matched by position. A
    NumPy *args (np.einsum(*operands)) fills tinytensor's positional parameters in order."""
    name = _FUNCTIONS.get(func)
    if name == "_array":
        target = _array
    else:
        target = getattr(tt, name, None) if name is not None else None
    if target is None:
        return None
    try:
        given = dict(_signature(func).bind(*args, **kwargs).arguments)
    except TypeError:
        return None                     # not a valid NumPy call: let NumPy raise its error
    if _numpy_only(args) or _numpy_only(tuple(kwargs.values())):
        return None
    if name in _DTYPE_BY_CAST and given.get("dtype") is not None:
        first = next(iter(given))
        given[first] = tt.asarray(given[first]).astype(given.pop("dtype"))
    np_params = list(_signature(func).parameters.values())
    params = list(_signature(target).parameters.values())
    call_args, call_kwargs = [], {}
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if np_params[0].kind is inspect.Parameter.VAR_POSITIONAL:
        if not any(p.kind is p.VAR_POSITIONAL for p in params):
            return None
        call_args = list(given.pop(np_params[0].name, ()))
        params = [p for p in params if p.kind not in positional and p.kind is not p.VAR_POSITIONAL]
    np_names = {p.name for p in np_params}
    for i, p in enumerate(params):
        key = p.name
        if key not in np_names and i < len(np_params) and np_params[i].kind in positional:
            key = np_params[i].name     # the same parameter under another name
        if p.kind is p.VAR_KEYWORD:
            continue
        if p.kind is p.VAR_POSITIONAL:
            return None                 # tinytensor takes *args where NumPy does not
        if key not in given:
            if p.default is p.empty:
                return None             # NumPy's default stands in for a required parameter
        elif p.kind is p.POSITIONAL_ONLY:
            if len(call_args) != i:
                return None
            call_args.append(given.pop(key))
        else:
            call_kwargs[p.name] = given.pop(key)
    extra = given.pop("kwargs", {}) if "kwargs" in np_names else {}
    for key, value in list(given.items()) + list(extra.items()):
        if key == "like" and isinstance(value, Tensor):
            continue
        if not any(value is v or (type(value) is type(v) and value == v) for v in _NO_OP.get(key, ())):
            return None                 # a keyword tinytensor lacks, with a value that matters
    return target, call_args, call_kwargs


def _defers(obj):
    """True for an operand of another array library with its own __array_ufunc__ (a Dask array,
    ...): NEP 13 says to return NotImplemented so NumPy hands the call to that library."""
    return (hasattr(type(obj), "__array_ufunc__")
            and not isinstance(obj, (Tensor, np.ndarray, np.generic)))


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
    if any(_defers(x) for x in inputs + tuple(kwargs.get("out", ()))):
        return NotImplemented
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
    call = _tinytensor_call(func, args, kwargs)
    if call is not None:                # the tinytensor function: recorded by autograd
        target, call_args, call_kwargs = call
        return target(*call_args, **call_kwargs)
    _refuse_detaching(f"np.{func.__name__}", args, kwargs)
    return func(*_to_numpy(args), **_to_numpy(kwargs))
