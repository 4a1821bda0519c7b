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


def matmul(a, b):
    """Matrix product with NumPy's rules (1-D promotion, broadcast batch axes); see _matmul."""
    if _track2(a, b):
        return _dispatch_hook("matmul", (a, b), {})
    return _matmul(a, b)


def dot(a, b):
    """NumPy's dot (see _dot)."""
    if _track2(a, b):
        return _dispatch_hook("dot", (a, b), {})
    return _dot(a, b)


def outer(a, b):
    """out[i, j] = a[i] * b[j] for the flattened a and b."""
    a = asarray(a).reshape(-1)
    b = asarray(b).reshape(-1)
    return a.reshape((-1, 1)) * b.reshape((1, -1))


def vdot(a, b):
    return dot(asarray(a).reshape(-1), asarray(b).reshape(-1))


def inner(a, b):
    return dot(a, asarray(b).swapaxes(-1, -2) if asarray(b).ndim > 1 else b)


def linear(x, W, b=None, activation=None):
    """x @ W + b, then relu when activation == "relu": a dense layer in one GEMM call, the bias
    and relu applied to each output tile while it is still in registers. W is (in, out)."""
    if activation not in (None, "relu"):
        raise ValueError(f"linear: activation must be None or 'relu', not {activation!r}")
    if _grad_enabled and _dispatch_hook is not None and (_rg(x) or _rg(W) or _rg(b)):
        return _dispatch_hook("linear", (x, W, b), {"activation": activation})
    cdef Tensor tx = x if isinstance(x, Tensor) else asarray(x)
    cdef Tensor tw = W if isinstance(W, Tensor) else asarray(W)
    cdef Tensor tb = None if b is None else (b if isinstance(b, Tensor) else asarray(b))
    cdef int dt = _PROMOTE[tx._dtype][tw._dtype]
    if tb is not None:
        dt = _PROMOTE[dt][tb._dtype]
    if not _is_float(dt) or tw._ndim != 2 or tx._ndim < 1 or (tb is not None and tb._ndim != 1) \
            or tx._shape[tx._ndim - 1] != tw._shape[0] or (tb is not None and tb._shape[0] != tw._shape[1]):
        y = _matmul(tx, tw)
        if tb is not None:
            y = _binary(TT_ADD, y, tb)
        return _unary(TT_RELU, y) if activation == "relu" else y
    if tx._dtype != dt:
        tx = _cast(tx, dt)
    if tw._dtype != dt:
        tw = _cast(tw, dt)
    if tb is not None and tb._dtype != dt:
        tb = _cast(tb, dt)
    cdef Tensor x2 = tx.reshape((-1, tx._shape[tx._ndim - 1])) if tx._ndim != 2 else tx
    if not _elem_aligned(x2):
        x2 = x2.copy()
    if not _elem_aligned(tw):
        tw = tw.copy()
    cdef Py_ssize_t shape[2]
    shape[0] = x2._shape[0]
    shape[1] = tw._shape[1]
    cdef Tensor out = _empty(2, shape, dt)
    cdef int rc = TT_OK
    cdef int relu = activation == "relu"
    cdef char *bias = tb.data if tb is not None else NULL
    cdef Py_ssize_t bstride = tb._strides[0] if tb is not None else 0
    if out._size:
        with nogil:
            rc = _gemm_2d(dt, x2._shape[0], tw._shape[1], x2._shape[1], x2.data, x2._strides[0], x2._strides[1],
                          tw.data, tw._strides[0], tw._strides[1], out.data, out._strides[0], out._strides[1],
                          bias, bstride, relu, 0, out._itemsize)
        if rc == TT_ERR_NOMEM:
            raise MemoryError("could not allocate the matrix product's packing buffers")
    if tx._ndim != 2:
        return out.reshape(tx.shape[:-1] + (tw._shape[1],))
    return out
