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
import re

import tinytensor as tt
from tinytensor import nn
from tinytensor.autograd import no_grad
from tinytensor.nn import init as _init

_name_counts = {}


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
        return self.parameters()

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
        for p in self.parameters():
            total += p.size
        return total

    def get_weights(self):
        """Copies of the weights, in `parameters` order (kernel, then bias).

        Returns
        -------
        list of Tensor

        Examples
        --------
        >>> dense = tt.keras.layers.Dense(2, input_shape=(3,))
        >>> [tuple(w.shape) for w in dense.get_weights()]
        [(3, 2), (2,)]
        """
        return [p.detach().copy() for p in self.parameters()]

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
        assign_weights(self.parameters(), weights, "layer %s" % self.name)

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

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", input_shape=None, name=None, input_dim=None, dtype=None,
                 trainable=True):
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
    >>> sorted(set(drop(tt.ones(100)).tolist()))
    [0.0, 2.0]
    >>> drop.eval()(tt.ones(2))
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


#: class name -> class, for load_model
LAYERS = {cls.__name__: cls for cls in (Dense, Activation, ReLU, Softmax, Flatten, Dropout)}
