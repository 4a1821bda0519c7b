"""Data pipelines: ``Dataset``, ``TensorDataset``, ``DataLoader`` (PyTorch's names) and the
in-memory ``Batches`` / ``batches(x, y, batch_size=32, shuffle=True, seed=0)``.

``DataLoader(dataset, batch_size=1, shuffle=False, drop_last=False, seed=None, collate_fn=None)``
iterates over mini-batches of any object with ``__len__`` and ``__getitem__`` returning one
sample (a tinytensor ``Dataset``, a torch ``Dataset``, a list of pairs...). Each pass is one epoch;
with ``shuffle`` every epoch draws a new permutation from a generator seeded once with ``seed``
(so a run is reproducible and epochs differ); ``seed=None`` draws from the module-level state
(``tt.random.seed``). ``collate_fn(list_of_samples)`` builds a batch; the default stacks tensors,
NumPy/torch arrays and numbers into tensors, recursing into tuples, lists and dicts, as
PyTorch's ``default_collate`` does. A ``TensorDataset`` is batched by one gather per tensor,
without going through samples.

Foreign arrays become tensors through :func:`to_tensor`: NumPy arrays through the buffer
protocol and torch tensors through DLPack, both without copying.
"""
import numbers

import tinytensor as tt


def to_tensor(a):
    """A Tensor sharing memory with `a` where possible.

    A Tensor is returned as is, a NumPy array is read through the buffer protocol, a torch
    tensor through DLPack (detached first: the graph stays torch's); lists and numbers are
    copied into a new tensor.

    Parameters
    ----------
    a : array_like
        A Tensor, a NumPy or torch array, nested lists or a number.

    Returns
    -------
    Tensor

    Raises
    ------
    TypeError, ValueError
        If `a` cannot be read as an array (ragged lists, unsupported objects).

    Examples
    --------
    >>> from tinytensor.data import to_tensor
    >>> to_tensor([[1, 2], [3, 4]])
    tensor([[1, 2],
            [3, 4]])
    >>> t = tt.zeros(2)
    >>> to_tensor(t) is t
    True
    """
    if isinstance(a, tt.Tensor):
        return a
    if type(a).__module__.startswith("torch") and hasattr(a, "__dlpack__"):
        if getattr(a, "requires_grad", False):
            a = a.detach()
        return tt.from_dlpack(a)
    return tt.asarray(a)


def _permutation(rng, n):
    p = rng.permutation(n)
    return p if isinstance(p, tt.Tensor) else tt.asarray(p, dtype=tt.int64)


def _shuffle_rng(seed):
    # seed=None follows the module-level state (tt.random.seed)
    return tt.random if seed is None else tt.random.default_rng(seed)


def _check_batch_size(batch_size):
    if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral) or batch_size < 1:
        raise ValueError("batch_size must be a positive integer, got %r" % (batch_size,))
    return int(batch_size)


class Batches:
    r"""Mini-batches of in-memory arrays that share their first axis::

        order = permutation(n) if shuffle else range(n)      # a new permutation every pass
        for start in range(0, n, batch_size):
            yield tuple(a[order[start:start + batch_size]] for a in arrays)

    Without shuffling the batches are views (slices); shuffled batches are gathered copies. A
    single array gives batches that are tensors, not 1-tuples.

    Parameters
    ----------
    \*arrays : array_like
        One or more arrays (converted with `to_tensor`).
    batch_size : int, default 32
        Samples per batch (>= 1).
    shuffle : bool, default False
        Shuffle every pass.
    seed : int, optional
        Seeds a generator created once (epochs differ, runs repeat); None uses ``tt.random``'s
        module-level state.
    drop_last : bool, default False
        Drop the last, short batch.

    Raises
    ------
    ValueError
        If no array is given, the lengths differ, or `batch_size` is not a positive int.

    Examples
    --------
    >>> from tinytensor.data import Batches
    >>> b = Batches(tt.arange(5), tt.arange(5) * 10, batch_size=2)
    >>> len(b), [(x.tolist(), y.tolist()) for x, y in b]
    (3, [([0, 1], [0, 10]), ([2, 3], [20, 30]), ([4], [40])])
    >>> sorted(v for x in Batches(tt.arange(5), batch_size=2, shuffle=True, seed=0) for v in x.tolist())
    [0, 1, 2, 3, 4]
    """

    def __init__(self, *arrays, batch_size=32, shuffle=False, seed=None, drop_last=False):
        if not arrays:
            raise ValueError("Batches needs at least one array")
        self.batch_size = _check_batch_size(batch_size)
        self.arrays = [to_tensor(a) for a in arrays]
        n = len(self.arrays[0])
        for a in self.arrays[1:]:
            if len(a) != n:
                raise ValueError("all arrays must have the same length (first axis): %s"
                                 % [len(a) for a in self.arrays])
        self.n, self.shuffle, self.drop_last = n, shuffle, drop_last
        self.seed = seed
        self._rng = _shuffle_rng(seed) if shuffle else None

    def __len__(self):
        return self.n // self.batch_size if self.drop_last else -(-self.n // self.batch_size)

    def __iter__(self):
        n, bs = self.n, self.batch_size
        order = _permutation(self._rng, n).astype(tt.int64) if self.shuffle else None
        stop = n - n % bs if self.drop_last else n
        for start in range(0, stop, bs):
            end = min(start + bs, n)
            if order is None:
                batch = tuple(a[start:end] for a in self.arrays)
            else:
                idx = order[start:end]
                batch = tuple(a[idx] for a in self.arrays)
            yield batch if len(batch) > 1 else batch[0]


def batches(*arrays, batch_size=32, shuffle=False, seed=None, drop_last=False):
    r"""``Batches(*arrays, batch_size=..., shuffle=..., seed=..., drop_last=...)``: mini-batches
    of in-memory arrays (see `Batches`).

    Parameters
    ----------
    \*arrays : array_like
        Arrays sharing their first axis.
    batch_size : int, default 32
        Samples per batch.
    shuffle : bool, default False
        Shuffle every pass.
    seed : int, optional
        Seeds the shuffling.
    drop_last : bool, default False
        Drop the last, short batch.

    Returns
    -------
    Batches

    Raises
    ------
    ValueError
        As `Batches`.

    Examples
    --------
    >>> from tinytensor.data import batches
    >>> [x.tolist() for x in batches(tt.arange(5), batch_size=2, drop_last=True)]
    [[0, 1], [2, 3]]
    """
    return Batches(*arrays, batch_size=batch_size, shuffle=shuffle, seed=seed, drop_last=drop_last)


class Dataset:
    """Base class of map-style datasets: ``len(ds)`` samples, ``ds[i]`` is sample i. Subclasses
    define ``__len__`` and ``__getitem__``; `DataLoader` batches them.

    Examples
    --------
    >>> from tinytensor.data import Dataset, DataLoader
    >>> class Squares(Dataset):
    ...     def __len__(self):
    ...         return 4
    ...     def __getitem__(self, i):
    ...         return i, i * i
    >>> [(x.tolist(), y.tolist()) for x, y in DataLoader(Squares(), batch_size=2)]
    [([0, 1], [0, 1]), ([2, 3], [4, 9])]
    """

    def __len__(self):
        raise NotImplementedError

    def __getitem__(self, index):
        raise NotImplementedError


class TensorDataset(Dataset):
    r"""A dataset over tensors that share their first axis: sample i is
    ``tuple(t[i] for t in tensors)``. `DataLoader` batches it by one gather per tensor.

    Parameters
    ----------
    \*tensors : array_like
        The tensors (converted with `to_tensor`).

    Raises
    ------
    ValueError
        If none is given or their lengths differ.

    Examples
    --------
    >>> from tinytensor.data import TensorDataset
    >>> ds = TensorDataset(tt.arange(3), tt.tensor([1.0, 0.0, 1.0]))
    >>> len(ds), ds[1]
    (3, (tensor(1), tensor(0.)))
    """

    def __init__(self, *tensors):
        if not tensors:
            raise ValueError("TensorDataset needs at least one tensor")
        self.tensors = tuple(to_tensor(t) for t in tensors)
        n = len(self.tensors[0])
        if any(len(t) != n for t in self.tensors):
            raise ValueError("TensorDataset: tensors of different lengths %s" % [len(t) for t in self.tensors])

    def __len__(self):
        return len(self.tensors[0])

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)


def default_collate(samples):
    """Stack a list of samples into one batch, as PyTorch's ``default_collate``::

        tuple/list samples -> the same type, each field collated
        dict samples       -> {key: collate of that key}
        numbers            -> a tensor (bool, int64 or float64)
        arrays             -> tt.stack of them (same shapes)

    Parameters
    ----------
    samples : list
        The samples of one batch (non-empty).

    Returns
    -------
    Tensor, tuple, list or dict
        The batch, structured as a sample.

    Raises
    ------
    ValueError
        If samples have different numbers of fields or different shapes.

    Examples
    --------
    >>> from tinytensor.data import default_collate
    >>> default_collate([(tt.tensor([1, 2]), 0), (tt.tensor([3, 4]), 1)])
    (tensor([[1, 2],
            [3, 4]]), tensor([0, 1]))
    >>> default_collate([{"x": 1.5}, {"x": 2.5}])
    {'x': tensor([1.5, 2.5])}
    """
    first = samples[0]
    if isinstance(first, (tuple, list)):
        if any(len(s) != len(first) for s in samples):
            raise ValueError("default_collate: samples have different numbers of fields")
        return type(first)(default_collate([s[i] for s in samples]) for i in range(len(first)))
    if isinstance(first, dict):
        return {k: default_collate([s[k] for s in samples]) for k in first}
    if isinstance(first, bool) or isinstance(first, numbers.Number):
        dtype = tt.bool if isinstance(first, bool) else (tt.int64 if isinstance(first, numbers.Integral) else tt.float64)
        return tt.tensor([s for s in samples], dtype=dtype)
    tensors = [to_tensor(s) for s in samples]
    shape = tensors[0].shape
    for t in tensors:
        if t.shape != shape:
            raise ValueError("default_collate: samples of different shapes %s and %s (pass a collate_fn)"
                             % (shape, t.shape))
    return tt.stack(tensors)


class DataLoader:
    """Mini-batches over a map-style dataset (PyTorch's DataLoader, single process)::

        order = permutation(len(dataset)) if shuffle else range(len(dataset))
        for each run of batch_size indices in order:
            yield collate_fn([dataset[i] for i in those indices])

    Each pass is one epoch; with `shuffle` every epoch draws a new permutation.

    Parameters
    ----------
    dataset : object with ``__len__`` and ``__getitem__``
        A `Dataset`, a torch Dataset, a list of samples...
    batch_size : int, default 1
        Samples per batch (>= 1).
    shuffle : bool, default False
        Shuffle every epoch.
    drop_last : bool, default False
        Drop the last, short batch.
    seed : int, optional
        Seeds a generator created once; None uses ``tt.random``'s module-level state.
    collate_fn : callable, optional
        ``f(list of samples) -> batch``; `default_collate` by default.

    Raises
    ------
    TypeError
        If `dataset` lacks ``__len__``/``__getitem__`` or `collate_fn` is not callable.
    ValueError
        If `batch_size` is not a positive int.

    Examples
    --------
    >>> from tinytensor.data import DataLoader
    >>> pairs = [(float(i), i % 2) for i in range(5)]
    >>> loader = DataLoader(pairs, batch_size=2)
    >>> len(loader), [x.tolist() for x, y in loader]
    (3, [[0.0, 1.0], [2.0, 3.0], [4.0]])
    """

    def __init__(self, dataset, batch_size=1, shuffle=False, drop_last=False, seed=None, collate_fn=None):
        if not (hasattr(dataset, "__len__") and hasattr(dataset, "__getitem__")):
            raise TypeError("DataLoader needs a dataset with __len__ and __getitem__, got %s"
                            % type(dataset).__name__)
        self.dataset = dataset
        self.batch_size = _check_batch_size(batch_size)
        self.shuffle, self.drop_last, self.seed = shuffle, drop_last, seed
        if collate_fn is not None and not callable(collate_fn):
            raise TypeError("collate_fn must be callable")
        self.collate_fn = collate_fn or default_collate
        self._rng = _shuffle_rng(seed) if shuffle else None

    def __len__(self):
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def __iter__(self):
        n, bs = len(self.dataset), self.batch_size
        order = _permutation(self._rng, n).astype(tt.int64) if self.shuffle else None
        stop = n - n % bs if self.drop_last else n
        fast = isinstance(self.dataset, TensorDataset) and self.collate_fn is default_collate
        for start in range(0, stop, bs):
            end = min(start + bs, n)
            if fast:
                idx = order[start:end] if order is not None else slice(start, end)
                yield tuple(t[idx] for t in self.dataset.tensors)
                continue
            indices = order[start:end].tolist() if order is not None else range(start, end)
            yield self.collate_fn([self.dataset[i] for i in indices])
