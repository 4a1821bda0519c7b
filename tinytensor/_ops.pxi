# ---- elementwise operations --------------------------------------------------------------
#
# Where `a + b` goes: Tensor.__add__ -> _binary(TT_ADD, a, b) -> dtype promotion and
# broadcasting here -> _execute -> the strided iterator (csrc/iter.c) -> the inner loop
# add_f32 in csrc/elementwise.c, which is, element by element, `out[i] = a[i] + b[i]`.

cdef dict _BINARY_NAMES = {
    TT_ADD: "add", TT_SUB: "subtract", TT_MUL: "multiply", TT_DIV: "divide",
    TT_FLOORDIV: "floor_divide", TT_MOD: "remainder", TT_POW: "power", TT_MAXIMUM: "maximum",
    TT_MINIMUM: "minimum", TT_EQ: "equal", TT_NE: "not_equal", TT_LT: "less", TT_LE: "less_equal",
    TT_GT: "greater", TT_GE: "greater_equal", TT_LOGICAL_AND: "logical_and",
    TT_LOGICAL_OR: "logical_or", TT_LOGICAL_XOR: "logical_xor",
}

cdef inline bint _is_comparison(int op) noexcept:
    return op >= TT_EQ and op <= TT_GE

cdef inline bint _is_logical(int op) noexcept:
    return op >= TT_LOGICAL_AND


cdef bint _can_cast_same_kind(int src, int dst) noexcept:
    """NumPy's 'same_kind' rule for writing results into an existing tensor."""
    if _PROMOTE[src][dst] == dst:
        return True
    return _DTYPE_KINDS[src] == _DTYPE_KINDS[dst]


cdef Tensor _cast(Tensor t, int dt):
    """A C-contiguous copy of t converted to dtype dt."""
    cdef Tensor out = _empty(t._ndim, t._shape, dt)
    cdef Operand ops[2]
    ops[0] = _operand(out)
    ops[1] = _operand(t)
    _execute(tt_cast_loop(t._dtype, dt), NULL, t._ndim, t._shape, ops, 2, 0, True)
    return out


cdef int _binary_dtype(int op, Tensor ta, int ka, object a, Tensor tb, int kb, object b) except -1:
    """The dtype an elementwise op computes in: NEP 50 promotion, then the op's own rule."""
    cdef int dt
    cdef object scalar = None
    if ta is not None and tb is not None:
        dt = _PROMOTE[ta._dtype][tb._dtype]
    elif ta is not None:
        dt = _weak_result(ta._dtype, kb)
        scalar = b if kb == 1 else None
    elif tb is not None:
        dt = _weak_result(tb._dtype, ka)
        scalar = a if ka == 1 else None
    else:
        dt = (TT_BOOL, TT_INT64, TT_FLOAT64)[ka if ka > kb else kb]
    if _is_logical(op):
        return TT_BOOL      # operands convert to bool: a Python int never overflows here
    if op == TT_DIV and not _is_float(dt):
        return TT_FLOAT64   # integers divide in float64: uint8 / 300 is fine, as in NumPy
    if scalar is not None and _is_int(dt):
        lo, hi = _INT_BOUNDS[dt]
        if not (lo <= scalar <= hi):
            if not _is_comparison(op):
                raise OverflowError(f"Python integer {scalar} out of bounds for {_DTYPE_NAMES[dt]}")
            dt = TT_INT64 if -2**63 <= scalar < 2**63 else TT_FLOAT64
    if dt == TT_BOOL:
        if op == TT_SUB:
            raise TypeError("numpy boolean subtract, the `-` operator, is not supported, use the "
                            "bitwise_xor, the `^` operator, or the logical_xor function instead.")
        if op == TT_FLOORDIV or op == TT_MOD or op == TT_POW:
            return TT_UINT8      # NumPy gives int8, which tinytensor does not have
    return dt


cdef object _binary(int op, object a, object b, Tensor out=None):
    """out = a OP b elementwise, with NumPy's broadcasting and NEP 50 promotion.

    The loop it runs, for two tensors of one shape:

        for i in ndindex(shape): out[i] = a[i] OP b[i]
    """
    cdef Tensor ta = None, tb = None, res, target
    cdef int ka = -1, kb = -1, dt, odt, nd
    cdef Py_ssize_t shape[TT_MAXDIM]
    cdef Operand ops[3]
    cdef char abuf[8]
    cdef char bbuf[8]
    cdef tt_loop_ctx ctx
    cdef tt_inner_fn fn
    if isinstance(a, Tensor):
        ta = <Tensor>a
    else:
        ka = _scalar_kind(a)
        if ka < 0:
            ta = asarray(a)
    if isinstance(b, Tensor):
        tb = <Tensor>b
    else:
        kb = _scalar_kind(b)
        if kb < 0:
            tb = asarray(b)
    dt = _binary_dtype(op, ta, ka, a, tb, kb, b)
    odt = TT_BOOL if (_is_comparison(op) or _is_logical(op)) else dt
    fn = tt_binary_loop(op, dt)
    if fn == NULL:
        raise TypeError(f"ufunc '{_BINARY_NAMES[op]}' not supported for the input types "
                        f"({_DTYPE_NAMES[dt]})")
    # operands in the compute dtype: tensors converted when needed, scalars into a buffer
    if ta is not None:
        if ta._dtype != dt:
            ta = _cast(ta, dt)
        ops[1] = _operand(ta)
    else:
        _store_scalar(abuf, dt, a)
        ops[1].data = abuf
        ops[1].ndim = 0
    if tb is not None:
        if tb._dtype != dt:
            tb = _cast(tb, dt)
        ops[2] = _operand(tb)
    else:
        _store_scalar(bbuf, dt, b)
        ops[2].data = bbuf
        ops[2].ndim = 0
    _broadcast_shapes(&ops[1], 2, &nd, shape)
    if out is None:
        res = _empty(nd, shape, odt)
        target = res
    else:
        if not _fits_into(nd, shape, out):
            raise ValueError(f"non-broadcastable output operand with shape "
                             f"{_shape_str(out._ndim, out._shape) if out._ndim else '()'} doesn't match the "
                             f"broadcast shape {_shape_str(nd, shape) if nd else '()'}")
        if not _can_cast_same_kind(odt, out._dtype):
            raise TypeError(f"Cannot cast ufunc '{_BINARY_NAMES[op]}' output from dtype('{_DTYPE_NAMES[odt]}') "
                            f"to dtype('{_DTYPE_NAMES[out._dtype]}') with casting rule 'same_kind'")
        _check_writeable(out)
        res = out
        if odt != out._dtype:
            target = _empty(out._ndim, out._shape, odt)
        else:
            target = out
            # an input that overlaps the output in a different layout is read from a copy
            if ta is not None and _overlaps(target, ta) and not _same_layout(target, ta):
                ta = ta.copy()
                ops[1] = _operand(ta)
            if tb is not None and _overlaps(target, tb) and not _same_layout(target, tb):
                tb = tb.copy()
                ops[2] = _operand(tb)
        nd = out._ndim
        for i in range(nd):
            shape[i] = out._shape[i]
    ops[0] = _operand(target)
    ctx.err = 0
    _execute(fn, &ctx, nd, shape, ops, 3, 0, True)
    if ctx.err == TT_ERR_VALUE:
        raise ValueError("Integers to negative integer powers are not allowed.")
    if target is not res:
        _copy_into(res, target)
    if out is not None:
        _bump_version(out)
    return res


cdef dict _UNARY_NAMES = {
    TT_NEG: "negative", TT_ABS: "absolute", TT_SIGN: "sign", TT_SQUARE: "square", TT_EXP: "exp",
    TT_LOG: "log", TT_SQRT: "sqrt", TT_TANH: "tanh", TT_SIGMOID: "sigmoid", TT_RELU: "relu",
    TT_STEP: "step", TT_LOGICAL_NOT: "logical_not",
}


cdef Tensor _unary(int op, object x, Tensor out=None):
    """out[i] = f(x[i]) elementwise. Transcendental functions of integer inputs compute in
    float64 (float32 for bool and uint8, where NumPy uses float16)."""
    cdef Tensor t = x if isinstance(x, Tensor) else asarray(x)
    cdef int dt = t._dtype
    cdef Operand ops[2]
    cdef tt_inner_fn fn
    if op == TT_EXP or op == TT_LOG or op == TT_SQRT or op == TT_TANH or op == TT_SIGMOID:
        if not _is_float(dt):
            dt = TT_FLOAT32 if dt <= TT_UINT8 else TT_FLOAT64
    elif op == TT_LOGICAL_NOT:
        dt = TT_BOOL
    elif dt == TT_BOOL:
        if op == TT_NEG:
            raise TypeError("The numpy boolean negative, the `-` operator, is not supported, use "
                            "the `~` operator or the logical_not function instead.")
        if op == TT_SIGN:
            raise TypeError("ufunc 'sign' did not contain a loop with signature matching types bool")
        if op == TT_SQUARE:
            dt = TT_UINT8
    if t._dtype != dt:
        t = _cast(t, dt)
    fn = tt_unary_loop(op, dt)
    if fn == NULL:
        raise TypeError(f"ufunc '{_UNARY_NAMES[op]}' not supported for the input type {_DTYPE_NAMES[dt]}")
    if out is None:
        out = _empty(t._ndim, t._shape, dt)
    else:
        _check_writeable(out)
        if out._dtype != dt or out._ndim != t._ndim:
            return _copy_into(out, _unary(op, t))
    ops[0] = _operand(out)
    ops[1] = _operand(t)
    _execute(fn, NULL, t._ndim, t._shape, ops, 2, 0, True)
    return out


cdef Tensor _where(object cond, object x, object y):
    """out[i] = x[i] if cond[i] else y[i], all three broadcast together."""
    cdef Tensor c = cond if isinstance(cond, Tensor) else asarray(cond)
    cdef Tensor tx, ty, out
    cdef int nd
    cdef Py_ssize_t shape[TT_MAXDIM]
    cdef Operand ops[4]
    dt = result_type(x, y).num if not (_scalar_kind(x) >= 0 and _scalar_kind(y) >= 0) else \
        (TT_BOOL, TT_INT64, TT_FLOAT64)[_builtins.max(_scalar_kind(x), _scalar_kind(y))]
    if c._dtype != TT_BOOL:
        c = _cast(c, TT_BOOL)
    tx = _as_dtype_operand(x, dt)
    ty = _as_dtype_operand(y, dt)
    ops[1] = _operand(c)
    ops[2] = _operand(tx)
    ops[3] = _operand(ty)
    _broadcast_shapes(&ops[1], 3, &nd, shape)
    out = _empty(nd, shape, dt)
    ops[0] = _operand(out)
    _execute(tt_where_loop(out._itemsize), NULL, nd, shape, ops, 4, 0, True)
    return out


cdef Tensor _as_dtype_operand(object v, int dt):
    """v as a tensor of dtype dt (Python scalars become 0-d tensors; no copy when it already is)."""
    cdef Tensor t
    if isinstance(v, Tensor):
        t = <Tensor>v
        return t if t._dtype == dt else _cast(t, dt)
    if _scalar_kind(v) >= 0:
        if _is_int(dt) and isinstance(v, int) and not isinstance(v, bool):
            _check_int_fits(v, dt)
        t = _empty(0, NULL, dt)
        _store_scalar(t.data, dt, v)
        return t
    t = asarray(v)
    return t if t._dtype == dt else _cast(t, dt)


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


# ---- matrix products ---------------------------------------------------------------------

cdef Tensor _matmul(object a, object b):
    """NumPy's matmul: 1-D operands are promoted to matrices and the added axis removed after;
    leading (batch) axes broadcast. Every 2-D product is

        for i, j: out[i, j] = sum(a[i, k] * b[k, j] for k in range(K))

    run by the packed GEMM (csrc/gemm.c) for floats, reading transposed and sliced operands
    through their strides without copying them."""
    cdef Tensor ta = a if isinstance(a, Tensor) else asarray(a)
    cdef Tensor tb = b if isinstance(b, Tensor) else asarray(b)
    cdef int dt, i, nbatch, ra, rb
    cdef bint a_vec, b_vec
    if ta._ndim == 0 or tb._ndim == 0:
        raise ValueError(f"matmul: Input operand {0 if ta._ndim == 0 else 1} does not have enough "
                         "dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)")
    dt = _PROMOTE[ta._dtype][tb._dtype]
    if ta._dtype != dt:
        ta = _cast(ta, dt)
    if tb._dtype != dt:
        tb = _cast(tb, dt)
    if ta._ndim == 2 and tb._ndim == 2:
        return _matmul_2d(ta, tb)
    a_vec = ta._ndim == 1
    b_vec = tb._ndim == 1
    if a_vec:
        ta = ta.reshape((1, ta._shape[0]))
    if b_vec:
        tb = tb.reshape((tb._shape[0], 1))
    cdef Py_ssize_t M = ta._shape[ta._ndim - 2], K = ta._shape[ta._ndim - 1]
    cdef Py_ssize_t K2 = tb._shape[tb._ndim - 2], N = tb._shape[tb._ndim - 1]
    if K != K2:
        raise ValueError(f"matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
                         f"signature (n?,k),(k,m?)->(n?,m?) (size {K2} is different from {K})")
    # broadcast the batch axes
    cdef Operand bops[2]
    cdef Py_ssize_t bshape[TT_MAXDIM]
    cdef int bnd
    bops[0].data = ta.data
    bops[0].ndim = ta._ndim - 2
    bops[0].shape = ta._shape
    bops[0].strides = ta._strides
    bops[1].data = tb.data
    bops[1].ndim = tb._ndim - 2
    bops[1].shape = tb._shape
    bops[1].strides = tb._strides
    try:
        _broadcast_shapes(bops, 2, &bnd, bshape)
    except ValueError:
        raise ValueError(f"matmul: operands could not be broadcast together with shapes "
                         f"{_shape_str(ta._ndim, ta._shape)} {_shape_str(tb._ndim, tb._shape)}") from None
    bshape[bnd] = M
    bshape[bnd + 1] = N
    cdef Tensor out = _empty(bnd + 2, bshape, dt)
    if out._size:
        _batched_gemm(ta, tb, out, bnd, bshape, M, N, K)
    if a_vec and b_vec:
        return out.reshape(tuple([bshape[i] for i in range(bnd)]))
    if a_vec:
        return out.reshape(tuple([bshape[i] for i in range(bnd)]) + (N,))
    if b_vec:
        return out.reshape(tuple([bshape[i] for i in range(bnd)]) + (M,))
    return out


cdef Tensor _matmul_2d(Tensor ta, Tensor tb):
    """The common case without batch axes: one kernel call, no shape bookkeeping in Python."""
    cdef Py_ssize_t shape[2]
    cdef int rc = TT_OK
    if ta._shape[1] != tb._shape[0]:
        raise ValueError(f"matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
                         f"signature (n?,k),(k,m?)->(n?,m?) (size {tb._shape[0]} is different from {ta._shape[1]})")
    if not _elem_aligned(ta):
        ta = ta.copy()
    if not _elem_aligned(tb):
        tb = tb.copy()
    shape[0] = ta._shape[0]
    shape[1] = tb._shape[1]
    cdef Tensor out = _empty(2, shape, ta._dtype)
    if out._size == 0:
        return out
    if shape[0] * shape[1] * ta._shape[1] < 32768:
        rc = _gemm_2d(out._dtype, shape[0], shape[1], ta._shape[1], ta.data, ta._strides[0], ta._strides[1],
                      tb.data, tb._strides[0], tb._strides[1], out.data, out._strides[0], out._strides[1],
                      NULL, 0, 0, 0, out._itemsize)
    else:
        with nogil:
            rc = _gemm_2d(out._dtype, shape[0], shape[1], ta._shape[1], ta.data, ta._strides[0], ta._strides[1],
                          tb.data, tb._strides[0], tb._strides[1], out.data, out._strides[0], out._strides[1],
                          NULL, 0, 0, 0, out._itemsize)
    if rc == TT_ERR_NOMEM:
        raise MemoryError("could not allocate the matrix product's packing buffers")
    if rc != TT_OK:
        raise RuntimeError(f"matrix product failed (code {rc})")
    return out


cdef int _gemm_2d(int dt, Py_ssize_t M, Py_ssize_t N, Py_ssize_t K,
                  char *A, Py_ssize_t rsa, Py_ssize_t csa, char *B, Py_ssize_t rsb, Py_ssize_t csb,
                  char *C, Py_ssize_t rsc, Py_ssize_t csc, char *bias, Py_ssize_t bstride,
                  int relu, int accumulate, int itemsize) noexcept nogil:
    """One 2-D product; strides come in bytes and go to the kernels in elements."""
    if dt == TT_FLOAT32:
        return tt_gemm_f32(M, N, K, <float *>A, rsa // 4, csa // 4, <float *>B, rsb // 4, csb // 4,
                           <float *>C, rsc // 4, csc // 4, <float *>bias, bstride // 4, relu, accumulate)
    if dt == TT_FLOAT64:
        return tt_gemm_f64(M, N, K, <double *>A, rsa // 8, csa // 8, <double *>B, rsb // 8, csb // 8,
                           <double *>C, rsc // 8, csc // 8, <double *>bias, bstride // 8, relu, accumulate)
    return tt_matmul_int(dt, M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc)


cdef bint _elem_aligned(Tensor t) noexcept:
    cdef int i
    for i in range(t._ndim):
        if t._strides[i] % t._itemsize:
            return False
    return (<size_t>t.data) % t._itemsize == 0


cdef int _batched_gemm(Tensor ta, Tensor tb, Tensor out, int bnd, Py_ssize_t *bshape,
                       Py_ssize_t M, Py_ssize_t N, Py_ssize_t K) except -1:
    cdef Py_ssize_t nb = 1, idx, rem, offa, offb, offc, j
    cdef int i, rc = 0, dt = out._dtype, ia, ib
    if not _elem_aligned(ta):
        ta = ta.copy()
    if not _elem_aligned(tb):
        tb = tb.copy()
    for i in range(bnd):
        nb *= bshape[i]
    cdef Py_ssize_t rsa = ta._strides[ta._ndim - 2], csa = ta._strides[ta._ndim - 1]
    cdef Py_ssize_t rsb = tb._strides[tb._ndim - 2], csb = tb._strides[tb._ndim - 1]
    cdef Py_ssize_t rsc = out._strides[bnd], csc = out._strides[bnd + 1]
    cdef int oa = bnd - (ta._ndim - 2), ob = bnd - (tb._ndim - 2)
    with nogil:
        for idx in range(nb):
            rem = idx
            offa = offb = offc = 0
            for i in range(bnd - 1, -1, -1):
                j = rem % bshape[i]
                rem = rem // bshape[i]
                offc += j * out._strides[i]
                ia = i - oa
                ib = i - ob
                if ia >= 0 and ta._shape[ia] != 1:
                    offa += j * ta._strides[ia]
                if ib >= 0 and tb._shape[ib] != 1:
                    offb += j * tb._strides[ib]
            rc = _gemm_2d(dt, M, N, K, ta.data + offa, rsa, csa, tb.data + offb, rsb, csb,
                          out.data + offc, rsc, csc, NULL, 0, 0, 0, out._itemsize)
            if rc != TT_OK:
                break
    if rc == TT_ERR_NOMEM:
        raise MemoryError("could not allocate the matrix product's packing buffers")
    if rc != TT_OK:
        raise RuntimeError(f"matrix product failed (code {rc})")
    return 0


cdef Tensor _dot(object a, object b):
    """NumPy's dot: scalars multiply, 1-D . 1-D is the inner product, 2-D is matmul, and N-D
    sums over the last axis of a and the second-to-last of b."""
    cdef Tensor ta = a if isinstance(a, Tensor) else asarray(a)
    cdef Tensor tb = b if isinstance(b, Tensor) else asarray(b)
    if ta._ndim == 0 or tb._ndim == 0:
        return _binary(TT_MUL, ta, tb)
    if tb._ndim <= 2 or ta._ndim == 1 and tb._ndim <= 2:
        ka = ta._shape[ta._ndim - 1]
        kb = tb._shape[0] if tb._ndim == 1 else tb._shape[tb._ndim - 2]
        if ka != kb:
            raise ValueError(f"shapes {_shape_str(ta._ndim, ta._shape)} and {_shape_str(tb._ndim, tb._shape)} "
                             f"not aligned: {ka} (dim {ta._ndim - 1}) != {kb} (dim {_builtins.max(tb._ndim - 2, 0)})")
        return _matmul(ta, tb)
    # N-D b: out[i..., j..., m] = sum_k a[i..., k] * b[j..., k, m]
    ka = ta._shape[ta._ndim - 1]
    kb = tb._shape[tb._ndim - 2]
    if ka != kb:
        raise ValueError(f"shapes {_shape_str(ta._ndim, ta._shape)} and {_shape_str(tb._ndim, tb._shape)} "
                         f"not aligned: {ka} (dim {ta._ndim - 1}) != {kb} (dim {tb._ndim - 2})")
    ashape = ta.shape[:-1]
    bshape = tb.shape[:-2] + tb.shape[-1:]
    b2 = tb.swapaxes(-2, 0).reshape((kb, -1)) if tb._ndim > 1 else tb
    # after swapaxes(-2, 0) the axis order is (k, b1.., b0, m); undo it after the product
    perm_shape = (kb,) + tb.shape[1:-2] + (tb.shape[0],) + tb.shape[-1:] if tb._ndim > 2 else None
    res = _matmul(ta.reshape((-1, ka)), b2)
    res = res.reshape(ashape + perm_shape[1:])
    # res axes: a..., b1.., b0, m  -> a..., b0, b1.., m
    na = len(ashape)
    nbx = tb._ndim - 2
    order = list(range(na)) + [na + nbx - 1] + list(range(na, na + nbx - 1)) + [na + nbx]
    return res.transpose(order).copy()
