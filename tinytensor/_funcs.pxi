# ---- array functions that need the core: diagonal (a strided view), vector_norm, repeat's index -
#
# The rest of the array API and NumPy functions of this area (moveaxis, roll, tril, tensordot,
# einsum, ...) are compositions of table ops and live in Python (tinytensor/_composite.py,
# tinytensor/_einsum.py, tinytensor/linalg.py).


cdef Tensor _diagonal(Tensor t, object offset, int a1, int a2):
    """The view out[..., i] = t[..., i, i + offset] along axes a1 and a2 (removed; the diagonal
    becomes the last axis). No copy: one step along the diagonal is one step along each axis,
    so its stride is strides[a1] + strides[a2]."""
    cdef Py_ssize_t shape[TT_MAXDIM]
    cdef Py_ssize_t strides[TT_MAXDIM]
    cdef int i, k = 0
    cdef char *data = t.data
    for i in range(t._ndim):
        if i != a1 and i != a2:
            shape[k] = t._shape[i]
            strides[k] = t._strides[i]
            k += 1
    # in Python ints: an offset beyond the axes gives an empty diagonal, never an overflow
    if offset >= 0:
        n = _builtins.min(t._shape[a1], t._shape[a2] - offset)
    else:
        n = _builtins.min(t._shape[a1] + offset, t._shape[a2])
    if n > 0:
        data += (offset * t._strides[a2]) if offset >= 0 else (-offset * t._strides[a1])
    else:
        n = 0
    shape[k] = n
    strides[k] = t._strides[a1] + t._strides[a2]
    return _view(t, k + 1, shape, strides, data)


def diagonal(x, offset=0, axis1=0, axis2=1):
    """The `offset`-th diagonal of the matrices spanned by `axis1` and `axis2` (NumPy's diagonal).

    A read-only view, the diagonal as its last axis (one step along it is one step along
    each axis, so its stride is ``strides[axis1] + strides[axis2]``)::

        out[..., i] = x[..., i, i + offset]        # offset >= 0
        out[..., i] = x[..., i - offset, i]        # offset < 0

    Parameters
    ----------
    x : Tensor or array_like
        The input, at least 2-D.
    offset : int, default 0
        The diagonal: 0 the main one, > 0 above it, < 0 below it. An offset beyond the
        matrix gives an empty diagonal.
    axis1 : int, default 0
        The axis of the rows.
    axis2 : int, default 1
        The axis of the columns.

    Returns
    -------
    Tensor
        A read-only view: the other axes in order, then the diagonal
        (``min(rows, cols - offset)`` elements for ``offset >= 0``); `x`'s dtype.

    Raises
    ------
    ValueError
        If `x` has fewer than 2 dimensions or `axis1` and `axis2` are the same axis.
    AxisError
        If an axis is out of range.

    Notes
    -----
    Differentiable. Writing into the result raises ValueError, as NumPy (copy it first).

    See Also
    --------
    tinytensor.linalg.diagonal, tinytensor.trace

    Examples
    --------
    >>> x = tt.arange(9).reshape((3, 3))
    >>> tt.diagonal(x)
    tensor([0, 4, 8])
    >>> tt.diagonal(x, 1)
    tensor([1, 5])
    >>> tt.diagonal(x, -1)
    tensor([3, 7])
    >>> tt.diagonal(tt.arange(8).reshape((2, 2, 2)), axis1=1, axis2=2)
    tensor([[0, 3],
            [4, 7]])
    """
    cdef Tensor t = asarray(x)
    if t._ndim < 2:
        raise ValueError("diag requires an array of at least two dimensions")
    offset = operator.index(offset)
    cdef int a1 = _normalize_axis(axis1, t._ndim), a2 = _normalize_axis(axis2, t._ndim)
    if a1 == a2:
        raise ValueError("axis1 and axis2 cannot be the same")
    cdef bint rec = _needs_grad(t) and _gate(OP_DIAGONAL)
    cdef Tensor out = _diagonal(t, offset, a1, a2)
    out._readonly = True        # as NumPy: writing through a diagonal would be a surprise
    if rec:
        _record(OP_DIAGONAL, out, (t,), {"offset": offset, "axis1": a1, "axis2": a2})
    return out


cdef object _norm_order(object ord):
    """A vector norm's order as a float (inf, -inf, 0, 1, 2, any p); ValueError otherwise."""
    if isinstance(ord, bool) or _scalar_kind(ord) < 1 and not hasattr(ord, "__float__"):
        raise ValueError(f"Invalid norm order {ord!r} for vectors")
    p = float(ord)
    if p != p:
        raise ValueError("Invalid norm order nan for vectors")
    return p


cdef Tensor _vector_norm(Tensor t, object axis, bint keepdims, double p):
    """The norm computed from the core's loops (no recording):

        out = sum(|x| ** p) ** (1 / p)     p = inf: max |x|, -inf: min |x|, 0: count of x != 0
    """
    if not _is_float(t._dtype):
        t = _cast(t, TT_FLOAT64)        # as NumPy: integer vectors have float64 norms
    if p == 2.0:                        # the common case without pow: sqrt(sum(x * x))
        return _unary(OP_SQRT, _reduce(TT_RED_SUM, _binary(OP_MULTIPLY, t, t), axis, keepdims))
    if p == 0.0:
        return _reduce(TT_RED_SUM, _cast(_binary(OP_NOT_EQUAL, t, 0), t._dtype), axis, keepdims)
    cdef Tensor a = _unary(OP_ABS, t)
    if p == 1.0:
        return _reduce(TT_RED_SUM, a, axis, keepdims)
    if p == float("inf"):       # of no elements: 0, as NumPy (the largest |x| starts at 0)
        if _reduced_count(a, axis) == 0:
            return _reduce(TT_RED_SUM, a, axis, keepdims)
        return _reduce(TT_RED_MAX, a, axis, keepdims)
    if p == float("-inf"):
        return _reduce(TT_RED_MIN, a, axis, keepdims)
    return _binary(OP_POWER, _reduce(TT_RED_SUM, _binary(OP_POWER, a, p), axis, keepdims), 1.0 / p)


def vector_norm(x, /, *, axis=None, keepdims=False, ord=2):
    """The vector norm of `x` over `axis` (None: all elements), as the array API's.

    ::

        out = sum(abs(x[i]) ** ord for i in the reduced run) ** (1 / ord)

    ``ord=inf`` and ``-inf`` take the largest and smallest ``abs(x[i])``; ``ord=0`` counts the
    non-zero elements; ``ord=2`` (the default) is ``sqrt(sum(x * x))``.

    Parameters
    ----------
    x : Tensor or array_like
        The input (positional only).
    axis : int or tuple of int, optional
        Keyword only. The axes to reduce; None (the default) reduces all of them.
    keepdims : bool, default False
        Keyword only. Keep the reduced axes with length 1.
    ord : int or float, default 2
        Keyword only. The order p: any number, ``inf`` or ``-inf``.

    Returns
    -------
    Tensor
        The norms, `x`'s shape without the reduced axes. Float inputs keep their dtype;
        integer and bool inputs give float64, as NumPy.

    Raises
    ------
    ValueError
        If `ord` is not a number (e.g. "fro": that is a matrix norm) or is NaN.
    AxisError
        If an axis is out of range.

    Notes
    -----
    Differentiable; the gradient at a zero norm is 0 (PyTorch's subgradient). The norm of
    no elements is 0 (also for ``ord=inf``, as NumPy).

    See Also
    --------
    tinytensor.linalg.norm, tinytensor.linalg.matrix_norm

    Examples
    --------
    >>> tt.linalg.vector_norm(tt.tensor([3.0, 4.0]))
    tensor(5.)
    >>> x = tt.tensor([[3, -4], [0, 1]])
    >>> tt.linalg.vector_norm(x, axis=1, ord=1)
    tensor([7., 1.])
    >>> tt.linalg.vector_norm(x, ord=float("inf"))
    tensor(4.)
    >>> tt.linalg.vector_norm(x, ord=0)
    tensor(3.)
    """
    cdef Tensor t = asarray(x)
    p = _norm_order(ord)
    if isinstance(axis, list):
        axis = tuple(axis)
    cdef bint rec = _needs_grad(t) and _gate(OP_VECTOR_NORM)
    out = _vector_norm(t, axis, keepdims, p)
    if rec:
        _record(OP_VECTOR_NORM, out, (t,), {"axis": axis, "keepdims": bool(keepdims), "ord": p})
    return out


cdef Tensor _repeat_index(Tensor counts):
    """The gather index of repeat: element i of the axis appears counts[i] times in a row,

        index = [i for i in range(len(counts)) for _ in range(counts[i])]

    built in one C loop. counts is a 1-D int64 tensor; a negative count raises ValueError before
    anything is allocated."""
    cdef Tensor c = counts if counts._c_contig else _contiguous_copy(counts)
    cdef const int64_t *cp = <const int64_t *>c.data
    cdef Py_ssize_t i, n = c._size, total = 0
    cdef int64_t r, j
    for i in range(n):
        if cp[i] < 0:
            raise ValueError("repeats may not contain negative values.")
        if cp[i] > <int64_t>0x7fffffffffffffff - total:
            raise ValueError("repeat: the result would be too large")
        total += cp[i]
    cdef Py_ssize_t shape[1]
    shape[0] = total
    cdef Tensor out = _empty(1, shape, TT_INT64)
    cdef int64_t *op = <int64_t *>out.data
    with nogil:
        for i in range(n):
            r = cp[i]
            for j in range(r):
                op[0] = i
                op += 1
    return out


def _max_dims():
    """The most dimensions a tensor may have (csrc/tt.h's TT_MAXDIM)."""
    return TT_MAXDIM
