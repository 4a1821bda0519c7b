import math

import numpy as np
import pytest

import tinytensor as tt
from tinytensor import optim


@pytest.fixture(params=["fused", "tensor-ops"])
def path(request, monkeypatch):
    """Run a test with the core's fused update kernels (when present) and with plain tensor ops."""
    if request.param == "tensor-ops":
        monkeypatch.setattr(optim, "_fused", lambda name, *args: False)
    elif not hasattr(tt._core, "_rmsprop_update_"):
        pytest.skip("core has no fused optimiser updates")
    return request.param


def param(values):
    p = tt.tensor(values, dtype=tt.float64)
    p.requires_grad = True
    return p


def run(opt_cls, grads, p0=(1.0, -2.0), **kw):
    """Apply ``opt_cls`` to a parameter for the given per-step gradients; return the values after each step."""
    p = param(list(p0))
    opt = opt_cls([p], **kw)
    out = []
    for g in grads:
        opt.zero_grad()
        assert p.grad is None
        p.grad = tt.tensor(g, dtype=tt.float64)
        opt.step()
        out.append(p.tolist())
    return out


GRADS = [(0.5, -1.0), (0.25, 2.0), (-1.0, 0.1)]


def test_sgd_plain(path):
    np.testing.assert_allclose(run(optim.SGD, GRADS[:1], lr=0.1), [[0.95, -1.9]], rtol=1e-12)


@pytest.mark.parametrize("nesterov", [False, True])
def test_sgd_momentum_by_hand(nesterov, path):
    lr, mu = 0.1, 0.9
    p, buf, expect = np.array([1.0, -2.0]), None, []
    for g in map(np.array, GRADS):
        buf = g.copy() if buf is None else mu * buf + g
        p = p - lr * ((g + mu * buf) if nesterov else buf)
        expect.append(p.tolist())
    got = run(optim.SGD, GRADS, lr=lr, momentum=mu, nesterov=nesterov)
    np.testing.assert_allclose(got, expect, rtol=1e-12)


def test_sgd_momentum_matches_keras_velocity_form(path):
    lr, mu = 0.05, 0.8
    p, v = np.array([1.0, -2.0]), np.zeros(2)
    for g in map(np.array, GRADS):
        v = mu * v - lr * g
        p = p + v
    got = run(optim.SGD, GRADS, lr=lr, momentum=mu)[-1]
    np.testing.assert_allclose(got, p, rtol=1e-12)


@pytest.mark.parametrize("style", ["keras", "torch"])
def test_rmsprop_by_hand(style, path):
    lr, rho, eps = 0.01, 0.9, 1e-3       # a large eps so the two conventions differ visibly
    p, v, expect = np.array([1.0, -2.0]), np.zeros(2), []
    for g in map(np.array, GRADS):
        v = rho * v + (1 - rho) * g * g
        denom = np.sqrt(v + eps) if style == "keras" else np.sqrt(v) + eps
        p = p - lr * g / denom
        expect.append(p.tolist())
    got = run(optim.RMSprop, GRADS, lr=lr, rho=rho, eps=eps, eps_style=style)
    np.testing.assert_allclose(got, expect, rtol=1e-12)


def test_rmsprop_first_step_value(path):
    # v = 0.1 * 0.25 = 0.025; keras: 1 - 0.01 * 0.5 / sqrt(0.025 + 1e-3)
    got = run(optim.RMSprop, [(0.5, 0.0)], lr=0.01, rho=0.9, eps=1e-3, eps_style="keras")[0][0]
    assert got == pytest.approx(1 - 0.01 * 0.5 / math.sqrt(0.026), rel=1e-12)
    got = run(optim.RMSprop, [(0.5, 0.0)], lr=0.01, rho=0.9, eps=1e-3, eps_style="torch")[0][0]
    assert got == pytest.approx(1 - 0.01 * 0.5 / (math.sqrt(0.025) + 1e-3), rel=1e-12)


@pytest.mark.parametrize("style", ["keras", "torch"])
def test_adam_by_hand(style, path):
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-3
    p, m, v, expect = np.array([1.0, -2.0]), np.zeros(2), np.zeros(2), []
    for t, g in enumerate(map(np.array, GRADS), start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        if style == "keras":
            p = p - lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t) * m / (np.sqrt(v) + eps)
        else:
            p = p - lr / (1 - b1 ** t) * m / (np.sqrt(v) / math.sqrt(1 - b2 ** t) + eps)
        expect.append(p.tolist())
    got = run(optim.Adam, GRADS, lr=lr, beta_1=b1, beta_2=b2, eps=eps, eps_style=style)
    np.testing.assert_allclose(got, expect, rtol=1e-12)
    assert not np.allclose(expect, run(optim.Adam, GRADS, lr=lr, eps=eps,
                                       eps_style="torch" if style == "keras" else "keras"))


def test_updates_are_in_place_and_state_is_per_parameter(path):
    a, b = param([1.0, 2.0]), param([3.0])
    opt = optim.Adam([a, b], lr=0.1)
    a.grad, b.grad = tt.tensor([1.0, 1.0], dtype=tt.float64), None
    same_a = a
    opt.step()
    assert a is same_a and a.requires_grad and a.is_leaf
    assert b.tolist() == [3.0]                  # no gradient: untouched, no state
    assert set(opt.state) == {0}
    assert opt.state[0]["t"] == 1 and opt.state[0]["m"].shape == (2,)


def test_keras_names_give_keras_defaults():
    r = optim.get("rmsprop")
    assert isinstance(r, optim.RMSprop)
    assert (r.lr, r.rho, r.eps, r.eps_style) == (1e-3, 0.9, 1e-7, "keras")
    a = optim.get("adam")
    assert (a.lr, a.beta_1, a.beta_2, a.eps) == (1e-3, 0.9, 0.999, 1e-7)
    assert optim.get("sgd").lr == 0.01
    with pytest.raises(ValueError, match="unknown optimizer"):
        optim.get("adagrad")
    with pytest.raises(ValueError, match="eps_style"):
        optim.RMSprop(eps_style="tf")


def test_optimizer_trains_a_regression():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.3
    w = param([0.0, 0.0, 0.0])
    b = param([0.0])
    opt = optim.SGD([w, b], lr=0.1, momentum=0.5)
    Xt, yt = tt.tensor(X, dtype=tt.float64), tt.tensor(y, dtype=tt.float64)
    for _ in range(200):
        opt.zero_grad()
        loss = ((Xt @ w + b - yt) ** 2).mean()
        loss.backward()
        opt.step()
    np.testing.assert_allclose(w.tolist(), [1.0, -2.0, 0.5], atol=1e-4)
    assert b.item() == pytest.approx(0.3, abs=1e-4)
