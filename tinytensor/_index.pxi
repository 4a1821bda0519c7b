# ---- indexing -------------------------------------------------------------------------------
#
# NumPy's rules. Basic items (ints, slices, None, Ellipsis) only move the data pointer and
# rewrite shape and strides, so a key made of them alone returns a view. Integer arrays,
# boolean masks and 0-d booleans are "advanced" items: they gather copies (x[idx]) and scatter
# (x[idx] = v). With an advanced item in the key, an integer counts as advanced too (a 0-d
# index array). The index arrays broadcast to one index shape, which takes the place of the
# first advanced item in the result when all advanced items stand next to each other in the
# key, and goes first otherwise (a slice, None or Ellipsis between them, even an Ellipsis that
# covers no axis, separates them):
#
#     t.shape == (2, 3, 4):  t[:, [0, 1], [0, 1]].shape == (2, 2)     adjacent: in place
#                            t[0, :, [0, 1, 2]]     -> (3, 3): [i, j] = t[0, j, idx[i]]
#
# A 0-d boolean adds an axis of length 1 (True) or 0 (False) that it indexes: x[True] is
# x[None], and x[x.sum() > 100] = 0 writes nothing when the condition is False.
#
# The key is read twice: first to classify its items and count the result's dimensions
# (so nothing past TT_MAXDIM is ever written), then to build the view and the index arrays.

cdef enum:
    _K_NEWAXIS = 0
    _K_ELLIPSIS = 1
    _K_SLICE = 2
    _K_INT = 3
    _K_ARRAY = 4     # an integer index array (ndim >= 1)
    _K_MASK = 5      # a boolean mask (ndim >= 1)
    _K_BOOL0 = 6     # a 0-d boolean (Python bool, NumPy bool, 0-d bool tensor)


cdef class _Parsed:
    """A key split into the basic view and the advanced index arrays that remain."""
    cdef Tensor source      # the tensor indexed
    cdef Tensor view        # the basic-indexed axes (the whole result when there is no array)
    cdef list adv_index     # int64 C-contiguous index tensors (our own copies)
    cdef list adv_strides   # the byte stride each index array moves along (0: a 0-d boolean)
    cdef list adv_bounds    # (axis size, axis) to check an integer index array against, or None
    cdef int insert_at      # axes of `view` that come before the index axes in the result
    cdef bint full_integer  # one integer per axis and nothing else: x[i, j] names one element
    cdef bint single_mask   # the key is one boolean array (or 0-d bool) covering every axis


cdef str _BAD_INDEX_MSG = ("only integers, slices (`:`), ellipsis (`...`), None and integer or "
                           "boolean arrays are valid indices")

cdef Tensor _index_array(object k):
    """A key item that is neither basic nor a Python int/bool, as a tensor (lists, tuples,
    NumPy arrays and scalars, tensors)."""
    if isinstance(k, Tensor):
        return <Tensor>k
    try:
        return asarray(k)
    except (TypeError, ValueError, OverflowError):     # t[{}], t[[2**70]]: NumPy's IndexError
        raise IndexError(f"{_BAD_INDEX_MSG}, not {k!r:.40}") from None


cdef _Parsed _parse_key(Tensor t, object key):
    cdef _Parsed res = _Parsed.__new__(_Parsed)
    cdef Py_ssize_t shape[TT_MAXDIM]
    cdef Py_ssize_t strides[TT_MAXDIM]
    cdef char *data = t.data
    cdef int nd = 0, src = 0, i, kind, consumed = 0, nbasic_new = 0, idx_nd = 0, fill
    cdef Py_ssize_t start, stop, step, n, idx, final_nd
    cdef Tensor arr
    cdef bint have_ellipsis = False, fancy = False, bool0_all_true = True, have_bool0 = False
    if not isinstance(key, tuple):
        key = (key,)
    # -- pass 1: classify, count, and check the result's rank before writing anything --
    kinds = []
    values = []
    for k in key:
        if k is None:
            kind = _K_NEWAXIS
            nbasic_new += 1
        elif isinstance(k, slice):
            kind = _K_SLICE
            consumed += 1
            nbasic_new += 1
        elif k is Ellipsis:
            if have_ellipsis:
                raise IndexError("an index can only have a single ellipsis ('...')")
            have_ellipsis = True
            kind = _K_ELLIPSIS
        elif isinstance(k, bool):
            kind = _K_BOOL0
        elif isinstance(k, int):
            kind = _K_INT
        elif isinstance(k, (str, bytes, float, complex, dict, set)):
            raise IndexError(f"{_BAD_INDEX_MSG}, not {type(k).__name__}")
        elif (not isinstance(k, (Tensor, list, tuple)) and hasattr(k, "__index__")
                and not hasattr(k, "__len__") and not hasattr(k, "dtype")):
            kind = _K_INT           # an object with __index__
        else:
            arr = _index_array(k)
            if arr._dtype == TT_BOOL:
                kind = _K_BOOL0 if arr._ndim == 0 else _K_MASK
                k = arr.item() if arr._ndim == 0 else arr
            elif _is_int(arr._dtype) or (arr._size == 0 and isinstance(k, (list, tuple))):
                if arr._ndim == 0:          # a 0-d integer array is an integer, as in NumPy
                    kind = _K_INT
                    k = arr.item()
                else:
                    kind = _K_ARRAY
                    k = arr if _is_int(arr._dtype) else _cast(arr, TT_INT64)
            else:
                raise IndexError("arrays used as indices must be of integer (or boolean) type")
        if kind == _K_INT:
            k = operator.index(k)
            if not (-2**63 <= k < 2**63):
                raise IndexError(_BAD_INDEX_MSG)
            consumed += 1
        elif kind == _K_ARRAY:
            consumed += 1
            fancy = True
            idx_nd = _builtins.max(idx_nd, (<Tensor>k)._ndim)
        elif kind == _K_MASK:
            consumed += (<Tensor>k)._ndim
            fancy = True
            idx_nd = _builtins.max(idx_nd, 1)
        elif kind == _K_BOOL0:
            fancy = True
            idx_nd = _builtins.max(idx_nd, 1)
        kinds.append(kind)
        values.append(k)
    if consumed > t._ndim:
        raise IndexError(f"too many indices for array: array is {t._ndim}-dimensional, "
                         f"but {consumed} were indexed")
    fill = t._ndim - consumed           # axes the Ellipsis (or the end of the key) keeps whole
    final_nd = nbasic_new + fill + (idx_nd if fancy else 0)
    if final_nd > TT_MAXDIM:
        raise IndexError(f"indexing result would have {final_nd} dimensions; at most "
                         f"{TT_MAXDIM} are supported")
    # -- pass 2: the view of the basic axes, the index arrays, where the index axes go --
    res.source = t
    res.adv_index = []
    res.adv_strides = []
    res.adv_bounds = []
    cdef int first_adv = -1
    cdef bint adjacent = True, gap = False
    cdef Py_ssize_t j
    for j in range(len(kinds)):
        kind = kinds[j]
        k = values[j]
        if kind in (_K_ARRAY, _K_MASK, _K_BOOL0) or (kind == _K_INT and fancy):
            if first_adv < 0:
                first_adv = nd
            elif gap:
                adjacent = False
        elif first_adv >= 0:
            gap = True
        if kind == _K_NEWAXIS:
            shape[nd] = 1
            strides[nd] = 0
            nd += 1
        elif kind == _K_ELLIPSIS:
            for i in range(fill):
                shape[nd] = t._shape[src]
                strides[nd] = t._strides[src]
                nd += 1
                src += 1
            fill = 0
        elif kind == _K_SLICE:
            n = t._shape[src]
            start, stop, step = k.indices(n)
            if step > 0:
                n = (stop - start + step - 1) // step if stop > start else 0
            else:
                n = (start - stop - step - 1) // (-step) if start > stop else 0
            if n > 0:
                data += start * t._strides[src]
            shape[nd] = n
            strides[nd] = t._strides[src] * step
            nd += 1
            src += 1
        elif kind == _K_INT:
            n = t._shape[src]
            idx = k
            if idx < -n or idx >= n:
                raise IndexError(f"index {k} is out of bounds for axis {src} with size {n}")
            if idx < 0:
                idx += n
            data += idx * t._strides[src]
            src += 1
        elif kind == _K_ARRAY:          # checked in _plan, once the index arrays broadcast
            res.adv_index.append(_cast(<Tensor>k, TT_INT64))
            res.adv_strides.append(t._strides[src])
            res.adv_bounds.append((t._shape[src], src))
            src += 1
        elif kind == _K_MASK:
            arr = <Tensor>k
            for i in range(arr._ndim):
                # a mask axis of length 0 selects nothing whatever the axis' length (NumPy, and
                # the array API's masking rule); any other length must match
                if arr._shape[i] != 0 and arr._shape[i] != t._shape[src + i]:
                    raise IndexError(f"boolean index did not match indexed array along axis {src + i}; "
                                     f"size of axis is {t._shape[src + i]} but size of corresponding "
                                     f"boolean axis is {arr._shape[i]}")
            for coords in _nonzero(arr):
                res.adv_index.append(coords)
                res.adv_strides.append(t._strides[src])
                res.adv_bounds.append(None)
                src += 1
        else:   # _K_BOOL0: all of them together index one new axis of length 1 or 0
            have_bool0 = True
            bool0_all_true = bool0_all_true and bool(k)
    while src < t._ndim:                # axes after the last key item are kept whole
        shape[nd] = t._shape[src]
        strides[nd] = t._strides[src]
        nd += 1
        src += 1
    if have_bool0:
        res.adv_index.append(zeros(1 if bool0_all_true else 0, dtype=int64))
        res.adv_strides.append(0)
        res.adv_bounds.append(None)
    res.insert_at = first_adv if adjacent and first_adv >= 0 else 0
    res.full_integer = len(kinds) == t._ndim and _builtins.all([kd == _K_INT for kd in kinds])
    res.single_mask = len(kinds) == 1 and kinds[0] in (_K_MASK, _K_BOOL0) and consumed == t._ndim
    res.view = _view(t, nd, shape, strides, data)
    return res


cdef int _check_index(Tensor idx, Py_ssize_t n, int axis) except -1:
    """Wraps the negative entries of an int64 index array in place (i + n) and checks that
    every entry indexes an axis of size n (IndexError naming the first one that does not)."""
    cdef Py_ssize_t bad = tt_index_wrap(<int64_t *>idx.data, idx._size, n)
    if bad >= 0:
        raise IndexError(f"index {(<int64_t *>idx.data)[bad]} is out of bounds for axis {axis} with size {n}")
    return 0


cdef list _nonzero(Tensor mask):
    """Coordinates of the true elements of a bool tensor, one int64 tensor per axis (C order)."""
    cdef Tensor m = mask if mask._c_contig else mask.copy()
    cdef Py_ssize_t count
    cdef int ax, nd = m._ndim
    cdef int64_t *coords[TT_MAXDIM]
    cdef Py_ssize_t one[1]
    if nd == 0:
        return []
    with nogil:
        count = tt_count_nonzero(<unsigned char *>m.data, m._size)
    one[0] = count
    cdef list out = [_empty(1, one, TT_INT64) for ax in range(nd)]
    for ax in range(nd):
        coords[ax] = <int64_t *>(<Tensor>out[ax]).data
    with nogil:
        tt_nonzero_coords(<unsigned char *>m.data, nd, m._shape, coords)
    return out


cdef class _IndexPlan:
    """The broadcast index arrays of a parsed key and the byte offset of each selected block:
    block f of the source starts at view.data + offsets[f]."""
    cdef int ind                        # dimensions of the broadcast index shape
    cdef Py_ssize_t shape[TT_MAXDIM]
    cdef Py_ssize_t nsel                # selected blocks: the product of shape
    cdef Tensor offsets                 # int64 (nsel,), in bytes


cdef _IndexPlan _plan(_Parsed p):
    cdef _IndexPlan plan = _IndexPlan.__new__(_IndexPlan)
    cdef int nidx = len(p.adv_index), j, i
    cdef Operand ops[TT_MAXDIM + 1]
    cdef const int64_t *ip[TT_MAXDIM + 1]
    cdef Py_ssize_t strides[TT_MAXDIM + 1]
    cdef Py_ssize_t begin, end
    cdef Tensor a
    for j in range(nidx):
        ops[j] = _operand(<Tensor>p.adv_index[j])
    try:
        _broadcast_shapes(ops, nidx, &plan.ind, plan.shape)
    except ValueError:
        shapes = " ".join([_shape_str(ops[j].ndim, ops[j].shape) if ops[j].ndim else "()"
                           for j in range(nidx)])
        raise IndexError(f"shape mismatch: indexing arrays could not be broadcast together "
                         f"with shapes {shapes}") from None
    plan.nsel = 1
    for i in range(plan.ind):
        plan.nsel *= plan.shape[i]
    if plan.nsel:       # as NumPy: index arrays that broadcast to nothing index nothing, unchecked
        for j in range(nidx):
            if p.adv_bounds[j] is not None:
                _check_index(<Tensor>p.adv_index[j], p.adv_bounds[j][0], p.adv_bounds[j][1])
    bshape = tuple([plan.shape[i] for i in range(plan.ind)])
    full = []
    for j in range(nidx):
        a = <Tensor>p.adv_index[j]
        if a.shape != bshape:
            a = broadcast_to(a, bshape).copy()
        full.append(a)
        ip[j] = <const int64_t *>a.data
        strides[j] = p.adv_strides[j]
    plan.offsets = _empty(1, &plan.nsel, TT_INT64)
    for begin in range(0, plan.nsel, _CHUNK):
        end = _builtins.min(begin + _CHUNK, plan.nsel)
        with nogil:
            tt_index_offsets(nidx, ip, strides, begin, end, <Py_ssize_t *>plan.offsets.data)
        PyErr_CheckSignals()
    return plan


cdef list _result_order(_IndexPlan plan, _Parsed p):
    """The permutation from work order [index axes..., view axes...] to NumPy's result order
    (the index axes at p.insert_at among the view's axes)."""
    cdef int ind = plan.ind, nrest = p.view._ndim, at = p.insert_at
    return list(range(ind, ind + at)) + list(range(ind)) + list(range(ind + at, ind + nrest))


cdef int _run_blocks(tt_inner_fn fn, int nblock, const Py_ssize_t *block_shape,
                     char *dst, const Py_ssize_t *dst_strides, Tensor dst_off,
                     char *src, const Py_ssize_t *src_strides, Tensor src_off,
                     Py_ssize_t nsel, Py_ssize_t block_size) except -1:
    """tt_copy_blocks over all nsel blocks, in chunks (Ctrl-C is checked between them)."""
    cdef Py_ssize_t per = _builtins.max(1, _CHUNK // _builtins.max(block_size, 1))
    cdef Py_ssize_t begin, end
    cdef const Py_ssize_t *doff = <const Py_ssize_t *>dst_off.data
    cdef const Py_ssize_t *soff = <const Py_ssize_t *>src_off.data
    for begin in range(0, nsel, per):
        end = _builtins.min(begin + per, nsel)
        if (end - begin) * block_size < 32768:      # releasing the GIL costs more than this
            tt_copy_blocks(fn, nblock, block_shape, dst, dst_strides, doff, src, src_strides, soff, begin, end)
        else:
            with nogil:
                tt_copy_blocks(fn, nblock, block_shape, dst, dst_strides, doff, src, src_strides, soff, begin, end)
            PyErr_CheckSignals()
    return 0


cdef Tensor _gather(_Parsed p):
    """x[key] with index arrays: a new C-contiguous tensor in NumPy's result order."""
    cdef _IndexPlan plan = _plan(p)
    cdef Tensor v = p.view, res, work, dst_off
    cdef int ind = plan.ind, nrest = v._ndim, k
    order = _result_order(plan, p)
    work_shape = [plan.shape[k] for k in range(ind)] + list(v.shape)
    res = empty(tuple([work_shape[o] for o in order]), dtype=_DTYPES[v._dtype])
    if res._size == 0:
        return res
    inverse = [0] * len(order)
    for k, o in enumerate(order):
        inverse[o] = k
    work = _permute(res, tuple(inverse))                   # res seen in work order: where block f goes
    dst_off = _empty(1, &plan.nsel, TT_INT64)
    tt_strided_offsets(ind, work._shape, work._strides, 0, plan.nsel, <Py_ssize_t *>dst_off.data)
    _run_blocks(tt_cast_loop(v._dtype, v._dtype), nrest, v._shape,
                work.data, &work._strides[ind], dst_off, v.data, v._strides, plan.offsets,
                plan.nsel, v._size)
    return res


cdef int _scatter(_Parsed p, object value) except -1:
    """x[key] = value with index arrays (value broadcast to the indexing result's shape and
    converted to x's dtype; when it shares memory with x it is copied first)."""
    cdef _IndexPlan plan = _plan(p)
    cdef Tensor v = p.view, vals, work_vals, src_off
    cdef int ind = plan.ind, nrest = v._ndim, k
    vals = _as_value(value, v._dtype)
    if p.single_mask and vals._ndim > 1:
        raise TypeError(f"NumPy boolean array indexing assignment requires a 0 or 1-dimensional "
                        f"input, input has {vals._ndim} dimensions")
    if _overlaps(vals, p.source):
        vals = vals.copy()                          # a[[4, 3, 2, 1, 0]] = a reads a before writing
    order = _result_order(plan, p)
    work_shape = [plan.shape[k] for k in range(ind)] + list(v.shape)
    result_shape = tuple([work_shape[o] for o in order])
    vals = _drop_leading_ones(vals, len(result_shape))
    try:
        vals = broadcast_to(vals, result_shape)
    except ValueError:
        raise ValueError(f"shape mismatch: value array of shape {_shape_repr(list(vals.shape))} could "
                         f"not be broadcast to indexing result of shape {_shape_repr(list(result_shape))}") from None
    if plan.nsel == 0 or v._size == 0:
        return 0
    inverse = [0] * len(order)
    for k, o in enumerate(order):
        inverse[o] = k
    work_vals = _permute(vals, tuple(inverse))
    src_off = _empty(1, &plan.nsel, TT_INT64)
    tt_strided_offsets(ind, work_vals._shape, work_vals._strides, 0, plan.nsel, <Py_ssize_t *>src_off.data)
    _run_blocks(tt_cast_loop(vals._dtype, v._dtype), nrest, v._shape,
                v.data, v._strides, plan.offsets, work_vals.data, &work_vals._strides[ind], src_off,
                plan.nsel, v._size)
    return 0


cdef object _getitem(Tensor t, object key):
    cdef _Parsed p = _parse_key(t, key)
    if p.adv_index:
        return _gather(p)
    return p.view


cdef int _setitem(Tensor t, object key, object value) except -1:
    """t[key] = value (Tensor.__setitem__): the key is checked whole and the value converted
    before anything is written. As NumPy: a key naming one element (an integer per axis) takes
    one element, not a sequence; other values broadcast to the indexed shape, leading axes of
    length 1 beyond its rank dropped."""
    cdef _Parsed p
    cdef Tensor vals
    p = _parse_key(t, key)          # the caller checked that t may be written (_check_inplace)
    if p.adv_index:
        _scatter(p, value)
    elif _scalar_kind(value) >= 0:
        _copy_into(p.view, value)
    else:
        vals = _as_value(value, t._dtype)
        if p.full_integer and vals._ndim:
            raise ValueError("setting an array element with a sequence.")
        _copy_into(p.view, _drop_leading_ones(vals, p.view._ndim))
    _bump_version(t)
    return 0


def nonzero(x):
    """The coordinates of the non-zero elements, one int64 tensor per axis (C order).

    ::

        hits = [i for i in ndindex(x.shape) if x[i] != 0]       # NaN counts as non-zero
        out = tuple(tensor([i[d] for i in hits]) for d in range(x.ndim))

    Parameters
    ----------
    x : Tensor or array_like
        The input, at least 1-D.

    Returns
    -------
    tuple of Tensor
        ``x.ndim`` int64 tensors of the same length; ``x[out]`` gives the non-zero values.

    Raises
    ------
    ValueError
        When `x` is 0-d (as NumPy 2).

    Notes
    -----
    No gradient by nature (integer coordinates).

    See Also
    --------
    tinytensor.argwhere, tinytensor.where

    Examples
    --------
    >>> tt.nonzero(tt.tensor([[1, 0], [0, 3]]))
    (tensor([0, 1]), tensor([0, 1]))
    >>> x = tt.tensor([0, 2, 0, 4])
    >>> tt.nonzero(x)
    (tensor([1, 3]),)
    >>> x[tt.nonzero(x)]
    tensor([2, 4])
    """
    cdef Tensor t = asarray(x)
    if t._ndim == 0:
        raise ValueError("Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead.")
    if t._dtype != TT_BOOL:
        t = _cast(t, TT_BOOL)
    return tuple(_nonzero(t))
