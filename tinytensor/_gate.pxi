# ---- the recording gate: grad mode, and the one place where ops meet autograd -------------------
#
# Every op of the op table (_optable.py; its ids OP_ADD, ... come from _optable.pxi) runs the same
# three steps in its public function:
#
#     rec = _needs_grad(x) and _gate(OP_PROD)    # an input requires grad: record, skip, or raise
#     out = _reduce(TT_RED_PROD, x, ...)         # the computation, once, in the core
#     if rec: _record(OP_PROD, out, (x,), {"axis": axis, "keepdims": keepdims})
#
# _gate reads the op's gradient status from the table: a differentiable op records its result
# (tinytensor.autograd builds the node from the inputs, the result and the parameters; it never
# runs the op again), an op that is not differentiable by nature (a bool or integer result) has
# nothing to record, and an op without a gradient yet raises before computing anything:
# RuntimeError("derivative for 'floor_divide' is not implemented"), as PyTorch does. Composite
# ops (var, outer, repeat, ...) are made of other ops of the table, which record themselves.
#
# Grad mode is per thread, as in PyTorch: `with no_grad():` in one thread leaves the others
# recording. The flag is a C thread-local, so checking it costs no Python call.

cdef extern from *:
    """
    static __thread int tt_grad_enabled = 1;
    """
    int tt_grad_enabled

cdef object _record_hook = None         # tinytensor.autograd.engine.record
cdef object _backward_hook = None       # tinytensor.autograd.engine.backward


def set_autograd_hooks(record, backward):
    """Installed by tinytensor.autograd: record(name, out, inputs, params) attaches the graph
    node of a computed op to `out`; backward(tensor, gradient, retain_graph) runs the graph."""
    global _record_hook, _backward_hook
    _record_hook = record
    _backward_hook = backward


def set_grad_enabled(bint flag):
    """Turns graph recording on or off in the calling thread; returns the previous setting."""
    global tt_grad_enabled
    cdef bint prev = tt_grad_enabled
    tt_grad_enabled = flag
    return prev


def is_grad_enabled():
    """Whether ops record graph nodes in the calling thread (True in every new thread).

    Returns
    -------
    bool
        False inside ``with tt.no_grad():`` (or after ``tt.set_grad_enabled(False)``).

    See Also
    --------
    tinytensor.no_grad, tinytensor.enable_grad, tinytensor.set_grad_enabled

    Examples
    --------
    >>> tt.is_grad_enabled()
    True
    >>> with tt.no_grad():
    ...     tt.is_grad_enabled()
    False
    """
    return bool(tt_grad_enabled)


cdef inline bint _rg(object x) noexcept:
    return isinstance(x, Tensor) and (<Tensor>x)._requires_grad


cdef inline bint _needs_grad(object a) noexcept:
    return tt_grad_enabled and _rg(a)


cdef inline bint _needs_grad2(object a, object b) noexcept:
    return tt_grad_enabled and (_rg(a) or _rg(b))


cdef bint _needs_grad_seq(object seq):
    if not tt_grad_enabled:
        return False
    for x in seq:
        if _rg(x):
            return True
    return False


cdef int _gate(int op) except -1:
    """For an op called on an input that requires grad (in grad mode): 1 when its result must be
    recorded, 0 when there is nothing to record; raises when the op has no gradient yet."""
    cdef int status = _OP_GRAD[op]
    if status == GRAD_DIFF:
        if _record_hook is None:
            raise RuntimeError("tinytensor.autograd is not loaded")
        return 1
    if status == GRAD_NOT_YET:
        raise RuntimeError(f"derivative for '{_OP_NAMES[op]}' is not implemented")
    return 0


cdef object _record(int op, object out, tuple inputs, dict params=None):
    """Hands a computed result to autograd, which attaches its graph node; returns `out`."""
    _record_hook(_OP_NAMES[op], out, inputs, params)
    return out


cdef object _binop(int op, object a, object b):
    """The elementwise binary ops' public path: gate, compute, record."""
    if _needs_grad2(a, b) and _gate(op):
        return _record(op, _binary(op, a, b), (a, b))
    return _binary(op, a, b)


cdef bint _defers(object other):
    """True when a Python operator (t + other, other + t, t < other, ...) should return
    NotImplemented so that `other`'s own method runs, as NumPy's ndarray does (NEP 13): `other`
    opts out with __array_ufunc__ = None, or it is another array library's array (it defines
    __array_ufunc__ but offers no buffer to share, e.g. a Dask array or a pandas Series). A NumPy
    array or scalar (buffer and __array_ufunc__) is converted here instead."""
    if isinstance(other, (Tensor, int, float, bool, list, tuple)):
        return False
    ufunc = getattr(type(other), "__array_ufunc__", _NO_ATTRIBUTE)
    if ufunc is _NO_ATTRIBUTE:
        return False
    return ufunc is None or not PyObject_CheckBuffer(other)


cdef object _NO_ATTRIBUTE = object()


cdef void _register_with_dask():
    try:
        import tinytensor.dask      # registers Tensor as a Dask chunk type on import
    except ImportError:
        pass


cdef bint _operator_defers(object other):
    """_defers(other), registering Tensor with Dask first when `other` is a Dask collection, so
    that Dask's reflected operator then takes the Tensor as a chunk (t + dask_array is a Dask
    array, as np.ones(3) + dask_array is)."""
    if not _defers(other):
        return False
    if (type(other).__module__ or "").partition(".")[0] == "dask":
        _register_with_dask()
    return True


cdef object _operator(int op, object a, object b):
    """The Python operators' path: _binop, unless the other operand takes the operation."""
    if _operator_defers(b if isinstance(a, Tensor) else a):
        return NotImplemented
    return _binop(op, a, b)


cdef object _unop(int op, object x):
    """The elementwise unary ops' public path: gate, compute, record."""
    if _needs_grad(x) and _gate(op):
        return _record(op, _unary(op, x), (x,))
    return _unary(op, x)


cdef int _check_inplace(Tensor target, object value) except -1:
    """An in-place write (a += b, a[k] = v, copy_, fill_, out=) into `target`: refused, before
    anything is written, when the target is read-only, or when it would hide a write from the
    graph in grad mode (the target requires grad, or the value does: the result would silently
    leave the graph)."""
    _check_writeable(target)
    if tt_grad_enabled and _rg(value):
        raise RuntimeError("an in-place operation with an operand that requires grad would leave "
                           "the autograd graph; write `a = a + b` (or use `with tt.no_grad():`)")
    return 0


def _op_table_view():
    """The core's compiled view of the op table (for tests/test_optable.py): op name ->
    (gradient status, kernel number, dtype rule)."""
    status = ("differentiable", "not differentiable", "no gradient yet", "composite")
    return {_OP_NAMES[i]: (status[_OP_GRAD[i]], _OP_KERNEL[i], _OP_RULE[i]) for i in range(OP_COUNT)}


def _loop_dtypes(str kind, int kernel):
    """The input dtype names that have a C kernel for an elementwise or reduction op number."""
    found = []
    for dt in range(TT_NTYPES):
        if kind == "binary":
            ok = tt_binary_loop(kernel, dt) != NULL
        elif kind == "unary":
            ok = tt_unary_loop(kernel, dt) != NULL
        else:
            ok = tt_reduce_loop(kernel, dt) != NULL
        if ok:
            found.append(_DTYPE_NAMES[dt])
    return tuple(found)
