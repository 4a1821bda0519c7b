"""One small Function per differentiable op.

``forward`` receives exactly the core's call (``args, kwargs``) and computes with the plain op
(grad mode is off); ``backward(g)`` returns one gradient per declared input. Every gradient that
may have been broadcast goes through :func:`unbroadcast`.
"""
import math

from .. import _core as C
from .engine import register
from .function import Function, unbroadcast

Tensor = C.Tensor


def _shape(x):
    return tuple(x.shape) if isinstance(x, Tensor) else ()


def _norm_axes(axis, ndim):
    """``axis`` (None, int or tuple) as a sorted tuple of non-negative ints."""
    if axis is None:
        return tuple(range(ndim))
    if not isinstance(axis, (tuple, list)):
        axis = (axis,)
    return tuple(sorted(a % ndim if ndim else 0 for a in axis))


def _expand_reduced(g, x_shape, axis, keepdims):
    """Make the gradient of a reduction broadcastable against its input again."""
    if not keepdims:
        axes = _norm_axes(axis, len(x_shape))
        shape = list(g.shape)
        for a in axes:
            shape.insert(a, 1)
        g = g.reshape(tuple(shape))
    return g


# ---------------------------------------------------------------- elementwise, two operands
class _Binary(Function):
    def forward(self, a, b):
        self.set_inputs(a, b)
        self.shapes = (_shape(a), _shape(b))
        return self.compute(a, b)

    def compute(self, a, b):
        return getattr(C, self.name)(a, b)

    def backward(self, g):
        ga, gb = self.local_grads(g)
        return (unbroadcast(ga, self.shapes[0]) if ga is not None else None,
                unbroadcast(gb, self.shapes[1]) if gb is not None else None)


@register
class Add(_Binary):
    name = "add"

    def local_grads(self, g):
        return g, g


@register
class Subtract(_Binary):
    name = "subtract"

    def local_grads(self, g):
        return g, (-g if self.needs[1] else None)


@register
class Multiply(_Binary):
    name = "multiply"
    fresh = True

    def compute(self, a, b):
        self.save(a, b)
        return a * b

    def local_grads(self, g):
        a, b = self.saved
        return (g * b if self.needs[0] else None), (g * a if self.needs[1] else None)


@register
class Divide(_Binary):
    name = "divide"
    fresh = True

    def compute(self, a, b):
        self.save(a, b)
        return a / b

    def local_grads(self, g):
        a, b = self.saved
        ga = g / b if self.needs[0] else None
        gb = -g * a / (b * b) if self.needs[1] else None
        return ga, gb


@register
class Power(_Binary):
    name = "power"
    fresh = True

    def compute(self, a, b):
        out = C.power(a, b)
        self.save(a, b, out)
        return out

    def local_grads(self, g):
        a, b, out = self.saved
        ga = g * b * C.power(a, b - 1) if self.needs[0] else None
        gb = None
        if self.needs[1]:
            # d(a**b)/db = a**b * log(a), taken as 0 where a == 0 (as PyTorch does)
            if isinstance(a, Tensor):
                gb = g * C.where(a == 0, 0.0, out * C.log(C.where(a == 0, 1.0, a)))
            else:
                gb = g * out * (math.log(a) if a != 0 else 0.0)
        return ga, gb


class _MaxMin(_Binary):
    fresh = True

    def compute(self, a, b):
        self.save(a, b)
        return getattr(C, self.name)(a, b)

    def local_grads(self, g):
        a, b = self.saved
        wins = (a > b) if self.name == "maximum" else (a < b)
        share = C.where(wins, 1.0, C.where(a == b, 0.5, 0.0))   # ties: half to each
        ga = g * share if self.needs[0] else None
        gb = g * (1.0 - share) if self.needs[1] else None
        return ga, gb


@register
class Maximum(_MaxMin):
    name = "maximum"


@register
class Minimum(_MaxMin):
    name = "minimum"


# ---------------------------------------------------------------- elementwise, one operand
class _Unary(Function):
    fresh = True

    def forward(self, x):
        self.set_inputs(x)
        out = getattr(C, self.name)(x)
        self.save(*self.keep(x, out))
        return out

    def keep(self, x, out):
        return (x,)

    def backward(self, g):
        return (self.grad(g, *self.saved),)


@register
class Negative(_Unary):
    name = "negative"

    def keep(self, x, out):
        return ()

    def grad(self, g):
        return -g


@register
class Exp(_Unary):
    name = "exp"

    def keep(self, x, out):
        return (out,)

    def grad(self, g, y):
        return g * y


@register
class Log(_Unary):
    name = "log"

    def grad(self, g, x):
        return g / x


@register
class Sqrt(_Unary):
    name = "sqrt"

    def keep(self, x, out):
        return (out,)

    def grad(self, g, y):
        return g * 0.5 / y


@register
class Tanh(_Unary):
    name = "tanh"

    def keep(self, x, out):
        return (out,)

    def grad(self, g, y):
        return g * (1.0 - y * y)


@register
class Sigmoid(_Unary):
    name = "sigmoid"

    def keep(self, x, out):
        return (out,)

    def grad(self, g, y):
        return g * y * (1.0 - y)


@register
class Relu(_Unary):
    name = "relu"

    def keep(self, x, out):
        return (out,)

    def grad(self, g, y):
        return C.where(y > 0, g, 0.0)


@register
class Step(_Unary):
    name = "step"

    def keep(self, x, out):
        return ()

    def grad(self, g):
        return C.zeros_like(g)      # piecewise constant: zero gradient everywhere


@register
class Abs(_Unary):
    name = "abs"

    def grad(self, g, x):
        return g * C.sign(x)


@register
class Square(_Unary):
    name = "square"

    def grad(self, g, x):
        return g * 2.0 * x


@register
class Where(Function):
    name = "where"
    fresh = True

    def forward(self, cond, x, y):
        self.set_inputs(x, y)
        self.shapes = (_shape(x), _shape(y))
        self.save(cond)
        return C.where(cond, x, y)

    def backward(self, g):
        cond, = self.saved
        gx = unbroadcast(C.where(cond, g, 0.0), self.shapes[0]) if self.needs[0] else None
        gy = unbroadcast(C.where(cond, 0.0, g), self.shapes[1]) if self.needs[1] else None
        return gx, gy


@register
class Clip(Function):
    """Gradient flows where lo <= x <= hi (the bounds themselves get none)."""
    name = "clip"
    fresh = True

    def forward(self, x, a_min=None, a_max=None):
        self.set_inputs(x)
        self.save(x)
        self.bounds = (a_min, a_max)
        return C.clip(x, a_min, a_max)

    def backward(self, g):
        x, = self.saved
        lo, hi = self.bounds
        if lo is not None:
            g = C.where(x >= lo, g, 0.0)
        if hi is not None:
            g = C.where(x <= hi, g, 0.0)
        return (unbroadcast(g, x.shape),)


# ---------------------------------------------------------------- reductions
@register
class Sum(Function):
    name = "sum"

    def forward(self, x, axis=None, keepdims=False):
        self.set_inputs(x)
        self.shape, self.axis, self.keepdims = tuple(x.shape), axis, keepdims
        return C.sum(x, axis=axis, keepdims=keepdims)

    def backward(self, g):
        g = _expand_reduced(g, self.shape, self.axis, self.keepdims)
        return (C.broadcast_to(g, self.shape),)


@register
class Mean(Function):
    name = "mean"
    fresh = True

    def forward(self, x, axis=None, keepdims=False):
        self.set_inputs(x)
        self.shape, self.axis, self.keepdims = tuple(x.shape), axis, keepdims
        return C.mean(x, axis=axis, keepdims=keepdims)

    def backward(self, g):
        n = 1
        for a in _norm_axes(self.axis, len(self.shape)):
            n *= self.shape[a]
        g = _expand_reduced(g, self.shape, self.axis, self.keepdims)
        return (C.broadcast_to(g / n, self.shape).copy(),)


class _Extreme(Function):
    """max / min: the gradient is shared equally among the elements equal to the extreme."""
    fresh = True

    def forward(self, x, axis=None, keepdims=False):
        self.set_inputs(x)
        self.axis, self.keepdims = axis, keepdims
        out = getattr(C, self.name)(x, axis=axis, keepdims=keepdims)
        self.save(x, out)
        return out

    def backward(self, g):
        x, out = self.saved
        out = _expand_reduced(out, x.shape, self.axis, self.keepdims)
        g = _expand_reduced(g, x.shape, self.axis, self.keepdims)
        mask = (x == out).astype(x.dtype)
        count = C.sum(mask, axis=self.axis, keepdims=True) if self.axis is not None else mask.sum()
        return (mask * (g / count),)


@register
class Max(_Extreme):
    name = "max"


@register
class Min(_Extreme):
    name = "min"


# ---------------------------------------------------------------- shape and views
@register
class Reshape(Function):
    name = "reshape"

    def forward(self, x, shape):
        self.set_inputs(x)
        self.shape = tuple(x.shape)
        return C.reshape(x, shape)

    def backward(self, g):
        return (g.reshape(self.shape),)


@register
class PermuteDims(Function):
    name = "permute_dims"

    def forward(self, x, axes):
        self.set_inputs(x)
        axes = tuple(a % x.ndim for a in axes)
        self.inverse = tuple(sorted(range(len(axes)), key=lambda i: axes[i]))
        return C.permute_dims(x, axes)

    def backward(self, g):
        return (C.permute_dims(g, self.inverse),)


@register
class ExpandDims(Reshape):
    name = "expand_dims"

    def forward(self, x, axis):
        self.set_inputs(x)
        self.shape = tuple(x.shape)
        return C.expand_dims(x, axis)


@register
class Squeeze(Reshape):
    name = "squeeze"

    def forward(self, x, axis=None):
        self.set_inputs(x)
        self.shape = tuple(x.shape)
        return C.squeeze(x, axis)


@register
class BroadcastTo(Function):
    name = "broadcast_to"

    def forward(self, x, shape):
        self.set_inputs(x)
        self.shape = tuple(x.shape)
        return C.broadcast_to(x, shape)

    def backward(self, g):
        return (unbroadcast(g, self.shape),)


@register
class AsType(Function):
    name = "astype"

    def forward(self, x, dtype):
        self.set_inputs(x)
        self.dtype = x.dtype
        return x.astype(dtype)

    def backward(self, g):
        return (g.astype(self.dtype),)


def _scatter_add(target_flat, positions, values):
    """``target_flat[positions] += values`` with repeated positions summed (an ``add.at``).

    The core has no scatter-add, so repeated positions are handled in rounds: round k adds the
    k-th occurrence of every position, so each round's positions are distinct."""
    pos = positions.reshape(-1)
    vals = values.reshape(-1)
    plist = pos.tolist()
    if len(set(plist)) == len(plist):
        target_flat[pos] += vals
        return
    seen, rounds = {}, []
    for i, p in enumerate(plist):
        k = seen.get(p, 0)
        seen[p] = k + 1
        if k == len(rounds):
            rounds.append([])
        rounds[k].append(i)
    for idx in rounds:
        sel = C.asarray(idx, dtype=C.int64)
        target_flat[pos[sel]] += vals[sel]


@register
class GetItem(Function):
    """Basic, integer-array and boolean indexing. The gradient is scattered back to the positions
    read: the index is applied to a tensor of flat positions, then summed into a zero tensor."""
    name = "getitem"
    fresh = True

    def forward(self, x, key):
        self.set_inputs(x)
        self.shape, self.dtype, self.key = tuple(x.shape), x.dtype, key
        return x[key]

    def backward(self, g):
        gx = C.zeros(self.shape, dtype=self.dtype)
        if _is_basic(self.key):
            gx[self.key] = g
            return (gx,)
        size = 1
        for n in self.shape:
            size *= n
        positions = C.arange(size, dtype=C.int64).reshape(self.shape)[self.key]
        flat = gx.reshape(-1)
        _scatter_add(flat, positions, C.broadcast_to(g, positions.shape))
        return (flat.reshape(self.shape),)


def _is_basic(key):
    keys = key if isinstance(key, tuple) else (key,)
    return all(k is None or k is Ellipsis or isinstance(k, (int, slice)) and not isinstance(k, bool)
               for k in keys)


# ---------------------------------------------------------------- linear algebra
@register
class MatMul(Function):
    name = "matmul"
    fresh = True

    def forward(self, a, b):
        self.set_inputs(a, b)
        self.save(a, b)
        return getattr(C, self.name)(a, b)

    def backward(self, g):
        a, b = self.saved
        a2 = a.reshape(1, -1) if a.ndim == 1 else a
        b2 = b.reshape(-1, 1) if b.ndim == 1 else b
        if a.ndim == 1 and b.ndim == 1:
            g = g.reshape(1, 1)
        elif a.ndim == 1:
            g = C.expand_dims(g, -2)
        elif b.ndim == 1:
            g = C.expand_dims(g, -1)
        ga = gb = None
        if self.needs[0]:
            ga = unbroadcast(C.matmul(g, C.swapaxes(b2, -1, -2)), a2.shape).reshape(a.shape)
        if self.needs[1]:
            gb = unbroadcast(C.matmul(C.swapaxes(a2, -1, -2), g), b2.shape).reshape(b.shape)
        return ga, gb


@register
class Dot(MatMul):
    """dot on 0-d, 1-d and 2-d operands (where it agrees with matmul or multiply)."""
    name = "dot"

    def backward(self, g):
        a, b = self.saved
        if a.ndim == 0 or b.ndim == 0:
            ga = unbroadcast(g * b, a.shape) if self.needs[0] else None
            gb = unbroadcast(g * a, b.shape) if self.needs[1] else None
            return ga, gb
        if a.ndim > 2 or b.ndim > 2:
            raise NotImplementedError("gradient of dot for operands of more than 2 dimensions; use matmul")
        return MatMul.backward(self, g)


@register
class Linear(Function):
    """Fused ``x @ W + b`` (then relu when ``activation="relu"``); W is (in, out)."""
    name = "linear"
    fresh = True

    def forward(self, x, W, b=None, activation=None):
        if activation not in (None, "relu"):
            raise ValueError("linear: activation must be None or 'relu', not %r" % (activation,))
        self.set_inputs(x, W, b)
        out = C.linear(x, W, b, activation=activation)
        self.activation = activation
        self.save(x, W, out) if activation == "relu" else self.save(x, W)
        return out

    def backward(self, g):
        if self.activation == "relu":
            x, W, out = self.saved
            g = C.where(out > 0, g, 0.0)
        else:
            x, W = self.saved
        x2 = x.reshape(-1, x.shape[-1]) if x.ndim != 2 else x
        g2 = g.reshape(-1, g.shape[-1]) if g.ndim != 2 else g
        gx = C.matmul(g, W.T) if self.needs[0] else None
        gW = C.matmul(x2.T, g2) if self.needs[1] else None
        gb = g2.sum(axis=0) if self.needs[2] else None
        if gb is not None and len(self.inputs[2].shape) != 1:
            gb = unbroadcast(g, self.inputs[2].shape)
        return gx, gW, gb


# ---------------------------------------------------------------- joining
@register
class Concatenate(Function):
    name = "concatenate"

    def forward(self, tensors, axis=0):
        tensors = list(tensors)
        self.set_inputs(*tensors)
        out = C.concatenate(tensors, axis=axis)
        self.axis = axis % out.ndim
        self.sizes = [t.shape[self.axis] for t in tensors]
        return out

    def backward(self, g):
        grads, start = [], 0
        lead = (slice(None),) * self.axis
        for n, need in zip(self.sizes, self.needs):
            grads.append(g[lead + (slice(start, start + n),)] if need else None)
            start += n
        return tuple(grads)


@register
class Stack(Function):
    name = "stack"

    def forward(self, tensors, axis=0):
        tensors = list(tensors)
        self.set_inputs(*tensors)
        out = C.stack(tensors, axis=axis)
        self.axis = axis % out.ndim
        return out

    def backward(self, g):
        lead = (slice(None),) * self.axis
        return tuple(g[lead + (i,)] if need else None for i, need in enumerate(self.needs))


# ---------------------------------------------------------------- softmax family
@register
class Softmax(Function):
    name = "softmax"
    fresh = True

    def forward(self, x, axis=-1):
        self.set_inputs(x)
        self.axis = axis
        y = C.softmax(x, axis=axis)
        self.save(y)
        return y

    def backward(self, g):
        y, = self.saved
        return (y * (g - C.sum(g * y, axis=self.axis, keepdims=True)),)


@register
class LogSoftmax(Function):
    name = "log_softmax"
    fresh = True

    def forward(self, x, axis=-1):
        self.set_inputs(x)
        self.axis = axis
        y = C.log_softmax(x, axis=axis)
        self.save(y)
        return y

    def backward(self, g):
        y, = self.saved
        return (g - C.exp(y) * C.sum(g, axis=self.axis, keepdims=True),)


@register
class SoftmaxCrossEntropy(Function):
    """Mean over rows of -sum(targets * log_softmax(logits)); targets are probabilities of the
    logits' shape or int class indices of shape (B,). The core returns dlogits in the same pass:
    (softmax * rowsum(targets) - targets) / B, exact also when a target row does not sum to 1."""
    name = "softmax_cross_entropy"
    fresh = True

    def forward(self, logits, targets):
        self.set_inputs(logits, targets)
        loss, dlogits = C.softmax_cross_entropy_with_grad(logits, targets)
        self.save(logits, targets) if self.needs[1] else self.save()
        self.dlogits = dlogits
        return loss

    def release(self):
        super().release()
        self.dlogits = None

    def backward(self, g):
        self.saved   # raises if freed, or if a saved tensor was modified in place
        gl = gt = None
        scale = g.item()
        if self.needs[0]:
            gl = self.dlogits if scale == 1.0 else self.dlogits * scale
        if self.needs[1]:
            logits, targets = self.saved
            gt = C.log_softmax(logits, axis=-1) * (-scale / logits.shape[0])
        return gl, gt
