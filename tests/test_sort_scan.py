"""Sorting and scans against NumPy 2.4 (and torch for the gradients): sort, argsort,
searchsorted, unique_* / np.unique, cumulative_sum / cumulative_prod / cumsum / cumprod, diff,
median / quantile / percentile, count_nonzero.

Every function is run on contiguous, transposed, sliced (negative steps), broadcast, 0-d and
empty inputs for every dtype (the namespace's and float16), and must match NumPy's value, shape and dtype
(or raise the same error class). tinytensor's sorts are always stable, so argsort is compared
with NumPy's kind='stable'; descending order is the exact reverse with ties kept in order (the
array API's), which NumPy spells flip(sort(flip(x))).
"""
import math
import sys
import threading

import numpy as np
import pytest

import tinytensor as tt

from gradcheck import gradcheck, leaf

from conftest import DTYPES     # the namespace's dtypes and float16
NUMERIC = [d for d in DTYPES if d != "bool"]
FLOATS = [d for d in DTYPES if d.startswith("float")]
LAYOUTS = ["contiguous", "transposed", "sliced", "broadcast"]


def values(dtype, shape, rng, specials=True):
    """Random values with many ties; floats also get NaN, -0.0, 0.0 and infinities."""
    n = int(np.prod(shape)) if shape else 1
    if dtype == "bool":
        a = rng.integers(0, 2, n).astype(bool)
    elif dtype.startswith("float"):
        a = np.round(rng.standard_normal(n) * 3, 1).astype(dtype)
        if specials and n >= 8:
            a[rng.integers(0, n, max(1, n // 8))] = np.nan
            a[:4] = [-0.0, 0.0, np.inf, -np.inf]
            rng.shuffle(a)
    else:
        info = np.iinfo(dtype)
        a = rng.integers(max(info.min, -50), min(info.max, 50), n, endpoint=True).astype(dtype)
        if n >= 4:
            a[:2] = [info.min, info.max]
            rng.shuffle(a)
    return a.reshape(shape)


def make(dtype, shape, layout, seed=0, specials=True):
    """(tensor, array): the same values in the same kind of layout."""
    rng = np.random.default_rng(seed)
    if layout == "transposed":
        base = values(dtype, shape[::-1], rng, specials)
        a = base.T
    elif layout == "sliced":
        base = values(dtype, tuple(2 * d + 1 for d in shape), rng, specials)
        a = base[tuple(slice(None, None, -2) for _ in shape)]
        base_t = tt.asarray(base)[tuple(slice(None, None, -2) for _ in shape)]
        assert base_t.shape == a.shape
        return base_t, a
    elif layout == "broadcast":
        base = values(dtype, (1,) + tuple(shape[1:]), rng, specials)
        a = np.broadcast_to(base, shape)
        return tt.broadcast_to(tt.asarray(base), shape), a
    else:
        a = values(dtype, shape, rng, specials)
        return tt.asarray(a), a
    return tt.asarray(base).T, a


def same(got, want, exact=True):
    got_np = np.asarray(got)
    want = np.asarray(want)
    assert got_np.shape == want.shape, (got_np.shape, want.shape)
    assert got_np.dtype == want.dtype, (got_np.dtype, want.dtype)
    if exact or want.dtype.kind not in "f":
        np.testing.assert_array_equal(got_np, want)
    else:
        np.testing.assert_allclose(got_np, want, rtol=1e-6 if want.dtype == np.float32 else 1e-12,
                                   equal_nan=True)


def np_sort(a, axis, descending):
    if not descending:
        return np.sort(a, axis=axis, kind="stable")
    if axis is None:
        return np.flip(np.sort(np.flip(a.reshape(-1)), kind="stable"))
    return np.flip(np.sort(np.flip(a, axis), axis=axis, kind="stable"), axis)


def np_argsort(a, axis, descending):
    if not descending:
        return np.argsort(a, axis=axis, kind="stable")
    if axis is None:
        a, axis = a.reshape(-1), 0
    n = a.shape[axis]
    return n - 1 - np.flip(np.argsort(np.flip(a, axis), axis=axis, kind="stable"), axis)


# ---- sort / argsort ------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("shape, axis", [((7, 9), -1), ((7, 9), 0), ((3, 4, 5), 1), ((6, 5), None),
                                         ((0, 4), 0), ((4, 0), 1), ((5,), 0)])
@pytest.mark.parametrize("descending", [False, True])
def test_sort_argsort_match_numpy(dtype, layout, shape, axis, descending):
    t, a = make(dtype, shape, layout)
    same(tt.sort(t, axis=axis, descending=descending), np_sort(a, axis, descending))
    same(tt.argsort(t, axis=axis, descending=descending), np_argsort(a, axis, descending))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("n", [1, 2, 16, 17, 255, 256, 257, 1000, 5000, 70000])
def test_sort_lengths_across_the_algorithms(dtype, n):
    """Merge sort below 256, radix above (its buckets merge- or radix-sorted): all stable."""
    t, a = make(dtype, (n,), "contiguous", seed=n)
    same(tt.sort(t), np.sort(a, kind="stable"))
    same(tt.argsort(t), np.argsort(a, kind="stable"))
    same(tt.sort(t, descending=True), np_sort(a, -1, True))
    same(tt.argsort(t, descending=True), np_argsort(a, -1, True))


@pytest.mark.parametrize("dtype", ["float16", "float32", "int16", "uint64"])
@pytest.mark.parametrize("shape", [(1200, 60), (100, 1000)])
def test_many_short_rows_on_threads(dtype, shape):
    """Many rows that fit in cache are shared among the threads, each with its own scratch
    (merge-sorted rows below 256, radix-sorted above): bit-exact (NaN payloads and -0.0 in
    place) and the same with one thread."""
    t, a = make(dtype, shape, "contiguous", seed=shape[1])
    before = tt.get_num_threads()
    try:
        for threads in (2, 1):
            tt.set_num_threads(threads)
            for descending in (False, True):
                got = np.ascontiguousarray(tt.sort(t, axis=1, descending=descending))
                want = np.ascontiguousarray(np_sort(a, 1, descending))
                assert got.dtype == want.dtype and got.tobytes() == want.tobytes()
                same(tt.argsort(t, axis=1, descending=descending), np_argsort(a, 1, descending))
    finally:
        tt.set_num_threads(before)


@pytest.mark.parametrize("dtype", FLOATS)
def test_sort_keeps_signed_zeros_and_nan_payloads_in_order(dtype):
    a = np.array([0.0, -0.0, 1.0, -0.0, 0.0, np.nan, -np.nan, -1.0] * 100, dtype=dtype)
    itype = {"float16": np.uint16, "float32": np.uint32, "float64": np.uint64}[dtype]
    for n in (8, 800):           # merge sort and radix sort
        x = a[:n]
        for descending in (False, True):
            got = np.asarray(tt.sort(tt.asarray(x), descending=descending))
            zeros = got[got == 0]
            assert list(np.signbit(zeros)) == list(np.signbit(x[x == 0]))
            assert list(got[np.isnan(got)].view(itype)) == list(x[np.isnan(x)].view(itype))
            nans = np.isnan(got)
            assert nans[: nans.sum()].all() if descending else nans[len(got) - nans.sum():].all()


def test_sort_0d_and_scalars():
    with pytest.raises(tt.AxisError):
        tt.sort(tt.asarray(3.0))
    with pytest.raises(np.exceptions.AxisError):
        np.sort(np.array(3.0))
    same(tt.sort(tt.asarray(3.0), axis=None), np.sort(np.array(3.0), axis=None))
    same(tt.argsort(tt.asarray(3.0), axis=None), np.argsort(np.array(3.0), axis=None))
    same(tt.argsort(tt.asarray(3.0)), np.argsort(np.array(3.0)))       # NumPy: as 1-d
    same(tt.argsort(tt.asarray(3.0), axis=0), np.argsort(np.array(3.0), axis=0))
    with pytest.raises(tt.AxisError):
        tt.argsort(tt.asarray(3.0), axis=1)
    same(tt.diff(tt.asarray(3.0), n=0), np.diff(np.array(3.0), n=0))
    same(tt.cumsum(tt.asarray(3.0), axis=0), np.cumsum(np.array(3.0), axis=0))
    same(tt.sort([3, 1, 2]), np.sort([3, 1, 2]))


def test_sort_arguments():
    t = tt.asarray([3.0, 1.0, 2.0])
    for kind in ("quicksort", "mergesort", "heapsort", "stable", "q", "s"):
        same(tt.sort(t, kind=kind), np.sort([3.0, 1.0, 2.0], kind=kind))
    for bad in ({"kind": "foo"}, {"kind": "stable", "stable": True}, {"order": "x"}):
        with pytest.raises(ValueError):
            tt.sort(t, **bad)
        with pytest.raises(ValueError):
            np.sort(np.asarray(t), **bad)
    with pytest.raises(tt.AxisError):
        tt.sort(t, axis=1)
    with pytest.raises(TypeError):
        tt.sort(t, axis=0.5)
    same(tt.argsort(tt.asarray([[3, 1], [0, 2]]), dim=0), np.argsort([[3, 1], [0, 2]], axis=0))
    same(t.argsort(), np.argsort([3.0, 1.0, 2.0]))
    assert not hasattr(t, "sort")
    with pytest.raises(AttributeError, match="tt.sort"):
        t.sort()


def test_sort_gradient_and_indices_are_not_differentiable():
    x = leaf(tt.asarray(np.random.default_rng(0).standard_normal((3, 5))))
    for kw in ({}, {"axis": 0}, {"axis": None}, {"descending": True}):
        gradcheck(lambda a: tt.sort(a, **kw), [x])
    i = tt.argsort(x)
    assert not i.requires_grad and i.grad_fn is None and i.dtype == tt.int64
    assert tt.sort(x).grad_fn.name == "sort"


def test_sort_gradient_agrees_with_torch():
    torch = pytest.importorskip("torch")
    a = np.random.default_rng(1).standard_normal((4, 6))
    w = np.random.default_rng(2).standard_normal((4, 6))
    for dim, desc in ((0, False), (1, True)):
        x = leaf(tt.asarray(a))
        (tt.sort(x, axis=dim, descending=desc) * tt.asarray(w)).sum().backward()
        tx = torch.tensor(a, requires_grad=True)
        (torch.sort(tx, dim=dim, descending=desc, stable=True).values * torch.tensor(w)).sum().backward()
        np.testing.assert_allclose(np.asarray(x.grad), tx.grad.numpy())


def test_long_sort_releases_the_gil():
    """A long sort runs without the GIL: another Python thread keeps running meanwhile."""
    x = tt.asarray(np.random.default_rng(0).standard_normal(4 * 10 ** 6).astype(np.float32))
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(1)

    th = threading.Thread(target=count)
    th.start()
    before = len(ticks)
    sys_interval = sys.getswitchinterval()
    sys.setswitchinterval(1.0)       # a thread holding the GIL would keep it for a whole second
    try:
        tt.sort(x)
        during = len(ticks) - before
    finally:
        sys.setswitchinterval(sys_interval)
        stop.set()
        th.join()
    assert during > 0


# ---- searchsorted ----------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("side", ["left", "right"])
def test_searchsorted_matches_numpy(dtype, side):
    rng = np.random.default_rng(3)
    a = np.sort(values(dtype, (40,), rng))
    v = values(dtype, (3, 5), rng)
    same(tt.searchsorted(tt.asarray(a), tt.asarray(v), side=side), np.searchsorted(a, v, side=side))
    same(tt.searchsorted(tt.asarray(a), tt.asarray(v).T, side=side), np.searchsorted(a, v.T, side=side))
    same(tt.searchsorted(tt.asarray(a)[::2], tt.asarray(v[0]), side=side), np.searchsorted(a[::2], v[0], side=side))
    perm = rng.permutation(40)
    b = a[perm]
    srt = np.argsort(b, kind="stable")
    same(tt.searchsorted(tt.asarray(b), tt.asarray(v), side=side, sorter=tt.asarray(srt)),
         np.searchsorted(b, v, side=side, sorter=srt))
    same(tt.searchsorted(tt.asarray(a), tt.asarray(v[:0]), side=side), np.searchsorted(a, v[:0], side=side))
    same(tt.searchsorted(tt.asarray(a[:0]), tt.asarray(v), side=side), np.searchsorted(a[:0], v, side=side))
    scalar = v.reshape(-1)[0].item()
    same(tt.searchsorted(tt.asarray(a), scalar, side=side), np.searchsorted(a, scalar, side=side))


def test_searchsorted_promotion_and_errors():
    a8 = np.arange(5, dtype=np.uint8)
    for v in (-1, 300, 2, 2.5):
        same(tt.searchsorted(tt.asarray(a8), v), np.searchsorted(a8, v))
    f32 = np.array([0.1, 0.2, 0.3], dtype=np.float32)
    same(tt.searchsorted(tt.asarray(f32), 0.1, side="right"), np.searchsorted(f32, 0.1, side="right"))
    a = tt.arange(5.0)
    cases = [(lambda m: m.searchsorted(m.arange(5.0) if m is np else a, 2, side="foo"), ValueError),
             (lambda m: m.searchsorted(m.asarray(1.0), 2), ValueError),
             (lambda m: m.searchsorted(m.ones((2, 2)), 2), ValueError),
             (lambda m: m.searchsorted(m.arange(5.0), 2, sorter=m.asarray([0, 1])), ValueError),
             (lambda m: m.searchsorted(m.arange(5.0), 2, sorter=m.asarray([0.0, 1, 2, 3, 4])), TypeError)]
    for f, err in cases:
        with pytest.raises(err):
            f(tt)
        with pytest.raises(err):
            f(np)
    with pytest.raises(ValueError, match="out of range"):
        tt.searchsorted(a, 2, sorter=tt.asarray([0, 1, 2, 3, 9]))
    same(a.searchsorted(2.5), np.searchsorted(np.arange(5.0), 2.5))


# ---- unique ------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("shape", [(6, 7), (0, 3), ()])
def test_unique_family_matches_numpy(dtype, layout, shape):
    if shape == () and layout != "contiguous":
        pytest.skip("a 0-d tensor has one layout")
    t, a = make(dtype, shape, layout) if shape else (tt.asarray(np.array(values(dtype, (1,), np.random.default_rng(0))[0])),) * 2
    a = np.asarray(a)
    r, e = tt.unique_all(t), np.unique_all(a)
    assert type(r).__name__ == "UniqueAllResult" and r._fields == e._fields
    for x, y in zip(r, e):
        same(x, y)
    r, e = tt.unique_counts(t), np.unique_counts(a)
    assert r._fields == e._fields
    for x, y in zip(r, e):
        same(x, y)
    # NumPy's unique_inverse sorts unstably, so which of several NaNs maps to which NaN value is
    # its own; the inverse must rebuild x and agree wherever x is not NaN
    r, e = tt.unique_inverse(t), np.unique_inverse(a)
    assert r._fields == e._fields
    same(r.values, e.values)
    inv = np.asarray(r.inverse_indices)
    assert inv.shape == a.shape and inv.dtype == e.inverse_indices.dtype
    np.testing.assert_array_equal(np.asarray(r.values)[inv], a)
    keep = ~np.isnan(a) if a.dtype.kind == "f" else np.ones(a.shape, bool)
    np.testing.assert_array_equal(inv[keep], e.inverse_indices[keep])
    same(tt.unique_values(t), np.sort(np.unique_values(a)))
    for flags in [(False, False, False), (True, True, True), (False, True, False)]:
        r = tt.unique(t, *flags)
        e = np.unique(a, *flags)
        for x, y in zip(r if isinstance(r, tuple) else (r,), e if isinstance(e, tuple) else (e,)):
            same(x, y)
    same(tt.unique(t, equal_nan=False), np.unique(a, equal_nan=False))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_unique_along_an_axis(dtype, axis):
    rng = np.random.default_rng(4)
    a = values(dtype, (8, 3), rng, specials=False)
    a = np.concatenate([a, a[::2]])
    a = a if axis == 0 else np.ascontiguousarray(a.T)
    r = tt.unique(tt.asarray(a), True, True, True, axis=axis)
    e = np.unique(a, True, True, True, axis=axis)
    for x, y in zip(r, e):
        same(x, y)


def test_unique_is_not_differentiable_yet():
    x = leaf(tt.asarray([1.0, 2.0, 1.0]))
    with pytest.raises(RuntimeError, match="derivative for 'unique' is not implemented"):
        tt.unique_values(x)
    with tt.no_grad():
        same(tt.unique_values(x), np.array([1.0, 2.0]))


# ---- cumulative sums and products ----------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("shape, axis", [((4, 5, 6), 0), ((4, 5, 6), 1), ((4, 5, 6), 2), ((5, 7), -1),
                                         ((0, 3), 0), ((3, 0), 1), ((6,), 0)])
@pytest.mark.parametrize("op", ["sum", "prod"])
def test_cumulative_matches_numpy(dtype, layout, shape, axis, op):
    t, a = make(dtype, shape, layout, specials=False)
    if op == "prod" and dtype.startswith("float"):
        t, a = make(dtype, shape, layout, specials=False)
        a = np.clip(a, -1.3, 1.3)
        t = tt.asarray(a)
    npf = np.cumulative_sum if op == "sum" else np.cumulative_prod
    ttf = tt.cumulative_sum if op == "sum" else tt.cumulative_prod
    for inc in (False, True):
        got = ttf(t, axis=axis, include_initial=inc)
        want = npf(a, axis=axis, include_initial=inc)       # NumPy's accumulator dtype too
        same(got, want, exact=False)
    got = ttf(t, axis=axis, dtype=tt.float64)
    same(got, npf(a, axis=axis, dtype=np.float64), exact=False)
    npc = np.cumsum if op == "sum" else np.cumprod
    ttc = tt.cumsum if op == "sum" else tt.cumprod
    same(ttc(t), npc(a), exact=False)
    same(ttc(t, axis), npc(a, axis), exact=False)


def test_cumulative_shapes_and_errors():
    same(tt.cumulative_sum(tt.asarray(3.0)), np.cumulative_sum(np.array(3.0)))
    same(tt.cumsum(tt.asarray(3)), np.cumsum(np.array(3)))
    same(tt.cumulative_sum(tt.asarray([1.0, 2.0]), include_initial=True),
         np.cumulative_sum(np.array([1.0, 2.0]), include_initial=True))
    same(tt.cumsum(tt.asarray([True, True]), dtype=tt.bool), np.cumsum([True, True], dtype=bool))
    same(tt.cumprod(tt.asarray([True, False, True]), dtype=tt.bool), np.cumprod([True, False, True], dtype=bool))
    same(tt.cumsum(tt.asarray([2**62, 2**62], dtype=tt.int64)), np.cumsum(np.array([2**62, 2**62])))   # wraps
    same(tt.cumsum(tt.ones((2, 3)), dim=1), np.cumsum(np.ones((2, 3)), axis=1))
    same(tt.ones((2, 3)).cumsum(0), np.ones((2, 3)).cumsum(0))
    same(tt.ones((2, 3)).cumprod(), np.ones((2, 3)).cumprod())
    for f in (lambda m: m.cumulative_sum(m.ones((2, 2))), lambda m: m.cumsum(m.ones((2, 2)), axis=2),
              lambda m: m.cumulative_prod(m.ones(3), axis=1)):
        with pytest.raises(ValueError):
            f(tt)
        with pytest.raises(ValueError):
            f(np)


def test_cumsum_along_a_long_axis_in_chunks():
    """The scan runs in chunks of the scanned axis (Ctrl-C checks between): carry across them."""
    a = np.random.default_rng(5).standard_normal((8, 1_200_000)).astype(np.float32)   # 3 chunks
    same(tt.cumsum(tt.asarray(a), axis=1), np.cumsum(a, axis=1), exact=False)
    same(tt.cumsum(tt.asarray(a.T), axis=0), np.cumsum(a.T, axis=0), exact=False)
    flat = a.reshape(-1)[:5_000_000]                                               # 2 chunks
    same(tt.cumsum(tt.asarray(flat)), np.cumsum(flat), exact=False)


@pytest.mark.parametrize("kw", [{"axis": 1}, {"axis": 0, "include_initial": True}])
def test_cumulative_gradients(kw):
    x = leaf(tt.asarray(np.random.default_rng(6).uniform(0.5, 2.0, (3, 5))))
    gradcheck(lambda a: tt.cumulative_sum(a, **kw), [x])
    gradcheck(lambda a: tt.cumulative_prod(a, **kw), [x])
    gradcheck(lambda a: tt.cumsum(a.T), [x])
    gradcheck(lambda a: tt.cumprod(a[:, ::-1]), [x])


def test_cumprod_gradient_with_zeros_is_exact():
    a = np.array([[1.5, 0.0, 2.0, 0.0, 3.0], [0.0, 1.2, 0.7, 2.0, 1.1], [1.0, 2.0, 3.0, 0.5, 0.0],
                  [0.0, 0.0, 2.0, 1.0, 1.5], [1.1, 1.2, 1.3, 1.4, 1.5]])
    for kw in ({"axis": 1}, {"axis": 0}, {"axis": 1, "include_initial": True}):
        x = leaf(tt.asarray(a))
        gradcheck(lambda t: tt.cumulative_prod(t, **kw), [x])


def test_cumulative_gradients_agree_with_torch():
    torch = pytest.importorskip("torch")
    a = np.array([[1.5, 0.0, 2.0, 0.0, 3.0], [0.3, 1.2, 0.7, 2.0, 1.1], [1.0, 2.0, 3.0, 0.5, 0.0]])
    w = np.random.default_rng(7).standard_normal(a.shape)
    for name, tf in (("cumulative_sum", torch.cumsum), ("cumulative_prod", torch.cumprod)):
        for dim in (0, 1):
            x = leaf(tt.asarray(a))
            (getattr(tt, name)(x, axis=dim) * tt.asarray(w)).sum().backward()
            tx = torch.tensor(a, requires_grad=True)
            (tf(tx, dim) * torch.tensor(w)).sum().backward()
            np.testing.assert_allclose(np.asarray(x.grad), tx.grad.numpy(), rtol=1e-12, atol=1e-12)


# ---- diff -----------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("n, axis", [(1, -1), (2, 0), (0, 1), (3, 1), (6, 0)])
def test_diff_matches_numpy(dtype, layout, n, axis):
    t, a = make(dtype, (5, 4), layout, specials=False)
    same(tt.diff(t, n=n, axis=axis), np.diff(a, n=n, axis=axis))
    edge = a.reshape(-1)[0].item()
    same(tt.diff(t, n, axis, prepend=edge, append=t[:1] if axis == 0 else t[:, :1]),
         np.diff(a, n, axis, prepend=edge, append=a[:1] if axis == 0 else a[:, :1]))


def test_diff_errors_and_gradient():
    for f in (lambda m: m.diff(m.asarray(3.0)), lambda m: m.diff(m.ones(3), n=-1),
              lambda m: m.diff(m.ones((2, 2)), axis=2)):
        with pytest.raises(ValueError):
            f(tt)
        with pytest.raises(ValueError):
            f(np)
    x = leaf(tt.asarray(np.random.default_rng(8).standard_normal((3, 5))))
    gradcheck(lambda a: tt.diff(a, n=2, axis=1, prepend=0.5), [x])
    assert tt.diff(x).requires_grad


# ---- median, quantile, percentile, count_nonzero ---------------------------------------------------

METHODS = ["linear", "lower", "higher", "nearest", "midpoint", "inverted_cdf", "averaged_inverted_cdf",
           "closest_observation", "interpolated_inverted_cdf", "hazen", "weibull", "median_unbiased",
           "normal_unbiased"]


@pytest.mark.parametrize("dtype", NUMERIC)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("axis", [None, 0, -1, (0, 2)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_median_and_quantile_match_numpy(dtype, layout, axis, keepdims):
    t, a = make(dtype, (4, 5, 6), layout)
    same(tt.median(t, axis=axis, keepdims=keepdims), np.median(a, axis=axis, keepdims=keepdims))
    for q in (0.0, 0.3, 1, [0.25, 0.5, 0.99], np.array([[0.2], [0.7]])):
        qt = tt.asarray(q) if isinstance(q, np.ndarray) else q
        same(tt.quantile(t, qt, axis=axis, keepdims=keepdims), np.quantile(a, q, axis=axis, keepdims=keepdims))
    same(tt.percentile(t, 37.5, axis=axis, keepdims=keepdims), np.percentile(a, 37.5, axis=axis, keepdims=keepdims))
    same(tt.percentile(t, [10, 90], axis=axis), np.percentile(a, [10, 90], axis=axis))


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("dtype", ["int32", "float32", "float64"])
def test_quantile_methods(method, dtype):
    for n in (1, 2, 5, 10):
        t, a = make(dtype, (3, n), "contiguous", specials=False)
        for q in (0.0, 0.1, 0.5, 0.77, 1.0, [0.05, 0.95]):
            same(tt.quantile(t, q, axis=1, method=method), np.quantile(a, q, axis=1, method=method))


def test_median_quantile_special_inputs():
    same(tt.median(tt.asarray(3)), np.median(np.array(3)))
    same(tt.median(tt.asarray([True, False, True])), np.median(np.array([True, False, True])))
    same(tt.quantile(tt.asarray(2.5), 0.5), np.quantile(np.array(2.5), 0.5))
    with np.errstate(invalid="ignore"), pytest.warns(RuntimeWarning):
        same(tt.median(tt.ones((2, 0)), axis=1), np.median(np.ones((2, 0)), axis=1))
    same(tt.median(tt.ones((2, 0)), axis=0), np.median(np.ones((2, 0)), axis=0))
    a = np.random.default_rng(9).standard_normal((4, 7))
    a[1, 3] = np.nan
    same(tt.median(tt.asarray(a), axis=1), np.median(a, axis=1))
    same(tt.quantile(tt.asarray(a), [0.2, 0.8], axis=1), np.quantile(a, [0.2, 0.8], axis=1))
    same(tt.quantile(tt.asarray(a), 0.2, axis=1, method="lower"), np.quantile(a, 0.2, axis=1, method="lower"))


def test_quantile_errors():
    a = np.arange(6.0)
    cases = [(lambda m, x: m.quantile(x, 1.5), ValueError), (lambda m, x: m.quantile(x, -0.1), ValueError),
             (lambda m, x: m.percentile(x, 101), ValueError), (lambda m, x: m.quantile(x, 0.5, method="foo"), ValueError),
             (lambda m, x: m.quantile(x, m.zeros((2, 2, 2))), ValueError),
             (lambda m, x: m.quantile(x[:0], 0.5), IndexError),
             (lambda m, x: m.quantile(x > 2, 0.5), TypeError),
             (lambda m, x: m.quantile(x, 0.5, axis=1), ValueError)]
    for f, err in cases:
        with pytest.raises(err):
            f(tt, tt.asarray(a))
        with pytest.raises(err):
            f(np, a)


def test_median_quantile_gradients():
    x = leaf(tt.asarray(np.random.default_rng(10).standard_normal((4, 5))))
    gradcheck(lambda a: tt.median(a, axis=1), [x])
    gradcheck(lambda a: tt.median(a, axis=0, keepdims=True), [x])
    gradcheck(lambda a: tt.median(a), [x])
    gradcheck(lambda a: tt.quantile(a, [0.3, 0.8], axis=0, keepdims=True), [x])
    gradcheck(lambda a: tt.quantile(a, 0.3, axis=(0, 1)), [x])
    gradcheck(lambda a: tt.percentile(a.T, 65.0, axis=1), [x])
    gradcheck(lambda a: tt.quantile(a, 0.6, axis=1, method="nearest"), [x])


def test_quantile_gradient_agrees_with_torch():
    torch = pytest.importorskip("torch")
    a = np.random.default_rng(11).standard_normal((4, 6))
    for q, dim in ((0.3, 1), ([0.1, 0.5, 0.9], 0), (0.5, None)):
        x = leaf(tt.asarray(a))
        out = tt.quantile(x, tt.asarray(q) if isinstance(q, list) else q, axis=dim)
        w = np.random.default_rng(12).standard_normal(out.shape)
        (out * tt.asarray(w)).sum().backward()
        tx = torch.tensor(a, requires_grad=True)
        tout = torch.quantile(tx, torch.tensor(q, dtype=torch.float64), dim=dim)
        np.testing.assert_allclose(np.asarray(out.detach()), tout.detach().numpy(), rtol=1e-12)
        (tout * torch.tensor(w)).sum().backward()
        np.testing.assert_allclose(np.asarray(x.grad), tx.grad.numpy(), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("axis", [None, 0, 1, (0, 1)])
def test_count_nonzero_matches_numpy(dtype, layout, axis):
    t, a = make(dtype, (5, 6), layout)
    for keepdims in (False, True):
        same(tt.count_nonzero(t, axis=axis, keepdims=keepdims),
             np.asarray(np.count_nonzero(a, axis=axis, keepdims=keepdims), dtype=np.int64))
    same(tt.count_nonzero(tt.asarray(np.nan)), np.asarray(np.count_nonzero(np.nan), dtype=np.int64))
    with pytest.raises(tt.AxisError):
        tt.count_nonzero(t, axis=2)
