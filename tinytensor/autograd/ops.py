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
    """Graph node of ``tt.add``: ``out = a + b``; d/da = 1, d/db = 1.

    backward computes the local gradients with ``a`` and ``b`` broadcast to ``out.shape``, then
    sums each back to its operand's shape (`tinytensor.autograd.unbroadcast`)::

        for i in ndindex(out.shape):
            da[i] = g[i]
            db[i] = g[i]
        return unbroadcast(da, a.shape), unbroadcast(db, b.shape)

    A Python number operand gets no gradient.

    Examples
    --------
    >>> a = tt.tensor([[1.0, 2.0, 3.0]], requires_grad=True)
    >>> b = tt.tensor([[10.0], [20.0]], requires_grad=True)
    >>> (a + b).sum().backward()           # out has shape (2, 3)
    >>> a.grad                             # summed over the 2 rows a was broadcast to
    tensor([[2., 2., 2.]])
    >>> b.grad                             # summed over the 3 columns
    tensor([[3.],
            [3.]])
    """
    name = "add"

    def local_grads(self, g):
        """The gradients of add's operands before unbroadcasting: ``(g, g)``.

        Parameters
        ----------
        g : Tensor
            d(loss)/d(out), of ``out.shape``.

        Returns
        -------
        tuple of (Tensor or None)
            ``(da, db)``, broadcastable to ``out.shape`` (backward reduces them to the operands'
            shapes); None for an operand that does not require grad (so backward does not sum a
            gradient back to, say, a frozen bias's shape for nothing).

        Examples
        --------
        >>> a = tt.tensor([1.0, 2.0], requires_grad=True)
        >>> fn = (a + 5.0).grad_fn
        >>> with tt.no_grad():                 # grad mode is off in backward
        ...     fn.local_grads(tt.tensor([1.0, 2.0]))
        (tensor([1., 2.]), None)
        """
        return (g if self.needs[0] else None), (g if self.needs[1] else None)


@register
class Subtract(_Binary):
    """Graph node of ``tt.subtract``: ``out = a - b``; d/da = 1, d/db = -1.

    backward computes the local gradients with ``a`` and ``b`` broadcast to ``out.shape``, then
    sums each back to its operand's shape (`tinytensor.autograd.unbroadcast`)::

        for i in ndindex(out.shape):
            da[i] = g[i]
            db[i] = -g[i]
        return unbroadcast(da, a.shape), unbroadcast(db, b.shape)

    A Python number operand gets no gradient.

    Examples
    --------
    >>> a = tt.tensor([1.0, 2.0], requires_grad=True)
    >>> b = tt.tensor(3.0, requires_grad=True)       # 0-d: broadcast to a's shape
    >>> (a - b).sum().backward()
    >>> a.grad
    tensor([1., 1.])
    >>> b.grad
    tensor(-2.)
    """
    name = "subtract"

    def local_grads(self, g):
        """The gradients of subtract's operands before unbroadcasting: ``(g, -g)``.

        Parameters
        ----------
        g : Tensor
            d(loss)/d(out), of ``out.shape``.

        Returns
        -------
        tuple of (Tensor or None)
            ``(da, db)``, broadcastable to ``out.shape`` (backward reduces them to the operands'
            shapes); None for an operand that does not require grad.

        Examples
        --------
        >>> a = tt.tensor([1.0, 2.0], requires_grad=True)
        >>> fn = (5.0 - a).grad_fn      # a is the second operand
        >>> with tt.no_grad():                 # grad mode is off in backward
        ...     fn.local_grads(tt.tensor([1.0, 2.0]))
        (None, tensor([-1., -2.]))
        """
        return (g if self.needs[0] else None), (-g if self.needs[1] else None)


@register
class Multiply(_Binary):
    """Graph node of ``tt.multiply``: ``out = a * b``; d/da = b, d/db = a.

    backward computes the local gradients with ``a`` and ``b`` broadcast to ``out.shape``, then
    sums each back to its operand's shape (`tinytensor.autograd.unbroadcast`)::

        for i in ndindex(out.shape):
            da[i] = g[i] * b[i]
            db[i] = g[i] * a[i]
        return unbroadcast(da, a.shape), unbroadcast(db, b.shape)

    A Python number operand gets no gradient.

    Examples
    --------
    >>> a = tt.tensor([1.0, 2.0], requires_grad=True)
    >>> b = tt.tensor([3.0, 4.0], requires_grad=True)
    >>> (a * b).sum().backward()
    >>> a.grad, b.grad
    (tensor([3., 4.]), tensor([1., 2.]))
    """
    name = "multiply"
    fresh = True
    saves = True

    def local_grads(self, g):
        """The gradients of multiply's operands before unbroadcasting: ``(g * b, g * a)``.

        Parameters
        ----------
        g : Tensor
            d(loss)/d(out), of ``out.shape``.

        Returns
        -------
        tuple of (Tensor or None)
            ``(da, db)``, broadcastable to ``out.shape`` (backward reduces them to the operands'
            shapes); None for an operand that does not require grad.

        Examples
        --------
        >>> a = tt.tensor([1.0, 2.0], requires_grad=True)
        >>> fn = (a * tt.tensor([3.0, 4.0])).grad_fn
        >>> with tt.no_grad():                 # grad mode is off in backward
        ...     fn.local_grads(tt.ones(2))
        (tensor([3., 4.]), None)
        """
        a, b = self.saved
        return (g * b if self.needs[0] else None), (g * a if self.needs[1] else None)


@register
class Divide(_Binary):
    """Graph node of ``tt.divide``: ``out = a / b``; d/da = 1 / b, d/db = -a / b**2.

    backward computes the local gradients with ``a`` and ``b`` broadcast to ``out.shape``, then
    sums each back to its operand's shape (`tinytensor.autograd.unbroadcast`)::

        for i in ndindex(out.shape):
            da[i] = g[i] / b[i]
            db[i] = -g[i] * a[i] / (b[i] * b[i])
        return unbroadcast(da, a.shape), unbroadcast(db, b.shape)

    A Python number operand gets no gradient.

    Examples
    --------
    >>> a = tt.tensor([1.0, 6.0], requires_grad=True)
    >>> b = tt.tensor([2.0, 3.0], requires_grad=True)
    >>> (a / b).sum().backward()
    >>> a.grad, b.grad
    (tensor([0.5       , 0.33333333]), tensor([-0.25      , -0.66666667]))
    """
    name = "divide"
    fresh = True
    saves = True

    def local_grads(self, g):
        """The gradients of divide's operands before unbroadcasting: ``(g / b, -g * a / b**2)``.

        Parameters
        ----------
        g : Tensor
            d(loss)/d(out), of ``out.shape``.

        Returns
        -------
        tuple of (Tensor or None)
            ``(da, db)``, broadcastable to ``out.shape`` (backward reduces them to the operands'
            shapes); None for an operand that does not require grad.

        Examples
        --------
        >>> b = tt.tensor([2.0, 4.0], requires_grad=True)
        >>> fn = (1.0 / b).grad_fn
        >>> with tt.no_grad():                 # grad mode is off in backward
        ...     fn.local_grads(tt.ones(2))
        (None, tensor([-0.25  , -0.0625]))
        """
        a, b = self.saved
        ga = g / b if self.needs[0] else None
        gb = -g * a / (b * b) if self.needs[1] else None
        return ga, gb


@register
class Remainder(_Binary):
    """Graph node of ``tt.remainder``: ``out = a % b = a - floor(a / b) * b``; d/da = 1, d/db =
    -floor(a / b) (as PyTorch; the jumps of floor are ignored).

    backward computes the local gradients with ``a`` and ``b`` broadcast to ``out.shape``, then
    sums each back to its operand's shape (`tinytensor.autograd.unbroadcast`)::

        for i in ndindex(out.shape):
            da[i] = g[i]
            db[i] = -g[i] * floor_divide(a[i], b[i])
        return unbroadcast(da, a.shape), unbroadcast(db, b.shape)

    A Python number operand gets no gradient.

    Examples
    --------
    >>> a = tt.tensor([5.0, -5.0], requires_grad=True)
    >>> b = tt.tensor([3.0, 3.0], requires_grad=True)
    >>> tt.remainder(a, b).sum().backward()          # floor(a / b) = [1, -2]
    >>> a.grad, b.grad
    (tensor([1., 1.]), tensor([-1.,  2.]))
    """
    name = "remainder"
    saves = True

    def local_grads(self, g):
        """The gradients of remainder's operands before unbroadcasting: ``(g, -g * floor_divide(a,
        b))``.

        Parameters
        ----------
        g : Tensor
            d(loss)/d(out), of ``out.shape``.

        Returns
        -------
        tuple of (Tensor or None)
            ``(da, db)``, broadcastable to ``out.shape`` (backward reduces them to the operands'
            shapes); None for an operand that does not require grad.

        Examples
        --------
        >>> b = tt.tensor([2.0, 3.0], requires_grad=True)
        >>> fn = tt.remainder(7.0, b).grad_fn
        >>> with tt.no_grad():                 # grad mode is off in backward
        ...     fn.local_grads(tt.ones(2))
        (None, tensor([-3., -2.]))
        """
        a, b = self.saved
        ga = g if self.needs[0] else None
        gb = -g * tt.floor_divide(a, b) if self.needs[1] else None
        return ga, gb


@register
class Power(_Binary):
    """Graph node of ``tt.power``: ``out = a ** b``; d/da = b * a**(b - 1), d/db = a**b * log(a).

    backward computes the local gradients with ``a`` and ``b`` broadcast to ``out.shape``, then
    sums each back to its operand's shape (`tinytensor.autograd.unbroadcast`)::

        for i in ndindex(out.shape):
            da[i] = g[i] * (0 if b[i] == 0 else b[i] * a[i] ** (b[i] - 1))
            db[i] = g[i] * (0 if a[i] == 0 and b[i] >= 0 else out[i] * log(a[i]))
        return unbroadcast(da, a.shape), unbroadcast(db, b.shape)

    A Python number operand gets no gradient.

    Notes
    -----
    As PyTorch, ``d/da`` is taken as 0 where ``b == 0`` (also at ``a == 0``, where ``0 * 0**-1``
    would be NaN), and ``d/db`` as 0 where ``a == 0`` and ``b >= 0`` (the limit of ``a**b *
    log(a)``). A negative ``a`` gives a NaN ``d/db`` (its log). A Python number ``a``
    (``tt.power(2.0, x)``) uses ``math.log(a)``.

    Examples
    --------
    >>> a = tt.tensor([0.0, 2.0], requires_grad=True)
    >>> b = tt.tensor([0.0, 3.0], requires_grad=True)
    >>> tt.power(a, b).sum().backward()         # 0**0: both gradients 0 there
    >>> a.grad, b.grad
    (tensor([ 0., 12.]), tensor([0.        , 5.54517744]))
    """
    name = "power"
    fresh = True

    def setup(self, out, a, b):
        super().setup(out, a, b)
        self.save(a, b, out)

    def local_grads(self, g):
        """The gradients of power's operands before unbroadcasting: ``(g * b * a**(b - 1), g * out
        * log(a))``, with the zero cases of the class notes.

        Parameters
        ----------
        g : Tensor
            d(loss)/d(out), of ``out.shape``.

        Returns
        -------
        tuple of (Tensor or None)
            ``(da, db)``, broadcastable to ``out.shape`` (backward reduces them to the operands'
            shapes); None for an operand that does not require grad.

        Examples
        --------
        >>> b = tt.tensor([0.0, 2.0], requires_grad=True)
        >>> fn = tt.power(2.0, b).grad_fn      # 2**b * log(2)
        >>> with tt.no_grad():                 # grad mode is off in backward
        ...     fn.local_grads(tt.ones(2))
        (None, tensor([0.69314718, 2.77258872]))
        """
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
        """The gradients of maximum's (minimum's) operands before unbroadcasting: ``g`` to the
        winner, ``g / 2`` to each on a tie.

        Parameters
        ----------
        g : Tensor
            d(loss)/d(out), of ``out.shape``.

        Returns
        -------
        tuple of (Tensor or None)
            ``(g * share, g * (1 - share))`` with ``share`` 1 where ``a`` wins, 0.5 on a tie, else
            0; None for an operand that does not require grad.

        Examples
        --------
        >>> a = tt.tensor([1.0, 5.0, 2.0], requires_grad=True)
        >>> fn = tt.maximum(a, tt.tensor([3.0, 4.0, 2.0])).grad_fn
        >>> with tt.no_grad():                 # grad mode is off in backward
        ...     fn.local_grads(tt.ones(3))
        (tensor([0. , 1. , 0.5]), None)
        """
        a, b = self.saved
        a_loses, b_loses = (a < b, a > b) if self.name == "maximum" else (a > b, a < b)
        share = tt.where(tt.equal(a, b), 0.5, 1.0)     # a tie splits g; else the winner takes it
        # a NaN on either side makes every comparison false: both operands get g, as PyTorch
        ga = g * tt.where(a_loses, 0.0, share) if self.needs[0] else None
        gb = g * tt.where(b_loses, 0.0, share) if self.needs[1] else None
        return ga, gb


@register
class Maximum(_MaxMin):
    """Graph node of ``tt.maximum``: ``out = maximum(a, b)``; the gradient goes to the operand that
    won, half to each on a tie.

    backward computes, with ``a`` and ``b`` broadcast to ``out.shape``, then `unbroadcast`::

        for i in ndindex(out.shape):
            tie = a[i] == b[i]
            da[i] = 0 if a[i] < b[i] else g[i] / 2 if tie else g[i]   # NaN: g to both
            db[i] = 0 if a[i] > b[i] else g[i] / 2 if tie else g[i]

    A Python number operand gets no gradient.

    Notes
    -----
    Ties split the gradient equally (as PyTorch). Where either operand is NaN, neither wins nor
    ties, and both get the whole gradient (as PyTorch).

    Examples
    --------
    >>> a = tt.tensor([1.0, 5.0, 2.0], requires_grad=True)
    >>> b = tt.tensor([3.0, 4.0, 2.0], requires_grad=True)
    >>> tt.maximum(a, b).sum().backward()
    >>> a.grad, b.grad
    (tensor([0. , 1. , 0.5]), tensor([1. , 0. , 0.5]))
    """
    name = "maximum"


@register
class Minimum(_MaxMin):
    """Graph node of ``tt.minimum``: ``out = minimum(a, b)``; the gradient goes to the operand that
    won, half to each on a tie.

    backward computes, with ``a`` and ``b`` broadcast to ``out.shape``, then `unbroadcast`::

        for i in ndindex(out.shape):
            tie = a[i] == b[i]
            da[i] = 0 if a[i] > b[i] else g[i] / 2 if tie else g[i]   # NaN: g to both
            db[i] = 0 if a[i] < b[i] else g[i] / 2 if tie else g[i]

    A Python number operand gets no gradient.

    Notes
    -----
    Ties split the gradient equally (as PyTorch). Where either operand is NaN, neither wins nor
    ties, and both get the whole gradient (as PyTorch).

    Examples
    --------
    >>> a = tt.tensor([1.0, 5.0, 2.0], requires_grad=True)
    >>> b = tt.tensor([3.0, 4.0, 2.0], requires_grad=True)
    >>> tt.minimum(a, b).sum().backward()
    >>> a.grad, b.grad
    (tensor([1. , 0. , 0.5]), tensor([0. , 1. , 0.5]))
    """
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
    """Graph node of ``tt.negative``: ``y = -x``, with ``dy/dx = -1``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and nothing kept: the derivative is a
    constant::

        for i in ndindex(x.shape):
            dx[i] = -g[i]

    Examples
    --------
    >>> x = tt.tensor([1.0, -2.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.negative(x)
    >>> y.sum().backward()
    >>> x.grad                            # -1
    tensor([-1., -1.])
    """
    name = "negative"
    keep = None

    def grad(self, g):
        """The chain rule of negative: ``dx = -g``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> tt.autograd.ops.Negative().grad(tt.tensor([1.0, 2.0]))
        tensor([-1., -2.])
        """
        return -g


@register
class Exp(_Unary):
    """Graph node of ``tt.exp``: ``y = exp(x)``, with ``dy/dx = exp(x) = y``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the output ``y``, kept by ``setup``
    (cheaper than recomputing it from ``x``)::

        for i in ndindex(x.shape):
            dx[i] = g[i] * y[i]

    Examples
    --------
    >>> x = tt.tensor([0.0, 1.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.exp(x)
    >>> y.sum().backward()
    >>> x.grad                            # exp(x) = y
    tensor([1.        , 2.71828183])
    """
    name = "exp"
    keep = "y"

    def grad(self, g, y):
        """The chain rule of exp: ``dx = g * y``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        y : Tensor
            The output ``y = exp(x)``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> y = tt.exp(tt.tensor([0.0, 1.0]))
        >>> tt.autograd.ops.Exp().grad(tt.tensor([1.0, 2.0]), y)
        tensor([1.        , 5.43656366])
        """
        return g * y


@register
class Log(_Unary):
    """Graph node of ``tt.log``: ``y = log(x)``, with ``dy/dx = 1 / x``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the input ``x``, kept by ``setup``::

        for i in ndindex(x.shape):
            dx[i] = g[i] / x[i]

    Examples
    --------
    >>> x = tt.tensor([0.5, 2.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.log(x)
    >>> y.sum().backward()
    >>> x.grad                            # 1 / x
    tensor([2. , 0.5])
    """
    name = "log"

    def grad(self, g, x):
        """The chain rule of log: ``dx = g / x``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        x : Tensor
            The input ``x``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> x = tt.tensor([0.5, 2.0])
        >>> tt.autograd.ops.Log().grad(tt.tensor([1.0, 2.0]), x)
        tensor([2., 1.])
        """
        return g / x


@register
class Sqrt(_Unary):
    """Graph node of ``tt.sqrt``: ``y = sqrt(x)``, with ``dy/dx = 0.5 / sqrt(x) = 0.5 / y``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the output ``y``, kept by ``setup``
    (cheaper than recomputing it from ``x``)::

        for i in ndindex(x.shape):
            dx[i] = g[i] * 0.5 / y[i]

    Notes
    -----
    At ``x == 0`` the gradient is ``inf`` (as NumPy's ``0.5 / 0`` and PyTorch).

    Examples
    --------
    >>> x = tt.tensor([1.0, 4.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.sqrt(x)
    >>> y.sum().backward()
    >>> x.grad                            # 0.5 / sqrt(x) = 0.5 / y
    tensor([0.5 , 0.25])
    """
    name = "sqrt"
    keep = "y"

    def grad(self, g, y):
        """The chain rule of sqrt: ``dx = g * 0.5 / y``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        y : Tensor
            The output ``y = sqrt(x)``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> y = tt.sqrt(tt.tensor([1.0, 4.0]))
        >>> tt.autograd.ops.Sqrt().grad(tt.tensor([1.0, 2.0]), y)
        tensor([0.5, 0.5])
        """
        return g * 0.5 / y


@register
class Tanh(_Unary):
    """Graph node of ``tt.tanh``: ``y = tanh(x)``, with ``dy/dx = 1 - tanh(x)**2 = 1 - y**2``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the output ``y``, kept by ``setup``
    (cheaper than recomputing it from ``x``)::

        for i in ndindex(x.shape):
            dx[i] = g[i] * (1 - y[i] * y[i])

    Examples
    --------
    >>> x = tt.tensor([0.0, 0.5], requires_grad=True, dtype=tt.float64)
    >>> y = tt.tanh(x)
    >>> y.sum().backward()
    >>> x.grad                            # 1 - tanh(x)**2 = 1 - y**2
    tensor([1.        , 0.78644773])
    """
    name = "tanh"
    keep = "y"

    def grad(self, g, y):
        """The chain rule of tanh: ``dx = g * (1 - y * y)``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        y : Tensor
            The output ``y = tanh(x)``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> y = tt.tanh(tt.tensor([0.0, 0.5]))
        >>> tt.autograd.ops.Tanh().grad(tt.tensor([1.0, 2.0]), y)
        tensor([1.        , 1.57289547])
        """
        return g * (1.0 - y * y)


@register
class Sigmoid(_Unary):
    """Graph node of ``tt.sigmoid``: ``y = 1 / (1 + exp(-x))``, with ``dy/dx = y * (1 - y)``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the output ``y``, kept by ``setup``
    (cheaper than recomputing it from ``x``)::

        for i in ndindex(x.shape):
            dx[i] = g[i] * y[i] * (1 - y[i])

    Examples
    --------
    >>> x = tt.tensor([0.0, 2.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.sigmoid(x)
    >>> y.sum().backward()
    >>> x.grad                            # y * (1 - y)
    tensor([0.25      , 0.10499359])
    """
    name = "sigmoid"
    keep = "y"

    def grad(self, g, y):
        """The chain rule of sigmoid: ``dx = g * y * (1 - y)``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        y : Tensor
            The output ``y = 1 / (1 + exp(-x))``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> y = tt.sigmoid(tt.tensor([0.0, 2.0]))
        >>> tt.autograd.ops.Sigmoid().grad(tt.tensor([1.0, 2.0]), y)
        tensor([0.25      , 0.20998717])
        """
        return g * y * (1.0 - y)


@register
class Relu(_Unary):
    """Graph node of ``tt.relu``: ``y = max(x, 0)``, with ``dy/dx = 1 where y > 0, else 0``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the output ``y``, kept by ``setup``
    (cheaper than recomputing it from ``x``)::

        for i in ndindex(x.shape):
            dx[i] = g[i] if y[i] > 0 else 0

    Notes
    -----
    The gradient at ``x == 0`` is 0 (as PyTorch).

    Examples
    --------
    >>> x = tt.tensor([-1.0, 0.0, 2.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.relu(x)
    >>> y.sum().backward()
    >>> x.grad                            # 1 where y > 0, else 0
    tensor([0., 0., 1.])
    """
    name = "relu"
    keep = "y"

    def grad(self, g, y):
        """The chain rule of relu: ``dx = g if y > 0 else 0``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        y : Tensor
            The output ``y = max(x, 0)``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> y = tt.relu(tt.tensor([-1.0, 0.0, 2.0]))
        >>> tt.autograd.ops.Relu().grad(tt.tensor([1.0, 2.0, 3.0]), y)
        tensor([0., 0., 3.])
        """
        return tt.where(y > 0, g, 0.0)


class _ZeroGrad(_Unary):
    """Piecewise constant: the gradient is zero everywhere (as PyTorch's sign, floor, ...)."""
    keep = None

    def grad(self, g):
        """The chain rule of a piecewise constant op (ceil, floor, round, trunc, sign, step):
        zeros.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.

        Returns
        -------
        Tensor
            ``zeros_like(g)``.

        Examples
        --------
        >>> tt.autograd.ops.Ceil().grad(tt.tensor([1.0, 2.0]))
        tensor([0., 0.])
        """
        return tt.zeros_like(g)


@register
class Step(_ZeroGrad):
    """Graph node of ``tt.step``: ``y = 1 if x >= 0 else 0`` is piecewise constant, so its gradient
    is zero.

    backward returns zeros of the input's shape (as PyTorch: the op stays in the graph, and the
    inputs before it receive an explicit zero gradient rather than none)::

        for i in ndindex(x.shape):
            dx[i] = 0

    Examples
    --------
    >>> x = tt.tensor([-1.5, 0.5, 2.5], requires_grad=True)
    >>> y = tt.step(x)
    >>> y
    tensor([0., 1., 1.], grad_fn=<StepBackward0>)
    >>> (y * x).sum().backward()           # d(y * x)/dx = y + x * 0
    >>> x.grad
    tensor([0., 1., 1.])
    """
    name = "step"


@register
class Sign(_ZeroGrad):
    """Graph node of ``tt.sign``: ``y = -1, 0 or 1`` is piecewise constant, so its gradient is
    zero.

    backward returns zeros of the input's shape (as PyTorch: the op stays in the graph, and the
    inputs before it receive an explicit zero gradient rather than none)::

        for i in ndindex(x.shape):
            dx[i] = 0

    Examples
    --------
    >>> x = tt.tensor([-1.5, 0.5, 2.5], requires_grad=True)
    >>> y = tt.sign(x)
    >>> y
    tensor([-1.,  1.,  1.], grad_fn=<SignBackward0>)
    >>> (y * x).sum().backward()           # d(y * x)/dx = y + x * 0
    >>> x.grad
    tensor([-1.,  1.,  1.])
    """
    name = "sign"


@register
class Abs(_Unary):
    """Graph node of ``tt.abs``: ``y = abs(x)``, with ``dy/dx = sign(x)``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the input ``x``, kept by ``setup``::

        for i in ndindex(x.shape):
            dx[i] = g[i] * sign(x[i])

    Notes
    -----
    The gradient at ``x == 0`` is 0 (``sign(0)``, as PyTorch).

    Examples
    --------
    >>> x = tt.tensor([-2.0, 0.0, 3.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.abs(x)
    >>> y.sum().backward()
    >>> x.grad                            # sign(x)
    tensor([-1.,  0.,  1.])
    """
    name = "abs"

    def grad(self, g, x):
        """The chain rule of abs: ``dx = g * sign(x)``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        x : Tensor
            The input ``x``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> x = tt.tensor([-2.0, 0.0, 3.0])
        >>> tt.autograd.ops.Abs().grad(tt.tensor([1.0, 2.0, 3.0]), x)
        tensor([-1.,  0.,  3.])
        """
        return g * tt.sign(x)


@register
class Square(_Unary):
    """Graph node of ``tt.square``: ``y = x * x``, with ``dy/dx = 2 * x``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the input ``x``, kept by ``setup``::

        for i in ndindex(x.shape):
            dx[i] = g[i] * 2 * x[i]

    Examples
    --------
    >>> x = tt.tensor([-1.0, 3.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.square(x)
    >>> y.sum().backward()
    >>> x.grad                            # 2 * x
    tensor([-2.,  6.])
    """
    name = "square"

    def grad(self, g, x):
        """The chain rule of square: ``dx = g * 2 * x``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        x : Tensor
            The input ``x``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> x = tt.tensor([-1.0, 3.0])
        >>> tt.autograd.ops.Square().grad(tt.tensor([1.0, 2.0]), x)
        tensor([-2., 12.])
        """
        return g * 2.0 * x


@register
class Reciprocal(_Unary):
    """Graph node of ``tt.reciprocal``: ``y = 1 / x``, with ``dy/dx = -1 / x**2 = -y**2``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the output ``y``, kept by ``setup``
    (cheaper than recomputing it from ``x``)::

        for i in ndindex(x.shape):
            dx[i] = -g[i] * y[i] * y[i]

    Examples
    --------
    >>> x = tt.tensor([0.5, 2.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.reciprocal(x)
    >>> y.sum().backward()
    >>> x.grad                            # -1 / x**2 = -y**2
    tensor([-4.  , -0.25])
    """
    name = "reciprocal"
    keep = "y"

    def grad(self, g, y):
        """The chain rule of reciprocal: ``dx = -g * y * y``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        y : Tensor
            The output ``y = 1 / x``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> y = tt.reciprocal(tt.tensor([0.5, 2.0]))
        >>> tt.autograd.ops.Reciprocal().grad(tt.tensor([1.0, 2.0]), y)
        tensor([-4. , -0.5])
        """
        return -g * y * y


@register
class Exp2(_Unary):
    """Graph node of ``tt.exp2``: ``y = 2**x``, with ``dy/dx = 2**x * log(2) = y * log(2)``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the output ``y``, kept by ``setup``
    (cheaper than recomputing it from ``x``)::

        for i in ndindex(x.shape):
            dx[i] = g[i] * y[i] * log(2)

    Examples
    --------
    >>> x = tt.tensor([0.0, 3.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.exp2(x)
    >>> y.sum().backward()
    >>> x.grad                            # 2**x * log(2) = y * log(2)
    tensor([0.69314718, 5.54517744])
    """
    name = "exp2"
    keep = "y"

    def grad(self, g, y):
        """The chain rule of exp2: ``dx = g * y * log(2)``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        y : Tensor
            The output ``y = 2**x``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> y = tt.exp2(tt.tensor([0.0, 3.0]))
        >>> tt.autograd.ops.Exp2().grad(tt.tensor([1.0, 2.0]), y)
        tensor([ 0.69314718, 11.09035489])
        """
        return g * y * math.log(2.0)


@register
class Expm1(_Unary):
    """Graph node of ``tt.expm1``: ``y = exp(x) - 1``, with ``dy/dx = exp(x) = y + 1``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the output ``y``, kept by ``setup``
    (cheaper than recomputing it from ``x``)::

        for i in ndindex(x.shape):
            dx[i] = g[i] * (y[i] + 1)

    Examples
    --------
    >>> x = tt.tensor([0.0, 1.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.expm1(x)
    >>> y.sum().backward()
    >>> x.grad                            # exp(x) = y + 1
    tensor([1.        , 2.71828183])
    """
    name = "expm1"
    keep = "y"

    def grad(self, g, y):
        """The chain rule of expm1: ``dx = g * (y + 1)``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        y : Tensor
            The output ``y = exp(x) - 1``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> y = tt.expm1(tt.tensor([0.0, 1.0]))
        >>> tt.autograd.ops.Expm1().grad(tt.tensor([1.0, 2.0]), y)
        tensor([1.        , 5.43656366])
        """
        return g * (y + 1.0)


@register
class Log2(_Unary):
    """Graph node of ``tt.log2``: ``y = log2(x)``, with ``dy/dx = 1 / (x * log(2))``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the input ``x``, kept by ``setup``::

        for i in ndindex(x.shape):
            dx[i] = g[i] / (x[i] * log(2))

    Examples
    --------
    >>> x = tt.tensor([1.0, 4.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.log2(x)
    >>> y.sum().backward()
    >>> x.grad                            # 1 / (x * log(2))
    tensor([1.44269504, 0.36067376])
    """
    name = "log2"

    def grad(self, g, x):
        """The chain rule of log2: ``dx = g / (x * log(2))``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        x : Tensor
            The input ``x``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> x = tt.tensor([1.0, 4.0])
        >>> tt.autograd.ops.Log2().grad(tt.tensor([1.0, 2.0]), x)
        tensor([1.44269504, 0.72134752])
        """
        return g / (x * math.log(2.0))


@register
class Log10(_Unary):
    """Graph node of ``tt.log10``: ``y = log10(x)``, with ``dy/dx = 1 / (x * log(10))``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the input ``x``, kept by ``setup``::

        for i in ndindex(x.shape):
            dx[i] = g[i] / (x[i] * log(10))

    Examples
    --------
    >>> x = tt.tensor([1.0, 10.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.log10(x)
    >>> y.sum().backward()
    >>> x.grad                            # 1 / (x * log(10))
    tensor([0.43429448, 0.04342945])
    """
    name = "log10"

    def grad(self, g, x):
        """The chain rule of log10: ``dx = g / (x * log(10))``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        x : Tensor
            The input ``x``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> x = tt.tensor([1.0, 10.0])
        >>> tt.autograd.ops.Log10().grad(tt.tensor([1.0, 2.0]), x)
        tensor([0.43429448, 0.0868589 ])
        """
        return g / (x * math.log(10.0))


@register
class Log1p(_Unary):
    """Graph node of ``tt.log1p``: ``y = log(1 + x)``, with ``dy/dx = 1 / (1 + x)``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the input ``x``, kept by ``setup``::

        for i in ndindex(x.shape):
            dx[i] = g[i] / (x[i] + 1)

    Examples
    --------
    >>> x = tt.tensor([0.0, 1.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.log1p(x)
    >>> y.sum().backward()
    >>> x.grad                            # 1 / (1 + x)
    tensor([1. , 0.5])
    """
    name = "log1p"

    def grad(self, g, x):
        """The chain rule of log1p: ``dx = g / (x + 1)``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        x : Tensor
            The input ``x``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> x = tt.tensor([0.0, 1.0])
        >>> tt.autograd.ops.Log1p().grad(tt.tensor([1.0, 2.0]), x)
        tensor([1., 1.])
        """
        return g / (x + 1.0)


@register
class Sin(_Unary):
    """Graph node of ``tt.sin``: ``y = sin(x)``, with ``dy/dx = cos(x)``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the input ``x``, kept by ``setup``::

        for i in ndindex(x.shape):
            dx[i] = g[i] * cos(x[i])

    Examples
    --------
    >>> x = tt.tensor([0.0, 1.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.sin(x)
    >>> y.sum().backward()
    >>> x.grad                            # cos(x)
    tensor([1.        , 0.54030231])
    """
    name = "sin"

    def grad(self, g, x):
        """The chain rule of sin: ``dx = g * cos(x)``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        x : Tensor
            The input ``x``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> x = tt.tensor([0.0, 1.0])
        >>> tt.autograd.ops.Sin().grad(tt.tensor([1.0, 2.0]), x)
        tensor([1.        , 1.08060461])
        """
        return g * tt.cos(x)


@register
class Cos(_Unary):
    """Graph node of ``tt.cos``: ``y = cos(x)``, with ``dy/dx = -sin(x)``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the input ``x``, kept by ``setup``::

        for i in ndindex(x.shape):
            dx[i] = -g[i] * sin(x[i])

    Examples
    --------
    >>> x = tt.tensor([0.5, 1.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.cos(x)
    >>> y.sum().backward()
    >>> x.grad                            # -sin(x)
    tensor([-0.47942554, -0.84147098])
    """
    name = "cos"

    def grad(self, g, x):
        """The chain rule of cos: ``dx = -g * sin(x)``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        x : Tensor
            The input ``x``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> x = tt.tensor([0.5, 1.0])
        >>> tt.autograd.ops.Cos().grad(tt.tensor([1.0, 2.0]), x)
        tensor([-0.47942554, -1.68294197])
        """
        return -g * tt.sin(x)


@register
class Tan(_Unary):
    """Graph node of ``tt.tan``: ``y = tan(x)``, with ``dy/dx = 1 + tan(x)**2 = 1 + y**2``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the output ``y``, kept by ``setup``
    (cheaper than recomputing it from ``x``)::

        for i in ndindex(x.shape):
            dx[i] = g[i] * (1 + y[i] * y[i])

    Examples
    --------
    >>> x = tt.tensor([0.0, 1.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.tan(x)
    >>> y.sum().backward()
    >>> x.grad                            # 1 + tan(x)**2 = 1 + y**2
    tensor([1.        , 3.42551882])
    """
    name = "tan"
    keep = "y"

    def grad(self, g, y):
        """The chain rule of tan: ``dx = g * (1 + y * y)``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        y : Tensor
            The output ``y = tan(x)``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> y = tt.tan(tt.tensor([0.0, 1.0]))
        >>> tt.autograd.ops.Tan().grad(tt.tensor([1.0, 2.0]), y)
        tensor([1.        , 6.85103764])
        """
        return g * (1.0 + y * y)


@register
class Asin(_Unary):
    """Graph node of ``tt.asin``: ``y = asin(x)``, with ``dy/dx = 1 / sqrt(1 - x**2)``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the input ``x``, kept by ``setup``::

        for i in ndindex(x.shape):
            dx[i] = g[i] / sqrt(1 - x[i] * x[i])

    Notes
    -----
    At ``x == 1`` or ``-1`` the gradient is ``inf``.

    Examples
    --------
    >>> x = tt.tensor([0.0, 0.5], requires_grad=True, dtype=tt.float64)
    >>> y = tt.asin(x)
    >>> y.sum().backward()
    >>> x.grad                            # 1 / sqrt(1 - x**2)
    tensor([1.        , 1.15470054])
    """
    name = "asin"

    def grad(self, g, x):
        """The chain rule of asin: ``dx = g / sqrt(1 - x * x)``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        x : Tensor
            The input ``x``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> x = tt.tensor([0.0, 0.5])
        >>> tt.autograd.ops.Asin().grad(tt.tensor([1.0, 2.0]), x)
        tensor([1.        , 2.30940108])
        """
        return g / tt.sqrt(1.0 - x * x)


@register
class Acos(_Unary):
    """Graph node of ``tt.acos``: ``y = acos(x)``, with ``dy/dx = -1 / sqrt(1 - x**2)``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the input ``x``, kept by ``setup``::

        for i in ndindex(x.shape):
            dx[i] = -g[i] / sqrt(1 - x[i] * x[i])

    Notes
    -----
    At ``x == 1`` or ``-1`` the gradient is ``-inf``.

    Examples
    --------
    >>> x = tt.tensor([0.0, 0.5], requires_grad=True, dtype=tt.float64)
    >>> y = tt.acos(x)
    >>> y.sum().backward()
    >>> x.grad                            # -1 / sqrt(1 - x**2)
    tensor([-1.        , -1.15470054])
    """
    name = "acos"

    def grad(self, g, x):
        """The chain rule of acos: ``dx = -g / sqrt(1 - x * x)``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        x : Tensor
            The input ``x``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> x = tt.tensor([0.0, 0.5])
        >>> tt.autograd.ops.Acos().grad(tt.tensor([1.0, 2.0]), x)
        tensor([-1.        , -2.30940108])
        """
        return -g / tt.sqrt(1.0 - x * x)


@register
class Atan(_Unary):
    """Graph node of ``tt.atan``: ``y = atan(x)``, with ``dy/dx = 1 / (1 + x**2)``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the input ``x``, kept by ``setup``::

        for i in ndindex(x.shape):
            dx[i] = g[i] / (1 + x[i] * x[i])

    Examples
    --------
    >>> x = tt.tensor([0.0, 1.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.atan(x)
    >>> y.sum().backward()
    >>> x.grad                            # 1 / (1 + x**2)
    tensor([1. , 0.5])
    """
    name = "atan"

    def grad(self, g, x):
        """The chain rule of atan: ``dx = g / (1 + x * x)``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        x : Tensor
            The input ``x``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> x = tt.tensor([0.0, 1.0])
        >>> tt.autograd.ops.Atan().grad(tt.tensor([1.0, 2.0]), x)
        tensor([1., 1.])
        """
        return g / (1.0 + x * x)


@register
class Sinh(_Unary):
    """Graph node of ``tt.sinh``: ``y = sinh(x)``, with ``dy/dx = cosh(x)``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the input ``x``, kept by ``setup``::

        for i in ndindex(x.shape):
            dx[i] = g[i] * cosh(x[i])

    Examples
    --------
    >>> x = tt.tensor([0.0, 1.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.sinh(x)
    >>> y.sum().backward()
    >>> x.grad                            # cosh(x)
    tensor([1.        , 1.54308063])
    """
    name = "sinh"

    def grad(self, g, x):
        """The chain rule of sinh: ``dx = g * cosh(x)``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        x : Tensor
            The input ``x``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> x = tt.tensor([0.0, 1.0])
        >>> tt.autograd.ops.Sinh().grad(tt.tensor([1.0, 2.0]), x)
        tensor([1.        , 3.08616127])
        """
        return g * tt.cosh(x)


@register
class Cosh(_Unary):
    """Graph node of ``tt.cosh``: ``y = cosh(x)``, with ``dy/dx = sinh(x)``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the input ``x``, kept by ``setup``::

        for i in ndindex(x.shape):
            dx[i] = g[i] * sinh(x[i])

    Examples
    --------
    >>> x = tt.tensor([0.0, 1.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.cosh(x)
    >>> y.sum().backward()
    >>> x.grad                            # sinh(x)
    tensor([0.        , 1.17520119])
    """
    name = "cosh"

    def grad(self, g, x):
        """The chain rule of cosh: ``dx = g * sinh(x)``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        x : Tensor
            The input ``x``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> x = tt.tensor([0.0, 1.0])
        >>> tt.autograd.ops.Cosh().grad(tt.tensor([1.0, 2.0]), x)
        tensor([0.        , 2.35040239])
        """
        return g * tt.sinh(x)


@register
class Asinh(_Unary):
    """Graph node of ``tt.asinh``: ``y = asinh(x)``, with ``dy/dx = 1 / sqrt(x**2 + 1)``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the input ``x``, kept by ``setup``::

        for i in ndindex(x.shape):
            dx[i] = g[i] / sqrt(x[i] * x[i] + 1)

    Examples
    --------
    >>> x = tt.tensor([0.0, 1.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.asinh(x)
    >>> y.sum().backward()
    >>> x.grad                            # 1 / sqrt(x**2 + 1)
    tensor([1.        , 0.70710678])
    """
    name = "asinh"

    def grad(self, g, x):
        """The chain rule of asinh: ``dx = g / sqrt(x * x + 1)``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        x : Tensor
            The input ``x``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> x = tt.tensor([0.0, 1.0])
        >>> tt.autograd.ops.Asinh().grad(tt.tensor([1.0, 2.0]), x)
        tensor([1.        , 1.41421356])
        """
        return g / tt.sqrt(x * x + 1.0)


@register
class Acosh(_Unary):
    """Graph node of ``tt.acosh``: ``y = acosh(x)``, with ``dy/dx = 1 / sqrt(x**2 - 1)``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the input ``x``, kept by ``setup``::

        for i in ndindex(x.shape):
            dx[i] = g[i] / sqrt(x[i] * x[i] - 1)

    Notes
    -----
    At ``x == 1`` the gradient is ``inf``.

    Examples
    --------
    >>> x = tt.tensor([2.0, 3.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.acosh(x)
    >>> y.sum().backward()
    >>> x.grad                            # 1 / sqrt(x**2 - 1)
    tensor([0.57735027, 0.35355339])
    """
    name = "acosh"

    def grad(self, g, x):
        """The chain rule of acosh: ``dx = g / sqrt(x * x - 1)``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        x : Tensor
            The input ``x``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> x = tt.tensor([2.0, 3.0])
        >>> tt.autograd.ops.Acosh().grad(tt.tensor([1.0, 2.0]), x)
        tensor([0.57735027, 0.70710678])
        """
        return g / tt.sqrt(x * x - 1.0)


@register
class Atanh(_Unary):
    """Graph node of ``tt.atanh``: ``y = atanh(x)``, with ``dy/dx = 1 / (1 - x**2)``.

    backward returns ``dx`` from ``g`` (d(loss)/dy) and the input ``x``, kept by ``setup``::

        for i in ndindex(x.shape):
            dx[i] = g[i] / (1 - x[i] * x[i])

    Examples
    --------
    >>> x = tt.tensor([0.0, 0.5], requires_grad=True, dtype=tt.float64)
    >>> y = tt.atanh(x)
    >>> y.sum().backward()
    >>> x.grad                            # 1 / (1 - x**2)
    tensor([1.        , 1.33333333])
    """
    name = "atanh"

    def grad(self, g, x):
        """The chain rule of atanh: ``dx = g / (1 - x * x)``, elementwise.

        Parameters
        ----------
        g : Tensor
            d(loss)/dy, of the output's shape.
        x : Tensor
            The input ``x``.

        Returns
        -------
        Tensor
            d(loss)/dx, of the same shape.

        Examples
        --------
        >>> x = tt.tensor([0.0, 0.5])
        >>> tt.autograd.ops.Atanh().grad(tt.tensor([1.0, 2.0]), x)
        tensor([1.        , 2.66666667])
        """
        return g / (1.0 - x * x)


@register
class Floor(_ZeroGrad):
    """Graph node of ``tt.floor``: ``y = floor(x)`` is piecewise constant, so its gradient is zero.

    backward returns zeros of the input's shape (as PyTorch: the op stays in the graph, and the
    inputs before it receive an explicit zero gradient rather than none)::

        for i in ndindex(x.shape):
            dx[i] = 0

    Examples
    --------
    >>> x = tt.tensor([-1.5, 0.5, 2.5], requires_grad=True)
    >>> y = tt.floor(x)
    >>> y
    tensor([-2.,  0.,  2.], grad_fn=<FloorBackward0>)
    >>> (y * x).sum().backward()           # d(y * x)/dx = y + x * 0
    >>> x.grad
    tensor([-2.,  0.,  2.])
    """
    name = "floor"


@register
class Ceil(_ZeroGrad):
    """Graph node of ``tt.ceil``: ``y = ceil(x)`` is piecewise constant, so its gradient is zero.

    backward returns zeros of the input's shape (as PyTorch: the op stays in the graph, and the
    inputs before it receive an explicit zero gradient rather than none)::

        for i in ndindex(x.shape):
            dx[i] = 0

    Examples
    --------
    >>> x = tt.tensor([-1.5, 0.5, 2.5], requires_grad=True)
    >>> y = tt.ceil(x)
    >>> y
    tensor([-1.,  1.,  3.], grad_fn=<CeilBackward0>)
    >>> (y * x).sum().backward()           # d(y * x)/dx = y + x * 0
    >>> x.grad
    tensor([-1.,  1.,  3.])
    """
    name = "ceil"


@register
class Trunc(_ZeroGrad):
    """Graph node of ``tt.trunc``: ``y = trunc(x)`` is piecewise constant, so its gradient is zero.

    backward returns zeros of the input's shape (as PyTorch: the op stays in the graph, and the
    inputs before it receive an explicit zero gradient rather than none)::

        for i in ndindex(x.shape):
            dx[i] = 0

    Examples
    --------
    >>> x = tt.tensor([-1.5, 0.5, 2.5], requires_grad=True)
    >>> y = tt.trunc(x)
    >>> y
    tensor([-1.,  0.,  2.], grad_fn=<TruncBackward0>)
    >>> (y * x).sum().backward()           # d(y * x)/dx = y + x * 0
    >>> x.grad
    tensor([-1.,  0.,  2.])
    """
    name = "trunc"


@register
class Round(_ZeroGrad):
    """Graph node of ``tt.round``: ``y = round(x)`` is piecewise constant, so its gradient is zero.

    backward returns zeros of the input's shape (as PyTorch: the op stays in the graph, and the
    inputs before it receive an explicit zero gradient rather than none)::

        for i in ndindex(x.shape):
            dx[i] = 0

    Examples
    --------
    >>> x = tt.tensor([-1.5, 0.5, 2.5], requires_grad=True)
    >>> y = tt.round(x)
    >>> y
    tensor([-2.,  0.,  2.], grad_fn=<RoundBackward0>)
    >>> (y * x).sum().backward()           # d(y * x)/dx = y + x * 0
    >>> x.grad
    tensor([-2.,  0.,  2.])
    """
    name = "round"


@register
class Atan2(_Binary):
    """Graph node of ``tt.atan2``: ``out = atan2(a, b)``; d/da = b / (a**2 + b**2), d/db = -a /
    (a**2 + b**2).

    backward computes the local gradients with ``a`` and ``b`` broadcast to ``out.shape``, then
    sums each back to its operand's shape (`tinytensor.autograd.unbroadcast`)::

        for i in ndindex(out.shape):
            s = g[i] / (a[i] * a[i] + b[i] * b[i])
            da[i] = s * b[i]
            db[i] = -s * a[i]
        return unbroadcast(da, a.shape), unbroadcast(db, b.shape)

    A Python number operand gets no gradient.

    Notes
    -----
    At ``a == b == 0`` (where the derivative does not exist) both gradients are 0, as PyTorch.

    Examples
    --------
    >>> a = tt.tensor([1.0, 1.0], requires_grad=True)
    >>> b = tt.tensor([1.0, 0.0], requires_grad=True)
    >>> tt.atan2(a, b).sum().backward()
    >>> a.grad, b.grad
    (tensor([0.5, 0. ]), tensor([-0.5, -1. ]))
    """
    name = "atan2"
    fresh = True
    saves = True

    def local_grads(self, g):
        """The gradients of atan2's operands before unbroadcasting: ``(g * b / (a**2 + b**2), -g *
        a / (a**2 + b**2))``.

        Parameters
        ----------
        g : Tensor
            d(loss)/d(out), of ``out.shape``.

        Returns
        -------
        tuple of (Tensor or None)
            ``(da, db)``, broadcastable to ``out.shape`` (backward reduces them to the operands'
            shapes); None for an operand that does not require grad.

        Examples
        --------
        >>> a = tt.tensor([1.0], requires_grad=True)
        >>> fn = tt.atan2(a, tt.tensor([1.0])).grad_fn
        >>> with tt.no_grad():                 # grad mode is off in backward
        ...     fn.local_grads(tt.ones(1))
        (tensor([0.5]), None)
        """
        a, b = self.saved
        r2 = a * a + b * b
        origin = r2 == 0
        scale = tt.where(origin, 0.0, g / tt.where(origin, 1.0, r2))   # 0 at the origin, as PyTorch
        return (scale * b if self.needs[0] else None), (-scale * a if self.needs[1] else None)


@register
class Hypot(_Binary):
    """Graph node of ``tt.hypot``: ``out = r = sqrt(a**2 + b**2)``; d/da = a / r, d/db = b / r.

    backward computes the local gradients with ``a`` and ``b`` broadcast to ``out.shape``, then
    sums each back to its operand's shape (`tinytensor.autograd.unbroadcast`)::

        for i in ndindex(out.shape):
            da[i] = g[i] * a[i] / r[i]
            db[i] = g[i] * b[i] / r[i]
        return unbroadcast(da, a.shape), unbroadcast(db, b.shape)

    A Python number operand gets no gradient.

    Notes
    -----
    At ``a == b == 0`` both gradients are NaN (``0 / 0``), as PyTorch.

    Examples
    --------
    >>> a = tt.tensor([3.0, 5.0], requires_grad=True)
    >>> b = tt.tensor([4.0, 12.0], requires_grad=True)
    >>> tt.hypot(a, b).sum().backward()
    >>> a.grad, b.grad
    (tensor([0.6       , 0.38461538]), tensor([0.8       , 0.92307692]))
    """
    name = "hypot"
    fresh = True

    def setup(self, out, a, b):
        super().setup(out, a, b)
        self.save(a, b, out)

    def local_grads(self, g):
        """The gradients of hypot's operands before unbroadcasting: ``(g * a / r, g * b / r)`` with
        ``r`` the result.

        Parameters
        ----------
        g : Tensor
            d(loss)/d(out), of ``out.shape``.

        Returns
        -------
        tuple of (Tensor or None)
            ``(da, db)``, broadcastable to ``out.shape`` (backward reduces them to the operands'
            shapes); None for an operand that does not require grad.

        Examples
        --------
        >>> a = tt.tensor([3.0], requires_grad=True)
        >>> fn = tt.hypot(a, tt.tensor([4.0])).grad_fn
        >>> with tt.no_grad():                 # grad mode is off in backward
        ...     fn.local_grads(tt.ones(1))
        (tensor([0.6]), None)
        """
        a, b, r = self.saved
        return (g * a / r if self.needs[0] else None), (g * b / r if self.needs[1] else None)


@register
class Logaddexp(_Binary):
    """Graph node of ``tt.logaddexp``: ``out = r = log(exp(a) + exp(b))``; d/da = exp(a - r), d/db
    = exp(b - r) (a softmax of the pair).

    backward computes the local gradients with ``a`` and ``b`` broadcast to ``out.shape``, then
    sums each back to its operand's shape (`tinytensor.autograd.unbroadcast`)::

        for i in ndindex(out.shape):
            da[i] = g[i] * exp(a[i] - r[i])
            db[i] = g[i] * exp(b[i] - r[i])
        return unbroadcast(da, a.shape), unbroadcast(db, b.shape)

    A Python number operand gets no gradient.

    Examples
    --------
    >>> a = tt.tensor([0.0, 1.0], requires_grad=True, dtype=tt.float64)
    >>> b = tt.tensor([0.0, 3.0], requires_grad=True, dtype=tt.float64)
    >>> tt.logaddexp(a, b).sum().backward()
    >>> a.grad, b.grad                  # each pair sums to 1
    (tensor([0.5       , 0.11920292]), tensor([0.5       , 0.88079708]))
    """
    name = "logaddexp"
    fresh = True

    def setup(self, out, a, b):
        super().setup(out, a, b)
        self.save(a, b, out)

    def local_grads(self, g):
        """The gradients of logaddexp's operands before unbroadcasting: ``(g * exp(a - r), g *
        exp(b - r))`` with ``r`` the result.

        Parameters
        ----------
        g : Tensor
            d(loss)/d(out), of ``out.shape``.

        Returns
        -------
        tuple of (Tensor or None)
            ``(da, db)``, broadcastable to ``out.shape`` (backward reduces them to the operands'
            shapes); None for an operand that does not require grad.

        Examples
        --------
        >>> a = tt.tensor([0.0], requires_grad=True)
        >>> fn = tt.logaddexp(a, tt.tensor([0.0])).grad_fn
        >>> with tt.no_grad():                 # grad mode is off in backward
        ...     fn.local_grads(tt.ones(1))
        (tensor([0.5]), None)
        """
        a, b, r = self.saved
        return (g * tt.exp(a - r) if self.needs[0] else None), (g * tt.exp(b - r) if self.needs[1] else None)


@register
class Copysign(_Binary):
    """Graph node of ``tt.copysign``: ``out = r = abs(a) with the sign of b``; d/da = r / a (+1 or
    -1; 0 where a == 0, as PyTorch), d/db = 0.

    backward computes the local gradients with ``a`` and ``b`` broadcast to ``out.shape``, then
    sums each back to its operand's shape (`tinytensor.autograd.unbroadcast`)::

        for i in ndindex(out.shape):
            da[i] = g[i] * (0 if a[i] == 0 else r[i] / a[i])
            db[i] = 0
        return unbroadcast(da, a.shape), unbroadcast(db, b.shape)

    A Python number operand gets no gradient.

    Examples
    --------
    >>> a = tt.tensor([2.0, -3.0, 0.0], requires_grad=True)
    >>> b = tt.tensor([-1.0, -1.0, 1.0], requires_grad=True)
    >>> tt.copysign(a, b).sum().backward()
    >>> a.grad, b.grad
    (tensor([-1.,  1.,  0.]), tensor([0., 0., 0.]))
    """
    name = "copysign"
    fresh = True

    def setup(self, out, a, b):
        super().setup(out, a, b)
        self.save(a, out)

    def local_grads(self, g):
        """The gradients of copysign's operands before unbroadcasting: ``(g * r / a, 0 * g)``, with
        ``r / a`` taken as 0 where ``a == 0``.

        Parameters
        ----------
        g : Tensor
            d(loss)/d(out), of ``out.shape``.

        Returns
        -------
        tuple of (Tensor or None)
            ``(da, db)``, broadcastable to ``out.shape`` (backward reduces them to the operands'
            shapes); None for an operand that does not require grad.

        Examples
        --------
        >>> a = tt.tensor([2.0, -3.0], requires_grad=True)
        >>> fn = tt.copysign(a, -1.0).grad_fn
        >>> with tt.no_grad():                 # grad mode is off in backward
        ...     fn.local_grads(tt.ones(2))
        (tensor([-1.,  1.]), None)
        """
        a, r = self.saved
        ga = g * tt.where(tt.equal(a, 0), 0.0, r / tt.where(tt.equal(a, 0), 1.0, a)) if self.needs[0] else None
        gb = g * 0.0 if self.needs[1] else None
        return ga, gb


@register
class Where(Function):
    """Graph node of ``tt.where``: ``out = where(cond, x, y)``; ``g`` goes to ``x`` where ``cond``
    holds and to ``y`` elsewhere; ``cond`` gets none.

    backward computes, with everything broadcast to ``out.shape``, then `unbroadcast`::

        for i in ndindex(out.shape):
            dx[i] = g[i] if cond[i] else 0
            dy[i] = 0 if cond[i] else g[i]
        return unbroadcast(dx, x.shape), unbroadcast(dy, y.shape)

    Examples
    --------
    >>> x = tt.tensor([1.0, 2.0, 3.0], requires_grad=True)
    >>> y = tt.tensor(0.0, requires_grad=True)                 # 0-d, broadcast
    >>> tt.where(x > 1.5, x, y).sum().backward()
    >>> x.grad, y.grad                                         # y was picked once
    (tensor([0., 1., 1.]), tensor(1.))
    """
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
    """Graph node of ``tt.clip``: ``out = min(max(x, lo), hi)``, with PyTorch's clamp gradients.

    ``x`` gets ``g`` where ``lo <= x <= hi`` (the bounds included); a tensor ``lo`` gets ``g``
    where ``x < lo`` (and ``lo < hi``), a tensor ``hi`` where ``x > hi`` or ``hi < lo`` (the result
    is ``hi`` there). backward computes, everything broadcast to ``out.shape``, then
    `unbroadcast`::

        for i in ndindex(out.shape):
            dx[i] = g[i] if lo[i] <= x[i] <= hi[i] else 0     # a missing bound always passes
            dlo[i] = g[i] if x[i] < lo[i] and lo[i] < hi[i] else 0
            dhi[i] = g[i] if x[i] > hi[i] or hi[i] < lo[i] else 0

    Python number bounds (and None) get no gradient.

    Examples
    --------
    >>> x = tt.tensor([-2.0, 0.5, 3.0], requires_grad=True)
    >>> hi = tt.tensor([1.0, 1.0, 1.0], requires_grad=True)
    >>> tt.clip(x, -1.0, hi).sum().backward()
    >>> x.grad, hi.grad                  # x[0] was clipped by lo, x[2] by hi
    (tensor([0., 1., 0.]), tensor([0., 0., 1.]))
    """
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
    """Graph node of ``tt.sum`` (and ``Tensor.sum``): every summed element gets the gradient of its
    sum.

    backward reinserts the reduced axes into ``g`` (unless ``keepdims``) and broadcasts it back to
    the input's shape::

        g = g.reshape(out shape with keepdims=True)
        for i in ndindex(x.shape):
            dx[i] = g[i with the reduced axes at 0]

    Examples
    --------
    >>> x = tt.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    >>> y = tt.sum(x, axis=1)                       # shape (2,)
    >>> y.backward(tt.tensor([1.0, 10.0]))
    >>> x.grad
    tensor([[ 1.,  1.,  1.],
            [10., 10., 10.]])
    """
    name = "sum"

    def backward(self, g):
        g = _expand_reduced(g, self.shape, self.axis, self.keepdims)
        return (tt.broadcast_to(g, self.shape),)


@register
class Mean(_Reduction):
    """Graph node of ``tt.mean`` (and ``Tensor.mean``): every element gets its mean's gradient
    divided by ``n``, the number of elements averaged.

    backward reinserts the reduced axes into ``g`` (unless ``keepdims``) and broadcasts it back::

        n = prod(x.shape[a] for a in the reduced axes)
        for i in ndindex(x.shape):
            dx[i] = g[i with the reduced axes at 0] / n

    Examples
    --------
    >>> x = tt.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    >>> tt.mean(x, axis=0, keepdims=True).sum().backward()      # n = 2
    >>> x.grad
    tensor([[0.5, 0.5],
            [0.5, 0.5]])
    """
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
    """Graph node of ``tt.prod``: d prod / d x[i] is the product of the other elements of
    ``x[i]``'s run (the elements multiplied into the same output element), exact with zeros.

    backward computes, per run (``out`` the run's product, ``g`` its gradient)::

        zeros = count of x[j] == 0 in the run
        for i in the run:
            if zeros == 0:   dx[i] = g * out / x[i]
            elif x[i] == 0 and zeros == 1:
                             dx[i] = g * prod(x[j] for j != i)      # the product of the rest
            else:            dx[i] = 0                              # another factor is zero

    Examples
    --------
    >>> x = tt.tensor([[2.0, 3.0, 4.0], [2.0, 0.0, 3.0]], requires_grad=True)
    >>> tt.prod(x, axis=1).sum().backward()
    >>> x.grad
    tensor([[12.,  8.,  6.],
            [ 0.,  6.,  0.]])
    """
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
    """Graph node of ``tt.max`` (and ``Tensor.max``): the gradient is shared equally among the
    elements equal to the maximum; where the maximum is NaN, among the NaN elements (as PyTorch's
    ``max()``).

    backward computes, per run of reduced elements (``out`` its maximum, ``g`` its gradient)::

        hit[i] = isnan(x[i]) if isnan(out) else x[i] == out
        for i in the run:
            dx[i] = g / count(hit) if hit[i] else 0

    Examples
    --------
    >>> x = tt.tensor([[1.0, 3.0, 3.0], [1.0, 5.0, 2.0]], requires_grad=True)
    >>> tt.max(x, axis=1).sum().backward()          # row 0 ties
    >>> x.grad
    tensor([[0. , 0.5, 0.5],
            [0. , 1. , 0. ]])
    """
    name = "max"


@register
class Min(_Extreme):
    """Graph node of ``tt.min`` (and ``Tensor.min``): the gradient is shared equally among the
    elements equal to the minimum; where the minimum is NaN, among the NaN elements (as PyTorch's
    ``min()``).

    backward computes, per run of reduced elements (``out`` its minimum, ``g`` its gradient)::

        hit[i] = isnan(x[i]) if isnan(out) else x[i] == out
        for i in the run:
            dx[i] = g / count(hit) if hit[i] else 0

    Examples
    --------
    >>> x = tt.tensor([[1.0, 1.0, 3.0], [4.0, 0.0, 2.0]], requires_grad=True)
    >>> tt.min(x, axis=1).sum().backward()          # row 0 ties
    >>> x.grad
    tensor([[0.5, 0.5, 0. ],
            [0. , 1. , 0. ]])
    """
    name = "min"


# ---------------------------------------------------------------- shape, views, copies
@register
class Reshape(Function):
    """Graph node of ``tt.reshape`` (and ``Tensor.reshape``, ``Tensor.view``, ``Tensor.ravel``,
    ``tt.expand_dims``, ...): the gradient is ``g`` reshaped back to the input's shape (the
    elements keep their row-major order)::

        dx = g.reshape(x.shape)

    Examples
    --------
    >>> x = tt.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    >>> y = x.reshape(3, 2)
    >>> y.backward(tt.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
    >>> x.grad
    tensor([[1., 2., 3.],
            [4., 5., 6.]])
    """
    name = "reshape"

    def setup(self, out, x):
        self.set_inputs(x)
        self.shape = tuple(x.shape)

    def backward(self, g):
        return (g.reshape(self.shape),)


@register
class PermuteDims(Function):
    """Graph node of ``tt.permute_dims`` (and ``Tensor.T``, ``tt.matrix_transpose``, ...): the
    gradient is ``g`` permuted back by the inverse permutation::

        inverse = argsort(axes)            # axis axes[k] of x became axis k of out
        dx = permute_dims(g, inverse)      # a view, no copy

    Examples
    --------
    >>> x = tt.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    >>> y = x.T                                      # shape (3, 2)
    >>> y.backward(tt.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
    >>> x.grad
    tensor([[1., 3., 5.],
            [2., 4., 6.]])
    """
    name = "permute_dims"

    def setup(self, out, x, axes):
        self.set_inputs(x)
        self.inverse = tuple(sorted(range(len(axes)), key=lambda i: axes[i]))

    def backward(self, g):
        return (tt.permute_dims(g, self.inverse),)


@register
class BroadcastTo(Function):
    """Graph node of ``tt.broadcast_to``: the gradient sums ``g`` over the axes broadcasting added
    or stretched::

        dx = unbroadcast(g, x.shape)

    Examples
    --------
    >>> x = tt.tensor([[1.0], [2.0]], requires_grad=True)       # shape (2, 1)
    >>> tt.broadcast_to(x, (3, 2, 4)).sum().backward()          # each element read 12 times
    >>> x.grad
    tensor([[12.],
            [12.]])
    """
    name = "broadcast_to"

    def setup(self, out, x):
        self.set_inputs(x)
        self.shape = tuple(x.shape)

    def backward(self, g):
        return (unbroadcast(g, self.shape),)


@register
class AsType(Function):
    """Graph node of ``tt.astype`` (and ``Tensor.astype``): a converted copy, so the gradient
    passes through unchanged; the engine casts it to the input's dtype::

        dx = g                      # then dx.astype(x.dtype) by the engine

    Examples
    --------
    >>> x = tt.tensor([1.0, 2.0], requires_grad=True, dtype=tt.float32)
    >>> (x.astype(tt.float64) * 3.0).sum().backward()
    >>> x.grad, x.grad.dtype
    (tensor([3., 3.], dtype=float32), dtype('float32'))
    """
    name = "astype"

    def setup(self, out, x):
        self.set_inputs(x)

    def backward(self, g):
        return (g,)


@register
class Copy(AsType):
    """Graph node of ``Tensor.copy`` (and ``tt.asarray(x, copy=True)``, ``Tensor.flatten``): the
    gradient passes through unchanged::

        dx = g

    Examples
    --------
    >>> x = tt.tensor([1.0, 2.0], requires_grad=True)
    >>> y = x.copy()
    >>> y
    tensor([1., 2.], grad_fn=<CopyBackward0>)
    >>> (y * y).sum().backward()
    >>> x.grad
    tensor([2., 4.])
    """
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
    """Graph node of indexing, ``x[key]``: basic (ints, slices, None, Ellipsis), integer-array and
    boolean indexing. The gradient is scattered back to the positions read, repeated positions
    summed.

    backward computes::

        dx = zeros(x.shape, x.dtype)
        if key is basic:      dx[key] = g                       # each position read at most once
        else:                                                   # an add.at
            positions = arange(x.size).reshape(x.shape)[key]    # the flat positions read
            for k in ndindex(positions.shape):
                dx.flat[positions[k]] += g[k]

    Examples
    --------
    >>> x = tt.tensor([1.0, 2.0, 3.0], requires_grad=True)
    >>> x[tt.tensor([0, 0, 2])].sum().backward()               # x[0] read twice
    >>> x.grad
    tensor([2., 0., 1.])
    """
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
    """Graph node of ``tt.pad`` (``mode="constant"``, the only mode it has): the padding gets no
    gradient, the input's gradient is the middle of ``g``::

        dx = g[before_0 : before_0 + x.shape[0], before_1 : ..., ...]   # (before, after) per axis

    Examples
    --------
    >>> x = tt.tensor([1.0, 2.0], requires_grad=True)
    >>> y = tt.pad(x, (1, 2))                         # one before, two after
    >>> y
    tensor([0., 1., 2., 0., 0.], grad_fn=<PadBackward0>)
    >>> y.backward(tt.tensor([1.0, 2.0, 3.0, 4.0, 5.0]))
    >>> x.grad
    tensor([2., 3.])
    """
    name = "pad"

    def setup(self, out, x, pad_width):
        self.set_inputs(x)
        self.inner = tuple(slice(b, b + n) for n, (b, a) in zip(x.shape, pad_width))

    def backward(self, g):
        return (g[self.inner],)


# ---------------------------------------------------------------- linear algebra
@register
class MatMul(Function):
    """Graph node of ``tt.matmul`` (``a @ b``): ``out[..., i, j] = sum_k a[..., i, k] * b[..., k,
    j]``.

    backward computes (a 1-D ``a`` is treated as a row ``(1, k)``, a 1-D ``b`` as a column ``(k,
    1)``; batch axes that were broadcast are summed by `unbroadcast`)::

        da = unbroadcast(g @ swapaxes(b, -1, -2), a.shape)     # da[i, k] = sum_j g[i, j] * b[k, j]
        db = unbroadcast(swapaxes(a, -1, -2) @ g, b.shape)     # db[k, j] = sum_i a[i, k] * g[i, j]

    Examples
    --------
    >>> a = tt.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    >>> b = tt.tensor([1.0, -1.0], requires_grad=True)          # 1-D: a matrix-vector product
    >>> (a @ b).sum().backward()
    >>> a.grad
    tensor([[ 1., -1.],
            [ 1., -1.]])
    >>> b.grad
    tensor([4., 6.])
    """
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
    """Graph node of ``tt.dot`` (NumPy's dot): 0-d operands multiply, up to 2-D it is matmul, and
    for an N-D ``b``, ``out[i..., j..., m] = sum_k a[i..., k] * b[j..., k, m]``.

    backward computes, in the N-D case (the others are `Multiply`'s and `MatMul`'s)::

        da[i..., k] = sum over j..., m of g[i..., j..., m] * b[j..., k, m]
        db[j..., k, m] = sum over i... of a[i..., k] * g[i..., j..., m]

    each as one matmul of reshaped operands.

    Examples
    --------
    >>> a = tt.tensor([1.0, 2.0], requires_grad=True)
    >>> b = tt.tensor([[[1.0, 0.0], [0.0, 1.0]], [[2.0, 0.0], [0.0, 2.0]]], requires_grad=True)
    >>> y = tt.dot(a, b)                              # (2,) . (2, 2, 2) -> (2, 2)
    >>> y
    tensor([[1., 2.],
            [2., 4.]], grad_fn=<DotBackward0>)
    >>> y.sum().backward()
    >>> a.grad
    tensor([3., 3.])
    >>> b.grad
    tensor([[[1., 1.],
             [2., 2.]],
    <BLANKLINE>
            [[1., 1.],
             [2., 2.]]])
    """
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
    """Graph node of ``tt.linear``: the fused ``x @ W + b`` (then relu when ``activation="relu"``);
    ``W`` is (in, out).

    backward, for a float32/float64 layer with a 1-D bias (what dense layers are), runs around its
    GEMMs in one C pass (``_core._bias_grad``, csrc/fused.c)::

        dz = where(out > 0, g, 0)   (relu; else dz = g)      db[j] = sum_i dz[i, j]
        dW = x.T @ dz                                       dx = dz @ W.T

    and, when the engine offers W's and b's existing ``.grad`` (``into_leaf_grads``: e.g. after an
    in-place ``zero_grad(set_to_none=False)``), adds ``dW`` and ``db`` straight into them: the GEMM
    with accumulate, no temporary gradient per step. Anything else (mixed dtypes, a 2-D bias) takes
    the plain tensor-op path. An ``x`` with more than two axes is treated as its rows
    ``x.reshape(-1, in)``.

    Examples
    --------
    >>> x = tt.tensor([[1.0, 2.0], [3.0, -4.0]], requires_grad=True)
    >>> W = tt.tensor([[1.0, 0.0, -1.0], [1.0, 1.0, 1.0]], requires_grad=True)
    >>> b = tt.tensor([0.0, 1.0, 0.0], requires_grad=True)
    >>> y = tt.linear(x, W, b, activation="relu")
    >>> y
    tensor([[3., 3., 1.],
            [0., 0., 0.]], grad_fn=<LinearBackward0>)
    >>> y.sum().backward()
    >>> x.grad
    tensor([[0., 3.],
            [0., 0.]])
    >>> W.grad
    tensor([[1., 1., 1.],
            [2., 2., 2.]])
    >>> b.grad
    tensor([1., 1., 1.])
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
    """Graph node of ``tt.concat`` / ``tt.concatenate``: each input's gradient is its slice of
    ``g`` along the joined axis (with ``axis=None`` the inputs were flattened first: each slice is
    reshaped back)::

        start = 0
        for t in tensors:
            dt = g[..., start : start + t.shape[axis], ...]     # axis `axis`; a view of g
            start += t.shape[axis]

    Examples
    --------
    >>> a = tt.tensor([1.0, 2.0], requires_grad=True)
    >>> b = tt.tensor([3.0], requires_grad=True)
    >>> tt.concat([a, b]).backward(tt.tensor([10.0, 20.0, 30.0]))
    >>> a.grad, b.grad
    (tensor([10., 20.]), tensor([30.]))
    """
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
    """Graph node of ``tt.stack``: input ``k``'s gradient is ``g``'s index ``k`` along the new
    axis::

        for k, t in enumerate(tensors):
            dt = g[(slice(None),) * axis + (k,)]                # a view of g

    Examples
    --------
    >>> a = tt.tensor([1.0, 2.0], requires_grad=True)
    >>> b = tt.tensor([3.0, 4.0], requires_grad=True)
    >>> tt.stack([a, b], axis=1).backward(tt.tensor([[1.0, 2.0], [3.0, 4.0]]))
    >>> a.grad, b.grad
    (tensor([1., 3.]), tensor([2., 4.]))
    """
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
    """Graph node of ``tt.softmax``: ``y = exp(x) / sum(exp(x))`` along ``axis``; its Jacobian is
    ``diag(y) - y y^T``.

    backward computes, per run along ``axis``::

        s = sum(g[j] * y[j] for j in the run)
        for i in the run:
            dx[i] = y[i] * (g[i] - s)

    Examples
    --------
    >>> x = tt.tensor([0.0, 0.0, 0.0, 0.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.softmax(x)
    >>> y[0].backward()                    # d y[0] / dx = y[0] * ([1, 0, 0, 0] - y)
    >>> x.grad
    tensor([ 0.1875, -0.0625, -0.0625, -0.0625])
    """
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
    """Graph node of ``tt.log_softmax``: ``y = x - log(sum(exp(x)))`` along ``axis``.

    backward computes, per run along ``axis`` (``exp(y)`` is the softmax)::

        s = sum(g[j] for j in the run)
        for i in the run:
            dx[i] = g[i] - exp(y[i]) * s

    Examples
    --------
    >>> x = tt.tensor([0.0, 0.0, 0.0, 0.0], requires_grad=True, dtype=tt.float64)
    >>> y = tt.log_softmax(x)
    >>> y[0].backward()                    # [1, 0, 0, 0] - softmax(x)
    >>> x.grad
    tensor([ 0.75, -0.25, -0.25, -0.25])
    """
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
    """Graph node of ``tt.softmax_cross_entropy``: the mean over rows of ``-sum(targets *
    log_softmax(logits))``.

    ``targets`` are probabilities of the logits' shape or int class indices of shape
    ``logits.shape[:-1]``. The core computed ``dlogits`` in the same pass as the loss, exact also
    when a target row does not sum to 1; backward only scales it::

        rows = logits.size // logits.shape[-1]
        dlogits = (softmax(logits) * rowsum(targets) - targets) / rows      # from the forward
        dl = g * dlogits
        dtargets = g * -log_softmax(logits) / rows           # probability targets only

    Examples
    --------
    >>> logits = tt.zeros((2, 3), requires_grad=True)
    >>> loss = tt.softmax_cross_entropy(logits, tt.tensor([0, 2]))
    >>> loss                                             # log(3)
    tensor(1.09861229, grad_fn=<SoftmaxCrossEntropyBackward0>)
    >>> loss.backward()
    >>> logits.grad                                      # (1/3 - onehot) / 2
    tensor([[-0.33333333,  0.16666667,  0.16666667],
            [ 0.16666667,  0.16666667, -0.33333333]])
    """
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
