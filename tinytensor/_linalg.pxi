# ---- linear algebra: matmul, dot, linear -- all through ONE GEMM call wrapper ----------------
#
#     for i, j: out[i, j] = sum(a[i, k] * b[k, j] for k in range(K))
#
# _gemm_2d is the one door to the kernels (csrc/gemm.c for floats, csrc/products.c for
# integers) and _gemm_raise the one map from their status codes to Python exceptions; _gemm
# (one 2-D product, with the dense layer's bias and relu epilogue) and _gemm_batched (a loop of
# them over broadcast batch axes) are the only callers. Operands are read through their strides
# (transposed or sliced views are never copied); every tensor's data and strides are whole
# elements apart (foreign buffers are aligned on import, _interop.pxi).

cdef int _gemm_2d(int dt, Py_ssize_t M, Py_ssize_t N, Py_ssize_t K,
                  char *A, Py_ssize_t rsa, Py_ssize_t csa, char *B, Py_ssize_t rsb, Py_ssize_t csb,
                  char *C, Py_ssize_t rsc, Py_ssize_t csc, char *bias, Py_ssize_t bstride,
                  int relu, int accumulate) noexcept nogil:
    """One 2-D product; strides come in bytes and go to the float kernels in elements."""
    if dt == TT_FLOAT32:
        return tt_gemm_f32(M, N, K, <float *>A, rsa // 4, csa // 4, <float *>B, rsb // 4, csb // 4,
                           <float *>C, rsc // 4, csc // 4, <float *>bias, bstride // 4, relu, accumulate)
    if dt == TT_FLOAT64:
        return tt_gemm_f64(M, N, K, <double *>A, rsa // 8, csa // 8, <double *>B, rsb // 8, csb // 8,
                           <double *>C, rsc // 8, csc // 8, <double *>bias, bstride // 8, relu, accumulate)
    return tt_matmul_int(dt, M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc)


cdef int _gemm_raise(int rc) except -1:
    """The kernels' status code as a Python exception (TT_OK: nothing)."""
    if rc == TT_ERR_NOMEM:
        raise MemoryError("could not allocate the matrix product's packing buffers")
    if rc != TT_OK:
        raise RuntimeError(f"matrix product failed (code {rc})")
    return 0


cdef int _gemm(Tensor a, Tensor b, Tensor c, Tensor bias=None, int relu=0, int accumulate=0) except -1:
    """c = a @ b (+ bias) (then relu) for 2-D a (M, K), b (K, N), c (M, N) of one dtype;
    c += a @ b when accumulate (then no bias or relu)."""
    cdef int rc
    cdef Py_ssize_t M = a._shape[0], K = a._shape[1], N = b._shape[1]
    cdef char *bp = bias.data if bias is not None else NULL
    cdef Py_ssize_t bstride = bias._strides[0] if bias is not None else 0
    if c._size == 0:
        return 0
    if M * N * K < 32768:     # releasing the GIL costs more than a small product
        rc = _gemm_2d(c._dtype, M, N, K, a.data, a._strides[0], a._strides[1], b.data, b._strides[0],
                      b._strides[1], c.data, c._strides[0], c._strides[1], bp, bstride, relu, accumulate)
    else:
        with nogil:
            rc = _gemm_2d(c._dtype, M, N, K, a.data, a._strides[0], a._strides[1], b.data, b._strides[0],
                          b._strides[1], c.data, c._strides[0], c._strides[1], bp, bstride, relu, accumulate)
    return _gemm_raise(rc)


cdef int _gemm_batched(Tensor ta, Tensor tb, Tensor out, int bnd, Py_ssize_t *bshape,
                       Py_ssize_t M, Py_ssize_t N, Py_ssize_t K) except -1:
    """out[idx] = ta[idx] @ tb[idx] over the broadcast batch index idx (bnd axes of bshape)."""
    cdef Py_ssize_t nb = 1, idx, rem, offa, offb, offc, j
    cdef int i, rc = TT_OK, dt = out._dtype, ia, ib
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
                          out.data + offc, rsc, csc, NULL, 0, 0, 0)
            if rc != TT_OK:
                break
    return _gemm_raise(rc)


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
    if dt == TT_FLOAT16:    # float16 products accumulate in float32, rounded once at the end
        return _cast(_matmul(_cast(ta, TT_FLOAT32), _cast(tb, TT_FLOAT32)), TT_FLOAT16)
    if ta._dtype != dt:
        ta = _cast(ta, dt)
    if tb._dtype != dt:
        tb = _cast(tb, dt)
    if ta._ndim == 2 and tb._ndim == 2:
        return _matmul_2d(ta, tb)
    a_vec = ta._ndim == 1
    b_vec = tb._ndim == 1
    if a_vec:
        ta = _reshape(ta, (1, ta._shape[0]))
    if b_vec:
        tb = _reshape(tb, (tb._shape[0], 1))
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
        _gemm_batched(ta, tb, out, bnd, bshape, M, N, K)
    if a_vec and b_vec:
        return _reshape(out, tuple([bshape[i] for i in range(bnd)]))
    if a_vec:
        return _reshape(out, tuple([bshape[i] for i in range(bnd)]) + (N,))
    if b_vec:
        return _reshape(out, tuple([bshape[i] for i in range(bnd)]) + (M,))
    return out


cdef Tensor _matmul_2d(Tensor ta, Tensor tb):
    """The common case without batch axes: one kernel call, no shape bookkeeping in Python."""
    cdef Py_ssize_t shape[2]
    if ta._shape[1] != tb._shape[0]:
        raise ValueError(f"matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
                         f"signature (n?,k),(k,m?)->(n?,m?) (size {tb._shape[0]} is different from {ta._shape[1]})")
    shape[0] = ta._shape[0]
    shape[1] = tb._shape[1]
    cdef Tensor out = _empty(2, shape, ta._dtype)
    _gemm(ta, tb, out)
    return out


cdef Tensor _dot(object a, object b):
    """NumPy's dot: scalars multiply, 1-D . 1-D is the inner product, 2-D is matmul, and N-D
    sums over the last axis of a and the second-to-last of b."""
    cdef Tensor ta = a if isinstance(a, Tensor) else asarray(a)
    cdef Tensor tb = b if isinstance(b, Tensor) else asarray(b)
    if ta._ndim == 0 or tb._ndim == 0:
        return _binary(OP_MULTIPLY, ta, tb)
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
    perm = list(range(tb._ndim))
    perm[0], perm[tb._ndim - 2] = perm[tb._ndim - 2], perm[0]
    b2 = _reshape(_permute(tb, tuple(perm)), (kb, -1))
    # with axes 0 and -2 exchanged the order is (k, b1.., b0, m); undo it after the product
    perm_shape = (kb,) + tb.shape[1:-2] + (tb.shape[0],) + tb.shape[-1:] if tb._ndim > 2 else None
    res = _matmul(_reshape(ta, (-1, ka)), b2)
    res = _reshape(res, ashape + perm_shape[1:])
    # res axes: a..., b1.., b0, m  -> a..., b0, b1.., m
    na = len(ashape)
    nbx = tb._ndim - 2
    order = list(range(na)) + [na + nbx - 1] + list(range(na, na + nbx - 1)) + [na + nbx]
    return _contiguous_copy(_permute(res, tuple(order)))


def _matmul_into(Tensor a, Tensor b, Tensor out, bint accumulate):
    """out = a @ b, or out += a @ b when accumulate: the GEMM writing into a buffer the caller
    keeps (a gradient buffer reused across training steps), for 2-D float32/float64 operands of
    one dtype. Not recorded by autograd (backward passes call it). Raises before writing when
    out is read-only, of another dtype or shape, or overlaps a or b.

        for i, j: out[i, j] (+)= sum(a[i, k] * b[k, j] for k in range(K))
    """
    if a._ndim != 2 or b._ndim != 2 or out._ndim != 2:
        raise ValueError("_matmul_into needs 2-D operands and output")
    if not (a._dtype == b._dtype == out._dtype) or a._dtype not in (TT_FLOAT32, TT_FLOAT64):
        raise TypeError("_matmul_into needs float32 or float64 operands and output of one dtype")
    if a._shape[1] != b._shape[0] or out._shape[0] != a._shape[0] or out._shape[1] != b._shape[1]:
        raise ValueError(f"_matmul_into: shapes {a.shape} @ {b.shape} do not give {out.shape}")
    _check_writeable(out)
    if _overlaps(out, a) or _overlaps(out, b):
        raise ValueError("_matmul_into: the output overlaps an operand")
    _gemm(a, b, out, None, 0, accumulate)
    _bump_version(out)


def matmul(a, b):
    """Matrix product ``a @ b`` with NumPy's rules (batched, broadcasting leading axes).

    ::

        for i, j:
            out[..., i, j] = sum(a[..., i, k] * b[..., k, j] for k in range(K))

    A 1-D `a` is treated as a row (a 1-D `b` as a column), and that added axis is removed from
    the result; the leading (batch) axes broadcast against each other. Float32 and float64
    run on the packed GEMM; other dtypes on a plain loop.

    Parameters
    ----------
    a : Tensor or array_like
        Left operand, at least 1-D.
    b : Tensor or array_like
        Right operand, at least 1-D.

    Returns
    -------
    Tensor
        The product, in the promoted dtype of `a` and `b`: ``(..., n, m)`` for ``(..., n, k)``
        and ``(..., k, m)`` operands, ``(..., n)`` / ``(..., m)`` when one is 1-D, 0-d when both
        are.

    Raises
    ------
    ValueError
        If an operand is 0-d, the inner lengths differ, or the batch axes do not broadcast
        (NumPy's messages).

    Notes
    -----
    Differentiable in both operands.

    See Also
    --------
    tinytensor.dot, tinytensor.linear, tinytensor.einsum

    Examples
    --------
    >>> a = tt.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> tt.matmul(a, a)
    tensor([[ 7., 10.],
            [15., 22.]])
    >>> tt.matmul(a, tt.tensor([1.0, 1.0]))
    tensor([3., 7.])
    >>> tt.matmul(tt.ones((3, 2, 2)), a).shape
    (3, 2, 2)
    >>> tt.matmul(a, tt.ones((3, 2)))
    Traceback (most recent call last):
        ...
    ValueError: matmul: Input operand 1 has a mismatch in its core dimension 0, ...
    """
    cdef bint rec = _needs_grad2(a, b) and _gate(OP_MATMUL)
    out = _matmul(a, b)
    if rec:
        _record(OP_MATMUL, out, (a, b))
    return out


def dot(a, b):
    """NumPy's dot product: scalar, inner, matrix or tensor product depending on the dimensions.

    - a 0-d operand: ``a * b``;
    - 1-D with 1-D: the inner product ``sum(a[k] * b[k])``;
    - 2-D with 2-D (or 1-D): the matrix product, as `tinytensor.matmul`;
    - N-D with M-D: a sum over the last axis of `a` and the second-to-last of `b`::

        out[i..., j..., m] = sum(a[i..., k] * b[j..., k, m] for k in range(K))

    Parameters
    ----------
    a : Tensor, array_like or scalar
        Left operand.
    b : Tensor, array_like or scalar
        Right operand.

    Returns
    -------
    Tensor
        The product in the promoted dtype; shape ``a.shape[:-1] + b.shape[:-2] + b.shape[-1:]``
        in the N-D case.

    Raises
    ------
    ValueError
        If the summed lengths differ ("shapes ... not aligned").

    Notes
    -----
    Differentiable in both operands. Unlike PyTorch's ``dot`` it is not limited to 1-D.

    See Also
    --------
    tinytensor.matmul, tinytensor.vdot, tinytensor.inner, tinytensor.tensordot

    Examples
    --------
    >>> v = tt.tensor([1.0, 2.0])
    >>> tt.dot(v, v)
    tensor(5.)
    >>> tt.dot(tt.tensor([[1.0, 2.0], [3.0, 4.0]]), v)
    tensor([ 5., 11.])
    >>> tt.dot(2, v)
    tensor([2., 4.])
    >>> tt.dot(tt.ones((2, 3, 4)), tt.ones((5, 4, 6))).shape
    (2, 3, 5, 6)
    """
    cdef bint rec = _needs_grad2(a, b) and _gate(OP_DOT)
    out = _dot(a, b)
    if rec:
        _record(OP_DOT, out, (a, b))
    return out


def outer(a, b):
    """Outer product of the flattened `a` and `b`: ``out[i, j] = a[i] * b[j]``.

    ::

        for i in range(a.size):
            for j in range(b.size):
                out[i, j] = a.ravel()[i] * b.ravel()[j]

    Parameters
    ----------
    a : Tensor or array_like
        Left operand (flattened).
    b : Tensor or array_like
        Right operand (flattened).

    Returns
    -------
    Tensor
        Shape ``(a.size, b.size)``, the promoted dtype.

    Notes
    -----
    Differentiable (a recorded broadcast multiply).

    See Also
    --------
    tinytensor.linalg.outer, tinytensor.matmul

    Examples
    --------
    >>> tt.outer(tt.tensor([1, 2]), tt.tensor([3, 4, 5]))
    tensor([[ 3,  4,  5],
            [ 6,  8, 10]])
    """
    a = asarray(a).reshape(-1)
    b = asarray(b).reshape(-1)
    return a.reshape((-1, 1)) * b.reshape((1, -1))


def vdot(a, b):
    """Dot product of the flattened `a` and `b`: ``sum(a.ravel()[i] * b.ravel()[i])``.

    ::

        total = 0
        for i in range(a.size):
            total += a.ravel()[i] * b.ravel()[i]

    Parameters
    ----------
    a : Tensor or array_like
        Left operand (flattened).
    b : Tensor or array_like
        Right operand (flattened), as many elements as `a`.

    Returns
    -------
    Tensor
        0-d, the promoted dtype.

    Raises
    ------
    ValueError
        If `a` and `b` have different sizes.

    Notes
    -----
    Differentiable. There are no complex dtypes, so NumPy's conjugation of `a` does not
    arise.

    See Also
    --------
    tinytensor.dot, tinytensor.vecdot

    Examples
    --------
    >>> a = tt.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> tt.vdot(a, a)
    tensor(30.)
    """
    return dot(asarray(a).reshape(-1), asarray(b).reshape(-1))


def inner(a, b):
    """Inner product over the last axes of `a` and `b` (NumPy's inner).

    ::

        out[i..., j...] = sum(a[i..., k] * b[j..., k] for k in range(K))

    Parameters
    ----------
    a : Tensor, array_like or scalar
        Left operand.
    b : Tensor, array_like or scalar
        Right operand; its last axis has the length of `a`'s.

    Returns
    -------
    Tensor
        Shape ``a.shape[:-1] + b.shape[:-1]``, the promoted dtype.

    Raises
    ------
    ValueError
        If the last lengths differ.

    Notes
    -----
    Differentiable.

    See Also
    --------
    tinytensor.dot, tinytensor.vdot

    Examples
    --------
    >>> a = tt.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> tt.inner(a, a)
    tensor([[ 5., 11.],
            [11., 25.]])
    >>> tt.inner(tt.tensor([1.0, 2.0]), tt.tensor([3.0, 4.0]))
    tensor(11.)
    """
    return dot(a, asarray(b).swapaxes(-1, -2) if asarray(b).ndim > 1 else b)


def linear(x, W, b=None, activation=None):
    """A dense layer in one GEMM call: ``x @ W + b``, then relu when asked.

    The bias and relu are applied to each output tile while it is still in registers::

        for i, j:
            out[i, j] = relu(sum(x[i, k] * W[k, j] for k in range(K)) + b[j])

    Parameters
    ----------
    x : Tensor or array_like
        The input, ``(..., in_features)`` (leading axes are batch axes).
    W : Tensor or array_like
        The weight, ``(in_features, out_features)`` (Keras's layout; PyTorch's
        ``F.linear`` takes its transpose).
    b : Tensor or array_like, optional
        The bias, ``(out_features,)``; None for none.
    activation : {None, "relu"}, optional
        Apply relu in the same pass.

    Returns
    -------
    Tensor
        ``(..., out_features)``, the promoted dtype of the operands.

    Raises
    ------
    ValueError
        If `activation` is not None or "relu", or the shapes do not fit (matmul's messages).

    Notes
    -----
    Differentiable in `x`, `W` and `b`. Inputs that are not a plain float32/float64 dense
    layer (integers, float16, a batched `W`, a 2-D bias) give the same result from the
    separate ops.

    See Also
    --------
    tinytensor.matmul, tinytensor.relu

    Examples
    --------
    >>> x = tt.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> W = tt.tensor([[1.0, -1.0], [0.5, -2.0]])
    >>> tt.linear(x, W, tt.tensor([0.0, 1.0]))
    tensor([[  2.,  -4.],
            [  5., -10.]])
    >>> tt.linear(x, W, tt.tensor([0.0, 1.0]), activation="relu")
    tensor([[2., 0.],
            [5., 0.]])
    """
    if activation not in (None, "relu"):
        raise ValueError(f"linear: activation must be None or 'relu', not {activation!r}")
    cdef bint rec = tt_grad_enabled and (_rg(x) or _rg(W) or _rg(b)) and _gate(OP_LINEAR)
    out = _linear(x, W, b, activation == "relu")
    if rec:
        _record(OP_LINEAR, out, (x, W, b), {"activation": activation})
    return out


cdef Tensor _linear(object x, object W, object b, bint relu):
    cdef Tensor tx = x if isinstance(x, Tensor) else asarray(x)
    cdef Tensor tw = W if isinstance(W, Tensor) else asarray(W)
    cdef Tensor tb = None if b is None else (b if isinstance(b, Tensor) else asarray(b))
    cdef int dt = _PROMOTE[tx._dtype][tw._dtype]
    if tb is not None:
        dt = _PROMOTE[dt][tb._dtype]
    if not _is_float(dt) or dt == TT_FLOAT16 or tw._ndim != 2 or tx._ndim < 1 or (tb is not None and tb._ndim != 1) \
            or tx._shape[tx._ndim - 1] != tw._shape[0] or (tb is not None and tb._shape[0] != tw._shape[1]):
        # not a plain dense layer (integers, a batched W, a 2-D bias, a shape error): the
        # same result from the separate ops, which also raise NumPy's shape errors
        y = _matmul(tx, tw)
        if tb is not None:
            y = _binary(OP_ADD, y, tb)
        return _unary(OP_RELU, y) if relu else y
    if tx._dtype != dt:
        tx = _cast(tx, dt)
    if tw._dtype != dt:
        tw = _cast(tw, dt)
    if tb is not None and tb._dtype != dt:
        tb = _cast(tb, dt)
    cdef Tensor x2 = _reshape(tx, (-1, tx._shape[tx._ndim - 1])) if tx._ndim != 2 else tx
    cdef Py_ssize_t shape[2]
    shape[0] = x2._shape[0]
    shape[1] = tw._shape[1]
    cdef Tensor out = _empty(2, shape, dt)
    _gemm(x2, tw, out, tb, relu)
    if tx._ndim != 2:
        return _reshape(out, tx.shape[:-1] + (tw._shape[1],))
    return out
