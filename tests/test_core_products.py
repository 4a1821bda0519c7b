"""dot, matmul / @, outer."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import tinytensor as tt
from conftest import DTYPES, assert_same, layouts, random_array, to_np


def small_values(dtype, rng):
    def make(shape):
        if np.dtype(dtype).kind == "f":
            return random_array(shape, dtype, rng, low=-2.0, high=2.0)
        return random_array(shape, dtype, rng, low=0 if dtype == "uint8" else -4, high=4)
    return make


def np_matmul(a, b):
    return np.asarray(np.matmul(a, b))


def check_product(fn_tt, fn_np, a, b, ta, tb):
    e = fn_np(a, b)
    r = fn_tt(ta, tb)
    k = max(a.shape[-1] if a.ndim else 1, 1)
    if e.dtype == np.float32:
        assert_same(r, e, rtol=1e-5, atol=1e-5 * k)
    else:
        assert_same(r, e, rtol=1e-12, atol=1e-12 * k)


MATMUL_SHAPES = [
    ((3, 4), (4, 5)), ((1, 4), (4, 1)), ((4,), (4,)), ((4,), (4, 3)), ((3, 4), (4,)),
    ((2, 3, 4), (4, 5)), ((4,), (2, 4, 3)), ((2, 3, 4), (4,)), ((2, 1, 3, 4), (5, 4, 2)),
    ((1, 3, 4), (2, 4, 5)), ((0, 4), (4, 3)), ((3, 0), (0, 5)), ((3, 4), (4, 0)),
    ((0,), (0,)), ((2, 0, 3), (3, 2)), ((1, 1), (1, 1)),
]


@pytest.mark.parametrize("sa,sb", MATMUL_SHAPES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_matmul_shapes_layouts(sa, sb, dtype):
    rng = np.random.default_rng(1)
    lb = list(layouts(sb, dtype, make=small_values(dtype, rng)))
    for i, (_, a, ta) in enumerate(layouts(sa, dtype, make=small_values(dtype, rng))):
        _, b, tb = lb[(i + 1) % len(lb)]
        check_product(lambda x, y: x @ y, np_matmul, a, b, ta, tb)
        check_product(tt.matmul, np_matmul, a, b, ta, tb)


@pytest.mark.parametrize("da,db", [("float32", "float64"), ("int32", "float32"), ("uint8", "int32"),
                                   ("bool", "float32"), ("int64", "int32"), ("bool", "bool"),
                                   ("uint8", "uint8")])
def test_matmul_mixed_dtypes(da, db):
    rng = np.random.default_rng(2)
    a = small_values(da, rng)((3, 5))
    b = small_values(db, rng)((5, 2))
    check_product(tt.matmul, np_matmul, a, b, tt.asarray(a.copy()), tt.asarray(b.copy()))


def test_matmul_integer_wraps_like_numpy():
    a = np.full((2, 3), 200, dtype=np.uint8)
    b = np.full((3, 2), 3, dtype=np.uint8)
    assert_same(tt.asarray(a.copy()) @ tt.asarray(b.copy()), a @ b)
    a = np.full((2, 3), 2**30, dtype=np.int32)
    b = np.full((3, 2), 5, dtype=np.int32)
    assert_same(tt.asarray(a.copy()) @ tt.asarray(b.copy()), a @ b)


@pytest.mark.parametrize("m,k,n", [(65, 130, 33), (128, 256, 96), (7, 300, 5), (200, 17, 190),
                                   (1, 500, 300), (300, 500, 1)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("ta_,tb_", [(False, False), (True, False), (False, True), (True, True)])
def test_matmul_gemm_sizes_transposed(m, k, n, dtype, ta_, tb_):
    rng = np.random.default_rng(m * 1000 + n)
    a = rng.standard_normal((k, m) if ta_ else (m, k)).astype(dtype)
    b = rng.standard_normal((n, k) if tb_ else (k, n)).astype(dtype)
    A = tt.asarray(a.copy())
    B = tt.asarray(b.copy())
    if ta_:
        a, A = a.T, A.T
    if tb_:
        b, B = b.T, B.T
    ref = a.astype(np.float64) @ b.astype(np.float64)
    r = A @ B
    assert r.shape == (m, n) and str(r.dtype) == dtype
    if dtype == "float32":
        np.testing.assert_allclose(to_np(r), ref, rtol=1e-4, atol=2e-6 * k)
    else:
        np.testing.assert_allclose(to_np(r), ref, rtol=1e-11, atol=1e-13 * k)


def test_matmul_sliced_operands_large():
    rng = np.random.default_rng(3)
    a = rng.standard_normal((150, 260))
    b = rng.standard_normal((300, 140))
    A, B = tt.asarray(a.copy()), tt.asarray(b.copy())
    av, bv = a[::-1, ::2], b[5:135:1, ::-1]
    Av, Bv = A[::-1, ::2], B[5:135:1, ::-1]
    np.testing.assert_allclose(to_np(Av @ Bv), av @ bv, rtol=1e-11, atol=1e-11)
    bb = np.broadcast_to(b[0, :130].reshape(130, 1), (130, 7))
    Bb = tt.broadcast_to(B[0, :130].reshape(130, 1), (130, 7))
    np.testing.assert_allclose(to_np(Av @ Bb), av @ bb, rtol=1e-11, atol=1e-11)


def test_matmul_batched_broadcast_large():
    rng = np.random.default_rng(4)
    a = rng.standard_normal((3, 1, 40, 70)).astype(np.float32)
    b = rng.standard_normal((5, 70, 30)).astype(np.float32)
    r = tt.asarray(a.copy()) @ tt.asarray(b.copy())
    assert r.shape == (3, 5, 40, 30)
    np.testing.assert_allclose(to_np(r), a @ b, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("sa,sb", [((3, 4), (5, 6)), ((4,), (5,)), ((3,), (4, 3)), ((3, 4), (3,)),
                                   ((2, 3, 4), (3, 4, 5)), ((2, 3, 4), (3, 4, 2)), ((0,), (1,))])
def test_matmul_shape_errors(sa, sb):
    with pytest.raises(ValueError):
        np.matmul(np.zeros(sa), np.zeros(sb))
    with pytest.raises(ValueError):
        tt.zeros(sa) @ tt.zeros(sb)
    with pytest.raises(ValueError):
        tt.matmul(tt.zeros(sa), tt.zeros(sb))


def test_matmul_0d_errors():
    with pytest.raises(ValueError):
        tt.tensor(2.0) @ tt.ones(3)
    with pytest.raises(ValueError):
        tt.matmul(tt.ones((2, 2)), tt.tensor(1.0))
    with pytest.raises(ValueError):
        tt.matmul(tt.tensor(1.0), tt.tensor(1.0))


DOT_SHAPES = [((4,), (4,)), ((3, 4), (4, 2)), ((3, 4), (4,)), ((4,), (4, 2)), ((2, 3, 4), (4,)),
              ((2, 3, 4), (4, 5)), ((2, 3, 4), (5, 4, 2)), ((4,), (2, 4, 3)), ((3, 4), (2, 4, 5)),
              ((0,), (0,)), ((0, 3), (3, 2)), ((3, 0), (0, 2)), ((2, 1, 3), (1, 3, 1))]


@pytest.mark.parametrize("sa,sb", DOT_SHAPES)
@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "int32", "bool", "uint8"])
def test_dot(sa, sb, dtype):
    rng = np.random.default_rng(6)
    lb = list(layouts(sb, dtype, make=small_values(dtype, rng)))
    for i, (_, a, ta) in enumerate(layouts(sa, dtype, make=small_values(dtype, rng))):
        _, b, tb = lb[i % len(lb)]
        check_product(tt.dot, lambda x, y: np.asarray(np.dot(x, y)), a, b, ta, tb)
        if hasattr(ta, "dot"):
            check_product(lambda x, y: x.dot(y), lambda x, y: np.asarray(np.dot(x, y)), a, b, ta, tb)


@pytest.mark.parametrize("sa,sb", [((3,), (4,)), ((3, 4), (3, 4)), ((2, 3, 4), (2, 3, 4)), ((4,), (3, 2))])
def test_dot_shape_errors(sa, sb):
    with pytest.raises(ValueError):
        np.dot(np.zeros(sa), np.zeros(sb))
    with pytest.raises(ValueError):
        tt.dot(tt.zeros(sa), tt.zeros(sb))


@pytest.mark.parametrize("sa,sb", [((3,), (4,)), ((0,), (4,)), ((2, 2), (3,)), ((), (3,)), ((1,), (1,))])
@pytest.mark.parametrize("da,db", [("float64", "float64"), ("float32", "int32"), ("int64", "int64"),
                                   ("bool", "bool"), ("uint8", "float32")])
def test_outer(sa, sb, da, db):
    rng = np.random.default_rng(7)
    for (_, a, ta), (_, b, tb) in zip(layouts(sa, da, rng), layouts(sb, db, rng)):
        assert_same(tt.outer(ta, tb), np.outer(a, b))


@given(st.integers(0, 3), st.integers(0, 6), st.integers(0, 6), st.integers(0, 6),
       st.sampled_from(["float64", "float32", "int64", "int32"]), st.integers(0, 3),
       st.booleans(), st.booleans())
def test_matmul_hypothesis(nbatch, m, k, n, dtype, seed, vec_a, vec_b):
    rng = np.random.default_rng(seed)
    batch = tuple(int(d) for d in rng.integers(1, 3, size=nbatch))
    bb = tuple(1 if rng.random() < 0.3 else d for d in batch)
    sa = (k,) if vec_a else batch + (m, k)
    sb = (k,) if vec_b else bb[int(rng.integers(0, nbatch + 1)):] + (k, n)
    make = small_values(dtype, rng)
    la = list(layouts(sa, dtype, make=make))
    lb = list(layouts(sb, dtype, make=make))
    _, a, ta = la[seed % len(la)]
    _, b, tb = lb[(seed * 3 + 1) % len(lb)]
    check_product(tt.matmul, np_matmul, a, b, ta, tb)
