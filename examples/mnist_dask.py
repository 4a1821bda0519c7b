"""The MNIST recipe (Dense 512 relu, Dense 10 softmax, rmsprop, batch 128) trained data-parallel
on a Dask cluster with tinytensor.dask.fit, for 1 and 2 workers: time per epoch and test accuracy.

    python examples/mnist_dask.py                     # LocalCluster with 1, then 2 workers
    python examples/mnist_dask.py --workers 2 --epochs 5 --baseline
    python examples/mnist_dask.py --scheduler tcp://host:8786 --workers 8   # an existing cluster

Each run starts from the same initial weights. ``--baseline`` also times model.fit in this one
process. Nothing is written anywhere unless ``--json PATH`` is given. See docs/scaling.md.
"""
import argparse
import json
import logging
import os
import time
from typing import TYPE_CHECKING, Any

import tinytensor as tt
from tinytensor import layers, models, nn
from tinytensor.datasets import mnist
from tinytensor.utils import to_categorical

if TYPE_CHECKING:
    from distributed import Client

Data = tuple[tt.Tensor, tt.Tensor]      # (images, one-hot labels)


def load(limit: int | None = None) -> tuple[Data, Data]:
    """((x, y), (x_test, y_test)) as the recipe prepares them; ``limit`` keeps the first rows."""
    (x, y), (xt, yt) = mnist.load_data()
    if limit:
        x, y, xt, yt = x[:limit], y[:limit], xt[:limit], yt[:limit]
    x = x.reshape((x.shape[0], 28 * 28)).astype("float32") / 255
    xt = xt.reshape((xt.shape[0], 28 * 28)).astype("float32") / 255
    return (x, to_categorical(y, 10)), (xt, to_categorical(yt, 10))


def build(seed: int = 0) -> models.Sequential:
    nn.init.seed(seed)
    network = models.Sequential()
    network.add(layers.Dense(512, activation="relu", input_shape=(28 * 28,)))
    network.add(layers.Dense(10, activation="softmax"))
    network.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return network


def run_on_cluster(client: "Client", n_workers: int, train: Data, test: Data, epochs: int,
                   batch_size: int, seed: int, threads: int) -> dict[str, Any]:
    import tinytensor.dask as ttd
    workers = sorted(client.scheduler_info(n_workers=-1)["workers"])[:n_workers]
    client.run(tt.set_num_threads, threads, workers=workers)
    network = build(seed)
    x, y = train
    history = ttd.fit(network, x, y, client=client, workers=workers, batch_size=batch_size,
                      epochs=epochs, shuffle=True, seed=seed, validation_data=test, verbose=1)
    return {"workers": n_workers, "threads_per_worker": threads, "epoch_s": history["time"],
            "loss": history["loss"], "test_accuracy": history["val_accuracy"][-1]}


def run_local(n_workers: int, *common: Any) -> dict[str, Any]:
    from distributed import Client, LocalCluster
    # distributed's LocalCluster and Client are not annotated: mypy --strict needs the ignores
    with LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:  # type: ignore[no-untyped-call]
        return run_on_cluster(client, n_workers, *common)


def run_baseline(train: Data, test: Data, epochs: int, batch_size: int, seed: int) -> dict[str, Any]:
    network = build(seed)
    times: list[float] = []
    for epoch in range(epochs):
        start = time.perf_counter()
        network.fit(*train, batch_size=batch_size, epochs=1, seed=seed + epoch, verbose=0)
        times.append(time.perf_counter() - start)
    return {"workers": "model.fit", "threads_per_worker": tt.get_num_threads(), "epoch_s": times,
            "test_accuracy": network.evaluate(*test, verbose=0)[1]}


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to run")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=None,
                   help="tinytensor threads per worker (default: cores / workers)")
    p.add_argument("--scheduler", default=None, help="address of an existing Dask scheduler")
    p.add_argument("--baseline", action="store_true", help="also time model.fit in one process")
    p.add_argument("--limit", type=int, default=None, help="use only the first N train/test rows")
    p.add_argument("--json", default=None, help="write the results to this file")
    args = p.parse_args(argv)
    train, test = load(args.limit)
    cores = os.cpu_count() or 1
    results: list[dict[str, Any]] = []
    if args.baseline:
        results.append(run_baseline(train, test, args.epochs, args.batch_size, args.seed))
    for w in args.workers:
        threads = args.threads or max(1, cores // w)
        common = (train, test, args.epochs, args.batch_size, args.seed, threads)
        if args.scheduler:
            from distributed import Client
            with Client(args.scheduler) as client:  # type: ignore[no-untyped-call]
                results.append(run_on_cluster(client, w, *common))
        else:
            results.append(run_local(w, *common))
    print("\n%-10s %8s %12s %12s %9s" % ("workers", "threads", "epoch 1 (s)", "later (s)", "test acc"))
    for r in results:
        later = r["epoch_s"][1:] or r["epoch_s"]
        print("%-10s %8s %12.2f %12.2f %9.4f" % (r["workers"], r["threads_per_worker"], r["epoch_s"][0],
                                                 sorted(later)[len(later) // 2], r["test_accuracy"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    return results


if __name__ == "__main__":
    main()
