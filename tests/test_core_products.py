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


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("m,k,n", [(512, 128, 10), (16, 3, 1), (33, 200, 15), (300, 64, 2)])
@pytest.mark.parametrize("accumulate", [False, True])
def test_narrow_product_of_a_transposed_view_as_a_weight_gradient(m, k, n, dtype, accumulate):
    """H.T @ dZ with N < 16 (an output layer's weight gradient) runs as the transposed wide
    product; added into an existing buffer as the fused Linear backward does."""
    from tinytensor import _core
    rng = np.random.default_rng(m + 7 * n)
    h = rng.standard_normal((k, m)).astype(dtype)
    dz = rng.standard_normal((k, n)).astype(dtype)
    c0 = rng.standard_normal((m, n)).astype(dtype)
    ref = h.T.astype(np.float64) @ dz.astype(np.float64) + (c0 if accumulate else 0)
    H, dZ = tt.asarray(h.copy()), tt.asarray(dz.copy())
    if accumulate:
        C = tt.asarray(c0.copy())
        _core._matmul_into(H.T, dZ, C, True)
    else:
        C = H.T @ dZ
    assert C.shape == (m, n) and str(C.dtype) == dtype
    tol = 2e-4 if dtype == "float32" else 1e-11
    np.testing.assert_allclose(to_np(C), ref, rtol=tol, atol=tol * k ** 0.5)


# ---------------------------------------------------------------- every CPU level, threads

KERNEL_CHECK = r"""
import sys
import numpy as np
import tinytensor as tt
from tinytensor import _core
print(_core._cpu_level())
rng = np.random.default_rng(0)
for dtype, rtol in (("float32", 2e-4), ("float64", 1e-11)):
    for m, k, n in [(1, 1, 1), (5, 7, 3), (6, 16, 8), (12, 32, 16), (13, 33, 17), (31, 64, 97),
                    (97, 129, 65), (64, 300, 70), (40, 128, 10), (16, 9, 15)]:
        for ta in (False, True):
            for tb in (False, True):
                a = rng.standard_normal((k, m) if ta else (m, k)).astype(dtype)
                b = rng.standard_normal((n, k) if tb else (k, n)).astype(dtype)
                A, B = tt.asarray(a.copy()), tt.asarray(b.copy())
                if ta:
                    a, A = a.T, A.T
                if tb:
                    b, B = b.T, B.T
                ref = a.astype(np.float64) @ b.astype(np.float64)
                got = np.asarray(A @ B)
                assert got.dtype == np.dtype(dtype), got.dtype
                np.testing.assert_allclose(got, ref, rtol=rtol, atol=rtol * k ** 0.5,
                                           err_msg=f"{dtype} {m}x{k}x{n} ta={ta} tb={tb}")
    x = np.concatenate([np.linspace(-100, 100, 20001), rng.uniform(-3, 3, 5000)]).astype(dtype)
    for name, maxulp in (("exp", 4), ("tanh", 4)):
        np.testing.assert_array_max_ulp(np.asarray(getattr(tt, name)(tt.asarray(x.copy()))),
                                        getattr(np, name)(x), maxulp=maxulp)
    xp = np.geomspace(1e-30, 1e30, 20001).astype(dtype)
    np.testing.assert_array_max_ulp(np.asarray(tt.log(tt.asarray(xp.copy()))), np.log(xp), maxulp=5)
    with np.errstate(over="ignore"):
        sref = 1 / (1 + np.exp(-x.astype(np.float64)))
    np.testing.assert_allclose(np.asarray(tt.sigmoid(tt.asarray(x.copy()))), sref,
                               rtol=6e-7 if dtype == "float32" else 1e-14, atol=1e-37)
    y = rng.standard_normal(100002).astype(dtype)
    Y = tt.asarray(y.copy())
    np.testing.assert_allclose(np.asarray(Y[::3] + Y[1::3]), y[::3] + y[1::3])
    np.testing.assert_allclose(Y.sum().item(), y.astype(np.float64).sum(), rtol=1e-5)
print("ok")
"""


def _levels():
    import tinytensor._core as core
    order = ["baseline", "avx2", "avx512"]
    detected = core._cpu_detected()
    return order[:order.index(detected) + 1] if detected in order else ["baseline"]


@pytest.mark.parametrize("level", ["baseline", "avx2", "avx512"])
def test_kernels_at_every_cpu_level(level):
    import os
    import subprocess
    import sys
    from conftest import ROOT
    if level not in _levels():
        pytest.skip(f"this CPU does not run {level}")
    env = dict(os.environ, TINYTENSOR_CPU=level)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    p = subprocess.run([sys.executable, "-c", KERNEL_CHECK], capture_output=True, text=True,
                       env=env, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    out = p.stdout.split()
    assert out[0] == level                       # the override took effect
    assert out[-1] == "ok"


def test_thread_count_does_not_change_results():
    rng = np.random.default_rng(9)
    a = rng.standard_normal((300, 400)).astype(np.float32)
    b = rng.standard_normal((400, 350)).astype(np.float32)
    A, B = tt.asarray(a.copy()), tt.asarray(b.copy())
    x = rng.standard_normal(3_000_000)
    X = tt.asarray(x.copy())
    old = tt.get_num_threads()
    try:
        results = []
        for n in (1, 2):
            tt.set_num_threads(n)
            assert tt.get_num_threads() == n
            results.append((to_np(A @ B.T[::-1].T).copy(), X.sum().item(), to_np(tt.exp(X)).copy(),
                            to_np(X.reshape(1000, 3000).sum(axis=0)).copy()))
    finally:
        tt.set_num_threads(old)
    (m1, s1, e1, c1), (m2, s2, e2, c2) = results
    ref = a.astype(np.float64) @ b[:, ::-1].astype(np.float64)
    np.testing.assert_allclose(m1, ref, rtol=1e-4, atol=1e-3)
    np.testing.assert_allclose(m2, ref, rtol=1e-4, atol=1e-3)
    assert abs(s1 - x.sum()) < 1e-8 * np.abs(x).sum() and abs(s2 - x.sum()) < 1e-8 * np.abs(x).sum()
    np.testing.assert_array_max_ulp(e1, e2, maxulp=1)      # elementwise: same kernel, same values
    np.testing.assert_allclose(c1, x.reshape(1000, 3000).sum(axis=0), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(c2, x.reshape(1000, 3000).sum(axis=0), rtol=1e-10, atol=1e-10)
