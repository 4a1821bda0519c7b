"""The PyTorch-style front against PyTorch itself (skipped without torch): Linear's layout and
torch state dicts, dtype rules, the new modules, clip_grad_norm_, AdamW, lr schedulers,
optimizer state, tt.save / tt.load and the safetensors package."""
import math

import numpy as np
import pytest

import tinytensor as tt
from tinytensor import nn, optim, serialization
from tinytensor.autograd import no_grad
from tinytensor.data import to_tensor
from tinytensor.nn import functional as F

torch = pytest.importorskip("torch")


def tt_of(t):
    return to_tensor(t.detach())


def close(a, b, tol=1e-6):
    a = np.asarray(a.detach() if hasattr(a, "detach") and not isinstance(a, tt.Tensor) else a)
    b = np.asarray(b.detach().numpy() if hasattr(b, "numpy") else b)
    np.testing.assert_allclose(a, b, rtol=tol, atol=tol)


# ------------------------------------------------------------------ Linear and state dicts
def test_linear_weight_layout_matches_torch():
    lin = nn.Linear(784, 128)
    assert lin.weight.shape == (128, 784) and lin.bias.shape == (128,)
    assert torch.nn.Linear(784, 128).weight.shape == (128, 784)
    bound = 1 / math.sqrt(784)
    assert lin.weight.max().item() <= bound and lin.weight.min().item() >= -bound


def test_torch_state_dict_loads_into_the_same_stack():
    torch.manual_seed(0)
    tm = torch.nn.Sequential(torch.nn.Linear(6, 5), torch.nn.ReLU(), torch.nn.Linear(5, 3), torch.nn.Tanh(),
                             torch.nn.Linear(3, 2, bias=False))
    m = nn.Sequential(nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 3), nn.Tanh(), nn.Linear(3, 2, bias=False))
    missing, unexpected = m.load_state_dict(tm.state_dict())
    assert missing == [] and unexpected == []
    x = np.random.default_rng(0).normal(size=(4, 6)).astype(np.float32)
    close(m(tt.asarray(x)), tm(torch.from_numpy(x)), 1e-6)
    # gradients agree too
    xt = torch.from_numpy(x)
    tm(xt).square().sum().backward()
    out = m(tt.asarray(x))
    (out * out).sum().backward()
    for (name, p), (tname, tp) in zip(m.named_parameters(), tm.named_parameters()):
        assert name == tname
        close(p.grad, tp.grad, 1e-5)
    # and back: our state dict loads into torch
    tm2 = torch.nn.Sequential(torch.nn.Linear(6, 5), torch.nn.ReLU(), torch.nn.Linear(5, 3), torch.nn.Tanh(),
                              torch.nn.Linear(3, 2, bias=False))
    tm2.load_state_dict({k: torch.from_numpy(np.asarray(v).copy()) for k, v in m.state_dict().items()})
    close(tm2(xt), tm(xt))


def test_load_state_dict_checks_everything_before_writing():
    m = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1))
    before = [p.tolist() for p in m.parameters()]
    sd = {k: torch.zeros(tuple(v.shape)) for k, v in m.state_dict().items()}
    sd["1.weight"] = torch.zeros(3, 1)                  # the (in, out) layout: refused
    with pytest.raises(RuntimeError, match="size mismatch for 1.weight"):
        m.load_state_dict(sd)
    assert [p.tolist() for p in m.parameters()] == before


def test_linear_reads_the_transposed_weight_without_copying():
    lin = nn.Linear(3, 2)
    view = lin.weight.T
    assert view.shape == (3, 2) and not view.is_contiguous()     # a view, handed to tt.linear
    x = tt.ones((4, 3), dtype=tt.float32)
    y = lin(x)
    assert y.shape == (4, 2) and y.dtype == tt.float32


# ------------------------------------------------------------------ dtype rules
@pytest.mark.parametrize("layer", [lambda: nn.Linear(3, 2), lambda: nn.LayerNorm(3)])
def test_nn_layers_refuse_another_float_dtype_as_torch(layer):
    x64 = np.ones((2, 3))
    tl = torch.nn.Linear(3, 2)
    with pytest.raises(RuntimeError):
        tl(torch.from_numpy(x64))                      # torch raises too
    with pytest.raises(RuntimeError, match="same dtype.*Double and Float"):
        layer()(tt.asarray(x64))


def test_keras_layers_cast_instead():
    from tinytensor.keras import layers
    d = layers.Dense(2, input_shape=(3,))
    assert d(tt.ones((2, 3), dtype=tt.float64)).dtype == tt.float32
    d64 = layers.Dense(2, input_shape=(3,), dtype="float64")
    assert d64(tt.ones((2, 3), dtype=tt.float32)).dtype == tt.float64


# ------------------------------------------------------------------ new modules against torch
X = np.array([[-30.0, -2.0, -0.5, 0.0, 0.3, 1.7, 25.0], [3.0, -1.0, 0.0, 2.5, -4.0, 0.1, -0.1]])


@pytest.mark.parametrize("ours,theirs", [
    (nn.GELU(), torch.nn.GELU()), (nn.GELU("tanh"), torch.nn.GELU("tanh")),
    (nn.LeakyReLU(), torch.nn.LeakyReLU()), (nn.LeakyReLU(0.2), torch.nn.LeakyReLU(0.2)),
    (nn.ELU(), torch.nn.ELU()), (nn.ELU(0.5), torch.nn.ELU(0.5)),
    (nn.Softplus(), torch.nn.Softplus()), (nn.Softplus(beta=2.0, threshold=5.0), torch.nn.Softplus(2.0, 5.0)),
], ids=lambda m: repr(m))
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_activations_values_and_gradients_match_torch(ours, theirs, dtype):
    x = tt.asarray(X.astype(dtype))
    x.requires_grad = True
    xt = torch.tensor(X.astype(dtype), requires_grad=True)
    y, yt = ours(x), theirs(xt)
    assert y.dtype == x.dtype
    tol = 2e-6 if dtype == "float32" else 2e-7       # erf of A&S 7.1.26: |error| < 1.5e-7
    close(y, yt, tol)
    g = np.linspace(-1, 1, X.size).reshape(X.shape).astype(dtype)
    y.backward(tt.asarray(g))
    yt.backward(torch.from_numpy(g))
    close(x.grad, xt.grad, 5e-6 if dtype == "float32" else 5e-7)


def test_layernorm_and_embedding_match_torch():
    torch.manual_seed(1)
    tl = torch.nn.LayerNorm((3, 4))
    with torch.no_grad():
        tl.weight.uniform_(-1, 1)
        tl.bias.uniform_(-1, 1)
    ln = nn.LayerNorm((3, 4))
    ln.load_state_dict(tl.state_dict())
    x = np.random.default_rng(2).normal(size=(2, 3, 4)).astype(np.float32)
    xx = tt.asarray(x)
    xx.requires_grad = True
    xt = torch.from_numpy(x).requires_grad_()
    close(ln(xx), tl(xt), 1e-5)
    (ln(xx) ** 3).sum().backward()
    (tl(xt) ** 3).sum().backward()
    close(xx.grad, xt.grad, 1e-4)
    close(ln.weight.grad, tl.weight.grad, 1e-4)

    te = torch.nn.Embedding(5, 3, padding_idx=1)
    e = nn.Embedding(5, 3, padding_idx=1)
    e.load_state_dict(te.state_dict())
    idx = np.array([[0, 1, 4], [4, 4, 2]])
    close(e(tt.asarray(idx)), te(torch.from_numpy(idx)))
    e(tt.asarray(idx)).sum().backward()
    te(torch.from_numpy(idx)).sum().backward()
    close(e.weight.grad, te.weight.grad)
    with pytest.raises(IndexError, match="index out of range"):
        e(tt.asarray([5]))


def test_module_list_and_dict_register_children():
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.blocks = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])
            self.heads = nn.ModuleDict({"a": nn.Linear(4, 2), "b": nn.Linear(4, 1)})

        def forward(self, x):
            for b in self.blocks:
                x = tt.relu(b(x))
            return self.heads["a"](x), self.heads["b"](x)

    net = Net()
    names = [n for n, _ in net.named_parameters()]
    assert names[:2] == ["blocks.0.weight", "blocks.0.bias"] and "heads.b.bias" in names and len(names) == 10
    a, b = net(tt.ones((2, 4), dtype=tt.float32))
    assert a.shape == (2, 2) and b.shape == (2, 1)
    assert len(net.blocks) == 3 and isinstance(net.blocks[1:], nn.ModuleList) and list(net.heads) == ["a", "b"]
    with pytest.raises(TypeError):
        net.blocks.append("not a module")


def test_clip_grad_norm_matches_torch():
    g = [np.array([3.0, 4.0]), np.array([[12.0]])]
    ours = [tt.zeros(x.shape) for x in g]
    theirs = [torch.zeros(x.shape, dtype=torch.float64, requires_grad=True) for x in g]
    for p, q, x in zip(ours, theirs, g):
        p.requires_grad = True
        p.grad = tt.asarray(x.copy())
        q.grad = torch.from_numpy(x.copy())
    for norm in (2.0, 1.0, math.inf):
        for p, q, x in zip(ours, theirs, g):
            p.grad = tt.asarray(x.copy())
            q.grad = torch.from_numpy(x.copy())
        n1 = nn.utils.clip_grad_norm_(ours, 5.0, norm)
        n2 = torch.nn.utils.clip_grad_norm_(theirs, 5.0, norm)
        assert n1.item() == pytest.approx(n2.item())
        for p, q in zip(ours, theirs):
            close(p.grad, q.grad, 1e-12)


# ------------------------------------------------------------------ optimizers
def train_both(make_ours, make_theirs, steps=5, sched=None):
    rng = np.random.default_rng(0)
    w0 = rng.normal(size=(3, 2))
    grads = [rng.normal(size=(3, 2)) for _ in range(steps)]
    p = tt.asarray(w0.copy())
    p.requires_grad = True
    q = torch.tensor(w0.copy(), requires_grad=True)
    o, t = make_ours([p]), make_theirs([q])
    so = st = None
    if sched:
        so, st = sched[0](o), sched[1](t)
    for g in grads:
        p.grad = tt.asarray(g)
        q.grad = torch.from_numpy(g.copy())
        o.step()
        t.step()
        if so:
            so.step()
            st.step()
            assert so.get_last_lr() == pytest.approx(st.get_last_lr())
    close(p, q, 1e-10)
    return o, p


@pytest.mark.parametrize("ours,theirs", [
    (lambda ps: optim.AdamW(ps), lambda ps: torch.optim.AdamW(ps)),
    (lambda ps: optim.AdamW(ps, lr=0.01, weight_decay=0.1, betas=(0.8, 0.9)),
     lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.1, betas=(0.8, 0.9))),
    (lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.01),
     lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.01)),
    (lambda ps: optim.Adam(ps, lr=0.01, eps=1e-8, eps_style="torch", weight_decay=0.05),
     lambda ps: torch.optim.Adam(ps, lr=0.01, weight_decay=0.05)),
])
def test_optimizers_match_torch(ours, theirs):
    train_both(ours, theirs)


@pytest.mark.parametrize("make", [
    (lambda o: optim.lr_scheduler.StepLR(o, step_size=2, gamma=0.5),
     lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=2, gamma=0.5)),
    (lambda o: optim.lr_scheduler.CosineAnnealingLR(o, T_max=4, eta_min=0.001),
     lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=4, eta_min=0.001)),
])
def test_lr_schedulers_match_torch(make):
    train_both(lambda ps: optim.SGD(ps, lr=0.1), lambda ps: torch.optim.SGD(ps, lr=0.1), steps=7, sched=make)


def test_optimizer_state_dict_round_trip_through_tt_save(tmp_path):
    o, p = train_both(lambda ps: optim.AdamW(ps, lr=0.01), lambda ps: torch.optim.AdamW(ps, lr=0.01), steps=3)
    path = tmp_path / "ckpt.safetensors"
    serialization.save({"model": {"w": p}, "optimizer": o.state_dict(), "epoch": 3}, path)
    back = serialization.load(path)
    assert back["epoch"] == 3 and sorted(back["optimizer"]["state"]) == [0]
    q = tt.asarray(np.asarray(back["model"]["w"]).copy())
    q.requires_grad = True
    o2 = optim.AdamW([q], lr=0.5)
    o2.load_state_dict(back["optimizer"])
    assert o2.learning_rate == 0.01 and o2.iterations == 3 and o2.state[0]["t"] == 3
    g = tt.ones((3, 2), dtype=tt.float64)
    p.grad, q.grad = g, g.copy()
    o.step()
    o2.step()
    assert q.tolist() == p.tolist()
    with pytest.raises(ValueError, match="shape"):
        optim.AdamW([tt.zeros(2).requires_grad_() if hasattr(tt.Tensor, "requires_grad_") else _leaf((2,))]
                    ).load_state_dict(back["optimizer"])


def _leaf(shape):
    t = tt.zeros(shape)
    t.requires_grad = True
    return t


# ------------------------------------------------------------------ tt.save / tt.load
def test_flat_state_dict_is_plain_safetensors(tmp_path):
    st = pytest.importorskip("safetensors.numpy")
    m = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))
    path = tmp_path / "m.safetensors"
    serialization.save(m.state_dict(), path)
    arrays = st.load_file(str(path))
    assert sorted(arrays) == ["0.bias", "0.weight", "2.bias", "2.weight"]
    assert arrays["0.weight"].shape == (2, 3) and arrays["0.weight"].dtype == np.float32
    np.testing.assert_array_equal(arrays["0.weight"], np.asarray(m[0].weight.detach()))
    import safetensors.torch
    tm = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
    tm.load_state_dict(safetensors.torch.load_file(str(path)))
    x = np.ones((1, 3), np.float32)
    close(m(tt.asarray(x)), tm(torch.from_numpy(x)))
    # and a file written by the safetensors package loads here
    other = tmp_path / "o.safetensors"
    st.save_file({"a": np.arange(6, dtype=np.int64).reshape(2, 3), "b": np.zeros(0, np.float32)}, str(other))
    got = serialization.load(other)
    assert got["a"].dtype == tt.int64 and got["a"].tolist() == [[0, 1, 2], [3, 4, 5]] and got["b"].shape == (0,)


@pytest.mark.parametrize("obj", [
    tt.arange(5.0), {"a": [1, 2.5, None, True, "s"], "t": (tt.ones((2, 2), dtype=tt.uint8), {3: tt.zeros(0)})},
    [tt.tensor(3.0), tt.tensor([True, False])],
])
def test_nested_objects_round_trip(tmp_path, obj):
    path = tmp_path / "x.safetensors"
    serialization.save(obj, path)
    back = serialization.load(path)

    def same(a, b):
        if isinstance(a, tt.Tensor):
            assert isinstance(b, tt.Tensor) and a.dtype == b.dtype and a.shape == b.shape and a.tolist() == b.tolist()
        elif isinstance(a, dict):
            assert list(a) == list(b)
            for k in a:
                same(a[k], b[k])
        elif isinstance(a, (list, tuple)):
            assert type(a) is type(b) and len(a) == len(b)
            for x, y in zip(a, b):
                same(x, y)
        else:
            assert a == b and type(a) is type(b)
    same(obj, back)


def test_save_refuses_what_it_cannot_store_without_pickle(tmp_path):
    with pytest.raises(TypeError, match="nothing is pickled"):
        serialization.save({"f": object()}, tmp_path / "x")
    assert not (tmp_path / "x").exists()
