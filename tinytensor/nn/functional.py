"""Activations and losses as functions (PyTorch argument order: ``loss(input, target)``).

Cross-entropies on probabilities clip them to [eps, 1 - eps] with Keras's eps = 1e-7; with
``from_logits=True`` they use the fused, numerically stable ``tt.softmax_cross_entropy``.

The activations are compositions of core ops (so autograd differentiates them), with PyTorch's
definitions and its gradient at the kinks (``leaky_relu``'(0) = slope, ``elu``'(0) = alpha):

- ``gelu(x)`` = x Phi(x) with Phi the normal CDF (``approximate="tanh"``: PyTorch's tanh form).
  There is no erf kernel in the core; ``erf`` here is Abramowitz & Stegun 7.1.26 built from
  exp and arithmetic (absolute error below 1.5e-7, float32 level).
- ``leaky_relu(x, s)`` = x if x > 0 else s x;  ``elu(x, a)`` = x if x > 0 else a (exp(x) - 1)
- ``softplus(x, beta, threshold)`` = log(1 + exp(beta x)) / beta, and x where beta x > threshold
"""
import math

import tinytensor as tt

EPSILON = 1e-7


def relu(x):
    """Rectified linear unit, elementwise: ``out[i] = x[i] if x[i] > 0 else 0``.

    Parameters
    ----------
    x : Tensor
        The input, any shape and float dtype.

    Returns
    -------
    Tensor
        Same shape and dtype as `x`; the gradient is 1 where x > 0, else 0.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> F.relu(tt.tensor([-1.0, 0.0, 2.0]))
    tensor([0., 0., 2.])
    """
    return tt.relu(x)


def sigmoid(x):
    """Logistic sigmoid, elementwise: ``out[i] = 1 / (1 + exp(-x[i]))``.

    Parameters
    ----------
    x : Tensor
        The input, any shape and float dtype.

    Returns
    -------
    Tensor
        Same shape and dtype as `x`, values in (0, 1).

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> F.sigmoid(tt.tensor([0.0, 2.0]))
    tensor([0.5       , 0.88079708])
    """
    return tt.sigmoid(x)


def tanh(x):
    """Hyperbolic tangent, elementwise: ``out[i] = tanh(x[i])``.

    Parameters
    ----------
    x : Tensor
        The input, any shape and float dtype.

    Returns
    -------
    Tensor
        Same shape and dtype as `x`, values in (-1, 1).

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> F.tanh(tt.tensor([0.0, 1.0]))
    tensor([0.        , 0.76159416])
    """
    return tt.tanh(x)


def step(x):
    """Unit step, elementwise: ``out[i] = 1 if x[i] >= 0 else 0`` (its gradient is zero).

    Parameters
    ----------
    x : Tensor
        The input, any shape.

    Returns
    -------
    Tensor
        Same shape and dtype as `x`.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> F.step(tt.tensor([-0.5, 0.0, 3.0]))
    tensor([0., 1., 1.])
    """
    return tt.step(x)


def softmax(x, axis=-1):
    """Softmax along `axis`: ``out = exp(x - max(x)) / sum(exp(x - max(x)))``.

    The maximum is subtracted first so that large inputs do not overflow.

    Parameters
    ----------
    x : Tensor
        The input (float dtype).
    axis : int, default -1
        The axis that sums to 1.

    Returns
    -------
    Tensor
        Same shape and dtype as `x`.

    Raises
    ------
    AxisError
        If `axis` is out of range for `x`.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> F.softmax(tt.tensor([1.0, 1.0, 2.0]))
    tensor([0.21194156, 0.21194156, 0.57611688])
    """
    return tt.softmax(x, axis=axis)


def log_softmax(x, axis=-1):
    """Log of the softmax along `axis`, computed stably as ``x - max - log(sum(exp(x - max)))``.

    Parameters
    ----------
    x : Tensor
        The input (float dtype).
    axis : int, default -1
        The axis the softmax normalises.

    Returns
    -------
    Tensor
        Same shape and dtype as `x`.

    Raises
    ------
    AxisError
        If `axis` is out of range for `x`.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> F.log_softmax(tt.tensor([0.0, 0.0])).exp()
    tensor([0.5, 0.5])
    """
    return tt.log_softmax(x, axis=axis)


def linear(x, weight, bias=None, activation=None):
    """Affine map with PyTorch's weight layout: ``out[b, o] = sum_i x[b, i] * weight[o, i] + bias[o]``.

    ``tt.linear`` takes its weight as (in, out); it is handed ``weight.T``, a view (no copy).

    Parameters
    ----------
    x : Tensor
        Input of shape (..., in_features).
    weight : Tensor
        Shape (out_features, in_features), same dtype as `x`.
    bias : Tensor, optional
        Shape (out_features,); no bias when None.
    activation : {None, "relu"}, optional
        A relu fused into the same call.

    Returns
    -------
    Tensor
        Shape (..., out_features).

    Raises
    ------
    ValueError
        If the inner dimensions do not match.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> x = tt.tensor([[1.0, 2.0]])
    >>> w = tt.tensor([[1.0, 0.0], [1.0, -1.0], [0.0, 1.0]])
    >>> F.linear(x, w, tt.tensor([0.0, 0.0, 0.5]))
    tensor([[ 1. , -1. ,  2.5]])
    """
    return tt.linear(x, weight.T, bias, activation=activation)


def leaky_relu(x, negative_slope=0.01):
    """Leaky ReLU, elementwise: ``out[i] = x[i] if x[i] > 0 else negative_slope * x[i]``.

    Parameters
    ----------
    x : Tensor
        The input (float dtype).
    negative_slope : float, default 0.01
        The slope for negative inputs (also the gradient at 0, as PyTorch).

    Returns
    -------
    Tensor
        Same shape and dtype as `x`.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> F.leaky_relu(tt.tensor([-2.0, 3.0]), 0.1)
    tensor([-0.2,  3. ])
    """
    return tt.where(x > 0, x, x * negative_slope)


def elu(x, alpha=1.0):
    """Exponential linear unit: ``out[i] = x[i] if x[i] > 0 else alpha * (exp(x[i]) - 1)``.

    Parameters
    ----------
    x : Tensor
        The input (float dtype).
    alpha : float, default 1.0
        The value the negative branch tends to is ``-alpha``.

    Returns
    -------
    Tensor
        Same shape and dtype as `x`.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> F.elu(tt.tensor([-1.0, 2.0]))
    tensor([-0.63212056,  2.        ])
    """
    # exp of the input clipped by where (not minimum, which splits the gradient at a tie): the
    # branch not taken must not overflow (inf * 0 in backward)
    positive = x > 0
    return tt.where(positive, x, (tt.exp(tt.where(positive, 0.0, x)) - 1.0) * alpha)


def softplus(x, beta=1.0, threshold=20.0):
    """Softplus: ``out[i] = log(1 + exp(beta * x[i])) / beta``, and ``x[i]`` itself where
    ``beta * x[i] > threshold`` (there the two agree to float precision and exp would overflow).

    Parameters
    ----------
    x : Tensor
        The input (float dtype).
    beta : float, default 1.0
        Sharpness; larger is closer to relu.
    threshold : float, default 20.0
        Above ``beta * x > threshold`` the result is linear.

    Returns
    -------
    Tensor
        Same shape and dtype as `x`.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> F.softplus(tt.tensor([0.0, 30.0]))
    tensor([ 0.69314718, 30.        ])
    """
    bx = x * beta
    linear = bx > threshold
    soft = tt.log(1.0 + tt.exp(tt.where(linear, threshold, bx))) * (1.0 / beta)
    return tt.where(linear, x, soft)


def erf(x):
    """The error function, elementwise, by Abramowitz & Stegun 7.1.26 (absolute error below
    1.5e-7): with ``t = 1 / (1 + 0.3275911 |x|)``,
    ``erf(x) = sign(x) (1 - t (a1 + t (a2 + t (a3 + t (a4 + t a5)))) exp(-x**2))``.

    Built from core ops, so autograd differentiates it.

    Parameters
    ----------
    x : Tensor
        The input (float dtype).

    Returns
    -------
    Tensor
        Same shape and dtype as `x`, values in [-1, 1].

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> tt.round(F.erf(tt.tensor([0.0, 1.0])), 6)
    tensor([0.      , 0.842701])
    """
    sign = tt.sign(x)
    a = tt.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * tt.exp(-a * a))


def gelu(x, approximate="none"):
    """Gaussian error linear unit: ``out = x * Phi(x)`` with Phi the standard normal CDF,
    ``Phi(x) = (1 + erf(x / sqrt(2))) / 2``; ``approximate="tanh"`` uses PyTorch's
    ``0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x**3)))``.

    Parameters
    ----------
    x : Tensor
        The input (float dtype).
    approximate : {"none", "tanh"}, default "none"
        Which formula.

    Returns
    -------
    Tensor
        Same shape and dtype as `x`.

    Raises
    ------
    ValueError
        If `approximate` is neither "none" nor "tanh".

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> tt.round(F.gelu(tt.tensor([-1.0, 0.0, 2.0])), 4)
    tensor([-0.1587,  0.    ,  1.9545])
    """
    if approximate == "tanh":
        return 0.5 * x * (1.0 + tt.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x * x * x)))
    if approximate != "none":
        raise ValueError("approximate must be 'none' or 'tanh', not %r" % (approximate,))
    return 0.5 * x * (1.0 + erf(x * (1.0 / math.sqrt(2.0))))


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Layer normalisation over the last ``len(normalized_shape)`` axes::

        mean = x.mean(axes);  var = ((x - mean) ** 2).mean(axes)     # biased, as PyTorch
        y = (x - mean) / sqrt(var + eps) * weight + bias

    Parameters
    ----------
    x : Tensor
        Input whose trailing axes equal `normalized_shape`.
    normalized_shape : int or tuple of int
        The trailing shape to normalise over.
    weight, bias : Tensor, optional
        Elementwise scale and shift of shape `normalized_shape` (skipped when None).
    eps : float, default 1e-5
        Added to the variance inside the square root.

    Returns
    -------
    Tensor
        Same shape as `x`.

    Raises
    ------
    RuntimeError
        If the trailing axes of `x` are not `normalized_shape` (PyTorch's error type).

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> tt.round(F.layer_norm(tt.tensor([[1.0, 3.0]]), 2), 4)
    tensor([[-1.,  1.]])
    """
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if tuple(x.shape[x.ndim - len(shape):]) != shape:
        raise RuntimeError("layer_norm: expected input with shape [*, %s], but got input of size %s"
                           % (", ".join(map(str, shape)), tuple(x.shape)))
    axes = tuple(range(x.ndim - len(shape), x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    d = x - mean
    var = (d * d).mean(axis=axes, keepdims=True)
    y = d / tt.sqrt(var + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y


def embedding(indices, weight):
    """Rows of `weight` picked by integer `indices`: ``out[..., :] = weight[indices[...], :]``.

    Parameters
    ----------
    indices : Tensor or array_like of int
        Any shape; int64, int32 or uint8; each in [0, weight.shape[0]).
    weight : Tensor
        The table, shape (num_embeddings, dim).

    Returns
    -------
    Tensor
        Shape ``indices.shape + (dim,)``.

    Raises
    ------
    RuntimeError
        If `indices` is not of an integer dtype (PyTorch's error type).
    IndexError
        If an index is outside the table.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> table = tt.tensor([[0.0, 0.0], [1.0, 2.0], [3.0, 4.0]])
    >>> F.embedding(tt.tensor([2, 1]), table)
    tensor([[3., 4.],
            [1., 2.]])
    """
    indices = _t(indices)
    if indices.dtype not in (tt.int64, tt.int32, tt.uint8):
        raise RuntimeError("Expected tensor for argument #1 'indices' to have an integer dtype; but got %s"
                           % indices.dtype)
    if indices.size and (indices.min().item() < 0 or indices.max().item() >= weight.shape[0]):
        raise IndexError("index out of range in self: embedding of %d rows, indices in [%d, %d]"
                         % (weight.shape[0], indices.min().item(), indices.max().item()))
    flat = weight[indices.reshape(-1).astype(tt.int64)]
    return flat.reshape(tuple(indices.shape) + (weight.shape[1],))


def _t(x):
    return x if isinstance(x, tt.Tensor) else tt.asarray(x)


def class_labels(target):
    """Integer class labels of shape (B,) from labels shaped (B,) or (B, 1) of any dtype.

    Parameters
    ----------
    target : Tensor or array_like
        The labels.

    Returns
    -------
    Tensor
        int64, shape (B,) (a (B, 1) input is reshaped).

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> F.class_labels(tt.tensor([[2.0], [0.0]]))
    tensor([2, 0])
    """
    target = _t(target)
    if target.ndim == 2 and target.shape[1] == 1:
        target = target.reshape(-1)
    return target if target.dtype == tt.int64 else target.astype(tt.int64)


def mse_loss(input, target):
    """Mean squared error: ``sum_i (input[i] - target[i]) ** 2 / N`` over all N elements.

    Parameters
    ----------
    input : Tensor
        The predictions.
    target : Tensor or array_like
        The targets, broadcastable to `input`.

    Returns
    -------
    Tensor
        A 0-d tensor.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> F.mse_loss(tt.tensor([1.0, 2.0]), tt.tensor([1.0, 4.0]))
    tensor(2.)
    """
    d = input - _t(target)
    return (d * d).mean()


def l1_loss(input, target):
    """Mean absolute error: ``sum_i |input[i] - target[i]| / N`` over all N elements.

    Parameters
    ----------
    input : Tensor
        The predictions.
    target : Tensor or array_like
        The targets, broadcastable to `input`.

    Returns
    -------
    Tensor
        A 0-d tensor.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> F.l1_loss(tt.tensor([1.0, 2.0]), tt.tensor([0.0, 4.0]))
    tensor(1.5)
    """
    return tt.abs(input - _t(target)).mean()


def half_sse_loss(input, target):
    """Higham & Higham's cost ``(1/N) sum_i 1/2 ||input_i - target_i||**2``, N = len(input).

    Parameters
    ----------
    input : Tensor
        The predictions, one sample per row (a 0-d input counts as one sample).
    target : Tensor or array_like
        The targets, broadcastable to `input`.

    Returns
    -------
    Tensor
        A 0-d tensor.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> F.half_sse_loss(tt.tensor([[1.0, 2.0], [0.0, 0.0]]), tt.zeros((2, 2)))
    tensor(1.25)
    """
    d = input - _t(target)
    n = input.shape[0] if input.ndim else 1
    return (d * d).sum() * (0.5 / n)


def categorical_crossentropy(input, target, from_logits=False, axis=-1):
    """Cross-entropy with one-hot (or soft) targets, averaged over samples::

        p = input / input.sum(axis)                      # probabilities, renormalised
        loss = mean over samples of -sum(target * log(clip(p, 1e-7, 1 - 1e-7)), axis)

    With ``from_logits=True``, ``log(p)`` is ``log_softmax(input)`` (the fused, stable
    ``tt.softmax_cross_entropy`` for 2-D input along the last axis).

    Parameters
    ----------
    input : Tensor
        Probabilities (or logits with `from_logits`).
    target : Tensor or array_like
        Same shape as `input`: the target distribution of each sample.
    from_logits : bool, default False
        Whether `input` holds logits.
    axis : int, default -1
        The class axis.

    Returns
    -------
    Tensor
        A 0-d tensor.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> p = tt.tensor([[0.5, 0.5], [0.25, 0.75]])
    >>> tt.round(F.categorical_crossentropy(p, tt.tensor([[1.0, 0.0], [0.0, 1.0]])), 6)
    tensor(0.490415)
    """
    target = _t(target)
    if from_logits:
        if axis in (-1, input.ndim - 1) and input.ndim == 2:
            return tt.softmax_cross_entropy(input, target.astype(input.dtype))
        return -(target * tt.log_softmax(input, axis=axis)).sum(axis=axis).mean()
    p = input / input.sum(axis=axis, keepdims=True)
    p = tt.clip(p, EPSILON, 1.0 - EPSILON)
    return -(target * tt.log(p)).sum(axis=axis).mean()


def sparse_categorical_crossentropy(input, target, from_logits=False):
    """Cross-entropy with integer class labels::

        loss = mean over b of -log(clip(p[b, target[b]], 1e-7, 1 - 1e-7))

    where ``p`` is `input` renormalised along the last axis, or ``softmax(input)`` with
    ``from_logits=True`` (the fused, stable ``tt.softmax_cross_entropy``).

    Parameters
    ----------
    input : Tensor
        Shape (B, C): probabilities, or logits with `from_logits`.
    target : Tensor or array_like
        Class labels of shape (B,) or (B, 1), any dtype (converted to int64).
    from_logits : bool, default False
        Whether `input` holds logits.

    Returns
    -------
    Tensor
        A 0-d tensor.

    Raises
    ------
    IndexError
        If a label is not a valid column of `input`.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> p = tt.tensor([[0.5, 0.5], [0.25, 0.75]])
    >>> tt.round(F.sparse_categorical_crossentropy(p, tt.tensor([0, 1])), 6)
    tensor(0.490415)
    """
    target = class_labels(target)
    if from_logits:
        return tt.softmax_cross_entropy(input, target)
    p = input / input.sum(axis=-1, keepdims=True)
    picked = p[tt.arange(input.shape[0], dtype=tt.int64), target]
    return -tt.log(tt.clip(picked, EPSILON, 1.0 - EPSILON)).mean()


def cross_entropy(input, target):
    """PyTorch's ``cross_entropy``: logits and integer class labels (or class probabilities)::

        loss = mean over b of -log_softmax(input[b])[target[b]]
        loss = mean over b of -sum(target[b] * log_softmax(input[b]))    # float targets

    Parameters
    ----------
    input : Tensor
        Logits of shape (B, C).
    target : Tensor or array_like
        Integer labels of shape (B,), or float probabilities of shape (B, C).

    Returns
    -------
    Tensor
        A 0-d tensor.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> tt.round(F.cross_entropy(tt.tensor([[0.0, 0.0]]), tt.tensor([1])), 6)
    tensor(0.693147)
    """
    target = _t(target)
    if target.dtype in (tt.float16, tt.float32, tt.float64):
        return tt.softmax_cross_entropy(input, target if target.dtype == input.dtype else target.astype(input.dtype))
    return tt.softmax_cross_entropy(input, target.astype(tt.int64))


def binary_crossentropy(input, target, from_logits=False):
    """Binary cross-entropy, averaged over all elements::

        p = clip(input, 1e-7, 1 - 1e-7)
        loss = mean(-(t * log(p) + (1 - t) * log(1 - p)))

    With ``from_logits=True`` it is the stable ``mean(max(x, 0) - x * t + log(1 + exp(-|x|)))``.

    Parameters
    ----------
    input : Tensor
        Probabilities (or logits with `from_logits`).
    target : Tensor or array_like
        Targets in [0, 1], broadcastable to `input`.
    from_logits : bool, default False
        Whether `input` holds logits.

    Returns
    -------
    Tensor
        A 0-d tensor.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> tt.round(F.binary_crossentropy(tt.tensor([0.5, 0.9]), tt.tensor([1.0, 1.0])), 6)
    tensor(0.399254)
    >>> tt.round(F.binary_crossentropy(tt.tensor([0.0]), tt.tensor([1.0]), from_logits=True), 6)
    tensor(0.693147)
    """
    target = _t(target)
    if from_logits:
        x = input
        return (tt.relu(x) - x * target + tt.log(1.0 + tt.exp(-tt.abs(x)))).mean()
    p = tt.clip(input, EPSILON, 1.0 - EPSILON)
    return -(target * tt.log(p) + (1.0 - target) * tt.log(1.0 - p)).mean()


def dropout(x, p=0.5, training=True, rng=None):
    """Inverted dropout: during training each element is kept with probability ``1 - p``::

        out[i] = x[i] / (1 - p) if u[i] >= p else 0        # u[i] ~ U(0, 1)

    so the expected value is unchanged; otherwise (or with ``p == 0``) `x` is returned as is.

    Parameters
    ----------
    x : Tensor
        The input.
    p : float, default 0.5
        Probability of zeroing an element, in [0, 1).
    training : bool, default True
        Apply dropout (False returns `x`).
    rng : tinytensor.random.Generator, optional
        Where the uniforms come from; ``tt.random``'s global state by default.

    Returns
    -------
    Tensor
        Same shape and dtype as `x`.

    Raises
    ------
    ValueError
        If `p` is not in [0, 1) (checked when training).

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> y = F.dropout(tt.ones(1000), 0.5, rng=tt.random.default_rng(0))
    >>> sorted(set(y.tolist()))
    [0.0, 2.0]
    >>> F.dropout(tt.ones(3), 0.5, training=False)
    tensor([1., 1., 1.])
    """
    if not training or p == 0.0:
        return x
    if not 0.0 <= p < 1.0:
        raise ValueError("dropout probability must be in [0, 1), got %r" % (p,))
    from .init import _rng
    keep = tt.asarray(_rng(rng).uniform(0.0, 1.0, size=tuple(x.shape))) >= p
    return x * keep.astype(x.dtype) * (1.0 / (1.0 - p))


# ------------------------------------------------------------------ convolution, pooling, batch norm
def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """PyTorch's ``F.conv2d`` (``tt.conv2d``, channels first)::

        out[n, oc, i, j] = bias[oc] + sum over c, kh, kw of
            x[n, c, i * sh + kh * dh - ph, j * sw + kw * dw - pw] * weight[oc, c, kh, kw]

    Parameters
    ----------
    input : Tensor
        (N, C, H, W).
    weight : Tensor
        (out_channels, C / groups, KH, KW).
    bias : Tensor, optional
        (out_channels,).
    stride, padding, dilation : int or (int, int), default 1, 0, 1
        Step, zeros on each side ("valid" and "same" too), spacing inside a window.
    groups : int, default 1
        Channel groups convolved separately.

    Returns
    -------
    Tensor
        (N, out_channels, OH, OW).

    Raises
    ------
    ValueError
        If the shapes do not fit.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> x = tt.arange(9, dtype=tt.float32).reshape(1, 1, 3, 3)
    >>> F.conv2d(x, tt.ones((1, 1, 2, 2), dtype=tt.float32))
    tensor([[[[ 8., 12.],
              [20., 24.]]]], dtype=float32)
    """
    return tt.conv2d(input, weight, bias, stride, padding, dilation, groups)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """PyTorch's ``F.conv1d``: ``out[n, oc, i] = bias[oc] + sum over c, k of
    x[n, c, i * stride + k * dilation - padding] * weight[oc, c, k]``.

    Parameters
    ----------
    input : Tensor
        (N, C, L).
    weight : Tensor
        (out_channels, C / groups, K).
    bias : Tensor, optional
        (out_channels,).
    stride, padding, dilation : int, default 1, 0, 1
        As `conv2d`, for one axis.
    groups : int, default 1
        Channel groups.

    Returns
    -------
    Tensor
        (N, out_channels, OL).

    Raises
    ------
    ValueError
        If the shapes do not fit.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> F.conv1d(tt.tensor([[[1.0, 2.0, 3.0]]]), tt.tensor([[[1.0, -1.0]]]))
    tensor([[[-1., -1.]]])
    """
    return tt.conv1d(input, weight, bias, stride, padding, dilation, groups)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """PyTorch's ``F.max_pool2d`` on (N, C, H, W) input: the largest value of each window
    (see `tinytensor.nn.MaxPool2d`).

    Parameters
    ----------
    input : Tensor
        (N, C, H, W).
    kernel_size : int or (int, int)
        The window.
    stride : int or (int, int), optional
        Defaults to `kernel_size`.
    padding, dilation : int or (int, int), default 0, 1
        Implicit -inf on each side, spacing inside a window.
    ceil_mode : bool, default False
        Round the output size up.
    return_indices : bool, default False
        Also return the index of each maximum.

    Returns
    -------
    Tensor or (Tensor, Tensor)

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> F.max_pool2d(tt.tensor([[[[1.0, 5.0], [3.0, 2.0]]]]), 2)
    tensor([[[[5.]]]])
    """
    return tt.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """PyTorch's ``F.avg_pool2d`` on (N, C, H, W) input: the mean of each window (see
    `tinytensor.nn.AvgPool2d`).

    Parameters
    ----------
    input : Tensor
        (N, C, H, W).
    kernel_size : int or (int, int)
        The window.
    stride : int or (int, int), optional
        Defaults to `kernel_size`.
    padding : int or (int, int), default 0
        Zeros on each side.
    ceil_mode : bool, default False
        Round the output size up.
    count_include_pad : bool, default True
        Count the padding in the mean.
    divisor_override : None
        Not supported.

    Returns
    -------
    Tensor

    Raises
    ------
    ValueError
        If `divisor_override` is given.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> F.avg_pool2d(tt.tensor([[[[1.0, 5.0], [3.0, 2.0]]]]), 2)
    tensor([[[[2.75]]]])
    """
    if divisor_override is not None:
        raise ValueError("avg_pool2d: divisor_override is not supported")
    return tt.avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad)


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1,
               eps=1e-5):
    """PyTorch's ``F.batch_norm``: normalise each channel (axis 1) of `input`::

        y[:, c] = (x[:, c] - mean[c]) / sqrt(var[c] + eps) * weight[c] + bias[c]

    Training: mean and var are the batch's, over every axis but the channels (biased), and
    the running statistics move: ``running = (1 - momentum) * running + momentum * batch``
    (variance unbiased, n / (n - 1)). Otherwise the running statistics are used.

    Parameters
    ----------
    input : Tensor
        (N, C, ...).
    running_mean, running_var : Tensor or None
        (C,) running statistics, updated in place when training.
    weight, bias : Tensor, optional
        (C,) scale and shift.
    training : bool, default False
        Normalise with the batch's statistics (and update the running ones).
    momentum : float, default 0.1
        Weight of the batch in the running statistics.
    eps : float, default 1e-5
        Added to the variance inside the root.

    Returns
    -------
    Tensor
        Same shape as `input`.

    Raises
    ------
    ValueError
        If a statistic's shape is not (C,), or training sees one value per channel.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> x = tt.tensor([[1.0, 10.0], [3.0, 30.0]])
    >>> mean, var = tt.zeros(2), tt.ones(2)
    >>> F.batch_norm(x, mean, var, training=False).tolist()     # eps aside: x itself
    [[0.99999..., 9.99995...], [2.99998..., 29.9998...]]
    """
    return normalize_channels(input, 1, running_mean, running_var, weight, bias, training, momentum, eps,
                              unbiased_running=True)


def normalize_channels(x, axis, running_mean, running_var, weight, bias, training, momentum, eps,
                       unbiased_running):
    """Batch normalisation over every axis but `axis`: the one implementation behind
    ``nn.BatchNorm*`` (unbiased running variance) and keras's ``BatchNormalization`` (biased)::

        mean, var = batch statistics over the other axes   (training, or no running ones)
        running = (1 - momentum) * running + momentum * batch          (training)
        y = (x - mean) / sqrt(var + eps) * weight + bias

    Parameters
    ----------
    x : Tensor
        The input, with a batch axis and `axis`.
    axis : int
        The channel axis.
    running_mean, running_var : Tensor or None
        (C,) running statistics, updated in place when training.
    weight, bias : Tensor, optional
        (C,) scale and shift.
    training : bool
        Normalise with the batch's statistics (and update the running ones).
    momentum : float
        Weight of the batch in the running statistics.
    eps : float
        Added to the variance inside the root.
    unbiased_running : bool
        Store the batch variance times n / (n - 1) in `running_var` (PyTorch) or not (Keras).

    Returns
    -------
    Tensor
        Same shape as `x`.

    Raises
    ------
    ValueError
        If `x` has fewer than 2 axes, a statistic's shape is not (C,), or training sees one
        value per channel.

    Examples
    --------
    >>> import tinytensor.nn.functional as F
    >>> x = tt.tensor([[1.0, 3.0], [3.0, 5.0]])                    # channels last
    >>> F.normalize_channels(x, -1, None, None, None, None, True, 0.1, 0.0, False).tolist()
    [[-1.0, -1.0], [1.0, 1.0]]
    """
    from ..autograd import no_grad
    x = _t(x)
    if x.ndim < 2:
        raise ValueError("batch_norm: expected an input with a batch and a channel axis, got shape %s"
                         % (tuple(x.shape),))
    axis = axis % x.ndim
    channels = x.shape[axis]
    reduce_axes = tuple(a for a in range(x.ndim) if a != axis)
    shape = tuple(channels if a == axis else 1 for a in range(x.ndim))
    for name, t in (("running_mean", running_mean), ("running_var", running_var), ("weight", weight),
                    ("bias", bias)):
        if t is not None and tuple(t.shape) != (channels,):
            raise ValueError("batch_norm: %s of shape %s does not match the %d channels of an input of shape %s"
                             % (name, tuple(t.shape), channels, tuple(x.shape)))
    if training or running_mean is None or running_var is None:
        n = x.size // channels if channels else 0
        if training and n <= 1:
            raise ValueError("Expected more than 1 value per channel when training, got input size %s"
                             % (tuple(x.shape),))
        mean = x.mean(axis=reduce_axes, keepdims=True)
        centered = x - mean
        var = (centered * centered).mean(axis=reduce_axes, keepdims=True)
        if training and running_mean is not None and running_var is not None:
            with no_grad():
                batch_var = var.reshape(channels) * (n / (n - 1) if unbiased_running else 1.0)
                running_mean[...] = running_mean * (1.0 - momentum) + mean.reshape(channels) * momentum
                running_var[...] = running_var * (1.0 - momentum) + batch_var * momentum
    else:
        centered = x - running_mean.reshape(shape)
        var = running_var.reshape(shape)
    y = centered * (1.0 / tt.sqrt(var + eps))
    if weight is not None:
        y = y * weight.reshape(shape)
    if bias is not None:
        y = y + bias.reshape(shape)
    return y
