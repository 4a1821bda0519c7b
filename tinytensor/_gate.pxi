# ---- autograd hooks ----------------------------------------------------------------------

cdef bint _grad_enabled = True
cdef object _dispatch_hook = None
cdef object _backward_hook = None


def set_autograd_hooks(dispatch, backward):
    """Installed by tinytensor.autograd: dispatch(name, args, kwargs) computes a differentiable
    op and records it; backward(tensor, gradient, retain_graph) runs the graph."""
    global _dispatch_hook, _backward_hook
    _dispatch_hook = dispatch
    _backward_hook = backward


def set_grad_enabled(bint flag):
    """Turns graph recording on or off; returns the previous setting."""
    global _grad_enabled
    prev = _grad_enabled
    _grad_enabled = flag
    return prev


def is_grad_enabled():
    return _grad_enabled


cdef inline bint _rg(object x) noexcept:
    return isinstance(x, Tensor) and (<Tensor>x)._requires_grad


cdef inline bint _track1(object a) noexcept:
    return _grad_enabled and _dispatch_hook is not None and _rg(a)


cdef inline bint _track2(object a, object b) noexcept:
    return _grad_enabled and _dispatch_hook is not None and (_rg(a) or _rg(b))


cdef bint _track_seq(object seq):
    if not (_grad_enabled and _dispatch_hook is not None):
        return False
    for x in seq:
        if _rg(x):
            return True
    return False


cdef object _binop(int op, str name, object a, object b):
    if _track2(a, b):
        return _dispatch_hook(name, (a, b), {})
    return _binary(op, a, b)


cdef object _unop(int op, str name, object x):
    if _track1(x):
        return _dispatch_hook(name, (x,), {})
    return _unary(op, x)
