"""Keras-style layers built on tinytensor.nn: ``Dense``, ``Activation``, ``ReLU``, ``Softmax``,
``Flatten``, ``Dropout``.

A layer is an ``nn.Module`` that creates its weights on first use (``build(input_shape)``), or at
once when ``input_shape`` is given. ``Dense`` keeps ``kernel`` (in, units) and ``bias`` (units,)
(Keras's layout; ``nn.Linear`` keeps PyTorch's (out, in)); with ``activation="relu"`` the whole
layer is one fused ``tt.linear(x, W, b, activation="relu")``.

dtype rule (as Keras): a layer computes in its own dtype (``dtype=``, float32 by default) and
casts its input to it, so a float64 or integer input to a float32 ``Dense`` gives float32.

Every layer has ``get_config()`` / ``from_config(config)`` (JSON-safe), which ``model.save``
uses; a callable activation or initializer is stored by its ``__name__`` and found again through
``load_model(..., custom_objects=...)``.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import tinytensor as tt
from tinytensor import nn
from tinytensor.autograd import no_grad
from tinytensor.nn import init as _init

if TYPE_CHECKING:
    from tinytensor.typing import DTypeLike

_name_counts: dict[str, int] = {}


def _unique_name(prefix):
    n = _name_counts.get(prefix, 0)
    _name_counts[prefix] = n + 1
    return prefix if n == 0 else "%s_%d" % (prefix, n)


def _snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


ACTIVATIONS = {"relu": tt.relu, "sigmoid": tt.sigmoid, "tanh": tt.tanh, "step": tt.step,
               "softmax": lambda x: tt.softmax(x, axis=-1),
               "log_softmax": lambda x: tt.log_softmax(x, axis=-1), "exponential": tt.exp}


def get_activation(identifier, custom_objects=None):
    """An activation function from a Keras name or a callable (None / "linear" is the identity)."""
    if identifier is None or identifier == "linear":
        return None
    if callable(identifier):
        return identifier
    if custom_objects and identifier in custom_objects:
        return custom_objects[identifier]
    try:
        return ACTIVATIONS[identifier]
    except (KeyError, TypeError):
        raise ValueError("unknown activation %r; known: %s (a custom one needs custom_objects=)"
                         % (identifier, ", ".join(sorted(ACTIVATIONS)))) from None


def _callable_name(obj, default="custom"):
    return obj if isinstance(obj, str) or obj is None else getattr(obj, "__name__", default)


def assign_weights(params, weights, owner):
    """Copy ``weights`` (any arrays) into ``params`` in place; every count and shape is checked
    before anything is written."""
    from tinytensor.data import to_tensor
    if len(weights) != len(params):
        raise ValueError("%s expects %d weight arrays, got %d" % (owner, len(params), len(weights)))
    values = [to_tensor(w) for w in weights]
    for p, w in zip(params, values):
        if tuple(w.shape) != tuple(p.shape):
            raise ValueError("%s: weight shape %s does not match %s" % (owner, tuple(w.shape), tuple(p.shape)))
    with no_grad():
        for p, w in zip(params, values):
            p[...] = w.astype(p.dtype) if w.dtype != p.dtype else w


class Layer(nn.Module):
    def __init__(self, name=None, input_shape=None, trainable=True, dtype=None):
        super().__init__()
        self.name = name or _unique_name(_snake(type(self).__name__))
        if isinstance(input_shape, int):
            input_shape = (input_shape,)
        self.input_shape = tuple(input_shape) if input_shape is not None else None
        self.trainable = trainable
        self.dtype = tt.float32 if dtype is None else tt.dtype(dtype)
        if self.dtype not in (tt.float32, tt.float64):
            raise ValueError("a layer's dtype must be float32 or float64, not %s" % (self.dtype,))
        self.built = False

    def build(self, input_shape):
        self.built = True

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def call(self, x):
        raise NotImplementedError

    def _cast_input(self, x):
        """Keras's rule: the input is cast to the layer's compute dtype."""
        if not isinstance(x, tt.Tensor):
            x = tt.asarray(x)
        return x if x.dtype == self.dtype else x.astype(self.dtype)

    def forward(self, x):
        x = self._cast_input(x)
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
        assign_weights(self.parameters(), weights, "layer %s" % self.name)

    # ---- serialisation (model.save)
    def get_config(self):
        return {"name": self.name, "trainable": self.trainable, "dtype": self.dtype.name,
                "input_shape": list(self.input_shape) if self.input_shape is not None else None}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)

    def __repr__(self):
        return "<%s name=%s>" % (type(self).__name__, self.name)


class Dense(Layer):
    def __init__(self, units: int, activation: str | Callable[..., Any] | None = None,
                 use_bias: bool = True, kernel_initializer: str | Callable[..., Any] = "glorot_uniform",
                 bias_initializer: str | Callable[..., Any] = "zeros",
                 input_shape: Sequence[int] | None = None, name: str | None = None,
                 input_dim: int | None = None, dtype: DTypeLike = None, trainable: bool = True) -> None:
        if input_shape is None and input_dim is not None:
            input_shape = (input_dim,)
        super().__init__(name=name, input_shape=input_shape, trainable=trainable, dtype=dtype)
        self.units = int(units)
        if self.units < 1:
            raise ValueError("Dense needs units >= 1, got %r" % (units,))
        self.activation_name = _callable_name(activation)
        self.activation = get_activation(activation)
        self.use_bias = use_bias
        self.kernel_initializer_name = _callable_name(kernel_initializer)
        self.bias_initializer_name = _callable_name(bias_initializer)
        self.kernel_initializer = _init.get(kernel_initializer)
        self.bias_initializer = _init.get(bias_initializer)
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
        x = self._cast_input(x)
        if not self.built:
            self.build((None,) + tuple(x.shape[1:]))
        return tt.linear(x, self.kernel, self.bias)

    def call(self, x):
        if self.activation_name == "relu":
            return tt.linear(x, self.kernel, self.bias, activation="relu")
        z = tt.linear(x, self.kernel, self.bias)
        return z if self.activation is None else self.activation(z)

    def get_config(self):
        config = super().get_config()
        config.update(units=self.units, activation=self.activation_name, use_bias=self.use_bias,
                      kernel_initializer=self.kernel_initializer_name,
                      bias_initializer=self.bias_initializer_name)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        custom = custom_objects or {}
        act = config.get("activation")
        if act is not None and act not in ACTIVATIONS and act != "linear":
            config["activation"] = get_activation(act, custom)
        for key in ("kernel_initializer", "bias_initializer"):
            if config.get(key) in custom:
                config[key] = custom[config[key]]
        return cls(**config)


class Activation(Layer):
    def __init__(self, activation, name=None, input_shape=None, dtype=None, trainable=True):
        super().__init__(name=name, input_shape=input_shape, dtype=dtype, trainable=trainable)
        self.activation_name = _callable_name(activation)
        self.activation = get_activation(activation)

    def call(self, x):
        return x if self.activation is None else self.activation(x)

    def get_config(self):
        config = super().get_config()
        config["activation"] = self.activation_name
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["activation"] = get_activation(config["activation"], custom_objects) or "linear"
        return cls(**config)


class ReLU(Activation):
    def __init__(self, name=None, input_shape=None, dtype=None, trainable=True):
        super().__init__("relu", name=name, input_shape=input_shape, dtype=dtype, trainable=trainable)

    def get_config(self):
        return Layer.get_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)


class Softmax(Layer):
    def __init__(self, axis=-1, name=None, input_shape=None, dtype=None, trainable=True):
        super().__init__(name=name, input_shape=input_shape, dtype=dtype, trainable=trainable)
        self.axis = axis

    def call(self, x):
        return tt.softmax(x, axis=self.axis)

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config


class Flatten(Layer):
    def compute_output_shape(self, input_shape):
        n = 1
        for s in input_shape[1:]:
            n *= s
        return (input_shape[0], n)

    def call(self, x):
        return x.reshape(x.shape[0], -1)


class Dropout(Layer):
    def __init__(self, rate, name=None, input_shape=None, seed=None, dtype=None, trainable=True):
        super().__init__(name=name, input_shape=input_shape, dtype=dtype, trainable=trainable)
        if not 0.0 <= rate < 1.0:
            raise ValueError("Dropout rate must be in [0, 1), got %r" % (rate,))
        self.rate, self.seed = rate, seed
        self.rng = _init.generator(seed) if seed is not None else None

    def call(self, x):
        return nn.functional.dropout(x, self.rate, self.training, self.rng)

    def get_config(self):
        config = super().get_config()
        config.update(rate=self.rate, seed=self.seed)
        return config


#: class name -> class, for load_model
LAYERS = {cls.__name__: cls for cls in (Dense, Activation, ReLU, Softmax, Flatten, Dropout)}
