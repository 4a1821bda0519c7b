"""Regression tests for the core-soundness findings (issue 10): the recording gate, grad mode per
thread, exact integer comparisons, in-place ops that fail, gradients at the edges (compared with
PyTorch where it is installed), gradient buffers that never alias, and NumPy never bypassing
autograd. Each test is written for the class of bug, with several inputs."""
import math
import threading

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import tinytensor as tt

from gradcheck import gradcheck, leaf

INT_DTYPES = {"uint8": (0, 255), "int32": (-2**31, 2**31 - 1), "int64": (-2**63, 2**63 - 1)}
COMPARISONS = ["__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__"]


# ---- the gate: no silent detach ------------------------------------------------------------

@pytest.mark.parametrize("f", [lambda x: tt.prod(x), lambda x: x.prod(axis=0), lambda x: tt.sign(x),
                               lambda x: x.copy(), lambda x: x.flatten(), lambda x: tt.pad(x, 1),
                               lambda x: x % 0.7, lambda x: tt.repeat(x, 2), lambda x: x.clone()])
def test_ops_on_grad_tensors_stay_in_the_graph(f):
    x = leaf(tt.asarray(np.array([[1.5, -2.0, 0.5], [3.0, 0.25, -1.0]])))
    y = f(x)
    assert y.requires_grad and y.grad_fn is not None
    y.sum().backward()
    assert x.grad is not None and x.grad.shape == x.shape


@pytest.mark.parametrize("f", [lambda x: x // 2, lambda x: tt.floor_divide(x, x), lambda x: 3.0 // x])
def test_ops_without_gradient_raise_before_computing(f):
    x = tt.tensor([1.5, 2.5], requires_grad=True)
    with pytest.raises(RuntimeError, match="derivative for 'floor_divide' is not implemented"):
        f(x)
    with tt.no_grad():
        assert f(x).requires_grad is False


@pytest.mark.parametrize("f", [lambda x: x > 1, lambda x: tt.argmax(x), lambda x: x == x,
                               lambda x: tt.nonzero(x)[0], lambda x: x.astype(tt.int64)])
def test_non_differentiable_results_never_require_grad(f):
    x = tt.tensor([1.5, 0.0, 2.5], requires_grad=True)
    y = f(x)
    assert not y.requires_grad and y.grad_fn is None


def test_in_place_with_an_operand_that_requires_grad_is_refused():
    w = tt.tensor([1.0, 2.0], requires_grad=True)
    a = tt.zeros(2)
    for write in (lambda: a.__iadd__(w), lambda: a.__setitem__(0, w[1]), lambda: a.copy_(w),
                  lambda: a.fill_(w[0])):
        with pytest.raises(RuntimeError, match="leave the autograd graph"):
            write()
    assert a.tolist() == [0.0, 0.0]
    with tt.no_grad():
        a += w
    assert a.tolist() == [1.0, 2.0]


def test_each_recorded_op_runs_its_kernel_once():
    # the gate records the computed result; the Function never computes the forward again
    x = tt.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    y = x @ x
    assert not hasattr(y.grad_fn, "forward") or type(y.grad_fn).forward is tt.autograd.Function.forward


# ---- grad mode per thread ------------------------------------------------------------------

def test_no_grad_in_one_thread_does_not_stop_another():
    w = tt.tensor([1.0, 2.0, 3.0], requires_grad=True)
    stop = threading.Event()
    recorded, total = [0], [0]

    def record():
        while not stop.is_set():
            y = (w * w).sum()
            total[0] += 1
            recorded[0] += y.requires_grad

    def infer():
        for _ in range(2000):
            with tt.no_grad():
                (w * 2.0).sum()

    threads = [threading.Thread(target=record) for _ in range(3)] + [threading.Thread(target=infer)]
    for t in threads:
        t.start()
    threads[-1].join()
    stop.set()
    for t in threads[:-1]:
        t.join()
    assert total[0] > 0 and recorded[0] == total[0]
    assert tt.is_grad_enabled()


def test_grad_mode_starts_enabled_in_a_new_thread():
    seen = []
    with tt.no_grad():
        t = threading.Thread(target=lambda: seen.append(tt.is_grad_enabled()))
        t.start()
        t.join()
        assert not tt.is_grad_enabled()
    assert seen == [True] and tt.is_grad_enabled()


def test_backward_in_threads_concurrently():
    def work(out, k):
        w = tt.tensor([float(k), 1.0], requires_grad=True)
        for _ in range(200):
            w.grad = None
            (w * w * 3.0).sum().backward()
        out[k] = w.grad.tolist()
    out = {}
    threads = [threading.Thread(target=work, args=(out, k)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == {k: [6.0 * k, 6.0] for k in range(4)}


# ---- finding 8: Python ints at the integer boundaries compare exactly ------------------------

@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(INT_DTYPES)), st.sampled_from(COMPARISONS), st.integers(-3, 3),
       st.sampled_from(["lo", "hi"]), st.booleans())
def test_int_tensor_vs_python_int_at_the_boundary(dtype, op, delta, end, reflected):
    lo, hi = INT_DTYPES[dtype]
    values = [lo, lo + 1, 0 if lo < 0 else 1, hi - 1, hi]
    scalar = (lo if end == "lo" else hi) + delta
    a = np.array(values, dtype=dtype)
    t = tt.tensor(values, dtype=dtype)
    # reflected: scalar OP t, which Python turns into t's reflected method
    top = {"__lt__": "__gt__", "__le__": "__ge__", "__gt__": "__lt__", "__ge__": "__le__"}.get(op, op) \
        if reflected else op
    got = getattr(t, top)(scalar)
    want = [getattr(scalar, op)(int(v)) if reflected else getattr(int(v), op)(scalar) for v in values]
    assert got.dtype == tt.bool_ and got.shape == a.shape
    assert got.tolist() == want
    with np.errstate(all="ignore"):
        assert got.tolist() == getattr(a, top)(scalar).tolist()       # as NumPy 2


def test_boundary_examples_from_the_issue():
    assert (tt.tensor([2**63 - 1]) < 2**63).tolist() == [True]
    assert (tt.tensor([2**63 - 1]) == 2**63).tolist() == [False]
    assert (tt.tensor([-2**63]) > -2**63 - 1).tolist() == [True]
    assert (tt.tensor([[1, 2]], dtype=tt.uint8) != 256).shape == (1, 2)


def test_out_of_range_int_still_raises_for_arithmetic():
    with pytest.raises(OverflowError):
        tt.tensor([1], dtype=tt.uint8) + 300
    with pytest.raises(OverflowError):
        tt.tensor([1]) * 2**64


# ---- finding 11: an in-place op that fails leaves its target unchanged ----------------------

@pytest.mark.parametrize("dtype", ["int32", "int64"])
@pytest.mark.parametrize("exponent", [[2, -1, 2], -1, [[0, 1, -3]]])
def test_failed_in_place_power_leaves_target_unchanged(dtype, exponent):
    a = tt.tensor([[2, 3, 4]], dtype=dtype)
    before = a.tolist()
    with pytest.raises(ValueError, match="negative integer powers"):
        a **= tt.tensor(exponent, dtype=dtype) if isinstance(exponent, list) else exponent
    assert a.tolist() == before
    with pytest.raises(ValueError, match="negative integer powers"):
        tt.power(a, tt.tensor(exponent) if isinstance(exponent, list) else exponent)


def test_in_place_into_read_only_or_grad_tensor_writes_nothing():
    b = tt.broadcast_to(tt.tensor([1.0, 2.0]), (3, 2))
    with pytest.raises(ValueError, match="read-only"):
        b += 1
    w = tt.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError):
        w *= 2
    assert w.tolist() == [1.0]


# ---- findings 15-17: gradients at the edges, against PyTorch ---------------------------------

def _torch():
    return pytest.importorskip("torch")


@pytest.mark.parametrize("base,exp", [([0.0, 2.0, -1.5], 0.0), ([0.0, 0.0, 3.0], [0.0, 1.0, 0.0]),
                                      ([0.0, 0.0, 2.0], [-1.0, 2.0, 0.5]), ([1.0, 0.0], [0.0, 0.0])])
def test_power_gradients_at_zero_match_torch(base, exp):
    torch = _torch()
    a = tt.tensor(base, requires_grad=True)
    b = tt.tensor(exp, requires_grad=True) if isinstance(exp, list) else exp
    (a ** b).sum().backward()
    ta = torch.tensor(base, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(exp, dtype=torch.float64, requires_grad=True) if isinstance(exp, list) else exp
    (ta ** tb).sum().backward()
    np.testing.assert_allclose(np.asarray(a.grad), ta.grad.numpy(), rtol=1e-15)
    if isinstance(exp, list):
        np.testing.assert_allclose(np.asarray(b.grad), tb.grad.numpy(), rtol=1e-15)


def test_x_pow_zero_has_zero_gradient_everywhere():
    x = tt.tensor([0.0, -0.0, 1.0, -3.0, math.inf], requires_grad=True)
    (x ** 0.0).sum().backward()
    assert x.grad.tolist() == [0.0] * 5


@pytest.mark.parametrize("values", [[1.0, math.nan, 3.0], [math.nan, 2.0, math.nan, 1.0], [math.nan]])
@pytest.mark.parametrize("fn", ["max", "min"])
def test_extreme_with_nan_routes_gradient_to_the_nans(values, fn):
    torch = _torch()
    x = tt.tensor(values, requires_grad=True)
    getattr(x, fn)().backward()
    tx = torch.tensor(values, dtype=torch.float64, requires_grad=True)
    getattr(tx, fn)().backward()
    np.testing.assert_array_equal(np.asarray(x.grad), tx.grad.numpy())
    assert not any(math.isnan(v) for v in x.grad.tolist())


def test_extreme_along_an_axis_with_nan_routes_to_the_nan():
    x = tt.tensor([[1.0, math.nan, 3.0], [4.0, 5.0, 5.0]], requires_grad=True)
    x.max(axis=1).sum().backward()
    assert x.grad.tolist() == [[0.0, 1.0, 0.0], [0.0, 0.5, 0.5]]


@pytest.mark.parametrize("shape", [(2, 3, 5), (5,), (4, 3), (1, 2, 2, 3)])
def test_cross_entropy_target_gradient_scales_by_rows(shape):
    torch = _torch()
    rng = np.random.default_rng(3)
    logits = rng.standard_normal(shape)
    targets = rng.dirichlet(np.ones(shape[-1]), size=shape[:-1]) if len(shape) > 1 else rng.dirichlet(np.ones(shape[0]))
    lg, tg = leaf(tt.asarray(logits)), leaf(tt.asarray(targets))
    tt.softmax_cross_entropy(lg, tg).backward()
    tl = torch.tensor(logits, requires_grad=True)
    tgt = torch.tensor(targets, requires_grad=True)
    # torch's cross_entropy wants the class axis second; the mean over rows is the same
    loss = -(tgt * torch.log_softmax(tl, dim=-1)).sum(-1).mean()
    loss.backward()
    np.testing.assert_allclose(np.asarray(tg.grad), tgt.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(np.asarray(lg.grad), tl.grad.numpy(), rtol=1e-10, atol=1e-12)


# ---- finding 18: NumPy never writes behind autograd's back ------------------------------------

def test_numpy_out_into_a_grad_tensor_is_refused():
    w = tt.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = (w * w).sum()
    with pytest.raises(RuntimeError):
        np.multiply(w, 0, out=w)
    with pytest.raises((ValueError, RuntimeError)):
        np.asarray(w)[0] = 5.0           # shared read-only
    y.backward()
    assert w.grad.tolist() == [2.0, 4.0, 6.0]


def test_numpy_out_into_a_saved_tensor_bumps_its_version():
    w = tt.tensor([1.0, 2.0], requires_grad=True)
    x = tt.tensor([3.0, 4.0])
    y = (w * x).sum()
    np.multiply(x, 2.0, out=x)
    with pytest.raises(RuntimeError, match="modified by an in-place operation"):
        y.backward()


def test_numpy_ufunc_on_grad_tensor_records_or_raises():
    w = tt.tensor([0.5, 1.0], requires_grad=True)
    y = (np.exp(w) * w).sum()          # np.exp runs as tt.exp, recorded
    y.backward()
    np.testing.assert_allclose(np.asarray(w.grad), np.exp([0.5, 1.0]) * (1 + np.array([0.5, 1.0])))
    y = (np.sin(w) * w).sum()           # np.sin runs as tt.sin (the issue's example)
    w.grad = None
    y.backward()
    np.testing.assert_allclose(np.asarray(w.grad), [0.918, 1.382], atol=1e-3)
    w.grad = None
    np.sum(np.concatenate([w, w]) * w[0]).backward()   # NumPy functions tinytensor has: recorded
    np.testing.assert_allclose(np.asarray(w.grad), [2 * 1.5 + 2 * 0.5, 2 * 0.5])
    for f in (np.spacing, lambda t: np.add.reduce(t), lambda t: np.exp(t, dtype=np.float32),
              lambda t: np.sum(t, where=np.ones(2, bool)), lambda t: np.i0(t)):
        with pytest.raises(RuntimeError, match="requires grad"):
            f(w)
    with tt.no_grad():
        assert np.sin(w).shape == (2,)


def test_dlpack_export_of_grad_tensor_is_read_only():
    w = tt.tensor([1.0, 2.0], requires_grad=True)
    a = np.from_dlpack(w)
    assert not a.flags.writeable
    with pytest.raises(BufferError):
        w.__dlpack__()          # legacy capsules have no read-only flag


# ---- finding 19: a leaf's .grad is always its own writable tensor -----------------------------

def test_grad_is_not_a_function_buffer_after_retain_graph():
    logits = tt.tensor([[1.0, 2.0, 0.5]], requires_grad=True)
    loss = tt.softmax_cross_entropy(logits, tt.tensor([1]))
    loss.backward(retain_graph=True)
    first = logits.grad.tolist()
    logits.grad *= 0
    logits.grad = None
    loss.backward()
    assert logits.grad.tolist() == first


def test_two_biases_never_share_a_grad():
    x = tt.ones((3, 2))
    b1 = tt.zeros((1, 2), requires_grad=True)
    b2 = tt.zeros((1, 2), requires_grad=True)
    W = tt.eye(2).requires_grad_()
    (tt.linear(x, W, b1) + tt.linear(x, W, b2)).sum().backward()
    assert b1.grad is not b2.grad
    b1.grad *= 0.5              # writable, its own
    assert b2.grad.tolist() == [[3.0, 3.0]] and b1.grad.tolist() == [[1.5, 1.5]]


def test_caller_gradient_is_never_stored_as_grad():
    for f in (lambda w: w + 0.0, lambda w: w.reshape(2, 1), lambda w: w * 1.0, lambda w: w):
        w = tt.tensor([1.0, 2.0], requires_grad=True)
        y = f(w)
        g = tt.ones(y.shape)
        y.backward(gradient=g)
        assert w.grad is not g
        g += 5
        assert w.grad.reshape(-1).tolist() == [1.0, 1.0]


@pytest.mark.parametrize("f", [lambda a, b: a + b, lambda a, b: (a * 1.0) + b, lambda a, b: tt.stack([a, b]).sum(0),
                               lambda a, b: tt.broadcast_to(a, (2, 2)) + b])
def test_leaf_grads_are_distinct_writable_roots(f):
    a = tt.tensor([1.0, 2.0], requires_grad=True)
    b = tt.tensor([3.0, 4.0], requires_grad=True)
    f(a, b).sum().backward()
    assert a.grad is not b.grad
    for g in (a.grad, b.grad):
        assert g.flags.writeable and g.base is None
    a.grad += 1
    assert not np.shares_memory(np.asarray(a.grad), np.asarray(b.grad))


# ---- finding 20: concatenate(axis=None) records -------------------------------------------------

def test_concatenate_axis_none_with_grad():
    a = leaf(tt.asarray(np.arange(6.0).reshape(2, 3)))
    b = leaf(tt.asarray(np.arange(3.0)))
    out = tt.concatenate([a, b], axis=None)
    assert out.shape == (9,)
    gradcheck(lambda a, b: tt.concatenate([a, b], axis=None), [a, b])


# ---- PyTorch spellings on the Tensor and in the namespace ---------------------------------------

def test_pytorch_spellings():
    x = tt.arange(6.0).reshape(2, 3)
    assert x.size == 6 and x.size() == (2, 3) and x.size(0) == 2 and x.size(-1) == 3
    assert x.numel() == 6 and x.dim() == 2
    assert x.sum(dim=1).tolist() == [3.0, 12.0]
    assert x.sum(dim=1, keepdim=True).shape == (2, 1)
    assert tt.mean(x, dim=0).tolist() == [1.5, 2.5, 3.5]
    assert tt.softmax(x, dim=0).shape == (2, 3)
    assert x.float().dtype == tt.float32 and x.double() is x and x.long().dtype == tt.int64
    assert x.int().dtype == tt.int32 and x.bool().dtype == tt.bool_
    assert x.to(tt.float32).dtype == tt.float32 and x.to("cpu") is x
    assert x.clone() is not x and x.clone().tolist() == x.tolist()
    assert x.flatten().shape == (6,) and tt.zeros((2, 3, 4)).flatten(1).shape == (2, 12)
    assert tt.zeros((2, 3, 4)).flatten(0, 1).shape == (6, 4)
    assert tt.zeros(2, 3).shape == (2, 3) and tt.ones(4).shape == (4,) and tt.empty(1, 2, 3).shape == (1, 2, 3)
    assert tt.ones((2,), dtype=None).dtype == tt.float64 and tt.zeros(2, dtype=None).dtype == tt.float64
    w = tt.zeros(2, 3, requires_grad=True, device="cpu")
    assert w.requires_grad and w.is_leaf
    with pytest.raises(ValueError, match="device"):
        tt.ones(2, device="cuda")
    with pytest.raises(TypeError):
        x.sum(axis=0, dim=1)
