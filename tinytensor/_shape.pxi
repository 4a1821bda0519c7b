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
    """The same elements in a new shape (a view when the strides allow, else a copy);
    copy=True always copies, copy=False raises ValueError when a copy would be needed."""
    cdef Tensor t = asarray(x)
    out = t.reshape(shape)
    if copy is True and (<Tensor>out).data == t.data and t._size:
        return out.copy()
    if copy is False and (<Tensor>out).data != t.data and t._size:
        raise ValueError("Unable to avoid creating a copy while reshaping.")
    return out


def transpose(x, axes=None):
    """The axes permuted (reversed by default): a view."""
    return asarray(x).transpose(axes)


def permute_dims(x, axes):
    """The axes in the given order: a view (the array API's transpose)."""
    return asarray(x).transpose(tuple(axes))


def swapaxes(x, axis1, axis2):
    """Two axes exchanged: a view."""
    return asarray(x).swapaxes(axis1, axis2)


def ravel(x):
    """A 1-D view when possible, else a copy."""
    return asarray(x).reshape(-1)


def expand_dims(x, axis):
    """A view with new axes of length 1 at the given positions (of the result)."""
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
    """A view without the given axes of length 1 (all of them when axis is None)."""
    cdef Tensor t = asarray(x)
    if axis is None:
        axes = [i for i in range(t._ndim) if t._shape[i] == 1]
    elif _reduces_nothing(axis, t._ndim):
        axes = []
    else:
        axes = _normalize_axes(axis, t._ndim)
        for a in axes:
            if t._shape[a] != 1:
                raise ValueError("cannot select an axis to squeeze out which has size not equal to one")
    return _reshape_op(t, tuple([t._shape[i] for i in range(t._ndim) if i not in axes]))
