"""Functions of the sorting and scanning ops (tinytensor/_sort.pxi): sort, cumulative_sum,
cumulative_prod, median and quantile. Same rules as ops.py: setup only saves, backward returns
one gradient per input in a few tensor ops (grad mode is off while it runs)."""
import tinytensor as tt
from .engine import register
from .function import Function


def _flip(x, axis):
    return tt.flip(x, axis)


def _reverse_cumsum(g, axis):
    """out[i] = sum(g[i:]) along axis."""
    return _flip(tt.cumulative_sum(_flip(g, axis), axis=axis), axis)


def _drop_initial(g, axis):
    """g without its first element along axis (the include_initial=True slot)."""
    key = [slice(None)] * g.ndim
    key[axis] = slice(1, None)
    return g[tuple(key)]


@register
class Sort(Function):
    """out = x[perm] along the axis: each output element's gradient goes back to the element it
    came from, x.grad[perm] = g (a gather through the inverse permutation)."""
    name = "sort"
    fresh = True

    def setup(self, out, x, axis, indices):
        self.set_inputs(x)
        self.shape = tuple(x.shape)
        self.axis = axis
        self.save(indices)

    def backward(self, g):
        (indices,) = self.saved
        if self.axis is None:
            g, axis = g.reshape(-1), 0
        else:
            axis = self.axis
        inverse = tt.argsort(indices, axis=axis)
        return (tt.take_along_axis(g, inverse, axis=axis).reshape(self.shape),)


class _Scan(Function):
    """The cumulative ops: the forward hands over the axis it scanned (an int: a flattened
    input was scanned along axis 0 of its flat view) and whether out starts with the identity."""
    fresh = True

    def setup(self, out, x, axis, include_initial, flat):
        self.set_inputs(x)
        self.shape = tuple(x.shape)
        self.axis = axis
        self.include_initial = include_initial
        self.flat = flat
        if self.keeps:
            self.save(x if not flat else x.reshape(-1), out)

    def prepare(self, g):
        if self.include_initial:
            g = _drop_initial(g, self.axis)
        return g


@register
class CumulativeSum(_Scan):
    """out[i] = x[0] + ... + x[i]: x.grad[i] = g[i] + ... + g[n-1], a reverse running sum."""
    name = "cumulative_sum"
    keeps = False

    def backward(self, g):
        g = self.prepare(g)
        return (_reverse_cumsum(g, self.axis).reshape(self.shape),)


@register
class CumulativeProd(_Scan):
    """out[j] = x[0] * ... * x[j], so d out[j] / d x[i] = the product of x[0..j] without x[i]
    (j >= i). Exact with zeros, as PyTorch: before the first zero of a run that product is
    out[j] / x[i] (x[i] is not 0); at the first zero k it is out[k-1] * x[k+1] * ... * x[j]
    (one running product); after it every such product holds the zero at k, so 0."""
    name = "cumulative_prod"
    keeps = True

    def backward(self, g):
        x, out = self.saved
        axis = self.axis
        g = self.prepare(g)
        if self.include_initial:
            out = _drop_initial(out, axis)
        is_zero = tt.equal(x, 0)
        zeros_so_far = tt.cumulative_sum(is_zero, axis=axis)
        before = tt.equal(zeros_so_far, 0)
        first = tt.logical_and(is_zero, tt.equal(zeros_so_far, 1))
        grad = tt.where(before, _reverse_cumsum(g * out, axis) / tt.where(before, x, 1.0), 0.0)
        # at the first zero: sum over j >= k of g[j] * out[k-1] * x[k+1] * ... * x[j]
        exclusive = tt.cumulative_prod(x, axis=axis, include_initial=True)
        key = [slice(None)] * x.ndim
        key[axis] = slice(0, -1)
        exclusive = exclusive[tuple(key)]               # out[k-1] (1 at k = 0)
        factors = tt.where(first, exclusive, tt.where(before, 1.0, x))
        from_first = tt.sum(g * tt.cumulative_prod(factors, axis=axis) * tt.logical_not(before),
                            axis=axis, keepdims=True)
        grad = grad + tt.where(first, from_first, 0.0)
        return (grad.reshape(self.shape),)


class _Pick(Function):
    """median / quantile: out = sum over k of weights[k] * x[positions[k]] along the reduced
    axes, at positions the sort found. The forward hands over how it laid x out (``perm`` moves
    the reduced axes last, ``moved_shape`` is that layout with them flattened into one), how
    many leading axes of out are q's, and for each read element its position along the
    flattened axis and its weight (both broadcast against out with a trailing axis of 1).
    Each output element's gradient goes to the elements it was read from, weighted."""
    fresh = True

    def setup(self, out, x, perm, moved_shape, qndim, positions, weights):
        self.set_inputs(x)
        self.shape = tuple(x.shape)
        self.perm = perm
        self.moved_shape = moved_shape
        self.qndim = qndim
        self.weights = weights
        self.save(*positions)

    def backward(self, g):
        positions = self.saved
        g = g.reshape(tuple(g.shape) + (1,))
        along = tt.arange(self.moved_shape[-1])
        grad = None
        for pos, w in zip(positions, self.weights):
            part = tt.where(tt.equal(along, pos), g * w, 0.0)
            grad = part if grad is None else grad + part
        if self.qndim:
            grad = tt.sum(grad, axis=tuple(range(self.qndim)))
        grad = grad.reshape(tuple(self.shape[a] for a in self.perm))
        inverse = tuple(sorted(range(len(self.perm)), key=lambda i: self.perm[i]))
        return (tt.permute_dims(grad, inverse).copy(),)


@register
class Median(_Pick):
    name = "median"


@register
class Quantile(_Pick):
    name = "quantile"
