"""The core's fused and joining ops, with short composites used only while the core lacks them.

nn, layers and models call these names; each uses ``tinytensor._core``'s function when it exists
(the fast path) and otherwise the composite below, built from differentiable core ops so that
autograd still works. ``concatenate`` / ``stack`` composites are not differentiable.
"""
from .. import _core as C


def _core_fn(name):
    return getattr(C, name, None)


def linear(x, W, b=None, activation=None):
    f = _core_fn("linear")
    if f is not None:
        return f(x, W, b, activation=activation)
    y = C.matmul(x, W)
    if b is not None:
        y = y + b
    return C.relu(y) if activation == "relu" else y


def softmax(x, axis=-1):
    f = _core_fn("softmax")
    if f is not None:
        return f(x, axis=axis)
    e = C.exp(x - C.max(x.detach(), axis=axis, keepdims=True))
    return e / C.sum(e, axis=axis, keepdims=True)


def log_softmax(x, axis=-1):
    f = _core_fn("log_softmax")
    if f is not None:
        return f(x, axis=axis)
    s = x - C.max(x.detach(), axis=axis, keepdims=True)
    return s - C.log(C.sum(C.exp(s), axis=axis, keepdims=True))


def _onehot(targets, logits):
    if targets.dtype in (C.float32, C.float64):
        return targets
    classes = C.arange(logits.shape[-1], dtype=C.int64)
    return (C.expand_dims(targets.astype(C.int64), -1) == classes).astype(logits.dtype)


def softmax_cross_entropy(logits, targets):
    f = _core_fn("softmax_cross_entropy")
    if f is not None:
        return f(logits, targets)
    return -C.sum(_onehot(targets, logits) * log_softmax(logits, axis=-1), axis=-1).mean()


def softmax_cross_entropy_with_grad(logits, targets):
    f = _core_fn("softmax_cross_entropy_with_grad")
    if f is not None:
        return f(logits, targets)
    prev = C.is_grad_enabled()
    C.set_grad_enabled(False)
    try:
        onehot = _onehot(targets, logits)
        ls = log_softmax(logits, axis=-1)
        loss = -C.sum(onehot * ls, axis=-1).mean()
        p = C.exp(ls)
        if onehot.dtype in (C.float32, C.float64) and targets.dtype in (C.float32, C.float64):
            p = p * C.sum(onehot, axis=-1, keepdims=True)   # exact for rows not summing to 1
        return loss, (p - onehot) / logits.shape[0]
    finally:
        C.set_grad_enabled(prev)


def concatenate(tensors, axis=0):
    f = _core_fn("concatenate")
    if f is not None:
        return f(tensors, axis=axis)
    tensors = list(tensors)
    first = tensors[0]
    axis = axis % first.ndim
    shape = list(first.shape)
    shape[axis] = sum(t.shape[axis] for t in tensors)
    out = C.empty(tuple(shape), dtype=C.result_type(*tensors) if len(tensors) > 1 else first.dtype)
    start, lead = 0, (slice(None),) * axis
    for t in tensors:
        n = t.shape[axis]
        out[lead + (slice(start, start + n),)] = t
        start += n
    return out


def stack(tensors, axis=0):
    f = _core_fn("stack")
    if f is not None:
        return f(tensors, axis=axis)
    tensors = list(tensors)
    axis = axis % (tensors[0].ndim + 1)
    return concatenate([C.expand_dims(t, axis) for t in tensors], axis=axis)
