"""The book's MNIST convnet (examples/convnet.py: Conv2D 32 / MaxPool / Conv2D 64 / MaxPool / Conv2D 64 /
Flatten / Dense 64 / Dense 10, rmsprop, categorical cross-entropy, batch 64) through tinytensor,
against the same architecture in PyTorch CPU (torch.nn.Conv2d etc., channels-first as PyTorch
prefers; tinytensor runs the Keras listing, channels-last).

    python bench/bench_convnet.py                  one epoch each (fresh processes, same threads),
                                                   then the three conv layers, then the GEMM
    python bench/bench_convnet.py --n 6400         a shorter "epoch" (100 batches)
    python bench/bench_convnet.py --layers-only    only the per-layer table
    pytest bench/bench_convnet.py --benchmark-only the per-layer cases under pytest-benchmark

Reported, all from the same run:

- the epoch: seconds and peak memory (ru_maxrss of a process that loads the data, builds the
  model and trains one epoch: each library in a process of its own, run one after the other;
  --repeat k alternates them k times and reports medians);
- per conv layer (batch 64; forward + backward as in training: relu fused for tinytensor, a
  separate ReLU module for torch; the first layer's input needs no gradient): median time of
  each, the ratio tinytensor / torch, and GFLOP/s (2 * N * OH * OW * OC * KH * KW * C / groups
  flops per product; forward + backward counts 3 products, 2 for the first layer);
- the packed GEMM's GFLOP/s on the same machine: the forward product of each conv layer as a
  plain tt.matmul of the im2col shape, and a 512^3 product.

Threads: --threads (default 2) for both libraries (OMP_NUM_THREADS, MKL_NUM_THREADS,
tt.set_num_threads, torch.set_num_threads, before either is imported). bench/ is not in testpaths:
the default test run never collects this file.
"""
import argparse
import json
import os
import subprocess
import sys
import time

BATCH = 64
LAYERS = [  # (name, C, H, W, OC): the three convolutions of the listing at batch 64
    ("conv1 1->32 28x28", 1, 28, 28, 32),
    ("conv2 32->64 13x13", 32, 13, 13, 64),
    ("conv3 64->64 5x5", 64, 5, 5, 64),
]


def _set_threads(n):
    for v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[v] = str(n)


def _maxrss_mib():
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def load(n):
    """(x float32 (n, 28, 28, 1) / 255, one-hot y float32 (n, 10)) as tinytensor tensors."""
    from tinytensor.datasets import mnist
    from tinytensor.utils import to_categorical
    (x, y), _ = mnist.load_data()
    x = x[:n].reshape((n, 28, 28, 1)).astype("float32") / 255
    return x, to_categorical(y[:n])


# ------------------------------------------------------------------ one epoch per library
def tinytensor_epoch(n, threads):
    import tinytensor as tt
    from tinytensor import layers, models
    tt.set_num_threads(threads)
    x, y = load(n)
    model = models.Sequential()
    model.add(layers.Conv2D(32, (3, 3), activation="relu", input_shape=(28, 28, 1)))
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Conv2D(64, (3, 3), activation="relu"))
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Conv2D(64, (3, 3), activation="relu"))
    model.add(layers.Flatten())
    model.add(layers.Dense(64, activation="relu"))
    model.add(layers.Dense(10, activation="softmax"))
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    t0, c0 = time.perf_counter(), time.process_time()
    hist = model.fit(x, y, epochs=1, batch_size=BATCH, verbose=0)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": seconds, "cpu_seconds": cpu, "maxrss_mib": _maxrss_mib(),
            "accuracy": hist.history["accuracy"][-1]}


def torch_epoch(n, threads):
    import numpy as np
    import torch
    torch.set_num_threads(threads)
    x, y = load(n)
    xt = torch.from_numpy(np.asarray(x)).permute(0, 3, 1, 2).contiguous()    # (n, 1, 28, 28)
    yt = torch.from_numpy(np.asarray(y).argmax(axis=1))
    del x, y
    nn = torch.nn
    model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Conv2d(64, 64, 3), nn.ReLU(), nn.Flatten(), nn.Linear(576, 64),
                          nn.ReLU(), nn.Linear(64, 10))
    opt = torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)   # Keras's rmsprop
    loss_fn = nn.CrossEntropyLoss()
    t0, c0 = time.perf_counter(), time.process_time()
    perm = torch.randperm(n)
    correct = 0
    for s in range(0, n, BATCH):
        idx = perm[s:s + BATCH]
        xb, yb = xt[idx], yt[idx]
        out = model(xb)
        loss = loss_fn(out, yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        correct += int((out.argmax(1) == yb).sum())
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": seconds, "cpu_seconds": cpu, "maxrss_mib": _maxrss_mib(), "accuracy": correct / n}


def _run_side(side, n, threads):
    """One epoch of one library in a fresh process (so ru_maxrss is that library's alone)."""
    cmd = [sys.executable, os.path.abspath(__file__), "--side", side, "--n", str(n), "--threads", str(threads)]
    p = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ))
    if p.returncode != 0:
        raise RuntimeError("%s side failed:\n%s" % (side, p.stderr))
    return json.loads(p.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ per layer
def _median_time(f, repeat):
    f()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2]


def layer_cases():
    """For each conv layer: (name, flops of forward + backward, tinytensor step, torch step)."""
    import numpy as np
    import torch
    import tinytensor as tt
    cases = []
    rng = np.random.default_rng(0)
    for name, C, H, W, OC in LAYERS:
        first = C == 1
        x = rng.standard_normal((BATCH, H, W, C)).astype(np.float32)
        w = (rng.standard_normal((3, 3, C, OC)) * 0.1).astype(np.float32)
        b = np.zeros(OC, np.float32)
        g = rng.standard_normal((BATCH, H - 2, W - 2, OC)).astype(np.float32)
        tx = tt.tensor(x, requires_grad=not first)
        tw, tb, tg = tt.tensor(w, requires_grad=True), tt.tensor(b, requires_grad=True), tt.tensor(g)

        def tt_step(tx=tx, tw=tw, tb=tb, tg=tg):
            tw.grad = tb.grad = tx.grad = None
            y = tt.conv2d(tx, tw, tb, data_format="channels_last", activation="relu")
            y.backward(tg)

        px = torch.from_numpy(x.transpose(0, 3, 1, 2).copy()).requires_grad_(not first)
        conv = torch.nn.Conv2d(C, OC, 3)
        pg = torch.from_numpy(g.transpose(0, 3, 1, 2).copy())

        def torch_step(px=px, conv=conv, pg=pg):
            conv.zero_grad()
            px.grad = None
            torch.relu(conv(px)).backward(pg)

        products = 2 if first else 3
        flops = products * 2.0 * BATCH * (H - 2) * (W - 2) * OC * 9 * C
        cases.append((name, flops, tt_step, torch_step))
    return cases


def gemm_cases():
    """(name, flops, step): each conv layer's forward product as a plain matmul, and 512^3."""
    import numpy as np
    import tinytensor as tt
    rng = np.random.default_rng(1)
    out = []
    shapes = [(name + " as matmul", BATCH * (H - 2) * (W - 2), 9 * C, OC) for name, C, H, W, OC in LAYERS]
    shapes.append(("512^3", 512, 512, 512))
    for name, M, K, N in shapes:
        a = tt.tensor(rng.standard_normal((M, K)).astype(np.float32))
        b = tt.tensor(rng.standard_normal((K, N)).astype(np.float32))
        out.append((name, 2.0 * M * N * K, lambda a=a, b=b: a @ b))
    return out


def layer_table(repeat):
    lines = ["| layer (batch 64, fwd + bwd) | tinytensor ms | torch ms | ratio tt/torch | tinytensor GFLOP/s | torch GFLOP/s |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, flops, tt_step, torch_step in layer_cases():
        a = _median_time(tt_step, repeat)
        b = _median_time(torch_step, repeat)
        lines.append("| %s | %.2f | %.2f | %.2f | %.1f | %.1f |" % (name, a * 1e3, b * 1e3, a / b, flops / a / 1e9,
                                                                  flops / b / 1e9))
    lines += ["", "| GEMM (float32) | ms | GFLOP/s |", "|---|---:|---:|"]
    for name, flops, step in gemm_cases():
        t = _median_time(step, repeat)
        lines.append("| %s | %.2f | %.1f |" % (name, t * 1e3, flops / t / 1e9))
    return "\n".join(lines)


# ------------------------------------------------------------------ pytest-benchmark
def _cases():
    if not hasattr(_cases, "cache"):
        import tinytensor as tt
        import torch
        n = int(os.environ.get("TT_BENCH_THREADS", "2"))
        tt.set_num_threads(n)
        torch.set_num_threads(n)
        _cases.cache = layer_cases()
    return _cases.cache


def _params():
    return [name for name, *_ in LAYERS]


try:
    import pytest

    @pytest.mark.parametrize("layer", range(len(LAYERS)), ids=_params())
    @pytest.mark.parametrize("lib", ["tinytensor", "torch"])
    def test_conv_layer(benchmark, layer, lib):
        pytest.importorskip("torch")
        name, flops, tt_step, torch_step = _cases()[layer]
        benchmark.group = name + " fwd+bwd"
        benchmark.extra_info["gflops"] = flops / 1e9
        benchmark(tt_step if lib == "tinytensor" else torch_step)
except ImportError:   # pragma: no cover  (running as a script without pytest)
    pass


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=60000, help="training images in the epoch (default 60000)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1, help="epochs per library, alternating (medians)")
    ap.add_argument("--layer-repeat", type=int, default=30, help="timed calls per layer case")
    ap.add_argument("--layers-only", action="store_true")
    ap.add_argument("--side", choices=["tinytensor", "torch"], help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    _set_threads(args.threads)
    if args.side:
        result = (tinytensor_epoch if args.side == "tinytensor" else torch_epoch)(args.n, args.threads)
        print(json.dumps(result))
        return
    print("threads: %d, load average: %s" % (args.threads, os.getloadavg()))
    if not args.layers_only:
        runs = {"tinytensor": [], "torch": []}
        for _ in range(args.repeat):
            for side in ("tinytensor", "torch"):
                runs[side].append(_run_side(side, args.n, args.threads))
        med = {}
        for side, rs in runs.items():
            secs = sorted(r["seconds"] for r in rs)
            rss = sorted(r["maxrss_mib"] for r in rs)
            cpus = sorted(r["cpu_seconds"] for r in rs)
            med[side] = (secs[len(secs) // 2], cpus[len(cpus) // 2], rss[len(rss) // 2], rs[-1]["accuracy"])
        print("\none epoch, %d images, batch %d (%d run%s each)\n" % (args.n, BATCH, args.repeat,
                                                                    "s" if args.repeat > 1 else ""))
        print("| | seconds | CPU seconds | peak RSS MiB | training accuracy |")
        print("|---|---:|---:|---:|---:|")
        for side in ("tinytensor", "torch"):
            print("| %s | %.2f | %.2f | %.0f | %.4f |" % ((side,) + med[side]))
        print("| ratio tinytensor / torch | %.2f | %.2f | %.2f | |" % tuple(
            med["tinytensor"][i] / med["torch"][i] for i in range(3)))
    import tinytensor as tt
    import torch
    tt.set_num_threads(args.threads)
    torch.set_num_threads(args.threads)
    print()
    print(layer_table(args.layer_repeat))
    print("\nload average at the end: %s" % (os.getloadavg(),))


if __name__ == "__main__":
    main()
