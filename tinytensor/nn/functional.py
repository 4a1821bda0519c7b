"""Activations and losses as functions (PyTorch argument order: ``loss(input, target)``).

Cross-entropies on probabilities clip them to [eps, 1 - eps] with Keras's eps = 1e-7; with
``from_logits=True`` they use the fused, numerically stable ``tt.softmax_cross_entropy``.
"""
import tinytensor as tt
from tinytensor import _core as _ops  # the fused kernels: linear, softmax, ...

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
    return _ops.softmax(x, axis=axis)


def log_softmax(x, axis=-1):
    return _ops.log_softmax(x, axis=axis)


def linear(x, weight, bias=None, activation=None):
    return _ops.linear(x, weight, bias, activation=activation)


def _t(x):
    return x if isinstance(x, tt.Tensor) else tt.asarray(x)


def mse_loss(input, target):
    """Mean over all elements of (input - target)^2."""
    d = input - _t(target)
    return (d * d).mean()


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
            return _ops.softmax_cross_entropy(input, target.astype(input.dtype))
        return -(target * _ops.log_softmax(input, axis=axis)).sum(axis=axis).mean()
    p = input / input.sum(axis=axis, keepdims=True)
    p = tt.clip(p, EPSILON, 1.0 - EPSILON)
    return -(target * tt.log(p)).sum(axis=axis).mean()


def sparse_categorical_crossentropy(input, target, from_logits=False):
    """Like ``categorical_crossentropy`` with integer class labels of shape (B,) (or (B, 1))."""
    target = _t(target)
    if target.ndim == 2 and target.shape[1] == 1:
        target = target.reshape(-1)
    if target.dtype != tt.int64:
        target = target.astype(tt.int64)
    if from_logits:
        return _ops.softmax_cross_entropy(input, target)
    p = input / input.sum(axis=-1, keepdims=True)
    picked = p[tt.arange(input.shape[0], dtype=tt.int64), target]
    return -tt.log(tt.clip(picked, EPSILON, 1.0 - EPSILON)).mean()


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
