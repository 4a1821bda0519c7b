"""Keras-style optimizers: ``SGD``, ``RMSprop``, ``Adam``, ``AdamW`` with Keras's argument
names and defaults (``learning_rate=``, ``epsilon=1e-7`` added as Keras does), decoupled
``weight_decay`` (``p <- p - lr wd p`` before the update, as every Keras 3 optimizer), and
``clipnorm`` / ``clipvalue`` / ``global_clipnorm``. ``learning_rate`` may be a schedule from
:mod:`tinytensor.keras.schedules` (also reachable as ``optimizers.schedules``).

They are the optimizers of :mod:`tinytensor.optim` (one update rule each, fused in the core),
configured the Keras way.
"""
from tinytensor import optim
from tinytensor.optim import Optimizer
from . import schedules


class SGD(optim.SGD):
    """Keras's SGD: `tinytensor.optim.SGD` with Keras's names and decoupled weight decay.
    For each parameter (with ``b`` the momentum buffer)::

        b = momentum * b + g;  p -= learning_rate * (g + momentum * b if nesterov else b)

    (equal to Keras's ``v = momentum v - lr g; p += v`` for a constant rate).

    The parameters are given later, by ``model.compile`` (or `set_params`).

    Parameters
    ----------
    learning_rate : float or LearningRateSchedule, default 0.01
        The rate, or a schedule ``f(step)``.
    momentum : float, default 0.0
        The momentum factor.
    nesterov : bool, default False
        Nesterov momentum (needs momentum > 0).
    weight_decay : float, default 0.0
        Decoupled, as every Keras optimizer: ``p <- p - learning_rate * weight_decay * p``
        before the update.
    clipnorm, global_clipnorm, clipvalue : float, optional
        Gradient clipping, as `tinytensor.optim.Optimizer`.

    Raises
    ------
    ValueError
        As `tinytensor.optim.SGD`.

    Examples
    --------
    >>> opt = tt.keras.optimizers.SGD(learning_rate=0.1)
    >>> w = tt.tensor([1.0], requires_grad=True)
    >>> _ = opt.set_params([w]); w.sum().backward(); opt.step()
    >>> round(w.item(), 6)
    0.9
    """

    decoupled_weight_decay = True

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, weight_decay=0.0, **clipping):
        super().__init__(None, learning_rate, momentum, nesterov, weight_decay=weight_decay, **clipping)


class RMSprop(optim.RMSprop):
    """Keras's RMSprop (eps inside the root). For each parameter::

        v = rho * v + (1 - rho) * g**2
        p -= learning_rate * g / sqrt(v + epsilon)

    Parameters
    ----------
    learning_rate : float or LearningRateSchedule, default 0.001
        The rate, or a schedule ``f(step)``.
    rho : float, default 0.9
        Decay of the running average of g**2.
    epsilon : float, default 1e-7
        Keeps the division finite.
    weight_decay : float, default 0.0
        Decoupled, as every Keras optimizer: ``p <- p - learning_rate * weight_decay * p``
        before the update.
    clipnorm, global_clipnorm, clipvalue : float, optional
        Gradient clipping, as `tinytensor.optim.Optimizer`.

    Raises
    ------
    ValueError
        If a hyper-parameter is bad.

    Examples
    --------
    >>> opt = tt.keras.optimizers.RMSprop(learning_rate=0.01, epsilon=0.0)
    >>> w = tt.tensor([1.0], requires_grad=True)
    >>> _ = opt.set_params([w]); w.sum().backward(); opt.step()
    >>> round(w.item(), 6)                      # 1 - 0.01 / sqrt(0.1)
    0.968377
    """

    decoupled_weight_decay = True

    def __init__(self, learning_rate=0.001, rho=0.9, epsilon=1e-7, weight_decay=0.0, **clipping):
        super().__init__(None, learning_rate, rho, epsilon, "keras", weight_decay=weight_decay, **clipping)


class Adam(optim.Adam):
    """Keras's Adam (Kingma & Ba's "epsilon hat"). For each parameter, at step t = 1, 2, ...::

        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        p -= learning_rate * sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (sqrt(v) + epsilon)

    Parameters
    ----------
    learning_rate : float or LearningRateSchedule, default 0.001
        The rate, or a schedule ``f(step)``.
    beta_1, beta_2 : float, default 0.9, 0.999
        Decays of the two averages, in [0, 1).
    epsilon : float, default 1e-7
        Keeps the division finite.
    weight_decay : float, default 0.0
        Decoupled, as every Keras optimizer: ``p <- p - learning_rate * weight_decay * p``
        before the update.
    clipnorm, global_clipnorm, clipvalue : float, optional
        Gradient clipping, as `tinytensor.optim.Optimizer`.

    Raises
    ------
    ValueError
        If a hyper-parameter is bad.

    Examples
    --------
    >>> opt = tt.keras.optimizers.Adam(learning_rate=0.1, epsilon=0.0)
    >>> w = tt.tensor([1.0], requires_grad=True)
    >>> _ = opt.set_params([w]); w.sum().backward(); opt.step()
    >>> round(w.item(), 6)                      # the first step moves by learning_rate
    0.9
    """

    decoupled_weight_decay = True

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, weight_decay=0.0,
                 **clipping):
        super().__init__(None, learning_rate, beta_1, beta_2, epsilon, "keras", weight_decay=weight_decay,
                         **clipping)


class AdamW(Adam):
    """Keras's AdamW: `Adam` with a default decoupled weight decay of 0.004::

        p *= 1 - learning_rate * weight_decay;  then the Adam step

    Parameters
    ----------
    learning_rate : float or LearningRateSchedule, default 0.001
        The rate, or a schedule ``f(step)``.
    weight_decay : float, default 0.004
        Decoupled, as every Keras optimizer: ``p <- p - learning_rate * weight_decay * p``
        before the update.
    clipnorm, global_clipnorm, clipvalue : float, optional
        Gradient clipping, as `tinytensor.optim.Optimizer`.
    beta_1, beta_2 : float, default 0.9, 0.999
        Decays of the two averages.
    epsilon : float, default 1e-7
        Keeps the division finite.

    Raises
    ------
    ValueError
        If a hyper-parameter is bad.

    Examples
    --------
    >>> opt = tt.keras.optimizers.AdamW(learning_rate=0.1, weight_decay=0.5, epsilon=0.0)
    >>> w = tt.tensor([1.0], requires_grad=True)
    >>> _ = opt.set_params([w]); w.sum().backward(); opt.step()
    >>> round(w.item(), 6)                      # 1 * (1 - 0.05) - 0.1
    0.85
    """

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 **clipping):
        super().__init__(learning_rate, beta_1, beta_2, epsilon, weight_decay=weight_decay, **clipping)


OPTIMIZERS = {"sgd": SGD, "rmsprop": RMSprop, "adam": Adam, "adamw": AdamW}


def get(identifier):
    """An optimizer from a Keras name ("sgd", "rmsprop", "adam", "adamw", any case) with Keras's
    defaults, or the optimizer object itself.

    Parameters
    ----------
    identifier : str or Optimizer

    Returns
    -------
    tinytensor.optim.Optimizer

    Raises
    ------
    ValueError
        If the name is unknown.

    Examples
    --------
    >>> opt = tt.keras.optimizers.get("Adam")
    >>> type(opt).__name__, opt.learning_rate
    ('Adam', 0.001)
    """
    if isinstance(identifier, Optimizer):
        return identifier
    try:
        return OPTIMIZERS[str(identifier).lower()]()
    except KeyError:
        raise ValueError("unknown optimizer %r; use %s or an optimizer object"
                         % (identifier, ", ".join(repr(k) for k in OPTIMIZERS))) from None


def serialize(optimizer):
    """``{"class_name", "module", "config"}`` of an optimizer (JSON-safe; for ``model.save``).

    Parameters
    ----------
    optimizer : tinytensor.optim.Optimizer

    Returns
    -------
    dict

    Raises
    ------
    ValueError
        If its learning-rate schedule cannot be saved (see ``Optimizer.get_config``).

    Examples
    --------
    >>> cfg = tt.keras.optimizers.serialize(tt.keras.optimizers.SGD(0.1))
    >>> cfg["class_name"], cfg["module"], cfg["config"]["learning_rate"]
    ('SGD', 'tinytensor.keras.optimizers', 0.1)
    """
    return {"class_name": type(optimizer).__name__, "module": type(optimizer).__module__,
            "config": optimizer.get_config()}


def deserialize(config, custom_objects=None):
    """An optimizer from `serialize`'s output (Keras or `tinytensor.optim` classes).

    Parameters
    ----------
    config : dict
        ``{"class_name", "module", "config"}``.
    custom_objects : dict, optional
        Class name -> class, for optimizers and schedules defined elsewhere.

    Returns
    -------
    tinytensor.optim.Optimizer

    Raises
    ------
    ValueError
        If the class is unknown.
    KeyError
        If `config` lacks "class_name" or "config".

    Examples
    --------
    >>> opt = tt.keras.optimizers.Adam(learning_rate=0.01, beta_1=0.8)
    >>> back = tt.keras.optimizers.deserialize(tt.keras.optimizers.serialize(opt))
    >>> type(back).__name__, back.learning_rate, back.beta_1
    ('Adam', 0.01, 0.8)
    """
    name, module, cfg = config["class_name"], config.get("module", ""), dict(config["config"])
    table = {"tinytensor.keras.optimizers": {k.__name__: k for k in OPTIMIZERS.values()},
             "tinytensor.optim": {k: getattr(optim, k) for k in ("SGD", "RMSprop", "Adam", "AdamW")}}
    cls = table.get(module, {}).get(name) or (custom_objects or {}).get(name)
    if cls is None:
        raise ValueError("unknown optimizer class %s.%s (a custom one needs custom_objects=)" % (module, name))
    lr = cfg.pop("learning_rate")
    if isinstance(lr, dict):
        lr = schedules.deserialize(lr, custom_objects)
    if module == "tinytensor.keras.optimizers":
        kwargs = {k: v for k, v in cfg.items() if k not in ("eps", "eps_style")}
        if "eps" in cfg:
            kwargs["epsilon"] = cfg["eps"]
        return cls(learning_rate=lr, **kwargs)
    return cls(None, lr=lr, **cfg)
