# ---- indexing -------------------------------------------------------------------------------
#
# Basic indices (ints, slices, None, Ellipsis) only move the data pointer and rewrite shape and
# strides, so they return views. Integer arrays and boolean masks ("advanced" indices) gather
# copies, as in NumPy: x[idx] for a shuffled mini-batch is one memcpy per row.

cdef class _Parsed:
    """A key split into the basic view and the advanced index arrays that remain."""
    cdef Tensor view
    cdef list adv_axes      # axes of `view` indexed by arrays
    cdef list adv_index     # int64 tensors, one per axis in adv_axes


cdef str _BAD_INDEX_MSG = ("only integers, slices (`:`), ellipsis (`...`), None and integer or "
                           "boolean arrays are valid indices")


cdef _Parsed _parse_key(Tensor t, object key):
    cdef _Parsed res = _Parsed.__new__(_Parsed)
    cdef Py_ssize_t shape[TT_MAXDIM]
    cdef Py_ssize_t strides[TT_MAXDIM]
    cdef char *data = t.data
    cdef int nd = 0, src = 0, i, consumed = 0
    cdef Py_ssize_t start, stop, step, n, idx
    cdef Tensor arr
    if not isinstance(key, tuple):
        key = (key,)
    items = []
    have_ellipsis = False
    for k in key:
        if k is None or isinstance(k, slice):
            items.append(k)
            if k is not None:
                consumed += 1
        elif k is Ellipsis:
            if have_ellipsis:
                raise IndexError("an index can only have a single ellipsis ('...')")
            have_ellipsis = True
            items.append(k)
        elif isinstance(k, bool):
            raise IndexError("boolean scalar indices are not supported by tinytensor")
        elif isinstance(k, (str, bytes, float, complex, dict, set)):
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and integer or "
                             f"boolean arrays are valid indices, not {type(k).__name__}")
        elif isinstance(k, int) or (not isinstance(k, (Tensor, list, tuple)) and hasattr(k, "__index__")
                                    and not hasattr(k, "__len__")):
            ikey = operator.index(k)
            if not (-2**63 <= ikey < 2**63):
                raise IndexError(_BAD_INDEX_MSG)
            items.append(ikey)
            consumed += 1
        else:
            try:
                arr = k if isinstance(k, Tensor) else asarray(k)
            except (TypeError, ValueError, OverflowError):     # t[{}], t[[2**70]]: NumPy's IndexError
                raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and integer or "
                                 f"boolean arrays are valid indices, not {k!r:.40}") from None
            if (<Tensor>arr)._dtype == TT_BOOL:
                items.append(arr)
                consumed += (<Tensor>arr)._ndim
            elif _is_int((<Tensor>arr)._dtype) or ((<Tensor>arr)._size == 0 and (<Tensor>arr)._dtype == TT_FLOAT64
                                                    and isinstance(k, (list, tuple))):
                items.append(arr if _is_int((<Tensor>arr)._dtype) else _cast(arr, TT_INT64))
                consumed += 1
            else:
                raise IndexError("arrays used as indices must be of integer (or boolean) type")
    if consumed > t._ndim:
        raise IndexError(f"too many indices for array: array is {t._ndim}-dimensional, "
                         f"but {consumed} were indexed")
    res.adv_axes = []
    res.adv_index = []
    for k in items:
        if k is None:
            shape[nd] = 1
            strides[nd] = 0
            nd += 1
        elif k is Ellipsis:
            for i in range(t._ndim - consumed):
                shape[nd] = t._shape[src]
                strides[nd] = t._strides[src]
                nd += 1
                src += 1
        elif isinstance(k, slice):
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
        elif isinstance(k, int):
            n = t._shape[src]
            idx = k
            if idx < -n or idx >= n:
                raise IndexError(f"index {k} is out of bounds for axis {src} with size {n}")
            if idx < 0:
                idx += n
            data += idx * t._strides[src]
            src += 1
        else:
            arr = k
            if arr._dtype == TT_BOOL:
                for i in range(arr._ndim):
                    if arr._shape[i] != t._shape[src + i]:
                        raise IndexError(f"boolean index did not match indexed array along axis {src + i}; "
                                         f"size of axis is {t._shape[src + i]} but size of corresponding "
                                         f"boolean axis is {arr._shape[i]}")
                for i, coords in enumerate(_nonzero(arr)):
                    res.adv_axes.append(nd)
                    res.adv_index.append(coords)
                    shape[nd] = t._shape[src]
                    strides[nd] = t._strides[src]
                    nd += 1
                    src += 1
            else:
                res.adv_axes.append(nd)
                res.adv_index.append(_checked_index(arr, t._shape[src], src))
                shape[nd] = t._shape[src]
                strides[nd] = t._strides[src]
                nd += 1
                src += 1
        if nd > TT_MAXDIM:
            raise IndexError(f"indexing would give more than {TT_MAXDIM} dimensions")
    # axes not named by the key are kept whole
    while src < t._ndim:
        shape[nd] = t._shape[src]
        strides[nd] = t._strides[src]
        nd += 1
        src += 1
    res.view = _view(t, nd, shape, strides, data)
    return res


cdef Tensor _checked_index(Tensor idx, Py_ssize_t n, int axis):
    """An int64 C-contiguous copy of an index array, negatives wrapped, bounds checked."""
    cdef Tensor out = _cast(idx, TT_INT64)
    cdef int64_t *p = <int64_t *>out.data
    cdef Py_ssize_t i, bad = -1
    cdef int64_t v
    for i in range(out._size):
        v = p[i]
        if v < 0:
            v += n
        if v < 0 or v >= n:
            bad = i
            break
        p[i] = v
    if bad >= 0:
        raise IndexError(f"index {(<int64_t *>_cast(idx, TT_INT64).data)[bad]} is out of bounds "
                         f"for axis {axis} with size {n}")
    return out


cdef list _nonzero(Tensor mask):
    """Coordinates of the true elements of a bool tensor, one int64 tensor per axis (C order)."""
    cdef Tensor m = mask if mask._c_contig else mask.copy()
    cdef uint8_t *p = <uint8_t *>m.data
    cdef Py_ssize_t i, count = 0, k, rem
    cdef int ax, nd = m._ndim
    for i in range(m._size):
        count += p[i] != 0
    cdef list out = []
    cdef Py_ssize_t one[1]
    one[0] = count
    for ax in range(_builtins.max(nd, 1)):
        out.append(_empty(1, one, TT_INT64))
    if nd == 0:
        return []
    k = 0
    for i in range(m._size):
        if p[i]:
            rem = i
            for ax in range(nd - 1, -1, -1):
                (<int64_t *>(<Tensor>out[ax]).data)[k] = rem % m._shape[ax]
                rem //= m._shape[ax]
            k += 1
    return out


cdef tuple _advanced_layout(_Parsed p):
    """For a key with index arrays: the broadcast index shape, the view permuted so the indexed
    axes come first, the shape of the result in that order, and the permutation back to NumPy's
    axis order (index axes where the first array stood if the arrays were adjacent, else first)."""
    cdef Tensor v = p.view
    cdef Operand ops[TT_MAXDIM]
    cdef int nidx = len(p.adv_index), ind, i
    cdef Py_ssize_t ishape[TT_MAXDIM]
    for i in range(nidx):
        ops[i] = _operand(<Tensor>p.adv_index[i])
    _broadcast_shapes(ops, nidx, &ind, ishape)
    idx_shape = tuple([ishape[i] for i in range(ind)])
    rest = [a for a in range(v._ndim) if a not in p.adv_axes]
    permuted = v.transpose(list(p.adv_axes) + rest)
    work_shape = idx_shape + tuple([v._shape[a] for a in rest])
    axes = p.adv_axes
    adjacent = _builtins.all([axes[i + 1] == axes[i] + 1 for i in range(len(axes) - 1)])
    first = axes[0] if adjacent else 0
    nrest = len(rest)
    # work axes: [idx..., rest...]; numpy order: rest[:first] + idx + rest[first:]
    order = list(range(ind, ind + first)) + list(range(ind)) + list(range(ind + first, ind + nrest))
    idx_arrays = [broadcast_to(a, idx_shape).copy() for a in p.adv_index]
    return idx_shape, permuted, work_shape, order, idx_arrays


cdef Tensor _gather(_Parsed p):
    cdef Tensor permuted, work, src_block, dst_block, res
    cdef Py_ssize_t nsel, f, off, block_bytes
    cdef int nidx, j, nrest
    cdef Py_ssize_t stride_idx[TT_MAXDIM]
    cdef int64_t *ip[TT_MAXDIM]
    idx_shape, permuted, work_shape, order, idx_arrays = _advanced_layout(p)
    work = empty(work_shape, dtype=_DTYPES[p.view._dtype])
    nidx = len(idx_arrays)
    nsel = 1
    for d in idx_shape:
        nsel *= d
    for j in range(nidx):
        ip[j] = <int64_t *>(<Tensor>idx_arrays[j]).data
        stride_idx[j] = permuted._strides[j]
    nrest = permuted._ndim - nidx
    rest_shape = tuple([permuted._shape[nidx + j] for j in range(nrest)])
    src_block = _view(permuted, nrest, &permuted._shape[nidx], &permuted._strides[nidx], permuted.data)
    block_bytes = src_block._size * src_block._itemsize
    cdef char *dst = work.data
    cdef bint contiguous = src_block._c_contig
    if work._size == 0:
        return work.transpose(order)
    if contiguous:
        for f in range(nsel):
            off = 0
            for j in range(nidx):
                off += ip[j][f] * stride_idx[j]
            memcpy(dst + f * block_bytes, permuted.data + off, block_bytes)
    else:
        dst_block = _view(work, nrest, &work._shape[len(idx_shape)], &work._strides[len(idx_shape)], work.data)
        for f in range(nsel):
            off = 0
            for j in range(nidx):
                off += ip[j][f] * stride_idx[j]
            src_block.data = permuted.data + off
            dst_block.data = dst + f * block_bytes
            _copy_into(dst_block, src_block)
    res = work.transpose(order)
    return res if res._c_contig else res.copy()


cdef int _scatter(_Parsed p, object value) except -1:
    cdef Tensor permuted, vals, dst_block, src_block
    cdef Py_ssize_t nsel, f, off, block
    cdef int nidx, j, nrest, k
    cdef Py_ssize_t stride_idx[TT_MAXDIM]
    cdef int64_t *ip[TT_MAXDIM]
    idx_shape, permuted, work_shape, order, idx_arrays = _advanced_layout(p)
    # the value, broadcast to the result's NumPy-order shape, then viewed in work order
    result_shape = tuple([work_shape[o] for o in order])
    vals = _as_dtype_operand(value, p.view._dtype)
    vals = broadcast_to(vals, result_shape)
    inverse = [0] * len(order)
    for k, o in enumerate(order):
        inverse[o] = k
    vals = vals.transpose(inverse)
    nidx = len(idx_arrays)
    nsel = 1
    for d in idx_shape:
        nsel *= d
    for j in range(nidx):
        ip[j] = <int64_t *>(<Tensor>idx_arrays[j]).data
        stride_idx[j] = permuted._strides[j]
    nrest = permuted._ndim - nidx
    dst_block = _view(permuted, nrest, &permuted._shape[nidx], &permuted._strides[nidx], permuted.data)
    dst_block._readonly = False
    cdef int ni = len(idx_shape)
    src_block = _view(vals, nrest, &vals._shape[ni], &vals._strides[ni], vals.data)
    cdef Py_ssize_t coords[TT_MAXDIM]
    cdef Py_ssize_t rem
    for f in range(nsel):
        off = 0
        for j in range(nidx):
            off += ip[j][f] * stride_idx[j]
        dst_block.data = permuted.data + off
        rem = f
        src_block.data = vals.data
        for k in range(ni - 1, -1, -1):
            src_block.data += (rem % vals._shape[k]) * vals._strides[k]
            rem //= vals._shape[k]
        _copy_into(dst_block, src_block)
    return 0


cdef object _getitem(Tensor t, object key):
    cdef _Parsed p = _parse_key(t, key)
    if p.adv_index:
        return _gather(p)
    return p.view


def nonzero(x):
    """A tuple of int64 tensors, the coordinates of the non-zero elements (C order)."""
    cdef Tensor t = asarray(x)
    if t._ndim == 0:
        raise ValueError("Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead.")
    if t._dtype != TT_BOOL:
        t = _cast(t, TT_BOOL)
    return tuple(_nonzero(t))
