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
    decoupled_weight_decay = True

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, weight_decay=0.0, **clipping):
        super().__init__(None, learning_rate, momentum, nesterov, weight_decay=weight_decay, **clipping)


class RMSprop(optim.RMSprop):
    decoupled_weight_decay = True

    def __init__(self, learning_rate=0.001, rho=0.9, epsilon=1e-7, weight_decay=0.0, **clipping):
        super().__init__(None, learning_rate, rho, epsilon, "keras", weight_decay=weight_decay, **clipping)


class Adam(optim.Adam):
    decoupled_weight_decay = True

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, weight_decay=0.0,
                 **clipping):
        super().__init__(None, learning_rate, beta_1, beta_2, epsilon, "keras", weight_decay=weight_decay,
                         **clipping)


class AdamW(Adam):
    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 **clipping):
        super().__init__(learning_rate, beta_1, beta_2, epsilon, weight_decay=weight_decay, **clipping)


OPTIMIZERS = {"sgd": SGD, "rmsprop": RMSprop, "adam": Adam, "adamw": AdamW}


def get(identifier):
    """An optimizer from a Keras name with Keras's defaults, or the optimizer object itself."""
    if isinstance(identifier, Optimizer):
        return identifier
    try:
        return OPTIMIZERS[str(identifier).lower()]()
    except KeyError:
        raise ValueError("unknown optimizer %r; use %s or an optimizer object"
                         % (identifier, ", ".join(repr(k) for k in OPTIMIZERS))) from None


def serialize(optimizer):
    """``{"class_name", "module", "config"}`` for model.save (JSON-safe)."""
    return {"class_name": type(optimizer).__name__, "module": type(optimizer).__module__,
            "config": optimizer.get_config()}


def deserialize(config, custom_objects=None):
    """An optimizer from ``serialize``'s output (Keras or tinytensor.optim classes)."""
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
