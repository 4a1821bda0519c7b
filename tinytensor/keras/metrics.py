"""Keras-style metrics: objects with ``update_state(y_true, y_pred, sample_weight=None)``,
``result()`` and ``reset_state()``.

``y_pred`` is always what the model outputs (probabilities after a softmax/sigmoid layer), never
the logits a fused loss works on, and ``y_true`` is the labels as given.

Most metrics are a per-sample function averaged over the epoch (``MeanMetricWrapper``): the
sum over seen samples of ``weight * value`` divided by the sum of the weights (weight 1 without
``sample_weight``), so the epoch's value is the same however the data is batched. A function
that returns one number per batch (a scalar, e.g. a custom ``y_pred.sum(-1).mean()``) counts
as that value for every sample of the batch, which again equals the value over the whole data
when the function is a mean.

Names: ``"accuracy"``/``"acc"`` become categorical, sparse categorical or binary accuracy from
the loss, as Keras does; also ``"categorical_accuracy"``, ``"sparse_categorical_accuracy"``,
``"binary_accuracy"``, ``"mse"``/``"mean_squared_error"``, ``"mae"``/``"mean_absolute_error"``,
and any callable ``f(y_true, y_pred)``.
"""
import tinytensor as tt


def _per_sample_mean(t):
    """Mean over every axis but the first: one value per sample."""
    if t.ndim <= 1:
        return t
    return t.reshape(t.shape[0], -1).mean(axis=1)


def _float(t):
    return t if t.dtype in (tt.float32, tt.float64) else t.astype(tt.float32)


def _align(y_true, y_pred):
    """Keras's squeeze_or_expand_to_same_rank: labels one axis short get a trailing axis (and
    one axis long of size 1 lose it); then ordinary broadcasting."""
    y_true = _float(y_true).astype(y_pred.dtype)
    if y_true.ndim == y_pred.ndim - 1:
        y_true = tt.expand_dims(y_true, -1)
    elif y_true.ndim == y_pred.ndim + 1 and y_true.shape[-1] == 1:
        y_true = y_true.reshape(tuple(y_true.shape[:-1]))
    return y_true


def categorical_accuracy(y_true, y_pred):
    return (tt.argmax(y_pred, axis=-1) == tt.argmax(y_true, axis=-1)).astype(tt.float32)


def sparse_categorical_accuracy(y_true, y_pred):
    y = y_true.reshape(-1) if y_true.ndim > 1 else y_true
    return (tt.argmax(y_pred, axis=-1) == y.astype(tt.int64)).astype(tt.float32)


def binary_accuracy(y_true, y_pred, threshold=0.5):
    hit = (y_pred > threshold).astype(y_pred.dtype) == _align(y_true, y_pred)
    return _per_sample_mean(hit.astype(tt.float32))


def mean_squared_error(y_true, y_pred):
    d = y_pred - _align(y_true, y_pred)
    return _per_sample_mean(d * d)


def mean_absolute_error(y_true, y_pred):
    return _per_sample_mean(tt.abs(y_pred - _align(y_true, y_pred)))


def _auto_accuracy(y_true, y_pred):
    if y_pred.ndim > 1 and y_pred.shape[-1] > 1:
        if tuple(y_true.shape) == tuple(y_pred.shape):
            return categorical_accuracy(y_true, y_pred)
        return sparse_categorical_accuracy(y_true, y_pred)
    return binary_accuracy(y_true, y_pred)


FUNCTIONS = {"categorical_accuracy": categorical_accuracy,
             "sparse_categorical_accuracy": sparse_categorical_accuracy,
             "binary_accuracy": binary_accuracy,
             "mean_squared_error": mean_squared_error, "mse": mean_squared_error,
             "mean_absolute_error": mean_absolute_error, "mae": mean_absolute_error}

_ACCURACY_FOR_LOSS = {"categorical_crossentropy": categorical_accuracy,
                      "sparse_categorical_crossentropy": sparse_categorical_accuracy,
                      "binary_crossentropy": binary_accuracy}


class Metric:
    """Base class: subclasses implement update_state / result / reset_state."""

    def __init__(self, name=None):
        self.name = name or type(self).__name__.lower()
        self.reset_state()

    def reset_state(self):
        raise NotImplementedError

    def update_state(self, y_true, y_pred, sample_weight=None):
        raise NotImplementedError

    def result(self):
        raise NotImplementedError

    def get_config(self):
        return {"name": self.name}


class Mean(Metric):
    """The (weighted) mean of the values given to update_state."""

    def reset_state(self):
        self.total, self.count = 0.0, 0.0

    def update_values(self, values, batch_size, sample_weight=None):
        if not isinstance(values, tt.Tensor):
            values = tt.asarray(values)
        if values.ndim == 0:            # one value for the whole batch
            w = float(batch_size) if sample_weight is None else float(sample_weight.sum().item())
            self.total += float(values.item()) * w
            self.count += w
            return
        values = _per_sample_mean(values)
        if sample_weight is None:
            self.total += float(values.sum().item())
            self.count += values.shape[0]
        else:
            w = sample_weight.reshape(-1).astype(values.dtype)
            self.total += float((values * w).sum().item())
            self.count += float(w.sum().item())

    def update_state(self, values, sample_weight=None):
        values = values if isinstance(values, tt.Tensor) else tt.asarray(values)
        self.update_values(values, values.shape[0] if values.ndim else 1, sample_weight)

    def result(self):
        return self.total / self.count if self.count else float("nan")


class MeanMetricWrapper(Mean):
    """A per-sample function ``fn(y_true, y_pred)`` averaged over the samples seen."""

    def __init__(self, fn, name=None):
        self.fn = fn
        super().__init__(name or getattr(fn, "__name__", "metric"))

    def update_state(self, y_true, y_pred, sample_weight=None):
        values = self.fn(y_true, y_pred)
        self.update_values(values, y_pred.shape[0] if y_pred.ndim else 1, sample_weight)


class Accuracy(MeanMetricWrapper):
    def __init__(self, name="accuracy"):
        super().__init__(_auto_accuracy, name)


class CategoricalAccuracy(MeanMetricWrapper):
    def __init__(self, name="categorical_accuracy"):
        super().__init__(categorical_accuracy, name)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    def __init__(self, name="sparse_categorical_accuracy"):
        super().__init__(sparse_categorical_accuracy, name)


class BinaryAccuracy(MeanMetricWrapper):
    def __init__(self, name="binary_accuracy", threshold=0.5):
        super().__init__(lambda t, p: binary_accuracy(t, p, threshold), name)


class MeanSquaredError(MeanMetricWrapper):
    def __init__(self, name="mean_squared_error"):
        super().__init__(mean_squared_error, name)


class MeanAbsoluteError(MeanMetricWrapper):
    def __init__(self, name="mean_absolute_error"):
        super().__init__(mean_absolute_error, name)


def get(identifier, loss_name=None, custom_objects=None):
    """A Metric object from a name, a callable ``f(y_true, y_pred)`` or a Metric (kept as is)."""
    if isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, str):
        if identifier in ("accuracy", "acc"):
            fn = _ACCURACY_FOR_LOSS.get(loss_name, _auto_accuracy)
            return MeanMetricWrapper(fn, identifier)
        if identifier in FUNCTIONS:
            return MeanMetricWrapper(FUNCTIONS[identifier], identifier)
        if custom_objects and identifier in custom_objects:
            return get(custom_objects[identifier], loss_name)
        raise ValueError("unknown metric %r; known: accuracy, acc, %s, or a callable(y_true, y_pred) "
                         "(a custom metric of a saved model is found through load_model(custom_objects=...))"
                         % (identifier, ", ".join(sorted(FUNCTIONS))))
    if isinstance(identifier, type) and issubclass(identifier, Metric):
        return identifier()
    if callable(identifier):
        return MeanMetricWrapper(identifier)
    raise ValueError("a metric is a name, a Metric or a callable(y_true, y_pred), not %r" % (identifier,))
