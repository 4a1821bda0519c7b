"""One training step of the MNIST recipe's MLP (784-512 relu-10, batch 128, softmax
cross-entropy, RMSprop lr 1e-3 rho 0.9 eps 1e-7) in tinytensor and in PyTorch (when installed),
and the step's GEMM floor measured in the same run: tinytensor's time for the five products a
step needs (forward X@W1 and H@W2, backward dW2 = H.T@dZ, dH = dZ@W2.T, dW1 = X.T@dH).

    python -m pytest bench/bench_mlp_step.py --benchmark-json=bench/results/mlp_step.json

Targets (issue 15): the step <= 0.75x PyTorch's and <= 1.25x its own GEMM floor. Threads as
set by bench/conftest.py (TT_BENCH_THREADS, the same for every library); TT_BENCH_BUSY=1 runs it
beside a busy neighbour.
"""
import numpy as np
import pytest

import tinytensor as tt
from tinytensor import layers, models

try:
    import torch
except ImportError:
    torch = None

BATCH, IN, HIDDEN, OUT = 128, 784, 512, 10
ROUNDS = 200
pytestmark = pytest.mark.benchmark(disable_gc=True, warmup=False)


def _data(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.random((BATCH, IN), dtype=np.float32)
    labels = rng.integers(0, OUT, BATCH)
    return x, labels, np.eye(OUT, dtype=np.float32)[labels]


def _record(benchmark, lib, **extra):
    data = sorted(benchmark.stats.stats.data)
    benchmark.extra_info.update({"lib": lib, "threads": tt.get_num_threads(),
                                 "p90": data[int(0.9 * (len(data) - 1))] if data else None, **extra})


STEP = "MLP training step (784-512 relu-10, batch 128, RMSprop)"


def _run(benchmark, group, fn):
    benchmark.group = group
    for _ in range(20):     # warm-up: buffers, the pool's workers, the optimiser state
        fn()
    benchmark.pedantic(fn, rounds=ROUNDS, iterations=1, warmup_rounds=5)


def test_step_tinytensor(benchmark):
    x, _, y = _data()
    net = models.Sequential()
    net.add(layers.Dense(HIDDEN, activation="relu", input_shape=(IN,)))
    net.add(layers.Dense(OUT, activation="softmax"))
    net.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    net._bind_optimizer()
    opt = net.optimizer
    xb, yb = tt.asarray(x), tt.asarray(y)

    def step():
        loss, _ = net._loss_and_output(xb, yb)   # what Sequential.fit does per batch
        opt.zero_grad(set_to_none=True)             # as fit: the GEMM writes fresh gradients
        loss.backward()
        opt.step()

    _run(benchmark, STEP, step)
    _record(benchmark, "tinytensor", shape="batch 128", dtype="float32", target_vs_torch=0.75, target_vs_floor=1.25)


@pytest.mark.skipif(torch is None, reason="PyTorch not installed")
def test_step_torch(benchmark):
    x, labels, _ = _data()
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(IN, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, OUT))
    opt = torch.optim.RMSprop(net.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
    xb, yb = torch.from_numpy(x), torch.from_numpy(labels)

    def step():
        loss = torch.nn.functional.cross_entropy(net(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()

    _run(benchmark, STEP, step)
    _record(benchmark, "torch")


def test_step_gemm_floor(benchmark):
    """The five products of one step, back to back, on tinytensor's GEMM: what the step would
    cost if everything around the products were free."""
    rng = np.random.default_rng(1)
    f = lambda *s: tt.asarray(rng.standard_normal(s).astype(np.float32))  # noqa: E731
    X, W1, H, W2, dZ, dH = f(BATCH, IN), f(IN, HIDDEN), f(BATCH, HIDDEN), f(HIDDEN, OUT), f(BATCH, OUT), f(BATCH, HIDDEN)

    def products():
        X @ W1
        H @ W2
        H.T @ dZ
        dZ @ W2.T
        X.T @ dH

    _run(benchmark, "MLP step GEMM floor (its 5 products)", products)
    _record(benchmark, "tinytensor")
