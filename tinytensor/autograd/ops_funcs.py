"""Functions of the array API / NumPy functions that have a gradient of their own: diagonal (a
strided view) and linalg.vector_norm. (clip's, with tensor bounds, is in ops.py with the other
elementwise ops; the rest of this area -- moveaxis, roll, tril, tensordot, einsum, matrix_norm,
... -- is built from recorded ops and needs none.)"""
import math

import tinytensor as tt
from .engine import register
from .function import Function
from .ops import _expand_reduced, _norm_axes


@register
class Diagonal(Function):
    """Graph node of ``tt.diagonal``: ``out[..., i] = x[..., i, i + offset]`` (on the axes
    ``axis1``, ``axis2``), so the gradient is ``g`` written back onto that diagonal of a zero
    tensor of x's shape::

        dx = zeros(x.shape)
        for i in range(n):                    # n = len(out) along its last axis
            dx[..., i + max(0, -offset), i + max(0, offset)] = g[..., i]

    Examples
    --------
    >>> x = tt.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    >>> y = tt.diagonal(x, offset=1)
    >>> y
    tensor([2., 6.], grad_fn=<DiagonalBackward0>)
    >>> y.backward(tt.tensor([10.0, 20.0]))
    >>> x.grad
    tensor([[ 0., 10.,  0.],
            [ 0.,  0., 20.]])
    """
    name = "diagonal"
    fresh = True

    def setup(self, out, x, offset=0, axis1=0, axis2=1):
        self.set_inputs(x)
        self.shape, self.offset, self.axes = tuple(x.shape), offset, (axis1, axis2)

    def backward(self, g):
        gx = tt.zeros(self.shape, dtype=g.dtype)
        n = g.shape[-1]
        if n:
            rows = tt.arange(n) + max(0, -self.offset)
            cols = tt.arange(n) + max(0, self.offset)
            tt.moveaxis(gx, self.axes, (-2, -1))[..., rows, cols] = g    # a view of gx
        return (gx,)


@register
class VectorNorm(Function):
    """Graph node of ``tt.linalg.vector_norm``: ``n = sum(abs(x)**p) ** (1/p)`` over the reduced
    axes.

    ``d n / d x = sign(x) * abs(x)**(p - 1) / n**(p - 1)``: ``x / n`` for ``p = 2``, ``sign(x)``
    for ``p = 1``; for ``p = inf`` (``-inf``) the gradient is shared by the elements of largest
    (smallest) ``abs(x)``, with their sign; ``p = 0`` (a count) has none (zeros). backward
    computes, per reduced run (``n`` its norm, ``g`` its gradient)::

        for i in the run:
            if n == 0:   dx[i] = 0                            # PyTorch's subgradient
            elif p == 2: dx[i] = g * x[i] / n
            elif p == 1: dx[i] = g * sign(x[i])
            elif p is +-inf:
                         dx[i] = g * sign(x[i]) / count if abs(x[i]) == n else 0
            else:        dx[i] = g * sign(x[i]) * abs(x[i])**(p - 1) / n**(p - 1)

    Notes
    -----
    Where the norm is 0 the gradient is 0 (PyTorch's subgradient), also for ``p = 1``, whose
    ``sign(0)`` is 0. For ``0 < p < 1`` an element equal to 0 gets 0 (the true derivative is
    infinite there).

    Examples
    --------
    >>> x = tt.tensor([[3.0, -4.0], [0.0, 0.0]], requires_grad=True)
    >>> n = tt.linalg.vector_norm(x, axis=1)
    >>> n
    tensor([5., 0.], grad_fn=<VectorNormBackward0>)
    >>> n.sum().backward()
    >>> x.grad                          # x / n in row 0; 0 where the norm is 0
    tensor([[ 0.6, -0.8],
            [ 0. ,  0. ]])
    >>> x.grad = None
    >>> tt.linalg.vector_norm(x, ord=float("inf")).backward()
    >>> x.grad                          # the element of largest abs(x), with its sign
    tensor([[ 0., -1.],
            [ 0.,  0.]])
    """
    name = "vector_norm"
    fresh = True

    def setup(self, out, x, axis=None, keepdims=False, ord=2.0):
        self.set_inputs(x)
        self.save(x, out)
        self.axis, self.keepdims, self.ord = axis, keepdims, ord

    def backward(self, g):
        x, out = self.saved
        p = self.ord
        if p == 0:
            return (tt.zeros(x.shape, dtype=x.dtype),)
        out = _expand_reduced(out, x.shape, self.axis, self.keepdims)
        g = _expand_reduced(g, x.shape, self.axis, self.keepdims)
        if p == 1:
            return (tt.broadcast_to(g, x.shape) * tt.sign(x),)
        if math.isinf(p):
            mask = (abs(x) == out).astype(x.dtype)
            count = tt.sum(mask, axis=_norm_axes(self.axis, x.ndim), keepdims=True)
            return (tt.sign(x) * mask * (g / tt.maximum(count, 1.0)),)
        scale = tt.where(out == 0, 0.0, g / out ** (p - 1))
        if p == 2:
            return (x * scale,)
        local = tt.where(x == 0, 0.0, tt.sign(x) * abs(x) ** (p - 1))
        return (local * scale,)
