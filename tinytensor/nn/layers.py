"""Layers: Linear, activations, Flatten, Dropout."""
import math

import tinytensor as tt
from tinytensor import _core as _ops  # the fused kernels: linear, softmax, ...
from . import functional as F
from . import init
from .module import Module, Parameter


class Linear(Module):
    """y = x @ weight + bias with weight shaped (in_features, out_features).

    Default initialisation as PyTorch: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias;
    ``weight_init`` / ``bias_init`` take an initialiser name or function (see nn.init).
    ``activation="relu"`` fuses the relu into the same core call.
    """

    def __init__(self, in_features, out_features, bias=True, weight_init=None, bias_init=None,
                 activation=None, dtype=tt.float32):
        super().__init__()
        self.in_features, self.out_features, self.activation = in_features, out_features, activation
        bound = 1.0 / math.sqrt(in_features) if in_features else 0.0
        shape = (in_features, out_features)
        w = init.get(weight_init)(shape, dtype=dtype) if weight_init else init.uniform(shape, -bound, bound, dtype)
        self.weight = Parameter(w)
        if bias:
            b = init.get(bias_init)((out_features,), dtype=dtype) if bias_init else \
                init.uniform((out_features,), -bound, bound, dtype)
            self.bias = Parameter(b)
        else:
            self.bias = None

    def forward(self, x):
        return _ops.linear(x, self.weight, self.bias, activation=self.activation)

    def extra_repr(self):
        return "in_features=%d, out_features=%d, bias=%s" % (self.in_features, self.out_features,
                                                             self.bias is not None)


class ReLU(Module):
    def forward(self, x):
        return tt.relu(x)


class Sigmoid(Module):
    def forward(self, x):
        return tt.sigmoid(x)


class Tanh(Module):
    def forward(self, x):
        return tt.tanh(x)


class Step(Module):
    """The unit step u(z) = 1 if z >= 0 else 0 (zero gradient)."""

    def forward(self, x):
        return tt.step(x)


class Identity(Module):
    def forward(self, x):
        return x


class Softmax(Module):
    def __init__(self, axis=-1):
        super().__init__()
        self.axis = axis

    def forward(self, x):
        return _ops.softmax(x, axis=self.axis)


class LogSoftmax(Softmax):
    def forward(self, x):
        return _ops.log_softmax(x, axis=self.axis)


class Flatten(Module):
    """Keeps the first ``start_dim`` axes and flattens the rest."""

    def __init__(self, start_dim=1):
        super().__init__()
        self.start_dim = start_dim

    def forward(self, x):
        return x.reshape(tuple(x.shape[:self.start_dim]) + (-1,))


class Dropout(Module):
    """Zeroes each element with probability p during training (scaling the rest by 1/(1-p))."""

    def __init__(self, p=0.5, rng=None):
        super().__init__()
        self.p, self.rng = p, rng

    def forward(self, x):
        return F.dropout(x, self.p, self.training, self.rng)
