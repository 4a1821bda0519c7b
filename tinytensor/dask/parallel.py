"""Synchronous data-parallel training on a Dask cluster (docs/scaling.md).

Every global batch of ``batch_size`` rows is split among the W workers; each worker holds its
shard of the data (scattered once, before the first step) and a replica of the model. One step:

    worker i:   g_i = d/dp [ (b_i / B) * loss(model(x_i), y_i) ]     b_i of the batch's B rows
    tree:       g = (g_0 + g_1) + (g_2 + g_3) + ...                 on the workers, log2(W) levels
    worker 0:   optimizer.step() with p.grad = g; send the new p     to every worker's next step

Because every loss is a mean over its samples, sum_i (b_i / B) * grad(mean over the b_i rows) is
the gradient of the mean over all B rows: the same update as one process training on the whole
batch, up to the order of float additions. Gradients and parameters move worker to worker (Dask
fetches a task's inputs from the worker that holds them); the client only submits tasks and
receives one loss per epoch and the parameters at the end of each epoch.

The shards: global batch k is rows [kB, (k+1)B) of (x, y) and worker i takes the i-th of W
nearly equal contiguous parts of it, so with ``shuffle=False`` the steps see exactly the batches
of ``model.fit(shuffle=False)``. With ``shuffle=True`` each worker permutes its own shard every
epoch (the data never moves between workers) and the k-th batch joins the k-th parts of those
permutations (``ShardPlan.global_batches`` lists them, for replaying a run in one process).
"""
from __future__ import annotations

import math
import os
import sys
import time
from typing import TYPE_CHECKING, Any

import tinytensor as tt
from tinytensor.dask._fronts import Front

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from distributed import Client

    from tinytensor.typing import ArrayLike


# ---- which rows go where --------------------------------------------------------------------

class ShardPlan:
    """How data-parallel training splits ``n`` rows: into global batches of `batch_size`, and
    every batch into `n_workers` nearly equal contiguous parts.

    Global batch ``k`` is rows ``[k * batch_size, (k + 1) * batch_size)``; worker ``i`` takes the
    i-th part of it (the first ``m % n_workers`` parts of a batch of ``m`` rows are one row
    longer)::

        for k, m in enumerate(batch_sizes):
            for i in range(n_workers):
                counts[i][k] = m // n_workers + (1 if i < m % n_workers else 0)

    Parameters
    ----------
    n : int
        The number of rows, >= 1.
    batch_size : int
        The rows per global batch (the last batch may be shorter), >= `n_workers`.
    n_workers : int
        The number of workers, >= 1.

    Attributes
    ----------
    steps : int
        The number of batches, ``ceil(n / batch_size)``.
    batch_sizes : list of int
        The size of each batch.
    counts : list of list of int
        ``counts[i][k]``: how many rows of batch ``k`` worker ``i`` takes.
    rows : list of Tensor
        ``rows[i]``: the global indices (int64) of the rows worker ``i`` holds, in its local order.

    Raises
    ------
    ValueError
        `n`, `batch_size` or `n_workers` is not a positive int, or `batch_size` is smaller than
        `n_workers` (every worker needs rows in every batch).

    See Also
    --------
    tinytensor.dask.shard_plan, tinytensor.dask.DataParallel

    Examples
    --------
    >>> from tinytensor.dask.parallel import ShardPlan
    >>> plan = ShardPlan(10, batch_size=4, n_workers=2)
    >>> plan.batch_sizes, plan.counts
    ([4, 4, 2], [[2, 2, 1], [2, 2, 1]])
    >>> plan.rows
    [tensor([0, 1, 4, 5, 8]), tensor([2, 3, 6, 7, 9])]
    """

    def __init__(self, n, batch_size, n_workers):
        for name, v in (("n", n), ("batch_size", batch_size), ("n_workers", n_workers)):
            if not isinstance(v, int) or isinstance(v, bool) or v < 1:
                raise ValueError(f"{name} must be a positive int, got {v!r}")
        if batch_size < n_workers:
            raise ValueError(f"batch_size ({batch_size}) is smaller than the number of workers "
                             f"({n_workers}): every worker needs rows in every batch")
        self.n, self.batch_size, self.n_workers = n, batch_size, n_workers
        self.steps = -(-n // batch_size)
        self.batch_sizes = [min(batch_size, n - k * batch_size) for k in range(self.steps)]
        self.counts = [[m // n_workers + (1 if i < m % n_workers else 0) for m in self.batch_sizes]
                       for i in range(n_workers)]
        rows = [[] for _ in range(n_workers)]
        for k, m in enumerate(self.batch_sizes):
            start = k * batch_size
            for i in range(n_workers):
                c = self.counts[i][k]
                rows[i].append(tt.arange(start, start + c, dtype=tt.int64))
                start += c
        self.rows = [tt.concatenate(r) for r in rows]

    def local_batches(self, worker, epoch, seed):
        """A worker's local row positions for each step of an epoch.

        Without a seed, slices of its shard in order; with one, cuts of a permutation of its shard
        drawn from ``tt.random.default_rng([seed, epoch, worker])`` (so each worker shuffles only its
        own rows, the same way on every run)::

            order = permutation(len(shard)) if seed is not None else range(len(shard))
            batches = [order[start_k:start_k + counts[worker][k]] for k in range(steps)]

        Parameters
        ----------
        worker : int
            The worker's index, ``0 <= worker < n_workers``.
        epoch : int
            The epoch (part of the seed of the permutation).
        seed : int or None
            None for the rows in order, else the run's shuffling seed.

        Returns
        -------
        list of slice or list of Tensor
            One entry per step: slices (no seed) or int64 index tensors (with a seed) into the
            worker's shard, i.e. into ``rows[worker]``.

        Raises
        ------
        IndexError
            `worker` is out of range.

        Examples
        --------
        >>> from tinytensor.dask import shard_plan
        >>> plan = shard_plan(10, 4, 2)
        >>> plan.local_batches(0, epoch=0, seed=None)
        [slice(0, 2, None), slice(2, 4, None), slice(4, 5, None)]
        >>> [len(b) for b in plan.local_batches(1, epoch=0, seed=7)]
        [2, 2, 1]
        """
        return _local_batches(self.counts[worker], worker, epoch, seed)

    def global_batches(self, epoch=0, seed=None):
        """The global row indices of each step's batch, worker 0's part first.

        What one process must train on, batch by batch, to reproduce a data-parallel epoch::

            batch[k] = concatenate([rows[i][local_batches(i, epoch, seed)[k]] for i in workers])

        Parameters
        ----------
        epoch : int, optional
            The epoch. Default 0.
        seed : int, optional
            The shuffling seed, as ``DataParallel.fit`` got it. Default None: no shuffling (then the
            batches are ``model.fit(shuffle=False)``'s).

        Returns
        -------
        list of Tensor
            ``steps`` int64 tensors; batch ``k`` has ``batch_sizes[k]`` indices. Together they are a
            permutation of ``range(n)``.

        Examples
        --------
        >>> from tinytensor.dask import shard_plan
        >>> plan = shard_plan(10, 4, 2)
        >>> plan.global_batches()
        [tensor([0, 1, 2, 3]), tensor([4, 5, 6, 7]), tensor([8, 9])]
        >>> sorted(tt.concatenate(plan.global_batches(epoch=1, seed=7)).tolist()) == list(range(10))
        True
        """
        parts = [[self.rows[i][b] for b in self.local_batches(i, epoch, seed)]
                 for i in range(self.n_workers)]
        return [tt.concatenate([parts[i][k] for i in range(self.n_workers)]) for k in range(self.steps)]


def _local_batches(counts, worker, epoch, seed):
    order = None
    if seed is not None:
        order = tt.random.default_rng([seed, epoch, worker]).permutation(sum(counts))
    out, start = [], 0
    for c in counts:
        out.append(slice(start, start + c) if order is None else order[start:start + c])
        start += c
    return out


def shard_plan(n, batch_size, n_workers):
    """How ``fit`` splits ``n`` rows among the workers: ``ShardPlan(n, batch_size, n_workers)``.

    Parameters
    ----------
    n : int
        The number of rows, >= 1.
    batch_size : int
        The rows per global batch, >= `n_workers`.
    n_workers : int
        The number of workers, >= 1.

    Returns
    -------
    ShardPlan
        The plan (its ``rows``, ``counts``, ``batch_sizes`` and ``global_batches``).

    Raises
    ------
    ValueError
        An argument is not a positive int, or `batch_size` is smaller than `n_workers`.

    See Also
    --------
    tinytensor.dask.parallel.ShardPlan

    Examples
    --------
    >>> from tinytensor.dask import shard_plan
    >>> plan = shard_plan(10, 4, 3)
    >>> plan.steps, plan.counts
    (3, [[2, 2, 1], [1, 1, 1], [1, 1, 0]])
    """
    return ShardPlan(n, batch_size, n_workers)


# ---- what lives on the workers ----------------------------------------------------------------

class _Shard:
    """One worker's rows of (x, y) and its part of the plan; caches the epoch's batches."""

    def __init__(self, plan, worker, x, y):
        self.worker, self.x, self.y = worker, x, y
        self.counts, self.batch_sizes = plan.counts[worker], plan.batch_sizes
        self._epoch = self._batches = None

    def batch(self, epoch, step, seed):
        if self._epoch != (epoch, seed):
            self._batches = _local_batches(self.counts, self.worker, epoch, seed)
            self._epoch = (epoch, seed)
        idx = self._batches[step]
        return self.x[idx], self.y[idx]


class _Replica:
    """A worker's copy of the model (and, on the root worker, the optimizer that is stepped)."""

    def __init__(self, front):
        self.front = front
        self.losses = []


def _add(a, b):
    if a is None:
        return b
    return a if b is None else a + b


def _gradients(replica, shard, weights, epoch, step, seed):
    """This worker's share of step ``step``'s gradient: (grads, loss summed over its rows)."""
    front = replica.front
    if weights is not None:
        front.set_weights(weights)
    xb, yb = shard.batch(epoch, step, seed)
    if len(xb) == 0:
        return (None,) * len(front.params), 0.0
    grads, loss = front.gradients(xb, yb, len(xb) / shard.batch_sizes[step])
    return grads, loss * len(xb)


def _sum(a, b):
    return tuple(_add(x, y) for x, y in zip(a[0], b[0])), a[1] + b[1]


def _step(replica, *parts):
    """The last sum of the tree (one or two parts) and the optimizer step; the new parameters."""
    grads, loss_sum = parts[0] if len(parts) == 1 else _sum(*parts)
    replica.front.step(grads)
    replica.losses.append(loss_sum)
    return replica.front.get_weights()


def _take_losses(replica, weights):
    """The summed losses of the steps so far (``weights`` orders this after the last step)."""
    total, replica.losses = sum(replica.losses), []
    return total


def _optimizer_state(replica, weights):
    return replica.front.optimizer_state()


# ---- the client side ----------------------------------------------------------------------------

def _client(client):
    if client is not None:
        return client
    from distributed import get_client
    try:
        return get_client()
    except ValueError:
        raise ValueError("no Dask client: pass client= or create distributed.Client(...) first") from None


# seconds fit waits for a worker when the cluster has none at the moment
WORKER_WAIT = 30


class DataParallel:
    """Synchronous data-parallel training of a model over the workers of a Dask cluster.

    Every global batch is split among the workers (see ``ShardPlan``); each computes the gradient
    of its share, the gradients are summed in a tree on the workers and worker 0 steps the
    optimizer, so a step is the update of one process training on the whole batch (up to the
    order of float additions)::

        worker i:   g_i = d/dp [ (b_i / B) * loss(model(x_i), y_i) ]
        tree:       g = (g_0 + g_1) + (g_2 + g_3) + ...
        worker 0:   optimizer.step() with p.grad = g; the new p go to every worker

    Two fronts: a Keras-style ``tinytensor.models.Sequential`` (compiled, or with `loss` and
    `optimizer` given), or a PyTorch-style ``nn.Module`` with a `loss` called as
    ``loss(output, target)`` and an `optimizer` built on its parameters::

        dp = DataParallel(model, client=client)                 # Keras front, compiled
        dp = DataParallel(net, loss=nn.CrossEntropyLoss(), optimizer=optim.SGD(net.parameters()),
                          client=client)                        # PyTorch front
        history = dp.fit(x, y, batch_size=128, epochs=5)

    After ``fit`` the model's parameters and the optimizer's state on the client are those of the
    trained replica, so training can continue in one process (or another ``fit``).

    Parameters
    ----------
    model : Sequential or nn.Module
        The model to train.
    loss : str or callable, optional
        The loss: a Keras loss name or function for a Sequential (default: the compiled one), or
        ``loss(output, target)`` for an nn.Module (required). Every loss must be a mean over the
        samples of the batch.
    optimizer : optimizer, optional
        For a Sequential, a name or optimizer (default: the compiled one); for an nn.Module, a
        ``tinytensor.optim`` optimizer on its parameters (required).
    client : distributed.Client, optional
        The Dask client. Default None: the current one (``distributed.get_client()``).
    workers : sequence of str or int, optional
        The worker addresses to use, or how many of them (the first in sorted order). Default
        None: every worker of the client, sorted.

    Raises
    ------
    ValueError
        No client exists; a Sequential is not compiled and `loss` or `optimizer` is missing; an
        nn.Module is given without `loss` and `optimizer`; an unknown loss name.

    See Also
    --------
    tinytensor.dask.fit, tinytensor.dask.shard_plan

    Examples
    --------
    >>> from distributed import Client
    >>> from tinytensor import nn, optim
    >>> import tinytensor.dask as ttd
    >>> client = Client(processes=False, n_workers=2, threads_per_worker=1, dashboard_address=None)
    >>> _ = tt.manual_seed(0)
    >>> net = nn.Linear(2, 1)
    >>> x = tt.tensor([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]], dtype=tt.float32)
    >>> y = tt.tensor([[1.0], [1.0], [2.0], [0.0]], dtype=tt.float32)
    >>> dp = ttd.DataParallel(net, loss=nn.MSELoss(),
    ...                       optimizer=optim.SGD(net.parameters(), lr=0.1), client=client)
    >>> history = dp.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
    >>> sorted(history), len(history["loss"])
    (['loss', 'time'], 3)
    >>> history["loss"][0] > history["loss"][-1]
    True
    >>> client.close()
    """

    def __init__(self, model, loss=None, optimizer=None, client=None, workers=None):
        self.front = Front(model, loss=loss, optimizer=optimizer)
        self.model = model
        self.client = _client(client)
        self._workers_arg = workers

    def workers(self):
        """The addresses of the workers training uses, checked against the cluster.

        When the cluster has no worker at the moment (a nanny restarting one), it waits up to
        ``WORKER_WAIT`` seconds (30) for one.

        Returns
        -------
        list of str
            Every worker of the client, sorted (``workers=None``), the first `workers` of them (an
            int), or the given addresses.

        Raises
        ------
        ValueError
            The cluster has no worker after the wait; an int `workers` is not between 1 and the
            number of workers; an address is not one of the cluster's, or the list is empty.

        Examples
        --------
        >>> from distributed import Client
        >>> from tinytensor import nn, optim
        >>> import tinytensor.dask as ttd
        >>> client = Client(processes=False, n_workers=2, threads_per_worker=1, dashboard_address=None)
        >>> net = nn.Linear(2, 1)
        >>> dp = ttd.DataParallel(net, loss=nn.MSELoss(), optimizer=optim.SGD(net.parameters()),
        ...                       client=client, workers=1)
        >>> len(dp.workers())
        1
        >>> client.close()
        """
        known = sorted(self.client.scheduler_info(n_workers=-1)["workers"])
        if not known:
            # a worker the nanny is restarting (after a timeout or a crash) comes back shortly
            try:
                self.client.wait_for_workers(1, timeout=WORKER_WAIT)
            except (TimeoutError, OSError):
                pass
            known = sorted(self.client.scheduler_info(n_workers=-1)["workers"])
        if not known:
            raise ValueError(f"the Dask cluster has no workers (waited {WORKER_WAIT} s for one)")
        w = self._workers_arg
        if w is None:
            return known
        if isinstance(w, int) and not isinstance(w, bool):
            if not 1 <= w <= len(known):
                raise ValueError(f"workers={w}: the cluster has {len(known)} workers")
            return known[:w]
        w = list(w)
        missing = [a for a in w if a not in known]
        if missing or not w:
            raise ValueError(f"unknown workers {missing}; the cluster has {known}")
        return w

    def fit(self, x, y, batch_size=32, epochs=1, shuffle=True, seed=None, validation_data=None,
            verbose=1, timeout=None):
        """Train for `epochs` epochs over the workers; return the history.

        The data is scattered once (each worker gets its shard), then every step runs as described
        in the class docstring: one gradient task per worker, a tree of sums, one optimizer step on
        worker 0. The client receives one loss per epoch and the parameters at the end of each epoch.

        Parameters
        ----------
        x : Tensor or array_like
            The inputs, one sample per row.
        y : Tensor or array_like
            The targets, as many rows as `x`.
        batch_size : int, optional
            The rows per global step, split among the workers (>= the number of workers). Default 32.
        epochs : int, optional
            The number of passes over the data, >= 0. Default 1.
        shuffle : bool, optional
            Each worker permutes its own shard every epoch (the data never moves between workers).
            Default True. With False the steps see exactly the batches of
            ``model.fit(shuffle=False)``.
        seed : int, optional
            The shuffling seed (see ``ShardPlan.global_batches`` to replay a run). Default None: drawn
            from the OS when `shuffle` is True.
        validation_data : tuple of (x, y), optional
            Data to evaluate the model on after each epoch (on the client). Default None.
        verbose : int, optional
            1 prints one line per epoch, 0 nothing. Default 1.
        timeout : float, optional
            Seconds to wait for each epoch's results. Default None: no limit.

        Returns
        -------
        dict of str to list of float
            Per-epoch lists: ``"loss"`` (the mean training loss), ``"time"`` (seconds, from the first
            task submitted to the epoch's parameters back on the client) and, with
            `validation_data`, the ``"val_*"`` numbers of the model's ``evaluate`` on it.

        Raises
        ------
        ValueError
            `x` and `y` differ in length, `epochs` is not an int >= 0, `batch_size` is smaller than
            the number of workers, the model has no trainable parameters, or the cluster has no
            workers.
        TimeoutError
            An epoch took longer than `timeout`.

        Examples
        --------
        >>> from distributed import Client
        >>> from tinytensor import nn, optim
        >>> import tinytensor.dask as ttd
        >>> client = Client(processes=False, n_workers=2, threads_per_worker=1, dashboard_address=None)
        >>> net = nn.Linear(2, 1)
        >>> x = tt.ones((8, 2), dtype=tt.float32)
        >>> y = tt.zeros((8, 1), dtype=tt.float32)
        >>> dp = ttd.DataParallel(net, loss=nn.MSELoss(), optimizer=optim.SGD(net.parameters()),
        ...                       client=client)
        >>> history = dp.fit(x, y, batch_size=4, epochs=2, seed=0, verbose=0,
        ...                  validation_data=(x, y))
        >>> sorted(history)
        ['loss', 'time', 'val_loss']
        >>> client.close()
        """
        front = self.front
        x = front.prepare_x(x)
        y = y if isinstance(y, tt.Tensor) else tt.asarray(y)
        if len(x) != len(y):
            raise ValueError(f"x and y have different numbers of samples: {len(x)} and {len(y)}")
        if not isinstance(epochs, int) or epochs < 0:
            raise ValueError(f"epochs must be an int >= 0, got {epochs!r}")
        front.build(x)
        workers = self.workers()
        plan = ShardPlan(len(x), batch_size, len(workers))
        if shuffle and seed is None:
            seed = int.from_bytes(os.urandom(4), "little")
        seed = seed if shuffle else None
        if validation_data is not None:
            validation_data = (front.prepare_x(validation_data[0]), tt.asarray(validation_data[1]))
        client = self.client
        root = workers[0]

        def on(worker, func, *args):
            return client.submit(func, *args, workers=[worker], allow_other_workers=False, pure=False)

        shards, replicas, weights = [], [], None
        try:
            for i, w in enumerate(workers):     # the data and the model go to the workers once
                shards.append(client.scatter(_Shard(plan, i, x[plan.rows[i]], y[plan.rows[i]]),
                                             workers=[w], hash=False))
                replicas.append(client.scatter(_Replica(front), workers=[w], hash=False))
            history = {"loss": [], "time": []}
            for epoch in range(epochs):
                start = time.perf_counter()
                for k in range(plan.steps):
                    parts = [(on(w, _gradients, replicas[i], shards[i], weights, epoch, k, seed), w)
                             for i, w in enumerate(workers)]
                    while len(parts) > 2:       # the tree: pairs summed where the left one is
                        parts = [(on(a[1], _sum, a[0], b[0]), a[1]) for a, b in zip(parts[::2], parts[1::2])] \
                            + parts[len(parts) - len(parts) % 2:]
                    # only this step's result stays referenced: the scheduler frees each
                    # intermediate once its dependents have run
                    weights = on(root, _step, replicas[0], *[f for f, _ in parts])
                loss_sum = on(root, _take_losses, replicas[0], weights).result(timeout=timeout)
                front.set_weights(weights.result(timeout=timeout))
                logs = {"loss": loss_sum / len(x), "time": time.perf_counter() - start}
                if validation_data is not None:
                    vals = front.evaluate(*validation_data, batch_size=batch_size)
                    logs.update(("val_" + k, v) for k, v in vals.items())
                for k, v in logs.items():
                    history.setdefault(k, []).append(v)
                if verbose:
                    print("Epoch %d/%d - %.2fs - %s" % (epoch + 1, epochs, logs["time"], " - ".join(
                        "%s: %.4f" % (k, v) for k, v in logs.items() if k != "time")), file=sys.stdout)
            if weights is not None:
                front.set_optimizer_state(on(root, _optimizer_state, replicas[0], weights).result(timeout=timeout))
            return history
        finally:
            # after an error or Ctrl-C mid-epoch the queued steps are cancelled (nothing else
            # wants them); the shards and replicas leave the workers' memory
            if weights is not None and not weights.done():
                client.cancel([weights])
            for f in shards + replicas:
                f.release()


def fit(model: tt.nn.Module, x: ArrayLike, y: ArrayLike, client: Client | None = None,
        loss: str | Callable[..., Any] | None = None, optimizer: Any = None,
        workers: Sequence[str] | None = None, **kwargs: Any) -> dict[str, list[float]]:
    r"""Train `model` data-parallel on a Dask cluster:
    ``DataParallel(model, loss, optimizer, client, workers).fit(x, y, **kwargs)``.

    Parameters
    ----------
    model : Sequential or nn.Module
        The model (see ``DataParallel``).
    x : Tensor or array_like
        The inputs, one sample per row.
    y : Tensor or array_like
        The targets, as many rows as `x`.
    client : distributed.Client, optional
        The Dask client. Default None: the current one.
    loss : str or callable, optional
        The loss (default for a compiled Sequential: its own; required for an nn.Module).
    optimizer : optimizer, optional
        The optimizer (default for a compiled Sequential: its own; required for an nn.Module).
    workers : sequence of str or int, optional
        The workers to use, or how many. Default None: all of them.
    \*\*kwargs
        ``batch_size``, ``epochs``, ``shuffle``, ``seed``, ``validation_data``, ``verbose``,
        ``timeout``: see ``DataParallel.fit``.

    Returns
    -------
    dict of str to list of float
        The history: per-epoch ``"loss"``, ``"time"`` and, with validation data, ``"val_*"``.

    Raises
    ------
    ValueError
        As ``DataParallel`` and ``DataParallel.fit``.

    See Also
    --------
    tinytensor.dask.DataParallel

    Examples
    --------
    >>> from distributed import Client
    >>> from tinytensor import layers, models
    >>> import tinytensor.dask as ttd
    >>> client = Client(processes=False, n_workers=2, threads_per_worker=1, dashboard_address=None)
    >>> model = models.Sequential([layers.Dense(1)])
    >>> model.compile(loss="mse", optimizer="sgd")
    >>> x = tt.ones((8, 2), dtype=tt.float32)
    >>> y = tt.zeros((8, 1), dtype=tt.float32)
    >>> history = ttd.fit(model, x, y, client=client, batch_size=4, epochs=2, verbose=0)
    >>> len(history["loss"])
    2
    >>> client.close()
    """
    return DataParallel(model, loss=loss, optimizer=optimizer, client=client, workers=workers).fit(x, y, **kwargs)
