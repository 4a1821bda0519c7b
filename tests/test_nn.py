import math

import numpy as np
import pytest

import tinytensor as tt
from tinytensor.autograd import no_grad
from tinytensor import nn
from tinytensor.nn import functional as F, init
from gradcheck import gradcheck, leaf


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(4, 3)
        self.act = nn.Tanh()
        self.out = nn.Linear(3, 2, bias=False)
        self.scale = nn.Parameter(tt.ones((1,), dtype=tt.float32))
        self.buffer = tt.zeros((2,))            # no grad: not a parameter

    def forward(self, x):
        return self.out(self.act(self.hidden(x))) * self.scale


def test_parameters_found_without_registration():
    net = Net()
    names = [n for n, _ in net.named_parameters()]
    assert names == ["scale", "hidden.weight", "hidden.bias", "out.weight"]
    shapes = [tuple(p.shape) for p in net.parameters()]
    assert shapes == [(1,), (3, 4), (3,), (2, 3)]   # Linear.weight is (out, in), as torch
    assert all(p.requires_grad and p.is_leaf and p.dtype == tt.float32 for p in net.parameters())


def test_state_dict_round_trip_and_strict_errors():
    a, b = Net(), Net()
    sd = a.state_dict()
    assert list(sd) == ["scale", "hidden.weight", "hidden.bias", "out.weight"]
    b.load_state_dict(sd)
    x = tt.ones((2, 4), dtype=tt.float32)
    assert b(x).tolist() == a(x).tolist()
    bad = dict(sd)
    bad.pop("scale")
    with pytest.raises(RuntimeError, match="missing keys.*scale"):
        b.load_state_dict(bad)
    missing, unexpected = b.load_state_dict(bad, strict=False)
    assert missing == ["scale"] and unexpected == []
    bad["extra"] = tt.ones((1,))
    with pytest.raises(RuntimeError, match="unexpected keys.*extra"):
        b.load_state_dict(bad)
    wrong = dict(sd)
    wrong["hidden.bias"] = tt.ones((4,))
    with pytest.raises(RuntimeError, match="size mismatch for hidden.bias"):
        b.load_state_dict(wrong)


def test_train_eval_and_dropout():
    init.seed(0)
    m = nn.Sequential(nn.Linear(3, 3), nn.Dropout(0.5))
    assert m.training and m[1].training
    x = tt.ones((200, 3), dtype=tt.float32)
    d = nn.Dropout(0.5)
    y = d(x)
    vals = set(y.reshape(-1).tolist())
    assert vals <= {0.0, 2.0} and 0.0 in vals and 2.0 in vals
    m.eval()
    assert not m.training and not m[1].training
    d.eval()
    assert d(x).tolist() == x.tolist()
    m.train()
    assert m[1].training


def test_sequential_and_linear_values():
    m = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1))
    assert len(m) == 3 and [n for n, _ in m.named_parameters()] == ["0.weight", "0.bias", "2.weight", "2.bias"]
    with no_grad():
        m[0].weight[...] = tt.tensor([[1.0, 2.0], [-1.0, 1.0]])     # (out, in)
        m[0].bias[...] = tt.tensor([0.0, -10.0])
        m[2].weight[...] = tt.tensor([[1.0, 1.0]])
        m[2].bias[...] = tt.tensor([0.5])
    y = m(tt.tensor([[1.0, 1.0]], dtype=tt.float32))
    # hidden = relu([3, -10]) = [3, 0]; out = 3 + 0.5
    assert y.shape == (1, 1) and y.tolist() == [[3.5]]
    y.sum().backward()
    assert m[0].weight.grad.tolist() == [[1.0, 1.0], [0.0, 0.0]]
    assert m[2].bias.grad.tolist() == [1.0]


def test_activation_modules():
    x = tt.tensor([[-1.0, 0.0, 2.0]], dtype=tt.float32)
    assert nn.ReLU()(x).tolist() == [[0.0, 0.0, 2.0]]
    assert nn.Step()(x).tolist() == [[0.0, 1.0, 1.0]]
    np.testing.assert_allclose(nn.Sigmoid()(x).tolist(), 1 / (1 + np.exp([[1.0, 0.0, -2.0]])), rtol=1e-6)
    np.testing.assert_allclose(nn.Tanh()(x).tolist(), np.tanh([[-1.0, 0.0, 2.0]]), rtol=1e-6)
    s = nn.Softmax()(x)
    np.testing.assert_allclose(s.tolist(), np.exp([[-1, 0, 2]]) / np.exp([-1, 0, 2]).sum(), rtol=1e-6)
    assert nn.Flatten()(tt.zeros((2, 3, 4))).shape == (2, 12)


@pytest.mark.parametrize("name,fan_in,fan_out", [("glorot_uniform", 300, 100), ("he_uniform", 300, 100)])
def test_uniform_initialisers_limits(name, fan_in, fan_out):
    init.seed(1)
    w = np.asarray(init.get(name)((fan_in, fan_out)))
    limit = math.sqrt(6 / (fan_in + fan_out)) if name.startswith("glorot") else math.sqrt(6 / fan_in)
    assert w.shape == (fan_in, fan_out) and w.dtype == np.float32
    assert np.abs(w).max() <= limit and np.abs(w).max() > 0.95 * limit
    assert abs(w.std() - limit / math.sqrt(3)) < 0.02 * limit


@pytest.mark.parametrize("name,expected", [("glorot_normal", math.sqrt(2 / 400)), ("he_normal", math.sqrt(2 / 300)),
                                           ("xavier_normal", math.sqrt(2 / 400)), ("kaiming_normal", math.sqrt(2 / 300))])
def test_normal_initialisers_std(name, expected):
    w = np.asarray(init.get(name)((300, 100)))
    assert abs(w.std() - expected) < 0.03 * expected and abs(w.mean()) < 0.05 * expected


def test_higham_normal_zeros_and_unknown():
    w = np.asarray(init.normal((200, 100), std=0.5))
    assert abs(w.std() - 0.5) < 0.02
    assert np.asarray(init.higham((200, 50))).std() == pytest.approx(0.5, abs=0.02)
    z = init.zeros((3, 2))
    assert z.tolist() == [[0.0, 0.0]] * 3 and z.dtype == tt.float32
    assert init.fans((3, 3, 16, 32)) == (144, 288)
    with pytest.raises(ValueError, match="unknown initializer"):
        init.get("orthogonalish")


def test_losses_values():
    y = tt.tensor([[0.2, 0.8], [0.6, 0.4]], dtype=tt.float64)
    t = tt.tensor([[0.0, 1.0], [1.0, 0.0]], dtype=tt.float64)
    assert F.mse_loss(y, t).item() == pytest.approx((0.04 + 0.04 + 0.16 + 0.16) / 4)
    assert F.half_sse_loss(y, t).item() == pytest.approx(0.5 * 0.4 / 2)
    assert F.categorical_crossentropy(y, t).item() == pytest.approx(-(math.log(0.8) + math.log(0.6)) / 2)
    labels = tt.asarray([1, 0], dtype=tt.uint8)
    assert F.sparse_categorical_crossentropy(y, labels).item() == pytest.approx(-(math.log(0.8) + math.log(0.6)) / 2)
    p = tt.tensor([0.9, 0.2], dtype=tt.float64)
    b = tt.tensor([1.0, 0.0], dtype=tt.float64)
    assert F.binary_crossentropy(p, b).item() == pytest.approx(-(math.log(0.9) + math.log(0.8)) / 2)
    z = tt.tensor([2.0, -1.0], dtype=tt.float64)
    assert F.binary_crossentropy(z, b, from_logits=True).item() == pytest.approx(
        F.binary_crossentropy(tt.sigmoid(z), b).item(), rel=1e-9)


def test_crossentropy_clips_like_keras():
    y = tt.tensor([[0.0, 1.0]], dtype=tt.float64)
    t = tt.tensor([[1.0, 0.0]], dtype=tt.float64)
    assert F.categorical_crossentropy(y, t).item() == pytest.approx(-math.log(1e-7))


def test_from_logits_matches_probabilities():
    logits = tt.tensor([[1.0, 2.0, 0.5], [0.1, -1.0, 3.0]], dtype=tt.float64)
    t = tt.tensor([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], dtype=tt.float64)
    a = F.categorical_crossentropy(logits, t, from_logits=True).item()
    b = F.categorical_crossentropy(F.softmax(logits), t).item()
    c = F.sparse_categorical_crossentropy(logits, tt.asarray([1, 2]), from_logits=True).item()
    assert a == pytest.approx(b, rel=1e-9) and c == pytest.approx(a, rel=1e-12)


@pytest.mark.parametrize("loss", ["mse", "half", "cce", "scce", "bce", "cce_logits", "bce_logits"])
def test_loss_gradients(loss):
    rng = np.random.default_rng(3)
    x = leaf(tt.tensor(rng.uniform(0.1, 0.9, size=(3, 4)), dtype=tt.float64).T.T)
    t = tt.tensor(rng.uniform(0, 1, size=(3, 4)), dtype=tt.float64)
    lab = tt.asarray([0, 3, 2], dtype=tt.int64)
    f = {"mse": lambda a: F.mse_loss(a, t), "half": lambda a: F.half_sse_loss(a, t),
         "cce": lambda a: F.categorical_crossentropy(a, t), "scce": lambda a: F.sparse_categorical_crossentropy(a, lab),
         "bce": lambda a: F.binary_crossentropy(a, t), "cce_logits": lambda a: F.categorical_crossentropy(a, t, True),
         "bce_logits": lambda a: F.binary_crossentropy(a, t, True)}[loss]
    gradcheck(f, [x])


def test_loss_modules():
    y = tt.tensor([[0.2, 0.8]], dtype=tt.float64)
    t = tt.tensor([[0.0, 1.0]], dtype=tt.float64)
    assert nn.MSELoss()(y, t).item() == pytest.approx(0.04)
    assert nn.HalfSSELoss()(y, t).item() == pytest.approx(0.04)
    assert nn.CategoricalCrossentropy()(y, t).item() == pytest.approx(-math.log(0.8))
    assert nn.CrossEntropyLoss()(tt.log(y), tt.asarray([1])).item() == pytest.approx(-math.log(0.8))


def test_sequential_refuses_what_is_not_a_module():
    # a plain function or a tensor among the layers was stored as an attribute and skipped
    # by forward without a word; PyTorch raises TypeError, and so does append
    with pytest.raises(TypeError, match="expected a Module, got function"):
        nn.Sequential(nn.ReLU(), lambda x: x)
    seq = nn.Sequential(nn.ReLU())
    with pytest.raises(TypeError, match="expected a Module, got int"):
        seq.append(3)
    assert len(seq) == 1
    assert seq.append(nn.Tanh()) is seq and len(seq) == 2
