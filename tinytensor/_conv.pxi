# ---- convolution and pooling: im2col and col2im in C (csrc/conv.c), products by the GEMM ----------
#
# A 2-D convolution is the loop (tinytensor.naive.naive_conv2d writes it out)
#
#     for n, oc, oh, ow:
#         out[n, oc, oh, ow] = bias[oc] + sum(x[n, g*Cg + c, oh*sh - pad_top + kh*dh, ow*sw - pad_left + kw*dw]
#                                             * w[oc, c, kh, kw]   for c < Cg, kh < KH, kw < KW)
#
# (g = oc // (OC / groups) is the group of oc, Cg = C / groups its input channels; taps outside
# the image read 0.) It runs as a matrix product: csrc/conv.c copies the receptive fields into a
# matrix (im2col) and the packed GEMM multiplies it by the kernels, through _gemm_2d, the one
# door to the GEMM (_linalg.pxi):
#
#   channels_last  (x: N, H, W, C; w: KH, KW, Cg, OC, Keras's layout):
#       out[pixels, OC] = col[pixels, (kh, kw, c)] @ w[(kh, kw, c), OC]     bias and relu fused
#   channels_first (x: N, C, H, W; w: OC, Cg, KH, KW, PyTorch's layout):
#       tmp[OC, pixels] = w[OC, (c, kh, kw)] @ col[(c, kh, kw), pixels], then out[n, oc, :] = tmp[oc, n's pixels]
#
# one product per group. The images go through in chunks whose im2col matrix fits in
# _CONV_BUFFER_BYTES, so memory stays bounded for any batch (Ctrl-C is honoured between chunks).
# The backward pass (_conv2d_backward, called by tinytensor.autograd) runs the transposed products
# dW = col^T @ dout and dcol = dout @ W^T, then col2im adds dcol back onto the input positions.
#
# Pooling is a loop over windows (csrc/conv.c); max pooling also records where each maximum
# was (PyTorch's indices, ih * W + iw), and its backward routes the gradient there.
#
# Every argument is checked before anything is allocated: ValueError naming the shapes for
# geometry that does not fit, TypeError for arguments of the wrong type.

cdef Py_ssize_t _CONV_BUFFER_BYTES = 1 << 20      # per im2col matrix (the GEMM packs it in cache blocks)


def _conv_buffer_bytes(n=None):
    """The im2col buffer budget in bytes (returns the old one; sets it when n is given): the
    tests shrink it to run the chunked path on small inputs."""
    global _CONV_BUFFER_BYTES
    old = _CONV_BUFFER_BYTES
    if n is not None:
        _CONV_BUFFER_BYTES = _builtins.max(1, int(n))
    return old


cdef int _conv_format(object data_format, str op) except -1:
    """0 for channels_first (N, C, H, W), 1 for channels_last (N, H, W, C)."""
    if data_format in ("channels_first", "NCHW"):
        return 0
    if data_format in ("channels_last", "NHWC"):
        return 1
    raise ValueError(f"{op}: data_format must be 'channels_first' (N, C, H, W) or 'channels_last' "
                     f"(N, H, W, C), not {data_format!r}")


cdef Py_ssize_t _conv_int(object v, str what, str op) except? -1:
    if isinstance(v, (bool, float)) or not hasattr(type(v), "__index__"):
        raise TypeError(f"{op}: {what} must be an int or a pair of ints, not {v!r}")
    return operator.index(v)


cdef tuple _conv_pair(object v, str what, str op):
    """An int or a pair of ints as (a, b)."""
    if isinstance(v, (tuple, list)):
        if len(v) != 2:
            raise ValueError(f"{op}: {what} must be an int or a pair of ints, got {v!r}")
        return (_conv_int(v[0], what, op), _conv_int(v[1], what, op))
    cdef Py_ssize_t a = _conv_int(v, what, op)
    return (a, a)


cdef tuple _same_padding(Py_ssize_t size, Py_ssize_t k, Py_ssize_t s, Py_ssize_t d):
    """TensorFlow's "same": the output has ceil(size / s) positions; the padding it needs goes
    half before, the odd one after (for stride 1 this is PyTorch's padding='same')."""
    cdef Py_ssize_t out = (size + s - 1) // s
    cdef Py_ssize_t total = (out - 1) * s + (k - 1) * d + 1 - size
    if total < 0:
        total = 0
    return (total // 2, total - total // 2)


cdef tuple _conv_padding(object padding, Py_ssize_t H, Py_ssize_t W, Py_ssize_t KH, Py_ssize_t KW,
                         tuple stride, tuple dilation, str op):
    """padding as (top, bottom, left, right): "valid", "same", an int, a pair (rows, columns), or
    a pair of pairs ((top, bottom), (left, right))."""
    cdef tuple pads
    if isinstance(padding, str):
        mode = padding.lower()
        if mode == "valid":
            return (0, 0, 0, 0)
        if mode == "same":
            return (_same_padding(H, KH, stride[0], dilation[0]) + _same_padding(W, KW, stride[1], dilation[1]))
        raise ValueError(f"{op}: padding must be 'valid', 'same', an int or a pair, not {padding!r}")
    if isinstance(padding, (tuple, list)) and len(padding) == 2 and isinstance(padding[0], (tuple, list)):
        if not isinstance(padding[1], (tuple, list)) or len(padding[0]) != 2 or len(padding[1]) != 2:
            raise ValueError(f"{op}: padding must be ((top, bottom), (left, right)), got {padding!r}")
        pads = (_conv_int(padding[0][0], "padding", op), _conv_int(padding[0][1], "padding", op),
                _conv_int(padding[1][0], "padding", op), _conv_int(padding[1][1], "padding", op))
    else:
        p = _conv_pair(padding, "padding", op)
        pads = (p[0], p[0], p[1], p[1])
    if _builtins.min(pads) < 0:
        raise ValueError(f"{op}: padding must be non-negative, got {padding!r}")
    return pads


cdef tuple _positive_pair(object v, str what, str op):
    cdef tuple p = _conv_pair(v, what, op)
    if p[0] <= 0 or p[1] <= 0:
        raise ValueError(f"{op}: {what} must be positive, got {v!r}")
    return p


cdef Py_ssize_t _out_size(Py_ssize_t size, Py_ssize_t before, Py_ssize_t after, Py_ssize_t k,
                          Py_ssize_t s, Py_ssize_t d, bint ceil_mode):
    """Output positions along one axis; 0 when the (dilated) kernel is larger than the padded input."""
    cdef Py_ssize_t span = size + before + after - (k - 1) * d - 1
    cdef Py_ssize_t n
    if span < 0:
        return 0
    n = (span + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (n - 1) * s >= size + before:     # the last window must start inside
        n -= 1
    return n


cdef void _nchw_strides(Tensor t, int fmt, Py_ssize_t *s) noexcept:
    """t's strides in ELEMENTS for the logical axes (n, c, h, w)."""
    cdef Py_ssize_t isz = t._itemsize
    if fmt == 0:
        s[0] = t._strides[0] // isz
        s[1] = t._strides[1] // isz
        s[2] = t._strides[2] // isz
        s[3] = t._strides[3] // isz
    else:
        s[0] = t._strides[0] // isz
        s[1] = t._strides[3] // isz
        s[2] = t._strides[1] // isz
        s[3] = t._strides[2] // isz


cdef void _fill_geom(tt_conv_geom *g, Py_ssize_t N, Py_ssize_t C, Py_ssize_t H, Py_ssize_t W,
                     Py_ssize_t KH, Py_ssize_t KW, tuple spec, Py_ssize_t OH, Py_ssize_t OW):
    """spec = (stride_h, stride_w, pad_top, pad_bottom, pad_left, pad_right, dil_h, dil_w, ...)."""
    g.N = N
    g.C = C
    g.H = H
    g.W = W
    g.KH = KH
    g.KW = KW
    g.OH = OH
    g.OW = OW
    g.stride_h = spec[0]
    g.stride_w = spec[1]
    g.pad_top = spec[2]
    g.pad_bottom = spec[3]
    g.pad_left = spec[4]
    g.pad_right = spec[5]
    g.dil_h = spec[6]
    g.dil_w = spec[7]


cdef tuple _image_dims(Tensor t, int fmt):
    """(N, C, H, W) of a 4-D tensor in either layout."""
    if fmt == 0:
        return (t._shape[0], t._shape[1], t._shape[2], t._shape[3])
    return (t._shape[0], t._shape[3], t._shape[1], t._shape[2])


cdef Tensor _empty_image(Py_ssize_t N, Py_ssize_t C, Py_ssize_t H, Py_ssize_t W, int fmt, int dt, bint zero=False):
    """A new C-contiguous (N, C, H, W) or (N, H, W, C) tensor."""
    cdef Py_ssize_t shape[4]
    shape[0] = N
    shape[1] = C if fmt == 0 else H
    shape[2] = H if fmt == 0 else W
    shape[3] = W if fmt == 0 else C
    return _empty(4, shape, dt, zero)


cdef int _conv_raise(void *p, Py_ssize_t nbytes, str op) except -1:
    if p == NULL:
        raise MemoryError(f"{op}: could not allocate a {nbytes}-byte im2col buffer")
    return 0


cdef Py_ssize_t _chunk_images(Py_ssize_t per_image_bytes, Py_ssize_t N) noexcept:
    """How many images one im2col buffer of _CONV_BUFFER_BYTES holds (at least 1)."""
    cdef Py_ssize_t n = _CONV_BUFFER_BYTES // per_image_bytes if per_image_bytes > 0 else N
    if n < 1:
        n = 1
    return n if n < N else N


# ---- convolution: arguments ----

cdef inline int _compute_dtype(int dt) noexcept:
    """The dtype the C loops run in for float data of dtype dt: float16 computes in float32 (as
    the GEMM's float16 products) and the result is rounded back once."""
    return TT_FLOAT32 if dt == TT_FLOAT16 else dt


cdef tuple _conv2d_prepare(object x, object weight, object bias, object stride, object padding,
                           object dilation, object groups, int fmt):
    """Checks every argument before anything is allocated; returns (x, weight, bias, spec, OH, OW)
    converted to one float dtype, spec = (sh, sw, pad_top, pad_bottom, pad_left, pad_right, dh, dw, groups)."""
    cdef str op = "conv2d"
    cdef Tensor tx = x if isinstance(x, Tensor) else asarray(x)
    cdef Tensor tw = weight if isinstance(weight, Tensor) else asarray(weight)
    cdef Tensor tb = None if bias is None else (bias if isinstance(bias, Tensor) else asarray(bias))
    layout = "(N, C, H, W)" if fmt == 0 else "(N, H, W, C)"
    wlayout = "(out_channels, in_channels / groups, KH, KW)" if fmt == 0 else "(KH, KW, in_channels / groups, out_channels)"
    if tx._ndim != 4:
        raise ValueError(f"{op}: expected a 4-D input {layout}, got an input of shape {tx.shape}")
    if tw._ndim != 4:
        raise ValueError(f"{op}: expected a 4-D weight {wlayout}, got a weight of shape {tw.shape}")
    cdef int dt = _PROMOTE[tx._dtype][tw._dtype]
    if tb is not None:
        dt = _PROMOTE[dt][tb._dtype]
    if not _is_float(dt):
        raise TypeError(f"{op}: needs float32 or float64 data, got input {_DTYPE_NAMES[tx._dtype]} and "
                        f"weight {_DTYPE_NAMES[tw._dtype]}")
    if isinstance(groups, bool) or not hasattr(type(groups), "__index__"):
        raise TypeError(f"{op}: groups must be an int, not {groups!r}")
    cdef Py_ssize_t G = operator.index(groups)
    if G <= 0:
        raise ValueError(f"{op}: groups must be positive, got {G}")
    N, C, H, W = _image_dims(tx, fmt)
    if fmt == 0:
        OC, Cg, KH, KW = tw.shape
    else:
        KH, KW, Cg, OC = tw.shape
    if C % G:
        raise ValueError(f"{op}: in_channels={C} (input of shape {tx.shape}) is not divisible by groups={G}")
    if OC % G:
        raise ValueError(f"{op}: out_channels={OC} (weight of shape {tw.shape}) is not divisible by groups={G}")
    if Cg * G != C:
        raise ValueError(f"{op}: given groups={G}, weight of shape {tw.shape} expects input {layout} with "
                         f"{Cg * G} channels, but the input of shape {tx.shape} has {C}")
    if tb is not None and (tb._ndim != 1 or tb._shape[0] != OC):
        raise ValueError(f"{op}: bias of shape {tb.shape} does not match the {OC} output channels of the "
                         f"weight of shape {tw.shape}")
    st = _positive_pair(stride, "stride", op)
    dil = _positive_pair(dilation, "dilation", op)
    pads = _conv_padding(padding, H, W, KH, KW, st, dil, op)
    if KH == 0 or KW == 0:
        raise ValueError(f"{op}: the kernel of weight of shape {tw.shape} is empty")
    OH = _out_size(H, pads[0], pads[1], KH, st[0], dil[0], False)
    OW = _out_size(W, pads[2], pads[3], KW, st[1], dil[1], False)
    if OH <= 0 or OW <= 0:
        raise ValueError(f"{op}: the kernel ({KH}, {KW}) (dilated: ({(KH - 1) * dil[0] + 1}, "
                         f"{(KW - 1) * dil[1] + 1})) is larger than the padded input "
                         f"({H + pads[0] + pads[1]}, {W + pads[2] + pads[3]}) (input of shape {tx.shape}, "
                         f"weight of shape {tw.shape}, padding {pads})")
    # all checked: convert (these allocate)
    cdef int ct = _compute_dtype(dt)
    if tx._dtype != ct:
        tx = _cast(tx, ct)
    if tw._dtype != ct:
        tw = _cast(tw, ct)
    if not tw._c_contig:               # the kernels are read as one dense matrix (small: a copy)
        tw = _contiguous_copy(tw)
    if tb is not None and tb._dtype != ct:
        tb = _cast(tb, ct)
    spec = (st[0], st[1], pads[0], pads[1], pads[2], pads[3], dil[0], dil[1], G)
    return tx, tw, tb, spec, OH, OW, dt


# ---- the C kernels by dtype (float32 or float64) ----

cdef inline void _im2col_rows(int dt, const tt_conv_geom *g, const char *x, const Py_ssize_t *xs, Py_ssize_t n0,
                              Py_ssize_t n1, Py_ssize_t c0, Py_ssize_t cg, char *col) noexcept nogil:
    if dt == TT_FLOAT32:
        tt_im2col_rows_f32(g, <const float *>x, xs, n0, n1, c0, cg, <float *>col)
    else:
        tt_im2col_rows_f64(g, <const double *>x, xs, n0, n1, c0, cg, <double *>col)


cdef inline void _col2im_rows(int dt, const tt_conv_geom *g, const char *col, Py_ssize_t n0, Py_ssize_t n1,
                              Py_ssize_t c0, Py_ssize_t cg, char *dx, const Py_ssize_t *dxs) noexcept nogil:
    if dt == TT_FLOAT32:
        tt_col2im_rows_f32(g, <const float *>col, n0, n1, c0, cg, <float *>dx, dxs)
    else:
        tt_col2im_rows_f64(g, <const double *>col, n0, n1, c0, cg, <double *>dx, dxs)


cdef inline void _im2col_cols(int dt, const tt_conv_geom *g, const char *x, const Py_ssize_t *xs,
                              Py_ssize_t n0, Py_ssize_t n1, char *col) noexcept nogil:
    if dt == TT_FLOAT32:
        tt_im2col_cols_f32(g, <const float *>x, xs, n0, n1, <float *>col)
    else:
        tt_im2col_cols_f64(g, <const double *>x, xs, n0, n1, <double *>col)


cdef inline void _col2im_cols(int dt, const tt_conv_geom *g, const char *col, Py_ssize_t n0, Py_ssize_t n1,
                              char *dx, const Py_ssize_t *dxs) noexcept nogil:
    if dt == TT_FLOAT32:
        tt_col2im_cols_f32(g, <const float *>col, n0, n1, <float *>dx, dxs)
    else:
        tt_col2im_cols_f64(g, <const double *>col, n0, n1, <double *>dx, dxs)


cdef inline void _conv_unpack(int dt, const char *mat, Py_ssize_t OC, Py_ssize_t n0, Py_ssize_t n1, Py_ssize_t P,
                              const char *bias, Py_ssize_t bias_stride, int relu, char *out) noexcept nogil:
    if dt == TT_FLOAT32:
        tt_conv_unpack_f32(<const float *>mat, OC, n0, n1, P, <const float *>bias, bias_stride, relu, <float *>out)
    else:
        tt_conv_unpack_f64(<const double *>mat, OC, n0, n1, P, <const double *>bias, bias_stride, relu, <double *>out)


cdef inline void _conv_pack(int dt, const char *d, const Py_ssize_t *ds, const char *out, Py_ssize_t OC,
                            Py_ssize_t n0, Py_ssize_t n1, Py_ssize_t OH, Py_ssize_t OW, char *mat,
                            char *bias_grad) noexcept nogil:
    if dt == TT_FLOAT32:
        tt_conv_pack_f32(<const float *>d, ds, <const float *>out, OC, n0, n1, OH, OW, <float *>mat,
                         <float *>bias_grad)
    else:
        tt_conv_pack_f64(<const double *>d, ds, <const double *>out, OC, n0, n1, OH, OW, <double *>mat,
                         <double *>bias_grad)


cdef inline int _conv_grad_rows(int dt, const char *d, Py_ssize_t rs, Py_ssize_t cs, const char *out,
                                Py_ssize_t rows, Py_ssize_t cols, char *dst, char *bias_grad) noexcept nogil:
    if dt == TT_FLOAT32:
        return tt_conv_grad_rows_f32(<const float *>d, rs, cs, <const float *>out, rows, cols, <float *>dst,
                                     <float *>bias_grad)
    return tt_conv_grad_rows_f64(<const double *>d, rs, cs, <const double *>out, rows, cols, <double *>dst,
                                 <double *>bias_grad)


# ---- convolution: forward ----

cdef bint _direct_rows(const tt_conv_geom *g, const Py_ssize_t *xs) noexcept:
    """A 1x1 kernel with stride 1 and no padding reads each pixel's channels as they are: when the
    input's pixels are evenly spaced, it is its own im2col matrix (no copy)."""
    return (g.KH == 1 and g.KW == 1 and g.stride_h == 1 and g.stride_w == 1 and g.pad_top == 0
            and g.pad_left == 0 and g.OH == g.H and g.OW == g.W
            and xs[0] == g.H * xs[2] and xs[2] == g.W * xs[3])


cdef int _conv_forward_rows(tt_conv_geom *g, Tensor x, Py_ssize_t *xs, Tensor w, Tensor b,
                            Py_ssize_t G, bint relu, Tensor out) except -1:
    """channels_last: out[pixels, OC] = col[pixels, (kh, kw, c)] @ w[(kh, kw, c), OC] per group,
    the bias and relu applied by the GEMM's epilogue."""
    cdef int dt = out._dtype, rc = TT_OK
    cdef Py_ssize_t isz = out._itemsize, N = g.N, Cg = g.C // G, OC = out._shape[3], OCg = OC // G
    cdef Py_ssize_t P = g.OH * g.OW, K = g.KH * g.KW * Cg
    cdef bint direct = _direct_rows(g, xs)
    cdef Py_ssize_t nimg = N if direct else _chunk_images(P * K * isz, N)
    cdef Py_ssize_t nbytes = nimg * P * K * isz, n0, n1, grp, rsa, csa
    cdef char *col = NULL
    cdef char *A
    cdef char *bp = b.data if b is not None else NULL
    cdef Py_ssize_t bst = b._strides[0] if b is not None else 0
    if not direct:
        col = <char *>tt_alloc(nbytes, 0)
        _conv_raise(col, nbytes, "conv2d")
    try:
        for n0 in range(0, N, nimg):
            n1 = n0 + nimg if n0 + nimg < N else N
            with nogil:
                for grp in range(G):
                    if direct:
                        A = x.data + (n0 * xs[0] + grp * Cg * xs[1]) * isz
                        rsa = xs[3] * isz
                        csa = xs[1] * isz
                    else:
                        _im2col_rows(dt, g, x.data, xs, n0, n1, grp * Cg, Cg, col)
                        A = col
                        rsa = K * isz
                        csa = isz
                    rc = _gemm_2d(dt, (n1 - n0) * P, OCg, K, A, rsa, csa,
                                  w.data + grp * OCg * isz, OC * isz, isz,
                                  out.data + (n0 * P * OC + grp * OCg) * isz, OC * isz, isz,
                                  bp + grp * OCg * bst if bp != NULL else NULL, bst, relu, 0)
                    if rc != TT_OK:
                        break
            _gemm_raise(rc)
            PyErr_CheckSignals()
    finally:
        tt_free(col)
    return 0


cdef int _conv_forward_cols(tt_conv_geom *g, Tensor x, Py_ssize_t *xs, Tensor w, Tensor b,
                            Py_ssize_t G, bint relu, Tensor out) except -1:
    """channels_first: tmp[OC, pixels] = w[OC, (c, kh, kw)] @ col[(c, kh, kw), pixels] per group,
    then each image's block of tmp into out[n] with the bias and relu."""
    cdef int dt = out._dtype, rc = TT_OK
    cdef Py_ssize_t isz = out._itemsize, N = g.N, Cg = g.C // G, OC = out._shape[1], OCg = OC // G
    cdef Py_ssize_t P = g.OH * g.OW, K = Cg * g.KH * g.KW, CK = g.C * g.KH * g.KW
    cdef Py_ssize_t nimg = _chunk_images(P * (CK + OC) * isz, N)
    cdef Py_ssize_t col_bytes = nimg * P * CK * isz, tmp_bytes = nimg * P * OC * isz
    cdef Py_ssize_t n0, n1, grp, ld
    cdef char *col = <char *>tt_alloc(col_bytes, 0)
    cdef char *tmp = <char *>tt_alloc(tmp_bytes, 0)
    cdef char *bp = b.data if b is not None else NULL
    cdef Py_ssize_t bst = b._strides[0] // isz if b is not None else 0
    try:
        _conv_raise(col, col_bytes, "conv2d")
        _conv_raise(tmp, tmp_bytes, "conv2d")
        for n0 in range(0, N, nimg):
            n1 = n0 + nimg if n0 + nimg < N else N
            ld = (n1 - n0) * P
            with nogil:
                _im2col_cols(dt, g, x.data, xs, n0, n1, col)
                for grp in range(G):
                    rc = _gemm_2d(dt, OCg, ld, K, w.data + grp * OCg * K * isz, K * isz, isz,
                                  col + grp * K * ld * isz, ld * isz, isz,
                                  tmp + grp * OCg * ld * isz, ld * isz, isz, NULL, 0, 0, 0)
                    if rc != TT_OK:
                        break
                if rc == TT_OK:
                    _conv_unpack(dt, tmp, OC, n0, n1, P, bp, bst, relu, out.data)
            _gemm_raise(rc)
            PyErr_CheckSignals()
    finally:
        tt_free(col)
        tt_free(tmp)
    return 0


cdef Tensor _conv2d_forward(Tensor x, Tensor w, Tensor b, tuple spec, Py_ssize_t OH, Py_ssize_t OW,
                            int fmt, bint relu):
    cdef Py_ssize_t N, C, H, W, KH, KW, OC, G = spec[8]
    cdef tt_conv_geom geom
    cdef Py_ssize_t xs[4]
    N, C, H, W = _image_dims(x, fmt)
    if fmt == 0:
        OC, KH, KW = w._shape[0], w._shape[2], w._shape[3]
    else:
        OC, KH, KW = w._shape[3], w._shape[0], w._shape[1]
    _fill_geom(&geom, N, C, H, W, KH, KW, spec, OH, OW)
    _nchw_strides(x, fmt, xs)
    cdef Tensor out = _empty_image(N, OC, OH, OW, fmt, x._dtype)
    if out._size == 0:
        return out
    if fmt == 1:
        _conv_forward_rows(&geom, x, xs, w, b, G, relu, out)
    else:
        _conv_forward_cols(&geom, x, xs, w, b, G, relu, out)
    return out


_FORMAT_NAMES = ("channels_first", "channels_last")


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, *,
           data_format="channels_first", activation=None):
    """2-D convolution (cross-correlation, as in PyTorch and Keras) of a batch of images.

    In the channels_first layout::

        for n, oc, oh, ow:
            g = oc // (out_channels // groups);  Cg = in_channels // groups
            out[n, oc, oh, ow] = bias[oc] + sum(
                x[n, g*Cg + c, oh*sh - pad_top + kh*dh, ow*sw - pad_left + kw*dw]
                * weight[oc, c, kh, kw]
                for c < Cg, kh < KH, kw < KW)

    where taps in the padding read zero. Computed as im2col + the packed GEMM (one product per
    group, see tinytensor/_conv.pxi).

    Parameters
    ----------
    x : Tensor or array_like
        The images: ``(N, C, H, W)`` channels_first, ``(N, H, W, C)`` channels_last.
    weight : Tensor or array_like
        The filters: ``(out_channels, in_channels / groups, KH, KW)`` channels_first,
        ``(KH, KW, in_channels / groups, out_channels)`` channels_last.
    bias : Tensor or array_like, optional
        ``(out_channels,)``; None for no bias.
    stride : int or pair of int, default 1
        The step between windows (rows, columns); positive.
    padding : int, pair, pair of pairs, "valid" or "same", default 0
        Zeros added around the images: an int, a pair (rows, columns), or
        ``((top, bottom), (left, right))``. "valid" is none; "same" is TensorFlow's rule
        (``ceil(H / stride)`` output rows, the odd padding row after; for stride 1 the
        output has the input's size, as PyTorch's ``padding="same"``).
    dilation : int or pair of int, default 1
        The spacing between kernel taps; positive.
    groups : int, default 1
        Split the channels into `groups` independent convolutions (groups = in_channels:
        depthwise); must divide both channel counts.
    data_format : {"channels_first", "channels_last"}, default "channels_first"
        Keyword only. The layout: "channels_first" (PyTorch's; "NCHW" is accepted too) or
        "channels_last" (Keras's; "NHWC").
    activation : {None, "relu"}, optional
        Keyword only. Apply relu in the same pass.

    Returns
    -------
    Tensor
        A new C-contiguous tensor in the input's layout: ``(N, out_channels, OH, OW)``
        channels_first, ``(N, OH, OW, out_channels)`` channels_last, with
        ``OH = (H + pad_top + pad_bottom - dh*(KH - 1) - 1) // sh + 1`` (OW likewise). The
        operands promote to one float dtype (integers with a float weight compute in the
        weight's dtype); float16 computes in float32 and is rounded once at the end.

    Raises
    ------
    ValueError
        If `x` or `weight` is not 4-D, the channel counts do not match `groups`, the kernel is
        larger than the padded input, a stride, dilation or padding is invalid, or
        `data_format` / `activation` is unknown.
    TypeError
        If neither operand is of a float dtype (as PyTorch), or an argument that must be an
        int is not.

    Notes
    -----
    Differentiable in `x`, `weight` and `bias`.

    See Also
    --------
    tinytensor.conv1d, tinytensor.max_pool2d, tinytensor.avg_pool2d

    Examples
    --------
    >>> x = tt.arange(16.0).reshape((1, 1, 4, 4))
    >>> w = tt.ones((1, 1, 2, 2))
    >>> tt.conv2d(x, w)
    tensor([[[[10., 14., 18.],
              [26., 30., 34.],
              [42., 46., 50.]]]])
    >>> tt.conv2d(x, w, stride=2, bias=tt.tensor([-20.0]), activation="relu")
    tensor([[[[ 0.,  0.],
              [22., 30.]]]])
    >>> tt.conv2d(x, w, padding="same").shape
    (1, 1, 4, 4)
    >>> tt.conv2d(tt.ones((1, 5, 5, 3)), tt.ones((3, 3, 3, 8)), data_format="channels_last").shape
    (1, 3, 3, 8)
    """
    cdef int fmt = _conv_format(data_format, "conv2d")
    if activation not in (None, "relu"):
        raise ValueError(f"conv2d: activation must be None or 'relu', not {activation!r}")
    cdef bint rec = tt_grad_enabled and (_rg(x) or _rg(weight) or _rg(bias)) and _gate(OP_CONV2D)
    tx, tw, tb, spec, OH, OW, dt = _conv2d_prepare(x, weight, bias, stride, padding, dilation, groups, fmt)
    out = _conv2d_forward(tx, tw, tb, spec, OH, OW, fmt, activation == "relu")
    if out._dtype != dt:
        out = _cast(out, dt)              # float16: computed in float32, rounded once
    if rec:
        _record(OP_CONV2D, out, (x, weight, bias),
                {"spec": spec, "data_format": _FORMAT_NAMES[fmt], "activation": activation})
    return out


def conv1d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, *,
           data_format="channels_first", activation=None):
    """1-D convolution (cross-correlation): `tinytensor.conv2d` with images one row high.

    In the channels_first layout::

        for n, oc, ol:
            out[n, oc, ol] = bias[oc] + sum(
                x[n, g*Cg + c, ol*stride - pad_left + k*dilation] * weight[oc, c, k]
                for c < Cg, k < K)

    with ``g = oc // (out_channels // groups)`` and ``Cg = in_channels // groups``; taps in
    the padding read zero.

    Parameters
    ----------
    x : Tensor or array_like
        The signals: ``(N, C, L)`` channels_first, ``(N, L, C)`` channels_last.
    weight : Tensor or array_like
        The filters: ``(out_channels, in_channels / groups, K)`` channels_first,
        ``(K, in_channels / groups, out_channels)`` channels_last.
    bias : Tensor or array_like, optional
        ``(out_channels,)``; None for no bias.
    stride : int, default 1
        The step between windows (a one-element sequence is accepted).
    padding : int, pair of int, "valid" or "same", default 0
        Zeros added at both ends, or ``(left, right)``; "valid" and "same" as in conv2d.
    dilation : int, default 1
        The spacing between kernel taps (a one-element sequence is accepted).
    groups : int, default 1
        Independent channel groups, as in conv2d.
    data_format : {"channels_first", "channels_last"}, default "channels_first"
        Keyword only. The layout: "channels_first" (PyTorch's) or "channels_last" (Keras's).
    activation : {None, "relu"}, optional
        Keyword only. Apply relu in the same pass.

    Returns
    -------
    Tensor
        ``(N, out_channels, OL)`` channels_first, ``(N, OL, out_channels)`` channels_last,
        with ``OL = (L + pad_left + pad_right - dilation*(K - 1) - 1) // stride + 1``; dtype
        as conv2d's.

    Raises
    ------
    ValueError
        If `x` or `weight` is not 3-D, `padding` is a sequence that is not a pair, `stride`
        or `dilation` is a pair, or any of conv2d's checks fails.
    TypeError
        As conv2d's (no float operand).

    Notes
    -----
    Differentiable in `x`, `weight` and `bias` (through conv2d).

    See Also
    --------
    tinytensor.conv2d

    Examples
    --------
    >>> x = tt.tensor([[[1.0, 2.0, 4.0, 7.0]]])
    >>> tt.conv1d(x, tt.tensor([[[-1.0, 1.0]]]))
    tensor([[[1., 2., 3.]]])
    >>> tt.conv1d(tt.ones((2, 3, 10)), tt.ones((4, 3, 3)), padding=1).shape
    (2, 4, 10)
    """
    cdef int fmt = _conv_format(data_format, "conv1d")
    cdef Tensor tx = x if isinstance(x, Tensor) else asarray(x)
    cdef Tensor tw = weight if isinstance(weight, Tensor) else asarray(weight)
    if tx._ndim != 3:
        raise ValueError(f"conv1d: expected a 3-D input {'(N, C, L)' if fmt == 0 else '(N, L, C)'}, "
                         f"got an input of shape {tx.shape}")
    if tw._ndim != 3:
        raise ValueError(f"conv1d: expected a 3-D weight, got a weight of shape {tw.shape}")
    if isinstance(padding, str):
        pad2 = padding
    elif isinstance(padding, (tuple, list)):
        if len(padding) != 2:
            raise ValueError(f"conv1d: padding must be 'valid', 'same', an int or a pair (left, right), got {padding!r}")
        pad2 = ((0, 0), tuple(padding))
    else:
        pad2 = ((0, 0), (padding, padding))
    s = stride[0] if isinstance(stride, (tuple, list)) and len(stride) == 1 else stride
    d = dilation[0] if isinstance(dilation, (tuple, list)) and len(dilation) == 1 else dilation
    if isinstance(s, (tuple, list)) or isinstance(d, (tuple, list)):
        raise ValueError(f"conv1d: stride and dilation are single ints, got {stride!r} and {dilation!r}")
    if fmt == 0:
        out = conv2d(expand_dims(x, 2), expand_dims(weight, 2), bias, (1, s), pad2, (1, d), groups,
                     data_format="channels_first", activation=activation)
        return squeeze(out, 2)
    out = conv2d(expand_dims(x, 1), expand_dims(weight, 0), bias, (1, s), pad2, (1, d), groups,
                 data_format="channels_last", activation=activation)
    return squeeze(out, 1)


# ---- convolution: backward (called by tinytensor.autograd; not recorded: it IS the backward) ----

cdef int _conv_backward_rows(tt_conv_geom *g, Tensor x, Py_ssize_t *xs, Tensor w, Tensor gr, Tensor out,
                             Py_ssize_t G, Tensor dx, Tensor dw, Tensor db) except -1:
    """channels_last: dout as a (pixels, OC) matrix (masked by the fused relu, out > 0); per group
    dw = col^T @ dout (computed as its transpose) and dcol = dout @ w^T, then col2im into dx;
    db = dout's column sums."""
    cdef int dt = gr._dtype, rc = TT_OK
    cdef Py_ssize_t isz = gr._itemsize, N = g.N, Cg = g.C // G, OC = gr._shape[3], OCg = OC // G
    cdef Py_ssize_t P = g.OH * g.OW, K = g.KH * g.KW * Cg
    cdef Py_ssize_t grs = gr._strides[2], gcs = gr._strides[3]       # dout as a (pixels, OC) matrix
    cdef bint direct = _direct_rows(g, xs)
    cdef bint masked = out is not None or gr._strides[0] != g.OH * gr._strides[1] or gr._strides[1] != g.OW * grs
    cdef Py_ssize_t per_image = ((0 if direct else K) + (OC if masked else 0)) * P * isz
    cdef Py_ssize_t nimg = _chunk_images(per_image, N)
    cdef Py_ssize_t nbytes = nimg * per_image, n0, n1, grp, rows, rsa, csa, ld, cs
    cdef char *work = <char *>tt_alloc(nbytes, 0)
    cdef char *col = work
    cdef char *dmat = work + (0 if direct else nimg * P * K * isz)
    cdef char *d
    cdef char *A
    cdef char *op = out.data if out is not None else NULL
    cdef Py_ssize_t dxs[4]
    if dx is not None:
        _nchw_strides(dx, 1, dxs)
    try:
        _conv_raise(work, nbytes, "conv2d backward")
        for n0 in range(0, N, nimg):
            n1 = n0 + nimg if n0 + nimg < N else N
            rows = (n1 - n0) * P
            with nogil:
                if masked or db is not None:     # the relu mask (and a dense copy), the bias gradient
                    rc = _conv_grad_rows(dt, gr.data + n0 * P * grs, grs // isz, gcs // isz,
                                         op + n0 * P * OC * isz if op != NULL else NULL, rows, OC,
                                         dmat if masked else NULL, db.data if db is not None else NULL)
                if masked:
                    d, ld, cs = dmat, OC * isz, isz
                else:
                    d, ld, cs = gr.data + n0 * P * grs, grs, gcs
                for grp in range(G):
                    if rc != TT_OK:
                        break
                    if dw is not None:
                        # dw^T[group's OC, (kh, kw, c)] += dout^T @ col: the big col is packed
                        # along its rows (the cheap direction), dw written through its strides
                        if direct:      # col[pixels, (c)] is x itself
                            A = x.data + (n0 * xs[0] + grp * Cg * xs[1]) * isz
                            rsa = xs[3] * isz
                            csa = xs[1] * isz
                        else:
                            _im2col_rows(dt, g, x.data, xs, n0, n1, grp * Cg, Cg, col)
                            A = col
                            rsa = K * isz
                            csa = isz
                        rc = _gemm_2d(dt, OCg, K, rows, d + grp * OCg * cs, cs, ld, A, rsa, csa,
                                      dw.data + grp * OCg * isz, isz, OC * isz, NULL, 0, 0, n0 > 0)
                        if rc != TT_OK:
                            break
                    if dx is not None:
                        # dcol[pixels, (kh, kw, c)] = dout[pixels, group's OC] @ w[(kh, kw, c), group's OC]^T
                        rc = _gemm_2d(dt, rows, K, OCg, d + grp * OCg * cs, ld, cs,
                                      w.data + grp * OCg * isz, isz, OC * isz,
                                      dx.data + (n0 * P * g.C + grp * Cg) * isz if direct else col,
                                      g.C * isz if direct else K * isz, isz, NULL, 0, 0, 0)
                        if rc != TT_OK:
                            break
                        if not direct:
                            _col2im_rows(dt, g, col, n0, n1, grp * Cg, Cg, dx.data, dxs)
            if rc == TT_ERR_NOMEM:
                raise MemoryError("conv2d backward: out of memory")
            _gemm_raise(rc)
            PyErr_CheckSignals()
    finally:
        tt_free(work)
    return 0


cdef int _conv_backward_cols(tt_conv_geom *g, Tensor x, Py_ssize_t *xs, Tensor w, Tensor gr, Tensor out,
                             Py_ssize_t G, Tensor dx, Tensor dw, Tensor db) except -1:
    """channels_first: dout as dmat[OC, pixels] (masked by the fused relu, out > 0; db = its row
    sums); per group dw = dmat @ col^T (computed as its transpose) and dcol = w^T @ dmat, then
    col2im into dx."""
    cdef int dt = gr._dtype, rc = TT_OK
    cdef Py_ssize_t isz = gr._itemsize, N = g.N, Cg = g.C // G, OC = gr._shape[1], OCg = OC // G
    cdef Py_ssize_t P = g.OH * g.OW, K = Cg * g.KH * g.KW, CK = g.C * g.KH * g.KW
    cdef bint need_col = dx is not None or dw is not None
    cdef Py_ssize_t nimg = _chunk_images(P * ((CK if need_col else 0) + OC) * isz, N)
    cdef Py_ssize_t col_bytes = nimg * P * CK * isz if need_col else 0, mat_bytes = nimg * P * OC * isz
    cdef Py_ssize_t n0, n1, grp, ld
    cdef Py_ssize_t gs[4]
    cdef Py_ssize_t dxs[4]
    cdef char *work = <char *>tt_alloc(col_bytes + mat_bytes, 0)
    cdef char *col = work
    cdef char *dmat = work + col_bytes
    cdef char *op = out.data if out is not None else NULL
    _nchw_strides(gr, 0, gs)
    if dx is not None:
        _nchw_strides(dx, 0, dxs)
    try:
        _conv_raise(work, col_bytes + mat_bytes, "conv2d backward")
        for n0 in range(0, N, nimg):
            n1 = n0 + nimg if n0 + nimg < N else N
            ld = (n1 - n0) * P
            with nogil:
                _conv_pack(dt, gr.data, gs, op, OC, n0, n1, g.OH, g.OW, dmat,
                           db.data if db is not None else NULL)
                if dw is not None:
                    _im2col_cols(dt, g, x.data, xs, n0, n1, col)
                for grp in range(G):
                    if dw is not None:
                        # dw^T[(c, kh, kw), group's OC] += col @ dmat^T: the big col is packed
                        # along its rows (the cheap direction), dw written through its strides
                        rc = _gemm_2d(dt, K, OCg, ld, col + grp * K * ld * isz, ld * isz, isz,
                                      dmat + grp * OCg * ld * isz, isz, ld * isz,
                                      dw.data + grp * OCg * K * isz, isz, K * isz, NULL, 0, 0, n0 > 0)
                        if rc != TT_OK:
                            break
                    if dx is not None:     # the group's rows of col are done with: dcol goes there
                        rc = _gemm_2d(dt, K, ld, OCg, w.data + grp * OCg * K * isz, isz, K * isz,
                                      dmat + grp * OCg * ld * isz, ld * isz, isz,
                                      col + grp * K * ld * isz, ld * isz, isz, NULL, 0, 0, 0)
                        if rc != TT_OK:
                            break
                if rc == TT_OK and dx is not None:
                    _col2im_cols(dt, g, col, n0, n1, dx.data, dxs)
            _gemm_raise(rc)
            PyErr_CheckSignals()
    finally:
        tt_free(work)
    return 0


def _conv2d_backward(grad, x, weight, tuple spec, str data_format, bint need_x, bint need_w, bint need_b,
                     out=None):
    """The gradients of conv2d: (dx, dweight, dbias), None where not asked for. grad has the
    output's shape; spec is what conv2d recorded (stride, padding, dilation, groups); out is the
    forward result when the relu was fused (grad flows where out > 0)."""
    cdef int fmt = _conv_format(data_format, "conv2d")
    cdef Tensor tg = grad if isinstance(grad, Tensor) else asarray(grad)
    cdef Tensor tx = x if isinstance(x, Tensor) else asarray(x)
    cdef Tensor tw = weight if isinstance(weight, Tensor) else asarray(weight)
    cdef Tensor to = out
    cdef int dt = _PROMOTE[_PROMOTE[tx._dtype][tw._dtype]][tg._dtype]
    cdef Py_ssize_t N, C, H, W, KH, KW, OC, OH, OW, G = spec[8]
    cdef tt_conv_geom geom
    cdef Py_ssize_t xs[4]
    cdef Py_ssize_t one[1]
    cdef Tensor dx = None, dw = None, db = None
    if not _is_float(dt):
        raise TypeError("conv2d backward needs float data")
    cdef int rt = dt                   # the gradients' dtype
    dt = _compute_dtype(dt)
    N, C, H, W = _image_dims(tx, fmt)
    _, OC, OH, OW = _image_dims(tg, fmt)
    if fmt == 0:
        KH, KW = tw._shape[2], tw._shape[3]
    else:
        KH, KW = tw._shape[0], tw._shape[1]
    if to is not None and (to.shape != tg.shape or not to._c_contig):
        raise ValueError(f"conv2d backward: out of shape {to.shape} does not match the gradient's {tg.shape}")
    if tx._dtype != dt:
        tx = _cast(tx, dt)
    if tw._dtype != dt or not tw._c_contig:
        tw = _cast(tw, dt)
    if tg._dtype != dt:
        tg = _cast(tg, dt)
    if to is not None and to._dtype != dt:
        to = _cast(to, dt)
    _fill_geom(&geom, N, C, H, W, KH, KW, spec, OH, OW)
    _nchw_strides(tx, fmt, xs)
    cdef bint trivial = N == 0 or OC == 0      # no product to run: the gradients are zeros
    if need_x:
        dx = _empty(4, tx._shape, dt, trivial)   # else col2im (or the 1x1 product) writes all of it
    if need_w:
        dw = _empty(4, tw._shape, dt, trivial)
    if need_b:
        one[0] = OC
        db = _empty(1, one, dt, True)
    if trivial or (dx is None and dw is None and db is None):
        return tuple(None if t is None else _cast(t, rt) for t in (dx, dw, db)) if rt != dt else (dx, dw, db)
    if fmt == 1:
        _conv_backward_rows(&geom, tx, xs, tw, tg, to, G, dx, dw, db)
    else:
        _conv_backward_cols(&geom, tx, xs, tw, tg, to, G, dx, dw, db)
    if rt != dt:
        return tuple(None if t is None else _cast(t, rt) for t in (dx, dw, db))
    return dx, dw, db


# ---- pooling ----

cdef tuple _pool_prepare(object x, object kernel_size, object stride, object padding, object dilation,
                         bint ceil_mode, int fmt, str op):
    """Checks every argument before anything is allocated; returns (x as float, spec, OH, OW),
    spec = (sh, sw, pad_top, pad_bottom, pad_left, pad_right, dh, dw, KH, KW)."""
    cdef Tensor tx = x if isinstance(x, Tensor) else asarray(x)
    cdef int dt = tx._dtype
    layout = "(N, C, H, W)" if fmt == 0 else "(N, H, W, C)"
    if tx._ndim != 4:
        raise ValueError(f"{op}: expected a 4-D input {layout}, got an input of shape {tx.shape}")
    N, C, H, W = _image_dims(tx, fmt)
    k = _positive_pair(kernel_size, "kernel_size", op)
    st = k if stride is None or (isinstance(stride, (tuple, list)) and len(stride) == 0) \
        else _positive_pair(stride, "stride", op)
    dil = _positive_pair(dilation, "dilation", op)
    pads = _conv_padding(padding, H, W, k[0], k[1], st, dil, op)
    eff = ((k[0] - 1) * dil[0] + 1, (k[1] - 1) * dil[1] + 1)
    if _builtins.max(pads[0], pads[1]) > k[0] // 2 or _builtins.max(pads[2], pads[3]) > k[1] // 2:
        raise ValueError(f"{op}: padding should be at most half of the window, but got padding {pads} "
                         f"(top, bottom, left, right) for the window {k}")
    OH = _out_size(H, pads[0], pads[1], k[0], st[0], dil[0], ceil_mode)
    OW = _out_size(W, pads[2], pads[3], k[1], st[1], dil[1], ceil_mode)
    if OH <= 0 or OW <= 0:
        raise ValueError(f"{op}: the window {k} (dilated: {eff}) is larger than the padded input "
                         f"({H + pads[0] + pads[1]}, {W + pads[2] + pads[3]}) (input of shape {tx.shape}, "
                         f"padding {pads})")
    dt = _float_for(dt)              # integers: NumPy's float rule (int8 -> float16, int16 -> float32, ...)
    if tx._dtype != _compute_dtype(dt):
        tx = _cast(tx, _compute_dtype(dt))
    return tx, (st[0], st[1], pads[0], pads[1], pads[2], pads[3], dil[0], dil[1], k[0], k[1]), OH, OW, dt


cdef tuple _max_pool_forward(Tensor x, tuple spec, Py_ssize_t OH, Py_ssize_t OW, int fmt, bint want_indices):
    cdef Py_ssize_t N, C, H, W
    cdef tt_conv_geom geom
    cdef Py_ssize_t xs[4]
    cdef Py_ssize_t os[4]
    N, C, H, W = _image_dims(x, fmt)
    _fill_geom(&geom, N, C, H, W, spec[8], spec[9], spec, OH, OW)
    _nchw_strides(x, fmt, xs)
    cdef Tensor out = _empty_image(N, C, OH, OW, fmt, x._dtype)
    cdef Tensor idx = _empty_image(N, C, OH, OW, fmt, TT_INT64) if want_indices else None
    cdef int64_t *ip = <int64_t *>idx.data if idx is not None else NULL
    _nchw_strides(out, fmt, os)
    if out._size:
        with nogil:
            if x._dtype == TT_FLOAT32:
                tt_max_pool_f32(&geom, <float *>x.data, xs, <float *>out.data, ip, os)
            else:
                tt_max_pool_f64(&geom, <double *>x.data, xs, <double *>out.data, ip, os)
    return out, idx


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False,
               *, data_format="channels_first"):
    """The largest value of each window, channel by channel.

    In the channels_first layout::

        for n, c, oh, ow:
            out[n, c, oh, ow] = max(x[n, c, oh*sh - pad_top + kh*dh, ow*sw - pad_left + kw*dw]
                                    for kh < KH, kw < KW   if inside the image)

    Padding is never the maximum (it is at most half the window, so every window holds an
    image element). NaN propagates.

    Parameters
    ----------
    x : Tensor or array_like
        The images: ``(N, C, H, W)`` channels_first, ``(N, H, W, C)`` channels_last.
    kernel_size : int or pair of int
        The window (rows, columns).
    stride : int or pair of int, optional
        The step between windows; `kernel_size` by default.
    padding : int, pair or pair of pairs, default 0
        As conv2d's, at most half the window on each side.
    dilation : int or pair of int, default 1
        The spacing between window taps.
    ceil_mode : bool, default False
        Round the output size up: the last window may hang over the edge, but starts inside.
    return_indices : bool, default False
        Also return where each maximum was.
    data_format : {"channels_first", "channels_last"}, default "channels_first"
        Keyword only. The layout: "channels_first" (PyTorch's; "NCHW" is accepted too) or
        "channels_last" (Keras's; "NHWC").

    Returns
    -------
    out : Tensor
        ``(N, C, OH, OW)`` (channels_last: ``(N, OH, OW, C)``), with
        ``OH = (H + pad_top + pad_bottom - dh*(KH - 1) - 1) // sh + 1`` (rounded up in
        ceil_mode). Integer and bool inputs give the float dtype of NumPy's rule for
        transcendental functions (int8/uint8/bool -> float16, 16-bit -> float32, wider ->
        float64); float16 computes in float32.
    indices : Tensor
        Only with `return_indices`: int64, `out`'s shape, the position of each maximum as
        ``ih * W + iw`` in its (n, c) plane (the first of equal maxima).

    Raises
    ------
    ValueError
        If `x` is not 4-D, the padding exceeds half the window, the window is larger than the
        padded input, a size is not positive, or `data_format` is unknown.
    TypeError
        If a size is not an int or a pair of ints.

    Notes
    -----
    Differentiable: the gradient goes to the element each maximum came from.

    See Also
    --------
    tinytensor.avg_pool2d, tinytensor.conv2d

    Examples
    --------
    >>> x = tt.arange(16.0).reshape((1, 1, 4, 4))
    >>> tt.max_pool2d(x, 2)
    tensor([[[[ 5.,  7.],
              [13., 15.]]]])
    >>> out, idx = tt.max_pool2d(x, 3, stride=2, ceil_mode=True, return_indices=True)
    >>> idx
    tensor([[[[10, 11],
              [14, 15]]]])
    >>> tt.max_pool2d(x, 3, stride=1, padding=1).shape
    (1, 1, 4, 4)
    """
    cdef int fmt = _conv_format(data_format, "max_pool2d")
    cdef bint rec = _needs_grad(x) and _gate(OP_MAX_POOL2D)
    tx, spec, OH, OW, dt = _pool_prepare(x, kernel_size, stride, padding, dilation, ceil_mode, fmt, "max_pool2d")
    out, idx = _max_pool_forward(tx, spec, OH, OW, fmt, return_indices)
    if out.dtype != dt:
        out = _cast(out, dt)                      # exact: the maximum of float16 values is one of them
    if rec:
        _record(OP_MAX_POOL2D, out, (x,), {"spec": spec, "data_format": _FORMAT_NAMES[fmt]})
    return (out, idx) if return_indices else out


def avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               *, data_format="channels_first"):
    """The mean of each window, channel by channel.

    In the channels_first layout::

        for n, c, oh, ow:
            window = [x[n, c, oh*sh - pad_top + kh, ow*sw - pad_left + kw]
                      for kh < KH, kw < KW if inside the image]
            out[n, c, oh, ow] = sum(window) / (KH * KW if count_include_pad else len(window))

    With `count_include_pad`, windows hanging past the padded edge in ceil_mode count only
    the part inside it, as PyTorch.

    Parameters
    ----------
    x : Tensor or array_like
        The images: ``(N, C, H, W)`` channels_first, ``(N, H, W, C)`` channels_last.
    kernel_size : int or pair of int
        The window (rows, columns).
    stride : int or pair of int, optional
        The step between windows; `kernel_size` by default.
    padding : int, pair or pair of pairs, default 0
        As conv2d's, at most half the window on each side.
    ceil_mode : bool, default False
        Round the output size up: the last window may hang over the edge, but starts inside.
    count_include_pad : bool, default True
        Divide by the whole window (padding counted as zeros) instead of by the number of
        image elements in it. Keras's ``AveragePooling2D(padding="same")`` is
        ``count_include_pad=False``.
    data_format : {"channels_first", "channels_last"}, default "channels_first"
        Keyword only. The layout: "channels_first" (PyTorch's; "NCHW" is accepted too) or
        "channels_last" (Keras's; "NHWC").

    Returns
    -------
    Tensor
        ``(N, C, OH, OW)`` (channels_last: ``(N, OH, OW, C)``), sizes as max_pool2d's.
        Integer and bool inputs give the float dtype of NumPy's rule for
        transcendental functions (int8/uint8/bool -> float16, 16-bit -> float32, wider ->
        float64); float16 computes in float32.

    Raises
    ------
    ValueError
        If `x` is not 4-D, the padding exceeds half the window, the window is larger than the
        padded input, a size is not positive, or `data_format` is unknown.
    TypeError
        If a size is not an int or a pair of ints.

    Notes
    -----
    Differentiable: each window's gradient is spread evenly over the elements it averaged.

    See Also
    --------
    tinytensor.max_pool2d

    Examples
    --------
    >>> x = tt.arange(16.0).reshape((1, 1, 4, 4))
    >>> tt.avg_pool2d(x, 2)
    tensor([[[[ 2.5,  4.5],
              [10.5, 12.5]]]])
    >>> tt.avg_pool2d(x, 3, stride=2, padding=1)
    tensor([[[[ 1.11111111,  2.66666667],
              [ 5.66666667, 10.        ]]]])
    >>> tt.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False)
    tensor([[[[ 2.5,  4. ],
              [ 8.5, 10. ]]]])
    """
    cdef int fmt = _conv_format(data_format, "avg_pool2d")
    cdef bint rec = _needs_grad(x) and _gate(OP_AVG_POOL2D)
    tx, spec, OH, OW, dt = _pool_prepare(x, kernel_size, stride, padding, 1, ceil_mode, fmt, "avg_pool2d")
    cdef Tensor t = tx
    cdef Py_ssize_t N, C, H, W
    cdef tt_conv_geom geom
    cdef Py_ssize_t xs[4]
    cdef Py_ssize_t os[4]
    cdef int with_pad = bool(count_include_pad)
    N, C, H, W = _image_dims(t, fmt)
    _fill_geom(&geom, N, C, H, W, spec[8], spec[9], spec, OH, OW)
    _nchw_strides(t, fmt, xs)
    cdef Tensor out = _empty_image(N, C, OH, OW, fmt, t._dtype)
    _nchw_strides(out, fmt, os)
    if out._size:
        with nogil:
            if t._dtype == TT_FLOAT32:
                tt_avg_pool_f32(&geom, <float *>t.data, xs, <float *>out.data, os, with_pad)
            else:
                tt_avg_pool_f64(&geom, <double *>t.data, xs, <double *>out.data, os, with_pad)
    if out._dtype != dt:
        out = _cast(out, dt)
    if rec:
        _record(OP_AVG_POOL2D, out, (x,), {"spec": spec, "count_include_pad": bool(count_include_pad),
                                           "data_format": _FORMAT_NAMES[fmt]})
    return out


cdef tuple _pool_grad_setup(object grad, tuple x_shape, tuple spec, int fmt, tt_conv_geom *geom,
                            Py_ssize_t *ds, Py_ssize_t *dxs):
    """(grad as a float tensor, dx zeros of x's shape) and the geometry for a pooling backward."""
    cdef Tensor tg = grad if isinstance(grad, Tensor) else asarray(grad)
    if not _is_float(tg._dtype):
        raise TypeError("pooling backward needs a float gradient")
    if tg._dtype != _compute_dtype(tg._dtype):
        tg = _cast(tg, _compute_dtype(tg._dtype))
    if len(x_shape) != 4 or tg._ndim != 4:
        raise ValueError(f"pooling backward: 4-D shapes expected, got {x_shape} and {tg.shape}")
    cdef Py_ssize_t shape[4]
    for i in range(4):
        shape[i] = x_shape[i]
    cdef Tensor dx = _empty(4, shape, tg._dtype, tg._size == 0)    # the kernels overwrite it
    N, C, H, W = _image_dims(dx, fmt)
    _, C2, OH, OW = _image_dims(tg, fmt)
    if C2 != C or tg._shape[0] != N:
        raise ValueError(f"pooling backward: gradient of shape {tg.shape} does not fit an input of shape {x_shape}")
    _fill_geom(geom, N, C, H, W, spec[8], spec[9], spec, OH, OW)
    _nchw_strides(tg, fmt, ds)
    _nchw_strides(dx, fmt, dxs)
    return tg, dx


def _max_pool2d_backward(grad, x, out, tuple spec, str data_format):
    """dx of max_pool2d: each gradient element added where its window's maximum was (found again
    by comparing the window of x with out, the forward result)."""
    cdef int fmt = _conv_format(data_format, "max_pool2d")
    cdef tt_conv_geom geom
    cdef Py_ssize_t ds[4]
    cdef Py_ssize_t dxs[4]
    cdef Py_ssize_t xs[4]
    cdef Py_ssize_t os[4]
    cdef Tensor tx = x if isinstance(x, Tensor) else asarray(x)
    cdef int rt = _float_for((<Tensor>grad)._dtype if isinstance(grad, Tensor) else TT_FLOAT64)
    tg, dx = _pool_grad_setup(grad, tx.shape, spec, fmt, &geom, ds, dxs)
    cdef Tensor g = tg, d = dx, to = out
    if tx._dtype != g._dtype:           # as the forward pass read it (float16 and integers exactly)
        tx = _cast(tx, g._dtype)
    if to._dtype != g._dtype:
        to = _cast(to, g._dtype)
    if to.shape != g.shape or tx._dtype != g._dtype or to._dtype != g._dtype:
        raise ValueError(f"max_pool2d backward: out {to.shape} ({to.dtype}) and input ({tx.dtype}) do not match "
                         f"the gradient of shape {g.shape} ({g.dtype})")
    _nchw_strides(tx, fmt, xs)
    _nchw_strides(to, fmt, os)
    if g._size:
        with nogil:
            if g._dtype == TT_FLOAT32:
                tt_max_pool_backward_f32(&geom, <float *>tx.data, xs, <float *>to.data, os, <float *>g.data, ds,
                                         <float *>d.data, dxs)
            else:
                tt_max_pool_backward_f64(&geom, <double *>tx.data, xs, <double *>to.data, os, <double *>g.data, ds,
                                         <double *>d.data, dxs)
    return d if d._dtype == rt else _cast(d, rt)


def _avg_pool2d_backward(grad, tuple x_shape, tuple spec, bint count_include_pad, str data_format):
    """dx of avg_pool2d: each gradient element spread evenly over its window."""
    cdef int fmt = _conv_format(data_format, "avg_pool2d")
    cdef tt_conv_geom geom
    cdef Py_ssize_t ds[4]
    cdef Py_ssize_t dxs[4]
    cdef int rt = _float_for((<Tensor>grad)._dtype if isinstance(grad, Tensor) else TT_FLOAT64)
    tg, dx = _pool_grad_setup(grad, x_shape, spec, fmt, &geom, ds, dxs)
    cdef Tensor g = tg, d = dx
    if g._size:
        with nogil:
            if g._dtype == TT_FLOAT32:
                tt_avg_pool_backward_f32(&geom, <float *>g.data, ds, <float *>d.data, dxs, count_include_pad)
            else:
                tt_avg_pool_backward_f64(&geom, <double *>g.data, ds, <double *>d.data, dxs, count_include_pad)
    return d if d._dtype == rt else _cast(d, rt)
