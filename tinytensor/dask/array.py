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
    """Join tensor chunks along an axis: Dask's ``concatenate_lookup`` for Tensor chunks.

    Dask calls it when it reassembles chunks (rechunking, reductions, ``.compute()``); it is
    ``tt.concatenate(list(arrays), axis=axis)``.

    Parameters
    ----------
    arrays : sequence of Tensor
        The chunks; their shapes must match except along `axis`.
    axis : int, optional
        The axis to join along. Default 0.

    Returns
    -------
    Tensor
        The joined tensor, of the chunks' promoted dtype.

    Raises
    ------
    ValueError
        No chunk, or the shapes do not match.

    See Also
    --------
    tinytensor.concatenate

    Examples
    --------
    >>> import tinytensor.dask.array as tda
    >>> tda.concatenate([tt.ones(2), tt.zeros(1)])
    tensor([1., 1., 0.])
    """
    return tt.concatenate(list(arrays), axis=axis)


def take(a, indices, axis=0):
    """Elements at indices along an axis: Dask's ``take_lookup`` for Tensor chunks.

    ::

        out[..., j, ...] = a[..., indices[j], ...]      # j at position axis

    Parameters
    ----------
    a : Tensor
        The chunk.
    indices : Tensor or array_like of int
        The positions along `axis` (converted with ``tt.asarray``).
    axis : int, optional
        The axis to take along. Default 0.

    Returns
    -------
    Tensor
        `a` with `axis` replaced by the axes of `indices`; the dtype of `a`.

    Raises
    ------
    IndexError
        An index is out of range.

    See Also
    --------
    tinytensor.take

    Examples
    --------
    >>> import tinytensor.dask.array as tda
    >>> tda.take(tt.arange(6).reshape(2, 3), [2, 0], axis=1)
    tensor([[2, 0],
            [5, 3]])
    """
    return tt.take(a, tt.asarray(indices), axis=axis)


def divide(a, b, out=None, dtype=None):
    """``a / b``, then cast to `dtype`: Dask's ``divide_lookup`` for Tensor chunks (what Dask's
    own divide does for NumPy; means and variances use it).

    ::

        out[i] = dtype(a[i] / b[i])       # a and b broadcast; true division

    Parameters
    ----------
    a, b : Tensor or scalar
        Dividend and divisor; they broadcast together.
    out : None, optional
        Not supported (only None is accepted).
    dtype : dtype, optional
        The dtype of the result. Default None: that of ``tt.divide`` (floating).

    Returns
    -------
    Tensor
        The quotients, of the broadcast shape.

    Raises
    ------
    TypeError
        `out` is given.

    See Also
    --------
    tinytensor.divide

    Examples
    --------
    >>> import tinytensor.dask.array as tda
    >>> tda.divide(tt.tensor([1, 2]), tt.tensor([2, 2]))
    tensor([0.5, 1. ])
    >>> tda.divide(tt.tensor([1, 2]), 2, dtype=tt.float32)
    tensor([0.5, 1. ], dtype=float32)
    """
    if out is not None:
        raise TypeError("tinytensor.dask.divide does not take out=")
    q = tt.divide(a, b)
    if dtype is not None and tt.asarray(q).dtype != dtype:
        q = tt.asarray(q).astype(dtype)
    return q


def numel(x, axis=None, keepdims=False, dtype=None, **kwargs):
    r"""How many elements a reduction over `axis` sees, as a tensor of the reduced shape:
    Dask's ``numel_lookup`` for Tensor chunks (the ``n`` of its mean and var).

    ::

        out[...] = prod(x.shape[a] for a in axis)      # the same value everywhere

    Parameters
    ----------
    x : Tensor
        The chunk (only its shape is read).
    axis : int or tuple of int, optional
        The reduced axes. Default None: all of them.
    keepdims : bool, optional
        Keep the reduced axes with length 1. Default False.
    dtype : dtype, optional
        The dtype of the result. Default None: float64, as Dask's NumPy version.
    \*\*kwargs
        Other keywords Dask passes; ignored.

    Returns
    -------
    Tensor
        The count, in the shape of ``x.sum(axis, keepdims=keepdims)``.

    Examples
    --------
    >>> import tinytensor.dask.array as tda
    >>> tda.numel(tt.ones((2, 3)), axis=1)
    tensor([3., 3.])
    >>> tda.numel(tt.ones((2, 3)), axis=0, keepdims=True)
    tensor([[2., 2., 2.]])
    """
    axes = _axes(axis, x.ndim)
    count = math.prod(x.shape[a] for a in axes)
    if keepdims:
        shape = tuple(1 if i in axes else n for i, n in enumerate(x.shape))
    else:
        shape = tuple(n for i, n in enumerate(x.shape) if i not in axes)
    return tt.full(shape, count, dtype=tt.float64 if dtype is None else dtype)


def nannumel(x, axis=None, keepdims=False, dtype=None, **kwargs):
    r"""How many elements that are not NaN a reduction over `axis` sees: Dask's
    ``nannumel_lookup`` for Tensor chunks (the ``n`` of ``nanmean`` and ``nanvar``).

    ``x == x`` is False exactly for NaN::

        out[...] = sum(x[i] == x[i] for i along axis)

    Parameters
    ----------
    x : Tensor
        The chunk.
    axis : int or tuple of int, optional
        The reduced axes. Default None: all of them.
    keepdims : bool, optional
        Keep the reduced axes with length 1. Default False.
    dtype : dtype, optional
        The dtype of the result. Default None: int64, the dtype of a sum of booleans (as Dask's
        NumPy version).
    \*\*kwargs
        Other keywords Dask passes; ignored.

    Returns
    -------
    Tensor
        The counts, in the shape of ``x.sum(axis, keepdims=keepdims)``.

    Examples
    --------
    >>> import tinytensor.dask.array as tda
    >>> nan = float("nan")
    >>> tda.nannumel(tt.tensor([[1.0, nan], [2.0, 3.0]]), axis=1)
    tensor([1, 2])
    """
    kept = tt.equal(x, x)
    count = tt.sum(kept, axis=axis, keepdims=keepdims)
    return count if dtype is None else count.astype(dtype)


def empty(shape, dtype=None, **kwargs):
    r"""An uninitialised tensor: Dask's ``empty_lookup`` for Tensor chunks.

    Parameters
    ----------
    shape : int or tuple of int
        The shape.
    dtype : dtype, optional
        The dtype. Default None: float64.
    \*\*kwargs
        Other keywords Dask passes; ignored.

    Returns
    -------
    Tensor
        A new tensor of `shape` and `dtype`, elements not set.

    Raises
    ------
    ValueError
        A length is negative.

    See Also
    --------
    tinytensor.empty

    Examples
    --------
    >>> import tinytensor.dask.array as tda
    >>> tda.empty((2, 3)).shape
    (2, 3)
    """
    return tt.empty(shape, dtype=tt.float64 if dtype is None else dtype)


def tensordot(a, b, axes=2):
    """Sum of products over paired axes: Dask's ``tensordot_lookup`` for Tensor chunks
    (``tt.tensordot(a, b, axes=axes)``; Dask's ``tensordot`` and ``dot`` use it).

    ::

        out[i..., j...] = sum(a[i..., k...] * b[k..., j...] for k...)

    Parameters
    ----------
    a, b : Tensor
        The chunks.
    axes : int or pair of sequences of int, optional
        The last `axes` axes of `a` paired with the first of `b`, or the paired axes named.
        Default 2.

    Returns
    -------
    Tensor
        The free axes of `a` then those of `b`; the promoted dtype.

    Raises
    ------
    ValueError
        The paired axes differ in length, or `axes` is invalid.
    NotImplementedError
        The core has no ``tensordot``.

    See Also
    --------
    tinytensor.tensordot

    Examples
    --------
    >>> import tinytensor.dask.array as tda
    >>> tda.tensordot(tt.ones((2, 3)), tt.ones((3, 4)), axes=1)
    tensor([[3., 3., 3., 3.],
            [3., 3., 3., 3.]])
    """
    return _core_function("tensordot")(a, b, axes=axes)


def einsum(subscripts, *operands, dtype=None, casting="safe", order="K", optimize=False):
    r"""Einstein summation: Dask's ``einsum_lookup`` for Tensor chunks (``tt.einsum``).

    Parameters
    ----------
    subscripts : str
        The subscripts, as for ``tinytensor.einsum``.
    \*operands : Tensor
        The chunks.
    dtype : dtype, optional
        Convert the operands to this dtype first (NumPy computes in that dtype). Default None:
        their promoted dtype.
    casting : str, optional
        Accepted for NumPy compatibility; ignored (the conversion to `dtype` is unchecked).
    order : str, optional
        Memory layout; ignored (it does not change the values).
    optimize : bool or str, optional
        Contraction order; ignored (tinytensor's is the greedy one).

    Returns
    -------
    Tensor
        As ``tinytensor.einsum``.

    Raises
    ------
    ValueError
        The subscripts do not fit the operands.
    NotImplementedError
        The core has no ``einsum``.

    See Also
    --------
    tinytensor.einsum

    Examples
    --------
    >>> import tinytensor.dask.array as tda
    >>> tda.einsum("ij,j->i", tt.ones((2, 3)), tt.tensor([1, 2, 3]))
    tensor([6., 6.])
    """
    f = _core_function("einsum")
    if dtype is not None:
        operands = [tt.asarray(o).astype(dtype) for o in operands]
    return f(subscripts, *operands)


def percentile(a, q, method="linear"):
    """Percentiles of one 1-D chunk and its length: Dask's ``percentile_lookup`` for Tensor chunks
    (Dask then merges the chunks' percentiles, with its own NumPy code).

    Parameters
    ----------
    a : Tensor
        A 1-D chunk.
    q : Tensor or array_like of float
        The percentiles, in [0, 100].
    method : str, optional
        The interpolation method, as ``tinytensor.percentile``. Default ``"linear"``.

    Returns
    -------
    tuple
        ``(tt.percentile(a, q, method=method), len(a))``, or ``(None, 0)`` for an empty chunk.

    Raises
    ------
    ValueError
        A percentile is outside [0, 100] or `method` is unknown.
    NotImplementedError
        The core has no ``percentile``.

    See Also
    --------
    tinytensor.percentile

    Examples
    --------
    >>> import tinytensor.dask.array as tda
    >>> tda.percentile(tt.arange(11.0), [50, 90])
    (tensor([5., 9.]), 11)
    """
    n = len(a)
    if not n:
        return None, n
    return _core_function("percentile")(a, tt.asarray(q), method=method), n


def to_numpy(t, **kwargs):
    r"""A NumPy array of a Tensor chunk: Dask's ``to_numpy_dispatch`` for Tensor
    (``x.to_backend("numpy")`` uses it).

    Parameters
    ----------
    t : Tensor
        The chunk.
    \*\*kwargs
        Other keywords Dask passes; ignored.

    Returns
    -------
    numpy.ndarray
        ``numpy.asarray(t)``: the same shape and dtype, sharing memory with `t` where NumPy can.

    Examples
    --------
    >>> import tinytensor.dask.array as tda
    >>> tda.to_numpy(tt.ones(2))
    array([1., 1.])
    """
    import numpy as np
    return np.asarray(t)


def _numpy_to_tensor(a, **kwargs):
    return tt.asarray(a)


_REGISTERED: list[bool] = []


def register():
    """Register Tensor with Dask: as a chunk type, in Dask's dispatch tables and as the
    ``"tinytensor"`` array backend.

    It fills ``concatenate_lookup``, ``take_lookup``, ``divide_lookup``, ``numel_lookup``,
    ``nannumel_lookup``, ``empty_lookup``, ``tensordot_lookup``, ``einsum_lookup``,
    ``percentile_lookup`` and ``to_numpy_dispatch`` with this module's functions, and
    registers ``TinytensorBackend`` under ``BACKEND``. Idempotent: only the first call does
    anything; ``import tinytensor.dask`` makes it.

    Returns
    -------
    None

    Examples
    --------
    >>> import dask.array as da
    >>> import tinytensor.dask as ttd
    >>> ttd.register()                  # already done by the import: nothing happens
    >>> da.ones(4, chunks=2).to_backend("tinytensor").sum().compute()
    tensor(4.)
    """
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
    """The ``"tinytensor"`` Dask array backend: creation functions make arrays of Tensor chunks.

    With ``dask.config.set({"array.backend": "tinytensor"})``, ``da.ones``, ``da.zeros``,
    ``da.empty``, ``da.full`` and ``da.arange`` make arrays whose chunks are Tensors, and
    ``x.to_backend("tinytensor")`` converts NumPy chunks (sharing their memory). Dask finds it
    through the ``dask.array.backends`` entry point, or ``register()``.
    ``dask.array.random`` is not provided: tinytensor has no RandomState (the ``RandomState``
    property raises NotImplementedError; wrap ``tt.random`` output with ``from_tensor``).

    Examples
    --------
    >>> import dask
    >>> import dask.array as da
    >>> import tinytensor.dask
    >>> with dask.config.set({"array.backend": "tinytensor"}):
    ...     x = da.ones((4, 3), chunks=2)
    >>> x
    dask.array<ones_like, shape=(4, 3), dtype=float64, chunksize=(2, 2), chunktype=tinytensor.Tensor>
    >>> x.sum().compute()
    tensor(12.)
    """

    @classmethod
    def to_backend_dispatch(cls):
        """The dispatch that converts a chunk to a Tensor (``to_tinytensor_dispatch``).

        Registered for NumPy arrays (``tt.asarray``, sharing memory) and Tensors (returned as they
        are).

        Returns
        -------
        dask.utils.Dispatch
            Call it on a chunk to get a Tensor.

        Examples
        --------
        >>> import numpy as np
        >>> from tinytensor.dask import TinytensorBackend
        >>> convert = TinytensorBackend.to_backend_dispatch()
        >>> convert(np.arange(3.0))
        tensor([0., 1., 2.])
        """
        return to_tinytensor_dispatch

    @classmethod
    def to_backend(cls, data, **kwargs):
        r"""A Dask array with Tensor chunks from one with NumPy chunks (``x.to_backend("tinytensor")``).

        Parameters
        ----------
        data : dask.array.Array
            The array to convert. An array whose chunks are Tensors already is returned as it is.
        \*\*kwargs
            Passed to ``map_blocks``.

        Returns
        -------
        dask.array.Array
            The same values and chunks, each chunk converted by ``to_tinytensor_dispatch`` (lazily).

        Examples
        --------
        >>> import dask.array as da
        >>> from tinytensor.dask import TinytensorBackend
        >>> x = TinytensorBackend.to_backend(da.arange(4.0, chunks=2))
        >>> x.compute()
        tensor([0., 1., 2., 3.])
        """
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
        r"""``da.ones`` with Tensor chunks (the backend's ``ones``: ones everywhere).

        Dask's NumPy-backend code builds the graph with a Tensor as the array's meta, so every chunk
        is computed by tinytensor.

        Parameters
        ----------
        \*args, \*\*kwargs
            As for ``dask.array.ones`` (shape, ``chunks``, ``dtype``, ...).

        Returns
        -------
        dask.array.Array
            A lazy array whose chunks are Tensors.

        Examples
        --------
        >>> from tinytensor.dask import TinytensorBackend
        >>> x = TinytensorBackend.ones((2, 3), chunks=2)
        >>> x.compute()
        tensor([[1., 1., 1.],
                [1., 1., 1.]])
        """
        return _with_tensor_meta("ones", *args, **kwargs)

    @staticmethod
    def zeros(*args, **kwargs):
        r"""``da.zeros`` with Tensor chunks (the backend's ``zeros``: zeros everywhere).

        Dask's NumPy-backend code builds the graph with a Tensor as the array's meta, so every chunk
        is computed by tinytensor.

        Parameters
        ----------
        \*args, \*\*kwargs
            As for ``dask.array.zeros`` (shape, ``chunks``, ``dtype``, ...).

        Returns
        -------
        dask.array.Array
            A lazy array whose chunks are Tensors.

        Examples
        --------
        >>> from tinytensor.dask import TinytensorBackend
        >>> x = TinytensorBackend.zeros(4, chunks=2, dtype="int32")
        >>> x.compute()
        tensor([0, 0, 0, 0], dtype=int32)
        """
        return _with_tensor_meta("zeros", *args, **kwargs)

    @staticmethod
    def empty(*args, **kwargs):
        r"""``da.empty`` with Tensor chunks (the backend's ``empty``: elements not set).

        Dask's NumPy-backend code builds the graph with a Tensor as the array's meta, so every chunk
        is computed by tinytensor.

        Parameters
        ----------
        \*args, \*\*kwargs
            As for ``dask.array.empty`` (shape, ``chunks``, ``dtype``, ...).

        Returns
        -------
        dask.array.Array
            A lazy array whose chunks are Tensors.

        Examples
        --------
        >>> from tinytensor.dask import TinytensorBackend
        >>> x = TinytensorBackend.empty((2, 3), chunks=2)
        >>> x.compute().shape
        (2, 3)
        """
        return _with_tensor_meta("empty", *args, **kwargs)

    @staticmethod
    def full(*args, **kwargs):
        r"""``da.full`` with Tensor chunks (the backend's ``full``: one value everywhere).

        Dask's NumPy-backend code builds the graph with a Tensor as the array's meta, so every chunk
        is computed by tinytensor.

        Parameters
        ----------
        \*args, \*\*kwargs
            As for ``dask.array.full`` (shape, ``fill_value``, ``chunks``, ``dtype``, ...).

        Returns
        -------
        dask.array.Array
            A lazy array whose chunks are Tensors.

        Examples
        --------
        >>> from tinytensor.dask import TinytensorBackend
        >>> x = TinytensorBackend.full(3, 7, chunks=2)
        >>> x.compute()
        tensor([7, 7, 7])
        """
        return _with_tensor_meta("full", *args, **kwargs)

    @staticmethod
    def arange(*args, like=None, **kwargs):
        r"""``da.arange`` with Tensor chunks (the backend's ``arange``).

        ::

            out[i] = start + i * step         # for i in range(ceil((stop - start) / step))

        Parameters
        ----------
        \*args
            ``start``, ``stop``, ``step`` as for ``dask.array.arange``.
        like : Tensor, optional
            The array whose type the chunks take. Default None: an empty float64 Tensor.
        \*\*kwargs
            As for ``dask.array.arange`` (``chunks``, ``dtype``, ...).

        Returns
        -------
        dask.array.Array
            A lazy 1-D array whose chunks are Tensors.

        Examples
        --------
        >>> from tinytensor.dask import TinytensorBackend
        >>> TinytensorBackend.arange(5, chunks=2).compute()
        tensor([0, 1, 2, 3, 4])
        """
        import dask
        with dask.config.set({"array.backend": "numpy"}):
            return da.arange(*args, like=_meta() if like is None else like, **kwargs)


# ---- convenience ---------------------------------------------------------------------------------

def from_tensor(t, chunks="auto", name=None):
    """A Dask array whose chunks are views of the Tensor `t`.

    ``chunks`` as for ``da.from_array``; ``.compute()`` gives a Tensor, every chunk computed by
    tinytensor (the array's meta is an empty Tensor)::

        x = from_tensor(tt.arange(12.0).reshape(3, 4), chunks=(2, 2))
        x.sum(axis=0).compute()        # tensor([12., 15., 18., 21.]), summed by tinytensor

    Parameters
    ----------
    t : Tensor
        The data. Its chunks are views: no copy is made.
    chunks : int, tuple, str or dict, optional
        The chunk shape, as for ``dask.array.from_array``. Default ``"auto"``.
    name : str, optional
        The key name of the array in the graph. Default None: Dask derives one from the data.

    Returns
    -------
    dask.array.Array
        Of the shape and dtype of `t`, with Tensor chunks.

    Raises
    ------
    TypeError
        `t` is not a Tensor (use ``tt.asarray`` first, or ``dask.array.from_array``).

    Examples
    --------
    >>> import tinytensor.dask as ttd
    >>> x = ttd.from_tensor(tt.arange(12.0).reshape(3, 4), chunks=(2, 2))
    >>> x
    dask.array<array, shape=(3, 4), dtype=float64, chunksize=(2, 2), chunktype=tinytensor.Tensor>
    >>> x.sum(axis=0).compute()
    tensor([12., 15., 18., 21.])
    >>> (x * 2).mean().compute()
    tensor(11.)
    """
    if not isinstance(t, Tensor):
        raise TypeError(f"from_tensor takes a tinytensor Tensor, not {type(t).__name__}; "
                        "use tt.asarray(...) first or dask.array.from_array")
    register()
    kwargs = {} if name is None else {"name": name}
    return da.from_array(t, chunks=chunks, asarray=False, meta=t[(slice(0, 0),) * t.ndim], **kwargs)
