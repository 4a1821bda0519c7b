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
    cdef list axes = [] if _reduces_nothing(axis, t._ndim) else _normalize_axes(axis, t._ndim)
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
        res = _argreduce(is_min, _reshape(t, (-1,)), 0, False)
        if keepdims:
            return res.reshape((1,) * t._ndim)
        return res
    if _reduces_nothing(axis, t._ndim):      # a 0-d input: its one element is at index 0
        return zeros((), dtype=int64)
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


cdef object _reduction_op(int op, int kernel, object x, object axis, bint keepdims):
    """A reduction's public path: gate, compute, record (the axes and keepdims go with it)."""
    cdef bint rec = _needs_grad(x) and _gate(op)
    out = _reduce(kernel, x, axis, keepdims)
    if rec:
        _record(op, out, (x,), {"axis": axis, "keepdims": keepdims})
    return out


cdef object _in_dtype(object x, object dtype):
    """x converted to a reduction's dtype= before reducing (so float32 data sums in float64
    when asked, as NumPy); the conversion is recorded like any astype."""
    cdef Tensor t = x if isinstance(x, Tensor) else asarray(x)
    return t.astype(dtype, copy=False)


def sum(x, axis=None, dtype=None, keepdims=False, *, dim=None, keepdim=None):
    """Sum over `axis` (None: all). Floats are summed pairwise, so float32 sums stay accurate:

        total = 0
        for v in x: total += v      # what it computes; the C loop adds in a balanced tree

    dtype= converts x first (the sum accumulates in that dtype) and gives a result of that dtype.
    """
    if dtype is not None:
        x = _in_dtype(x, dtype)
    res = _reduction_op(OP_SUM, TT_RED_SUM, x, _axis_arg(axis, dim), _keep_arg(keepdims, keepdim))
    return res if dtype is None or res.dtype == dtype else res.astype(dtype)


def prod(x, axis=None, dtype=None, keepdims=False, *, dim=None, keepdim=None):
    """Product over `axis` (None: all): total = 1; for v in x: total *= v. dtype= converts x
    first (the product accumulates in that dtype), as in sum."""
    if dtype is not None:
        x = _in_dtype(x, dtype)
    res = _reduction_op(OP_PROD, TT_RED_PROD, x, _axis_arg(axis, dim), _keep_arg(keepdims, keepdim))
    return res if dtype is None or res.dtype == dtype else res.astype(dtype)


def max(x, axis=None, keepdims=False, *, dim=None, keepdim=None):
    """Largest element over `axis`; NaN propagates."""
    return _reduction_op(OP_MAX, TT_RED_MAX, x, _axis_arg(axis, dim), _keep_arg(keepdims, keepdim))
amax = max


def min(x, axis=None, keepdims=False, *, dim=None, keepdim=None):
    """Smallest element over `axis`; NaN propagates."""
    return _reduction_op(OP_MIN, TT_RED_MIN, x, _axis_arg(axis, dim), _keep_arg(keepdims, keepdim))
amin = min


def any(x, axis=None, keepdims=False, *, dim=None, keepdim=None):
    """Whether some element over `axis` is true (non-zero)."""
    return _reduce(TT_RED_ANY, x, _axis_arg(axis, dim), _keep_arg(keepdims, keepdim))


def all(x, axis=None, keepdims=False, *, dim=None, keepdim=None):
    """Whether every element over `axis` is true (non-zero)."""
    return _reduce(TT_RED_ALL, x, _axis_arg(axis, dim), _keep_arg(keepdims, keepdim))


def argmax(x, axis=None, keepdims=False, *, dim=None, keepdim=None):
    """Index of the first maximum along axis (of the flattened tensor when axis is None)."""
    return _argreduce(False, x, _axis_arg(axis, dim), _keep_arg(keepdims, keepdim))


def argmin(x, axis=None, keepdims=False, *, dim=None, keepdim=None):
    """Index of the first minimum along axis (of the flattened tensor when axis is None)."""
    return _argreduce(True, x, _axis_arg(axis, dim), _keep_arg(keepdims, keepdim))


cdef Py_ssize_t _reduced_count(Tensor t, object axis) except -1:
    cdef Py_ssize_t n = 1
    for a in _normalize_axes(axis, t._ndim):
        n *= t._shape[a]
    return n


def mean(x, axis=None, keepdims=False, *, dtype=None, dim=None, keepdim=None):
    """sum / count over `axis`; integers average in float64. dtype= (a float dtype) converts x
    first, so float32 data averages in float64 when asked."""
    axis = _axis_arg(axis, dim)
    keepdims = _keep_arg(keepdims, keepdim)
    if dtype is not None:
        x = _in_dtype(x, dtype)
    cdef bint rec = _needs_grad(x) and _gate(OP_MEAN)
    cdef Tensor t = asarray(x)
    cdef Py_ssize_t n = _reduced_count(t, axis)
    cdef int odt = t._dtype if _is_float(t._dtype) else TT_FLOAT64
    if odt != TT_FLOAT64 and odt != TT_FLOAT32:
        t = _cast(t, TT_FLOAT32)    # float16 averages in float32, as NumPy
    elif not _is_float(t._dtype):
        t = _cast(t, TT_FLOAT64)    # integers in float64, as NumPy: an int64 sum could wrap
    s = _reduce(TT_RED_SUM, t, axis, keepdims)
    out = _binary(OP_DIVIDE, s, n if n else float("nan"))
    if (<Tensor>out)._dtype != odt:
        out = _cast(out, odt)
    if rec:
        _record(OP_MEAN, out, (x,), {"axis": axis, "keepdims": keepdims})
    return out


cdef object _correction_arg(object ddof, object correction):
    """ddof= (NumPy) or correction= (the array API), not both; 0 by default."""
    if correction is None:
        return 0 if ddof is None else ddof
    if ddof is not None:
        raise ValueError("ddof and correction can't be provided simultaneously.")
    return correction


def var(x, axis=None, ddof=None, keepdims=False, *, correction=None, dim=None, keepdim=None):
    """The variance over `axis`, built from recorded ops:

        var = sum((x - mean(x)) ** 2) / (n - correction)

    correction= is the array API's name for NumPy's ddof= (0: the population variance, 1: the
    sample variance); give one of them."""
    axis = _axis_arg(axis, dim)
    keepdims = _keep_arg(keepdims, keepdim)
    ddof = _correction_arg(ddof, correction)
    t = asarray(x) if not isinstance(x, Tensor) else x
    cdef int dt = (<Tensor>t)._dtype
    if not _is_float(dt):
        t = t.astype(float64)
    elif dt == TT_FLOAT16:
        t = t.astype(float32)           # float16 in float32, as NumPy, rounded once at the end
    n = _reduced_count(t, axis)
    centred = t - mean(t, axis, keepdims=True)
    out = sum(centred * centred, axis, keepdims=keepdims) / _builtins.max(n - ddof, 0)
    return out.astype(float16) if dt == TT_FLOAT16 else out


def std(x, axis=None, ddof=None, keepdims=False, *, correction=None, dim=None, keepdim=None):
    """sqrt(var(x)), built from recorded ops (correction= or ddof= as in var)."""
    return sqrt(var(x, _axis_arg(axis, dim), ddof=ddof, keepdims=_keep_arg(keepdims, keepdim),
                    correction=correction))
