"""C-level tests of fused kernels that the Python layer does not call yet (they are reached
through ctypes on the loaded extension, whose csrc/ symbols are exported): the result against
NumPy, for float32 and float64, in place and not, with and without the bias gradient, with
thread counts 1 and 2."""
import ctypes

import numpy as np
import pytest

import tinytensor as tt

LIB = ctypes.CDLL(tt._core.__file__)


def _relu_backward_bias(dtype, dy, y, dx, dbias):
    fn = getattr(LIB, "tt_relu_backward_bias_" + ("f32" if dtype == np.float32 else "f64"))
    fn.restype = ctypes.c_int
    ss = ctypes.c_ssize_t
    fn.argtypes = [ctypes.c_void_p, ss, ctypes.c_void_p, ss, ctypes.c_void_p, ss, ctypes.c_void_p, ss, ss]
    item = np.dtype(dtype).itemsize
    M, N = dy.shape
    return fn(dy.ctypes.data, dy.strides[0] // item, y.ctypes.data, y.strides[0] // item,
              dx.ctypes.data, dx.strides[0] // item, dbias.ctypes.data if dbias is not None else None, M, N)


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


def test_relu_backward_bias_rejects_negative_sizes():
    a = np.zeros((2, 2), np.float32)
    fn = LIB.tt_relu_backward_bias_f32
    fn.restype = ctypes.c_int
    ss = ctypes.c_ssize_t
    fn.argtypes = [ctypes.c_void_p, ss, ctypes.c_void_p, ss, ctypes.c_void_p, ss, ctypes.c_void_p, ss, ss]
    assert fn(a.ctypes.data, 2, a.ctypes.data, 2, a.ctypes.data, 2, None, -1, 2) == 3   # TT_ERR_VALUE
