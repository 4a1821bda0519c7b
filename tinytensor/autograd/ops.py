"""One small Function per differentiable op of the op table (tinytensor/_optable.py).

The core has already computed the op when ``setup(out, *inputs, **params)`` runs: setup only
declares the inputs that can receive a gradient and keeps what backward needs. ``backward(g)``
returns one gradient per declared input, in a few lines of tensor ops (grad mode is off while it
runs). Every gradient that may have been broadcast goes through :func:`unbroadcast`.
"""
import math

import tinytensor as tt
from tinytensor import _core        # the fused backward helpers (_bias_grad, _matmul_into)
from .engine import register
from .function import Function, unbroadcast

Tensor = tt.Tensor
_FUSED_FLOATS = (tt.float32, tt.float64)


def _shape(x):
    return tuple(x.shape) if isinstance(x, Tensor) else ()


def _norm_axes(axis, ndim):
    """``axis`` (None, int or tuple) as a sorted tuple of non-negative ints."""
    if axis is None or ndim == 0:       # a 0-d input reduces over nothing (the core checked axis)
        return tuple(range(ndim))
    if not isinstance(axis, (tuple, list)):
        axis = (axis,)
    return tuple(sorted(a % ndim for a in axis))


def _expand_reduced(g, x_shape, axis, keepdims):
    """Make the gradient of a reduction broadcastable against its input again."""
    if not keepdims:
        shape = list(g.shape)
        for a in _norm_axes(axis, len(x_shape)):
            shape.insert(a, 1)
        g = g.reshape(tuple(shape))
    return g


def _isnan(x):
    return x != x


def _moveaxis(x, source, destination):
    """x with axis `source` moved to position `destination` (a view)."""
    order = [i for i in range(x.ndim) if i != source % x.ndim]
    order.insert(destination % x.ndim, source % x.ndim)
    return tt.permute_dims(x, order)


# ---------------------------------------------------------------- elementwise, two operands
class _Binary(Function):
    """a OP b: backward computes the local gradients, unbroadcast to each operand's shape."""
    saves = False

    def setup(self, out, a, b):
        self.set_inputs(a, b)
        self.shapes = (_shape(a), _shape(b))
        if self.saves:
            self.save(a, b)

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
    saves = True

    def local_grads(self, g):
        a, b = self.saved
        return (g * b if self.needs[0] else None), (g * a if self.needs[1] else None)


@register
class Divide(_Binary):
    name = "divide"
    fresh = True
    saves = True

    def local_grads(self, g):
        a, b = self.saved
        ga = g / b if self.needs[0] else None
        gb = -g * a / (b * b) if self.needs[1] else None
        return ga, gb


@register
class Remainder(_Binary):
    """a % b = a - floor(a / b) * b: da = 1, db = -floor(a / b) (as PyTorch)."""
    name = "remainder"
    saves = True

    def local_grads(self, g):
        a, b = self.saved
        ga = g if self.needs[0] else None
        gb = -g * tt.floor_divide(a, b) if self.needs[1] else None
        return ga, gb


@register
class Power(_Binary):
    """d(a**b)/da = b * a**(b-1), taken as 0 where b == 0 (also at a == 0, as PyTorch);
    d(a**b)/db = a**b * log(a), taken as 0 where a == 0 and b >= 0."""
    name = "power"
    fresh = True

    def setup(self, out, a, b):
        super().setup(out, a, b)
        self.save(a, b, out)

    def local_grads(self, g):
        a, b, out = self.saved
        ga = gb = None
        if self.needs[0]:
            ga = g * tt.where(tt.equal(b, 0), 0.0, b * tt.power(a, b - 1))
        if self.needs[1]:
            if isinstance(a, Tensor):
                zero = tt.logical_and(tt.equal(a, 0), tt.greater_equal(b, 0))
                gb = g * tt.where(zero, 0.0, out * tt.log(a))
            else:
                gb = g * out * (math.log(a) if a != 0 else 0.0)
        return ga, gb


class _MaxMin(_Binary):
    fresh = True
    saves = True

    def local_grads(self, g):
        a, b = self.saved
        wins = (a > b) if self.name == "maximum" else (a < b)
        share = tt.where(wins, 1.0, tt.where(tt.equal(a, b), 0.5, 0.0))   # ties: half to each
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
    """f(x): ``keep`` names what backward needs, the input ("x") or the output ("y")."""
    fresh = True
    keep: str | None = "x"

    def setup(self, out, x):
        self.set_inputs(x)
        if self.keep == "x":
            self.save(x)
        elif self.keep == "y":
            self.save(out)
        else:
            self.shape = tuple(x.shape)

    def backward(self, g):
        return (self.grad(g, *self.saved),)


@register
class Negative(_Unary):
    name = "negative"
    keep = None

    def grad(self, g):
        return -g


@register
class Exp(_Unary):
    name = "exp"
    keep = "y"

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
    keep = "y"

    def grad(self, g, y):
        return g * 0.5 / y


@register
class Tanh(_Unary):
    name = "tanh"
    keep = "y"

    def grad(self, g, y):
        return g * (1.0 - y * y)


@register
class Sigmoid(_Unary):
    name = "sigmoid"
    keep = "y"

    def grad(self, g, y):
        return g * y * (1.0 - y)


@register
class Relu(_Unary):
    name = "relu"
    keep = "y"

    def grad(self, g, y):
        return tt.where(y > 0, g, 0.0)


class _ZeroGrad(_Unary):
    """Piecewise constant: the gradient is zero everywhere (as PyTorch's sign, floor, ...)."""
    keep = None

    def grad(self, g):
        return tt.zeros_like(g)


@register
class Step(_ZeroGrad):
    name = "step"


@register
class Sign(_ZeroGrad):
    name = "sign"


@register
class Abs(_Unary):
    name = "abs"

    def grad(self, g, x):
        return g * tt.sign(x)


@register
class Square(_Unary):
    name = "square"

    def grad(self, g, x):
        return g * 2.0 * x


@register
class Reciprocal(_Unary):
    name = "reciprocal"
    keep = "y"

    def grad(self, g, y):
        return -g * y * y


@register
class Exp2(_Unary):
    name = "exp2"
    keep = "y"

    def grad(self, g, y):
        return g * y * math.log(2.0)


@register
class Expm1(_Unary):
    name = "expm1"
    keep = "y"

    def grad(self, g, y):
        return g * (y + 1.0)


@register
class Log2(_Unary):
    name = "log2"

    def grad(self, g, x):
        return g / (x * math.log(2.0))


@register
class Log10(_Unary):
    name = "log10"

    def grad(self, g, x):
        return g / (x * math.log(10.0))


@register
class Log1p(_Unary):
    name = "log1p"

    def grad(self, g, x):
        return g / (x + 1.0)


@register
class Sin(_Unary):
    name = "sin"

    def grad(self, g, x):
        return g * tt.cos(x)


@register
class Cos(_Unary):
    name = "cos"

    def grad(self, g, x):
        return -g * tt.sin(x)


@register
class Tan(_Unary):
    name = "tan"
    keep = "y"

    def grad(self, g, y):
        return g * (1.0 + y * y)


@register
class Asin(_Unary):
    name = "asin"

    def grad(self, g, x):
        return g / tt.sqrt(1.0 - x * x)


@register
class Acos(_Unary):
    name = "acos"

    def grad(self, g, x):
        return -g / tt.sqrt(1.0 - x * x)


@register
class Atan(_Unary):
    name = "atan"

    def grad(self, g, x):
        return g / (1.0 + x * x)


@register
class Sinh(_Unary):
    name = "sinh"

    def grad(self, g, x):
        return g * tt.cosh(x)


@register
class Cosh(_Unary):
    name = "cosh"

    def grad(self, g, x):
        return g * tt.sinh(x)


@register
class Asinh(_Unary):
    name = "asinh"

    def grad(self, g, x):
        return g / tt.sqrt(x * x + 1.0)


@register
class Acosh(_Unary):
    name = "acosh"

    def grad(self, g, x):
        return g / tt.sqrt(x * x - 1.0)


@register
class Atanh(_Unary):
    name = "atanh"

    def grad(self, g, x):
        return g / (1.0 - x * x)


@register
class Floor(_ZeroGrad):
    name = "floor"


@register
class Ceil(_ZeroGrad):
    name = "ceil"


@register
class Trunc(_ZeroGrad):
    name = "trunc"


@register
class Round(_ZeroGrad):
    name = "round"


@register
class Atan2(_Binary):
    """atan2(a, b): d/da = b / (a**2 + b**2), d/db = -a / (a**2 + b**2)."""
    name = "atan2"
    fresh = True
    saves = True

    def local_grads(self, g):
        a, b = self.saved
        scale = g / (a * a + b * b)
        return (scale * b if self.needs[0] else None), (-scale * a if self.needs[1] else None)


@register
class Hypot(_Binary):
    """hypot(a, b) = r: d/da = a / r, d/db = b / r."""
    name = "hypot"
    fresh = True

    def setup(self, out, a, b):
        super().setup(out, a, b)
        self.save(a, b, out)

    def local_grads(self, g):
        a, b, r = self.saved
        return (g * a / r if self.needs[0] else None), (g * b / r if self.needs[1] else None)


@register
class Logaddexp(_Binary):
    """logaddexp(a, b) = r: d/da = exp(a - r), d/db = exp(b - r)."""
    name = "logaddexp"
    fresh = True

    def setup(self, out, a, b):
        super().setup(out, a, b)
        self.save(a, b, out)

    def local_grads(self, g):
        a, b, r = self.saved
        return (g * tt.exp(a - r) if self.needs[0] else None), (g * tt.exp(b - r) if self.needs[1] else None)


@register
class Copysign(_Binary):
    """copysign(a, b) = r: d/da = r / a (+-1; 0 where a == 0, as PyTorch), d/db = 0."""
    name = "copysign"
    fresh = True

    def setup(self, out, a, b):
        super().setup(out, a, b)
        self.save(a, out)

    def local_grads(self, g):
        a, r = self.saved
        ga = g * tt.where(tt.equal(a, 0), 0.0, r / tt.where(tt.equal(a, 0), 1.0, a)) if self.needs[0] else None
        gb = g * 0.0 if self.needs[1] else None
        return ga, gb


@register
class Where(Function):
    name = "where"
    fresh = True

    def setup(self, out, cond, x, y):
        self.set_inputs(x, y)
        self.shapes = (_shape(x), _shape(y))
        self.save(cond)

    def backward(self, g):
        cond, = self.saved
        gx = unbroadcast(tt.where(cond, g, 0.0), self.shapes[0]) if self.needs[0] else None
        gy = unbroadcast(tt.where(cond, 0.0, g), self.shapes[1]) if self.needs[1] else None
        return gx, gy


@register
class Clip(Function):
    """PyTorch's clamp gradients: x gets g where lo <= x <= hi; a tensor lo gets g where x < lo
    (and lo < hi), a tensor hi where x > hi or hi < lo (the result is hi there)."""
    name = "clip"
    fresh = True

    def setup(self, out, x, lo=None, hi=None):
        self.set_inputs(x, lo, hi)
        self.save(x, lo, hi)
        self.shapes = (_shape(x), _shape(lo), _shape(hi))

    def backward(self, g):
        x, lo, hi = self.saved
        gx = glo = ghi = None
        if self.needs[0]:
            gx = g.copy() if lo is None and hi is None else g     # fresh: never g itself
            if lo is not None:
                gx = tt.where(x >= lo, gx, 0.0)
            if hi is not None:
                gx = tt.where(x <= hi, gx, 0.0)
            gx = unbroadcast(gx, self.shapes[0])
        if self.needs[1]:
            below = x < lo if hi is None else tt.logical_and(x < lo, lo < hi)
            glo = unbroadcast(tt.where(below, g, 0.0), self.shapes[1])
        if self.needs[2]:
            above = x > hi if lo is None else tt.logical_or(x > hi, hi < lo)
            ghi = unbroadcast(tt.where(above, g, 0.0), self.shapes[2])
        return gx, glo, ghi


# ---------------------------------------------------------------- reductions
class _Reduction(Function):
    def setup(self, out, x, axis=None, keepdims=False):
        self.set_inputs(x)
        self.shape, self.axis, self.keepdims = tuple(x.shape), axis, keepdims


@register
class Sum(_Reduction):
    name = "sum"

    def backward(self, g):
        g = _expand_reduced(g, self.shape, self.axis, self.keepdims)
        return (tt.broadcast_to(g, self.shape),)


@register
class Mean(_Reduction):
    name = "mean"
    fresh = True

    def backward(self, g):
        n = 1
        for a in _norm_axes(self.axis, len(self.shape)):
            n *= self.shape[a]
        g = _expand_reduced(g, self.shape, self.axis, self.keepdims)
        return (tt.broadcast_to(g / n, self.shape).copy(),)


@register
class Prod(_Reduction):
    """d prod / d x[i] = the product of the other elements of x[i]'s run: out / x[i] where the
    run has no zero; at the only zero of a run, the product of the rest; 0 elsewhere."""
    name = "prod"
    fresh = True

    def setup(self, out, x, axis=None, keepdims=False):
        super().setup(out, x, axis, keepdims)
        self.save(x, out)

    def backward(self, g):
        x, out = self.saved
        out = _expand_reduced(out, self.shape, self.axis, self.keepdims)
        g = _expand_reduced(g, self.shape, self.axis, self.keepdims)
        is_zero = tt.equal(x, 0)
        zeros = tt.sum(is_zero.astype(x.dtype), axis=self.axis, keepdims=True)
        others = tt.prod(tt.where(is_zero, 1.0, x), axis=self.axis, keepdims=True)
        local = tt.where(zeros > 0, 0.0, out / tt.where(is_zero, 1.0, x))
        local = tt.where(tt.logical_and(is_zero, tt.equal(zeros, 1)), others, local)
        return (g * local,)


class _Extreme(_Reduction):
    """max / min: the gradient is shared equally among the elements equal to the extreme; where
    the extreme is NaN, among the NaN elements (as PyTorch's max())."""
    fresh = True

    def setup(self, out, x, axis=None, keepdims=False):
        super().setup(out, x, axis, keepdims)
        self.save(x, out)

    def backward(self, g):
        x, out = self.saved
        out = _expand_reduced(out, x.shape, self.axis, self.keepdims)
        g = _expand_reduced(g, x.shape, self.axis, self.keepdims)
        mask = tt.where(_isnan(out), _isnan(x), tt.equal(x, out)).astype(x.dtype)
        count = tt.sum(mask, axis=self.axis, keepdims=True)
        return (mask * (g / count),)


@register
class Max(_Extreme):
    name = "max"


@register
class Min(_Extreme):
    name = "min"


# ---------------------------------------------------------------- shape, views, copies
@register
class Reshape(Function):
    name = "reshape"

    def setup(self, out, x):
        self.set_inputs(x)
        self.shape = tuple(x.shape)

    def backward(self, g):
        return (g.reshape(self.shape),)


@register
class PermuteDims(Function):
    name = "permute_dims"

    def setup(self, out, x, axes):
        self.set_inputs(x)
        self.inverse = tuple(sorted(range(len(axes)), key=lambda i: axes[i]))

    def backward(self, g):
        return (tt.permute_dims(g, self.inverse),)


@register
class BroadcastTo(Function):
    name = "broadcast_to"

    def setup(self, out, x):
        self.set_inputs(x)
        self.shape = tuple(x.shape)

    def backward(self, g):
        return (unbroadcast(g, self.shape),)


@register
class AsType(Function):
    """A converted copy: the gradient converts back (the engine casts it to the input's dtype)."""
    name = "astype"

    def setup(self, out, x):
        self.set_inputs(x)

    def backward(self, g):
        return (g,)


@register
class Copy(AsType):
    name = "copy"


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
        sel = tt.asarray(idx, dtype=tt.int64)
        target_flat[pos[sel]] += vals[sel]


def _is_basic(key):
    keys = key if isinstance(key, tuple) else (key,)
    return all(k is None or k is Ellipsis or isinstance(k, (int, slice)) and not isinstance(k, bool)
               for k in keys)


@register
class GetItem(Function):
    """Basic, integer-array and boolean indexing. The gradient is scattered back to the positions
    read: the index is applied to a tensor of flat positions, then summed into a zero tensor."""
    name = "getitem"
    fresh = True

    def setup(self, out, x, key):
        self.set_inputs(x)
        self.shape, self.dtype, self.key = tuple(x.shape), x.dtype, key

    def backward(self, g):
        gx = tt.zeros(self.shape, dtype=self.dtype)
        if _is_basic(self.key):
            gx[self.key] = g
            return (gx,)
        size = 1
        for n in self.shape:
            size *= n
        positions = tt.arange(size, dtype=tt.int64).reshape(self.shape)[self.key]
        flat = gx.reshape(-1)
        _scatter_add(flat, positions, tt.broadcast_to(g, positions.shape))
        return (flat.reshape(self.shape),)


@register
class Pad(Function):
    """The padding gets no gradient: the input's gradient is the middle of g."""
    name = "pad"

    def setup(self, out, x, pad_width):
        self.set_inputs(x)
        self.inner = tuple(slice(b, b + n) for n, (b, a) in zip(x.shape, pad_width))

    def backward(self, g):
        return (g[self.inner],)


# ---------------------------------------------------------------- linear algebra
@register
class MatMul(Function):
    name = "matmul"
    fresh = True

    def setup(self, out, a, b):
        self.set_inputs(a, b)
        self.save(a, b)

    def backward(self, g):
        a, b = self.saved
        a2 = a.reshape(1, -1) if a.ndim == 1 else a
        b2 = b.reshape(-1, 1) if b.ndim == 1 else b
        if a.ndim == 1 and b.ndim == 1:
            g = g.reshape(1, 1)
        elif a.ndim == 1:
            g = tt.expand_dims(g, -2)
        elif b.ndim == 1:
            g = tt.expand_dims(g, -1)
        ga = gb = None
        if self.needs[0]:
            ga = unbroadcast(tt.matmul(g, tt.swapaxes(b2, -1, -2)), a2.shape).reshape(a.shape)
        if self.needs[1]:
            gb = unbroadcast(tt.matmul(tt.swapaxes(a2, -1, -2), g), b2.shape).reshape(b.shape)
        return ga, gb


@register
class Dot(MatMul):
    """NumPy's dot: 0-d operands multiply, up to 2-D it is matmul, and for an N-D b
    out[i..., j..., m] = sum_k a[i..., k] * b[j..., k, m]."""
    name = "dot"

    def backward(self, g):
        a, b = self.saved
        if a.ndim == 0 or b.ndim == 0:
            ga = unbroadcast(g * b, a.shape) if self.needs[0] else None
            gb = unbroadcast(g * a, b.shape) if self.needs[1] else None
            return ga, gb
        if b.ndim <= 2:
            return MatMul.backward(self, g)
        # g has axes (a's leading..., b's leading..., m); bring them next to k
        ga = gb = None
        if self.needs[0]:
            # ga[i..., k] = sum_{j..., m} g[i..., j..., m] * b[j..., k, m]
            g2 = g.reshape(int(math.prod(a.shape[:-1])), -1)                      # (I, J*M)
            bk = _moveaxis(b, -2, 0).reshape(b.shape[-2], -1)                    # (K, J*M)
            ga = tt.matmul(g2, bk.T).reshape(a.shape)
        if self.needs[1]:
            # gb[j..., k, m] = sum_i a[i..., k] * g[i..., j..., m]
            a2 = a.reshape(-1, a.shape[-1])                                        # (I, K)
            g3 = g.reshape(a2.shape[0], -1, b.shape[-1])                           # (I, J, M)
            gbk = tt.matmul(a2.T, g3.reshape(a2.shape[0], -1))                     # (K, J*M)
            gbk = gbk.reshape((b.shape[-2],) + b.shape[:-2] + (b.shape[-1],))      # (K, j..., M)
            gb = _moveaxis(gbk, 0, -2).copy()
        return ga, gb


@register
class Linear(Function):
    """Fused ``x @ W + b`` (then relu when ``activation="relu"``); W is (in, out).

    backward, for a float32/float64 layer with a 1-D bias (what dense layers are), runs around
    its GEMMs in one C pass (``_core._bias_grad``, csrc/fused.c):

        dz = where(out > 0, g, 0)  (relu)      db[j] = sum_i dz[i, j]
        dW = x.T @ dz                          dx = dz @ W.T

    and, when the engine offers W's and b's existing ``.grad`` (``into_leaf_grads``: e.g. after
    an in-place ``zero_grad(set_to_none=False)``), adds dW and db straight into them: the GEMM
    with accumulate, no temporary gradient per step. Anything else (mixed dtypes, a 2-D bias)
    takes the plain tensor-op path.
    """
    name = "linear"
    fresh = True
    into_leaf_grads = True

    def setup(self, out, x, W, b=None, activation=None):
        self.set_inputs(x, W, b)
        self.activation = activation
        self.save(x, W, out) if activation == "relu" else self.save(x, W)

    def _fits_fused(self, x, W, b, g):
        dt = g.dtype
        return (dt in _FUSED_FLOATS and isinstance(x, Tensor) and isinstance(W, Tensor)
                and x.dtype == dt and W.dtype == dt and W.ndim == 2 and x.ndim >= 1
                and (b is None or (isinstance(b, Tensor) and b.dtype == dt and b.ndim == 1)))

    def backward(self, g):
        relu = self.activation == "relu"
        x, W, out = self.saved if relu else self.saved + (None,)
        b = self.inputs[2]
        if not self._fits_fused(x, W, b, g):
            return self._backward_ops(g, x, W, out)
        rows, cols = int(math.prod(g.shape[:-1])), g.shape[-1]
        x2 = x.reshape(rows, x.shape[-1]) if x.ndim != 2 else x
        g2 = g.reshape(rows, cols) if g.ndim != 2 else g
        y2 = None if out is None else (out.reshape(rows, cols) if out.ndim != 2 else out)
        dest = self.leaf_grads or (None, None, None)
        gb = None
        dbias = dest[2] if self.needs[2] else None
        try:
            dz, gb = _core._bias_grad(g2, y2, dbias, dbias is not None, self.needs[2])
        except ValueError:          # the kept .grad overlaps g (raised before writing)
            dbias = None
            dz, gb = _core._bias_grad(g2, y2, None, False, self.needs[2])
        if dbias is not None:
            gb = None               # added into b.grad already
        gx = tt.matmul(dz, W.T).reshape(x.shape) if self.needs[0] else None
        gW = None
        if self.needs[1]:
            if dest[1] is not None:
                try:
                    _core._matmul_into(x2.T, dz, dest[1], True)
                except ValueError:  # the kept .grad overlaps x or dz (raised before writing)
                    gW = tt.matmul(x2.T, dz)
            else:
                gW = tt.matmul(x2.T, dz)
        return gx, gW, gb

    def _backward_ops(self, g, x, W, out):
        if out is not None:
            g = tt.where(out > 0, g, 0.0)
        x2 = x.reshape(-1, x.shape[-1]) if x.ndim != 2 else x
        g2 = g.reshape(-1, g.shape[-1]) if g.ndim != 2 else g
        gx = tt.matmul(g, W.T) if self.needs[0] else None
        gW = tt.matmul(x2.T, g2) if self.needs[1] else None
        gb = None
        if self.needs[2]:
            gb = g2.sum(axis=0) if self.inputs[2].ndim == 1 else unbroadcast(g, self.inputs[2].shape).copy()
        return gx, gW, gb


# ---------------------------------------------------------------- joining
@register
class Concatenate(Function):
    name = "concatenate"

    def setup(self, out, *tensors, axis=0):
        self.set_inputs(*tensors)
        if axis is None:        # flattened first
            self.axis, self.shapes = 0, [tuple(tt.asarray(t).shape) for t in tensors]
            self.sizes = [int(math.prod(s)) for s in self.shapes]
        else:
            self.axis = axis % out.ndim
            self.shapes = None
            self.sizes = [tt.asarray(t).shape[self.axis] for t in tensors]

    def backward(self, g):
        grads, start = [], 0
        lead = (slice(None),) * self.axis
        for i, (n, need) in enumerate(zip(self.sizes, self.needs)):
            part = g[lead + (slice(start, start + n),)] if need else None
            if part is not None and self.shapes is not None:
                part = part.reshape(self.shapes[i])
            grads.append(part)
            start += n
        return tuple(grads)


@register
class Stack(Function):
    name = "stack"

    def setup(self, out, *tensors, axis=0):
        self.set_inputs(*tensors)
        self.axis = axis

    def backward(self, g):
        lead = (slice(None),) * self.axis
        return tuple(g[lead + (i,)] if need else None for i, need in enumerate(self.needs))


# ---------------------------------------------------------------- softmax family
@register
class Softmax(Function):
    name = "softmax"
    fresh = True

    def setup(self, out, x, axis=-1):
        self.set_inputs(x)
        self.axis = axis
        self.save(out)

    def backward(self, g):
        y, = self.saved
        return (y * (g - tt.sum(g * y, axis=self.axis, keepdims=True)),)


@register
class LogSoftmax(Function):
    name = "log_softmax"
    fresh = True

    def setup(self, out, x, axis=-1):
        self.set_inputs(x)
        self.axis = axis
        self.save(out)

    def backward(self, g):
        y, = self.saved
        return (g - tt.exp(y) * tt.sum(g, axis=self.axis, keepdims=True),)


@register
class SoftmaxCrossEntropy(Function):
    """Mean over rows of -sum(targets * log_softmax(logits)); targets are probabilities of the
    logits' shape or int class indices of shape logits.shape[:-1]. The core computed dlogits in
    the same pass as the loss: (softmax * rowsum(targets) - targets) / rows, exact also when a
    target row does not sum to 1."""
    name = "softmax_cross_entropy"
    fresh = True

    def setup(self, out, logits, targets, dlogits):
        self.set_inputs(logits, targets)
        self.save(logits, targets) if self.needs[1] else self.save()
        self.dlogits = dlogits

    def release(self):
        super().release()
        self.dlogits = None

    def backward(self, g):
        self.saved   # raises if freed, or if a saved tensor was modified in place
        gl = gt = None
        scale = g.item()
        if self.needs[0]:
            if scale != 1.0:
                gl = self.dlogits * scale
            else:   # the buffer itself, unless the node runs again (then a copy: .grad is its own)
                gl = self.dlogits.copy() if self.retain_graph else self.dlogits
        if self.needs[1]:
            logits, targets = self.saved
            rows = logits.size // logits.shape[-1] if logits.ndim and logits.shape[-1] else 1
            gt = tt.log_softmax(logits, axis=-1) * (-scale / rows)
        return gl, gt
