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
    return tt.relu(x)


def sigmoid(x):
    return tt.sigmoid(x)


def tanh(x):
    return tt.tanh(x)


def step(x):
    return tt.step(x)


def softmax(x, axis=-1):
    return tt.softmax(x, axis=axis)


def log_softmax(x, axis=-1):
    return tt.log_softmax(x, axis=axis)


def linear(x, weight, bias=None, activation=None):
    """``x @ weight.T + bias`` with PyTorch's (out_features, in_features) ``weight``
    (``tt.linear`` takes (in, out): it reads the transposed view, no copy)."""
    return tt.linear(x, weight.T, bias, activation=activation)


def leaky_relu(x, negative_slope=0.01):
    return tt.where(x > 0, x, x * negative_slope)


def elu(x, alpha=1.0):
    # exp of the input clipped by where (not minimum, which splits the gradient at a tie): the
    # branch not taken must not overflow (inf * 0 in backward)
    positive = x > 0
    return tt.where(positive, x, (tt.exp(tt.where(positive, 0.0, x)) - 1.0) * alpha)


def softplus(x, beta=1.0, threshold=20.0):
    bx = x * beta
    linear = bx > threshold
    soft = tt.log(1.0 + tt.exp(tt.where(linear, threshold, bx))) * (1.0 / beta)
    return tt.where(linear, x, soft)


def erf(x):
    """Abramowitz & Stegun 7.1.26: |error| < 1.5e-7."""
    sign = tt.sign(x)
    a = tt.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * tt.exp(-a * a))


def gelu(x, approximate="none"):
    if approximate == "tanh":
        return 0.5 * x * (1.0 + tt.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x * x * x)))
    if approximate != "none":
        raise ValueError("approximate must be 'none' or 'tanh', not %r" % (approximate,))
    return 0.5 * x * (1.0 + erf(x * (1.0 / math.sqrt(2.0))))


def layer_norm(x, normalized_shape, weight=None, bias=None, eps=1e-5):
    """(x - mean) / sqrt(var + eps) over the last len(normalized_shape) axes (biased variance,
    as PyTorch), then * weight + bias."""
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
    """Rows of ``weight`` picked by integer ``indices`` (any shape): shape indices.shape + (dim,)."""
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
    """Integer class labels of shape (B,) from (B,) or (B, 1) labels of any dtype."""
    target = _t(target)
    if target.ndim == 2 and target.shape[1] == 1:
        target = target.reshape(-1)
    return target if target.dtype == tt.int64 else target.astype(tt.int64)


def mse_loss(input, target):
    """Mean over all elements of (input - target)^2."""
    d = input - _t(target)
    return (d * d).mean()


def l1_loss(input, target):
    """Mean over all elements of |input - target|."""
    return tt.abs(input - _t(target)).mean()


def half_sse_loss(input, target):
    """Higham & Higham's cost: (1/N) sum_i 1/2 ||input_i - target_i||^2 (N = len(input))."""
    d = input - _t(target)
    n = input.shape[0] if input.ndim else 1
    return (d * d).sum() * (0.5 / n)


def categorical_crossentropy(input, target, from_logits=False, axis=-1):
    """Mean over samples of -sum(target * log(p)); ``input`` is probabilities unless ``from_logits``."""
    target = _t(target)
    if from_logits:
        if axis in (-1, input.ndim - 1) and input.ndim == 2:
            return tt.softmax_cross_entropy(input, target.astype(input.dtype))
        return -(target * tt.log_softmax(input, axis=axis)).sum(axis=axis).mean()
    p = input / input.sum(axis=axis, keepdims=True)
    p = tt.clip(p, EPSILON, 1.0 - EPSILON)
    return -(target * tt.log(p)).sum(axis=axis).mean()


def sparse_categorical_crossentropy(input, target, from_logits=False):
    """Like ``categorical_crossentropy`` with integer class labels of shape (B,) (or (B, 1))."""
    target = class_labels(target)
    if from_logits:
        return tt.softmax_cross_entropy(input, target)
    p = input / input.sum(axis=-1, keepdims=True)
    picked = p[tt.arange(input.shape[0], dtype=tt.int64), target]
    return -tt.log(tt.clip(picked, EPSILON, 1.0 - EPSILON)).mean()


def cross_entropy(input, target):
    """PyTorch's ``cross_entropy``: logits and integer class labels, or class probabilities."""
    target = _t(target)
    if target.dtype in (tt.float16, tt.float32, tt.float64):
        return tt.softmax_cross_entropy(input, target if target.dtype == input.dtype else target.astype(input.dtype))
    return tt.softmax_cross_entropy(input, target.astype(tt.int64))


def binary_crossentropy(input, target, from_logits=False):
    """Mean of -(t log p + (1 - t) log(1 - p)); with ``from_logits`` the stable
    max(x, 0) - x t + log(1 + exp(-|x|))."""
    target = _t(target)
    if from_logits:
        x = input
        return (tt.relu(x) - x * target + tt.log(1.0 + tt.exp(-tt.abs(x)))).mean()
    p = tt.clip(input, EPSILON, 1.0 - EPSILON)
    return -(target * tt.log(p) + (1.0 - target) * tt.log(1.0 - p)).mean()


def dropout(x, p=0.5, training=True, rng=None):
    if not training or p == 0.0:
        return x
    if not 0.0 <= p < 1.0:
        raise ValueError("dropout probability must be in [0, 1), got %r" % (p,))
    from .init import _rng
    keep = tt.asarray(_rng(rng).uniform(0.0, 1.0, size=tuple(x.shape))) >= p
    return x * keep.astype(x.dtype) * (1.0 / (1.0 - p))


# ------------------------------------------------------------------ convolution, pooling, batch norm
def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """PyTorch's ``F.conv2d``: (N, C, H, W) input, (out_channels, in_channels / groups, KH, KW)
    weight (``tt.conv2d`` with data_format="channels_first")."""
    return tt.conv2d(input, weight, bias, stride, padding, dilation, groups)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """PyTorch's ``F.conv1d``: (N, C, L) input, (out_channels, in_channels / groups, K) weight."""
    return tt.conv1d(input, weight, bias, stride, padding, dilation, groups)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """PyTorch's ``F.max_pool2d`` on (N, C, H, W) input (``tt.max_pool2d``)."""
    return tt.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """PyTorch's ``F.avg_pool2d`` on (N, C, H, W) input (``tt.avg_pool2d``; no divisor_override)."""
    if divisor_override is not None:
        raise ValueError("avg_pool2d: divisor_override is not supported")
    return tt.avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad)


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1,
               eps=1e-5):
    """PyTorch's ``F.batch_norm``: normalise each channel (axis 1) of ``input``.

    training: with the batch's statistics over every axis but the channels (biased variance),
    and, when ``running_mean``/``running_var`` are given, update them in place:
    running = (1 - momentum) * running + momentum * batch (the variance unbiased, n / (n - 1)).
    Otherwise: with ``running_mean`` and ``running_var``. Then ``* weight + bias`` per channel."""
    return normalize_channels(input, 1, running_mean, running_var, weight, bias, training, momentum, eps,
                              unbiased_running=True)


def normalize_channels(x, axis, running_mean, running_var, weight, bias, training, momentum, eps,
                       unbiased_running):
    """Batch normalisation over every axis but ``axis`` (the one implementation behind nn.BatchNorm*
    and keras's BatchNormalization, which keeps a biased running variance). ``momentum`` is the
    weight of the new batch in the running statistics (PyTorch's convention)."""
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
