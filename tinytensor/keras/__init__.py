"""The Keras-style front: ``models`` (``Sequential``, ``load_model``), ``layers``, ``callbacks``,
``metrics``, ``optimizers`` (with ``optimizers.schedules``), and the progress bar::

    from tinytensor.keras import models, layers
    model = models.Sequential([layers.Dense(512, activation="relu", input_shape=(784,)),
                               layers.Dense(10, activation="softmax")])

``tinytensor.models``, ``tinytensor.layers`` and ``tinytensor.callbacks`` are the same modules
under their older names (the seed listing imports those).
"""
from . import layers, metrics, schedules, optimizers, callbacks, progress, data_adapter, models
from .models import Sequential, load_model

__all__ = ["models", "layers", "callbacks", "metrics", "optimizers", "schedules", "progress",
           "Sequential", "load_model"]
