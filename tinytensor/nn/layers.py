"""Layers: Linear, LayerNorm, Embedding, activations, Flatten, Dropout.

dtype rule (as PyTorch): a layer with weights computes in its weights' dtype and refuses an
input of another dtype with a RuntimeError (``Linear`` of float32 on a float64 input raises
"mat1 and mat2 must have the same dtype"); convert with ``x.astype(tt.float32)`` first.
Activations have no weights and keep the input's dtype.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import tinytensor as tt
from . import functional as F
from . import init
from .module import Module, Parameter

if TYPE_CHECKING:
    from tinytensor.typing import DTypeLike

_TORCH_DTYPE_NAMES = {"float32": "Float", "float64": "Double", "int64": "Long", "int32": "Int",
                      "uint8": "Byte", "bool": "Bool"}


def _check_dtype(x, weight, what):
    if not isinstance(x, tt.Tensor):
        raise TypeError("%s expects a Tensor input, got %s (convert with tt.asarray(x, dtype=tt.float32))"
                        % (what, type(x).__name__))
    if x.dtype != weight.dtype:
        # PyTorch's wording: Linear's matrix product, or a convolution's input and weight types
        torch_words = "Input type and weight type should be the same dtype" if what.startswith("Conv") else \
            "mat1 and mat2 must have the same dtype"
        raise RuntimeError("%s: %s, but got %s and %s "
                           "(the input is %s, the layer's weights %s: convert the input with .astype)"
                           % (what, torch_words, _TORCH_DTYPE_NAMES.get(x.dtype.name, x.dtype.name),
                              _TORCH_DTYPE_NAMES.get(weight.dtype.name, weight.dtype.name),
                              x.dtype.name, weight.dtype.name))


class Linear(Module):
    """y = x @ weight.T + bias with ``weight`` shaped (out_features, in_features), as PyTorch.

    The core's fused ``tt.linear(x, W, b)`` takes W as (in, out); it is handed ``weight.T``, a
    transposed view (no copy), and its GEMM reads the transposed layout directly.

    Default initialisation as PyTorch: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias.
    ``weight_init`` / ``bias_init`` take an initialiser name or function (see nn.init); the
    named initialisers compute fans for a kernel stored (in, out), so the weight is drawn in
    that shape and stored transposed. ``activation="relu"`` fuses the relu into the same call.
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True,
                 weight_init: str | Callable[..., Any] | None = None,
                 bias_init: str | Callable[..., Any] | None = None,
                 activation: str | None = None, dtype: DTypeLike = tt.float32) -> None:
        super().__init__()
        for name, v in (("in_features", in_features), ("out_features", out_features)):
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise ValueError("%s must be a non-negative integer, got %r" % (name, v))
        if activation not in (None, "relu"):
            raise ValueError("Linear's fused activation is None or 'relu', not %r" % (activation,))
        self.in_features, self.out_features, self.activation = in_features, out_features, activation
        bound = 1.0 / math.sqrt(in_features) if in_features else 0.0
        kernel = (in_features, out_features)
        w = init.get(weight_init)(kernel, dtype=dtype) if weight_init else init.uniform(kernel, -bound, bound, dtype)
        self.weight = Parameter(w.T.copy())
        self.bias: tt.Tensor | None
        if bias:
            b = init.get(bias_init)((out_features,), dtype=dtype) if bias_init else \
                init.uniform((out_features,), -bound, bound, dtype)
            self.bias = Parameter(b)
        else:
            self.bias = None

    def forward(self, x):
        _check_dtype(x, self.weight, "Linear")
        return tt.linear(x, self.weight.T, self.bias, activation=self.activation)

    def _fused_forward(self, x, following):
        """Linear then ReLU (in a Sequential): ``tt.linear(..., activation="relu")``, the relu in
        the GEMM's epilogue and one backward node (fused mask and bias gradient). Only for the
        classes' own forwards (a subclass that overrides either runs as written)."""
        if (type(following) is not ReLU and not (isinstance(following, ReLU) and type(following).forward is ReLU.forward)) \
                or type(self).forward is not Linear.forward or self.activation is not None:
            return None
        _check_dtype(x, self.weight, "Linear")
        return tt.linear(x, self.weight.T, self.bias, activation="relu")

    def extra_repr(self):
        return "in_features=%d, out_features=%d, bias=%s" % (self.in_features, self.out_features,
                                                             self.bias is not None)


class LayerNorm(Module):
    """Normalises over the last ``len(normalized_shape)`` axes (biased variance, ``eps`` inside
    the root), then ``* weight + bias`` (ones and zeros at first) when ``elementwise_affine``."""

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True, dtype=tt.float32):
        super().__init__()
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.normalized_shape, self.eps, self.elementwise_affine = shape, eps, elementwise_affine
        self.dtype = dtype
        self.weight = Parameter(tt.ones(shape, dtype=dtype)) if elementwise_affine else None
        self.bias = Parameter(tt.zeros(shape, dtype=dtype)) if elementwise_affine and bias else None

    def forward(self, x):
        if self.weight is not None:
            _check_dtype(x, self.weight, "LayerNorm")
        return F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return "%s, eps=%g, elementwise_affine=%s" % (self.normalized_shape, self.eps, self.elementwise_affine)


class Embedding(Module):
    """A lookup table: ``Embedding(num_embeddings, embedding_dim)(indices)`` is
    ``weight[indices]`` (shape indices.shape + (embedding_dim,)); weight drawn from N(0, 1).
    With ``padding_idx`` that row starts at zero and gets no gradient."""

    def __init__(self, num_embeddings, embedding_dim, padding_idx=None, dtype=tt.float32):
        super().__init__()
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise ValueError("padding_idx must be within num_embeddings")
            padding_idx %= num_embeddings
        self.padding_idx = padding_idx
        w = init.normal((num_embeddings, embedding_dim), 1.0, 0.0, dtype)
        if padding_idx is not None:
            w[padding_idx] = 0.0
        self.weight = Parameter(w)

    def forward(self, indices):
        out = F.embedding(indices, self.weight)
        if self.padding_idx is None:
            return out
        idx = F._t(indices)
        keep = tt.expand_dims((idx != self.padding_idx).astype(out.dtype), -1)
        # the padding row's value, without a path for its gradient (as PyTorch)
        return out * keep + out.detach() * (1.0 - keep)

    def extra_repr(self):
        return "%d, %d" % (self.num_embeddings, self.embedding_dim)


class ReLU(Module):
    def forward(self, x):
        return tt.relu(x)


class Sigmoid(Module):
    def forward(self, x):
        return tt.sigmoid(x)


class Tanh(Module):
    def forward(self, x):
        return tt.tanh(x)


class GELU(Module):
    def __init__(self, approximate="none"):
        super().__init__()
        if approximate not in ("none", "tanh"):
            raise ValueError("approximate must be 'none' or 'tanh', not %r" % (approximate,))
        self.approximate = approximate

    def forward(self, x):
        return F.gelu(x, self.approximate)


class LeakyReLU(Module):
    def __init__(self, negative_slope=0.01):
        super().__init__()
        self.negative_slope = negative_slope

    def forward(self, x):
        return F.leaky_relu(x, self.negative_slope)


class ELU(Module):
    def __init__(self, alpha=1.0):
        super().__init__()
        self.alpha = alpha

    def forward(self, x):
        return F.elu(x, self.alpha)


class Softplus(Module):
    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__()
        if not beta > 0:
            raise ValueError("Softplus needs beta > 0, got %r" % (beta,))
        self.beta, self.threshold = beta, threshold

    def forward(self, x):
        return F.softplus(x, self.beta, self.threshold)


class Step(Module):
    """The unit step u(z) = 1 if z >= 0 else 0 (zero gradient)."""

    def forward(self, x):
        return tt.step(x)


class Identity(Module):
    def forward(self, x):
        return x


class Softmax(Module):
    def __init__(self, axis=-1, dim=None):
        super().__init__()
        self.axis = axis if dim is None else dim

    def forward(self, x):
        return tt.softmax(x, axis=self.axis)


class LogSoftmax(Softmax):
    def forward(self, x):
        return tt.log_softmax(x, axis=self.axis)


class Flatten(Module):
    """Flattens axes ``start_dim`` to ``end_dim`` (both included) into one, as PyTorch's
    (defaults: all but the first)."""

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, x):
        shape = tuple(x.shape)
        n = len(shape)
        start = self.start_dim + n if self.start_dim < 0 else self.start_dim
        end = self.end_dim + n if self.end_dim < 0 else self.end_dim
        if not (0 <= start < max(n, 1) and 0 <= end < max(n, 1)) or start > end:
            raise IndexError("Flatten: start_dim=%d and end_dim=%d do not fit an input of shape %s"
                             % (self.start_dim, self.end_dim, shape))
        if n == 0:
            return x.reshape(1)
        size = 1
        for d in shape[start:end + 1]:
            size *= d
        return x.reshape(shape[:start] + (size,) + shape[end + 1:])


class Dropout(Module):
    """Zeroes each element with probability p during training (scaling the rest by 1/(1-p))."""

    def __init__(self, p=0.5, rng=None):
        super().__init__()
        if not 0.0 <= p < 1.0:
            raise ValueError("dropout probability must be in [0, 1), got %r" % (p,))
        self.p, self.rng = p, rng

    def forward(self, x):
        return F.dropout(x, self.p, self.training, self.rng)
