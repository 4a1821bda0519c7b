"""Keras-style ``Sequential`` model: ``add``, ``compile``, ``fit``, ``evaluate``, ``predict``,
``summary``, ``save`` / ``load_model``, ``save_weights`` / ``load_weights``.

Fast path: when the last layer is ``Dense(activation="softmax")`` and the loss is (sparse)
categorical cross-entropy on probabilities, training computes the loss from the logits with the
fused ``tt.softmax_cross_entropy`` (one pass, no log of a clipped probability); likewise
``Dense(activation="sigmoid")`` + binary cross-entropy uses the stable from-logits form. The
two differ from Keras's clipped formula only where a probability falls below 1e-7. Metrics
never see those logits: they get the model's output (the softmax/sigmoid of the logits), the
same numbers ``predict`` returns.

``compile`` is atomic: the optimizer, loss and every metric are resolved first, and the model
changes only when all of them are valid.

Inputs (``fit``/``evaluate``/``predict``): see :mod:`tinytensor.keras.data_adapter`: arrays
(tinytensor, NumPy, torch, nested lists), generators and iterables of ``(x, y)`` /
``(x, y, sample_weight)`` batches (``steps_per_epoch``), ``Dataset``-like objects and
``DataLoader``\\ s.

Files: ``model.save("m.keras")`` writes one zip with ``config.json`` (the architecture and the
compile arguments, JSON), ``model.weights.npz`` (the weights) and ``optimizer.npz`` (the
optimizer's iterations, hyper-parameters and slots); ``load_model`` rebuilds the model from it.
Nothing is pickled and nothing is unpickled. ``save_weights`` writes an ``.npz`` and refuses
HDF5 names (``.h5``/``.hdf5``): tinytensor does not write HDF5.
"""
from __future__ import annotations

import json
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import tinytensor as tt
from tinytensor import nn
from tinytensor import _npz
from tinytensor.autograd import no_grad
from tinytensor.nn import functional as F
from . import metrics as _metrics
from . import optimizers as _optimizers
from .callbacks import Callback, History
from .data_adapter import EpochIterator
from .layers import Dense, Layer, LAYERS, _unique_name, assign_weights
from .progress import Progress
from tinytensor import Tensor

if TYPE_CHECKING:
    from tinytensor.typing import ArrayLike

FORMAT = "tinytensor.keras/1"

# ------------------------------------------------------------------ losses (Keras order: y_true, y_pred)
LOSSES = {
    "categorical_crossentropy": lambda t, p: F.categorical_crossentropy(p, t),
    "sparse_categorical_crossentropy": lambda t, p: F.sparse_categorical_crossentropy(p, t),
    "binary_crossentropy": lambda t, p: F.binary_crossentropy(p, t),
    "mean_squared_error": lambda t, p: F.mse_loss(p, t),
    "mean_absolute_error": lambda t, p: F.l1_loss(p, t),
    "half_sse": lambda t, p: F.half_sse_loss(p, t),
}
ALIASES = {"mse": "mean_squared_error", "mae": "mean_absolute_error", "higham": "half_sse",
           "cce": "categorical_crossentropy", "scce": "sparse_categorical_crossentropy",
           "bce": "binary_crossentropy"}


def _per_sample(t):
    return t if t.ndim <= 1 else t.reshape(t.shape[0], -1).mean(axis=1)


def _per_sample_loss(name, y, p):
    """One loss value per sample (for sample weights), Keras's formulas on probabilities."""
    eps = F.EPSILON
    if name == "categorical_crossentropy":
        p = tt.clip(p / p.sum(axis=-1, keepdims=True), eps, 1.0 - eps)
        return -(y.astype(p.dtype) * tt.log(p)).sum(axis=-1)
    if name == "sparse_categorical_crossentropy":
        onehot = tt.one_hot(F.class_labels(y), p.shape[-1]).astype(p.dtype)
        return _per_sample_loss("categorical_crossentropy", onehot, p)
    if name == "binary_crossentropy":
        p = tt.clip(p, eps, 1.0 - eps)
        y = y.astype(p.dtype).reshape(p.shape)
        return _per_sample(-(y * tt.log(p) + (1.0 - y) * tt.log(1.0 - p)))
    d = p - y.astype(p.dtype).reshape(p.shape)
    if name == "mean_squared_error":
        return _per_sample(d * d)
    if name == "mean_absolute_error":
        return _per_sample(tt.abs(d))
    if name == "half_sse":
        return (d * d).reshape(d.shape[0], -1).sum(axis=1) * 0.5
    raise ValueError("no per-sample form of loss %r" % (name,))


def _loss_name(loss):
    if isinstance(loss, str):
        name = ALIASES.get(loss, loss)
        if name not in LOSSES:
            raise ValueError("unknown loss %r; known: %s" % (loss, ", ".join(sorted(LOSSES) + sorted(ALIASES))))
        return name
    if isinstance(loss, nn.CategoricalCrossentropy) and not loss.from_logits:
        return {nn.SparseCategoricalCrossentropy: "sparse_categorical_crossentropy",
                nn.BinaryCrossentropy: "binary_crossentropy"}.get(type(loss), "categorical_crossentropy")
    return None


def _as_loss_fn(loss):
    if isinstance(loss, str):
        return LOSSES[_loss_name(loss)]
    if isinstance(loss, nn.Module):        # nn losses take (input, target)
        return lambda t, p: loss(p, t)
    if callable(loss):                     # Keras-style callables take (y_true, y_pred)
        return loss
    raise ValueError("loss must be a name, an nn loss module or a callable(y_true, y_pred), not %r" % (loss,))


def _reduce_loss(values, sample_weight):
    """Keras's "sum over batch size": mean of the (weighted) per-sample values."""
    if sample_weight is None:
        return values if values.ndim == 0 else values.mean()
    if values.ndim == 0:
        raise ValueError("sample_weight needs a loss that returns one value per sample; this loss "
                         "returned a scalar")
    values = _per_sample(values)
    w = sample_weight.reshape(-1).astype(values.dtype)
    if w.shape[0] != values.shape[0]:
        raise ValueError("sample_weight has %d entries for a batch of %d" % (w.shape[0], values.shape[0]))
    return (values * w).sum() * (1.0 / values.shape[0])


# ------------------------------------------------------------------ the model
class Sequential(nn.Module):
    """A linear stack of Keras-style layers: ``model(x)`` runs ``for layer in layers: x = layer(x)``.

    The training loop of `fit`, per epoch::

        for x_batch, y_batch in batches(x, y, batch_size, shuffle):
            loss = loss_fn(y_batch, model(x_batch))        # averaged over the batch
            optimizer.zero_grad(); loss.backward(); optimizer.step()
            metrics.update_state(y_batch, output)

    With a last ``Dense(activation="softmax")`` (or "sigmoid") and a (sparse) categorical (or
    binary) cross-entropy, the loss is computed from the logits by the fused, stable kernel;
    metrics still see the probabilities.

    Parameters
    ----------
    layers : list of Layer, optional
        The layers, in order (or add them with `add`).
    name : str, optional
        A unique name ("sequential", "sequential_1", ...) when None.

    Raises
    ------
    TypeError
        If an item is not a `tinytensor.keras.layers.Layer`.

    Examples
    --------
    >>> tt.random.seed(0)
    >>> model = tt.keras.Sequential([tt.keras.layers.Dense(4, activation="relu", input_shape=(3,)),
    ...                              tt.keras.layers.Dense(2, activation="softmax")])
    >>> model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    >>> x, y = tt.random.normal(size=(8, 3)), tt.tensor([0, 1] * 4)
    >>> history = model.fit(x, y, epochs=3, batch_size=4, verbose=0)
    >>> sorted(history.history), len(history.history["loss"])
    (['accuracy', 'loss'], 3)
    >>> model.predict(x).shape
    (8, 2)
    """

    def __init__(self, layers: Sequence[Layer] | None = None, name: str | None = None) -> None:
        super().__init__()
        self.name = name or _unique_name("sequential")
        self.layers: list[Layer] = []
        self.optimizer: Any = None
        self.loss: Any = None
        self.stop_training = False
        self.compiled = False
        self.history: History | None = None
        self._build_shape: tuple[int | None, ...] | None = None
        self._compile_args: dict[str, Any] | None = None
        self.training = False          # inference outside fit, as Keras
        for layer in layers or []:
            self.add(layer)

    # ---- structure
    def named_children(self):
        """The layers as ``("layer0", layer), ("layer1", layer), ...``.

        Yields
        ------
        (str, Layer)

        Examples
        --------
        >>> model = tt.keras.Sequential([tt.keras.layers.ReLU(name="act")])
        >>> list(model.named_children())
        [('layer0', <ReLU name=act>)]
        """
        for i, layer in enumerate(self.layers):
            yield "layer%d" % i, layer

    def add(self, layer: Layer) -> None:
        """Append a layer (and build the model when the first layer knows its input shape).

        Parameters
        ----------
        layer : Layer
            A `tinytensor.keras.layers` layer.

        Raises
        ------
        TypeError
            If `layer` is not a Layer.

        Examples
        --------
        >>> model = tt.keras.Sequential()
        >>> model.add(tt.keras.layers.Dense(2, input_shape=(3,)))
        >>> model.built, model.count_params()
        (True, 8)
        """
        if not isinstance(layer, Layer):
            raise TypeError("Sequential.add expects a tinytensor.keras.layers Layer, got %r" % (layer,))
        self.layers.append(layer)
        if self.layers[0].input_shape is not None:
            self.build((None,) + self.layers[0].input_shape)

    def build(self, input_shape: Sequence[int | None]) -> tuple[int | None, ...]:
        """Build every layer not built yet, feeding each one's output shape to the next.

        Parameters
        ----------
        input_shape : tuple
            ``(None,) + shape of one sample``.

        Returns
        -------
        tuple
            The model's output shape.

        Examples
        --------
        >>> model = tt.keras.Sequential([tt.keras.layers.Flatten(), tt.keras.layers.Dense(5)])
        >>> model.build((None, 2, 3))
        (None, 5)
        """
        shape = tuple(input_shape)
        self._build_shape = shape
        for layer in self.layers:
            if not layer.built:
                layer.build(shape)
            shape = layer.compute_output_shape(shape)
        return shape

    @property
    def built(self):
        return bool(self.layers) and all(l.built for l in self.layers)

    def forward(self, x):
        """Run the layers in order: ``for layer in layers: x = layer(x)``.

        Parameters
        ----------
        x : Tensor
            The input batch.

        Returns
        -------
        Tensor

        Examples
        --------
        >>> model = tt.keras.Sequential([tt.keras.layers.ReLU(), tt.keras.layers.Softmax()])
        >>> model.forward(tt.tensor([[-5.0, 0.0]]))
        tensor([[0.5, 0.5]], dtype=float32)
        """
        for layer in self.layers:
            x = layer(x)
        return x

    def __call__(self, x: ArrayLike, training: bool | None = None) -> Tensor:
        """``model(x)``: the output, in inference mode (Dropout off, BatchNormalization on its moving
        statistics) unless ``training=True``, as Keras."""
        t: Tensor = EpochIterator.tensor(x)
        if not self.built:
            self.build((None, *t.shape[1:]))
        if training is None:
            return self.forward(t)
        was = self.training
        self.train(bool(training))
        try:
            return self.forward(t)
        finally:
            self.train(was)

    # ---- compile
    def compile(self, optimizer: str | Any = "rmsprop", loss: str | Callable[..., Any] | None = None,
                metrics: Sequence[str | Callable[..., Any]] | None = None) -> None:
        """Set the optimizer, loss and metrics for `fit` and `evaluate`. Everything is checked
        before anything changes.

        Parameters
        ----------
        optimizer : str or Optimizer, default "rmsprop"
            A name ("sgd", "rmsprop", "adam", "adamw") or an optimizer object.
        loss : str, nn loss module or callable
            "categorical_crossentropy" ("cce"), "sparse_categorical_crossentropy" ("scce"),
            "binary_crossentropy" ("bce"), "mean_squared_error" ("mse"),
            "mean_absolute_error" ("mae"), "half_sse" ("higham"); an ``nn`` loss module; or
            ``f(y_true, y_pred)``.
        metrics : list, optional
            Metric names, callables or Metric objects (see `tinytensor.keras.metrics.get`).

        Raises
        ------
        ValueError
            If the loss is missing or unknown, or a metric or the optimizer is unknown, or
            metric names repeat.
        TypeError
            If `metrics` is not a list.

        Examples
        --------
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(2,))])
        >>> model.compile("sgd", "mse", metrics=["mae"])
        >>> model.metrics_names
        ['loss', 'mae']
        >>> model.compile("sgd")
        Traceback (most recent call last):
        ...
        ValueError: compile needs a loss
        """
        if loss is None:
            raise ValueError("compile needs a loss")
        opt = _optimizers.get(optimizer)
        loss_name = _loss_name(loss)
        loss_fn = _as_loss_fn(loss)
        if metrics is not None and not isinstance(metrics, (list, tuple)):
            raise TypeError("metrics must be a list, e.g. metrics=['accuracy'], not %r" % (metrics,))
        specs = list(metrics or [])
        metric_objs = [_metrics.get(m, loss_name) for m in specs]
        names = [m.name for m in metric_objs]
        if len(set(names)) != len(names) or "loss" in names:
            raise ValueError("metric names must be unique and not 'loss': %s" % names)
        # all valid: now assign
        self.optimizer, self.loss = opt, loss
        self._loss_name, self._loss_fn = loss_name, loss_fn
        self._metric_specs, self._metrics = specs, metric_objs
        self._compile_args = {"optimizer": optimizer, "loss": loss, "metrics": specs}
        self._bound = None
        self.compiled = True

    @property
    def metrics_names(self):
        return ["loss"] + [m.name for m in self._metrics] if self.compiled else []

    def _fused(self):
        """"softmax" / "sigmoid" when the last Dense layer's activation can fuse with the loss."""
        last = self.layers[-1] if self.layers else None
        if not isinstance(last, Dense):
            return None
        if last.activation_name == "softmax" and self._loss_name in (
                "categorical_crossentropy", "sparse_categorical_crossentropy"):
            return "softmax"
        if last.activation_name == "sigmoid" and self._loss_name == "binary_crossentropy":
            return "sigmoid"
        return None

    def _bind_optimizer(self):
        params = self.trainable_parameters()
        if self._bound is None or len(self._bound) != len(params) or any(a is not b for a, b in zip(self._bound, params)):
            if self.optimizer.params and len(self.optimizer.params) == len(params) and \
                    all(a is b for a, b in zip(self.optimizer.params, params)):
                self._bound = params          # already bound (e.g. state restored by load_model)
                return
            self.optimizer.set_params(params)
            self._bound = params

    def trainable_parameters(self):
        """The parameters of the trainable layers (what the optimizer updates).

        Returns
        -------
        list of Tensor

        Examples
        --------
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(2, input_shape=(3,)),
        ...                              tt.keras.layers.Dense(1, trainable=False)])
        >>> model.build((None, 3))
        (None, 1)
        >>> len(model.parameters()), len(model.trainable_parameters())
        (4, 2)
        """
        return [p for l in self.layers if l.trainable for p in l.parameters()]

    # ---- one batch
    def _loss_and_output(self, xb, yb, sw=None):
        """(loss, the model's output for the metrics: probabilities, never logits)."""
        fused = self._fused()
        if fused is None:
            out = self.forward(xb)
            return _reduce_loss(self._loss_fn(yb, out), sw), out
        h = xb
        for layer in self.layers[:-1]:
            h = layer(h)
        last = self.layers[-1]
        z = last.logits(h)
        with no_grad():
            out = last.activation(z.detach())
        if sw is not None:
            values = self._fused_per_sample(fused, z, yb)
            return _reduce_loss(values, sw), out
        if fused == "sigmoid":
            return F.binary_crossentropy(z, yb.astype(z.dtype), from_logits=True), out
        if self._loss_name == "sparse_categorical_crossentropy":
            return tt.softmax_cross_entropy(z, F.class_labels(yb)), out
        return tt.softmax_cross_entropy(z, yb if yb.dtype == z.dtype else yb.astype(z.dtype)), out

    def _fused_per_sample(self, fused, z, yb):
        if fused == "sigmoid":
            y = yb.astype(z.dtype).reshape(z.shape)
            return _per_sample(tt.relu(z) - z * y + tt.log(1.0 + tt.exp(-tt.abs(z))))
        if self._loss_name == "sparse_categorical_crossentropy":
            yb = tt.one_hot(F.class_labels(yb), z.shape[-1])
        return -(yb.astype(z.dtype) * tt.log_softmax(z, axis=-1)).sum(axis=-1)

    def _check_ready(self):
        if not self.compiled:
            raise RuntimeError("You must compile your model before training/testing. Use model.compile(optimizer, loss).")

    def _ensure_built(self, xb):
        if not self.built:
            self.build((None,) + tuple(xb.shape[1:]))

    # ---- fit / evaluate / predict
    def fit(self, x: Any = None, y: Any = None, batch_size: int | None = None, epochs: int = 1,
            verbose: int | str = 1, callbacks: Sequence[Callback] | None = None,
            validation_split: float = 0.0, validation_data: Any = None, shuffle: bool = True,
            initial_epoch: int = 0, seed: int | None = None, steps_per_epoch: int | None = None,
            validation_steps: int | None = None, sample_weight: ArrayLike | None = None,
            validation_batch_size: int | None = None) -> History:
        """Train the model for `epochs` passes over the data (the loop in the class docstring).

        Parameters
        ----------
        x : array_like, generator, iterable of batches, DataLoader or Dataset
            The inputs (see `tinytensor.keras.data_adapter`).
        y : array_like, optional
            The targets, when `x` is an array.
        batch_size : int, optional
            Samples per batch for arrays (32).
        epochs : int, default 1
            The epoch to stop at (counting from `initial_epoch`).
        verbose : {0, 1, 2, "auto"}, default 1
            0 silent, 1 a progress bar, 2 one line per epoch.
        callbacks : list of Callback, optional
            See `tinytensor.keras.callbacks`.
        validation_split : float, default 0.0
            The fraction of the samples (the last ones, as Keras) held out for validation.
        validation_data : tuple or data, optional
            ``(x, y)``, ``(x, y, sample_weight)`` or batches; evaluated after each epoch.
        shuffle : bool, default True
            Shuffle array data each epoch.
        initial_epoch : int, default 0
            The epoch to start at (resuming).
        seed : int, optional
            Seeds the shuffling.
        steps_per_epoch, validation_steps : int, optional
            Batches per epoch (needed for endless generators).
        sample_weight : array_like, optional
            One weight per sample (needs a loss with a per-sample form).
        validation_batch_size : int, optional
            Defaults to `batch_size`.

        Returns
        -------
        History
            Also kept as ``model.history``.

        Raises
        ------
        RuntimeError
            If the model is not compiled.
        ValueError
            For a bad `verbose` or `validation_split`, missing targets, or data that does not
            fit (see `tinytensor.keras.data_adapter.EpochIterator`).
        TypeError
            If a callback is not a Callback.

        Examples
        --------
        >>> tt.random.seed(0)
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(4, activation="relu", input_shape=(3,)),
        ...                              tt.keras.layers.Dense(2, activation="softmax")])
        >>> model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
        >>> x, y = tt.random.normal(size=(8, 3)), tt.tensor([0, 1] * 4)
        >>> history = model.fit(x, y, epochs=2, batch_size=4, validation_split=0.25, verbose=0)
        >>> history.epoch, sorted(history.history)
        ([0, 1], ['accuracy', 'loss', 'val_accuracy', 'val_loss'])
        """
        self._check_ready()
        if verbose not in (0, 1, 2, "auto"):
            raise ValueError("verbose must be 0, 1, 2 or 'auto', not %r" % (verbose,))
        verbose = 1 if verbose == "auto" else verbose
        if validation_split and validation_data is None:
            if not 0.0 < validation_split < 1.0:
                raise ValueError("validation_split must be in (0, 1), got %r" % (validation_split,))
            x, y, sample_weight, validation_data = EpochIterator.split(x, y, sample_weight, validation_split)
        data = EpochIterator(x, y, sample_weight, batch_size=batch_size, steps_per_epoch=steps_per_epoch,
                             shuffle=shuffle, seed=seed)
        val = None
        if validation_data is not None:
            val = EpochIterator.validation(validation_data, validation_batch_size or batch_size, validation_steps)
        history = History()
        cbs = list(callbacks or []) + [history]
        for cb in cbs:
            if not isinstance(cb, Callback):
                raise TypeError("callbacks must be Callback objects, got %r" % (cb,))
        params = {"verbose": verbose, "epochs": epochs, "steps": data.steps}
        for cb in cbs:
            cb.set_model(self)
            cb.set_params(params)
        self.history = history
        self.stop_training = False
        for cb in cbs:
            cb.on_train_begin()
        epoch_logs = {}
        was_training = self.training
        try:
            epoch_logs = self._fit_epochs(data, val, cbs, initial_epoch, epochs, verbose)
        finally:
            self.train(was_training)
        for cb in cbs:
            cb.on_train_end(epoch_logs)
        return history

    def _fit_epochs(self, data, val, cbs, initial_epoch, epochs, verbose):
        epoch_logs = {}
        for epoch in range(initial_epoch, epochs):
            self.train()
            for cb in cbs:
                cb.on_epoch_begin(epoch)
            if verbose:
                print("Epoch %d/%d" % (epoch + 1, epochs), file=sys.stdout)
            bar = Progress(data.steps, verbose)
            logs, seen = self._train_epoch(data, cbs, bar)
            if seen == 0:
                warnings.warn("Your input ran out of data; interrupting training. Make sure it can "
                              "generate at least steps_per_epoch * epochs batches.", stacklevel=3)
                break
            if val is not None:
                vals = self._evaluate_iter(val)
                logs.update(("val_" + k, v) for k, v in vals.items())
            bar.close(logs)
            for cb in cbs:
                cb.on_epoch_end(epoch, logs)
            epoch_logs = logs
            if self.stop_training:
                break
        return epoch_logs

    def _train_epoch(self, data, cbs, bar):
        for m in self._metrics:
            m.reset_state()
        total, seen, logs = 0.0, 0, {}
        opt = self.optimizer
        for step, (xb, yb, sw) in enumerate(data.epoch()):
            if yb is None:
                raise ValueError("fit needs targets: pass y, or batches of (x, y)")
            self._ensure_built(xb)
            self._bind_optimizer()
            for cb in cbs:
                cb.on_train_batch_begin(step)
            loss, out = self._loss_and_output(xb, yb, sw)
            # Dropped, not zeroed: backward then writes each weight gradient with its GEMM
            # (beta = 0) into a block malloc hands back from the previous step's, where
            # zeroing in place costs a pass over 1.6 MB, cold after the forward (issue 15).
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            n = xb.shape[0]
            total += loss.item() * n
            seen += n
            logs = {"loss": total / seen}
            with no_grad():
                out = out.detach()
                for m in self._metrics:
                    m.update_state(yb, out, sw)
                    logs[m.name] = m.result()
            bar.update(1, logs)
            for cb in cbs:
                cb.on_train_batch_end(step, logs)
            if self.stop_training:
                break
        return dict(logs), seen

    @no_grad()
    def _evaluate_iter(self, data, bar=None):
        self._check_ready()
        metrics = [_metrics.get(m, self._loss_name) for m in self._metric_specs]
        was_training = self.training
        self.eval()
        try:
            total, seen = 0.0, 0
            for xb, yb, sw in data.epoch():
                if yb is None:
                    raise ValueError("evaluate needs targets: pass y, or batches of (x, y)")
                self._ensure_built(xb)
                loss, out = self._loss_and_output(xb, yb, sw)
                n = xb.shape[0]
                total += loss.item() * n
                seen += n
                for m in metrics:
                    m.update_state(yb, out, sw)
                if bar is not None:
                    logs = {"loss": total / seen}
                    logs.update((m.name, m.result()) for m in metrics)
                    bar.update(1, logs)
        finally:
            self.train(was_training)
        logs = {"loss": total / seen if seen else float("nan")}
        logs.update((m.name, m.result()) for m in metrics)
        return logs

    def evaluate(self, x: Any = None, y: Any = None, batch_size: int | None = None,
                 verbose: int | str = 1, return_dict: bool = False, steps: int | None = None,
                 sample_weight: ArrayLike | None = None) -> Any:
        """The loss and metrics over the data, averaged over the samples (dropout off).

        Parameters
        ----------
        x, y, sample_weight
            As `fit`.
        batch_size : int, optional
            Samples per batch for arrays (32).
        verbose : {0, 1, 2}, default 1
            Progress output.
        return_dict : bool, default False
            Return ``{name: value}``.
        steps : int, optional
            Batches to evaluate.

        Returns
        -------
        float, list of float or dict
            The loss alone when there are no metrics, else ``[loss, *metrics]``.

        Raises
        ------
        RuntimeError
            If the model is not compiled.
        ValueError
            If the data has no targets.

        Examples
        --------
        >>> tt.random.seed(0)
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(4, activation="relu", input_shape=(3,)),
        ...                              tt.keras.layers.Dense(2, activation="softmax")])
        >>> model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
        >>> x, y = tt.random.normal(size=(8, 3)), tt.tensor([0, 1] * 4)
        >>> result = model.evaluate(x, y, verbose=0, return_dict=True)
        >>> sorted(result), 0.0 <= result["accuracy"] <= 1.0
        (['accuracy', 'loss'], True)
        """
        self._check_ready()
        data = EpochIterator(x, y, sample_weight, batch_size=batch_size, steps_per_epoch=steps, shuffle=False)
        bar = Progress(data.steps, verbose)
        logs = self._evaluate_iter(data, bar)
        bar.close(logs)
        if return_dict:
            return logs
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    @no_grad()
    def predict(self, x, batch_size=None, verbose=0, steps=None):
        """The model's outputs for every sample (dropout off, no graph), concatenated along the
        first axis.

        Parameters
        ----------
        x : array_like or data
            The inputs (targets in batches are ignored).
        batch_size : int, optional
            Samples per batch for arrays (32).
        verbose : int, default 0
            Progress output.
        steps : int, optional
            Batches to predict.

        Returns
        -------
        Tensor

        Raises
        ------
        ValueError
            If there is no data.

        Examples
        --------
        >>> tt.random.seed(0)
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(4, activation="relu", input_shape=(3,)),
        ...                              tt.keras.layers.Dense(2, activation="softmax")])
        >>> p = model.predict(tt.ones((5, 3)), batch_size=2)
        >>> p.shape, [round(v, 5) for v in p.sum(axis=1).tolist()]
        ((5, 2), [1.0, 1.0, 1.0, 1.0, 1.0])
        """
        data = EpochIterator(x, None, None, batch_size=batch_size, steps_per_epoch=steps, shuffle=False)
        bar = Progress(data.steps, verbose)
        was_training = self.training
        self.eval()
        outs = []
        try:
            for xb, _, _ in data.epoch():
                self._ensure_built(xb)
                outs.append(self.forward(xb))
                bar.update(1, {})
        finally:
            self.train(was_training)
        bar.close({})
        if not outs:
            raise ValueError("predict got no data")
        return outs[0] if len(outs) == 1 else tt.concatenate(outs, axis=0)

    # ---- weights
    def _weight_names(self):
        names = []
        for i, layer in enumerate(self.layers):
            for pname, _ in layer._named_state():
                names.append("layer%d.%s" % (i, pname))
        return names

    @property
    def weights(self):
        """Every layer's weights in order (trainable, then non-trainable such as moving statistics)."""
        return [w for layer in self.layers for w in layer.weights]

    def get_weights(self):
        """Copies of every weight (`weights`: layer by layer, trainable then non-trainable).

        Returns
        -------
        list of Tensor

        Examples
        --------
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(2, input_shape=(3,))])
        >>> [tuple(w.shape) for w in model.get_weights()]
        [(3, 2), (2,)]
        """
        return [w.detach().copy() for w in self.weights]

    def set_weights(self, weights):
        """Copy `weights` into the model's weights, in place (counts and shapes checked first).

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
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(1,))])
        >>> model.set_weights([[[2.0]], [1.0]])
        >>> model(tt.tensor([[3.0]])).tolist()
        [[7.0]]
        """
        assign_weights(self.weights, weights, "model %s" % self.name)

    @staticmethod
    def _check_weights_name(filepath):
        name = str(filepath).lower()
        if name.endswith((".h5", ".hdf5")):
            raise ValueError("%s: HDF5 weight files are not supported (tinytensor writes and reads NumPy "
                             ".npz files); use a name ending in .npz, e.g. 'model.weights.npz'" % (filepath,))
        if name.endswith(".keras"):
            raise ValueError("%s: a .keras file holds a whole model: use model.save / load_model, or a "
                             ".weights.npz name for save_weights" % (filepath,))

    def save_weights(self, filepath):
        """Write every weight to an ``.npz`` file (keys ``"layer<i>.<kernel|bias>"``),
        atomically.

        Parameters
        ----------
        filepath : str or os.PathLike
            A name ending in ``.npz`` (e.g. ``"model.weights.npz"``).

        Raises
        ------
        ValueError
            For an HDF5 (``.h5``, ``.hdf5``) or ``.keras`` name, or a model not built yet.

        Examples
        --------
        >>> import os, tempfile
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(2,))])
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = os.path.join(folder, "m.weights.npz")
        ...     model.set_weights([[[1.0], [2.0]], [3.0]])
        ...     model.save_weights(path)
        ...     model.set_weights([tt.zeros((2, 1)), tt.zeros(1)])
        ...     model.load_weights(path)
        >>> [w.tolist() for w in model.get_weights()]
        [[[1.0], [2.0]], [3.0]]
        """
        self._check_weights_name(filepath)
        if not self.built:
            raise ValueError("the model has no weights yet: build it (give input_shape or call fit) first")
        _npz.save_npz(filepath, dict(zip(self._weight_names(), self.weights)))

    def load_weights(self, filepath):
        """Load weights written by `save_weights`; names and shapes must match exactly.

        Parameters
        ----------
        filepath : str or os.PathLike
            The ``.npz`` file.

        Raises
        ------
        ValueError
            For an HDF5 or ``.keras`` name, a model not built yet, or names or shapes that do
            not match.
        FileNotFoundError
            If the file does not exist.

        Examples
        --------
        >>> import os, tempfile
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(2,))])
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = os.path.join(folder, "m.weights.npz")
        ...     model.set_weights([tt.zeros((2, 1)), [0.5]]); model.save_weights(path)
        ...     model.set_weights([tt.zeros((2, 1)), [9.0]]); model.load_weights(path)
        >>> model.get_weights()[1].tolist()
        [0.5]
        """
        self._check_weights_name(filepath)
        if not self.built:
            raise ValueError("build the model (input_shape, or call it once) before load_weights")
        self._set_named_weights(_npz.load_npz(filepath), filepath)

    def _set_named_weights(self, stored, source):
        names = self._weight_names()
        missing = [n for n in names if n not in stored]
        extra = [n for n in stored if n not in names]
        if missing or extra:
            raise ValueError("%s does not match this model: missing %s, unexpected %s" % (source, missing, extra))
        for n, p in zip(names, self.weights):
            if tuple(stored[n].shape) != tuple(p.shape):
                raise ValueError("%s: %s has shape %s, the model expects %s"
                                 % (source, n, tuple(stored[n].shape), tuple(p.shape)))
        self.set_weights([stored[n] for n in names])

    # ---- whole-model files
    def get_config(self):
        """The architecture, JSON-safe: name, each layer's class and config, and the build shape.

        Returns
        -------
        dict

        Examples
        --------
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(2,), name="out")], name="m")
        >>> cfg = model.get_config()
        >>> cfg["name"], cfg["layers"][0]["class_name"], cfg["build_input_shape"]
        ('m', 'Dense', [None, 2])
        """
        layers = []
        for layer in self.layers:
            layers.append({"class_name": type(layer).__name__, "config": layer.get_config()})
        return {"name": self.name, "layers": layers,
                "build_input_shape": list(self._build_shape) if self._build_shape else None}

    def _compile_config(self):
        if not self.compiled:
            return None
        args = self._compile_args

        def name_of(obj, what):
            if isinstance(obj, str):
                return obj
            if isinstance(obj, nn.Module):
                return {"class_name": type(obj).__name__, "from_logits": getattr(obj, "from_logits", False)}
            name = getattr(obj, "__name__", None)
            if name is None or name == "<lambda>":
                raise ValueError("cannot save the model: its %s %r has no name; use a named function "
                                 "(and pass it to load_model(custom_objects=...))" % (what, obj))
            return name

        return {"optimizer": _optimizers.serialize(self.optimizer), "loss": name_of(args["loss"], "loss"),
                "metrics": [m if isinstance(m, str) else name_of(m, "metric") for m in args["metrics"]]}

    def save(self, filepath, overwrite=True):
        """Write the whole model to one ``.keras`` zip, atomically: ``config.json`` (architecture
        and compile arguments), the weights and the optimizer state. Nothing is pickled.

        Parameters
        ----------
        filepath : str or os.PathLike
            A name ending in ``.keras``.
        overwrite : bool, default True
            Replace an existing file.

        Raises
        ------
        ValueError
            If the name does not end in ``.keras``, the model is not built, or a compiled loss
            or metric has no name to save.
        FileExistsError
            If the file exists and `overwrite` is False.

        Examples
        --------
        >>> import os, tempfile
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(2,))])
        >>> model.compile("adam", "mse")
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = os.path.join(folder, "m.keras")
        ...     model.save(path)
        ...     again = tt.keras.load_model(path)
        >>> [w.tolist() for w in again.get_weights()] == [w.tolist() for w in model.get_weights()]
        True
        """
        path = str(filepath)
        if not path.endswith(".keras"):
            raise ValueError("model.save writes the .keras format: the file name must end in .keras, "
                             "got %r (for weights alone use save_weights('x.weights.npz'))" % (path,))
        if not self.built:
            raise ValueError("the model has no weights yet: build it (give input_shape or call fit) first")
        if not overwrite and os.path.exists(path):
            raise FileExistsError("%s exists and overwrite=False" % path)
        config = {"format": FORMAT, "tinytensor_version": tt.__version__, "class_name": "Sequential",
                  "config": self.get_config(), "compile_config": self._compile_config()}
        weights = _npz.npz_bytes(dict(zip(self._weight_names(), self.weights)))
        members = {"config.json": json.dumps(config, indent=1).encode("utf8"), "model.weights.npz": weights}
        if self.compiled and self.optimizer.params:
            slots, meta = _optimizer_arrays(self.optimizer)
            members["optimizer.npz"] = _npz.npz_bytes(slots)
            members["optimizer.json"] = json.dumps(meta).encode("utf8")
        _npz.write_zip(path, members)

    # ---- summary
    def count_params(self) -> int:
        """The number of weight elements of all layers.

        Returns
        -------
        int

        Examples
        --------
        >>> tt.keras.Sequential([tt.keras.layers.Dense(10, input_shape=(784,))]).count_params()
        7850
        """
        return sum(l.count_params() for l in self.layers)

    def summary(self, print_fn: Callable[..., Any] = print, line_length: int = 65) -> None:
        """Print Keras's table: each layer's name (type), output shape and weight count; a cell
        too long for its column continues on the next line, as Keras prints it.

        Parameters
        ----------
        print_fn : callable, default print
            Called with each line.
        line_length : int, default 65
            Width of the rules.

        Examples
        --------
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(4, input_shape=(3,), name="hidden")], name="m")
        >>> model.summary()
        Model: "m"
        _________________________________________________________________
         Layer (type)                Output Shape              Param #
        =================================================================
         hidden (Dense)              (None, 4)                 16
        =================================================================
        Total params: 16
        Trainable params: 16
        Non-trainable params: 0
        _________________________________________________________________
        """
        positions = [int(line_length * p) for p in (.45, .85, 1.)]

        def row(*fields):
            """Keras's print_row: columns end at `positions`, two spaces apart."""
            left, out = [str(f) for f in fields], []
            while any(left):
                line = ""
                for col, end in enumerate(positions):
                    space = 2 if col != len(positions) - 1 else 0
                    cutoff = end - (positions[col - 1] if col else 0) - space
                    line += (" " if col == 0 else "") + left[col][:cutoff] + " " * space
                    left[col] = left[col][cutoff:]
                    line += " " * (end - len(line))
                out.append(line)
            return "\n".join(out)
        lines = ['Model: "%s"' % self.name, "_" * line_length,
                 row("Layer (type)", "Output Shape", "Param #"), "=" * line_length]
        shape = self._build_shape
        for i, layer in enumerate(self.layers):
            if shape is not None:
                shape = layer.compute_output_shape(shape)
                out = "(" + ", ".join("None" if s is None else str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"
            else:
                out = "?"
            lines.append(row("%s (%s)" % (layer.name, type(layer).__name__), out,
                             str(layer.count_params()) if layer.built else "0 (unbuilt)"))
            lines.append("=" * line_length if i == len(self.layers) - 1 else " " * line_length)
        trainable = sum(w.size for l in self.layers for w in l.trainable_weights)
        total = self.count_params()
        lines += ["Total params: {:,}".format(total), "Trainable params: {:,}".format(trainable),
                  "Non-trainable params: {:,}".format(total - trainable), "_" * line_length]
        for line in "\n".join(lines).split("\n"):
            print_fn(line)


# ------------------------------------------------------------------ optimizer state in files
def _optimizer_arrays(opt):
    """(``{"<param>.<slot>": tensor}``, the JSON-safe rest of ``opt.state_dict()``)."""
    sd = opt.state_dict()
    arrays, scalars = {}, {}
    for i, slots in sd["state"].items():
        for k, v in slots.items():
            if isinstance(v, tt.Tensor):
                arrays["%d.%s" % (i, k)] = v
            else:
                scalars.setdefault(str(i), {})[k] = v
    return arrays, {"param_groups": sd["param_groups"], "scalars": scalars}


def _restore_optimizer(opt, arrays, meta):
    state = {}
    for key, v in arrays.items():
        i, _, slot = key.partition(".")
        state.setdefault(int(i), {})[slot] = v
    for i, slots in meta.get("scalars", {}).items():
        state.setdefault(int(i), {}).update(slots)
    opt.load_state_dict({"state": state, "param_groups": meta["param_groups"]})


def load_model(filepath, custom_objects=None, compile=True):
    """A model saved by `Sequential.save`: architecture, weights and (with `compile`) the loss,
    metrics and optimizer state. Reads JSON and ``.npy`` data only (never unpickles).

    Parameters
    ----------
    filepath : str or os.PathLike
        The ``.keras`` file.
    custom_objects : dict, optional
        Name -> object, for custom layers, activations, losses, metrics and schedules.
    compile : bool, default True
        Restore the compile arguments and the optimizer state.

    Returns
    -------
    Sequential

    Raises
    ------
    ValueError
        If the file is not a tinytensor ``.keras`` model, or names a class or function that is
        neither built in nor in `custom_objects`.
    FileNotFoundError
        If the file does not exist.

    Examples
    --------
    >>> import os, tempfile
    >>> model = tt.keras.Sequential([tt.keras.layers.Dense(2, activation="softmax", input_shape=(3,))])
    >>> model.compile("sgd", "categorical_crossentropy", metrics=["accuracy"])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     model.save(os.path.join(folder, "m.keras"))
    ...     again = tt.keras.load_model(os.path.join(folder, "m.keras"))
    >>> again.metrics_names, again.layers[0].activation_name
    (['loss', 'accuracy'], 'softmax')
    """
    path = str(filepath)
    custom = dict(custom_objects or {})
    members = _npz.read_zip_members(path, ("config.json", "model.weights.npz", "optimizer.npz", "optimizer.json"),
                                    required=("config.json", "model.weights.npz"))
    try:
        config = json.loads(members["config.json"].decode("utf8"))
        if config.get("format") != FORMAT or config.get("class_name") != "Sequential":
            raise ValueError("unknown format %r" % (config.get("format"),))
        layer_cfgs = config["config"]["layers"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as e:
        raise ValueError("%s: not a tinytensor .keras model file (%s)" % (path, e)) from None
    layers = []
    for spec in layer_cfgs:
        cls = LAYERS.get(spec.get("class_name")) or custom.get(spec.get("class_name"))
        if cls is None:
            raise ValueError("%s: unknown layer class %r (a custom one needs custom_objects=)"
                             % (path, spec.get("class_name")))
        layers.append(cls.from_config(spec["config"], custom))
    model = Sequential(layers, name=config["config"].get("name"))
    shape = config["config"].get("build_input_shape")
    if shape and not model.built:
        model.build(tuple(shape))
    model._set_named_weights(_npz.load_npz(members["model.weights.npz"], name=path + ":model.weights.npz"), path)
    cc = config.get("compile_config")
    if compile and cc:
        def resolve(obj, what):
            if isinstance(obj, dict):
                cls = getattr(nn, obj["class_name"], None) or custom.get(obj["class_name"])
                if cls is None:
                    raise ValueError("%s: unknown %s %r" % (path, what, obj["class_name"]))
                return cls(from_logits=obj["from_logits"]) if "from_logits" in obj else cls()
            if obj in custom:
                return custom[obj]
            return obj
        opt = _optimizers.deserialize(cc["optimizer"], custom)
        model.compile(optimizer=opt, loss=resolve(cc["loss"], "loss"),
                      metrics=[resolve(m, "metric") for m in cc["metrics"]])
        if "optimizer.json" in members:
            opt.set_params(model.trainable_parameters())
            model._bound = model.trainable_parameters()
            arrays = _npz.load_npz(members["optimizer.npz"], name=path + ":optimizer.npz") \
                if "optimizer.npz" in members else {}
            _restore_optimizer(opt, arrays, json.loads(members["optimizer.json"].decode("utf8")))
    return model
