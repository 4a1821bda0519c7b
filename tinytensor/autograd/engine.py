"""Recording (``dispatch``) and the backward pass (``backward``)."""
from .. import _core
from .function import Function, is_float

Tensor = _core.Tensor

#: dispatch name -> Function subclass (filled by ``register``)
REGISTRY = {}


def register(cls):
    REGISTRY[cls.name] = cls
    return cls


def dispatch(name, args, kwargs):
    """Called by the core for a differentiable op with an input that requires grad."""
    try:
        cls = REGISTRY[name]
    except KeyError:
        raise RuntimeError("tinytensor.autograd: no gradient is defined for %r" % name) from None
    fn = cls()
    prev = _core.is_grad_enabled()
    _core.set_grad_enabled(False)
    try:
        out = fn.forward(*args, **kwargs)
    finally:
        _core.set_grad_enabled(prev)
    if not any(fn.needs) or not is_float(out):
        fn.release()
        return out          # e.g. astype to an integer dtype: not differentiable
    out.requires_grad = True
    out.grad_fn = fn
    return out


def _topological_order(root):
    """Functions reachable from ``root``, each after every Function that consumes its output.

    Iterative depth-first search (no recursion, so deep graphs are fine)."""
    order, seen = [], {id(root)}
    stack = [(root, iter(root.inputs))]
    while stack:
        fn, children = stack[-1]
        for t in children:
            if t is not None and t.grad_fn is not None and id(t.grad_fn) not in seen:
                seen.add(id(t.grad_fn))
                stack.append((t.grad_fn, iter(t.grad_fn.inputs)))
                break
        else:
            stack.pop()
            order.append(fn)
    order.reverse()   # root first
    return order


def _accumulate_leaf(t, g, owned):
    if tuple(g.shape) != tuple(t.shape):
        g = g.reshape(t.shape) if g.size == t.size else _core.broadcast_to(g, t.shape)
        owned = False
    if t.grad is None:
        t.grad = g if owned else g.copy()
    else:
        t.grad = t.grad + g


def backward(tensor, gradient=None, retain_graph=False):
    """Accumulate d(tensor)/d(leaf) * gradient into ``leaf.grad`` for every leaf that requires grad."""
    if not tensor.requires_grad:
        raise RuntimeError("element 0 of tensors does not require grad and does not have a grad_fn")
    if gradient is None:
        if tensor.size != 1:
            raise RuntimeError("grad can be implicitly created only for scalar outputs "
                               "(got shape %s); pass gradient=" % (tuple(tensor.shape),))
        gradient = _core.ones(tensor.shape, dtype=tensor.dtype)
        owned = True
    else:
        gradient = _core.asarray(gradient)
        if tuple(gradient.shape) != tuple(tensor.shape):
            raise RuntimeError("gradient has shape %s but the tensor has shape %s"
                               % (tuple(gradient.shape), tuple(tensor.shape)))
        owned = False
        if gradient.dtype != tensor.dtype:
            gradient, owned = gradient.astype(tensor.dtype), True
    prev = _core.is_grad_enabled()
    _core.set_grad_enabled(False)
    try:
        gradient = gradient.detach() if gradient.requires_grad else gradient
        if tensor.grad_fn is None:
            _accumulate_leaf(tensor, gradient, owned)
            return
        grads = {id(tensor.grad_fn): gradient}
        for fn in _topological_order(tensor.grad_fn):
            g = grads.pop(id(fn), None)
            if g is None:
                continue
            if fn._released:
                fn.saved   # raises the "backward through the graph a second time" error
            in_grads = fn.backward(g)
            if not retain_graph:
                fn.release()
            for t, need, gi in zip(fn.inputs, fn.needs, in_grads):
                if not need or gi is None:
                    continue
                if gi.dtype != t.dtype:
                    gi = gi.astype(t.dtype)
                if t.grad_fn is None:
                    _accumulate_leaf(t, gi, fn.fresh)
                else:
                    k = id(t.grad_fn)
                    grads[k] = gi if k not in grads else grads[k] + gi
    finally:
        _core.set_grad_enabled(prev)
