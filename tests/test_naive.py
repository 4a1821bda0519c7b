"""tinytensor.naive: each plain-Python loop equals the C operation it stands for, on several
dtypes and layouts, and each of its shape asserts fires."""
import numpy as np
import pytest

import tinytensor as tt
from tinytensor import naive

LAYOUTS = {
    "contiguous": lambda x: x,
    "transposed": lambda x: x.T,
    "sliced": lambda x: x[::2, 1:],
    "negative": lambda x: x[::-1, ::-1],
}
DTYPES = ["uint8", "int32", "int64", "float32", "float64"]


def matrix(dtype, layout, seed=0, shape=(4, 6)):
    """A small 2-D tensor (signed values where the dtype allows) in the given layout."""
    rng = np.random.default_rng(seed)
    lo = 0 if dtype == "uint8" else -5
    base = rng.integers(lo, 6, size=shape).astype(dtype)
    if dtype.startswith("float"):
        base = base + rng.random(shape).astype(dtype) / 4
    return LAYOUTS[layout](tt.tensor(base))


def same(got, want):
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_array_equal(np.asarray(got), np.asarray(want))


@pytest.mark.parametrize("dtype", ["int32", "int64", "float32", "float64"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_naive_relu(dtype, layout):
    x = matrix(dtype, layout)
    before = x.tolist()
    same(naive.naive_relu(x), tt.relu(x))
    assert x.tolist() == before                 # the input is not modified


def test_naive_relu_nan():
    x = tt.tensor([[float("nan"), -1.0], [2.0, -0.0]])
    r = np.asarray(naive.naive_relu(x))
    assert np.isnan(r[0, 0]) and r[0, 1] == 0.0 and r[1, 0] == 2.0
    assert np.isnan(np.asarray(tt.relu(x))[0, 0])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_naive_add(dtype, layout):
    x = matrix(dtype, layout, 1)
    y = matrix(dtype, layout, 2)
    same(naive.naive_add(x, y), x + y)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_naive_add_matrix_and_vector(dtype, layout):
    x = matrix(dtype, layout, 3)
    y = matrix(dtype, "contiguous", 4, shape=(2, x.shape[1]))[1]
    same(naive.naive_add_matrix_and_vector(x, y), x + y)


@pytest.mark.parametrize("dtype", ["int32", "int64", "float32", "float64"])
def test_naive_vector_dot(dtype):
    x = matrix(dtype, "contiguous", 5)[1]
    y = matrix(dtype, "negative", 6)[2]
    want = tt.dot(x, y).item()
    assert naive.naive_vector_dot(x, y) == pytest.approx(want, rel=1e-6)
    assert naive.naive_vector_dot(x[:0], y[:0]) == 0.0


@pytest.mark.parametrize("dtype", ["int32", "int64", "float32", "float64"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_naive_matrix_vector_dot(dtype, layout):
    x = matrix(dtype, layout, 7)
    y = matrix(dtype, "contiguous", 8, shape=(x.shape[1], 2))[:, 1]
    got = naive.naive_matrix_vector_dot(x, y)
    np.testing.assert_allclose(np.asarray(got), np.asarray(tt.matmul(x, y)), rtol=1e-5)


@pytest.mark.parametrize("dtype", ["int64", "float32", "float64"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_naive_matrix_dot(dtype, layout):
    x = matrix(dtype, layout, 9)
    y = matrix(dtype, "transposed", 10, shape=(3, x.shape[1]))
    got = naive.naive_matrix_dot(x, y)
    assert got.shape == (x.shape[0], 3)
    np.testing.assert_allclose(np.asarray(got), np.asarray(tt.matmul(x, y)), rtol=1e-5)  # float32 GEMM


@pytest.mark.parametrize("dtype", ["bool", "uint8", "int32", "float32", "float64"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_naive_reshape(dtype, layout):
    x = matrix("int32", layout, 11).astype(dtype)
    for shape in [(x.size,), (1, x.size, 1), x.shape[::-1]]:
        same(naive.naive_reshape(x, shape), x.reshape(shape))
    same(naive.naive_reshape(tt.tensor(7, dtype=dtype), (1, 1)), tt.tensor(7, dtype=dtype).reshape(1, 1))


BAD_CALLS = [
    ("naive_relu", lambda: naive.naive_relu(tt.zeros(3))),
    ("naive_add ndim", lambda: naive.naive_add(tt.zeros(3), tt.zeros(3))),
    ("naive_add shapes", lambda: naive.naive_add(tt.zeros((2, 3)), tt.zeros((3, 2)))),
    ("add_matrix_and_vector x", lambda: naive.naive_add_matrix_and_vector(tt.zeros(3), tt.zeros(3))),
    ("add_matrix_and_vector y", lambda: naive.naive_add_matrix_and_vector(tt.zeros((2, 3)), tt.zeros((1, 3)))),
    ("add_matrix_and_vector len", lambda: naive.naive_add_matrix_and_vector(tt.zeros((2, 3)), tt.zeros(2))),
    ("vector_dot x", lambda: naive.naive_vector_dot(tt.zeros((1, 3)), tt.zeros(3))),
    ("vector_dot y", lambda: naive.naive_vector_dot(tt.zeros(3), tt.zeros((3, 1)))),
    ("vector_dot len", lambda: naive.naive_vector_dot(tt.zeros(3), tt.zeros(4))),
    ("matrix_vector_dot x", lambda: naive.naive_matrix_vector_dot(tt.zeros(3), tt.zeros(3))),
    ("matrix_vector_dot y", lambda: naive.naive_matrix_vector_dot(tt.zeros((2, 3)), tt.zeros((3, 1)))),
    ("matrix_vector_dot len", lambda: naive.naive_matrix_vector_dot(tt.zeros((2, 3)), tt.zeros(2))),
    ("matrix_dot x", lambda: naive.naive_matrix_dot(tt.zeros(3), tt.zeros((3, 2)))),
    ("matrix_dot y", lambda: naive.naive_matrix_dot(tt.zeros((2, 3)), tt.zeros(3))),
    ("matrix_dot inner", lambda: naive.naive_matrix_dot(tt.zeros((2, 3)), tt.zeros((2, 3)))),
    ("reshape size", lambda: naive.naive_reshape(tt.zeros((2, 3)), (4, 2))),
]


@pytest.mark.parametrize("name,call", BAD_CALLS, ids=[b[0] for b in BAD_CALLS])
def test_asserts_fire_on_bad_shapes(name, call):
    with pytest.raises(AssertionError):
        call()
