"""Keras-style layers built on tinytensor.nn: ``Dense``, ``Activation``, ``ReLU``, ``Softmax``,
``Flatten``, ``Dropout``.

A layer is an ``nn.Module`` that creates its weights on first use (``build(input_shape)``), or at
once when ``input_shape`` is given. ``Dense`` keeps ``kernel`` (in, units) and ``bias`` (units,);
with ``activation="relu"`` the whole layer is one fused ``tt.linear(x, W, b, activation="relu")``.
"""
import re

import tinytensor as tt
from tinytensor import _core as _ops  # the fused kernels: linear, softmax, ...
from . import nn
from .autograd import no_grad
from .nn import init as _init

_name_counts = {}


def _unique_name(prefix):
    n = _name_counts.get(prefix, 0)
    _name_counts[prefix] = n + 1
    return prefix if n == 0 else "%s_%d" % (prefix, n)


def _snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def get_activation(identifier):
    """An activation function from a Keras name or a callable (None / "linear" is the identity)."""
    if identifier is None or identifier == "linear":
        return None
    if callable(identifier):
        return identifier
    table = {"relu": tt.relu, "sigmoid": tt.sigmoid, "tanh": tt.tanh, "step": tt.step,
             "softmax": lambda x: _ops.softmax(x, axis=-1), "log_softmax": lambda x: _ops.log_softmax(x, axis=-1),
             "exponential": tt.exp}
    try:
        return table[identifier]
    except KeyError:
        raise ValueError("unknown activation %r; known: %s" % (identifier, ", ".join(sorted(table)))) from None


class Layer(nn.Module):
    def __init__(self, name=None, input_shape=None, trainable=True):
        super().__init__()
        self.name = name or _unique_name(_snake(type(self).__name__))
        if isinstance(input_shape, int):
            input_shape = (input_shape,)
        self.input_shape = tuple(input_shape) if input_shape is not None else None
        self.trainable = trainable
        self.built = False

    def build(self, input_shape):
        self.built = True

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def call(self, x):
        raise NotImplementedError

    def forward(self, x):
        if not self.built:
            self.build((None,) + tuple(x.shape[1:]))
        return self.call(x)

    @property
    def weights(self):
        return self.parameters()

    def count_params(self):
        total = 0
        for p in self.parameters():
            total += p.size
        return total

    def get_weights(self):
        return [p.detach().copy() for p in self.parameters()]

    def set_weights(self, weights):
        params = self.parameters()
        if len(weights) != len(params):
            raise ValueError("layer %s expects %d weights, got %d" % (self.name, len(params), len(weights)))
        with no_grad():
            for p, w in zip(params, weights):
                w = tt.asarray(w)
                if tuple(w.shape) != tuple(p.shape):
                    raise ValueError("layer %s: weight shape %s does not match %s"
                                     % (self.name, tuple(w.shape), tuple(p.shape)))
                p[...] = w.astype(p.dtype) if w.dtype != p.dtype else w

    def __repr__(self):
        return "<%s name=%s>" % (type(self).__name__, self.name)


class Dense(Layer):
    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", input_shape=None, name=None, input_dim=None, dtype=tt.float32):
        if input_shape is None and input_dim is not None:
            input_shape = (input_dim,)
        super().__init__(name=name, input_shape=input_shape)
        self.units = int(units)
        self.activation_name = activation if isinstance(activation, str) or activation is None else \
            getattr(activation, "__name__", "custom")
        self.activation = get_activation(activation)
        self.use_bias = use_bias
        self.kernel_initializer = _init.get(kernel_initializer)
        self.bias_initializer = _init.get(bias_initializer)
        self.dtype = dtype
        if self.input_shape is not None:
            self.build((None,) + self.input_shape)

    def build(self, input_shape):
        fan_in = int(input_shape[-1])
        self.kernel = nn.Parameter(self.kernel_initializer((fan_in, self.units), dtype=self.dtype))
        self.bias = nn.Parameter(self.bias_initializer((self.units,), dtype=self.dtype)) if self.use_bias else None
        self.built = True

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def logits(self, x):
        """The pre-activation x @ kernel + bias."""
        if not self.built:
            self.build((None,) + tuple(x.shape[1:]))
        return _ops.linear(x, self.kernel, self.bias)

    def call(self, x):
        if self.activation_name == "relu":
            return _ops.linear(x, self.kernel, self.bias, activation="relu")
        z = _ops.linear(x, self.kernel, self.bias)
        return z if self.activation is None else self.activation(z)


class Activation(Layer):
    def __init__(self, activation, name=None, input_shape=None):
        super().__init__(name=name, input_shape=input_shape)
        self.activation_name = activation if isinstance(activation, str) else getattr(activation, "__name__", "custom")
        self.activation = get_activation(activation)

    def call(self, x):
        return x if self.activation is None else self.activation(x)


class ReLU(Activation):
    def __init__(self, name=None, input_shape=None):
        super().__init__("relu", name=name, input_shape=input_shape)


class Softmax(Layer):
    def __init__(self, axis=-1, name=None, input_shape=None):
        super().__init__(name=name, input_shape=input_shape)
        self.axis = axis

    def call(self, x):
        return _ops.softmax(x, axis=self.axis)


class Flatten(Layer):
    def compute_output_shape(self, input_shape):
        n = 1
        for s in input_shape[1:]:
            n *= s
        return (input_shape[0], n)

    def call(self, x):
        return x.reshape(x.shape[0], -1)


class Dropout(Layer):
    def __init__(self, rate, name=None, input_shape=None, seed=None):
        super().__init__(name=name, input_shape=input_shape)
        self.rate = rate
        self.rng = _init.generator(seed) if seed is not None else None

    def call(self, x):
        return nn.functional.dropout(x, self.rate, self.training, self.rng)
