"""The layers around tt.conv2d / tt.max_pool2d / tt.avg_pool2d (tests/test_conv.py tests the ops):

* nn (PyTorch style): functional conv2d/max_pool2d/avg_pool2d/batch_norm, Conv2d, Conv1d,
  MaxPool2d, AvgPool2d, BatchNorm1d/2d (running statistics, train/eval), Flatten; a torch
  state_dict loads and the outputs then agree with torch's (where torch is installed);
* keras: Conv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, BatchNormalization,
  Flatten; summary() prints the output shapes and parameter counts Keras prints for the book's
  convnet;
* examples/convnet.py's picture function writes only into the folder it is given.
"""
import ast
import os

import numpy as np
import pytest

import tinytensor as tt
from tinytensor import nn
from tinytensor.nn import functional as F
from tinytensor import layers, models

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _rand(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


# ---- nn functional ----------------------------------------------------------------------------

def _conv_loops(x, w, b, stride, padding):
    """out[n, o, i, j] = b[o] + sum x_padded[n, c, i*s + kh, j*s + kw] * w[o, c, kh, kw]."""
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    N, C, H, W = xp.shape
    O, _, KH, KW = w.shape
    OH, OW = (H - KH) // stride + 1, (W - KW) // stride + 1
    out = np.zeros((N, O, OH, OW))
    for i in range(OH):
        for j in range(OW):
            patch = xp[:, :, i * stride:i * stride + KH, j * stride:j * stride + KW]
            out[:, :, i, j] = np.einsum("nchw,ochw->no", patch, w)
    return out + (0 if b is None else b[None, :, None, None])


@pytest.mark.parametrize("stride,padding", [(1, 0), (2, 1)])
def test_functional_conv2d_is_the_loop(stride, padding):
    x, w, b = _rand((2, 3, 7, 6)), _rand((4, 3, 3, 2), 1), _rand(4, 2)
    out = F.conv2d(tt.tensor(x), tt.tensor(w), tt.tensor(b), stride=stride, padding=padding)
    want = _conv_loops(x, w, b, stride, padding)
    assert out.shape == want.shape and out.dtype == tt.float64
    np.testing.assert_allclose(np.asarray(out), want, rtol=1e-12, atol=1e-12)


def test_functional_pools():
    x = _rand((2, 3, 6, 7))
    mp = F.max_pool2d(tt.tensor(x), 2)
    want = x[:, :, :6, :6].reshape(2, 3, 3, 2, 3, 2).max(axis=(3, 5))
    assert mp.shape == (2, 3, 3, 3) and mp.dtype == tt.float64
    np.testing.assert_array_equal(np.asarray(mp), want)
    ap = F.avg_pool2d(tt.tensor(x), (2, 3), stride=(2, 2))
    want = np.stack([np.stack([x[:, :, 2 * i:2 * i + 2, 2 * j:2 * j + 3].mean(axis=(2, 3)) for j in range(3)], -1)
                     for i in range(3)], -2)
    assert ap.shape == (2, 3, 3, 3)
    np.testing.assert_allclose(np.asarray(ap), want, rtol=1e-12)
    out, idx = F.max_pool2d(tt.tensor(x), 3, return_indices=True)
    assert idx.dtype == tt.int64 and idx.shape == out.shape == (2, 3, 2, 2)
    flat = x.reshape(2, 3, -1)
    np.testing.assert_array_equal(np.take_along_axis(flat, np.asarray(idx).reshape(2, 3, -1), 2).reshape(2, 3, 2, 2),
                                  np.asarray(out))
    with pytest.raises(ValueError, match="divisor_override"):
        F.avg_pool2d(tt.tensor(x), 2, divisor_override=3)


def test_functional_batch_norm_train_and_eval():
    x = _rand((4, 3, 5, 2))
    rm, rv = tt.zeros(3, dtype=tt.float64), tt.ones(3, dtype=tt.float64)
    w, b = tt.tensor([1.0, 2.0, 0.5]), tt.tensor([0.0, -1.0, 3.0])
    y = F.batch_norm(tt.tensor(x), rm, rv, w, b, training=True, momentum=0.25, eps=1e-5)
    mean, var = x.mean(axis=(0, 2, 3)), x.var(axis=(0, 2, 3))
    want = (x - mean[None, :, None, None]) / np.sqrt(var[None, :, None, None] + 1e-5)
    want = want * np.asarray(w)[None, :, None, None] + np.asarray(b)[None, :, None, None]
    assert y.shape == x.shape and y.dtype == tt.float64
    np.testing.assert_allclose(np.asarray(y), want, rtol=1e-10, atol=1e-12)
    n = x.size // 3
    np.testing.assert_allclose(np.asarray(rm), 0.25 * mean, rtol=1e-12)
    np.testing.assert_allclose(np.asarray(rv), 0.75 + 0.25 * var * n / (n - 1), rtol=1e-12)
    # eval: the running statistics
    y = F.batch_norm(tt.tensor(x), rm, rv, training=False)
    want = (x - np.asarray(rm)[None, :, None, None]) / np.sqrt(np.asarray(rv)[None, :, None, None] + 1e-5)
    np.testing.assert_allclose(np.asarray(y), want, rtol=1e-10, atol=1e-12)
    with pytest.raises(ValueError, match="running_mean"):
        F.batch_norm(tt.tensor(x), tt.zeros(4, dtype=tt.float64), rv)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        F.batch_norm(tt.tensor(x[:1, :, :1, :1]), rm, rv, training=True)


def test_functional_batch_norm_gradcheck():
    from gradcheck import gradcheck, leaf
    x, w, b = _rand((3, 2, 2, 2)), _rand(2, 1), _rand(2, 2)
    gradcheck(lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
              [leaf(tt.tensor(x)), leaf(tt.tensor(w)), leaf(tt.tensor(b))])


# ---- nn layers --------------------------------------------------------------------------------

def test_conv2d_layer_shapes_and_pytorch_initialisation():
    conv = nn.Conv2d(4, 6, (3, 2), stride=2, padding=1, groups=2)
    assert conv.weight.shape == (6, 2, 3, 2) and conv.bias.shape == (6,)
    assert conv.weight.dtype == tt.float32 and conv.weight.requires_grad
    bound = 1 / np.sqrt(2 * 3 * 2)
    w = np.asarray(conv.weight.detach())
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.5 * bound
    assert np.abs(np.asarray(conv.bias.detach())).max() <= bound
    y = conv(tt.zeros((5, 4, 8, 7), dtype=tt.float32))
    assert y.shape == (5, 6, 4, 4) and y.dtype == tt.float32
    assert [k for k, _ in conv.named_parameters()] == ["weight", "bias"]
    assert nn.Conv2d(1, 2, 3, bias=False).bias is None
    assert "Conv2d(4, 6, kernel_size=(3, 2), stride=(2, 2), padding=(1, 1), groups=2)" in repr(conv)
    with pytest.raises(ValueError, match="divisible by groups"):
        nn.Conv2d(3, 4, 3, groups=2)
    with pytest.raises(ValueError, match="kernel_size"):
        nn.Conv2d(3, 4, 0)
    with pytest.raises(ValueError, match="strided"):
        nn.Conv2d(3, 4, 3, stride=2, padding="same")


def test_conv_layers_train():
    """Conv2d -> BatchNorm2d -> relu -> MaxPool2d -> Flatten -> Linear learns a fixed batch."""
    rng = np.random.default_rng(0)
    x = tt.tensor(rng.standard_normal((16, 1, 8, 8)), dtype=tt.float32)
    y = tt.tensor(rng.integers(0, 3, 16))
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                          nn.AvgPool2d(2, stride=1), nn.Flatten(), nn.Linear(4 * 3 * 3, 3))
    opt = tt.optim.Adam(model.parameters(), lr=0.05)
    losses = []
    for _ in range(40):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.3 * losses[0]
    assert all(p.grad is not None and p.grad.shape == p.shape for p in model.parameters())


def test_batchnorm_running_stats_train_eval_and_state_dict():
    bn = nn.BatchNorm2d(3, momentum=0.5)
    x = tt.tensor(_rand((4, 3, 2, 2)), dtype=tt.float32)
    bn(x)
    assert bn.num_batches_tracked.item() == 1
    mean = np.asarray(x).mean(axis=(0, 2, 3))
    np.testing.assert_allclose(np.asarray(bn.running_mean), 0.5 * mean, rtol=1e-5)
    assert set(bn.state_dict()) == {"weight", "bias", "running_mean", "running_var", "num_batches_tracked"}
    bn.eval()
    y = bn(x)
    want = (np.asarray(x) - np.asarray(bn.running_mean)[None, :, None, None]) / \
        np.sqrt(np.asarray(bn.running_var)[None, :, None, None] + 1e-5)
    np.testing.assert_allclose(np.asarray(y), want, rtol=1e-5, atol=1e-6)
    assert bn.num_batches_tracked.item() == 1           # eval does not count
    with pytest.raises(ValueError, match="expected 4D input"):
        bn(tt.zeros((2, 3)))
    bn1 = nn.BatchNorm1d(3)
    assert bn1(tt.zeros((4, 3), dtype=tt.float32)).shape == (4, 3)
    assert bn1(tt.zeros((4, 3, 5), dtype=tt.float32)).shape == (4, 3, 5)
    with pytest.raises(ValueError, match="2D or 3D"):
        bn1(tt.zeros((4, 3, 2, 2), dtype=tt.float32))


def test_flatten_module():
    x = tt.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5)
    assert nn.Flatten()(x).shape == (2, 60)
    assert nn.Flatten(1, 2)(x).shape == (2, 12, 5)
    assert nn.Flatten(0, -1)(x).shape == (120,)
    np.testing.assert_array_equal(np.asarray(nn.Flatten()(x)), np.arange(120).reshape(2, 60))
    with pytest.raises(IndexError, match="start_dim"):
        nn.Flatten(3, 1)(x)


def test_torch_state_dict_loads_and_agrees():
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    tnet = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(),
                               torch.nn.MaxPool2d(2), torch.nn.Conv2d(8, 4, 2, stride=2, groups=4),
                               torch.nn.AvgPool2d(2), torch.nn.Flatten(), torch.nn.Linear(4, 5))
    x = torch.randn(6, 3, 8, 8)
    tnet.train()
    tnet(x)                                     # running statistics that are not the defaults
    tnet.eval()
    net = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Conv2d(8, 4, 2, stride=2, groups=4), nn.AvgPool2d(2), nn.Flatten(), nn.Linear(4, 5))
    sd = {k: tt.tensor(v.numpy()) for k, v in tnet.state_dict().items()}
    assert set(sd) == set(net.state_dict())
    net.load_state_dict(sd)
    net.eval()
    got = net(tt.tensor(x.numpy()))
    np.testing.assert_allclose(np.asarray(got), tnet(x).detach().numpy(), rtol=1e-4, atol=1e-5)
    # in training mode both use the batch statistics and update the running ones alike
    tnet.train()
    net.train()
    np.testing.assert_allclose(np.asarray(net(tt.tensor(x.numpy()))), tnet(x).detach().numpy(), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(np.asarray(net[1].running_var), tnet[1].running_var.numpy(), rtol=1e-5)
    assert net[1].num_batches_tracked.item() == tnet[1].num_batches_tracked.item() == 2


# ---- keras ------------------------------------------------------------------------------------

def _book_model():
    model = models.Sequential()
    model.add(layers.Conv2D(32, (3, 3), activation="relu", input_shape=(28, 28, 1)))
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Conv2D(64, (3, 3), activation="relu"))
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Conv2D(64, (3, 3), activation="relu"))
    model.add(layers.Flatten())
    model.add(layers.Dense(64, activation="relu"))
    model.add(layers.Dense(10, activation="softmax"))
    return model


def _summary(model):
    lines = []
    model.summary(print_fn=lines.append)
    return lines


def test_keras_summary_of_the_book_convnet():
    """The shapes and counts of the book's summary (Deep Learning with Python, listing 5.3)."""
    import re
    lines = _summary(_book_model())
    rows = [(re.search(r"\(None[^)]*\)", l).group(0), l.split()[-1]) for l in lines if "(None" in l]
    assert rows == [
        ("(None, 26, 26, 32)", "320"), ("(None, 13, 13, 32)", "0"),
        ("(None, 11, 11, 64)", "18496"), ("(None, 5, 5, 64)", "0"),
        ("(None, 3, 3, 64)", "36928"), ("(None, 576)", "0"),
        ("(None, 64)", "36928"), ("(None, 10)", "650")]
    text = "\n".join(lines)
    for kind in ("Conv2D", "MaxPooling2D", "Flatten", "Dense"):
        assert "(%s" % kind in text.replace("\n", "")
    assert "Total params: 93,322" in lines and "Trainable params: 93,322" in lines
    assert "Non-trainable params: 0" in lines


def test_keras_other_layers_summary_and_values():
    model = models.Sequential([
        layers.Conv2D(8, 3, padding="same", input_shape=(9, 9, 2)),
        layers.BatchNormalization(),
        layers.AveragePooling2D((2, 2)),
        layers.MaxPooling2D(2, strides=1, padding="same"),
        layers.GlobalAveragePooling2D(),
        layers.Dense(3),
    ])
    lines = _summary(model)
    shapes = [l.split("(None")[1].split(")")[0] for l in lines if "(None" in l]
    assert shapes == [", 9, 9, 8", ", 9, 9, 8", ", 4, 4, 8", ", 4, 4, 8", ", 8", ", 3"]
    counts = [l.split()[-1] for l in lines if "(None" in l]
    assert counts == ["152", "32", "0", "0", "0", "27"]    # BN: gamma, beta + 2 moving (Keras counts 4*C)
    assert "Total params: 211" in lines and "Trainable params: 195" in lines
    assert "Non-trainable params: 16" in lines
    x = _rand((2, 9, 9, 2)).astype(np.float32)
    y = model(tt.tensor(x))
    assert y.shape == (2, 3) and y.dtype == tt.float32
    # GlobalAveragePooling2D and AveragePooling2D against NumPy
    g = layers.GlobalAveragePooling2D()(tt.tensor(x))
    np.testing.assert_allclose(np.asarray(g), x.mean(axis=(1, 2)), rtol=1e-6)
    a = layers.AveragePooling2D((2, 2))(tt.tensor(x))
    np.testing.assert_allclose(np.asarray(a), x[:, :8, :8].reshape(2, 4, 2, 4, 2, 2).mean(axis=(2, 4)), rtol=1e-6)
    f = layers.Flatten()(tt.tensor(x))
    np.testing.assert_array_equal(np.asarray(f), x.reshape(2, -1))


def test_keras_conv2d_matches_tt_conv2d_channels_last():
    layer = layers.Conv2D(4, (2, 3), strides=(1, 2), activation="relu", input_shape=(6, 7, 3))
    x = tt.tensor(_rand((2, 6, 7, 3)), dtype=tt.float32)
    y = layer(x)
    assert layer.kernel.shape == (2, 3, 3, 4) and y.shape == (2, 5, 3, 4)
    want = tt.conv2d(x, layer.kernel, layer.bias, (1, 2), data_format="channels_last", activation="relu")
    np.testing.assert_array_equal(np.asarray(y), np.asarray(want))


# ---- examples/convnet.py --plot ---------------------------------------------------------------

def test_convnet_plot_writes_only_into_the_folder(tmp_path):
    pytest.importorskip("matplotlib")
    source = open(os.path.join(ROOT, "examples", "convnet.py")).read()
    tree = ast.parse(source)
    (fn,) = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "plot_filters_and_maps"]
    # only the function, not the training; with the names the example imports at module level
    scope = {"Tensor": tt.Tensor, "layers": layers, "models": models}
    exec(compile(ast.Module([fn], []), "convnet.py", "exec"), scope)
    model = _book_model()
    image = tt.tensor(np.random.default_rng(0).random((28, 28, 1)), dtype=tt.float32)
    folder = tmp_path / "pictures"
    paths = scope["plot_filters_and_maps"](model, image, str(folder))
    assert sorted(os.listdir(folder)) == ["convnet_feature_maps.png", "convnet_filters.png"]
    assert all(os.path.getsize(p) > 1000 for p in paths)


# ---- docs/convolution.md ----------------------------------------------------------------------

def test_convolution_tutorial_sessions_run():
    import doctest
    path = os.path.join(ROOT, "docs", "convolution.md")
    result = doctest.testfile(path, module_relative=False, verbose=False, report=True,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 8 and result.failed == 0, result
    import re
    for picture in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", open(path).read()):
        assert os.path.exists(os.path.join(ROOT, "docs", picture)), picture
