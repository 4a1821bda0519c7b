"""C-level tests of the fused dense-layer backward kernel (reached through ctypes on the loaded
extension, whose csrc/ symbols are exported; Python reaches it as _core._bias_grad, tested in
tests/test_linear_step.py): the result against NumPy, for float32 and float64, in place and
not, with and without the bias gradient, added to a kept buffer or not, without the relu mask,
with thread counts 1 and 2."""
import ctypes

import numpy as np
import pytest

import tinytensor as tt

LIB = ctypes.CDLL(tt._core.__file__)


ARGTYPES = [ctypes.c_void_p, ctypes.c_ssize_t, ctypes.c_void_p, ctypes.c_ssize_t, ctypes.c_void_p,
            ctypes.c_ssize_t, ctypes.c_void_p, ctypes.c_int, ctypes.c_ssize_t, ctypes.c_ssize_t]


def _relu_backward_bias(dtype, dy, y, dx, dbias, accumulate=0):
    fn = getattr(LIB, "tt_relu_backward_bias_" + ("f32" if dtype == np.float32 else "f64"))
    fn.restype = ctypes.c_int
    fn.argtypes = ARGTYPES
    item = np.dtype(dtype).itemsize
    M, N = dy.shape
    return fn(dy.ctypes.data, dy.strides[0] // item, y.ctypes.data if y is not None else None,
              y.strides[0] // item if y is not None else 0,
              dx.ctypes.data if dx is not None else None, dx.strides[0] // item if dx is not None else 0,
              dbias.ctypes.data if dbias is not None else None, accumulate, M, N)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(0, 5), (3, 0), (1, 1), (7, 33), (128, 512), (300, 1030)])
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("inplace", [False, True])
@pytest.mark.parametrize("with_bias", [True, False])
def test_relu_backward_bias(dtype, shape, threads, inplace, with_bias):
    rng = np.random.default_rng(sum(shape))
    prev = tt.get_num_threads()
    tt.set_num_threads(threads)
    try:
        # row strides wider than the rows: the kernel must use them
        dy_full = rng.standard_normal((shape[0], shape[1] + 3)).astype(dtype)
        dy = dy_full[:, :shape[1]]
        y = np.maximum(rng.standard_normal(shape), 0).astype(dtype)
        y[::3] = 0                                            # whole rows masked out
        want_dx = np.where(y > 0, dy, 0).astype(dtype)
        dx = dy if inplace else np.full(shape, np.nan, dtype)
        dbias = np.full(shape[1], np.nan, dtype) if with_bias else None
        assert _relu_backward_bias(dtype, dy, y, dx, dbias) == 0
        np.testing.assert_array_equal(dx, want_dx)
        if with_bias:
            want = np.zeros(shape[1], dtype)
            for row in want_dx:               # the kernel sums rows in order
                want += row
            np.testing.assert_array_equal(dbias, want)
            assert dbias.dtype == dtype and dbias.shape == (shape[1],)
    finally:
        tt.set_num_threads(prev)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(0, 5), (1, 1), (7, 33), (300, 1030)])
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("masked", [True, False])
def test_relu_backward_bias_accumulates(dtype, shape, threads, masked):
    """accumulate=1 adds the column sums to what dbias holds; y NULL sums dy unmasked (dx unused)."""
    rng = np.random.default_rng(len(shape) + shape[1])
    prev = tt.get_num_threads()
    tt.set_num_threads(threads)
    try:
        dy = rng.standard_normal(shape).astype(dtype)
        y = np.maximum(rng.standard_normal(shape), 0).astype(dtype) if masked else None
        dx = np.full(shape, np.nan, dtype) if masked else None
        start = rng.standard_normal(shape[1]).astype(dtype)
        dbias = start.copy()
        assert _relu_backward_bias(dtype, dy, y, dx, dbias, accumulate=1) == 0
        dz = np.where(y > 0, dy, 0).astype(dtype) if masked else dy
        want = start.copy()
        for row in dz:
            want += row
        np.testing.assert_array_equal(dbias, want)
        if masked:
            np.testing.assert_array_equal(dx, dz)
    finally:
        tt.set_num_threads(prev)


def test_relu_backward_bias_rejects_bad_arguments():
    a = np.zeros((2, 2), np.float32)
    fn = LIB.tt_relu_backward_bias_f32
    fn.restype = ctypes.c_int
    fn.argtypes = ARGTYPES
    assert fn(a.ctypes.data, 2, a.ctypes.data, 2, a.ctypes.data, 2, None, 0, -1, 2) == 3   # TT_ERR_VALUE
    assert fn(a.ctypes.data, 2, a.ctypes.data, 2, None, 2, None, 0, 2, 2) == 3      # a mask needs dx


# ---- float16 (and small-int) inputs: computed in float32, the result rounded back once ---------

@pytest.mark.parametrize("dtype, want", [("float16", "float16"), ("int8", "float16"), ("uint8", "float16"),
                                         ("bool", "float16"), ("int32", "float64"), ("float32", "float32")])
def test_softmax_keeps_the_float_dtype_numpy_would_give(dtype, want):
    x = np.array([[1, 0, 1], [0, 1, 1]], dtype=dtype)
    for f in (tt.softmax, tt.log_softmax):
        out = f(tt.asarray(x), axis=-1)
        assert out.dtype == tt.dtype(want) and out.shape == (2, 3)
        ref = x.astype(np.float64) - x.astype(np.float64).max(-1, keepdims=True)
        ref = ref - np.log(np.exp(ref).sum(-1, keepdims=True))
        np.testing.assert_allclose(np.asarray(out).astype(np.float64), ref if f is tt.log_softmax else np.exp(ref),
                                   rtol=2e-3, atol=2e-3)


def test_cross_entropy_of_float16_logits_is_float16_with_a_float16_gradient():
    logits = tt.tensor([[1.0, 2.0, 3.0], [0.5, 0.0, -1.0]], dtype=tt.float16, requires_grad=True)
    loss = tt.softmax_cross_entropy(logits, tt.tensor([1, 0]))
    loss.backward()
    assert loss.dtype == tt.float16 and loss.shape == ()
    assert logits.grad.dtype == tt.float16 and logits.grad.shape == (2, 3)
    x = np.asarray(logits.detach()).astype(np.float64)
    p = np.exp(x - x.max(-1, keepdims=True))
    p /= p.sum(-1, keepdims=True)
    np.testing.assert_allclose(float(loss), -np.log(p[[0, 1], [1, 0]]).mean(), rtol=2e-3)
    np.testing.assert_allclose(np.asarray(logits.grad).astype(np.float64), (p - np.eye(3)[[1, 0]]) / 2, atol=2e-3)
