"""Higham & Higham's SGD loop: tinytensor (hand-written backprop, and autograd) against the
same loop written in NumPy, in one run.

    python -m pytest bench/bench_higham.py --benchmark-only

Every tensor in this loop has 2 to 6 elements, so it measures per-call overhead: how long one
small operation takes to get from Python to the C loop and back. Each round runs STEPS
single-point steps from the same start; compare the means (pytest-benchmark's table), or read
the ratio line printed at the end (run with -s).
"""
import os
import sys

import numpy as np
import pytest

import tinytensor as tt

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "examples"))
import higham  # noqa: E402

STEPS = 3000
ETA = higham.ETA
_means = {}


def _order():
    """The same point sequence for every variant."""
    return tt.random.default_rng(1).integers(0, 10, size=STEPS).tolist()


def numpy_trainer(params):
    """The paper's MATLAB step in NumPy, written as one would: column vectors, np.outer-free
    broadcasting, eta folded into delta4 as in the tinytensor version."""
    W2, W3, W4, b2, b3, b4 = params

    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    def step(x, xT, y):
        nonlocal W2, W3, W4, b2, b3, b4
        a2 = sigmoid(W2 @ x + b2)
        a3 = sigmoid(W3 @ a2 + b3)
        a4 = sigmoid(W4 @ a3 + b4)
        d4 = (a4 - y) * ETA * a4 * (1 - a4)
        d3 = (W4.T @ d4) * a3 * (1 - a3)
        d2 = (W3.T @ d3) * a2 * (1 - a2)
        W4 -= d4 * a3.T
        b4 -= d4
        W3 -= d3 * a2.T
        b3 -= d3
        W2 -= d2 * xT
        b2 -= d2
    return step


def _points(lib):
    X, Y = higham.dataset()
    if lib == "numpy":
        X, Y = np.asarray(X), np.asarray(Y)
    return [(X[:, k:k + 1].copy(), X[:, k:k + 1].T.copy(), Y[:, k:k + 1].copy()) for k in range(10)]


def _make(variant):
    params = higham.init_params()
    if variant == "numpy":
        params = [np.array(p) for p in params]
        step = numpy_trainer(params)
    else:
        step = higham.TRAINERS[variant](params)
    return step, params, _points("numpy" if variant == "numpy" else "tt")


def _setup(variant):
    step, _, pts = _make(variant)
    return (step, pts, _order()), {}


def _run(step, pts, order):
    for k in order:
        step(*pts[k])


@pytest.mark.parametrize("variant", ["numpy", "manual", "autograd"])
def test_higham_sgd(benchmark, variant):
    benchmark.group = f"higham: {STEPS} SGD steps"
    benchmark.pedantic(_run, setup=lambda: _setup(variant), rounds=5, iterations=1)
    _means[variant] = benchmark.stats.stats.mean
    if "numpy" in _means and variant != "numpy":
        base = _means["numpy"]
        line = ", ".join(f"{k} {v / STEPS * 1e6:.1f} us/step ({v / base:.2f}x NumPy)" for k, v in _means.items())
        if "manual" in _means and "autograd" in _means:
            line += f"; autograd / manual = {_means['autograd'] / _means['manual']:.1f}x"
        print("\n" + line)


def test_same_numbers():
    """The NumPy and tinytensor loops compute the same parameters (to rounding)."""
    order = _order()[:500]
    s1, p1, x1 = _make("manual")
    s2, p2, x2 = _make("numpy")
    _run(s1, x1, order)
    _run(s2, x2, order)
    for a, b in zip(p1, p2):
        assert np.allclose(np.asarray(a), b, rtol=1e-12, atol=1e-12)
