"""tinytensor Tensors as the chunks of Dask arrays.

Dask runs a chunk computation through three doors, and each leads to tinytensor here:

* NumPy functions and ufuncs called on chunks (``np.sum(chunk, axis, keepdims=True)`` in every
  reduction, ``np.exp``, ``np.where``, ``np.stack``, ``np.full_like``, ``np.empty_like``...) reach
  ``Tensor.__array_function__`` / ``__array_ufunc__``, which run the tinytensor function of the
  same name (``tinytensor/_numpy_interop.py``).
* Dask's own dispatch tables (``dask.array.dispatch``) pick a function by the chunk's type:
  ``concatenate_lookup`` (rechunking, reductions, ``.compute()`` assembling the result),
  ``take_lookup``, ``divide_lookup`` (means and variances), ``numel_lookup`` /
  ``nannumel_lookup`` (element counts), ``empty_lookup``, ``tensordot_lookup``,
  ``einsum_lookup``, ``percentile_lookup``, ``to_numpy_dispatch``. ``register()`` fills them for
  ``Tensor``.
* Creation without a chunk to look at (``da.ones(shape, chunks)``) goes through the array
  backend named by ``dask.config.set({"array.backend": "tinytensor"})``: ``TinytensorBackend``.

The core functions the lookups need (``tt.tensordot``, ``tt.einsum``, ``tt.percentile``) are
looked up by name when a chunk needs them: one the core lacks raises ``NotImplementedError``
naming it. There is no NumPy fallback here (Dask's own merge of percentiles aside, which is
NumPy code).
"""
import math

import dask.array as da
from dask.array import chunk_types, dispatch
from dask.array.backends import ArrayBackendEntrypoint, array_creation_dispatch
from dask.utils import Dispatch

import tinytensor as tt
from tinytensor import Tensor

BACKEND = "tinytensor"

# NumPy chunks -> Tensors for ``x.to_backend("tinytensor")``; tinytensor shares their memory.
to_tinytensor_dispatch = Dispatch("to_tinytensor_dispatch")


def _core_function(name):
    """tt.<name>, or NotImplementedError when the core does not have it (yet)."""
    f = getattr(tt, name, None)
    if f is None:
        raise NotImplementedError(
            f"tinytensor has no {name}() yet, which this Dask operation needs on tinytensor "
            f"chunks; convert with x.to_backend('numpy') to run it in NumPy")
    return f


def _axes(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    axes = tuple(axis) if isinstance(axis, (tuple, list)) else (axis,)
    return tuple(a % ndim if ndim else a for a in axes)


# ---- the dispatch functions ---------------------------------------------------------------------

def concatenate(arrays, axis=0):
    return tt.concatenate(list(arrays), axis=axis)


def take(a, indices, axis=0):
    return tt.take(a, tt.asarray(indices), axis=axis)


def divide(a, b, out=None, dtype=None):
    """a / b, then cast to ``dtype`` (what dask's own divide does for NumPy)."""
    if out is not None:
        raise TypeError("tinytensor.dask.divide does not take out=")
    q = tt.divide(a, b)
    if dtype is not None and tt.asarray(q).dtype != dtype:
        q = tt.asarray(q).astype(dtype)
    return q


def numel(x, axis=None, keepdims=False, dtype=None, **kwargs):
    """How many elements a reduction over ``axis`` sees, as a Tensor of the reduced shape (the
    ``n`` of dask's mean and var). ``dtype`` defaults to float64, as dask's NumPy version."""
    axes = _axes(axis, x.ndim)
    count = math.prod(x.shape[a] for a in axes)
    if keepdims:
        shape = tuple(1 if i in axes else n for i, n in enumerate(x.shape))
    else:
        shape = tuple(n for i, n in enumerate(x.shape) if i not in axes)
    return tt.full(shape, count, dtype=tt.float64 if dtype is None else dtype)


def nannumel(x, axis=None, keepdims=False, dtype=None, **kwargs):
    """How many elements that are not NaN a reduction over ``axis`` sees (x == x is False exactly
    for NaN)."""
    kept = tt.equal(x, x)
    count = tt.sum(kept, axis=axis, keepdims=keepdims)
    return count if dtype is None else count.astype(dtype)


def empty(shape, dtype=None, **kwargs):
    return tt.empty(shape, dtype=tt.float64 if dtype is None else dtype)


def tensordot(a, b, axes=2):
    return _core_function("tensordot")(a, b, axes=axes)


def einsum(subscripts, *operands, dtype=None, casting="safe", order="K", optimize=False):
    """tt.einsum; ``dtype`` casts the operands first (NumPy computes in that dtype). ``order``
    and ``optimize`` only concern memory layout and contraction order, not the values."""
    f = _core_function("einsum")
    if dtype is not None:
        operands = [tt.asarray(o).astype(dtype) for o in operands]
    return f(subscripts, *operands)


def percentile(a, q, method="linear"):
    """(percentiles of the 1-D chunk ``a`` at ``q``, len(a)): what dask's percentile merges."""
    n = len(a)
    if not n:
        return None, n
    return _core_function("percentile")(a, tt.asarray(q), method=method), n


def to_numpy(t, **kwargs):
    import numpy as np
    return np.asarray(t)


def _numpy_to_tensor(a, **kwargs):
    return tt.asarray(a)


_REGISTERED = []


def register():
    """Registers Tensor with Dask (idempotent; ``import tinytensor.dask`` calls it)."""
    if _REGISTERED:
        return
    import numpy as np
    chunk_types.register_chunk_type(Tensor)
    dispatch.concatenate_lookup.register(Tensor, concatenate)
    dispatch.take_lookup.register(Tensor, take)
    dispatch.divide_lookup.register(Tensor, divide)
    dispatch.numel_lookup.register(Tensor, numel)
    dispatch.nannumel_lookup.register(Tensor, nannumel)
    dispatch.empty_lookup.register(Tensor, empty)
    dispatch.tensordot_lookup.register(Tensor, tensordot)
    dispatch.einsum_lookup.register(Tensor, einsum)
    dispatch.percentile_lookup.register(Tensor, percentile)
    dispatch.to_numpy_dispatch.register(Tensor, to_numpy)
    to_tinytensor_dispatch.register(np.ndarray, _numpy_to_tensor)
    to_tinytensor_dispatch.register(Tensor, lambda t, **kwargs: t)
    array_creation_dispatch.register_backend(BACKEND, TinytensorBackend())
    _REGISTERED.append(True)


# ---- creation: dask.config.set({"array.backend": "tinytensor"}) ---------------------------------

def _meta(dtype=None):
    return tt.empty((0,), dtype=tt.float64 if dtype is None else dtype)


def _with_tensor_meta(name, *args, meta=None, **kwargs):
    """da.<name> with tinytensor chunks: dask's NumPy-backend code builds the graph and the chunk
    functions it calls (np.ones_like(meta, ...), np.broadcast_to) run as tinytensor functions."""
    import dask
    with dask.config.set({"array.backend": "numpy"}):
        return getattr(da, name)(*args, meta=_meta(kwargs.get("dtype")) if meta is None else meta,
                                 **kwargs)


class TinytensorBackend(ArrayBackendEntrypoint):
    """The "tinytensor" array backend: ``da.ones``, ``da.zeros``, ``da.empty``, ``da.full`` and
    ``da.arange`` make arrays of Tensor chunks, ``x.to_backend("tinytensor")`` converts NumPy
    chunks (sharing their memory). dask.array.random is not provided: tinytensor has no
    RandomState (use from_tensor on tt.random output)."""

    @classmethod
    def to_backend_dispatch(cls):
        return to_tinytensor_dispatch

    @classmethod
    def to_backend(cls, data, **kwargs):
        if isinstance(data._meta, Tensor):
            return data
        return data.map_blocks(to_tinytensor_dispatch, meta=_meta(data.dtype), **kwargs)

    @property
    def RandomState(self):
        raise NotImplementedError("the tinytensor Dask backend has no RandomState; build the "
                                  "data with tinytensor.random and wrap it with from_tensor")

    @property
    def default_bit_generator(self):
        return self.RandomState

    @staticmethod
    def ones(*args, **kwargs):
        return _with_tensor_meta("ones", *args, **kwargs)

    @staticmethod
    def zeros(*args, **kwargs):
        return _with_tensor_meta("zeros", *args, **kwargs)

    @staticmethod
    def empty(*args, **kwargs):
        return _with_tensor_meta("empty", *args, **kwargs)

    @staticmethod
    def full(*args, **kwargs):
        return _with_tensor_meta("full", *args, **kwargs)

    @staticmethod
    def arange(*args, like=None, **kwargs):
        import dask
        with dask.config.set({"array.backend": "numpy"}):
            return da.arange(*args, like=_meta() if like is None else like, **kwargs)


# ---- convenience ---------------------------------------------------------------------------------

def from_tensor(t, chunks="auto", name=None):
    """A Dask array whose chunks are views of the Tensor ``t`` (``chunks`` as for
    ``da.from_array``: an int, a tuple, "auto" or a dict). ``.compute()`` gives a Tensor.

        x = from_tensor(tt.arange(12.0).reshape(3, 4), chunks=(2, 2))
        x.sum(axis=0).compute()        # Tensor([12., 15., 18., 21.]), summed by tinytensor
    """
    if not isinstance(t, Tensor):
        raise TypeError(f"from_tensor takes a tinytensor Tensor, not {type(t).__name__}; "
                        "use tt.asarray(...) first or dask.array.from_array")
    register()
    kwargs = {} if name is None else {"name": name}
    return da.from_array(t, chunks=chunks, asarray=False, meta=t[(slice(0, 0),) * t.ndim], **kwargs)
