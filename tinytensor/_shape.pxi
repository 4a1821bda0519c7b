# ---- shape manipulation: reshape, transpose, expand_dims, squeeze (views) -------------------



cdef tuple _resolve_shape(Tensor t, object shape):
    """A reshape target with its -1 filled in, checked against t's size (NumPy's messages)."""
    cdef Py_ssize_t known = 1, d
    cdef int unknown = -1, i = 0
    dims = []
    for s in shape:
        d = operator.index(s)
        if d == -1:
            if unknown >= 0:
                raise ValueError("can only specify one unknown dimension")
            unknown = i
        elif d < 0:
            raise ValueError("negative dimensions not allowed")
        else:
            if tt_mul_overflow(known, d, &known):
                raise ValueError("array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.")
        dims.append(d)
        i += 1
    if len(dims) > TT_MAXDIM:
        raise ValueError(f"maximum supported dimension for a tensor is {TT_MAXDIM}, found {len(dims)}")
    if unknown >= 0:
        if known == 0 or t._size % known:
            raise ValueError(f"cannot reshape array of size {t._size} into shape {_shape_repr(dims)}")
        dims[unknown] = t._size // known
    elif known != t._size:
        raise ValueError(f"cannot reshape array of size {t._size} into shape {_shape_repr(dims)}")
    return tuple(dims)


cdef str _shape_repr(list dims):
    if len(dims) == 1:
        return f"({dims[0]},)"
    return "(" + ",".join([str(d) for d in dims]) + ")"


cdef Tensor _reshape(Tensor t, object shape):
    """A view with the new shape when t's strides allow it, else a reshaped copy. The view
    exists when each group of old axes that maps onto a group of new axes is contiguous
    within itself; the new strides are then products of the old ones."""
    cdef tuple dims = _resolve_shape(t, shape)
    cdef int nnew = len(dims), nold = 0, i, oi, oj, ni, nj
    cdef Py_ssize_t new_shape[TT_MAXDIM]
    cdef Py_ssize_t new_strides[TT_MAXDIM]
    cdef Py_ssize_t old_shape[TT_MAXDIM]
    cdef Py_ssize_t old_strides[TT_MAXDIM]
    cdef Py_ssize_t np_, op_
    cdef bint ok = True
    for i in range(nnew):
        new_shape[i] = dims[i]
    if t._c_contig or t._size == 0:
        for i in range(nnew - 1, -1, -1):
            new_strides[i] = t._itemsize if i == nnew - 1 else new_strides[i + 1] * (new_shape[i + 1] or 1)
        return _view(t, nnew, new_shape, new_strides, t.data)
    for i in range(t._ndim):
        if t._shape[i] != 1:
            old_shape[nold] = t._shape[i]
            old_strides[nold] = t._strides[i]
            nold += 1
    oi = 0
    ni = 0
    while ni < nnew and oi < nold:
        np_ = new_shape[ni]
        op_ = old_shape[oi]
        nj = ni + 1
        oj = oi + 1
        while np_ != op_:
            if np_ < op_:
                np_ *= new_shape[nj]
                nj += 1
            else:
                op_ *= old_shape[oj]
                oj += 1
        for i in range(oi, oj - 1):
            if old_strides[i] != old_shape[i + 1] * old_strides[i + 1]:
                ok = False
                break
        if not ok:
            break
        new_strides[nj - 1] = old_strides[oj - 1]
        for i in range(nj - 1, ni, -1):
            new_strides[i - 1] = new_strides[i] * new_shape[i]
        ni = nj
        oi = oj
    if ok:
        for i in range(ni, nnew):
            new_strides[i] = t._itemsize
        return _view(t, nnew, new_shape, new_strides, t.data)
    return _reshape(t.copy(), dims)


cdef tuple _check_perm(Tensor t, object axes):
    if axes is None:
        return tuple(range(t._ndim - 1, -1, -1))
    axes = tuple(axes)
    if len(axes) != t._ndim:
        raise ValueError("axes don't match array")
    perm = tuple([_normalize_axis(a, t._ndim) for a in axes])
    if len(set(perm)) != len(perm):
        raise ValueError("repeated axis in transpose")
    return perm


cdef Tensor _permute(Tensor t, tuple perm):
    cdef Py_ssize_t shape[TT_MAXDIM]
    cdef Py_ssize_t strides[TT_MAXDIM]
    cdef int i, a
    for i in range(t._ndim):
        a = perm[i]
        shape[i] = t._shape[a]
        strides[i] = t._strides[a]
    return _view(t, t._ndim, shape, strides, t.data)


cdef object _reshape_op(Tensor t, object shape):
    """The reshape op: gate, compute (a view when strides allow), record."""
    cdef bint rec = _needs_grad(t) and _gate(OP_RESHAPE)
    out = _reshape(t, shape)
    if rec:
        _record(OP_RESHAPE, out, (t,))
    return out


cdef object _permute_op(Tensor t, tuple perm):
    """The permute_dims op: gate, compute (a view), record."""
    cdef bint rec = _needs_grad(t) and _gate(OP_PERMUTE_DIMS)
    out = _permute(t, perm)
    if rec:
        _record(OP_PERMUTE_DIMS, out, (t,), {"axes": perm})
    return out


def reshape(x, shape, *, copy=None):
    """The elements of `x` in a new shape: a view when the strides allow, else a copy.

    The elements are read and written in C (row-major) order::

        flat = [x[i] for i in ndindex(x.shape)]
        for k, j in enumerate(ndindex(shape)):
            out[j] = flat[k]

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    shape : int or tuple of int
        The new shape; its product must equal ``x.size``. One entry may be -1: it is inferred.
    copy : bool, optional
        Keyword only. None (the default): copy only when a view is impossible; True: always
        copy; False: never copy (raise instead).

    Returns
    -------
    Tensor
        `x`'s elements and dtype in `shape`; a view of `x` unless a copy was needed or asked
        for.

    Raises
    ------
    ValueError
        If `shape` does not hold ``x.size`` elements, has more than one -1, or `copy` is False
        and the strides of `x` need a copy.

    Notes
    -----
    Differentiable (the gradient is reshaped back).

    See Also
    --------
    tinytensor.ravel, tinytensor.expand_dims, tinytensor.squeeze

    Examples
    --------
    >>> x = tt.arange(6)
    >>> tt.reshape(x, (2, 3))
    tensor([[0, 1, 2],
            [3, 4, 5]])
    >>> tt.reshape(x, (-1, 2))
    tensor([[0, 1],
            [2, 3],
            [4, 5]])
    >>> tt.reshape(tt.reshape(x, (2, 3)).T, (6,), copy=False)
    Traceback (most recent call last):
        ...
    ValueError: Unable to avoid creating a copy while reshaping.
    """
    cdef Tensor t = asarray(x)
    out = t.reshape(shape)
    if copy is True and (<Tensor>out).data == t.data and t._size:
        return out.copy()
    if copy is False and (<Tensor>out).data != t.data and t._size:
        raise ValueError("Unable to avoid creating a copy while reshaping.")
    return out


def transpose(x, axes=None):
    """`x` with its axes permuted (reversed by default): a view, no copy.

    ``out.shape[d] = x.shape[axes[d]]``, and no element moves: only the strides change::

        for j in ndindex(out.shape):
            k = [0] * x.ndim
            for d in range(x.ndim):
                k[axes[d]] = j[d]
            out[j] = x[tuple(k)]

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    axes : tuple of int, optional
        A permutation of ``range(x.ndim)``: axis ``i`` of the result is axis ``axes[i]`` of `x`.
        None (the default) reverses the axes.

    Returns
    -------
    Tensor
        A view of `x` with the permuted shape and strides, `x`'s dtype.

    Raises
    ------
    ValueError
        If `axes` is not a permutation of the axes of `x` (wrong length or a repeated axis).

    Notes
    -----
    Differentiable. ``x.T`` is the same as ``tt.transpose(x)``.

    See Also
    --------
    tinytensor.permute_dims, tinytensor.swapaxes

    Examples
    --------
    >>> x = tt.arange(6).reshape((2, 3))
    >>> tt.transpose(x)
    tensor([[0, 3],
            [1, 4],
            [2, 5]])
    >>> tt.transpose(tt.zeros((2, 3, 4)), (1, 0, 2)).shape
    (3, 2, 4)
    """
    return asarray(x).transpose(axes)


def permute_dims(x, axes):
    """`x` with its axes in the given order: a view (the array API's name for transpose).

    ``out.shape[i] = x.shape[axes[i]]``, and ``out[j] = x[k]`` where ``k[axes[d]] = j[d]``.

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    axes : sequence of int
        A permutation of ``range(x.ndim)`` (required, unlike transpose's).

    Returns
    -------
    Tensor
        A view of `x`, `x`'s dtype.

    Raises
    ------
    ValueError
        If `axes` is not a permutation of the axes of `x`.

    Notes
    -----
    Differentiable.

    See Also
    --------
    tinytensor.transpose

    Examples
    --------
    >>> x = tt.zeros((2, 3, 4))
    >>> tt.permute_dims(x, (2, 0, 1)).shape
    (4, 2, 3)
    >>> tt.permute_dims(tt.tensor([[1, 2], [3, 4]]), [1, 0])
    tensor([[1, 3],
            [2, 4]])
    """
    return asarray(x).transpose(tuple(axes))


def swapaxes(x, axis1, axis2):
    """`x` with two axes exchanged: a view.

    ``out[..., j, ..., i, ...] = x[..., i, ..., j, ...]`` for axes `axis1` and `axis2`.

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    axis1 : int
        The first axis (negative counts from the end).
    axis2 : int
        The second axis.

    Returns
    -------
    Tensor
        A view of `x` with the two axes' lengths and strides exchanged, `x`'s dtype.

    Raises
    ------
    AxisError
        If an axis is out of range.

    Notes
    -----
    Differentiable.

    See Also
    --------
    tinytensor.transpose, tinytensor.moveaxis

    Examples
    --------
    >>> x = tt.zeros((2, 3, 4))
    >>> tt.swapaxes(x, 0, -1).shape
    (4, 3, 2)
    >>> tt.swapaxes(tt.tensor([[1, 2, 3]]), 0, 1)
    tensor([[1],
            [2],
            [3]])
    """
    return asarray(x).swapaxes(axis1, axis2)


def ravel(x):
    """The elements of `x` as a 1-D tensor in C order: a view when possible, else a copy.

    Same as ``tt.reshape(x, (-1,))``::

        out = [x[i] for i in ndindex(x.shape)]

    Parameters
    ----------
    x : Tensor or array_like
        The input (0-d gives one element).

    Returns
    -------
    Tensor
        1-D, ``x.size`` elements, `x`'s dtype.

    Notes
    -----
    Differentiable.

    See Also
    --------
    tinytensor.reshape, tinytensor.Tensor.flatten

    Examples
    --------
    >>> x = tt.tensor([[1, 2, 3], [4, 5, 6]])
    >>> tt.ravel(x)
    tensor([1, 2, 3, 4, 5, 6])
    >>> tt.ravel(x.T)
    tensor([1, 4, 2, 5, 3, 6])
    """
    return asarray(x).reshape(-1)


def expand_dims(x, axis):
    """A view of `x` with new axes of length 1 inserted at the given positions.

    The positions are those of the result: with ``x.shape == (3,)``, axis 0 gives ``(1, 3)``
    and axis -1 gives ``(3, 1)``.

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    axis : int or tuple of int
        Where the new axes go in the result (``x.ndim + len(axis)`` dimensions; negative counts
        from its end).

    Returns
    -------
    Tensor
        A view of `x` with ``len(axis)`` more dimensions, `x`'s dtype.

    Raises
    ------
    ValueError
        If a position repeats.
    AxisError
        If a position is out of range for the result.

    Notes
    -----
    Differentiable.

    See Also
    --------
    tinytensor.squeeze, tinytensor.reshape

    Examples
    --------
    >>> x = tt.tensor([1, 2, 3])
    >>> tt.expand_dims(x, 0)
    tensor([[1, 2, 3]])
    >>> tt.expand_dims(x, -1).shape
    (3, 1)
    >>> tt.expand_dims(x, (0, 2)).shape
    (1, 3, 1)
    """
    cdef Tensor t = asarray(x)
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    nd = t._ndim + len(axes)
    pos = sorted([_normalize_axis(a, nd) for a in axes])
    if len(set(pos)) != len(pos):
        raise ValueError("repeated axis")
    shape = list(t.shape)
    for p in pos:
        shape.insert(p, 1)
    return _reshape_op(t, tuple(shape))


def squeeze(x, axis=None):
    """A view of `x` without the given axes of length 1 (all of them when `axis` is None).

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    axis : int or tuple of int, optional
        The axes to remove; each must have length 1. None (the default) removes every axis of
        length 1.

    Returns
    -------
    Tensor
        A view of `x` with those axes removed, `x`'s dtype.

    Raises
    ------
    ValueError
        If a named axis does not have length 1 (NumPy's rule; PyTorch leaves it alone).
    AxisError
        If an axis is out of range.

    Notes
    -----
    Differentiable.

    See Also
    --------
    tinytensor.expand_dims

    Examples
    --------
    >>> x = tt.zeros((1, 3, 1))
    >>> tt.squeeze(x).shape
    (3,)
    >>> tt.squeeze(x, axis=0).shape
    (3, 1)
    >>> tt.squeeze(x, axis=1)
    Traceback (most recent call last):
        ...
    ValueError: cannot select an axis to squeeze out which has size not equal to one
    """
    cdef Tensor t = asarray(x)
    if axis is None:
        axes = [i for i in range(t._ndim) if t._shape[i] == 1]
    elif _zero_d_int_axis(axis, t._ndim):
        axes = []
    else:
        axes = _normalize_axes(axis, t._ndim)
        for a in axes:
            if t._shape[a] != 1:
                raise ValueError("cannot select an axis to squeeze out which has size not equal to one")
    return _reshape_op(t, tuple([t._shape[i] for i in range(t._ndim) if i not in axes]))
