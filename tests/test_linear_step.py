"""The dense layer's fused backward (Linear Function: _core._bias_grad + the GEMM, adding into
kept .grad buffers) against the unfused tensor-op backward, against PyTorch, and by a float64
finite-difference check; zero_grad(set_to_none=False); nn.Sequential's Linear+ReLU fusion."""
import numpy as np
import pytest

import tinytensor as tt
from tinytensor import nn, optim
from tinytensor import _core
from gradcheck import gradcheck

try:
    import torch
except ImportError:
    torch = None

DTYPES = [tt.float32, tt.float64]
SHAPES = [(1, 3, 4), (0, 3, 4), (5, 7, 6), (128, 30, 20), (2, 0, 3)]   # (batch, in, out)


def _data(batch, n_in, n_out, dtype, seed=0):
    rng = np.random.default_rng(seed)
    np_dt = np.float32 if dtype == tt.float32 else np.float64
    x = rng.standard_normal((batch, n_in)).astype(np_dt)
    W = rng.standard_normal((n_in, n_out)).astype(np_dt)
    b = rng.standard_normal(n_out).astype(np_dt)
    g = rng.standard_normal((batch, n_out)).astype(np_dt)
    return x, W, b, g


def _grads(x, W, b, g, activation, *, keep=None):
    """(out, dx, dW, db) through tt.linear's recorded node; keep: start .grad values."""
    tx, tW, tb = (tt.tensor(a, requires_grad=True) for a in (x, W, b))
    if keep is not None:
        tW.grad, tb.grad = tt.tensor(keep[0]), tt.tensor(keep[1])
    out = tt.linear(tx, tW, tb, activation=activation)
    out.backward(tt.tensor(g))
    return out, tx.grad, tW.grad, tb.grad


def _reference(x, W, b, g, activation):
    """The same gradients from the separate ops in float64 NumPy."""
    z = x.astype(np.float64) @ W + b
    dz = g * (z > 0) if activation == "relu" else g.astype(np.float64)
    return dz @ W.T.astype(np.float64), x.T.astype(np.float64) @ dz, dz.sum(axis=0)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("activation", ["relu", None])
def test_fused_backward_values(dtype, shape, activation):
    x, W, b, g = _data(*shape, dtype)
    out, dx, dW, db = _grads(x, W, b, g, activation)
    tol = 1e-4 if dtype == tt.float32 else 1e-10
    for got, want in zip((dx, dW, db), _reference(x, W, b, g, activation)):
        assert got.dtype == dtype and tuple(got.shape) == want.shape
        np.testing.assert_allclose(np.asarray(got), want, rtol=tol, atol=tol * max(1, shape[0]))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
def test_fused_backward_matches_the_unfused_node(dtype, shape):
    x, W, b, g = _data(*shape, dtype, seed=3)
    _, dx, dW, db = _grads(x, W, b, g, "relu")
    tx, tW, tb = (tt.tensor(a, requires_grad=True) for a in (x, W, b))
    tt.relu(tt.matmul(tx, tW) + tb).backward(tt.tensor(g))
    tol = 1e-5 if dtype == tt.float32 else 1e-12
    for got, want in ((dx, tx.grad), (dW, tW.grad), (db, tb.grad)):
        np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=tol, atol=tol * max(1, shape[0]))


@pytest.mark.parametrize("shape", SHAPES)
def test_fused_backward_adds_into_kept_grads(shape):
    """With .grad already there (zero_grad(set_to_none=False), or a second backward), the node
    adds dW and db into the same tensors: same objects, value old + new."""
    x, W, b, g = _data(*shape, tt.float64, seed=5)
    old_W = np.random.default_rng(1).standard_normal(W.shape)
    old_b = np.random.default_rng(2).standard_normal(b.shape)
    tx, tW, tb = (tt.tensor(a, requires_grad=True) for a in (x, W, b))
    gW, gb = tt.tensor(old_W), tt.tensor(old_b)
    tW.grad, tb.grad = gW, gb
    tt.linear(tx, tW, tb, activation="relu").backward(tt.tensor(g))
    assert tW.grad is gW and tb.grad is gb
    _, dW, db = _reference(x, W, b, g, "relu")
    np.testing.assert_allclose(np.asarray(gW), old_W + dW, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(np.asarray(gb), old_b + db, rtol=1e-12, atol=1e-12)


def test_a_grad_that_overlaps_an_operand_is_not_written_in_place():
    """x is a view of W.grad: the GEMM cannot write into it while reading x (the node falls
    back to a new tensor, added by the engine), and the result is still right."""
    rng = np.random.default_rng(7)
    W = tt.tensor(rng.standard_normal((3, 3)), requires_grad=True)
    b = tt.tensor(rng.standard_normal(3), requires_grad=True)
    W.grad = tt.tensor(rng.standard_normal((3, 3)))
    before = np.asarray(W.grad).copy()
    x = W.grad[:2]                                    # shares W.grad's memory
    x_np = np.asarray(x).copy()
    g = rng.standard_normal((2, 3))
    tt.linear(x, W, b, activation="relu").backward(tt.tensor(g))
    _, dW, _ = _reference(x_np, np.asarray(W.detach()), np.asarray(b.detach()), g, "relu")
    np.testing.assert_allclose(np.asarray(W.grad), before + dW, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("activation", ["relu", None])
def test_fused_backward_gradcheck(activation):
    x, W, b, _ = _data(4, 3, 5, tt.float64, seed=11)
    inputs = [tt.tensor(a, requires_grad=True) for a in (x, W, b)]
    gradcheck(lambda x, W, b: tt.linear(x, W, b, activation=activation), inputs)
    x1 = tt.tensor(x[0], requires_grad=True)          # a 1-D input (one sample)
    gradcheck(lambda x, W, b: tt.linear(x, W, b, activation=activation), [x1, inputs[1], inputs[2]])


def test_batched_input_and_broadcast_gradient():
    """x with two batch axes, and the gradient of .sum() (a broadcast view) reaching the node."""
    x, W, b, _ = _data(6, 4, 3, tt.float64, seed=13)
    tx = tt.tensor(x.reshape(2, 3, 4), requires_grad=True)
    tW, tb = tt.tensor(W, requires_grad=True), tt.tensor(b, requires_grad=True)
    tt.linear(tx, tW, tb, activation="relu").sum().backward()
    dx, dW, db = _reference(x, W, b, np.ones((6, 3)), "relu")
    np.testing.assert_allclose(np.asarray(tx.grad), dx.reshape(2, 3, 4), rtol=1e-12)
    np.testing.assert_allclose(np.asarray(tW.grad), dW, rtol=1e-12)
    np.testing.assert_allclose(np.asarray(tb.grad), db, rtol=1e-12)


@pytest.mark.skipif(torch is None, reason="PyTorch not installed")
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(1, 3, 4), (0, 3, 4), (64, 20, 16)])
def test_fused_backward_matches_torch(dtype, shape):
    x, W, b, g = _data(*shape, dtype, seed=17)
    _, dx, dW, db = _grads(x, W, b, g, "relu")
    px, pW, pb = (torch.tensor(a, requires_grad=True) for a in (x, W, b))
    torch.relu(px @ pW + pb).backward(torch.tensor(g))
    tol = 1e-5 if dtype == tt.float32 else 1e-12
    for got, want in ((dx, px.grad), (dW, pW.grad), (db, pb.grad)):
        np.testing.assert_allclose(np.asarray(got), want.numpy(), rtol=tol, atol=tol * max(1, shape[0]))


# ---- the core helpers ------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES)
def test_bias_grad_values_and_errors(dtype):
    x, _, _, g = _data(9, 1, 5, dtype, seed=19)
    y = tt.relu(tt.tensor(g[::-1].copy()))
    dz, db = _core._bias_grad(tt.tensor(g), y, None, False)
    want = np.where(np.asarray(y) > 0, g, 0)
    np.testing.assert_array_equal(np.asarray(dz), want)
    assert db.dtype == dtype and db.shape == (5,)
    np.testing.assert_allclose(np.asarray(db), want.sum(axis=0), rtol=1e-5)
    kept = tt.ones(5, dtype=dtype)
    _, same = _core._bias_grad(tt.tensor(g), None, kept, True)
    assert same is kept
    np.testing.assert_allclose(np.asarray(kept), 1 + g.sum(axis=0), rtol=1e-5)
    with pytest.raises(TypeError):
        _core._bias_grad(tt.tensor(g), y.astype(tt.float32 if dtype == tt.float64 else tt.float64), None, False)
    with pytest.raises(ValueError):
        _core._bias_grad(tt.tensor(g), None, tt.ones(4, dtype=dtype), True)
    with pytest.raises(ValueError):
        _core._bias_grad(tt.tensor(g.reshape(-1)), None, None, False)
    shared = tt.tensor(g)
    with pytest.raises(ValueError):                   # dbias inside the gradient it sums
        _core._bias_grad(shared, None, shared[0], True)


def test_matmul_into_values_and_errors():
    rng = np.random.default_rng(23)
    a, b = rng.standard_normal((4, 3)), rng.standard_normal((3, 5))
    out = tt.tensor(rng.standard_normal((4, 5)))
    start = np.asarray(out).copy()
    _core._matmul_into(tt.tensor(a).T.T, tt.tensor(b), out, True)
    np.testing.assert_allclose(np.asarray(out), start + a @ b, rtol=1e-12)
    _core._matmul_into(tt.tensor(a.T.copy()).T, tt.tensor(b), out, False)   # a transposed view
    np.testing.assert_allclose(np.asarray(out), a @ b, rtol=1e-12)
    with pytest.raises(ValueError):
        _core._matmul_into(tt.tensor(a), tt.tensor(b), tt.zeros((4, 4), dtype=tt.float64), False)
    with pytest.raises(TypeError):
        _core._matmul_into(tt.tensor(a), tt.tensor(b), tt.zeros((4, 5), dtype=tt.float32), False)
    sq = tt.tensor(rng.standard_normal((3, 3)))
    before = np.asarray(sq).copy()
    with pytest.raises(ValueError):
        _core._matmul_into(sq, tt.tensor(b[:, :3]), sq, True)
    np.testing.assert_array_equal(np.asarray(sq), before)     # nothing written


# ---- the optimiser and the layers --------------------------------------------------------
def test_zero_grad_in_place_keeps_the_buffers():
    lin = nn.Linear(4, 3, dtype=tt.float64)
    opt = optim.RMSprop(lin.parameters(), lr=1e-2)
    x = tt.tensor(np.random.default_rng(29).standard_normal((5, 4)))
    lin(x).sum().backward()
    buffers = [p.grad for p in lin.parameters()]
    first = [np.asarray(g).copy() for g in buffers]
    opt.zero_grad(set_to_none=False)
    assert all(p.grad is g for p, g in zip(lin.parameters(), buffers))
    assert all(not np.asarray(g).any() for g in buffers)
    lin(x).sum().backward()
    assert all(p.grad is g for p, g in zip(lin.parameters(), buffers))
    for g, f in zip(buffers, first):
        np.testing.assert_allclose(np.asarray(g), f, rtol=1e-12)
    opt.zero_grad()
    assert all(p.grad is None for p in lin.parameters())


def test_sequential_fuses_linear_relu_into_one_node():
    rng = np.random.default_rng(31)
    net = nn.Sequential(nn.Linear(6, 5, dtype=tt.float64), nn.ReLU(), nn.Linear(5, 2, dtype=tt.float64))
    x = tt.tensor(rng.standard_normal((4, 6)))
    out = net(x)
    hidden = out.grad_fn.inputs[0]
    assert type(hidden.grad_fn).__name__ == "Linear" and hidden.grad_fn.activation == "relu"
    lin0, lin1 = net[0], net[2]
    want = tt.relu(x @ lin0.weight.T + lin0.bias) @ lin1.weight.T + lin1.bias
    np.testing.assert_allclose(np.asarray(out.detach()), np.asarray(want.detach()), rtol=1e-12)
    out.sum().backward()
    g_fused = [np.asarray(p.grad).copy() for p in net.parameters()]
    for p in net.parameters():
        p.grad = None
    (tt.relu(x @ lin0.weight.T + lin0.bias) @ lin1.weight.T + lin1.bias).sum().backward()
    for p, g in zip(net.parameters(), g_fused):
        np.testing.assert_allclose(g, np.asarray(p.grad), rtol=1e-12, atol=1e-12)


def test_sequential_keeps_overridden_forwards():
    class Doubled(nn.ReLU):
        def forward(self, x):
            return tt.relu(x) * 2.0

    net = nn.Sequential(nn.Linear(3, 2, dtype=tt.float64), Doubled())
    x = tt.tensor(np.random.default_rng(37).standard_normal((2, 3)))
    lin = net[0]
    want = tt.relu(x @ lin.weight.T + lin.bias) * 2.0
    np.testing.assert_allclose(np.asarray(net(x).detach()), np.asarray(want.detach()), rtol=1e-12)


def test_keras_fit_gradients_are_each_steps_own():
    """fit drops the gradients before each backward (zero_grad(set_to_none=True)): after a step,
    .grad is that batch's gradient at the weights the step started from, never a sum over steps."""
    from tinytensor import layers, models
    rng = np.random.default_rng(41)
    x = rng.random((64, 8)).astype(np.float32)
    y = np.eye(3, dtype=np.float32)[rng.integers(0, 3, 64)]
    net = models.Sequential()
    net.add(layers.Dense(16, activation="relu", input_shape=(8,)))
    net.add(layers.Dense(3, activation="softmax"))
    net.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    net.fit(x, y, epochs=1, batch_size=64, verbose=0, shuffle=False)
    params = net.trainable_parameters()
    assert all(p.grad is not None for p in params)
    # the gradient at the current weights, computed by hand on fresh buffers
    for p in params:
        p.grad = None
    loss, _ = net._loss_and_output(tt.asarray(x), tt.asarray(y))
    loss.backward()
    expected = [p.grad.numpy().copy() for p in params]
    history = net.fit(x, y, epochs=1, batch_size=64, verbose=0, shuffle=False)   # one step from there
    for p, e in zip(params, expected):
        assert p.grad.shape == p.shape and p.grad.dtype == p.dtype
        np.testing.assert_allclose(p.grad.numpy(), e, rtol=1e-6, atol=1e-7)
    assert np.isfinite(history.history["loss"][0])
