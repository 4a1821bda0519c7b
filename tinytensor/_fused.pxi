# ---- fused operations for training (csrc/fused.c, and the GEMM epilogue) ---------------------

cdef Tensor _float_rows(object x):
    """x as a float tensor whose last axis is contiguous (copying only when it is not)."""
    cdef Tensor t = x if isinstance(x, Tensor) else asarray(x)
    if not _is_float(t._dtype):
        t = _cast(t, _float_for(t._dtype))
    if t._dtype == TT_FLOAT16:
        t = _cast(t, TT_FLOAT32)        # the fused kernels compute float16 in float32
    if t._ndim == 0:
        t = _reshape(t, (1,))
    if not t._c_contig:
        t = _contiguous_copy(t)
    return t


cdef Tensor _softmax_impl(object x, object axis, bint take_log):
    cdef Tensor t = x if isinstance(x, Tensor) else asarray(x)
    cdef int ax
    cdef Tensor rows, out
    cdef Py_ssize_t M, N
    if t._ndim == 0:
        return _reshape(_softmax_impl(_reshape(t, (1,)), 0, take_log), ())
    cdef int want = t._dtype if _is_float(t._dtype) else _float_for(t._dtype)
    ax = _normalize_axis(axis, t._ndim)
    perm = list(range(t._ndim))
    perm[ax], perm[t._ndim - 1] = perm[t._ndim - 1], perm[ax]
    moved = _permute(t, tuple(perm)) if ax != t._ndim - 1 else t
    rows = _float_rows(moved)
    N = rows._shape[rows._ndim - 1]
    M = rows._size // N if N else 0
    out = _empty(rows._ndim, rows._shape, rows._dtype)
    if M and N:
        with nogil:
            if rows._dtype == TT_FLOAT32:
                tt_softmax_f32(<float *>rows.data, N, <float *>out.data, N, M, N, take_log)
            else:
                tt_softmax_f64(<double *>rows.data, N, <double *>out.data, N, M, N, take_log)
    if out._dtype != want:
        out = _cast(out, want)      # float16 (and small ints) computed in float32, rounded once
    return _permute(out, tuple(perm)) if ax != t._ndim - 1 else out


def softmax(x, axis=-1, *, dim=None):
    """Softmax along `axis`: ``exp(x - max) / sum(exp(x - max))``, row by row in one C pass.

    Subtracting each row's maximum first keeps large inputs from overflowing::

        for each row r along axis:
            e = exp(r - max(r))
            out_r = e / sum(e)

    Parameters
    ----------
    x : Tensor or array_like
        The input (0-d gives 1).
    axis : int, default -1
        The axis whose entries sum to 1.
    dim : int, optional
        PyTorch's name for `axis` (keyword only); when given it is used instead of `axis`.

    Returns
    -------
    Tensor
        `x`'s shape, values in [0, 1]. float32 and float64 inputs keep
        their dtype; float16 inputs are computed in float32 and rounded back to float16 once.
        Integer and bool inputs take NumPy's float dtype for them (float64 for 32- and 64-bit
        integers, float16 for narrower ones).

    Raises
    ------
    AxisError
        If `axis` is out of range.

    Notes
    -----
    Differentiable.

    See Also
    --------
    tinytensor.log_softmax, tinytensor.softmax_cross_entropy

    Examples
    --------
    >>> tt.softmax(tt.tensor([1.0, 2.0, 3.0]))
    tensor([0.09003057, 0.24472847, 0.66524096])
    >>> tt.softmax(tt.tensor([[1.0, 1.0], [0.0, 1000.0]]), axis=0)
    tensor([[0.73105858, 0.        ],
            [0.26894142, 1.        ]])
    """
    axis = _axis_arg(None if dim is not None else axis, dim)
    cdef bint rec = _needs_grad(x) and _gate(OP_SOFTMAX)
    out = _softmax_impl(x, axis, False)
    if rec:
        _record(OP_SOFTMAX, out, (x,), {"axis": axis})
    return out


def log_softmax(x, axis=-1, *, dim=None):
    """Log of the softmax along `axis`, computed stably: ``x - max - log(sum(exp(x - max)))``.

    ::

        for each row r along axis:
            m = max(r)
            out_r = r - m - log(sum(exp(r - m)))

    Parameters
    ----------
    x : Tensor or array_like
        The input (0-d gives 0).
    axis : int, default -1
        The axis the softmax normalises.
    dim : int, optional
        PyTorch's name for `axis` (keyword only); when given it is used instead of `axis`.

    Returns
    -------
    Tensor
        `x`'s shape, values <= 0. float32 and float64 inputs keep
        their dtype; float16 inputs are computed in float32 and rounded back to float16 once.
        Integer and bool inputs take NumPy's float dtype for them (float64 for 32- and 64-bit
        integers, float16 for narrower ones).

    Raises
    ------
    AxisError
        If `axis` is out of range.

    Notes
    -----
    Differentiable. Finite for logits where ``log(softmax(x))`` would give ``-inf``.

    See Also
    --------
    tinytensor.softmax

    Examples
    --------
    >>> tt.log_softmax(tt.tensor([1.0, 2.0, 3.0]))
    tensor([-2.40760596, -1.40760596, -0.40760596])
    >>> tt.log_softmax(tt.tensor([0.0, 1000.0]))
    tensor([-1000.,     0.])
    """
    axis = _axis_arg(None if dim is not None else axis, dim)
    cdef bint rec = _needs_grad(x) and _gate(OP_LOG_SOFTMAX)
    out = _softmax_impl(x, axis, True)
    if rec:
        _record(OP_LOG_SOFTMAX, out, (x,), {"axis": axis})
    return out


cdef tuple _xent(object logits, object targets, bint want_grad):
    cdef Tensor given = logits if isinstance(logits, Tensor) else asarray(logits)
    if given._ndim < 1:
        raise ValueError("softmax_cross_entropy needs logits with a class axis")
    cdef int want = given._dtype if _is_float(given._dtype) else _float_for(given._dtype)
    cdef Tensor x = _float_rows(given)
    cdef Tensor t, lab = None, loss_rows, grad = None
    cdef Py_ssize_t N, M
    cdef int rc = 0
    cdef Py_ssize_t one[1]
    N = x._shape[x._ndim - 1]
    M = x._size // N if N else 0
    tt_ = targets if isinstance(targets, Tensor) else asarray(targets)
    if _is_int((<Tensor>tt_)._dtype) and (<Tensor>tt_)._ndim == x._ndim - 1:
        if tuple(tt_.shape) != tuple(x.shape[:-1]):
            raise ValueError(f"labels of shape {tt_.shape} do not match logits of shape {x.shape}")
        lab = _cast(tt_, TT_INT64) if (<Tensor>tt_)._dtype != TT_INT64 or not (<Tensor>tt_)._c_contig else tt_
        t = None
    else:
        if tuple(tt_.shape) != tuple(x.shape):
            raise ValueError(f"targets of shape {tt_.shape} do not match logits of shape {x.shape}; "
                             "give probabilities of the logits' shape or integer class labels")
        t = tt_
        if t._dtype != x._dtype or not t._c_contig:
            t = _cast(t, x._dtype)
    one[0] = M
    loss_rows = _empty(1, one, x._dtype)
    if want_grad:
        grad = _empty(x._ndim, x._shape, x._dtype)
    if M and N:
        with nogil:
            if x._dtype == TT_FLOAT32:
                rc = tt_softmax_xent_f32(<float *>x.data, N, <float *>t.data if t is not None else NULL, N,
                                         <int64_t *>lab.data if lab is not None else NULL, M, N,
                                         <float *>loss_rows.data, <float *>grad.data if grad is not None else NULL, N)
            else:
                rc = tt_softmax_xent_f64(<double *>x.data, N, <double *>t.data if t is not None else NULL, N,
                                         <int64_t *>lab.data if lab is not None else NULL, M, N,
                                         <double *>loss_rows.data, <double *>grad.data if grad is not None else NULL, N)
    elif want_grad:
        grad.zero_()
    if rc == TT_ERR_VALUE:
        raise IndexError(f"a class label is out of range for {N} classes")
    if rc == TT_ERR_NOMEM:
        raise MemoryError("out of memory in softmax_cross_entropy")
    loss = mean(loss_rows)
    if x._dtype != want:            # float16 logits: computed in float32, rounded once
        loss = _cast(loss, want)
        if grad is not None:
            grad = _cast(grad, want)
    return loss, grad


def softmax_cross_entropy(logits, targets):
    """Mean cross-entropy of softmax(logits) against `targets`, fused in one C pass.

    With ``rows`` the number of rows (every axis but the last)::

        loss = mean over rows r of -sum(targets[r, c] * log_softmax(logits[r])[c] for c)

    (for integer labels: ``-log_softmax(logits[r])[labels[r]]``). When it is recorded, the
    same pass also writes the gradient with respect to the logits,
    ``(softmax(logits) - targets) / rows``.

    Parameters
    ----------
    logits : Tensor or array_like
        Unnormalised scores, ``(..., classes)``: the last axis holds the classes.
    targets : Tensor or array_like
        Either probabilities of the logits' shape (e.g. one-hot rows), or integer class
        labels of shape ``logits.shape[:-1]`` with values in ``[0, classes)``.

    Returns
    -------
    Tensor
        0-d, the logits' float dtype (float16 logits are computed in float32 and the loss
        rounded back; narrow integers give float16, wider integers float64).

    Raises
    ------
    ValueError
        If `targets` has neither the logits' shape nor (integer labels) the shape
        ``logits.shape[:-1]``.
    IndexError
        If a class label is out of range.

    Notes
    -----
    Differentiable in `logits`, and in `targets` when they are probabilities.

    See Also
    --------
    tinytensor.softmax_cross_entropy_with_grad, tinytensor.log_softmax,
    tinytensor.nn.functional.cross_entropy

    Examples
    --------
    >>> logits = tt.tensor([[2.0, 1.0, 0.0], [0.0, 0.0, 3.0]])
    >>> tt.softmax_cross_entropy(logits, tt.tensor([0, 2]))
    tensor(0.25126446)
    >>> tt.softmax_cross_entropy(logits, tt.tensor([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]))
    tensor(0.25126446)
    >>> tt.softmax_cross_entropy(logits, tt.tensor([0, 3]))
    Traceback (most recent call last):
        ...
    IndexError: a class label is out of range for 3 classes
    """
    if _needs_grad2(logits, targets) and _gate(OP_SOFTMAX_CROSS_ENTROPY):
        loss, dlogits = _xent(logits, targets, True)
        return _record(OP_SOFTMAX_CROSS_ENTROPY, loss, (logits, targets), {"dlogits": dlogits})
    return _xent(logits, targets, False)[0]


def softmax_cross_entropy_with_grad(logits, targets):
    """The softmax cross-entropy and its gradient with respect to the logits, in one pass.

    ::

        p = softmax(logits)                          # along the last axis
        loss = mean over rows of -sum(targets * log(p))
        dlogits = (p - targets) / rows               # integer labels: their one-hot rows

    Parameters
    ----------
    logits : Tensor or array_like
        Unnormalised scores, ``(..., classes)``: the last axis holds the classes.
    targets : Tensor or array_like
        Either probabilities of the logits' shape (e.g. one-hot rows), or integer class
        labels of shape ``logits.shape[:-1]`` with values in ``[0, classes)``.

    Returns
    -------
    loss : Tensor
        0-d, as `tinytensor.softmax_cross_entropy`'s.
    dlogits : Tensor
        The gradient of the mean loss with respect to `logits`: the logits' shape, float dtype.

    Raises
    ------
    ValueError
        If `targets` has neither the logits' shape nor (integer labels) the shape
        ``logits.shape[:-1]``.
    IndexError
        If a class label is out of range.

    Notes
    -----
    Not recorded by autograd: it is the backward pass, for code that trains without the
    tape.

    See Also
    --------
    tinytensor.softmax_cross_entropy

    Examples
    --------
    >>> logits = tt.tensor([[2.0, 1.0, 0.0], [0.0, 0.0, 3.0]])
    >>> loss, dlogits = tt.softmax_cross_entropy_with_grad(logits, tt.tensor([0, 2]))
    >>> loss
    tensor(0.25126446)
    >>> dlogits
    tensor([[-0.16737952,  0.12236424,  0.04501529],
            [ 0.02263925,  0.02263925, -0.0452785 ]])
    """
    return _xent(logits, targets, True)


cdef int _check_update_args(list tensors) except -1:
    """Fused updates run on contiguous float tensors of one dtype and shape (parameters and
    their optimiser state); anything else is the caller's to do with tensor ops."""
    cdef Tensor first = tensors[0]
    cdef Tensor t
    for t in tensors:
        if t._dtype != first._dtype or not _is_float(t._dtype):
            raise TypeError("fused optimiser updates need float tensors of one dtype")
        if not t._c_contig or t.shape != first.shape:
            raise ValueError("fused optimiser updates need C-contiguous tensors of one shape")
    for t in (tensors[0],) + tuple(tensors[2:]):
        if t._readonly:
            raise ValueError("assignment destination is read-only")
    return 0


def _sgd_update_(Tensor p, Tensor g, Tensor v, double lr, double momentum, bint nesterov):
    """In place: v = momentum*v + g; p -= lr * (nesterov ? g + momentum*v : v)
    (with momentum 0: p -= lr * g, and v may be p itself)."""
    _check_update_args([p, g, v])
    with nogil:
        if p._dtype == TT_FLOAT32:
            tt_sgd_f32(<float *>p.data, <float *>g.data, <float *>v.data, p._size, lr, momentum, nesterov)
        else:
            tt_sgd_f64(<double *>p.data, <double *>g.data, <double *>v.data, p._size, lr, momentum, nesterov)
    _bump_version(p)
    _bump_version(v)


def _rmsprop_update_(Tensor p, Tensor g, Tensor v, double lr, double rho, double eps, bint eps_inside):
    """In place: v = rho*v + (1-rho)*g^2; p -= lr*g/sqrt(v+eps) (eps_inside) or lr*g/(sqrt(v)+eps)."""
    _check_update_args([p, g, v])
    with nogil:
        if p._dtype == TT_FLOAT32:
            tt_rmsprop_f32(<float *>p.data, <float *>g.data, <float *>v.data, p._size, lr, rho, eps, eps_inside)
        else:
            tt_rmsprop_f64(<double *>p.data, <double *>g.data, <double *>v.data, p._size, lr, rho, eps, eps_inside)
    _bump_version(p)
    _bump_version(v)


def _adam_update_(Tensor p, Tensor g, Tensor m, Tensor v, double lr_t, double b1, double b2, double eps_t):
    """In place: m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; p -= lr_t*m/(sqrt(v)+eps_t)."""
    _check_update_args([p, g, m, v])
    with nogil:
        if p._dtype == TT_FLOAT32:
            tt_adam_f32(<float *>p.data, <float *>g.data, <float *>m.data, <float *>v.data, p._size, lr_t, b1, b2, eps_t)
        else:
            tt_adam_f64(<double *>p.data, <double *>g.data, <double *>m.data, <double *>v.data, p._size, lr_t, b1, b2, eps_t)
    _bump_version(p)
    _bump_version(m)
    _bump_version(v)


def _bias_grad(Tensor g, Tensor y, Tensor dbias, bint accumulate, bint want_bias=True):
    """The backward pass of a dense layer around its GEMMs, in one C pass over the gradient g
    (M, N) of its output (csrc/fused.c, tt_relu_backward_bias):

        dz = where(y > 0, g, 0)   when y (the layer's relu output) is given, else dz = g
        for i, j: dbias[j] (+)= dz[i, j]      (+= when accumulate, into a kept gradient buffer)

    Returns (dz, dbias): dz a new tensor (g itself without y), dbias the given buffer or a new
    one when None (None when not want_bias: only the mask). The rows are summed in order.
    Not recorded (backward passes call it). Raises before writing when dbias is read-only,
    does not fit, or overlaps g or y."""
    cdef Py_ssize_t M, N
    cdef Py_ssize_t shape[2]
    cdef Tensor dz
    cdef int rc
    if g._ndim != 2 or (y is not None and (y._ndim != 2 or y.shape != g.shape)):
        raise ValueError("_bias_grad needs a 2-D gradient and a relu output of its shape")
    if g._dtype not in (TT_FLOAT32, TT_FLOAT64) or (y is not None and y._dtype != g._dtype):
        raise TypeError("_bias_grad needs float32 or float64 tensors of one dtype")
    M, N = g._shape[0], g._shape[1]
    if g._strides[1] != g._itemsize or g._strides[0] % g._itemsize:
        g = _contiguous_copy(g)               # e.g. a broadcast gradient: rows must be contiguous
    if y is not None and (y._strides[1] != y._itemsize or y._strides[0] % y._itemsize):
        y = _contiguous_copy(y)
    if not want_bias:
        if y is None:
            return g, None
        dbias = None
    elif dbias is None:
        shape[0] = N
        dbias = _empty(1, shape, g._dtype)
        accumulate = False
    elif dbias._dtype != g._dtype or dbias._ndim != 1 or dbias._shape[0] != N or not dbias._c_contig:
        raise ValueError("_bias_grad: dbias must be a contiguous vector of the gradient's dtype and columns")
    else:
        _check_writeable(dbias)
        if _overlaps(dbias, g) or (y is not None and _overlaps(dbias, y)):
            raise ValueError("_bias_grad: dbias overlaps the gradient or the relu output")
    dz = g
    if y is not None:
        shape[0] = M
        shape[1] = N
        dz = _empty(2, shape, g._dtype)
    with nogil:
        if g._dtype == TT_FLOAT32:
            rc = tt_relu_backward_bias_f32(<float *>g.data, g._strides[0] // 4,
                                           <float *>y.data if y is not None else NULL, y._strides[0] // 4 if y is not None else 0,
                                           <float *>dz.data if y is not None else NULL, N,
                                           <float *>dbias.data if dbias is not None else NULL, accumulate, M, N)
        else:
            rc = tt_relu_backward_bias_f64(<double *>g.data, g._strides[0] // 8,
                                           <double *>y.data if y is not None else NULL, y._strides[0] // 8 if y is not None else 0,
                                           <double *>dz.data if y is not None else NULL, N,
                                           <double *>dbias.data if dbias is not None else NULL, accumulate, M, N)
    if rc != TT_OK:
        raise RuntimeError(f"_bias_grad failed (code {rc})")
    if dbias is not None:
        _bump_version(dbias)
    return dz, dbias
