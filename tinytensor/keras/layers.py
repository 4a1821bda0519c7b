"""Keras-style layers built on tinytensor.nn: ``Dense``, ``Activation``, ``ReLU``, ``Softmax``,
``Flatten``, ``Dropout``, and for images ``Conv2D``, ``MaxPooling2D``, ``AveragePooling2D``,
``GlobalAveragePooling2D``, ``GlobalMaxPooling2D``, ``BatchNormalization``.

A layer is an ``nn.Module`` that creates its weights on first use (``build(input_shape)``), or at
once when ``input_shape`` is given. ``Dense`` keeps ``kernel`` (in, units) and ``bias`` (units,)
(Keras's layout; ``nn.Linear`` keeps PyTorch's (out, in)); with ``activation="relu"`` the whole
layer is one fused ``tt.linear(x, W, b, activation="relu")``.

dtype rule (as Keras): a layer computes in its own dtype (``dtype=``, float32 by default) and
casts its input to it, so a float64 or integer input to a float32 ``Dense`` gives float32.

Image layers are channels-last, (N, H, W, C), unless ``data_format="channels_first"``; ``Conv2D``
keeps ``kernel`` (KH, KW, in_channels / groups, filters), Keras's layout, and its whole layer is
one ``tt.conv2d`` (im2col + the packed GEMM, bias and relu fused). ``BatchNormalization`` keeps
``moving_mean``/``moving_variance`` as non-trainable weights (in ``weights``, ``get_weights``,
saved files and the summary's "Non-trainable params").

Training mode, as Keras: layers run in inference mode (``Dropout`` off, ``BatchNormalization``
with its moving statistics) unless called inside ``fit`` or with ``training=True``.

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
    """Keras's layer names: Dense -> dense, Conv2D -> conv2d, MaxPooling2D -> max_pooling2d."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


ACTIVATIONS = {"relu": tt.relu, "sigmoid": tt.sigmoid, "tanh": tt.tanh, "step": tt.step,
               "softmax": lambda x: tt.softmax(x, axis=-1),
               "log_softmax": lambda x: tt.log_softmax(x, axis=-1), "exponential": tt.exp}


def get_activation(identifier, custom_objects=None):
    """An activation function from a Keras name or a callable.

    Parameters
    ----------
    identifier : str, callable or None
        "relu", "sigmoid", "tanh", "step", "softmax", "log_softmax", "exponential"; None or
        "linear" for the identity; a callable is returned as is.
    custom_objects : dict, optional
        Name -> function, searched before the built-in names.

    Returns
    -------
    callable or None
        ``f(tensor) -> tensor``; None for the identity.

    Raises
    ------
    ValueError
        If the name is unknown.

    Examples
    --------
    >>> from tinytensor.keras.layers import get_activation
    >>> get_activation("relu")(tt.tensor([-1.0, 1.0]))
    tensor([0., 1.])
    >>> get_activation("linear") is None
    True
    """
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
    """Copy `weights` (any arrays) into `params` in place, cast to each parameter's dtype; every
    count and shape is checked before anything is written.

    Parameters
    ----------
    params : list of Tensor
        The parameters.
    weights : list of array_like
        One value per parameter.
    owner : str
        Names the owner in error messages.

    Raises
    ------
    ValueError
        If the counts or a shape differ.

    Examples
    --------
    >>> from tinytensor.keras.layers import assign_weights
    >>> w = tt.zeros(2)
    >>> assign_weights([w], [[1.0, 2.0]], "demo")
    >>> w
    tensor([1., 2.])
    >>> assign_weights([w], [[1.0]], "demo")
    Traceback (most recent call last):
    ...
    ValueError: demo: weight shape (1,) does not match (2,)
    """
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
    """Base class of the Keras-style layers: an `tinytensor.nn.Module` that creates its weights on
    first use (`build` with the input's shape) or at once when `input_shape` is given, and
    computes in its own dtype (the input is cast to it, as Keras).

    Subclasses define `call` (and `build` when they have weights, `get_config` when they take
    arguments).

    Parameters
    ----------
    name : str, optional
        A unique name is made from the class name ("dense", "dense_1", ...) when None.
    input_shape : tuple of int or int, optional
        The shape of one sample (without the batch axis); builds the weights at once.
    dtype : DType or str, optional
        The compute dtype, float32 (default) or float64; the input is cast to it.
    trainable : bool, default True
        Whether the weights are trained.

    Raises
    ------
    ValueError
        If `dtype` is not float32 or float64.

    Examples
    --------
    >>> class Scale(tt.keras.layers.Layer):
    ...     def build(self, input_shape):
    ...         self.w = tt.nn.Parameter(tt.ones(input_shape[-1], dtype=self.dtype))
    ...         self.built = True
    ...     def call(self, x):
    ...         return x * self.w
    >>> layer = Scale()
    >>> layer(tt.tensor([[1, 2]])).tolist(), layer.count_params()
    ([[1.0, 2.0]], 2)
    """

    def __init__(self, name: str | None = None, input_shape: Sequence[int | None] | None = None,
                 trainable: bool = True, dtype: DTypeLike = None) -> None:
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
        self.training = False          # inference unless fit (or training=True) says otherwise

    def __call__(self, x, training=None):
        """``layer(x)`` in the current mode (inference outside ``fit``), or in training mode
        (``training=True``) / inference mode (``training=False``) for this call."""
        if training is None:
            return self.forward(x)
        was = self.training
        self.train(bool(training))
        try:
            return self.forward(x)
        finally:
            self.train(was)

    def build(self, input_shape):
        """Create the weights for inputs of `input_shape` (the batch axis is None) and set
        ``built``; `forward` calls it on first use. Layers without weights only set ``built``.

        Parameters
        ----------
        input_shape : tuple
            ``(None,) + shape of one sample``.

        Examples
        --------
        >>> dense = tt.keras.layers.Dense(3)
        >>> dense.build((None, 4))
        >>> tuple(dense.kernel.shape), tuple(dense.bias.shape)
        ((4, 3), (3,))
        """
        self.built = True

    def compute_output_shape(self, input_shape):
        """The output's shape for an input of `input_shape` (the same shape unless the layer
        changes it).

        Parameters
        ----------
        input_shape : tuple
            The input's shape, batch axis first (None allowed).

        Returns
        -------
        tuple

        Examples
        --------
        >>> tt.keras.layers.Dense(3).compute_output_shape((None, 4))
        (None, 3)
        >>> tt.keras.layers.Flatten().compute_output_shape((None, 2, 5))
        (None, 10)
        """
        return tuple(input_shape)

    def call(self, x):
        """The layer's computation on an input already cast to the layer's dtype (after
        `build`); `forward` (``layer(x)``) calls it. Each layer defines it.

        Parameters
        ----------
        x : Tensor
            The input batch.

        Returns
        -------
        Tensor
            The output batch.

        Raises
        ------
        NotImplementedError
            On the base class.

        Examples
        --------
        >>> tt.keras.layers.Activation("tanh").call(tt.tensor([0.0]))
        tensor([0.])
        """
        raise NotImplementedError

    def _cast_input(self, x):
        """Keras's rule: the input is cast to the layer's compute dtype."""
        if not isinstance(x, tt.Tensor):
            x = tt.asarray(x)
        return x if x.dtype == self.dtype else x.astype(self.dtype)

    def forward(self, x):
        """``layer(x)``: cast `x` to the layer's dtype, `build` on first use, then `call`.

        Parameters
        ----------
        x : Tensor or array_like
            The input batch (batch axis first).

        Returns
        -------
        Tensor
            The output, in the layer's dtype.

        Examples
        --------
        >>> tt.keras.layers.ReLU()(tt.tensor([-1, 2]))        # int64 input, float32 layer
        tensor([0., 2.], dtype=float32)
        """
        x = self._cast_input(x)
        if not self.built:
            self.build((None,) + tuple(x.shape[1:]))
        return self.call(x)

    @property
    def weights(self):
        """The trainable weights, then the non-trainable ones (BatchNormalization's moving statistics)."""
        return [w for _, w in self._named_state()]

    @property
    def trainable_weights(self):
        return self.parameters() if self.trainable else []

    @property
    def non_trainable_weights(self):
        return self.buffers() if self.trainable else self.weights

    def count_params(self):
        """The number of weight elements.

        Returns
        -------
        int

        Examples
        --------
        >>> tt.keras.layers.Dense(10, input_shape=(784,)).count_params()      # 784 * 10 + 10
        7850
        """
        total = 0
        for w in self.weights:
            total += w.size
        return total

    def get_weights(self):
        """Copies of the weights (``self.weights``: kernel, then bias, then any non-trainable state).

        Returns
        -------
        list of Tensor

        Examples
        --------
        >>> dense = tt.keras.layers.Dense(2, input_shape=(3,))
        >>> [tuple(w.shape) for w in dense.get_weights()]
        [(3, 2), (2,)]
        """
        return [w.detach().copy() for w in self.weights]

    def set_weights(self, weights):
        """Copy `weights` into the layer's weights, in place (see `assign_weights`).

        Parameters
        ----------
        weights : list of array_like
            As `get_weights` returns them.

        Raises
        ------
        ValueError
            If the count or a shape differs.

        Examples
        --------
        >>> dense = tt.keras.layers.Dense(1, input_shape=(2,))
        >>> dense.set_weights([[[1.0], [2.0]], [0.5]])
        >>> dense(tt.tensor([[1.0, 1.0]])).tolist()
        [[3.5]]
        """
        assign_weights(self.weights, weights, "layer %s" % self.name)

    # ---- serialisation (model.save)
    def get_config(self):
        """The constructor arguments, JSON-safe (what ``model.save`` writes); a callable
        activation or initializer is stored by its ``__name__``.

        Returns
        -------
        dict

        Examples
        --------
        >>> tt.keras.layers.Dense(4, activation="relu", name="hidden").get_config()
        {'name': 'hidden', 'trainable': True, 'dtype': 'float32', 'input_shape': None, 'units': 4, 'activation': 'relu', 'use_bias': True, 'kernel_initializer': 'glorot_uniform', 'bias_initializer': 'zeros'}
        """
        return {"name": self.name, "trainable": self.trainable, "dtype": self.dtype.name,
                "input_shape": list(self.input_shape) if self.input_shape is not None else None}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """A new layer from `get_config`'s result (weights are not part of it).

        Parameters
        ----------
        config : dict
            As `get_config` returns it.
        custom_objects : dict, optional
            Name -> function, for activations and initializers stored by name.

        Returns
        -------
        Layer

        Raises
        ------
        ValueError
            If an activation name is unknown.

        Examples
        --------
        >>> layer = tt.keras.layers.Dense(4, activation="relu")
        >>> copy = tt.keras.layers.Dense.from_config(layer.get_config())
        >>> copy.units, copy.activation_name
        (4, 'relu')
        """
        return cls(**config)

    def __repr__(self):
        return "<%s name=%s>" % (type(self).__name__, self.name)


class Dense(Layer):
    """Fully connected layer: ``y = activation(x @ kernel + bias)``, i.e.
    ``y[b, u] = activation(sum_i x[b, i] * kernel[i, u] + bias[u])``, with Keras's layout:
    ``kernel`` (in, units), ``bias`` (units,). With ``activation="relu"`` the whole layer is one
    fused ``tt.linear(x, kernel, bias, activation="relu")``.

    Parameters
    ----------
    units : int
        Output size (>= 1).
    activation : str or callable, optional
        See `get_activation`; None is linear.
    use_bias : bool, default True
        Add a bias.
    kernel_initializer, bias_initializer : str or callable, default "glorot_uniform", "zeros"
        See `tinytensor.nn.init.get`.
    input_dim : int, optional
        Keras's shorthand for ``input_shape=(input_dim,)``.
    name : str, optional
        A unique name is made from the class name ("dense", "dense_1", ...) when None.
    input_shape : tuple of int or int, optional
        The shape of one sample (without the batch axis); builds the weights at once.
    dtype : DType or str, optional
        The compute dtype, float32 (default) or float64; the input is cast to it.
    trainable : bool, default True
        Whether the weights are trained.

    Raises
    ------
    ValueError
        If `units` < 1, or an activation, initializer or dtype is unknown.

    Examples
    --------
    >>> tt.random.seed(0)
    >>> dense = tt.keras.layers.Dense(3, activation="relu", input_shape=(4,))
    >>> dense(tt.ones((2, 4))).shape
    (2, 3)
    >>> tuple(dense.kernel.shape), dense.count_params()
    ((4, 3), 15)
    """

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
        """The pre-activation ``x @ kernel + bias`` (builds the layer on first use).

        Parameters
        ----------
        x : Tensor or array_like
            The input batch.

        Returns
        -------
        Tensor

        Examples
        --------
        >>> dense = tt.keras.layers.Dense(1, activation="sigmoid", input_shape=(2,))
        >>> dense.set_weights([[[1.0], [1.0]], [0.0]])
        >>> dense.logits(tt.tensor([[1.0, 2.0]])).tolist(), dense(tt.tensor([[0.0, 0.0]])).tolist()
        ([[3.0]], [[0.5]])
        """
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
    """Applies an activation function: ``y = activation(x)``.

    Parameters
    ----------
    activation : str or callable
        See `get_activation` ("linear" or None: the identity).
    name : str, optional
        A unique name is made from the class name ("dense", "dense_1", ...) when None.
    input_shape : tuple of int or int, optional
        The shape of one sample (without the batch axis); builds the weights at once.
    dtype : DType or str, optional
        The compute dtype, float32 (default) or float64; the input is cast to it.
    trainable : bool, default True
        Whether the weights are trained.

    Raises
    ------
    ValueError
        If the activation name is unknown.

    Examples
    --------
    >>> tt.keras.layers.Activation("softmax")(tt.tensor([[0.0, 0.0]]))
    tensor([[0.5, 0.5]], dtype=float32)
    """

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
    """``y = max(x, 0)`` elementwise (``Activation("relu")``).

    Parameters
    ----------
    name : str, optional
        A unique name is made from the class name ("dense", "dense_1", ...) when None.
    input_shape : tuple of int or int, optional
        The shape of one sample (without the batch axis); builds the weights at once.
    dtype : DType or str, optional
        The compute dtype, float32 (default) or float64; the input is cast to it.
    trainable : bool, default True
        Whether the weights are trained.

    Examples
    --------
    >>> tt.keras.layers.ReLU()(tt.tensor([-1.0, 2.0]))
    tensor([0., 2.], dtype=float32)
    """

    def __init__(self, name=None, input_shape=None, dtype=None, trainable=True):
        super().__init__("relu", name=name, input_shape=input_shape, dtype=dtype, trainable=trainable)

    def get_config(self):
        return Layer.get_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)


class Softmax(Layer):
    """``y = exp(x) / sum(exp(x))`` along `axis`.

    Parameters
    ----------
    axis : int, default -1
        The axis that sums to 1.
    name : str, optional
        A unique name is made from the class name ("dense", "dense_1", ...) when None.
    input_shape : tuple of int or int, optional
        The shape of one sample (without the batch axis); builds the weights at once.
    dtype : DType or str, optional
        The compute dtype, float32 (default) or float64; the input is cast to it.
    trainable : bool, default True
        Whether the weights are trained.

    Examples
    --------
    >>> tt.keras.layers.Softmax()(tt.tensor([[1.0, 1.0]]))
    tensor([[0.5, 0.5]], dtype=float32)
    """

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
    """Flattens each sample: ``x.reshape(batch, -1)``.

    Parameters
    ----------
    name : str, optional
        A unique name is made from the class name ("dense", "dense_1", ...) when None.
    input_shape : tuple of int or int, optional
        The shape of one sample (without the batch axis); builds the weights at once.
    dtype : DType or str, optional
        The compute dtype, float32 (default) or float64; the input is cast to it.
    trainable : bool, default True
        Whether the weights are trained.

    Examples
    --------
    >>> tt.keras.layers.Flatten()(tt.zeros((2, 3, 4))).shape
    (2, 12)
    """

    def compute_output_shape(self, input_shape):
        n = 1
        for s in input_shape[1:]:
            n *= s
        return (input_shape[0], n)

    def call(self, x):
        return x.reshape(x.shape[0], -1)


class Dropout(Layer):
    """Inverted dropout while training (see `tinytensor.nn.functional.dropout`): each element is
    zeroed with probability `rate`, the rest scaled by ``1 / (1 - rate)``; identity in
    evaluation (``fit`` trains, ``predict`` and ``evaluate`` do not).

    Parameters
    ----------
    rate : float
        The probability of zeroing, in [0, 1).
    seed : int, optional
        Seeds the layer's own generator (``tt.random``'s global state when None).
    name, input_shape, dtype, trainable
        As `Layer`.

    Raises
    ------
    ValueError
        If `rate` is not in [0, 1).

    Examples
    --------
    >>> drop = tt.keras.layers.Dropout(0.5, seed=0)
    >>> sorted(set(drop(tt.ones(100), training=True).tolist()))
    [0.0, 2.0]
    >>> drop(tt.ones(2))                            # outside fit: inference
    tensor([1., 1.], dtype=float32)
    """

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


# ------------------------------------------------------------------ images
def _format(data_format):
    fmt = "channels_last" if data_format is None else data_format
    if fmt not in ("channels_last", "channels_first"):
        raise ValueError("data_format must be 'channels_last' or 'channels_first', not %r" % (data_format,))
    return fmt


def _positive_pair(v, what, owner):
    pair = tuple(v) if isinstance(v, (tuple, list)) else (v, v)
    if len(pair) != 2 or any(isinstance(p, bool) or not isinstance(p, int) or p < 1 for p in pair):
        raise ValueError("%s: %s must be a positive int or a pair of them, got %r" % (owner, what, v))
    return pair


def _padding(padding, owner):
    mode = padding.lower() if isinstance(padding, str) else padding
    if mode not in ("valid", "same"):
        raise ValueError("%s: padding must be 'valid' or 'same', not %r" % (owner, padding))
    return mode


def _spatial(input_shape, fmt):
    """(H, W) of an (N, H, W, C) or (N, C, H, W) shape."""
    if len(input_shape) != 4:
        raise ValueError("expected an input of rank 4 (batch, rows, columns, channels), got shape %s"
                         % (tuple(input_shape),))
    return tuple(input_shape[1:3]) if fmt == "channels_last" else tuple(input_shape[2:4])


def _with_spatial(input_shape, hw, channels, fmt):
    if fmt == "channels_last":
        return (input_shape[0],) + tuple(hw) + (channels,)
    return (input_shape[0], channels) + tuple(hw)


def _out_length(size, kernel, padding, stride, dilation=1):
    """Keras's conv_output_length: "same" gives ceil(size / stride), "valid" the windows that fit."""
    if size is None:
        return None
    if padding == "same":
        return -(-size // stride)
    span = size - (kernel - 1) * dilation
    return max(0, -(-span // stride))


class Conv2D(Layer):
    """2-D convolution layer (Keras's): ``y = activation(conv2d(x, kernel) + bias)`` with the
    kernel (KH, KW, in_channels / groups, filters), i.e. for channels_last::

        y[n, i, j, f] = bias[f] + sum over kh, kw, c of
            x[n, i * sh + kh * dh - ph, j * sw + kw * dw - pw, c] * kernel[kh, kw, c, f]

    ("valid": no padding; "same": the output keeps ceil(size / stride)).

    Parameters
    ----------
    filters : int
        Output channels (>= 1, divisible by `groups`).
    kernel_size : int or (int, int)
        KH, KW.
    strides, dilation_rate : int or (int, int), default (1, 1)
        Step between windows, spacing inside a window.
    padding : {"valid", "same"}, default "valid"
        The padding rule.
    data_format : {"channels_last", "channels_first"}, optional
        (N, H, W, C) (the default, as Keras) or (N, C, H, W).
    groups : int, default 1
        Channel groups convolved separately.
    activation : str or callable, optional
        See `get_activation`; "relu" is fused into the convolution.
    use_bias : bool, default True
        Add a bias.
    kernel_initializer, bias_initializer : str or callable, default "glorot_uniform", "zeros"
        See `tinytensor.nn.init.get`.
    name, input_shape, dtype, trainable
        As `Layer`.

    Raises
    ------
    ValueError
        For a bad size, padding, data format, activation or initializer, or input channels
        not divisible by `groups`.

    Examples
    --------
    >>> conv = tt.keras.layers.Conv2D(8, 3, padding="same", input_shape=(28, 28, 1))
    >>> conv(tt.zeros((2, 28, 28, 1))).shape, tuple(conv.kernel.shape)
    ((2, 28, 28, 8), (3, 3, 1, 8))
    >>> conv.compute_output_shape((None, 28, 28, 1)), conv.count_params()
    ((None, 28, 28, 8), 80)
    """

    def __init__(self, filters: int, kernel_size: int | tuple[int, int],
                 strides: int | tuple[int, int] = (1, 1), padding: str = "valid",
                 data_format: str | None = None, dilation_rate: int | tuple[int, int] = (1, 1),
                 groups: int = 1, activation: str | Callable[..., Any] | None = None,
                 use_bias: bool = True, kernel_initializer: str | Callable[..., Any] = "glorot_uniform",
                 bias_initializer: str | Callable[..., Any] = "zeros",
                 input_shape: Sequence[int | None] | None = None, name: str | None = None,
                 dtype: DTypeLike = None, trainable: bool = True) -> None:
        super().__init__(name=name, input_shape=input_shape, trainable=trainable, dtype=dtype)
        owner = "Conv2D"
        if isinstance(filters, bool) or not isinstance(filters, int) or filters < 1:
            raise ValueError("Conv2D needs filters >= 1, got %r" % (filters,))
        if isinstance(groups, bool) or not isinstance(groups, int) or groups < 1:
            raise ValueError("Conv2D needs groups >= 1, got %r" % (groups,))
        if filters % groups:
            raise ValueError("Conv2D: filters=%d must be divisible by groups=%d" % (filters, groups))
        self.filters, self.groups = filters, groups
        self.kernel_size = _positive_pair(kernel_size, "kernel_size", owner)
        self.strides = _positive_pair(strides, "strides", owner)
        self.dilation_rate = _positive_pair(dilation_rate, "dilation_rate", owner)
        self.padding = _padding(padding, owner)
        self.data_format = _format(data_format)
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
        _spatial(input_shape, self.data_format)
        channels = input_shape[-1] if self.data_format == "channels_last" else input_shape[1]
        if channels is None or channels % self.groups:
            raise ValueError("Conv2D: the input's %s channels must be known and divisible by groups=%d"
                             % (channels, self.groups))
        shape = self.kernel_size + (channels // self.groups, self.filters)
        self.kernel = nn.Parameter(self.kernel_initializer(shape, dtype=self.dtype))
        self.bias = nn.Parameter(self.bias_initializer((self.filters,), dtype=self.dtype)) if self.use_bias else None
        self.built = True

    def compute_output_shape(self, input_shape):
        hw = _spatial(input_shape, self.data_format)
        out = tuple(_out_length(s, k, self.padding, st, d) for s, k, st, d in
                    zip(hw, self.kernel_size, self.strides, self.dilation_rate))
        return _with_spatial(input_shape, out, self.filters, self.data_format)

    def call(self, x):
        kernel = self.kernel if self.data_format == "channels_last" else tt.permute_dims(self.kernel, (3, 2, 0, 1))
        relu = self.activation_name == "relu"
        y = tt.conv2d(x, kernel, self.bias, self.strides, self.padding, self.dilation_rate, self.groups,
                      data_format=self.data_format, activation="relu" if relu else None)
        return y if relu or self.activation is None else self.activation(y)

    def get_config(self):
        config = super().get_config()
        config.update(filters=self.filters, kernel_size=list(self.kernel_size), strides=list(self.strides),
                      padding=self.padding, data_format=self.data_format,
                      dilation_rate=list(self.dilation_rate), groups=self.groups,
                      activation=self.activation_name, use_bias=self.use_bias,
                      kernel_initializer=self.kernel_initializer_name,
                      bias_initializer=self.bias_initializer_name)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return Dense.from_config.__func__(cls, config, custom_objects)   # Dense's, made for cls


class _Pooling2D(Layer):
    def __init__(self, pool_size: int | tuple[int, int] = (2, 2), strides: int | tuple[int, int] | None = None,
                 padding: str = "valid", data_format: str | None = None, name: str | None = None,
                 input_shape: Sequence[int | None] | None = None, dtype: DTypeLike = None,
                 trainable: bool = True) -> None:
        super().__init__(name=name, input_shape=input_shape, dtype=dtype, trainable=trainable)
        owner = type(self).__name__
        self.pool_size = _positive_pair(pool_size, "pool_size", owner)
        self.strides = self.pool_size if strides is None else _positive_pair(strides, "strides", owner)
        self.padding = _padding(padding, owner)
        self.data_format = _format(data_format)

    def compute_output_shape(self, input_shape):
        hw = _spatial(input_shape, self.data_format)
        channels = input_shape[-1] if self.data_format == "channels_last" else input_shape[1]
        out = tuple(_out_length(s, k, self.padding, st) for s, k, st in zip(hw, self.pool_size, self.strides))
        return _with_spatial(input_shape, out, channels, self.data_format)

    def get_config(self):
        config = super().get_config()
        config.update(pool_size=list(self.pool_size), strides=list(self.strides), padding=self.padding,
                      data_format=self.data_format)
        return config


class MaxPooling2D(_Pooling2D):
    """The largest value of each `pool_size` window, per channel (``tt.max_pool2d``)::

        y[n, i, j, c] = max over a, b of x[n, i * sh + a, j * sw + b, c]

    Parameters
    ----------
    pool_size : int or (int, int), default (2, 2)
        The window.
    strides : int or (int, int), optional
        Defaults to `pool_size`.
    padding : {"valid", "same"}, default "valid"
        The padding rule.
    data_format : {"channels_last", "channels_first"}, optional
        (N, H, W, C) (the default, as Keras) or (N, C, H, W).
    name, input_shape, dtype, trainable
        As `Layer`.

    Raises
    ------
    ValueError
        For a bad size, padding or data format.

    Examples
    --------
    >>> x = tt.arange(16, dtype=tt.float32).reshape(1, 4, 4, 1)
    >>> tt.keras.layers.MaxPooling2D()(x).reshape(2, 2)
    tensor([[ 5.,  7.],
            [13., 15.]], dtype=float32)
    """

    def call(self, x):
        return tt.max_pool2d(x, self.pool_size, self.strides, self.padding, data_format=self.data_format)


class AveragePooling2D(_Pooling2D):
    """The mean of each `pool_size` window, per channel (``tt.avg_pool2d``; with "same" padding
    the padding is not counted)::

        y[n, i, j, c] = mean over a, b of x[n, i * sh + a, j * sw + b, c]

    Parameters
    ----------
    pool_size : int or (int, int), default (2, 2)
        The window.
    strides : int or (int, int), optional
        Defaults to `pool_size`.
    padding : {"valid", "same"}, default "valid"
        The padding rule.
    data_format : {"channels_last", "channels_first"}, optional
        (N, H, W, C) (the default, as Keras) or (N, C, H, W).
    name, input_shape, dtype, trainable
        As `Layer`.

    Raises
    ------
    ValueError
        For a bad size, padding or data format.

    Examples
    --------
    >>> x = tt.arange(16, dtype=tt.float32).reshape(1, 4, 4, 1)
    >>> tt.keras.layers.AveragePooling2D()(x).reshape(2, 2)
    tensor([[ 2.5,  4.5],
            [10.5, 12.5]], dtype=float32)
    """

    def call(self, x):
        return tt.avg_pool2d(x, self.pool_size, self.strides, self.padding, count_include_pad=False,
                             data_format=self.data_format)


class _GlobalPooling2D(Layer):
    def __init__(self, data_format=None, keepdims=False, name=None, input_shape=None, dtype=None, trainable=True):
        super().__init__(name=name, input_shape=input_shape, dtype=dtype, trainable=trainable)
        self.data_format = _format(data_format)
        self.keepdims = bool(keepdims)

    def _axes(self):
        return (1, 2) if self.data_format == "channels_last" else (2, 3)

    def compute_output_shape(self, input_shape):
        _spatial(input_shape, self.data_format)
        if self.keepdims:
            return _with_spatial(input_shape, (1, 1), input_shape[-1] if self.data_format == "channels_last"
                                 else input_shape[1], self.data_format)
        return (input_shape[0], input_shape[-1] if self.data_format == "channels_last" else input_shape[1])

    def get_config(self):
        config = super().get_config()
        config.update(data_format=self.data_format, keepdims=self.keepdims)
        return config


class GlobalAveragePooling2D(_GlobalPooling2D):
    """The mean over all rows and columns of each channel: (N, H, W, C) -> (N, C).

    Parameters
    ----------
    data_format : {"channels_last", "channels_first"}, optional
        (N, H, W, C) (the default, as Keras) or (N, C, H, W).
    keepdims : bool, default False
        Keep the spatial axes with length 1.
    name, input_shape, dtype, trainable
        As `Layer`.

    Raises
    ------
    ValueError
        For a bad data format.

    Examples
    --------
    >>> x = tt.arange(8, dtype=tt.float32).reshape(1, 2, 2, 2)
    >>> tt.keras.layers.GlobalAveragePooling2D()(x)
    tensor([[3., 4.]], dtype=float32)
    """

    def call(self, x):
        return x.mean(axis=self._axes(), keepdims=self.keepdims)


class GlobalMaxPooling2D(_GlobalPooling2D):
    """The largest value of each channel over all rows and columns: (N, H, W, C) -> (N, C).

    Parameters
    ----------
    data_format : {"channels_last", "channels_first"}, optional
        (N, H, W, C) (the default, as Keras) or (N, C, H, W).
    keepdims : bool, default False
        Keep the spatial axes with length 1.
    name, input_shape, dtype, trainable
        As `Layer`.

    Raises
    ------
    ValueError
        For a bad data format.

    Examples
    --------
    >>> x = tt.arange(8, dtype=tt.float32).reshape(1, 2, 2, 2)
    >>> tt.keras.layers.GlobalMaxPooling2D(keepdims=True)(x).shape
    (1, 1, 1, 2)
    """

    def call(self, x):
        return x.max(axis=self._axes(), keepdims=self.keepdims)


class BatchNormalization(Layer):
    """Normalises each channel (`axis`, the last by default) over the batch, Keras style::

        y = (x - mean) / sqrt(var + epsilon) * gamma + beta

    In training (inside ``fit``) mean and var are the batch's (biased variance) and the moving
    statistics follow them: ``moving = momentum * moving + (1 - momentum) * batch``; in
    inference the moving statistics are used. gamma and beta are trainable, moving_mean and
    moving_variance are not (they count as "Non-trainable params").

    Parameters
    ----------
    axis : int, default -1
        The channel axis (not the batch axis).
    momentum : float, default 0.99
        Weight of the old moving statistics, in [0, 1].
    epsilon : float, default 1e-3
        Added to the variance inside the root.
    center, scale : bool, default True
        Learn beta, gamma.
    beta_initializer, gamma_initializer : str or callable, default "zeros", "ones"
        See `tinytensor.nn.init.get`.
    moving_mean_initializer, moving_variance_initializer : str or callable, default "zeros", "ones"
        The moving statistics' start.
    name, input_shape, dtype, trainable
        As `Layer`.

    Raises
    ------
    ValueError
        If `axis` is not an int naming a known feature axis, or `momentum` is not in [0, 1].

    Examples
    --------
    >>> bn = tt.keras.layers.BatchNormalization(input_shape=(3,))
    >>> bn.count_params()                          # gamma, beta and the two moving statistics
    12
    >>> bn(tt.ones((4, 3))).tolist()[0]               # inference: the moving statistics (0, 1)
    [0.99950..., 0.99950..., 0.99950...]
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", moving_mean_initializer="zeros",
                 moving_variance_initializer="ones", name=None, input_shape=None, dtype=None, trainable=True):
        super().__init__(name=name, input_shape=input_shape, dtype=dtype, trainable=trainable)
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise ValueError("BatchNormalization: axis must be an int, got %r" % (axis,))
        if not 0.0 <= momentum <= 1.0:
            raise ValueError("BatchNormalization: momentum must be in [0, 1], got %r" % (momentum,))
        self.axis, self.momentum, self.epsilon, self.center, self.scale = axis, momentum, epsilon, center, scale
        self.initializer_names = {k: _callable_name(v) for k, v in (
            ("beta_initializer", beta_initializer), ("gamma_initializer", gamma_initializer),
            ("moving_mean_initializer", moving_mean_initializer),
            ("moving_variance_initializer", moving_variance_initializer))}
        self.initializers = {k: _init.get(v) for k, v in (
            ("beta", beta_initializer), ("gamma", gamma_initializer), ("moving_mean", moving_mean_initializer),
            ("moving_variance", moving_variance_initializer))}
        if self.input_shape is not None:
            self.build((None,) + self.input_shape)

    def build(self, input_shape):
        rank = len(input_shape)
        if not -rank <= self.axis < rank or self.axis % rank == 0:
            raise ValueError("BatchNormalization: axis %d does not name a feature axis of shape %s"
                             % (self.axis, tuple(input_shape)))
        channels = input_shape[self.axis]
        if channels is None:
            raise ValueError("BatchNormalization: the size of axis %d must be known" % self.axis)
        shape = (channels,)
        init = self.initializers
        self.gamma = nn.Parameter(init["gamma"](shape, dtype=self.dtype)) if self.scale else None
        self.beta = nn.Parameter(init["beta"](shape, dtype=self.dtype)) if self.center else None
        self.register_buffer("moving_mean", init["moving_mean"](shape, dtype=self.dtype))
        self.register_buffer("moving_variance", init["moving_variance"](shape, dtype=self.dtype))
        self.built = True

    def call(self, x):
        return nn.functional.normalize_channels(x, self.axis, self.moving_mean, self.moving_variance, self.gamma,
                                                self.beta, self.training and self.trainable,
                                                1.0 - self.momentum, self.epsilon, unbiased_running=False)

    def get_config(self):
        config = super().get_config()
        config.update(axis=self.axis, momentum=self.momentum, epsilon=self.epsilon, center=self.center,
                      scale=self.scale, **self.initializer_names)
        return config


#: class name -> class, for load_model
LAYERS = {cls.__name__: cls for cls in (Dense, Activation, ReLU, Softmax, Flatten, Dropout, Conv2D, MaxPooling2D,
                                        AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D,
                                        BatchNormalization)}
