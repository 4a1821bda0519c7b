# ---- reductions ------------------------------------------------------------------------

cdef str _reduce_name(int op):
    return ("sum", "prod", "maximum", "minimum", "any", "all")[op]


cdef Tensor _reduce(int op, object x, object axis, bint keepdims, Tensor initial=None):
    """Reduces x over `axis` with one of csrc/reduce.c's loops.

        out = identity; for idx in ndindex(x.shape): out[idx without the axes] (+)= x[idx]

    The output is made in keepdims form (size 1 along reduced axes), which the broadcasting in
    _execute turns into stride 0: every element of a reduced run lands on one accumulator.
    """
    cdef Tensor t = x if isinstance(x, Tensor) else asarray(x)
    cdef list axes = _normalize_axes(axis, t._ndim)
    cdef Py_ssize_t kshape[TT_MAXDIM]
    cdef Py_ssize_t first_strides[TT_MAXDIM]
    cdef Py_ssize_t count = 1
    cdef int i, odt
    cdef Operand ops[2]
    cdef Tensor out, first
    if op == TT_RED_ANY or op == TT_RED_ALL:
        if t._dtype != TT_BOOL:
            t = _cast(t, TT_BOOL)
    odt = tt_reduce_out_dtype(op, t._dtype)
    for i in range(t._ndim):
        kshape[i] = 1 if i in axes else t._shape[i]
        if i in axes:
            count *= t._shape[i]
    out = _empty(t._ndim, kshape, odt)
    if op == TT_RED_MAX or op == TT_RED_MIN:
        if count == 0:       # an empty run has no first element (even when the result is empty)
            raise ValueError(f"zero-size array to reduction operation {_reduce_name(op)} which has no identity")
        # start from the first element of every reduced run
        for i in range(t._ndim):
            first_strides[i] = t._strides[i]
        if out._size:
            first = _view(t, t._ndim, kshape, first_strides, t.data)
            _copy_into(out, first)
    else:
        _fill_identity(out, op)
    if t._size:
        ops[0] = _operand(out)
        ops[1] = _operand(t)
        _execute(tt_reduce_loop(op, t._dtype), NULL, t._ndim, t._shape, ops, 2, 1, False,
                 tt_reduce_loop(op, odt), out._itemsize)
    if keepdims:
        return out
    cdef Py_ssize_t oshape[TT_MAXDIM]
    cdef int n = 0
    for i in range(t._ndim):
        if i not in axes:
            oshape[n] = t._shape[i]
            n += 1
    return out.reshape(tuple([oshape[i] for i in range(n)]))


cdef int _fill_identity(Tensor out, int op) except -1:
    if op == TT_RED_PROD or op == TT_RED_ALL:
        _copy_into(out, 1 if op == TT_RED_PROD else True)
    else:
        memset(out.data, 0, out._size * out._itemsize)
    return 0


cdef Tensor _argreduce(bint is_min, object x, object axis, bint keepdims):
    """Index of the first maximum (minimum) along one axis; NaN wins, as in NumPy."""
    cdef Tensor t = x if isinstance(x, Tensor) else asarray(x)
    cdef int ax, i, n = 0
    cdef Py_ssize_t oshape[TT_MAXDIM]
    cdef Py_ssize_t ostrides[TT_MAXDIM]
    cdef tt_arg_ctx ctx
    cdef Operand ops[2]
    cdef Tensor out, rest
    name = "argmin" if is_min else "argmax"
    if axis is None:
        if t._size == 0:
            raise ValueError(f"attempt to get {name} of an empty sequence")
        res = _argreduce(is_min, t.reshape(-1), 0, False)
        if keepdims:
            return res.reshape((1,) * t._ndim)
        return res
    ax = _normalize_axis(axis, t._ndim)
    if t._shape[ax] == 0:
        raise ValueError(f"attempt to get {name} of an empty sequence")
    for i in range(t._ndim):
        if i != ax:
            oshape[n] = t._shape[i]
            ostrides[n] = t._strides[i]
            n += 1
    out = _empty(n, oshape, TT_INT64)
    cdef int rc
    if n == 1 and t._shape[ax] > 1 and (t._strides[ax] if t._strides[ax] > 0 else -t._strides[ax]) > \
            (ostrides[0] if ostrides[0] > 0 else -ostrides[0]):
        # the reduced axis is the outer one in memory: keep a running best per column
        with nogil:
            rc = tt_argreduce_rows(is_min, t._dtype, t.data, t._shape[ax], oshape[0], t._strides[ax],
                                   ostrides[0], <int64_t *>out.data)
        if rc == TT_ERR_NOMEM:
            raise MemoryError(f"out of memory in {name}")
        if keepdims:
            return out.reshape(tuple([1 if i == ax else t._shape[i] for i in range(t._ndim)]))
        return out
    rest = _view(t, n, oshape, ostrides, t.data)
    ctx.len = t._shape[ax]
    ctx.stride = t._strides[ax]
    ops[0] = _operand(out)
    ops[1] = _operand(rest)
    _execute(tt_argreduce_loop(is_min, t._dtype), &ctx, n, oshape, ops, 2, 0, True)
    if keepdims:
        return out.reshape(tuple([1 if i == ax else t._shape[i] for i in range(t._ndim)]))
    return out


def sum(x, axis=None, dtype=None, keepdims=False):
    """Sum over `axis` (None: all). Floats are summed pairwise, so float32 sums stay accurate:

        total = 0
        for v in x: total += v      # what it computes; the C loop adds in a balanced tree
    """
    if _track1(x):
        return _dispatch_hook("sum", (x,), {"axis": axis, "keepdims": keepdims})
    res = _reduce(TT_RED_SUM, x, axis, keepdims)
    return res if dtype is None else res.astype(dtype)


def prod(x, axis=None, keepdims=False):
    """Product over `axis` (None: all)."""
    return _reduce(TT_RED_PROD, x, axis, keepdims)


def max(x, axis=None, keepdims=False):
    """Largest element over `axis`; NaN propagates."""
    if _track1(x):
        return _dispatch_hook("max", (x,), {"axis": axis, "keepdims": keepdims})
    return _reduce(TT_RED_MAX, x, axis, keepdims)
amax = max


def min(x, axis=None, keepdims=False):
    """Smallest element over `axis`; NaN propagates."""
    if _track1(x):
        return _dispatch_hook("min", (x,), {"axis": axis, "keepdims": keepdims})
    return _reduce(TT_RED_MIN, x, axis, keepdims)
amin = min


def any(x, axis=None, keepdims=False):
    return _reduce(TT_RED_ANY, x, axis, keepdims)


def all(x, axis=None, keepdims=False):
    return _reduce(TT_RED_ALL, x, axis, keepdims)


def argmax(x, axis=None, keepdims=False):
    """Index of the first maximum along axis (of the flattened tensor when axis is None)."""
    return _argreduce(False, x, axis, keepdims)


def argmin(x, axis=None, keepdims=False):
    """Index of the first minimum along axis (of the flattened tensor when axis is None)."""
    return _argreduce(True, x, axis, keepdims)


cdef Py_ssize_t _reduced_count(Tensor t, object axis) except -1:
    cdef Py_ssize_t n = 1
    for a in _normalize_axes(axis, t._ndim):
        n *= t._shape[a]
    return n


def mean(x, axis=None, keepdims=False):
    """sum / count over `axis`; integers average in float64."""
    if _track1(x):
        return _dispatch_hook("mean", (x,), {"axis": axis, "keepdims": keepdims})
    cdef Tensor t = asarray(x)
    cdef Py_ssize_t n = _reduced_count(t, axis)
    if not _is_float(t._dtype):
        t = _cast(t, TT_FLOAT64)    # accumulate in float64, as NumPy: an int64 sum could wrap
    s = _reduce(TT_RED_SUM, t, axis, keepdims)
    return _binary(TT_DIV, s, n if n else float("nan"))


def var(x, axis=None, ddof=0, keepdims=False):
    """mean((x - mean(x))**2) * n / (n - ddof), built from differentiable ops."""
    t = asarray(x) if not isinstance(x, Tensor) else x
    if not _is_float((<Tensor>t)._dtype):
        t = t.astype(float64)
    n = _reduced_count(t, axis)
    centred = t - mean(t, axis, keepdims=True)
    return sum(centred * centred, axis, keepdims=keepdims) / _builtins.max(n - ddof, 0)


def std(x, axis=None, ddof=0, keepdims=False):
    return sqrt(var(x, axis, ddof=ddof, keepdims=keepdims))
