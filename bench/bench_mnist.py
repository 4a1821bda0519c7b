"""One epoch of the seed's MNIST recipe (Dense 512 relu -> Dense 10 softmax, RMSprop, batch 128,
categorical cross-entropy) in tinytensor, in plain NumPy with hand-written forward/backward and,
when it is installed, in PyTorch (the same network, loss and RMSprop settings).

    pytest bench/bench_mnist.py --benchmark-only        (pytest-benchmark table, all in one run)
    python bench/bench_mnist.py [n_train]               (plain timing and the ratios)
    BENCH_BUSY=1 python bench/bench_mnist.py            (the same beside one CPU-bound process)

Both sides use 2 threads (OMP/OpenBLAS/MKL variables set before numpy is imported, unless already
set). BENCH_MNIST_N=<n> times a subset. bench/ is not in testpaths, so the default test run never collects this file.
"""
import os
import sys
import time

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "2")

import numpy as np  # noqa: E402

import tinytensor as tt  # noqa: E402
from tinytensor import layers, models  # noqa: E402
from tinytensor.datasets import mnist  # noqa: E402
from tinytensor.utils import to_categorical  # noqa: E402

BATCH = 128


def load(n=60000):
    (x, y), _ = mnist.load_data()
    x = x[:n].reshape((n, 28 * 28)).astype("float32") / 255
    return x, to_categorical(y[:n])


def tinytensor_epoch(x, y):
    network = models.Sequential()
    network.add(layers.Dense(512, activation="relu", input_shape=(28 * 28,)))
    network.add(layers.Dense(10, activation="softmax"))
    network.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    network.fit(x, y, epochs=1, batch_size=BATCH, verbose=0)
    return network


class NumpyMLP:
    """The same network, loss and Keras RMSprop (lr 1e-3, rho 0.9, eps 1e-7) in NumPy."""

    def __init__(self, seed=0):
        rng = np.random.default_rng(seed)
        self.rng = rng

        def glorot(i, o):
            lim = np.sqrt(6.0 / (i + o))
            return rng.uniform(-lim, lim, (i, o)).astype(np.float32)
        self.params = [glorot(784, 512), np.zeros(512, np.float32), glorot(512, 10), np.zeros(10, np.float32)]
        self.sq = [np.zeros_like(p) for p in self.params]

    def epoch(self, x, y, lr=1e-3, rho=0.9, eps=1e-7):
        W1, b1, W2, b2 = self.params
        perm = self.rng.permutation(len(x))
        for s in range(0, len(x), BATCH):
            idx = perm[s:s + BATCH]
            xb, yb = x[idx], y[idx]
            h = xb @ W1
            h += b1
            np.maximum(h, 0, out=h)
            z = h @ W2
            z += b2
            z -= z.max(axis=1, keepdims=True)
            np.exp(z, out=z)
            z /= z.sum(axis=1, keepdims=True)
            z -= yb
            z /= len(xb)                               # dlogits
            grads = [None, None, h.T @ z, z.sum(axis=0)]
            dh = z @ W2.T
            dh *= h > 0
            grads[0] = xb.T @ dh
            grads[1] = dh.sum(axis=0)
            for p, g, v in zip(self.params, grads, self.sq):
                v *= rho
                v += (1 - rho) * g * g
                p -= lr * g / np.sqrt(v + eps)


def numpy_epoch(xn, yn):
    m = NumpyMLP()
    m.epoch(xn, yn)
    return m


def torch_epoch(xn, yn, seed=0):
    """The recipe in PyTorch: Linear-ReLU-Linear, cross-entropy on the logits (the softmax and
    the categorical cross-entropy in one), RMSprop with Keras' settings, shuffled batches of 128."""
    import torch
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10))
    opt = torch.optim.RMSprop(net.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
    x, labels = torch.from_numpy(xn), torch.from_numpy(np.argmax(yn, axis=1))
    perm = torch.randperm(len(x))
    for s in range(0, len(x), BATCH):
        idx = perm[s:s + BATCH]
        loss = torch.nn.functional.cross_entropy(net(x[idx]), labels[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    return net


# ------------------------------------------------------------------ pytest-benchmark
def _data():
    if not hasattr(_data, "cache"):
        x, y = load(int(os.environ.get("BENCH_MNIST_N", "60000")))
        _data.cache = (x, y, np.asarray(x), np.asarray(y))
    return _data.cache


def test_epoch_tinytensor(benchmark):
    x, y, _, _ = _data()
    benchmark.group = "mnist one epoch"
    benchmark.pedantic(tinytensor_epoch, args=(x, y), rounds=2, iterations=1, warmup_rounds=0)


def test_epoch_numpy(benchmark):
    _, _, xn, yn = _data()
    benchmark.group = "mnist one epoch"
    benchmark.pedantic(numpy_epoch, args=(xn, yn), rounds=2, iterations=1, warmup_rounds=0)


def test_epoch_torch(benchmark):
    pytest = __import__("pytest")
    torch = pytest.importorskip("torch")
    torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
    _, _, xn, yn = _data()
    benchmark.group = "mnist one epoch"
    benchmark.pedantic(torch_epoch, args=(xn, yn), rounds=2, iterations=1, warmup_rounds=0)


def _busy_neighbour():
    """BENCH_BUSY=1: one CPU-bound process beside the timings (stops by itself after 30 min)."""
    if os.environ.get("BENCH_BUSY", "") in ("", "0"):
        return None
    import subprocess
    code = "import time\nend = time.monotonic() + 1800\nwhile time.monotonic() < end:\n    pass\n"
    return subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.DEVNULL)


def main(n):
    x, y = load(n)
    xn, yn = np.asarray(x), np.asarray(y)
    t0 = time.perf_counter()
    tinytensor_epoch(x, y)
    t1 = time.perf_counter()
    numpy_epoch(xn, yn)
    t2 = time.perf_counter()
    print("one epoch on %d images, %s threads%s: tinytensor %.2f s, numpy %.2f s, ratio %.2fx"
          % (n, os.environ["OMP_NUM_THREADS"], " beside one busy process" if os.environ.get("BENCH_BUSY", "") not in ("", "0") else "",
             t1 - t0, t2 - t1, (t1 - t0) / (t2 - t1)))
    try:
        import torch
    except ImportError:
        return
    torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
    t3 = time.perf_counter()
    torch_epoch(xn, yn)
    t4 = time.perf_counter()
    print("  PyTorch %s %.2f s, tinytensor / PyTorch %.2fx" % (torch.__version__, t4 - t3, (t1 - t0) / (t4 - t3)))


if __name__ == "__main__":
    neighbour = _busy_neighbour()
    try:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 60000)
    finally:
        if neighbour is not None:
            neighbour.kill()
            neighbour.wait()
