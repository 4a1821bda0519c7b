"""Recording (``record``, called by the core's gate) and the backward pass (``backward``)."""
import tinytensor as tt
from tinytensor import _optable
from tinytensor._core import set_grad_enabled, is_grad_enabled
from .function import Function, is_float

#: op name -> Function subclass (filled by ``register``; checked against the op table)
REGISTRY: dict[str, type[Function]] = {}


def register(cls):
    """Class decorator: `cls` (a `Function` subclass) becomes the graph node of the op named
    ``cls.name`` in the op table.

    Parameters
    ----------
    cls : type
        The Function subclass.

    Returns
    -------
    type
        `cls` itself.

    Raises
    ------
    RuntimeError
        If the op table does not list ``cls.name`` as differentiable.

    Examples
    --------
    >>> from tinytensor.autograd.engine import register, REGISTRY
    >>> REGISTRY["multiply"].__name__
    'Multiply'
    >>> class Bogus(tt.autograd.Function):
    ...     name = "no_such_op"
    >>> register(Bogus)
    Traceback (most recent call last):
    ...
    RuntimeError: tinytensor.autograd: Bogus records 'no_such_op', which the op table does not list as differentiable
    """
    op = _optable.BY_NAME.get(cls.name)
    if op is None or op.grad != _optable.DIFF:
        raise RuntimeError(f"tinytensor.autograd: {cls.__name__} records {cls.name!r}, which the op table "
                           "does not list as differentiable")
    REGISTRY[cls.name] = cls
    return cls


def check_registry():
    """Check that every op the table declares differentiable has a Function (run at import).

    Raises
    ------
    RuntimeError
        Naming the differentiable ops without one.

    Examples
    --------
    >>> from tinytensor.autograd.engine import check_registry
    >>> check_registry()            # silent: every differentiable op has its Function
    """
    missing = [op.name for op in _optable.OPS if op.grad == _optable.DIFF and op.name not in REGISTRY]
    if missing:
        raise RuntimeError("tinytensor.autograd: no Function for the differentiable ops " + ", ".join(missing))


def record(name, out, inputs, params):
    """Attach the op's graph node to `out`; the core's recording gate calls it after computing a
    differentiable op with an input that requires grad::

        fn = REGISTRY[name](); fn.setup(out, *inputs, **params)
        if some input needs grad and out is float: out.grad_fn = fn; out.requires_grad = True

    Parameters
    ----------
    name : str
        The op's name in the op table.
    out : Tensor
        The op's result.
    inputs : tuple
        The op's positional arguments.
    params : dict
        Its keyword parameters.

    Raises
    ------
    KeyError
        If no Function is registered for `name`.

    Examples
    --------
    >>> x = tt.tensor([1.0, 2.0], requires_grad=True)
    >>> with tt.no_grad():
    ...     out = x * 2.0                            # computed without a node
    >>> tt.autograd.record("multiply", out, (x, 2.0), {})
    >>> out.grad_fn, out.requires_grad
    (<Multiply>, True)
    """
    fn = REGISTRY[name]()
    if params:
        fn.setup(out, *inputs, **params)
    else:
        fn.setup(out, *inputs)
    if not any(fn.needs) or not is_float(out):
        fn.release()
        return          # e.g. astype to an integer dtype: no gradient flows through
    out.requires_grad = True
    out.grad_fn = fn


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


def grad_buffer(t):
    """``t.grad`` when a gradient may be added into it in place (as the engine itself does
    ``t.grad += g``): a writable tensor of t's dtype and shape outside the graph; else None.
    Functions with ``into_leaf_grads`` get these as ``self.leaf_grads`` (see `Function`).

    Parameters
    ----------
    t : Tensor
        A leaf.

    Returns
    -------
    Tensor or None

    Examples
    --------
    >>> from tinytensor.autograd.engine import grad_buffer
    >>> w = tt.tensor([1.0, 2.0], requires_grad=True)
    >>> grad_buffer(w) is None                     # no gradient yet
    True
    >>> (w * w).sum().backward()
    >>> grad_buffer(w) is w.grad
    True
    """
    grad = t.grad
    if (grad is not None and grad.dtype == t.dtype and tuple(grad.shape) == tuple(t.shape)
            and grad.flags.writeable and not grad.requires_grad):
        return grad
    return None


def _accumulate_leaf(t, g, exclusive):
    """t.grad += g. A leaf's ``.grad`` is always its own writable tensor: ``g`` is stored as it
    is only when it is a new block nothing else holds (``exclusive``), else copied."""
    if tuple(g.shape) != tuple(t.shape):
        g = g.reshape(t.shape) if g.size == t.size else tt.broadcast_to(g, t.shape)
        exclusive = False
    grad = t.grad
    if grad is None:
        t.grad = g if exclusive and g.base is None and g.flags.writeable else g.copy()
    elif grad.dtype == g.dtype and grad_buffer(t) is not None:
        grad += g           # accumulate in place, as PyTorch does
    else:
        t.grad = grad + g


def backward(tensor, gradient=None, retain_graph=False):
    """Accumulate ``d(tensor)/d(leaf) * gradient`` into ``leaf.grad`` for every leaf that
    requires grad (``tensor.backward()`` calls it).

    The graph is walked once, in reverse topological order, without recursion::

        grads = {tensor.grad_fn: gradient}
        for fn in reverse_topological_order(tensor.grad_fn):       # each node after its users
            for t, g in zip(fn.inputs, fn.backward(grads.pop(fn))):
                if t is a leaf: t.grad += g
                else:           grads[t.grad_fn] += g

    Parameters
    ----------
    tensor : Tensor
        The output (requires grad).
    gradient : array_like, optional
        d(loss)/d(tensor), of its shape; 1 by default for a one-element tensor.
    retain_graph : bool, default False
        Keep the saved tensors so that backward can run through the graph again.

    Raises
    ------
    RuntimeError
        If `tensor` does not require grad, has several elements and no `gradient`, `gradient`
        has another shape, a saved tensor was modified in place, or the graph was already freed.

    Examples
    --------
    >>> x = tt.tensor([1.0, 2.0], requires_grad=True)
    >>> y = (x * x).sum()
    >>> tt.autograd.backward(y)
    >>> x.grad
    tensor([2., 4.])
    >>> tt.autograd.backward(x * 3.0, gradient=[1.0, 0.5])       # accumulates
    >>> x.grad
    tensor([5. , 5.5])
    """
    if not tensor.requires_grad:
        raise RuntimeError("element 0 of tensors does not require grad and does not have a grad_fn")
    if gradient is None:
        if tensor.size != 1:
            raise RuntimeError("grad can be implicitly created only for scalar outputs "
                               "(got shape %s); pass gradient=" % (tuple(tensor.shape),))
        gradient = tt.ones(tensor.shape, dtype=tensor.dtype)
    else:
        gradient = tt.asarray(gradient)
        if tuple(gradient.shape) != tuple(tensor.shape):
            raise RuntimeError("gradient has shape %s but the tensor has shape %s"
                               % (tuple(gradient.shape), tuple(tensor.shape)))
        if gradient.dtype != tensor.dtype:
            gradient = gradient.astype(tensor.dtype)
    prev = set_grad_enabled(False)
    try:
        gradient = gradient.detach()
        if tensor.grad_fn is None:
            _accumulate_leaf(tensor, gradient, False)
            return
        grads = {id(tensor.grad_fn): gradient}
        handed_out = set()          # ids of gradient tensors already stored somewhere
        for fn in _topological_order(tensor.grad_fn):
            g = grads.pop(id(fn), None)
            if g is None:
                continue
            if fn._released:
                fn.saved   # raises the "backward through the graph a second time" error
            fn.retain_graph = retain_graph
            if fn.into_leaf_grads:
                fn.leaf_grads = tuple(grad_buffer(t) if need and t.grad_fn is None else None
                                      for t, need in zip(fn.inputs, fn.needs))
            in_grads = fn.backward(g)
            if not retain_graph:
                fn.release()
            for t, need, gi in zip(fn.inputs, fn.needs, in_grads):
                if not need or gi is None:
                    continue
                if gi.dtype != t.dtype:
                    gi = gi.astype(t.dtype)
                if t.grad_fn is None:
                    _accumulate_leaf(t, gi, fn.fresh and id(gi) not in handed_out and gi is not gradient)
                    handed_out.add(id(gi))
                else:
                    k = id(t.grad_fn)
                    grads[k] = gi if k not in grads else grads[k] + gi
    finally:
        set_grad_enabled(prev)
