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
    """out[..., i] = x[..., i, i + offset]: the gradient is g written back onto that diagonal of
    a zero tensor of x's shape."""
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
    """d ||x||_p / d x = sign(x) * |x| ** (p - 1) / ||x|| ** (p - 1): x / ||x|| for p = 2,
    sign(x) for p = 1; for p = inf (-inf) the gradient is shared by the elements of largest
    (smallest) |x|; p = 0 (a count) has none. Where the norm is 0 the gradient is 0 (PyTorch's
    subgradient)."""
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
