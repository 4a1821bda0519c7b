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
    """Per sample, 1.0 where ``argmax(y_pred[b]) == argmax(y_true[b])`` (one-hot labels), else 0.0.

    Parameters
    ----------
    y_true : Tensor
        The labels as given.
    y_pred : Tensor
        What the model outputs (probabilities, not logits).

    Returns
    -------
    Tensor
        One float value per sample, shape (B,).

    Examples
    --------
    >>> from tinytensor.keras import metrics
    >>> metrics.categorical_accuracy(tt.tensor([[0, 1], [1, 0]]), tt.tensor([[0.2, 0.8], [0.3, 0.7]]))
    tensor([1., 0.], dtype=float32)
    """
    return (tt.argmax(y_pred, axis=-1) == tt.argmax(y_true, axis=-1)).astype(tt.float32)


def sparse_categorical_accuracy(y_true, y_pred):
    """Per sample, 1.0 where ``argmax(y_pred[b]) == y_true[b]`` (integer labels, shape (B,) or (B, 1)), else 0.0.

    Parameters
    ----------
    y_true : Tensor
        The labels as given.
    y_pred : Tensor
        What the model outputs (probabilities, not logits).

    Returns
    -------
    Tensor
        One float value per sample, shape (B,).

    Examples
    --------
    >>> from tinytensor.keras import metrics
    >>> metrics.sparse_categorical_accuracy(tt.tensor([1, 1]), tt.tensor([[0.2, 0.8], [0.3, 0.7]]))
    tensor([1., 1.], dtype=float32)
    """
    y = y_true.reshape(-1) if y_true.ndim > 1 else y_true
    return (tt.argmax(y_pred, axis=-1) == y.astype(tt.int64)).astype(tt.float32)


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """Per sample, the fraction of elements where ``(y_pred > threshold) == y_true``.

    Labels one axis short of `y_pred` get a trailing axis, as Keras.

    Parameters
    ----------
    y_true : Tensor
        The labels as given.
    y_pred : Tensor
        What the model outputs (probabilities, not logits).
    threshold : float, default 0.5
        The decision threshold.

    Returns
    -------
    Tensor
        One float value per sample, shape (B,).

    Examples
    --------
    >>> from tinytensor.keras import metrics
    >>> metrics.binary_accuracy(tt.tensor([1, 0, 1]), tt.tensor([[0.9], [0.6], [0.4]]))
    tensor([1., 0., 0.], dtype=float32)
    """
    hit = (y_pred > threshold).astype(y_pred.dtype) == _align(y_true, y_pred)
    return _per_sample_mean(hit.astype(tt.float32))


def mean_squared_error(y_true, y_pred):
    """Per sample, ``mean over its elements of (y_pred - y_true) ** 2``.

    Parameters
    ----------
    y_true : Tensor
        The labels as given.
    y_pred : Tensor
        What the model outputs (probabilities, not logits).

    Returns
    -------
    Tensor
        One float value per sample, shape (B,).

    Examples
    --------
    >>> from tinytensor.keras import metrics
    >>> metrics.mean_squared_error(tt.tensor([[1.0, 1.0]]), tt.tensor([[1.0, 3.0]]))
    tensor([2.])
    """
    d = y_pred - _align(y_true, y_pred)
    return _per_sample_mean(d * d)


def mean_absolute_error(y_true, y_pred):
    """Per sample, ``mean over its elements of |y_pred - y_true|``.

    Parameters
    ----------
    y_true : Tensor
        The labels as given.
    y_pred : Tensor
        What the model outputs (probabilities, not logits).

    Returns
    -------
    Tensor
        One float value per sample, shape (B,).

    Examples
    --------
    >>> from tinytensor.keras import metrics
    >>> metrics.mean_absolute_error(tt.tensor([[1.0, 1.0]]), tt.tensor([[1.0, 3.0]]))
    tensor([1.])
    """
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
    """Base class of the metrics: state accumulated over batches by `update_state`, read by
    `result`, cleared by `reset_state` (``fit`` resets them every epoch).

    Parameters
    ----------
    name : str, optional
        The key in the logs; the lower-cased class name by default.

    Examples
    --------
    >>> from tinytensor.keras import metrics
    >>> class Count(metrics.Metric):
    ...     def reset_state(self):
    ...         self.n = 0
    ...     def update_state(self, y_true, y_pred, sample_weight=None):
    ...         self.n += y_pred.shape[0]
    ...     def result(self):
    ...         return self.n
    >>> m = Count()
    >>> m.update_state(None, tt.zeros((4, 2))); m.update_state(None, tt.zeros((3, 2)))
    >>> m.name, m.result()
    ('count', 7)
    """

    def __init__(self, name=None):
        self.name = name or type(self).__name__.lower()
        self.reset_state()

    def reset_state(self):
        """Clear the accumulated state (the start of an epoch).

        Raises
        ------
        NotImplementedError
            On the base class.

        Examples
        --------
        >>> m = tt.keras.metrics.Mean()
        >>> m.update_state([1.0, 2.0]); m.reset_state()
        >>> m.result()
        nan
        """
        raise NotImplementedError

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Accumulate one batch.

        Parameters
        ----------
        y_true : Tensor
            The batch's labels as given.
        y_pred : Tensor
            What the model output for the batch.
        sample_weight : Tensor, optional
            One weight per sample (1 each by default).

        Raises
        ------
        NotImplementedError
            On the base class.

        Examples
        --------
        >>> m = tt.keras.metrics.SparseCategoricalAccuracy()
        >>> m.update_state(tt.tensor([0, 1]), tt.tensor([[0.9, 0.1], [0.8, 0.2]]))
        >>> m.update_state(tt.tensor([1]), tt.tensor([[0.4, 0.6]]), sample_weight=tt.tensor([2.0]))
        >>> m.result()                              # (1 + 0 + 2 * 1) / (1 + 1 + 2)
        0.75
        """
        raise NotImplementedError

    def result(self):
        """The metric's value over everything seen since the last `reset_state`.

        Returns
        -------
        float
            nan before any update, for the averaging metrics.

        Raises
        ------
        NotImplementedError
            On the base class.

        Examples
        --------
        >>> m = tt.keras.metrics.Mean()
        >>> m.update_state([1.0, 2.0, 6.0])
        >>> m.result()
        3.0
        """
        raise NotImplementedError

    def get_config(self):
        """The metric's configuration: ``{"name": name}``.

        Returns
        -------
        dict

        Examples
        --------
        >>> tt.keras.metrics.Accuracy().get_config()
        {'name': 'accuracy'}
        """
        return {"name": self.name}


class Mean(Metric):
    """The (weighted) mean of the values given: ``sum(w * value) / sum(w)`` over every sample
    seen (a row of several values counts as its mean).

    Parameters
    ----------
    name : str, optional
        The key in the logs ("mean").

    Examples
    --------
    >>> m = tt.keras.metrics.Mean()
    >>> m.update_state([1.0, 2.0]); m.update_state([3.0], sample_weight=tt.tensor([2.0]))
    >>> m.result()                                  # (1 + 2 + 2 * 3) / 4
    2.25
    """

    def reset_state(self):
        self.total, self.count = 0.0, 0.0

    def update_values(self, values, batch_size, sample_weight=None):
        """Accumulate a batch of per-sample values (a 0-d value counts once per sample of the
        batch, with weight `batch_size`, or the total of `sample_weight`).

        Parameters
        ----------
        values : Tensor or array_like
            Shape (B, ...): one value (or row, averaged) per sample; or 0-d.
        batch_size : int
            B, used for a 0-d value.
        sample_weight : Tensor, optional
            One weight per sample.

        Examples
        --------
        >>> m = tt.keras.metrics.Mean()
        >>> m.update_values(tt.tensor(0.5), batch_size=4)
        >>> m.update_values(tt.tensor([1.0]), batch_size=1)
        >>> m.result()                              # (4 * 0.5 + 1) / 5
        0.6
        """
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
        """Accumulate `values`, one per sample (rows averaged first).

        Parameters
        ----------
        values : Tensor or array_like
            The values; a 0-d value counts as one sample.
        sample_weight : Tensor, optional
            One weight per sample.

        Examples
        --------
        >>> m = tt.keras.metrics.Mean()
        >>> m.update_state([[1.0, 3.0], [5.0, 5.0]])
        >>> m.result()
        3.5
        """
        values = values if isinstance(values, tt.Tensor) else tt.asarray(values)
        self.update_values(values, values.shape[0] if values.ndim else 1, sample_weight)

    def result(self):
        return self.total / self.count if self.count else float("nan")


class MeanMetricWrapper(Mean):
    """A per-sample function averaged over every sample seen::

        total += sum(w * fn(y_true, y_pred));  count += sum(w);  result = total / count

    so the epoch's value does not depend on the batching. A function returning one number per
    batch counts as that value for each sample of the batch.

    Parameters
    ----------
    fn : callable
        ``fn(y_true, y_pred) -> Tensor`` of shape (B,) (or 0-d).
    name : str, optional
        The key in the logs; ``fn.__name__`` by default.

    Examples
    --------
    >>> from tinytensor.keras import metrics
    >>> m = metrics.MeanMetricWrapper(metrics.mean_absolute_error)
    >>> m.update_state(tt.tensor([[0.0]]), tt.tensor([[2.0]]))
    >>> m.update_state(tt.tensor([[0.0], [0.0]]), tt.tensor([[1.0], [0.0]]))
    >>> m.name, m.result()
    ('mean_absolute_error', 1.0)
    """

    def __init__(self, fn, name=None):
        self.fn = fn
        super().__init__(name or getattr(fn, "__name__", "metric"))

    def update_state(self, y_true, y_pred, sample_weight=None):
        values = self.fn(y_true, y_pred)
        self.update_values(values, y_pred.shape[0] if y_pred.ndim else 1, sample_weight)


class Accuracy(MeanMetricWrapper):
    """Accuracy that picks its rule from the shapes: categorical when `y_pred` has several
    columns and `y_true` the same shape, sparse categorical when `y_true` holds labels, binary
    when `y_pred` has one column (see `MeanMetricWrapper`).

    Parameters
    ----------
    name : str, default "accuracy"
        The key in the logs.

    Examples
    --------
    >>> m = tt.keras.metrics.Accuracy()
    >>> m.update_state(tt.tensor([1, 0]), tt.tensor([[0.2, 0.8], [0.6, 0.4]]))
    >>> m.result()
    1.0
    """

    def __init__(self, name="accuracy"):
        super().__init__(_auto_accuracy, name)


class CategoricalAccuracy(MeanMetricWrapper):
    """`categorical_accuracy` averaged over the samples seen (see `MeanMetricWrapper`).

    Parameters
    ----------
    name : str, default "categorical_accuracy"
        The key in the logs.

    Examples
    --------
    >>> m = tt.keras.metrics.CategoricalAccuracy()
    >>> m.update_state(tt.tensor([[0, 1], [1, 0]]), tt.tensor([[0.2, 0.8], [0.3, 0.7]]))
    >>> m.result()
    0.5
    """

    def __init__(self, name="categorical_accuracy"):
        super().__init__(categorical_accuracy, name)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """`sparse_categorical_accuracy` averaged over the samples seen (see `MeanMetricWrapper`).

    Parameters
    ----------
    name : str, default "sparse_categorical_accuracy"
        The key in the logs.

    Examples
    --------
    >>> m = tt.keras.metrics.SparseCategoricalAccuracy()
    >>> m.update_state(tt.tensor([1, 0]), tt.tensor([[0.2, 0.8], [0.3, 0.7]]))
    >>> m.result()
    0.5
    """

    def __init__(self, name="sparse_categorical_accuracy"):
        super().__init__(sparse_categorical_accuracy, name)


class BinaryAccuracy(MeanMetricWrapper):
    """`binary_accuracy` averaged over the samples seen (see `MeanMetricWrapper`).

    Parameters
    ----------
    name : str, default "binary_accuracy"
        The key in the logs.
    threshold : float, default 0.5
        Predictions above it count as 1.

    Examples
    --------
    >>> m = tt.keras.metrics.BinaryAccuracy(threshold=0.7)
    >>> m.update_state(tt.tensor([1, 1]), tt.tensor([[0.9], [0.6]]))
    >>> m.result()
    0.5
    """

    def __init__(self, name="binary_accuracy", threshold=0.5):
        super().__init__(lambda t, p: binary_accuracy(t, p, threshold), name)


class MeanSquaredError(MeanMetricWrapper):
    """`mean_squared_error` averaged over the samples seen (see `MeanMetricWrapper`).

    Parameters
    ----------
    name : str, default "mean_squared_error"
        The key in the logs.

    Examples
    --------
    >>> m = tt.keras.metrics.MeanSquaredError()
    >>> m.update_state(tt.tensor([[0.0], [0.0]]), tt.tensor([[1.0], [3.0]]))
    >>> m.result()
    5.0
    """

    def __init__(self, name="mean_squared_error"):
        super().__init__(mean_squared_error, name)


class MeanAbsoluteError(MeanMetricWrapper):
    """`mean_absolute_error` averaged over the samples seen (see `MeanMetricWrapper`).

    Parameters
    ----------
    name : str, default "mean_absolute_error"
        The key in the logs.

    Examples
    --------
    >>> m = tt.keras.metrics.MeanAbsoluteError()
    >>> m.update_state(tt.tensor([[0.0], [0.0]]), tt.tensor([[1.0], [3.0]]))
    >>> m.result()
    2.0
    """

    def __init__(self, name="mean_absolute_error"):
        super().__init__(mean_absolute_error, name)


def get(identifier, loss_name=None, custom_objects=None):
    """A Metric object from a name, a callable or a Metric (kept as is).

    Parameters
    ----------
    identifier : str, callable, Metric or Metric subclass
        "accuracy"/"acc" (categorical, sparse categorical or binary accuracy, chosen from
        `loss_name` as Keras does, else from the shapes), "categorical_accuracy",
        "sparse_categorical_accuracy", "binary_accuracy", "mse"/"mean_squared_error",
        "mae"/"mean_absolute_error"; or ``f(y_true, y_pred)``.
    loss_name : str, optional
        The compiled loss's name, for "accuracy".
    custom_objects : dict, optional
        Name -> metric, for names defined elsewhere.

    Returns
    -------
    Metric

    Raises
    ------
    ValueError
        If the name is unknown or `identifier` is of another kind.

    Examples
    --------
    >>> from tinytensor.keras import metrics
    >>> m = metrics.get("accuracy", loss_name="sparse_categorical_crossentropy")
    >>> m.name, m.fn is metrics.sparse_categorical_accuracy
    ('accuracy', True)
    >>> metrics.get("mse").name
    'mse'
    """
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
