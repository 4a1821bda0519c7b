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
    """Graph node of ``tt.sort``: ``out = x[perm]`` along the axis, so each output element's
    gradient goes back to the element it came from.

    The forward hands over the permutation it applied (``indices``, as ``argsort`` gives it);
    backward gathers ``g`` through the inverse permutation (``axis=None`` sorted the flattened
    input: the gradient is reshaped back)::

        for each run along axis:
            for j in range(n):
                dx[indices[j]] = g[j]          # computed as take_along_axis(g, argsort(indices))

    Examples
    --------
    >>> x = tt.tensor([3.0, 1.0, 2.0], requires_grad=True)
    >>> y = tt.sort(x)
    >>> y
    tensor([1., 2., 3.], grad_fn=<SortBackward0>)
    >>> y.backward(tt.tensor([10.0, 20.0, 30.0]))
    >>> x.grad                           # 3.0 was last, so it gets 30
    tensor([30., 10., 20.])
    """
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
        """The output gradient without the slot ``include_initial=True`` added (the identity at the
        start of each run, which depends on no input); ``g`` itself otherwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/d(out), of the result's shape.

        Returns
        -------
        Tensor
            ``g``, or its view without index 0 along the scanned axis.

        Examples
        --------
        >>> x = tt.tensor([1.0, 2.0, 3.0], requires_grad=True)
        >>> fn = tt.cumulative_sum(x, include_initial=True).grad_fn
        >>> fn.prepare(tt.tensor([1.0, 2.0, 3.0, 4.0]))
        tensor([2., 3., 4.])
        """
        if self.include_initial:
            g = _drop_initial(g, self.axis)
        return g


@register
class CumulativeSum(_Scan):
    """Graph node of ``tt.cumulative_sum``: ``out[i] = x[0] + ... + x[i]``, so ``x[i]`` receives
    the gradients of every ``out[j]`` with ``j >= i``: a reverse running sum.

    backward computes, per run along the scanned axis (with ``include_initial=True`` the leading
    slot of ``g``, the identity's, is dropped first; a flattened input is reshaped back)::

        for i in range(n):
            dx[i] = g[i] + g[i + 1] + ... + g[n - 1]        # flip, cumulative_sum, flip

    Examples
    --------
    >>> x = tt.tensor([1.0, 2.0, 3.0], requires_grad=True)
    >>> tt.cumulative_sum(x).backward(tt.tensor([1.0, 10.0, 100.0]))
    >>> x.grad
    tensor([111., 110., 100.])
    """
    name = "cumulative_sum"
    keeps = False

    def backward(self, g):
        g = self.prepare(g)
        return (_reverse_cumsum(g, self.axis).reshape(self.shape),)


@register
class CumulativeProd(_Scan):
    """Graph node of ``tt.cumulative_prod``: ``out[j] = x[0] * ... * x[j]``, so ``d out[j] / d
    x[i]`` (``j >= i``) is the product of ``x[0..j]`` without ``x[i]``.

    Exact with zeros, as PyTorch: before the first zero of a run that product is ``out[j] / x[i]``
    (``x[i]`` is not 0); at the first zero ``k`` it is ``out[k-1] * x[k+1] * ... * x[j]`` (one
    running product); after it every such product holds the zero at ``k``, so 0. backward computes,
    per run along the scanned axis::

        for i in range(n):
            if i < k:    dx[i] = sum(g[j] * out[j] for j >= i) / x[i]      # no zero up to i
            elif i == k: dx[i] = sum(g[j] * out[k-1] * x[k+1] * ... * x[j] for j >= k)
            else:        dx[i] = 0

    (``k`` the first zero of the run; ``out[-1]`` is 1; with ``include_initial=True`` the
    identity's slot of ``g`` is dropped first.)

    Examples
    --------
    >>> x = tt.tensor([2.0, 0.0, 3.0], requires_grad=True)
    >>> y = tt.cumulative_prod(x)
    >>> y
    tensor([2., 0., 0.], grad_fn=<CumulativeProdBackward0>)
    >>> y.sum().backward()               # d/dx0 = 1 + x1 + x1 x2, d/dx1 = x0 + x0 x2, d/dx2 = x0 x1
    >>> x.grad
    tensor([1., 8., 0.])
    """
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
    """Graph node of ``tt.median``: each median is the middle element of its sorted run (the mean
    of the two middle ones for an even count), so its gradient goes to that element (half to each).

    The forward hands over the positions it read and their weights (1, or 0.5 and 0.5); backward
    scatters ``g`` back to them::

        for o in ndindex(out.shape):
            for position, weight in read[o]:           # along o's run of x
                dx[o's run][position] += g[o] * weight

    Equal values do not share it: with ties the gradient goes to the element(s) the sort placed in
    the middle (as PyTorch's ``median``).

    Examples
    --------
    >>> x = tt.tensor([[3.0, 1.0, 2.0, 4.0], [5.0, 9.0, 7.0, 1.0]], requires_grad=True)
    >>> y = tt.median(x, axis=1)
    >>> y
    tensor([2.5, 6. ], grad_fn=<MedianBackward0>)
    >>> y.sum().backward()
    >>> x.grad
    tensor([[0.5, 0. , 0.5, 0. ],
            [0.5, 0. , 0.5, 0. ]])
    """
    name = "median"


@register
class Quantile(_Pick):
    """Graph node of ``tt.quantile``: a quantile interpolates between (at most) two elements of the
    sorted run, ``out = (1 - f) * s[lo] + f * s[lo + 1]``, so its gradient goes to those two
    elements, weighted ``1 - f`` and ``f``.

    The forward hands over the positions it read and their weights (for each ``q``: a ``q`` of
    several values adds leading axes to the result, whose gradients are summed); backward scatters
    ``g`` back to them::

        for o in ndindex(out.shape):                    # q's axes first
            for position, weight in read[o]:
                dx[o's run][position] += g[o] * weight

    Examples
    --------
    >>> x = tt.tensor([4.0, 1.0, 3.0, 2.0], requires_grad=True)
    >>> y = tt.quantile(x, 0.25)                  # between 1 and 2 of the sorted run, f = 0.75
    >>> y
    tensor(1.75, grad_fn=<QuantileBackward0>)
    >>> y.backward()
    >>> x.grad
    tensor([0.  , 0.25, 0.  , 0.75])
    >>> x.grad = None
    >>> tt.quantile(x, tt.tensor([0.0, 1.0])).sum().backward()      # the minimum and the maximum
    >>> x.grad
    tensor([1., 1., 0., 0.])
    """
    name = "quantile"
