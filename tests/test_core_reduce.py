"""Reductions: sum, mean, prod, max, min, argmax, argmin, var, std, any, all."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import tinytensor as tt
from conftest import DTYPES, FLOAT_DTYPES, assert_same, layouts, random_array, to_np

REDUCTIONS = ["sum", "mean", "prod", "max", "min", "argmax", "argmin", "var", "std", "any", "all"]
AXIS_TUPLE_OK = {"sum", "mean", "prod", "max", "min", "var", "std", "any", "all"}


def np_reduce(name, a, axis=None, keepdims=False):
    """NumPy's answer (sum/prod accumulate in int64 / uint64 as NumPy's do)."""
    kw = {"axis": axis}
    if keepdims:
        kw["keepdims"] = True
    with np.errstate(all="ignore"):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            r = getattr(np, name)(a, **kw)
    return np.asarray(r)


def tol(name, a):
    """(rtol, atol) for float results: scale-aware, sums and variances accumulate rounding."""
    n = max(a.size, 1)
    fin = a[np.isfinite(a)] if a.dtype.kind == "f" else a
    scale = float(np.abs(fin).max()) if fin.size else 1.0
    if name in ("var", "std"):
        scale = scale * scale
    if a.dtype == np.float16:
        return 1e-2, 1e-3 * scale * n
    if a.dtype == np.float32:
        return 2e-5, 2e-6 * scale * n ** 0.5
    return 1e-11, 1e-13 * scale * n


def check_reduce(name, a, t, axis=None, keepdims=False):
    try:
        e = np_reduce(name, a, axis, keepdims)
        exc = None
    except (ValueError, TypeError) as err:
        exc = ValueError if isinstance(err, ValueError) else TypeError
    kw = {"axis": axis}
    if keepdims:
        kw["keepdims"] = True
    for form in ("func", "method"):
        f = getattr(tt, name) if form == "func" else getattr(t, name)
        args = (t,) if form == "func" else ()
        if exc is not None:
            with pytest.raises(exc):
                f(*args, **kw)
            continue
        r = f(*args, **kw)
        if not isinstance(r, tt.Tensor):           # a 0-d result may come back as a Tensor only
            raise AssertionError(f"{name} returned {type(r).__name__}, expected a Tensor")
        rtol, atol = tol(name, a)
        assert_same(r, e, rtol=rtol, atol=atol)


def values_for(name, dtype, rng):
    def make(shape):
        if name == "prod" and np.dtype(dtype).kind == "f":
            return random_array(shape, dtype, rng, low=0.5, high=1.5)
        if name == "prod":
            return random_array(shape, dtype, rng, low=-3 if dtype != "uint8" else 0, high=3)
        a = random_array(shape, dtype, rng)
        if name in ("any", "all") and dtype != "bool":
            a[rng.random(shape) < 0.3] = 0             # a mix of zeros and non-zeros
        return a
    return make


def axes_for(ndim, name):
    out = [None]
    for i in range(ndim):
        out += [i, i - ndim]
    if name in AXIS_TUPLE_OK:
        out += [()]
        if ndim >= 2:
            out += [(0, ndim - 1), (-1, 0)]
        if ndim >= 3:
            out += [(0, 1, 2), (1,)]
    return out


@pytest.mark.parametrize("name", REDUCTIONS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(), (5,), (3, 4), (2, 3, 4), (0,), (3, 0), (1, 1)])
def test_reduce_layouts_axes(name, dtype, shape):
    rng = np.random.default_rng(21)
    failures = []                                  # report every failing case, not just the first
    for lname, a, t in layouts(shape, dtype, make=values_for(name, dtype, rng)):
        for axis in axes_for(len(shape), name):
            for keepdims in ((False, True) if axis in (None, -1, (0, -1)) else (False,)):
                try:
                    check_reduce(name, a, t, axis, keepdims)
                except Exception as e:             # noqa: BLE001 (AssertionError or a raise)
                    failures.append(f"{lname} axis={axis!r} keepdims={keepdims}: "
                                    f"{type(e).__name__}: {str(e).splitlines()[0][:100]}")
    assert not failures, f"{len(failures)} failing cases:\n" + "\n".join(failures[:12])


@given(array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5), st.sampled_from(REDUCTIONS),
       st.sampled_from(DTYPES), st.data())
def test_reduce_hypothesis(shape, name, dtype, data):
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    ls = list(layouts(shape, dtype, make=values_for(name, dtype, rng)))
    _, a, t = ls[data.draw(st.integers(0, len(ls) - 1))]
    nd = len(shape)
    if name in AXIS_TUPLE_OK and nd and data.draw(st.booleans()):
        axis = tuple(data.draw(st.lists(st.integers(-nd, nd - 1), unique_by=lambda i: i % nd,
                                        max_size=nd)))
    else:
        axis = data.draw(st.one_of(st.none(), st.integers(-nd, nd - 1))) if nd else None
    check_reduce(name, a, t, axis, data.draw(st.booleans()))


def test_result_dtypes():
    for d, s in [("bool", "int64"), ("uint8", "uint64"), ("int32", "int64"), ("int64", "int64"),
                 ("float32", "float32"), ("float64", "float64")]:
        t = tt.ones((2, 3), dtype=d)
        assert str(t.sum().dtype) == s
        assert str(t.prod(axis=0).dtype) == s
        assert str(t.max().dtype) == d
        assert str(t.argmax().dtype) == "int64"
        assert str(t.any().dtype) == "bool"
        m = "float32" if d == "float32" else "float64"
        assert str(t.mean().dtype) == m
        assert str(t.var().dtype) == m
        assert str(t.std(axis=1).dtype) == m


def test_sum_values_simple():
    t = tt.tensor([[1, 2, 3], [4, 5, 6]], dtype=tt.uint8)
    assert t.sum().item() == 21
    assert t.sum(axis=0).tolist() == [5, 7, 9]
    assert t.sum(axis=1, keepdims=True).tolist() == [[6], [15]]
    big = tt.full(1000, 255, dtype=tt.uint8)
    assert big.sum().item() == 255000                     # no uint8 overflow
    i32 = tt.full(10, 2**30, dtype=tt.int32)
    assert i32.sum().item() == 10 * 2**30                 # accumulates in int64


def test_empty_reductions():
    e = tt.zeros((0,))
    assert_same(e.sum(), np.zeros(0).sum())
    assert_same(e.prod(), np.zeros(0).prod())
    assert_same(tt.zeros((0, 3)).sum(axis=0), np.zeros((0, 3)).sum(axis=0))
    assert np.isnan(e.mean().item())
    assert not e.any().item() and e.all().item()
    with pytest.raises(ValueError):
        e.max()
    with pytest.raises(ValueError):
        tt.min(e)
    with pytest.raises(ValueError):
        e.argmax()
    with pytest.raises(ValueError):
        tt.argmin(e)
    with pytest.raises(ValueError):
        tt.zeros((0, 3)).max(axis=0)
    with pytest.raises(ValueError):
        tt.zeros((3, 0)).argmax(axis=1)
    # reducing a non-empty axis is fine even when the result is empty, as NumPy
    assert_same(tt.zeros((0, 3)).argmax(axis=1), np.zeros((0, 3)).argmax(axis=1))
    assert_same(tt.zeros((0, 3)).max(axis=1), np.zeros((0, 3)).max(axis=1))
    assert_same(tt.zeros((3, 0)).min(axis=0), np.zeros((3, 0)).min(axis=0))
    assert_same(tt.zeros(0).max(axis=()), np.zeros(0).max(axis=()))   # nothing reduced
    # NumPy's rule: an error exactly when a REDUCED axis is empty, even for an empty result
    with pytest.raises(ValueError):
        np.zeros((0, 0)).max(axis=0)
    with pytest.raises(ValueError):
        tt.zeros((0, 0)).max(axis=0)
    with pytest.raises(ValueError):
        tt.zeros((0, 0)).min(axis=1)
    with pytest.raises(ValueError):
        tt.zeros((2, 0, 0)).max(axis=(0, 2))


def test_nan_propagation():
    a = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, -np.inf], [np.nan, 0.0, np.nan]])
    t = tt.asarray(a.copy())
    for name in ("sum", "mean", "prod", "max", "min", "argmax", "argmin", "var", "std", "any",
                 "all"):
        for axis in (None, 0, 1):
            check_reduce(name, a, t, axis)
    assert tt.tensor([1.0, np.nan, 2.0, np.nan]).argmax().item() == 1
    assert tt.tensor([1.0, 5.0, np.nan]).argmin().item() == 2


def test_argmax_first_occurrence_and_views():
    a = np.array([[3, 7, 7], [9, 1, 9], [2, 2, 2]], dtype=np.int32)
    t = tt.asarray(a.copy())
    for v, tv in [(a, t), (a.T, t.T), (a[::-1, ::-1], t[::-1, ::-1]),
                  (np.broadcast_to(a[0], (2, 3)), tt.broadcast_to(t[0], (2, 3)))]:
        for f in ("argmax", "argmin"):
            assert_same(getattr(tv, f)(), getattr(np, f)(v))
            assert_same(getattr(tv, f)(axis=0), getattr(np, f)(v, axis=0))
            assert_same(getattr(tv, f)(axis=-1), getattr(np, f)(v, axis=-1))
            assert_same(getattr(tv, f)(axis=1, keepdims=True), getattr(np, f)(v, axis=1, keepdims=True))


@pytest.mark.parametrize("name", REDUCTIONS)
def test_axis_errors(name):
    t = tt.zeros((2, 3))
    with pytest.raises(ValueError):
        getattr(tt, name)(t, axis=2)
    with pytest.raises(ValueError):
        getattr(t, name)(axis=-3)
    if name in AXIS_TUPLE_OK:
        with pytest.raises(ValueError):
            getattr(t, name)(axis=(0, 0))
        with pytest.raises(ValueError):
            getattr(t, name)(axis=(0, 5))
    else:
        with pytest.raises((TypeError, ValueError)):
            getattr(t, name)(axis=(0, 1))
    with pytest.raises(ValueError):
        getattr(tt.tensor(1.0), name)(axis=1)


def test_zero_d_reductions():
    for d in DTYPES:
        t = tt.tensor(1, dtype=d)
        a = np.array(1, dtype=d)
        for name in REDUCTIONS:
            check_reduce(name, a, t)
            check_reduce(name, a, t, axis=None, keepdims=True)


# ---------------------------------------------------------------- accuracy

def test_float32_sum_is_pairwise():
    n = 10_000_000
    t = tt.full(n, 0.1, dtype=tt.float32)
    ref = float(np.float32(0.1)) * n                     # exact float64 reference
    s = t.sum().item()
    assert abs(s - ref) / ref < 1e-6, s
    m = t.mean().item()
    assert abs(m - float(np.float32(0.1))) / 0.1 < 1e-6, m


def test_float32_sum_rows_accurate():
    t = tt.full((10, 1_000_000), 0.1, dtype=tt.float32)
    ref = float(np.float32(0.1)) * 1_000_000
    r = to_np(t.sum(axis=1))
    assert r.dtype == np.float32
    np.testing.assert_allclose(r, ref, rtol=1e-6)
    r = to_np(t.sum(axis=-1, keepdims=True))
    assert r.shape == (10, 1)
    np.testing.assert_allclose(r, ref, rtol=1e-6)


def test_float32_sum_strided_accurate():
    base = tt.full(4_000_000, 0.1, dtype=tt.float32)
    v = base[::2]                                          # 2e6 elements, stride 8 bytes
    ref = float(np.float32(0.1)) * 2_000_000
    assert abs(v.sum().item() - ref) / ref < 1e-5


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_var_std_accuracy(dtype):
    rng = np.random.default_rng(5)
    a = (rng.standard_normal((64, 1000)) + 1000.0).astype(dtype)   # large mean: two-pass needed
    t = tt.asarray(a.copy())
    ref = a.astype(np.float64).var(axis=1)
    rtol = {"float16": 1e-2, "float32": 1e-3}.get(dtype, 1e-9)
    np.testing.assert_allclose(to_np(t.var(axis=1)), ref, rtol=rtol)
    np.testing.assert_allclose(to_np(t.std(axis=1)), np.sqrt(ref), rtol=rtol)
    np.testing.assert_allclose(to_np(t.T.var(axis=0)), ref, rtol=rtol)


def test_large_int_and_bool_reductions():
    rng = np.random.default_rng(8)
    a = rng.integers(-1000, 1000, size=(300, 700)).astype(np.int64)
    t = tt.asarray(a.copy())
    assert_same(t.sum(), a.sum())
    assert_same(t.sum(axis=0), a.sum(axis=0))
    assert_same(t.T.sum(axis=1), a.T.sum(axis=1))
    assert_same(t.max(axis=0), a.max(axis=0))
    assert_same(t.argmin(axis=1), a.argmin(axis=1))
    b = a > 990
    tb = tt.asarray(b.copy())
    assert_same(tb.sum(axis=1), b.sum(axis=1).astype(np.int64))
    assert_same(tb.any(axis=0), b.any(axis=0))
    assert_same(tb.all(axis=1), b.all(axis=1))


# ---------------------------------------------------------------- special floats (NaN, inf, -0.0)

def _special_floats(width):
    finite = st.floats(min_value=-1e6, max_value=1e6, width=width)
    return st.one_of(finite, st.sampled_from([np.nan, np.inf, -np.inf, -0.0, 0.0]))


@given(st.sampled_from([32, 64]).flatmap(lambda w: arrays(
           dtype="float32" if w == 32 else "float64",
           shape=array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=40),
           elements=_special_floats(w))),
       st.sampled_from(["sum", "mean", "max", "min", "argmax", "argmin", "any", "all", "prod"]),
       st.data())
def test_reduce_special_floats_hypothesis(a, name, data):
    t = tt.asarray(a.copy())
    nd = a.ndim
    axis = data.draw(st.one_of(st.none(), st.integers(-nd, nd - 1)))
    if name == "prod":
        a = np.clip(a, -2, 2)                       # keep products finite: no inf * 0 order games
        a[~np.isfinite(a)] = np.nan
        t = tt.asarray(a.copy())
    check_reduce(name, a, t, axis)
    check_reduce(name, a[..., ::-1], t[..., ::-1], axis)


@pytest.mark.parametrize("shape,dtype", [((400, 500), "float64"), ((400, 500), "float32"),
                                         ((60_000, 3), "float32"), ((60_000, 3), "int32"),
                                         ((400, 500), "bool")])
def test_large_threaded_reductions(dtype, shape):
    """Sizes above the threading threshold, every layout. For float32 sums NumPy's own
    row-by-row accumulation over an outer axis is the inaccurate side, so the reference is
    computed in float64 and rounded."""
    rng = np.random.default_rng(41)
    failures = []
    for name in ("sum", "max", "argmin", "var", "any"):
        make = values_for(name, dtype, rng)
        for lname, a, t in layouts(shape, dtype, make=make):
            for axis in (None, 0, (0, -1)):
                if name == "argmin" and isinstance(axis, tuple):
                    continue
                try:
                    if dtype == "float32" and name in ("sum", "mean", "var"):
                        e = np_reduce(name, a.astype(np.float64), axis).astype(np.float32)
                        r = getattr(tt, name)(t, axis=axis)
                        # cancellation: the error scales with sum(|a|), not with the result
                        s_abs = np.asarray(np.abs(a.astype(np.float64)).sum(axis=axis))
                        if name == "mean":
                            s_abs = s_abs / (a.size // max(e.size, 1))
                        atol = 1e-6 * float(s_abs.max(initial=1.0))
                        if name == "var":
                            atol = 1e-5 * float(np.abs(e).max(initial=1.0))
                        assert_same(r, e, rtol=1e-5, atol=atol)
                    else:
                        e = np_reduce(name, a, axis)
                        rtol, atol = tol(name, a)
                        assert_same(getattr(tt, name)(t, axis=axis), e, rtol=rtol, atol=atol)
                except Exception as err:           # noqa: BLE001
                    failures.append(f"{name} {lname} axis={axis!r}: {type(err).__name__}: "
                                    f"{str(err).splitlines()[0][:100]}")
    assert not failures, f"{len(failures)} failing cases:\n" + "\n".join(failures[:12])


# ---- NumPy's 0-d quirk: reductions and squeeze accept an int axis 0/-1 and reduce over nothing ----

@pytest.mark.parametrize("name", ["sum", "prod", "max", "min", "amax", "amin"])
@pytest.mark.parametrize("axis", [0, -1])
@pytest.mark.parametrize("keepdims", [False, True])
def test_zero_d_reduction_over_axis_0_or_minus_1_is_the_value_and_its_gradient_is_one(name, axis, keepdims):
    x = tt.tensor(3.0, dtype=tt.float64, requires_grad=True)
    y = getattr(tt, name)(x, axis=axis, keepdims=keepdims)
    want = getattr(np, name)(np.array(3.0), axis=axis, keepdims=keepdims)
    assert y.shape == () == np.shape(want) and y.dtype == tt.float64 and float(y) == float(want)
    y.backward()
    assert x.grad.shape == () and float(x.grad) == 1.0


@pytest.mark.parametrize("axis", [1, -2, (0,), (0, -1)])
def test_zero_d_reduction_over_other_axes_raises_axis_error(axis):
    for f in (tt.sum, tt.max, tt.argmax, tt.count_nonzero, tt.mean):
        if f is tt.argmax and isinstance(axis, tuple):
            continue
        with pytest.raises(tt.AxisError, match="out of bounds for array of dimension 0"):
            f(tt.tensor(3.0), axis=axis)


def test_zero_d_argreductions_and_count_nonzero_over_axis_0():
    for dt in (tt.int8, tt.float32, tt.bool):
        x = tt.tensor(0, dtype=dt)
        for f, want in ((tt.argmax, 0), (tt.argmin, 0), (tt.count_nonzero, 0)):
            r = f(x, axis=-1)
            assert r.shape == () and r.dtype == tt.int64 and int(r) == want
    assert int(tt.count_nonzero(tt.tensor(2.0), axis=0)) == 1
    assert tt.squeeze(tt.tensor(2.0), axis=0).shape == ()
