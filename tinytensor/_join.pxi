# ---- joining, splitting, rearranging ------------------------------------------------------

def concatenate(arrays, axis=0, *, dim=None):
    """Tensors joined along an existing axis (axis=None: flattened first)."""
    axis = _axis_arg(None if dim is not None else axis, dim)
    arrays = list(arrays)
    cdef bint rec = _needs_grad_seq(arrays) and _gate(OP_CONCATENATE)
    out = _concatenate(arrays, axis)
    if rec:
        _record(OP_CONCATENATE, out, tuple(arrays), {"axis": axis})
    return out


cdef Tensor _concatenate(list arrays, object axis):
    if not arrays:
        raise ValueError("need at least one array to concatenate")
    cdef list ts = [a if isinstance(a, Tensor) else asarray(a) for a in arrays]
    if axis is None:
        ts = [_reshape(t, (-1,)) for t in ts]
        axis = 0
    cdef Tensor first = ts[0]
    if first._ndim == 0:
        raise ValueError("zero-dimensional arrays cannot be concatenated")
    ax = _normalize_axis(axis, first._ndim)
    total = 0
    for k, t in enumerate(ts):
        if (<Tensor>t)._ndim != first._ndim:
            raise ValueError("all the input array dimensions except for the concatenation axis must match "
                             f"exactly, but the array at index 0 has {first._ndim} dimension(s) and the array "
                             f"at index {k} has {(<Tensor>t)._ndim} dimension(s)")
        for d in range(first._ndim):
            if d != ax and (<Tensor>t)._shape[d] != first._shape[d]:
                raise ValueError("all the input array dimensions except for the concatenation axis must "
                                 f"match exactly, but along dimension {d}, the array at index 0 has size "
                                 f"{first._shape[d]} and the array at index {k} has size {(<Tensor>t)._shape[d]}")
        total += (<Tensor>t)._shape[ax]
    shape = list(first.shape)
    shape[ax] = total
    out = empty(shape, dtype=result_type(*ts))
    start = 0
    idx = [slice(None)] * first._ndim
    for t in ts:
        n = (<Tensor>t)._shape[ax]
        idx[ax] = slice(start, start + n)
        _copy_into(_getitem(out, tuple(idx)), t)
        start += n
    return out


concat = concatenate


def cat(tensors, dim=0):
    """PyTorch's name for concatenate: tt.cat([a, b], dim=1)."""
    return concatenate(tensors, axis=dim)


def stack(arrays, axis=0, *, dim=None):
    """Tensors of one shape joined along a new axis."""
    axis = _axis_arg(None if dim is not None else axis, dim)
    arrays = list(arrays)
    if not arrays:
        raise ValueError("need at least one array to stack")
    cdef bint rec = _needs_grad_seq(arrays) and _gate(OP_STACK)
    ts = [asarray(a) for a in arrays]
    shape = ts[0].shape
    for t in ts:
        if t.shape != shape:
            raise ValueError("all input arrays must have the same shape")
    ax = _normalize_axis(axis, len(shape) + 1)
    expanded = shape[:ax] + (1,) + shape[ax:]
    out = _concatenate([_reshape(t, expanded) for t in ts], ax)
    if rec:
        _record(OP_STACK, out, tuple(arrays), {"axis": ax})
    return out


def split(x, indices_or_sections, axis=0):
    """A list of views of x cut along axis: into N equal parts, or at the given indices."""
    cdef Tensor t = asarray(x)
    ax = _normalize_axis(axis, t._ndim)
    n = t._shape[ax]
    if isinstance(indices_or_sections, (int,)) or hasattr(indices_or_sections, "__index__") and \
            not isinstance(indices_or_sections, Tensor):
        sections = operator.index(indices_or_sections)
        if sections <= 0:
            raise ValueError("number sections must be larger than 0.")
        if n % sections:
            raise ValueError("array split does not result in an equal division")
        cuts = [n // sections * i for i in range(1, sections)]
    else:
        cuts = [operator.index(c) for c in (indices_or_sections.tolist() if isinstance(indices_or_sections, Tensor)
                                            else indices_or_sections)]
    bounds = [0] + cuts + [n]
    idx = [slice(None)] * t._ndim
    parts = []
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        idx[ax] = slice(lo, hi)
        parts.append(t[tuple(idx)])
    return parts


def flip(x, axis=None):
    """A view with the order of elements reversed along axis (all axes when None)."""
    cdef Tensor t = asarray(x)
    axes = _normalize_axes(axis, t._ndim)
    idx = tuple([slice(None, None, -1) if i in axes else slice(None) for i in range(t._ndim)])
    return t[idx]


def repeat(x, repeats, axis=None):
    """Each element repeated along axis (of the flattened x when axis is None), as NumPy's repeat
    and the array API's: repeats is one count for every element (an int, or a tensor of one
    element) or a 1-D integer tensor/sequence with a count per element of the axis.

        out = [x[i] for i in range(n) for _ in range(repeats[i])]      # along axis
    """
    cdef Tensor t = asarray(x)
    if axis is None:
        t = t.reshape(-1)
        axis = 0
    ax = _normalize_axis(axis, t._ndim)
    cdef Tensor counts
    if not (isinstance(repeats, int) or hasattr(repeats, "__index__") and not isinstance(repeats, Tensor)
            and getattr(repeats, "ndim", 0) == 0):
        counts = asarray(repeats)
        if counts._dtype != TT_BOOL and not _is_int(counts._dtype):
            raise TypeError(f"Cannot cast array data from dtype('{_DTYPE_NAMES[counts._dtype]}') to "
                            "dtype('int64') according to the rule 'safe'")
        if counts._ndim > 1:
            raise ValueError("repeats must be an int or a 1-D array of ints, not a "
                             f"{counts._ndim}-D array")
        if counts._size != 1:
            if counts._size != t._shape[ax]:
                raise ValueError(f"operands could not be broadcast together with shape "
                                 f"({t._shape[ax]},) ({counts._size},)")
            return take(t, _repeat_index(_cast(counts, TT_INT64)), axis=ax)
        repeats = counts.item()
    r = operator.index(repeats)
    if r < 0:
        raise ValueError("negative dimensions are not allowed")
    expanded = expand_dims(t, ax + 1)
    shape = list(expanded.shape)
    shape[ax + 1] = r
    out_shape = list(t.shape)
    out_shape[ax] *= r
    return broadcast_to(expanded, shape).copy().reshape(out_shape)


def tile(x, reps):
    """x repeated reps[i] times along each axis."""
    cdef Tensor t = asarray(x)
    reps = (operator.index(reps),) if not isinstance(reps, (tuple, list)) else tuple([operator.index(r) for r in reps])
    nd = _builtins.max(len(reps), t._ndim)
    reps = (1,) * (nd - len(reps)) + reps
    t = t.reshape((1,) * (nd - t._ndim) + t.shape)
    # interleave: shape (r0, s0, r1, s1, ...) broadcast, then merge pairs
    inter = []
    bshape = []
    for r, s in zip(reps, t.shape):
        inter += [1, s]
        bshape += [r, s]
    return broadcast_to(t.reshape(inter), bshape).copy().reshape([r * s for r, s in zip(reps, t.shape)])


def pad(x, pad_width, mode="constant", constant_values=0):
    """x surrounded by constant_values: pad_width is ((before, after), ...) per axis, one
    (before, after) pair for all, or one int."""
    if mode != "constant":
        raise ValueError(f"tinytensor's pad supports mode='constant' only, not {mode!r}")
    cdef Tensor t = asarray(x)
    pw = pad_width
    if isinstance(pw, int):
        pw = [(pw, pw)] * t._ndim
    else:
        pw = [tuple(p) if isinstance(p, (tuple, list)) else (p, p) for p in pw]
        if len(pw) == 1:
            pw = pw * t._ndim
        if len(pw) == 2 and t._ndim != 2 and all_ints(pad_width):
            pw = [tuple(pad_width)] * t._ndim
    if len(pw) != t._ndim:
        raise ValueError(f"pad_width has {len(pw)} entries for an array of {t._ndim} dimensions")
    pw = [(operator.index(before), operator.index(after)) for before, after in pw]
    for before, after in pw:
        if before < 0 or after < 0:
            raise ValueError("index can't contain negative values")
    cdef bint rec = _needs_grad(t) and _gate(OP_PAD)
    out = full([s + b + a for s, (b, a) in zip(t.shape, pw)], constant_values, dtype=t.dtype)
    inner = tuple([slice(b, b + s) for s, (b, a) in zip(t.shape, pw)])
    _copy_into(_getitem(out, inner), t)
    if rec:
        _record(OP_PAD, out, (t,), {"pad_width": pw})
    return out


cdef bint all_ints(object seq):
    for v in seq:
        if not isinstance(v, int):
            return False
    return True


def meshgrid(*xi, indexing="xy"):
    """Coordinate tensors from 1-D coordinate vectors (NumPy's meshgrid, copies)."""
    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    vecs = [asarray(v).reshape(-1) for v in xi]
    n = len(vecs)
    shapes = [v.shape[0] for v in vecs]
    if indexing == "xy" and n >= 2:
        shapes[0], shapes[1] = shapes[1], shapes[0]
    out = []
    for i, v in enumerate(vecs):
        pos = i
        if indexing == "xy" and n >= 2 and i < 2:
            pos = 1 - i
        s = [1] * n
        s[pos] = v.shape[0]
        out.append(broadcast_to(v.reshape(s), shapes).copy())
    return out


def take(x, indices, axis=None):
    """Elements of x at the given indices along axis (of the flattened x when None)."""
    cdef Tensor t = asarray(x)
    if axis is None:
        return t.reshape(-1)[indices]
    ax = _normalize_axis(axis, t._ndim)
    return t[(slice(None),) * ax + (asarray(indices),)]


def take_along_axis(arr, indices, axis=-1):
    """out[i, j] = arr[i, indices[i, j]] for axis 1 (in general: indices replace the index
    along `axis`, the other indices broadcast), as NumPy's; the array API's default axis is -1
    (NumPy's axis=None, the flattened arr, works too)."""
    cdef Tensor t = asarray(arr)
    cdef Tensor idx = asarray(indices)
    if axis is None:
        t = t.reshape(-1)
        axis = 0
    ax = _normalize_axis(axis, t._ndim)
    if idx._ndim != t._ndim:
        raise ValueError("`indices` and `arr` must have the same number of dimensions")
    if not _is_int(idx._dtype):
        raise IndexError("`indices` must be an integer array")
    key = []
    for d in range(t._ndim):
        if d == ax:
            key.append(idx)
        else:
            shape = [1] * t._ndim
            shape[d] = t._shape[d]
            key.append(arange(t._shape[d]).reshape(shape))
    return t[tuple(key)]


def one_hot(labels, num_classes, dtype=float32):
    """out[i, labels[i]] = 1, zeros elsewhere: a (len(labels), num_classes) tensor."""
    cdef Tensor lab = asarray(labels)
    if not _is_int(lab._dtype):
        raise TypeError("one_hot expects integer class labels")
    num_classes = operator.index(num_classes)
    flat = _cast(lab.reshape(-1), TT_INT64)
    cdef Tensor out = zeros((flat._size, num_classes), dtype=dtype)
    cdef int64_t *p = <int64_t *>flat.data
    cdef int64_t one, classes = num_classes
    cdef Py_ssize_t bad                 # the check and the fill are C loops (csrc/create.c)
    with nogil:
        bad = tt_labels_check(p, 0, flat._size, classes)
    if bad >= 0:
        raise IndexError(f"label {p[bad]} is out of range for {num_classes} classes")
    _store_scalar(<char *>&one, out._dtype, 1)
    with nogil:
        tt_one_hot_fill(out.data, out._strides[0], out._strides[1], p, 0, flat._size, &one, out._itemsize)
    return out.reshape(lab.shape + (num_classes,))
