"""Convolution and pooling (tinytensor/_conv.pxi, csrc/conv.c): tt.conv2d, tt.conv1d,
tt.max_pool2d, tt.avg_pool2d.

* every parameter combination (stride, padding in all its spellings, dilation, groups and
  depthwise, both layouts, odd sizes, kernel = input size, 1x1, fused relu) agrees with PyTorch
  in value and in every gradient where torch is installed -- a parametrized grid and a
  hypothesis search over random geometries;
* a float64 central-difference check always (tests/gradcheck.py; tiny shapes);
* inputs in any layout (transposed, sliced, negative strides), both float dtypes and the dtype
  rules, empty batches, the chunked path (a small im2col budget), 1 and 2 threads;
* the naive loops of tinytensor.naive equal the C ops;
* bad input raises ValueError (or TypeError) naming the shapes.
"""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import tinytensor as tt
from tinytensor import naive

from gradcheck import gradcheck, leaf

FLOATS = list(tt.__array_namespace_info__().dtypes(kind="real floating"))   # float32, float64, ...
FORMATS = ["channels_first", "channels_last"]


def _rng(seed=0):
    return np.random.default_rng(seed)


def _to_last(a):
    """An (N, C, H, W) array or (OC, Cg, KH, KW) weight in tinytensor's channels_last layout."""
    return a.transpose(0, 2, 3, 1)


def _w_to_last(w):
    return w.transpose(2, 3, 1, 0)


def _from_last(a):
    return a.transpose(0, 3, 1, 2)


def _torch_padding(padding, H, W, KH, KW, stride, dilation):
    """Our padding spelling as explicit (top, bottom, left, right) for F.pad (torch's "same" only
    exists for stride 1)."""
    def pair(v):
        return tuple(v) if isinstance(v, (tuple, list)) else (v, v)
    if padding == "valid":
        return (0, 0, 0, 0)
    if padding == "same":
        out = []
        for size, k, s, d in ((H, KH, stride[0], dilation[0]), (W, KW, stride[1], dilation[1])):
            o = -(-size // s)
            total = max((o - 1) * s + (k - 1) * d + 1 - size, 0)
            out += [total // 2, total - total // 2]
        return tuple(out)
    if isinstance(padding, (tuple, list)) and isinstance(padding[0], (tuple, list)):
        return (padding[0][0], padding[0][1], padding[1][0], padding[1][1])
    ph, pw = pair(padding)
    return (ph, ph, pw, pw)


def torch_conv(torch, x, w, b, stride, padding, dilation, groups, relu):
    pair = (lambda v: tuple(v) if isinstance(v, (tuple, list)) else (v, v))
    N, C, H, W = x.shape
    t, bo, l, r = _torch_padding(padding, H, W, w.shape[2], w.shape[3], pair(stride), pair(dilation))
    xp = torch.nn.functional.pad(x, (l, r, t, bo))
    y = torch.nn.functional.conv2d(xp, w, b, stride, 0, dilation, groups)
    return torch.relu(y) if relu else y


def check_conv_against_torch(torch, N, C, H, W, OC, KH, KW, stride=1, padding=0, dilation=1, groups=1,
                             bias=True, relu=False, fmt="channels_first", dtype="float64", seed=0):
    rng = _rng(seed)
    x = rng.standard_normal((N, C, H, W))
    w = rng.standard_normal((OC, C // groups, KH, KW))
    b = rng.standard_normal(OC) if bias else None
    tx = torch.tensor(x, requires_grad=True)
    tw = torch.tensor(w, requires_grad=True)
    tb = torch.tensor(b, requires_grad=True) if bias else None
    ref = torch_conv(torch, tx, tw, tb, stride, padding, dilation, groups, relu)
    g = rng.standard_normal(tuple(ref.shape))
    ref.backward(torch.tensor(g))

    last = fmt == "channels_last"
    X = leaf(tt.tensor(_to_last(x) if last else x, dtype=dtype))
    Wt = leaf(tt.tensor(_w_to_last(w) if last else w, dtype=dtype))
    B = leaf(tt.tensor(b, dtype=dtype)) if bias else None
    out = tt.conv2d(X, Wt, B, stride, padding, dilation, groups, data_format=fmt,
                    activation="relu" if relu else None)
    assert out.dtype == getattr(tt, dtype) and out.flags.c_contiguous
    want = ref.detach().numpy()
    got = np.asarray(out.detach())
    got = _from_last(got) if last else got
    rtol, atol = (1e-10, 1e-10) if dtype == "float64" else (2e-4, 2e-4)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)
    out.backward(tt.tensor(_to_last(g) if last else g, dtype=dtype))
    gx, gw = np.asarray(X.grad), np.asarray(Wt.grad)
    if last:
        gx, gw = _from_last(gx), gw.transpose(3, 2, 0, 1)
    np.testing.assert_allclose(gx, tx.grad.numpy(), rtol=rtol, atol=atol)
    np.testing.assert_allclose(gw, tw.grad.numpy(), rtol=rtol, atol=atol)
    if bias:
        np.testing.assert_allclose(np.asarray(B.grad), tb.grad.numpy(), rtol=rtol, atol=atol)
    assert X.grad.dtype == X.dtype and Wt.grad.dtype == Wt.dtype


# (N, C, H, W, OC, KH, KW, stride, padding, dilation, groups)
CONV_CASES = {
    "3x3": (2, 3, 7, 6, 4, 3, 3, 1, 0, 1, 1),
    "stride2-pad1": (2, 3, 8, 9, 5, 3, 3, 2, 1, 1, 1),
    "pairs": (2, 4, 9, 8, 6, 3, 2, (2, 1), (1, 2), (1, 2), 2),
    "groups2": (1, 4, 6, 6, 6, 3, 3, 1, 1, 1, 2),
    "depthwise": (2, 3, 7, 7, 6, 3, 3, 1, 1, 1, 3),
    "depthwise-strided": (1, 4, 9, 8, 4, 3, 3, 2, 0, 1, 4),
    "1x1": (3, 4, 5, 5, 6, 1, 1, 1, 0, 1, 1),
    "1x1-groups": (2, 6, 3, 4, 4, 1, 1, 1, 0, 1, 2),
    "1x1-stride2": (2, 3, 6, 7, 3, 1, 1, 2, 0, 1, 1),
    "1x1-padded": (1, 2, 3, 3, 2, 1, 1, 1, 1, 1, 1),
    "kernel=input": (2, 2, 4, 5, 3, 4, 5, 1, 0, 1, 1),
    "kernel>input-padded": (1, 2, 3, 3, 2, 5, 4, 1, (1, 1), 1, 1),
    "odd": (3, 5, 11, 7, 3, 2, 3, (3, 2), (0, 1), 1, 1),
    "dilated": (1, 2, 9, 9, 3, 3, 3, 1, 2, 2, 1),
    "dilated-strided": (2, 2, 10, 11, 2, 2, 3, (2, 3), (1, 0), (3, 2), 1),
    "same": (2, 3, 7, 8, 4, 3, 3, 1, "same", 1, 1),
    "same-even": (1, 2, 6, 5, 3, 4, 2, 1, "same", 1, 1),
    "same-strided": (2, 2, 7, 8, 3, 3, 2, (2, 3), "same", 1, 1),
    "same-dilated": (1, 2, 7, 7, 2, 3, 3, 1, "same", 2, 1),
    "valid": (1, 3, 6, 6, 2, 3, 3, 1, "valid", 1, 1),
    "asymmetric": (2, 2, 5, 6, 3, 3, 3, 1, ((2, 0), (1, 3)), 1, 1),
    "one-pixel": (1, 3, 1, 1, 2, 1, 1, 1, 0, 1, 1),
    "width-1": (2, 2, 6, 1, 3, 3, 1, 1, (1, 0), 1, 1),
}


@pytest.mark.parametrize("relu", [False, True], ids=["linear", "relu"])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", CONV_CASES, ids=list(CONV_CASES))
def test_conv2d_matches_torch(case, fmt, relu):
    torch = pytest.importorskip("torch")
    N, C, H, W, OC, KH, KW, s, p, d, g = CONV_CASES[case]
    check_conv_against_torch(torch, N, C, H, W, OC, KH, KW, s, p, d, g, relu=relu, fmt=fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_conv2d_float32_and_no_bias_match_torch(fmt):
    torch = pytest.importorskip("torch")
    check_conv_against_torch(torch, 2, 4, 9, 8, 6, 3, 3, 2, 1, 1, 2, bias=False, fmt=fmt, dtype="float32")
    check_conv_against_torch(torch, 4, 8, 13, 13, 16, 3, 3, 1, 0, 1, 1, relu=True, fmt=fmt, dtype="float32")


@st.composite
def conv_geometry(draw):
    groups = draw(st.sampled_from([1, 1, 2, 3]))
    C = groups * draw(st.integers(1, 3))
    OC = groups * draw(st.integers(1, 3))
    KH, KW = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    dil = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    padding = draw(st.one_of(st.just("same"), st.just("valid"), st.integers(0, 3),
                             st.tuples(st.integers(0, 3), st.integers(0, 3)),
                             st.tuples(st.tuples(st.integers(0, 3), st.integers(0, 3)),
                                       st.tuples(st.integers(0, 3), st.integers(0, 3)))))
    pads = _torch_padding(padding, 8, 8, KH, KW, stride, dil)
    # an input at least as large as the dilated kernel once padded
    h_min = max(1, (KH - 1) * dil[0] + 1 - pads[0] - pads[1])
    w_min = max(1, (KW - 1) * dil[1] + 1 - pads[2] - pads[3])
    H = draw(st.integers(h_min, max(h_min, 9)))
    W = draw(st.integers(w_min, max(w_min, 9)))
    if padding == "same":
        H, W = max(H, 1), max(W, 1)
    return dict(N=draw(st.integers(1, 3)), C=C, H=H, W=W, OC=OC, KH=KH, KW=KW, stride=stride,
                padding=padding, dilation=dil, groups=groups, bias=draw(st.booleans()),
                relu=draw(st.booleans()), fmt=draw(st.sampled_from(FORMATS)))


@given(conv_geometry())
def test_conv2d_random_geometry_matches_torch(geo):
    torch = pytest.importorskip("torch")
    pads = _torch_padding(geo["padding"], geo["H"], geo["W"], geo["KH"], geo["KW"], geo["stride"], geo["dilation"])
    if geo["H"] + pads[0] + pads[1] < (geo["KH"] - 1) * geo["dilation"][0] + 1 or \
            geo["W"] + pads[2] + pads[3] < (geo["KW"] - 1) * geo["dilation"][1] + 1:
        with pytest.raises(ValueError, match="larger than the padded input"):
            tt.conv2d(tt.zeros((geo["N"], geo["C"], geo["H"], geo["W"])),
                      tt.zeros((geo["OC"], geo["C"] // geo["groups"], geo["KH"], geo["KW"])),
                      stride=geo["stride"], padding=geo["padding"], dilation=geo["dilation"], groups=geo["groups"])
        return
    check_conv_against_torch(torch, geo["N"], geo["C"], geo["H"], geo["W"], geo["OC"], geo["KH"], geo["KW"],
                             geo["stride"], geo["padding"], geo["dilation"], geo["groups"], geo["bias"],
                             geo["relu"], geo["fmt"])


# ---- always: float64 central differences --------------------------------------------------

GRAD_CASES = [  # (x shape NCHW, w shape, kwargs)
    ((1, 2, 4, 4), (2, 2, 2, 2), {}),
    ((2, 2, 4, 5), (4, 1, 2, 3), {"stride": (2, 1), "padding": 1, "groups": 2}),
    ((1, 2, 5, 4), (2, 2, 2, 2), {"dilation": 2, "padding": ((1, 0), (0, 1))}),
    ((1, 1, 3, 3), (2, 1, 3, 3), {"padding": "same"}),
    ((2, 3, 2, 2), (3, 1, 1, 1), {"groups": 3}),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("xs,ws,kw", GRAD_CASES)
def test_conv2d_gradcheck(xs, ws, kw, fmt):
    rng = _rng(1)
    x, w, b = rng.standard_normal(xs), rng.standard_normal(ws), rng.standard_normal(ws[0])
    if fmt == "channels_last":
        x, w = _to_last(x), _w_to_last(w)
    gradcheck(lambda x, w, b: tt.conv2d(x, w, b, data_format=fmt, **kw),
              [leaf(tt.tensor(x)), leaf(tt.tensor(w)), leaf(tt.tensor(b))])


@pytest.mark.parametrize("fmt", FORMATS)
def test_fused_relu_is_relu_of_the_convolution(fmt):
    rng = _rng(2)
    x = rng.standard_normal((2, 3, 6, 5))
    w = rng.standard_normal((4, 3, 3, 3))
    b = rng.standard_normal(4)
    if fmt == "channels_last":
        x, w = _to_last(x), _w_to_last(w)
    grads = []
    for fused in (True, False):
        X, Wt, B = leaf(tt.tensor(x)), leaf(tt.tensor(w)), leaf(tt.tensor(b))
        y = tt.conv2d(X, Wt, B, padding=1, data_format=fmt, activation="relu" if fused else None)
        y = y if fused else tt.relu(y)
        (y * y).sum().backward()
        grads.append((np.asarray(y.detach()), np.asarray(X.grad), np.asarray(Wt.grad), np.asarray(B.grad)))
    for a, b_ in zip(*grads):
        np.testing.assert_allclose(a, b_, rtol=1e-12, atol=1e-12)


def test_conv1d_gradcheck_and_torch():
    rng = _rng(3)
    x, w, b = rng.standard_normal((2, 4, 9)), rng.standard_normal((6, 2, 3)), rng.standard_normal(6)
    f = (lambda x, w, b: tt.conv1d(x, w, b, stride=2, padding=1, dilation=2, groups=2))
    gradcheck(f, [leaf(tt.tensor(x)), leaf(tt.tensor(w)), leaf(tt.tensor(b))])
    last = tt.conv1d(tt.tensor(x.transpose(0, 2, 1)), tt.tensor(w.transpose(2, 1, 0)), tt.tensor(b), 2, 1, 2, 2,
                     data_format="channels_last")
    np.testing.assert_allclose(np.asarray(last).transpose(0, 2, 1), np.asarray(f(tt.tensor(x), tt.tensor(w),
                                                                                  tt.tensor(b))), rtol=1e-12)
    assert tt.conv1d(tt.tensor(x), tt.tensor(w), None, padding="same", groups=2).shape == (2, 6, 9)
    torch = pytest.importorskip("torch")
    want = torch.nn.functional.conv1d(torch.tensor(x), torch.tensor(w), torch.tensor(b), 2, 1, 2, 2)
    np.testing.assert_allclose(np.asarray(f(tt.tensor(x), tt.tensor(w), tt.tensor(b))), want.numpy(), rtol=1e-12)


# ---- pooling ------------------------------------------------------------------------------

POOL_CASES = {   # kernel, stride, padding, dilation (max only), ceil_mode, shape
    "2x2": (2, None, 0, 1, False, (2, 3, 8, 8)),
    "3x3-s2-p1": (3, 2, 1, 1, False, (2, 3, 7, 9)),
    "pairs-ceil": ((3, 2), (2, 3), (1, 1), 1, True, (2, 2, 7, 9)),
    "odd-ceil": (2, 2, 0, 1, True, (1, 2, 5, 7)),
    "window=input": (5, 1, 0, 1, False, (2, 2, 5, 5)),
    "1x1": (1, 1, 0, 1, False, (1, 3, 3, 4)),
    "overlapping": (3, 1, 1, 1, False, (1, 2, 5, 6)),
    "dilated": (3, 1, 1, 2, False, (1, 2, 9, 9)),
    "strided-dilated": (2, (2, 1), (1, 0), (2, 3), True, (2, 2, 8, 7)),
}


def _pool_input(shape, seed=0):
    x = _rng(seed).standard_normal(shape)
    x[0, 0, 0, :2] = 3.0               # a tie: the first of equal maxima gets the gradient
    x[-1, -1, -1, -2:] = 0.0
    return x


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", POOL_CASES, ids=list(POOL_CASES))
def test_max_pool2d_matches_torch(case, fmt):
    torch = pytest.importorskip("torch")
    k, s, p, d, ceil, shape = POOL_CASES[case]
    x = _pool_input(shape)
    tx = torch.tensor(x, requires_grad=True)
    ref, ridx = torch.nn.functional.max_pool2d(tx, k, s, p, d, ceil, return_indices=True)
    g = _rng(1).standard_normal(tuple(ref.shape))
    ref.backward(torch.tensor(g))
    last = fmt == "channels_last"
    X = leaf(tt.tensor(_to_last(x) if last else x))
    out, idx = tt.max_pool2d(X, k, s, p, d, ceil, return_indices=True, data_format=fmt)
    out.backward(tt.tensor(_to_last(g) if last else g))
    o, i, gx = np.asarray(out.detach()), np.asarray(idx), np.asarray(X.grad)
    if last:
        o, i, gx = _from_last(o), _from_last(i), _from_last(gx)
    np.testing.assert_array_equal(o, ref.detach().numpy())
    np.testing.assert_array_equal(i, ridx.numpy())
    assert idx.dtype == tt.int64
    np.testing.assert_allclose(gx, tx.grad.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("include_pad", [True, False])
@pytest.mark.parametrize("case", [c for c in POOL_CASES if POOL_CASES[c][3] == 1], ids=str)
def test_avg_pool2d_matches_torch(case, include_pad, fmt):
    torch = pytest.importorskip("torch")
    k, s, p, _, ceil, shape = POOL_CASES[case]
    x = _pool_input(shape)
    tx = torch.tensor(x, requires_grad=True)
    ref = torch.nn.functional.avg_pool2d(tx, k, s, p, ceil, include_pad)
    g = _rng(1).standard_normal(tuple(ref.shape))
    ref.backward(torch.tensor(g))
    last = fmt == "channels_last"
    X = leaf(tt.tensor(_to_last(x) if last else x))
    out = tt.avg_pool2d(X, k, s, p, ceil, include_pad, data_format=fmt)
    out.backward(tt.tensor(_to_last(g) if last else g))
    o, gx = np.asarray(out.detach()), np.asarray(X.grad)
    if last:
        o, gx = _from_last(o), _from_last(gx)
    np.testing.assert_allclose(o, ref.detach().numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(gx, tx.grad.numpy(), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("fmt", FORMATS)
def test_pool_gradcheck(fmt):
    x = _rng(4).standard_normal((2, 2, 5, 6))          # distinct values: max is differentiable
    if fmt == "channels_last":
        x = _to_last(x)
    gradcheck(lambda x: tt.max_pool2d(x, 3, 2, 1, ceil_mode=True, data_format=fmt), [leaf(tt.tensor(x))])
    gradcheck(lambda x: tt.max_pool2d(x, 2, 1, dilation=2, data_format=fmt), [leaf(tt.tensor(x))])
    for include in (True, False):
        gradcheck(lambda x: tt.avg_pool2d(x, (3, 2), (2, 1), 1, True, include, data_format=fmt),
                  [leaf(tt.tensor(x))])


def test_max_pool_nan_propagates_and_routes_like_torch():
    x = np.arange(32, dtype=np.float64).reshape(1, 2, 4, 4)
    x[0, 0, 0, 1] = np.nan
    x[0, 0, 1, 0] = np.nan
    x[0, 1, 2, 2] = -np.inf
    for fmt in FORMATS:
        X = leaf(tt.tensor(_to_last(x) if fmt == "channels_last" else x))
        out, idx = tt.max_pool2d(X, 2, return_indices=True, data_format=fmt)
        out.sum().backward()
        o, i, gx = np.asarray(out.detach()), np.asarray(idx), np.asarray(X.grad)
        if fmt == "channels_last":
            o, i, gx = _from_last(o), _from_last(i), _from_last(gx)
        assert np.isnan(o[0, 0, 0, 0]) and not np.isnan(o[0, 0, 1, 1])
        assert i[0, 0, 0, 0] == 4                      # the last NaN of the window, as PyTorch
        assert gx[0, 0, 1, 0] == 1.0 and gx[0, 0, 0, 1] == 0.0
        assert gx.sum() == 8.0
    torch = pytest.importorskip("torch")
    _, ridx = torch.nn.functional.max_pool2d(torch.tensor(x), 2, return_indices=True)
    assert ridx[0, 0, 0, 0] == 4


def test_max_pool_of_constant_window_routes_to_the_first():
    x = leaf(tt.zeros((1, 1, 4, 4), dtype=tt.float64))
    out = tt.max_pool2d(x, 2)
    out.sum().backward()
    assert np.asarray(x.grad)[0, 0].tolist() == [[1, 0, 1, 0], [0, 0, 0, 0], [1, 0, 1, 0], [0, 0, 0, 0]]


def test_pool_integer_input_computes_in_float():
    """Integers pool in NumPy's float for them (as np.sqrt would): 8-bit and bool -> float16,
    16-bit -> float32, wider -> float64; the values are exact."""
    x = tt.arange(16, dtype=tt.uint8).reshape(1, 1, 4, 4)
    assert tt.max_pool2d(x, 2).dtype == tt.float16
    assert tt.max_pool2d(x.astype(tt.int16), 2).dtype == tt.float32
    assert tt.avg_pool2d(x.astype(tt.int64), 2).dtype == tt.float64
    assert tt.avg_pool2d(x.astype(tt.bool), 2).dtype == tt.float16
    assert tt.max_pool2d(x, 2).tolist() == [[[[5.0, 7.0], [13.0, 15.0]]]]
    assert tt.avg_pool2d(x.astype(tt.uint16), 2).tolist() == [[[[2.5, 4.5], [10.5, 12.5]]]]
    with pytest.raises(TypeError, match="float"):
        tt.conv2d(x, x)


@pytest.mark.parametrize("fmt", FORMATS)
def test_float16_computes_in_float32_and_rounds_once(fmt):
    rng = _rng(7)
    x, w, b = rng.standard_normal((2, 3, 6, 5)), rng.standard_normal((4, 3, 3, 2)), rng.standard_normal(4)
    if fmt == "channels_last":
        x, w = _to_last(x), _w_to_last(w)
    x16, w16, b16 = (tt.tensor(a, dtype=tt.float16) for a in (x, w, b))
    x32, w32, b32 = (t.astype(tt.float32) for t in (x16, w16, b16))
    for op in (lambda x, w, b: tt.conv2d(x, w, b, padding=1, data_format=fmt, activation="relu"),
               lambda x, w, b: tt.max_pool2d(x, 2, stride=1, data_format=fmt),
               lambda x, w, b: tt.avg_pool2d(x, 3, stride=2, padding=1, data_format=fmt)):
        y16, y32 = op(x16, w16, b16), op(x32, w32, b32)
        assert y16.dtype == tt.float16 and y16.shape == y32.shape
        np.testing.assert_array_equal(np.asarray(y16), np.asarray(y32).astype(np.float16))
    # (main's autograd records no float16 op, so the float16 backward is reached only directly)
    g = tt.ones(tt.conv2d(x16, w16, data_format=fmt).shape, dtype=tt.float16)
    dx, dw, db = tt._core._conv2d_backward(g, x16, w16, (1, 1, 0, 0, 0, 0, 1, 1, 1), fmt, True, True, True)
    rx, rw, rb = tt._core._conv2d_backward(g.astype(tt.float32), x32, w32, (1, 1, 0, 0, 0, 0, 1, 1, 1), fmt,
                                           True, True, True)
    for a, r in ((dx, rx), (dw, rw), (db, rb)):
        assert a.dtype == tt.float16
        np.testing.assert_array_equal(np.asarray(a), np.asarray(r).astype(np.float16))


# ---- layouts, dtypes, shapes, chunks, threads ----------------------------------------------

def _conv_np(x, w, b, stride=1, padding=0, dilation=1, groups=1):
    """The reference by tinytensor itself on contiguous float64 copies."""
    return np.asarray(tt.conv2d(tt.tensor(np.ascontiguousarray(x)), tt.tensor(np.ascontiguousarray(w)),
                                None if b is None else tt.tensor(b), stride, padding, dilation, groups))


@pytest.mark.parametrize("fmt", FORMATS)
def test_conv2d_reads_views_in_place(fmt):
    rng = _rng(5)
    big = rng.standard_normal((3, 4, 11, 10))
    w = rng.standard_normal((5, 4, 3, 2))
    views = {   # tinytensor view, the same values as a NumPy array (N, C, H, W)
        "sliced": lambda t: t[:, :, ::2, 1:],
        "negative": lambda t: t[::-1, :, ::-1, ::-1],
        "channel-sliced": lambda t: t[:, 1:3],
    }
    for name, view in views.items():
        want_x = view(big)
        ww = w[:, :want_x.shape[1]]
        want = _conv_np(want_x, ww, None, 1, 1)
        if fmt == "channels_last":
            got = tt.conv2d(view(tt.tensor(big)).permute((0, 2, 3, 1)), tt.tensor(_w_to_last(ww).copy()),
                            padding=1, data_format=fmt)
            got = _from_last(np.asarray(got))
        else:
            got = np.asarray(tt.conv2d(view(tt.tensor(big)), tt.tensor(ww.copy()), padding=1))
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12, err_msg=name)
    # a channels-last tensor viewed as channels-first, and a transposed weight
    x_last = tt.tensor(_to_last(big).copy())
    got = tt.conv2d(x_last.permute((0, 3, 1, 2)), tt.tensor(w.transpose(1, 0, 2, 3).copy()).permute((1, 0, 2, 3)))
    np.testing.assert_allclose(np.asarray(got), _conv_np(big, w, None), rtol=1e-12, atol=1e-12)


def test_conv2d_dtype_rules():
    x = tt.ones((1, 1, 3, 3), dtype=tt.float32)
    w32, w64 = tt.ones((1, 1, 2, 2), dtype=tt.float32), tt.ones((1, 1, 2, 2), dtype=tt.float64)
    assert tt.conv2d(x, w32).dtype == tt.float32
    assert tt.conv2d(x, w64).dtype == tt.float64                       # promotion, as NumPy
    assert tt.conv2d(x, w32, tt.zeros(1, dtype=tt.float64)).dtype == tt.float64
    xi = tt.ones((1, 1, 3, 3), dtype=tt.uint8)
    r = tt.conv2d(xi, w32)
    assert r.dtype == tt.float32 and r.tolist() == [[[[4.0, 4.0], [4.0, 4.0]]]]
    with pytest.raises(TypeError, match="float32 or float64"):
        tt.conv2d(xi, tt.ones((1, 1, 2, 2), dtype=tt.int64))
    # nested lists are accepted as NumPy-like input
    assert tt.conv2d([[[[1.0, 2.0], [3.0, 4.0]]]], [[[[1.0]]]]).tolist() == [[[[1.0, 2.0], [3.0, 4.0]]]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_batch_and_empty_channels(fmt):
    shape = (0, 3, 5, 5) if fmt == "channels_first" else (0, 5, 5, 3)
    wshape = (4, 3, 3, 3) if fmt == "channels_first" else (3, 3, 3, 4)
    x, w, b = leaf(tt.zeros(shape, dtype=tt.float64)), leaf(tt.ones(wshape, dtype=tt.float64)), \
        leaf(tt.ones(4, dtype=tt.float64))
    y = tt.conv2d(x, w, b, data_format=fmt, activation="relu")
    assert y.shape == ((0, 4, 3, 3) if fmt == "channels_first" else (0, 3, 3, 4))
    y.sum().backward()
    assert x.grad.shape == shape and w.grad.shape == wshape and b.grad.shape == (4,)
    assert float(tt.abs(w.grad).sum()) == 0.0 and float(tt.abs(b.grad).sum()) == 0.0
    p = tt.max_pool2d(x, 2, data_format=fmt)
    assert p.shape == ((0, 3, 2, 2) if fmt == "channels_first" else (0, 2, 2, 3))
    # no output channels
    w0 = tt.ones((0, 3, 3, 3) if fmt == "channels_first" else (3, 3, 3, 0))
    assert tt.conv2d(tt.ones((2,) + shape[1:]), w0, data_format=fmt).size == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_chunked_im2col_gives_the_same_result(fmt):
    rng = _rng(6)
    x = rng.standard_normal((7, 4, 9, 8))
    w = rng.standard_normal((6, 2, 3, 3))
    g = rng.standard_normal((7, 6, 5, 4))
    if fmt == "channels_last":
        x, w, g = _to_last(x).copy(), _w_to_last(w).copy(), _to_last(g).copy()

    def run():
        X, Wt, B = leaf(tt.tensor(x)), leaf(tt.tensor(w)), leaf(tt.tensor(np.ones(6)))
        y = tt.conv2d(X, Wt, B, (2, 2), 1, 1, 2, data_format=fmt, activation="relu")
        y.backward(tt.tensor(g))
        return [np.asarray(t) for t in (y.detach(), X.grad, Wt.grad, B.grad)]

    whole = run()
    old = tt._core._conv_buffer_bytes(1)          # one image per chunk
    try:
        chunked = run()
    finally:
        tt._core._conv_buffer_bytes(old)
    for a, b in zip(whole, chunked):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def test_one_and_two_threads_agree():
    rng = _rng(7)
    x = tt.tensor(rng.standard_normal((16, 20, 20, 8)).astype(np.float32))
    w = tt.tensor(rng.standard_normal((3, 3, 8, 16)).astype(np.float32))
    old = tt.get_num_threads()
    results = []
    try:
        for n in (1, 2):
            tt.set_num_threads(n)
            X, Wt = leaf(x), leaf(w)
            y = tt.conv2d(X, Wt, data_format="channels_last", activation="relu")
            p = tt.max_pool2d(y, 2, data_format="channels_last")
            p.sum().backward()
            results.append([np.asarray(t) for t in (p.detach(), X.grad, Wt.grad)])
    finally:
        tt.set_num_threads(old)
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)


def test_no_grad_records_nothing():
    x = leaf(tt.ones((1, 1, 3, 3), dtype=tt.float64))
    with tt.no_grad():
        y = tt.conv2d(x, x[:, :, :2, :2])
        p = tt.max_pool2d(x, 2)
    assert y.grad_fn is None and not y.requires_grad and p.grad_fn is None


# ---- the naive loops ----------------------------------------------------------------------

@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("stride,padding", [(1, 0), (2, 1), ((1, 2), (2, 0))])
def test_naive_conv2d_equals_the_c_op(dtype, stride, padding):
    rng = _rng(8)
    x = tt.tensor(rng.standard_normal((2, 3, 6, 5)), dtype=dtype)
    w = tt.tensor(rng.standard_normal((4, 3, 3, 2)), dtype=dtype)
    b = tt.tensor(rng.standard_normal(4), dtype=dtype)
    want = tt.conv2d(x, w, b, stride, padding)
    tol = 1e-12 if dtype == "float64" else 1e-5
    for got in (naive.naive_conv2d(x, w, b, stride, padding), naive.naive_conv2d_as_matmul(x, w, b, stride, padding)):
        assert got.shape == want.shape and got.dtype == want.dtype
        np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=tol, atol=tol)


def test_naive_im2col_rows_are_receptive_fields():
    x = tt.arange(2 * 1 * 3 * 3, dtype=tt.float64).reshape(2, 1, 3, 3)
    col = naive.naive_im2col(x, 2)
    assert col.shape == (8, 4)
    assert col[0].tolist() == [0.0, 1.0, 3.0, 4.0] and col[7].tolist() == [13.0, 14.0, 16.0, 17.0]
    padded = naive.naive_im2col(x, 3, padding=1)
    assert padded.shape == (18, 9) and padded[0].tolist() == [0, 0, 0, 0, 0, 1, 0, 3, 4]


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("kernel,stride", [(2, None), (3, 1), ((2, 3), (1, 2))])
def test_naive_max_pool2d_equals_the_c_op(dtype, kernel, stride):
    x = tt.tensor(_rng(9).standard_normal((2, 3, 7, 6)), dtype=dtype)
    want = tt.max_pool2d(x, kernel, stride)
    got = naive.naive_max_pool2d(x, kernel, stride)
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_array_equal(np.asarray(got), np.asarray(want))


def test_naive_asserts_fire():
    with pytest.raises(AssertionError):
        naive.naive_conv2d(tt.ones((1, 2, 3, 3)), tt.ones((1, 3, 2, 2)))
    with pytest.raises(AssertionError):
        naive.naive_max_pool2d(tt.ones((1, 1, 2, 2)), 3)


# ---- bad input ----------------------------------------------------------------------------

BAD_CONV = [  # (x shape, w shape, kwargs, exception, message fragment)
    ((1, 1, 3, 3), (1, 1, 5, 5), {}, ValueError, "larger than the padded input"),
    ((1, 1, 3, 3), (1, 1, 3, 3), {"dilation": 2}, ValueError, "larger than the padded input"),
    ((1, 1, 3, 3), (1, 1, 2, 2), {"stride": 0}, ValueError, "stride must be positive"),
    ((1, 1, 3, 3), (1, 1, 2, 2), {"stride": (1, -1)}, ValueError, "stride must be positive"),
    ((1, 1, 3, 3), (1, 1, 2, 2), {"dilation": 0}, ValueError, "dilation must be positive"),
    ((1, 1, 3, 3), (1, 1, 2, 2), {"padding": -1}, ValueError, "padding must be non-negative"),
    ((1, 1, 3, 3), (1, 1, 2, 2), {"padding": "full"}, ValueError, "padding must be"),
    ((1, 1, 3, 3), (1, 1, 2, 2), {"stride": (1, 2, 3)}, ValueError, "pair of ints"),
    ((1, 1, 3, 3), (1, 1, 2, 2), {"stride": 1.5}, TypeError, "stride must be an int"),
    ((1, 1, 3, 3), (1, 1, 2, 2), {"groups": 0}, ValueError, "groups must be positive"),
    ((1, 3, 3, 3), (2, 1, 2, 2), {"groups": 2}, ValueError, "in_channels=3"),
    ((1, 4, 3, 3), (3, 2, 2, 2), {"groups": 2}, ValueError, "out_channels=3"),
    ((1, 3, 3, 3), (2, 2, 2, 2), {}, ValueError, "(1, 3, 3, 3) has 3"),
    ((3, 3, 3), (2, 3, 2, 2), {}, ValueError, "4-D input"),
    ((1, 1, 3, 3, 1), (2, 1, 2, 2), {}, ValueError, "got an input of shape (1, 1, 3, 3, 1)"),
    ((1, 1, 3, 3), (2, 1, 2), {}, ValueError, "4-D weight"),
    ((1, 1, 3, 3), (2, 1, 2, 2), {"data_format": "NWHC"}, ValueError, "data_format"),
    ((1, 1, 3, 3), (2, 1, 2, 2), {"activation": "tanh"}, ValueError, "activation"),
]


@pytest.mark.parametrize("xs,ws,kw,exc,msg", BAD_CONV, ids=[c[4] for c in BAD_CONV])
def test_conv2d_bad_input(xs, ws, kw, exc, msg):
    with pytest.raises(exc) as info:
        tt.conv2d(tt.ones(xs), tt.ones(ws), **kw)
    assert msg in str(info.value)


def test_conv2d_bad_bias_and_messages_name_the_shapes():
    with pytest.raises(ValueError, match=r"bias of shape \(3,\) does not match the 2 output channels"):
        tt.conv2d(tt.ones((1, 1, 3, 3)), tt.ones((2, 1, 2, 2)), tt.ones(3))
    with pytest.raises(ValueError) as info:
        tt.conv2d(tt.ones((2, 4, 4, 3)), tt.ones((3, 3, 2, 5)), data_format="channels_last")
    assert "(3, 3, 2, 5)" in str(info.value) and "(2, 4, 4, 3)" in str(info.value)
    with pytest.raises(ValueError, match=r"kernel \(5, 5\).*padded input \(4, 4\)"):
        tt.conv2d(tt.ones((1, 1, 2, 2)), tt.ones((1, 1, 5, 5)), padding=1)


BAD_POOL = [
    ((1, 1, 4, 4), {"kernel_size": 0}, ValueError, "kernel_size must be positive"),
    ((1, 1, 4, 4), {"kernel_size": 2, "stride": 0}, ValueError, "stride must be positive"),
    ((1, 1, 4, 4), {"kernel_size": 2, "padding": 2}, ValueError, "at most half of the window"),
    ((1, 1, 2, 2), {"kernel_size": 3}, ValueError, "larger than the padded input"),
    ((1, 4, 4), {"kernel_size": 2}, ValueError, "4-D input"),
    ((1, 1, 4, 4), {"kernel_size": (2, 2, 2)}, ValueError, "pair of ints"),
    ((1, 1, 4, 4), {"kernel_size": 2.0}, TypeError, "kernel_size must be an int"),
]


@pytest.mark.parametrize("op", ["max_pool2d", "avg_pool2d"])
@pytest.mark.parametrize("xs,kw,exc,msg", BAD_POOL, ids=[c[3] for c in BAD_POOL])
def test_pool_bad_input(op, xs, kw, exc, msg):
    with pytest.raises(exc) as info:
        getattr(tt, op)(tt.ones(xs), **kw)
    assert msg in str(info.value)


def test_conv1d_bad_input():
    with pytest.raises(ValueError, match="3-D input"):
        tt.conv1d(tt.ones((1, 2, 3, 4)), tt.ones((1, 2, 2)))
    with pytest.raises(ValueError, match="3-D weight"):
        tt.conv1d(tt.ones((1, 2, 4)), tt.ones((1, 2, 2, 2)))
    with pytest.raises(ValueError, match="larger than the padded input"):
        tt.conv1d(tt.ones((1, 2, 2)), tt.ones((1, 2, 3)))
