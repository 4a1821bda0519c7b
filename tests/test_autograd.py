import sys

import numpy as np
import pytest

import tinytensor as tt
import tinytensor.autograd as ag
from tinytensor.autograd import no_grad
from gradcheck import gradcheck, leaf


def rand(shape, seed=0, low=-2.0, high=2.0):
    rng = np.random.default_rng(seed)
    return tt.tensor(rng.uniform(low, high, size=shape), dtype=tt.float64)


def noncontig(shape, seed=0, low=-2.0, high=2.0):
    """A float64 leaf of ``shape`` laid out as a transposed view (not C-contiguous)."""
    base = rand(tuple(reversed(shape)), seed, low, high)
    return leaf(base.transpose(*reversed(range(len(shape)))))


def sliced(shape, seed=0, low=-2.0, high=2.0):
    """A float64 leaf of ``shape`` taken with negative and non-unit steps."""
    big = rand(tuple(2 * n for n in shape), seed, low, high)
    key = tuple(slice(None, None, -2) for _ in shape)
    return leaf(big[key])


# ------------------------------------------------------------------ elementwise binary
BINARY = {
    "add": lambda a, b: a + b,
    "subtract": lambda a, b: a - b,
    "multiply": lambda a, b: a * b,
    "divide": lambda a, b: a / b,
    "power": lambda a, b: a ** b,
    "maximum": tt.maximum,
    "minimum": tt.minimum,
}


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_broadcast_noncontiguous(name):
    low = 0.5 if name in ("divide", "power") else -2.0
    a = noncontig((2, 3, 4), seed=1, low=low)
    b = sliced((3, 1), seed=2, low=low)
    assert not a.is_leaf or a.requires_grad
    gradcheck(BINARY[name], [a, b])


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_with_python_scalar(name):
    low = 0.5 if name in ("divide", "power") else -2.0
    a = sliced((2, 3), seed=3, low=low)
    f = BINARY[name]
    gradcheck(lambda x: f(x, 1.5), [a])
    gradcheck(lambda x: f(1.5, x), [a])


def test_reflected_subtract_and_divide_values():
    x = tt.tensor([1.0, 2.0, 4.0], requires_grad=True)
    (2 - x).sum().backward()
    assert x.grad.tolist() == [-1.0, -1.0, -1.0]
    x.grad = None
    (8 / x).sum().backward()
    assert x.grad.tolist() == [-8.0, -2.0, -0.5]


# ------------------------------------------------------------------ elementwise unary
UNARY = {
    "negative": (lambda x: -x, -2, 2),
    "exp": (tt.exp, -2, 2),
    "log": (tt.log, 0.5, 3),
    "sqrt": (tt.sqrt, 0.5, 3),
    "tanh": (tt.tanh, -2, 2),
    "sigmoid": (tt.sigmoid, -3, 3),
    "relu": (tt.relu, -2, 2),
    "abs": (tt.abs, -2, 2),
    "square": (tt.square, -2, 2),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_noncontiguous(name):
    f, low, high = UNARY[name]
    gradcheck(f, [noncontig((3, 4), seed=4, low=low, high=high)])
    gradcheck(f, [sliced((2, 3), seed=5, low=low, high=high)])


def test_relu_and_abs_kink_values():
    x = tt.tensor([-1.0, 0.0, 2.0], dtype=tt.float32, requires_grad=True)
    tt.relu(x).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 1.0]
    assert x.grad.dtype == tt.float32


def test_step_has_zero_gradient():
    x = tt.tensor([-1.0, 0.5, 2.0], dtype=tt.float64, requires_grad=True)
    y = tt.step(x)
    assert y.tolist() == [0.0, 1.0, 1.0]
    (y * 3.0).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]


def test_where_broadcast():
    cond = tt.asarray(np.array([[True, False, True]]))
    x = noncontig((2, 3), seed=6)
    y = sliced((2, 1), seed=7)
    gradcheck(lambda a, b: tt.where(cond, a, b), [x, y])


def test_clip():
    x = leaf(tt.tensor([[-1.7, -0.3, 0.2], [0.9, 1.6, -0.6]], dtype=tt.float64).T)
    gradcheck(lambda a: tt.clip(a, -0.5, 1.0), [x])
    gradcheck(lambda a: tt.clip(a, None, 0.5), [x])
    x.grad = None
    tt.clip(x, -0.5, 1.0).sum().backward()
    assert x.grad.T.tolist() == [[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]]


# ------------------------------------------------------------------ reductions
@pytest.mark.parametrize("op", ["sum", "mean", "max", "min"])
@pytest.mark.parametrize("axis", [None, 0, -1, (0, 2)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_reductions(op, axis, keepdims):
    x = noncontig((2, 3, 4), seed=8)
    gradcheck(lambda a: getattr(a, op)(axis=axis, keepdims=keepdims), [x])


def test_max_ties_share_gradient():
    x = tt.tensor([1.0, 3.0, 3.0, 2.0], requires_grad=True)
    x.max().backward()
    assert x.grad.tolist() == [0.0, 0.5, 0.5, 0.0]


# ------------------------------------------------------------------ shapes
def test_reshape_transpose_permute():
    x = noncontig((2, 3, 4), seed=9)
    gradcheck(lambda a: a.reshape(4, 6) * tt.arange(24, dtype=tt.float64).reshape(4, 6), [x])
    gradcheck(lambda a: a.transpose(1, 2, 0), [x])
    gradcheck(lambda a: tt.permute_dims(a, (2, 0, 1)), [x])
    gradcheck(lambda a: a.T, [x])
    gradcheck(lambda a: tt.swapaxes(a, 0, -1), [x])


def test_expand_squeeze_broadcast_to():
    x = sliced((3, 1), seed=10)
    gradcheck(lambda a: tt.expand_dims(a, 0), [x])
    gradcheck(lambda a: tt.squeeze(a, 1), [x])
    gradcheck(lambda a: tt.squeeze(a), [x])
    gradcheck(lambda a: tt.broadcast_to(a, (2, 3, 4)), [x])


def test_getitem_basic():
    x = noncontig((4, 5), seed=11)
    gradcheck(lambda a: a[1:3, ::-2], [x])
    gradcheck(lambda a: a[2], [x])
    gradcheck(lambda a: a[-1, 3], [x])
    gradcheck(lambda a: a[..., 1:], [x])


def test_getitem_integer_array_with_repeats_sums():
    x = noncontig((4, 3), seed=12)
    idx = tt.asarray([0, 2, 2, 3, 0, 0], dtype=tt.int64)
    gradcheck(lambda a: a[idx], [x])
    x.grad = None
    x[idx].sum().backward()
    assert x.grad.T.tolist() == [[3.0, 0.0, 2.0, 1.0]] * 3


def test_getitem_two_index_arrays_and_bool_mask():
    x = noncontig((3, 4), seed=13)
    rows = tt.asarray([0, 2, 0], dtype=tt.int64)
    cols = tt.asarray([1, 3, 1], dtype=tt.int64)
    gradcheck(lambda a: a[rows, cols], [x])
    mask = tt.asarray(np.arange(12).reshape(3, 4) % 3 == 0)
    gradcheck(lambda a: a[mask], [x])


# ------------------------------------------------------------------ linear algebra
@pytest.mark.parametrize("sa,sb", [((3, 4), (4, 2)), ((2, 3, 4), (4, 5)), ((2, 1, 3, 4), (3, 4, 2)),
                                   ((4,), (4, 3)), ((3, 4), (4,)), ((4,), (4,))])
def test_matmul(sa, sb):
    a = noncontig(sa, seed=14)
    b = sliced(sb, seed=15)
    gradcheck(lambda x, y: x @ y, [a, b])


@pytest.mark.parametrize("sa,sb", [((3, 4), (4, 2)), ((4,), (4,)), ((3, 4), (4,))])
def test_dot(sa, sb):
    gradcheck(tt.dot, [noncontig(sa, seed=16), sliced(sb, seed=17)])


@pytest.mark.parametrize("activation", [None, "relu"])
@pytest.mark.parametrize("bias", [True, False])
def test_linear(activation, bias):
    x = noncontig((5, 4), seed=18)
    W = sliced((4, 3), seed=19)
    b = sliced((3,), seed=20) if bias else None
    inputs = [x, W] + ([b] if bias else [])
    gradcheck(lambda x, W, *b: tt.linear(x, W, b[0] if b else None, activation=activation), inputs)


def test_linear_matches_composite_values():
    rng = np.random.default_rng(0)
    xn, wn, bn = rng.normal(size=(6, 4)), rng.normal(size=(4, 3)), rng.normal(size=3)
    x, W, b = (tt.tensor(v, requires_grad=True) for v in (xn, wn, bn))
    tt.linear(x, W, b, activation="relu").sum().backward()
    mask = (xn @ wn + bn > 0).astype(float)
    np.testing.assert_allclose(np.asarray(W.grad), xn.T @ mask, rtol=1e-5)
    np.testing.assert_allclose(np.asarray(b.grad), mask.sum(0), rtol=1e-5)
    np.testing.assert_allclose(np.asarray(x.grad), mask @ wn.T, rtol=1e-5)


# ------------------------------------------------------------------ joining
def test_concatenate_and_stack():
    a, b = noncontig((2, 3), seed=21), sliced((2, 3), seed=22)
    c = noncontig((2, 1), seed=23)
    gradcheck(lambda x, y, z: tt.concatenate([x, y, z], axis=1), [a, b, c])
    gradcheck(lambda x, y: tt.concatenate([x, y], axis=0), [a, b])
    gradcheck(lambda x, y: tt.stack([x, y], axis=1), [a, b])
    gradcheck(lambda x, y: tt.stack([x, y]), [a, b])


def test_concatenate_with_constant():
    a = noncontig((2, 3), seed=24)
    const = rand((2, 3), seed=25)
    gradcheck(lambda x: tt.concatenate([const, x], axis=0), [a])


# ------------------------------------------------------------------ softmax family
@pytest.mark.parametrize("axis", [-1, 0])
def test_softmax_log_softmax(axis):
    x = noncontig((3, 4), seed=26)
    gradcheck(lambda a: tt.softmax(a, axis=axis), [x])
    gradcheck(lambda a: tt.log_softmax(a, axis=axis), [x])


def test_softmax_cross_entropy_probabilities_and_indices():
    logits = noncontig((4, 5), seed=27)
    p = np.random.default_rng(1).uniform(size=(4, 5))
    probs = tt.tensor(p / p.sum(1, keepdims=True), dtype=tt.float64)
    gradcheck(lambda a: tt.softmax_cross_entropy(a, probs), [logits])
    labels = tt.asarray([0, 4, 2, 2], dtype=tt.int64)
    gradcheck(lambda a: tt.softmax_cross_entropy(a, labels), [logits])
    gradcheck(lambda a: tt.softmax_cross_entropy(a, labels) * 3.0, [logits])
    # rows that do not sum to one still get the exact gradient
    unnormalised = tt.tensor(p, dtype=tt.float64)
    gradcheck(lambda a: tt.softmax_cross_entropy(a, unnormalised), [logits])


def test_softmax_cross_entropy_gradient_to_targets():
    logits = noncontig((4, 5), seed=27)
    p = np.random.default_rng(1).uniform(size=(4, 5))
    probs = leaf(tt.tensor(p / p.sum(1, keepdims=True), dtype=tt.float64))
    assert tt.softmax_cross_entropy(logits.detach(), probs).requires_grad
    # targets that require grad get -log_softmax / B
    gradcheck(lambda t: tt.softmax_cross_entropy(logits.detach(), t), [probs])


def test_astype_gradient_comes_back_in_input_dtype():
    x = tt.tensor([1.0, 2.0], dtype=tt.float32, requires_grad=True)
    y = x.astype(tt.float64) * 3.0
    assert y.dtype == tt.float64 and y.requires_grad
    y.sum().backward()
    assert x.grad.dtype == tt.float32 and x.grad.tolist() == [3.0, 3.0]
    assert not x.astype(tt.int32).requires_grad


# ------------------------------------------------------------------ the engine
def test_gradient_reaching_a_tensor_by_several_paths_is_summed():
    x = tt.tensor([1.0, -2.0, 3.0], dtype=tt.float64, requires_grad=True)
    y = x * x + 3.0 * x + tt.exp(x) * 0.0   # three paths to x
    z = y + y                                # y reached twice
    z.sum().backward()
    assert x.grad.tolist() == [2 * (2 * v + 3) for v in (1.0, -2.0, 3.0)]
    a = noncontig((2, 3), seed=28)
    gradcheck(lambda t: t * t.T.T + tt.sum(t, axis=0) * t - t[0], [a])


def test_grad_accumulates_across_backward_calls():
    x = tt.tensor([1.0, 2.0], dtype=tt.float32, requires_grad=True)
    (x * 2.0).sum().backward()
    (x * 3.0).sum().backward()
    assert x.grad.tolist() == [5.0, 5.0]
    assert x.grad.dtype == tt.float32 and x.grad.shape == (2,)


def test_backward_needs_gradient_for_non_scalar():
    x = tt.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2.0
    with pytest.raises(RuntimeError, match="scalar outputs"):
        y.backward()
    y.backward(tt.tensor([1.0, 10.0]))
    assert x.grad.tolist() == [2.0, 20.0]
    with pytest.raises(RuntimeError, match="shape"):
        (x * 2.0).backward(tt.tensor([1.0, 2.0, 3.0]))


def test_backward_on_tensor_without_grad_raises():
    with pytest.raises(RuntimeError, match="does not require grad"):
        tt.tensor([1.0]).sum().backward()


def test_retain_graph():
    x = tt.tensor([1.0, 2.0], requires_grad=True)
    y = (tt.exp(x) * x).sum()
    y.backward(retain_graph=True)
    first = x.grad.tolist()
    y.backward()
    assert x.grad.tolist() == pytest.approx([2 * v for v in first])
    with pytest.raises(RuntimeError, match="second time"):
        y.backward()


def test_no_grad_context_and_decorator():
    x = tt.tensor([1.0], requires_grad=True)
    with tt.no_grad() if hasattr(tt, "no_grad") else ag.no_grad():
        y = x * 2.0
    assert not y.requires_grad and y.grad_fn is None
    assert ag.is_grad_enabled()

    @ag.no_grad()
    def f(t):
        assert not ag.is_grad_enabled()
        return t * 2.0

    @ag.no_grad
    def g(t):
        return t * 2.0

    assert not f(x).requires_grad and not g(x).requires_grad
    assert ag.is_grad_enabled()
    with ag.no_grad():
        with ag.enable_grad():
            assert (x * 2.0).requires_grad
        assert not (x * 2.0).requires_grad
    ag.set_grad_enabled(False)
    try:
        assert not (x * 2.0).requires_grad
    finally:
        ag.set_grad_enabled(True)
    with ag.set_grad_enabled(False):
        assert not ag.is_grad_enabled()
    assert ag.is_grad_enabled()


def test_no_grad_restores_mode_after_exception():
    with pytest.raises(ValueError):
        with ag.no_grad():
            raise ValueError
    assert ag.is_grad_enabled()


def test_detach_cuts_the_graph():
    x = tt.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3.0
    d = y.detach()
    assert not d.requires_grad and d.grad_fn is None
    (x * d).sum().backward()
    assert x.grad.tolist() == [3.0, 6.0]


def test_results_record_their_node():
    x = tt.tensor([1.0], requires_grad=True)
    y = tt.exp(x)
    assert y.requires_grad and not y.is_leaf
    assert type(y.grad_fn).__name__ == "Exp"
    assert x.is_leaf and x.grad_fn is None


def test_deep_graph_does_not_recurse():
    x = tt.tensor([1.0], requires_grad=True)
    y = x
    n = sys.getrecursionlimit() * 3
    for _ in range(n):
        y = y + 1.0
    y.sum().backward()
    assert x.grad.tolist() == [1.0]
    assert y.item() == 1.0 + n


def test_in_place_change_of_saved_tensor_raises():
    x = tt.tensor([1.0, 2.0], requires_grad=True)
    c = tt.tensor([3.0, 4.0])
    y = (x * c).sum()
    c += 1.0
    with pytest.raises(RuntimeError, match="modified by an in-place operation"):
        y.backward()
    w = tt.tensor([1.0, 2.0])
    z = (x * w).sum()
    w[0] = 5.0
    with pytest.raises(RuntimeError, match="in-place"):
        z.backward()


def test_in_place_change_of_unsaved_tensor_is_fine():
    x = tt.tensor([1.0, 2.0], requires_grad=True)
    c = tt.tensor([3.0, 4.0])
    y = (x + c).sum()        # add saves nothing
    c += 1.0
    y.backward()
    assert x.grad.tolist() == [1.0, 1.0]


def test_unbroadcast_helper():
    g = tt.ones((2, 3, 4))
    assert ag.unbroadcast(g, (3, 1)).tolist() == [[8.0]] * 3
    assert ag.unbroadcast(g, (4,)).tolist() == [6.0] * 4
    assert ag.unbroadcast(g, ()).item() == 24.0
    assert ag.unbroadcast(g, (2, 3, 4)) is g


class _Unfused:
    """The fused ops written as compositions of plain differentiable ops: the reference formulas
    the core's fused kernels must equal (values and gradients)."""

    @staticmethod
    def linear(x, W, b=None, activation=None):
        y = tt.matmul(x, W)
        if b is not None:
            y = y + b
        return tt.relu(y) if activation == "relu" else y

    @staticmethod
    def softmax(x, axis=-1):
        e = tt.exp(x - tt.max(x.detach(), axis=axis, keepdims=True))
        return e / tt.sum(e, axis=axis, keepdims=True)

    @staticmethod
    def log_softmax(x, axis=-1):
        s = x - tt.max(x.detach(), axis=axis, keepdims=True)
        return s - tt.log(tt.sum(tt.exp(s), axis=axis, keepdims=True))

    @staticmethod
    def onehot(targets, logits):
        classes = tt.arange(logits.shape[-1], dtype=tt.int64)
        return (tt.expand_dims(targets.astype(tt.int64), -1) == classes).astype(logits.dtype)

    @classmethod
    def softmax_cross_entropy(cls, logits, targets):
        return -tt.sum(cls.onehot(targets, logits) * cls.log_softmax(logits, axis=-1), axis=-1).mean()

    @classmethod
    def softmax_cross_entropy_with_grad(cls, logits, targets):
        onehot = cls.onehot(targets, logits)
        ls = cls.log_softmax(logits, axis=-1)
        return -tt.sum(onehot * ls, axis=-1).mean(), (tt.exp(ls) - onehot) / logits.shape[0]

    @staticmethod
    def concatenate(tensors, axis=0):
        first = tensors[0]
        shape = list(first.shape)
        shape[axis] = sum(t.shape[axis] for t in tensors)
        out = tt.empty(tuple(shape), dtype=first.dtype)
        start, lead = 0, (slice(None),) * axis
        for t in tensors:
            out[lead + (slice(start, start + t.shape[axis]),)] = t
            start += t.shape[axis]
        return out

    @classmethod
    def stack(cls, tensors, axis=0):
        return cls.concatenate([tt.expand_dims(t, axis) for t in tensors], axis=axis)


def test_fused_ops_match_their_unfused_formulas():
    x = noncontig((3, 4), seed=30)
    W = sliced((4, 2), seed=31)
    b = sliced((2,), seed=32)
    labels = tt.asarray([1, 0, 1], dtype=tt.int64)
    with no_grad():
        fused = [tt.linear(x, W, b, activation="relu"), tt.softmax(x, axis=0), tt.log_softmax(x),
                 tt.softmax_cross_entropy(x, tt.asarray([0, 3, 1], dtype=tt.int64)),
                 tt.concatenate([x, x[:1]], axis=0), tt.stack([W, W], axis=1)]
        loss, dlog = tt.softmax_cross_entropy_with_grad(x, labels.astype(tt.int64) * 2)
        u = _Unfused
        plain = [u.linear(x, W, b, activation="relu"), u.softmax(x, axis=0), u.log_softmax(x),
                 u.softmax_cross_entropy(x, tt.asarray([0, 3, 1], dtype=tt.int64)),
                 u.concatenate([x, x[:1]], axis=0), u.stack([W, W], axis=1)]
        loss2, dlog2 = u.softmax_cross_entropy_with_grad(x, labels.astype(tt.int64) * 2)
    for a, c in zip(fused + [loss, dlog], plain + [loss2, dlog2]):
        assert a.shape == c.shape
        np.testing.assert_allclose(np.asarray(a), np.asarray(c), rtol=1e-12, atol=1e-12)
    gradcheck(lambda a, w, c: tt.linear(a, w, c, activation="relu"), [x, W, b])
    gradcheck(lambda a: tt.log_softmax(a, axis=0), [x])
    gradcheck(lambda a: tt.softmax_cross_entropy(a, labels), [x])


def test_cross_entropy_grad_exact_for_unnormalised_targets():
    logits = tt.tensor([[1.0, 2.0, 3.0], [0.0, 1.0, -1.0]], dtype=tt.float64)
    t = tt.tensor([[0.5, 0.9, 0.1], [0.2, 0.2, 0.2]], dtype=tt.float64)
    _, d = tt.softmax_cross_entropy_with_grad(logits, t)
    ln, tn = np.asarray(logits), np.asarray(t)
    p = np.exp(ln) / np.exp(ln).sum(1, keepdims=True)
    np.testing.assert_allclose(np.asarray(d), (p * tn.sum(1, keepdims=True) - tn) / 2, rtol=1e-12)
