"""What ``fit`` / ``evaluate`` / ``predict`` accept, turned into batches ``(x, y, sample_weight)``.

- Arrays: tinytensor tensors, NumPy arrays (buffer protocol, no copy), torch tensors (DLPack,
  no copy) and nested lists, with ``y`` (and ``sample_weight``) alike; batched by ``batch_size``
  (default 32) and shuffled each epoch when ``shuffle`` (``fit``'s default).
- A ``tinytensor.data.DataLoader``, a torch ``DataLoader``, or any re-iterable object yielding
  batches: a new pass each epoch.
- A Python generator or iterator yielding batches: consumed across epochs; give
  ``steps_per_epoch`` (otherwise the first epoch uses it up, and the next one stops training
  with a warning, as Keras).
- A map-style dataset of *samples* (``tinytensor.data.Dataset`` or ``torch.utils.data.Dataset``):
  batched by a ``DataLoader(batch_size, shuffle)``.
- Any other object with ``__len__`` and ``__getitem__`` (a Keras ``PyDataset``-like sequence):
  ``ds[i]`` is batch i; ``ds.on_epoch_end()`` is called after each epoch if it exists.

A batch is ``x``, ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)``; its parts are converted as
arrays are. With a generator or dataset, ``y`` and ``sample_weight`` must not be given
separately. ``steps_per_epoch`` also caps a finite source; a re-iterable one restarts when it
runs out mid-epoch.
"""
import numbers

import tinytensor as tt
from tinytensor import data as _data


def _is_torch(obj, name):
    return any(c.__name__ == name and c.__module__.startswith("torch.utils.data") for c in type(obj).__mro__)


def _is_array(obj):
    if isinstance(obj, (tt.Tensor, list, numbers.Number)):
        return True
    if isinstance(obj, tuple):
        return False
    if type(obj).__module__.startswith("torch") and hasattr(obj, "__dlpack__"):
        return True
    return hasattr(obj, "__array_interface__") or hasattr(obj, "__array__") or hasattr(obj, "__dlpack__")


class EpochIterator:
    """Turns what ``fit`` / ``evaluate`` / ``predict`` accept into batches
    ``(x, y, sample_weight)``, one epoch at a time (see the module docstring for the kinds).

    Parameters
    ----------
    x : array_like, generator, iterable of batches, DataLoader, Dataset or sequence
        The inputs, or the batches.
    y, sample_weight : array_like, optional
        With array `x` only.
    batch_size : int, optional
        Samples per batch for arrays and datasets (32).
    steps_per_epoch : int, optional
        Batches per epoch (caps a finite source; needed for endless generators).
    shuffle : bool, default False
        Shuffle arrays and datasets each epoch.
    seed : int, optional
        Seeds the shuffling.

    Raises
    ------
    ValueError
        If `x` is None, `steps_per_epoch` is not a positive int, the arrays' sample counts
        differ or are 0-d, `sample_weight` comes without `y`, or `y` comes with batched data.
    TypeError
        If `x` is of no accepted kind.

    Examples
    --------
    >>> from tinytensor.keras.data_adapter import EpochIterator
    >>> it = EpochIterator(tt.arange(5), tt.arange(5) * 10, batch_size=2)
    >>> it.steps, [(xb.tolist(), yb.tolist()) for xb, yb, _ in it.epoch()]
    (3, [([0, 1], [0, 10]), ([2, 3], [20, 30]), ([4], [40])])
    """

    def __init__(self, x, y=None, sample_weight=None, batch_size=None, steps_per_epoch=None,
                 shuffle=False, seed=None):
        if x is None:
            raise ValueError("no input data: pass x (an array, a generator or a dataset)")
        if steps_per_epoch is not None and (isinstance(steps_per_epoch, bool) or
                                            not isinstance(steps_per_epoch, numbers.Integral) or steps_per_epoch < 1):
            raise ValueError("steps_per_epoch must be a positive integer, got %r" % (steps_per_epoch,))
        self.steps_per_epoch = steps_per_epoch
        self.reiterable, self._on_epoch_end = True, None
        if _is_array(x):
            arrays = [self.tensor(x)]
            if y is not None:
                arrays.append(self.tensor(y))
            if sample_weight is not None:
                if y is None:
                    raise ValueError("sample_weight needs y")
                arrays.append(self.tensor(sample_weight))
            lengths = [a.shape[0] if a.ndim else 0 for a in arrays]
            if any(a.ndim == 0 for a in arrays):
                raise ValueError("x, y and sample_weight need a first (sample) axis")
            if len(set(lengths)) != 1:
                raise ValueError("x, y and sample_weight have different numbers of samples: %s" % lengths)
            self._source = _data.Batches(*arrays, batch_size=batch_size or 32, shuffle=bool(shuffle), seed=seed)
            self._has = (y is not None, sample_weight is not None)
            n = len(self._source)
        else:
            if y is not None or sample_weight is not None:
                raise ValueError("y and sample_weight are given by the data itself when x is a %s: pass "
                                 "batches of (x, y) or (x, y, sample_weight)" % type(x).__name__)
            self._has = None
            n = None
            if isinstance(x, _data.Dataset) or _is_torch(x, "Dataset") and hasattr(x, "__len__"):
                x = _data.DataLoader(x, batch_size=batch_size or 32, shuffle=bool(shuffle), seed=seed)
            loader = isinstance(x, _data.DataLoader) or _is_torch(x, "DataLoader")
            if not loader and hasattr(x, "__len__") and hasattr(x, "__getitem__"):
                self._source = _Sequence(x)
                self._on_epoch_end = getattr(x, "on_epoch_end", None)
                n = len(x)
            elif hasattr(x, "__iter__") or hasattr(x, "__next__"):
                if iter(x) is x:                   # a generator / iterator: one shared stream
                    self.reiterable = False
                else:
                    try:
                        n = len(x)
                    except TypeError:
                        n = None
                self._source = x
            else:
                raise TypeError("cannot take data from a %s: pass arrays, a generator or iterable of "
                                "batches, a DataLoader or a dataset" % type(x).__name__)
        self.steps = steps_per_epoch if steps_per_epoch is not None else n
        self._iter = None

    # ---- conversions
    @staticmethod
    def tensor(a):
        """An array-like as a Tensor (no copy for tensors, NumPy and torch arrays).

        Parameters
        ----------
        a : array_like
            A Tensor, a NumPy or torch array, a number or nested lists.

        Returns
        -------
        Tensor

        Raises
        ------
        TypeError
            If `a` cannot be read as an array.

        Examples
        --------
        >>> from tinytensor.keras.data_adapter import EpochIterator
        >>> EpochIterator.tensor([[1, 2]])
        tensor([[1, 2]])
        """
        if isinstance(a, tt.Tensor):
            return a
        try:
            return _data.to_tensor(a)
        except (TypeError, ValueError) as e:
            raise TypeError("cannot use %s as an array: %s" % (type(a).__name__, e)) from None

    def _unpack(self, batch):
        if self._has is not None:                    # from Batches: (x[, y][, sw]) in order
            parts = batch if isinstance(batch, tuple) else (batch,)
            x = parts[0]
            y = parts[1] if self._has[0] else None
            sw = parts[2] if self._has[1] else None
            return x, y, sw
        if isinstance(batch, dict):
            raise TypeError("batches must be x, (x, y) or (x, y, sample_weight) tuples, not dicts")
        if isinstance(batch, (tuple, list)) and not (batch and isinstance(batch[0], numbers.Number)):
            if not 1 <= len(batch) <= 3:
                raise ValueError("a batch is x, (x,), (x, y) or (x, y, sample_weight); got a %s of %d items"
                                 % (type(batch).__name__, len(batch)))
            parts = [None if p is None else self.tensor(p) for p in batch] + [None, None]
            return parts[0], parts[1], parts[2]
        return self.tensor(batch), None, None

    # ---- iteration
    def _fresh(self):
        return iter(self._source)

    def epoch(self):
        """The batches of one epoch.

        Yields
        ------
        (Tensor, Tensor or None, Tensor or None)
            ``(x, y, sample_weight)``.

        Examples
        --------
        >>> from tinytensor.keras.data_adapter import EpochIterator
        >>> batches = ((tt.ones((2, 1)), tt.zeros(2)) for _ in range(10))     # a generator
        >>> it = EpochIterator(batches, steps_per_epoch=3)
        >>> len(list(it.epoch())), len(list(it.epoch()))                     # one shared stream
        (3, 3)
        """
        try:
            if self.steps_per_epoch is None:
                it = self._fresh() if self.reiterable else self._shared()
                for batch in it:
                    yield self._unpack(batch)
                return
            it = self._shared()
            for _ in range(self.steps_per_epoch):
                try:
                    batch = next(it)
                except StopIteration:
                    if not self.reiterable:
                        return
                    self._iter = it = self._fresh()
                    try:
                        batch = next(it)
                    except StopIteration:
                        return
                yield self._unpack(batch)
        finally:
            if self._on_epoch_end is not None:
                self._on_epoch_end()

    def _shared(self):
        if self._iter is None:
            self._iter = self._fresh() if self.reiterable else iter(self._source)
        return self._iter

    # ---- fit's helpers
    @classmethod
    def split(cls, x, y, sample_weight, fraction):
        """Hold out the last `fraction` of the samples for validation, as Keras does (arrays
        only).

        Parameters
        ----------
        x, y, sample_weight : array_like or None
            The arrays.
        fraction : float
            In (0, 1).

        Returns
        -------
        tuple
            ``(x_train, y_train, sample_weight_train, validation)`` with ``validation`` the
            tuple of the held-out non-None arrays.

        Raises
        ------
        ValueError
            If `x` is not an array.

        Examples
        --------
        >>> from tinytensor.keras.data_adapter import EpochIterator
        >>> x, y, sw, val = EpochIterator.split(tt.arange(4), tt.arange(4), None, 0.25)
        >>> x.tolist(), sw, [v.tolist() for v in val]
        ([0, 1, 2], None, [[3], [3]])
        """
        if not _is_array(x):
            raise ValueError("validation_split needs arrays; with a generator or dataset pass validation_data")
        arrays = [cls.tensor(a) if a is not None else None for a in (x, y, sample_weight)]
        n = arrays[0].shape[0]
        cut = int(n * (1.0 - fraction))
        train = [a[:cut] if a is not None else None for a in arrays]
        val = tuple(a[cut:] for a in arrays if a is not None)
        return train[0], train[1], train[2], val

    @classmethod
    def validation(cls, validation_data, batch_size, steps):
        """The iterator for ``fit``'s `validation_data`.

        Parameters
        ----------
        validation_data : tuple or data
            ``(x, y)``, ``(x, y, sample_weight)`` or batched data.
        batch_size : int or None
            Samples per batch.
        steps : int or None
            Batches per evaluation.

        Returns
        -------
        EpochIterator

        Raises
        ------
        ValueError
            If a tuple has not 2 or 3 items.

        Examples
        --------
        >>> from tinytensor.keras.data_adapter import EpochIterator
        >>> EpochIterator.validation((tt.zeros((5, 2)), tt.zeros(5)), 2, None).steps
        3
        """
        if isinstance(validation_data, tuple):
            if not 2 <= len(validation_data) <= 3:
                raise ValueError("validation_data is (x, y) or (x, y, sample_weight), got %d items"
                                 % len(validation_data))
            sw = validation_data[2] if len(validation_data) == 3 else None
            return cls(validation_data[0], validation_data[1], sw, batch_size=batch_size, steps_per_epoch=steps)
        return cls(validation_data, batch_size=batch_size, steps_per_epoch=steps)


class _Sequence:
    """Iterates over a PyDataset-like object: item i is batch i."""

    def __init__(self, seq):
        self.seq = seq

    def __iter__(self):
        for i in range(len(self.seq)):
            yield self.seq[i]
