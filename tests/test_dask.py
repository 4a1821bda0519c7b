"""tinytensor Tensors as Dask chunks (tinytensor.dask), on the threaded scheduler and on a real
LocalCluster of 2 worker processes (loopback only, bounded waits, always closed).

Every result is compared with NumPy on the same data: type (a Tensor), shape, dtype and values.
On the threaded scheduler a callback also checks that no task produced a NumPy array, i.e. the
chunks were computed by tinytensor end to end. Skipped when dask is not installed
(pip install ".[dask]"; CI installs it).
"""
import pickle

import numpy as np
import pytest

import tinytensor as tt

da = pytest.importorskip("dask.array")
dask = pytest.importorskip("dask")
import tinytensor.dask as ttd  # noqa: E402
from dask.callbacks import Callback  # noqa: E402

from conftest import DASK_WAIT as WAIT, RTOL  # noqa: E402


# ---- where the graphs run -------------------------------------------------------------------------

class _NoNumpyResults(Callback):
    """Fails the test when a task returns a NumPy array or scalar (also inside dicts/tuples)."""

    def __init__(self):
        super().__init__()
        self.found = []

    def _posttask(self, key, result, dsk, state, id):
        self._walk(key, result)

    def _walk(self, key, v):
        if isinstance(v, (np.ndarray, np.generic)):
            self.found.append((key, type(v).__name__, getattr(v, "dtype", None)))
        elif isinstance(v, dict):
            for x in v.values():
                self._walk(key, x)
        elif isinstance(v, (list, tuple)):
            for x in v:
                self._walk(key, x)


@pytest.fixture(params=["threads", "cluster"])
def compute(request):
    """compute(dask_array) -> its value, on the threaded scheduler or on the 2-worker cluster."""
    if request.param == "threads":
        def run(x):
            spy = _NoNumpyResults()
            with spy:
                out = x.compute(scheduler="threads")
            assert not spy.found, f"tasks computed NumPy results: {spy.found[:3]}"
            return out
        return run
    client = request.getfixturevalue("cluster_client")
    return lambda x: client.compute(x).result(timeout=WAIT)


def check(got, want, rtol=None, dtype=None):
    """A Tensor result equals NumPy's: shape, dtype (or ``dtype`` where tinytensor's rule
    differs, e.g. uint8 sums are int64 as tinytensor has no uint64) and values."""
    want = np.asarray(want)
    assert isinstance(got, tt.Tensor), f"expected a Tensor, got {type(got).__name__}"
    assert got.shape == want.shape, (got.shape, want.shape)
    assert str(got.dtype) == str(dtype or want.dtype), (got.dtype, want.dtype)
    g = np.asarray(got)
    if want.dtype.kind == "f":
        rtol = rtol or 10 * RTOL[str(want.dtype)]
        scale = float(np.abs(want).max()) if want.size else 0.0      # sums of mixed signs: the
        np.testing.assert_allclose(g, want, rtol=rtol, atol=rtol * scale)  # error scales with the terms
    else:
        np.testing.assert_array_equal(g, want)


def _data(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    if dtype == "bool":
        return rng.random(shape) < 0.5
    if dtype in ("uint8", "int32", "int64"):
        return rng.integers(0 if dtype == "uint8" else -9, 10, size=shape).astype(dtype)
    return rng.standard_normal(shape).astype(dtype)


def _tensor(a, layout):
    """The same values as ``a`` as a Tensor in a given memory layout."""
    if layout == "contiguous":
        return tt.asarray(a.copy())
    if layout == "transposed":
        return tt.asarray(np.ascontiguousarray(a.T)).T
    big = np.zeros((2 * a.shape[0],) + a.shape[1:], dtype=a.dtype)
    big[::2] = a
    return tt.asarray(big)[::2]                       # "strided": every second row of a buffer


# ---- the basics --------------------------------------------------------------------------------

def test_from_tensor_keeps_tensor_chunks_and_meta():
    t = tt.arange(12.0).reshape(3, 4)
    x = ttd.from_tensor(t, chunks=(2, 3))
    assert x.chunks == ((2, 1), (3, 1)) and x.dtype == np.float64
    assert isinstance(x._meta, tt.Tensor) and x._meta.shape == (0, 0)
    assert all(isinstance(b, tt.Tensor) for b in dask.compute(*x.to_delayed().ravel(), scheduler="sync"))
    out = x.compute(scheduler="sync")
    check(out, np.arange(12.0).reshape(3, 4))
    assert ttd.from_tensor(tt.tensor(2.5)).compute(scheduler="sync").item() == 2.5
    with pytest.raises(TypeError, match="Tensor"):
        ttd.from_tensor(np.ones(3))


def test_python_operators_between_a_tensor_and_a_dask_array_give_a_dask_array():
    t = tt.arange(4.0)
    d = ttd.from_tensor(tt.ones(4), chunks=2)
    for r, want in ((t + d, np.arange(4.0) + 1), (d * t, np.arange(4.0)), (t < d, np.arange(4.0) < 1),
                    (t @ d, np.float64(6.0))):
        assert isinstance(r, dask.array.Array)
        check(r.compute(scheduler="sync"), want)


# Reductions: (name, call on a dask array or an ndarray, dtypes)
_REDUCTIONS = {
    "sum": lambda x, axis, keepdims: x.sum(axis=axis, keepdims=keepdims),
    "mean": lambda x, axis, keepdims: x.mean(axis=axis, keepdims=keepdims),
    "max": lambda x, axis, keepdims: x.max(axis=axis, keepdims=keepdims),
    "min": lambda x, axis, keepdims: x.min(axis=axis, keepdims=keepdims),
    "prod": lambda x, axis, keepdims: x.prod(axis=axis, keepdims=keepdims),
    "var": lambda x, axis, keepdims: x.var(axis=axis, keepdims=keepdims),
    "std": lambda x, axis, keepdims: x.std(axis=axis, keepdims=keepdims, ddof=1),
    "argmax": lambda x, axis, keepdims: x.argmax(axis=axis, keepdims=keepdims),
    "argmin": lambda x, axis, keepdims: x.argmin(axis=axis, keepdims=keepdims),
}


@pytest.mark.parametrize("axis", [None, 0, 1, (0, 1)])
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("name", list(_REDUCTIONS))
def test_reductions_match_numpy(compute, name, axis, keepdims):
    if name.startswith("arg") and isinstance(axis, tuple):
        pytest.skip("argmax/argmin take one axis or None (as NumPy)")
    a = _data((7, 9), "float64")
    x = ttd.from_tensor(tt.asarray(a.copy()), chunks=(3, 4))
    f = _REDUCTIONS[name]
    check(compute(f(x, axis, keepdims)), f(a, axis, keepdims), rtol=1e-9)


@pytest.mark.parametrize("dtype", ["bool", "uint8", "int32", "int64", "float32", "float64"])
@pytest.mark.parametrize("layout", ["contiguous", "transposed", "strided"])
def test_reductions_every_dtype_and_layout(dtype, layout):
    a = _data((6, 5), dtype, seed=3)
    x = ttd.from_tensor(_tensor(a, layout), chunks=(4, 2))
    run = lambda e: e.compute(scheduler="threads")       # noqa: E731
    rtol = 10 * RTOL.get(dtype, 1e-12)
    if dtype != "bool":
        for name in ("max", "min", "argmax", "argmin", "mean", "var"):
            f = _REDUCTIONS[name]
            check(run(f(x, 0, False)), f(a, 0, False), rtol=rtol)
    if dtype == "uint8":
        # NumPy's accumulator for uint8 is uint64, which Dask asks for and tinytensor has
        assert run(x.sum(axis=1)).dtype == tt.uint64
        check(run(x.sum(axis=1)), a.sum(axis=1))
        check(run(x.prod()), a.prod())
        check(run(x.sum(axis=1, dtype="int64")), a.sum(axis=1, dtype="int64"))
    elif dtype != "bool":
        check(run(x.sum(axis=1)), a.sum(axis=1), rtol=rtol)
        check(run(x.prod(axis=0)), a.prod(axis=0), rtol=rtol)
    else:
        check(run(x.sum()), a.sum())
    check(run(x.any(axis=0)), a.any(axis=0))
    check(run(x.all(axis=1, keepdims=True)), a.all(axis=1, keepdims=True))


def test_reduction_dtype_keyword_and_empty_arrays(compute):
    a = _data((5, 6), "int32")
    x = ttd.from_tensor(tt.asarray(a.copy()), chunks=3)
    check(compute(x.sum(axis=0, dtype="float32")), a.sum(axis=0, dtype="float32"))
    check(compute(x.mean(axis=1, dtype="float32")), a.mean(axis=1, dtype="float32"))
    e = np.zeros((0, 4))
    y = ttd.from_tensor(tt.zeros((0, 4)), chunks=2)
    check(compute(y.sum(axis=0)), e.sum(axis=0))
    check(compute(y + 1), e + 1)


@pytest.mark.parametrize("case", [
    "add_scalar", "exp", "broadcast_row", "where", "astype", "comparison", "matmul",
    "matmul_vector", "transpose", "slice", "negative_step", "int_index", "fancy", "bool_mask",
    "rechunk", "reshape", "concatenate", "stack",
])
def test_elementwise_products_slicing_and_rechunking_match_numpy(compute, case):
    a = _data((7, 9), "float32")
    b = _data((9, 5), "float32", seed=1)
    x = ttd.from_tensor(tt.asarray(a.copy()), chunks=(3, 4))
    y = ttd.from_tensor(tt.asarray(b.copy()), chunks=(4, 2))
    row = _data((9,), "float32", seed=2)
    cases = {
        "add_scalar": (lambda m, x, y: x + 1.5),
        "exp": (lambda m, x, y: m.exp(x) * 2 - x),
        "broadcast_row": (lambda m, x, y: x + (tt.asarray(row.copy()) if m is da else row)),
        "where": (lambda m, x, y: m.where(x > 0, x, 0.0)),
        "astype": (lambda m, x, y: x.astype("float64") / 3),
        "comparison": (lambda m, x, y: (x > 0) & (x < 1)),
        "matmul": (lambda m, x, y: x @ y),
        "matmul_vector": (lambda m, x, y: x @ y[:, 0]),
        "transpose": (lambda m, x, y: x.T + 1),
        "slice": (lambda m, x, y: x[1:6:2, 2:]),
        "negative_step": (lambda m, x, y: x[::-1, ::-3]),
        "int_index": (lambda m, x, y: x[:, 4]),
        "fancy": (lambda m, x, y: x[[5, 0, 3]]),
        "bool_mask": (lambda m, x, y: x[x > 0.5]),
        "rechunk": (lambda m, x, y: x.rechunk((2, 5)) if m is da else x),
        "reshape": (lambda m, x, y: x.reshape(63)),
        "concatenate": (lambda m, x, y: m.concatenate([x, x[:2]], axis=0)),
        "stack": (lambda m, x, y: m.stack([x, 2 * x], axis=1)),
    }
    f = cases[case]
    got = compute(f(da, x, y))
    check(got, f(np, a, b), rtol=1e-5)


def test_rechunk_gives_tensor_chunks_of_the_new_sizes(compute):
    a = _data((7, 9), "int64")
    x = ttd.from_tensor(tt.asarray(a.copy()), chunks=(3, 4)).rechunk((5, 2))
    assert x.chunks == ((5, 2), (2, 2, 2, 2, 1))
    blocks = [compute(x.blocks[i, j]) for i in range(2) for j in (0, 4)]
    assert [b.shape for b in blocks] == [(5, 2), (5, 1), (2, 2), (2, 1)]
    check(compute(x), a)


def _needs(name):
    return pytest.mark.skipif(not hasattr(tt, name),
                              reason=f"tt.{name} is not in the core yet; this runs once it is")


@_needs("tensordot")
def test_tensordot_and_dot(compute):
    a, b = _data((7, 9), "float64"), _data((9, 5), "float64", seed=1)
    x = ttd.from_tensor(tt.asarray(a.copy()), chunks=(3, 4))
    y = ttd.from_tensor(tt.asarray(b.copy()), chunks=(4, 2))
    check(compute(da.tensordot(x, y, axes=1)), np.tensordot(a, b, axes=1))
    check(compute(da.tensordot(x, x, axes=((1,), (1,)))), np.tensordot(a, a, axes=((1,), (1,))))
    check(compute(da.dot(x, y)), a @ b)


@_needs("einsum")
def test_einsum(compute):
    a, b = _data((7, 9), "float64"), _data((9, 5), "float64", seed=1)
    x = ttd.from_tensor(tt.asarray(a.copy()), chunks=(3, 4))
    y = ttd.from_tensor(tt.asarray(b.copy()), chunks=(4, 2))
    check(compute(da.einsum("ij,jk->ik", x, y)), np.einsum("ij,jk->ik", a, b))
    check(compute(da.einsum("ij->j", x)), np.einsum("ij->j", a))


@_needs("percentile")
def test_percentile_chunks_run_in_tinytensor_and_dask_merges_them_in_numpy():
    """Each chunk's percentiles are tt.percentile's (Tensors); Dask's merge_percentiles has no
    dispatch and is NumPy code, so the final result is a NumPy array (docs/scaling.md)."""
    a = _data((40,), "float64")
    q = [0, 10, 50, 90, 100]
    from dask.array.dispatch import percentile_lookup
    values, n = percentile_lookup(tt.asarray(a.copy()), np.asarray(q, dtype=float), "linear")
    assert isinstance(values, tt.Tensor) and n == 40
    check(values, np.percentile(a, q))
    for chunks in (40, 7):
        x = ttd.from_tensor(tt.asarray(a.copy()), chunks=chunks)
        got = da.percentile(x, q).compute(scheduler="threads")
        want = da.percentile(da.from_array(a, chunks=chunks), q).compute()
        assert isinstance(got, np.ndarray) and got.shape == want.shape and got.dtype == want.dtype
        np.testing.assert_allclose(got, want, rtol=1e-12)
        if chunks == 40:                                   # one chunk: exact
            np.testing.assert_allclose(got, np.percentile(a, q), rtol=1e-12)


def test_a_function_the_core_lacks_says_so():
    from tinytensor.dask.array import _core_function
    assert _core_function("percentile") is tt.percentile
    with pytest.raises(NotImplementedError, match="no not_a_function"):
        _core_function("not_a_function")


# ---- the dispatch functions themselves ---------------------------------------------------------

@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_numel_and_nannumel(axis, keepdims):
    a = _data((2, 3, 4), "float64")
    a[0, 1, 2] = a[1, 2, 3] = np.nan
    t = tt.asarray(a.copy())
    for ours, counted in ((ttd.array.numel, np.ones(a.shape)), (ttd.array.nannumel, ~np.isnan(a))):
        got = ours(t, axis=axis, keepdims=keepdims)
        want = counted.sum(axis=axis, keepdims=keepdims)
        assert isinstance(got, tt.Tensor)
        np.testing.assert_array_equal(np.asarray(got), want)
        assert got.shape == np.shape(want)
    assert ttd.array.numel(t, axis=1, dtype="int64").dtype == tt.int64


def test_divide_take_concatenate_empty_dispatch():
    from dask.array.dispatch import (concatenate_lookup, divide_lookup, empty_lookup, take_lookup)
    a, b = tt.tensor([1.0, 2.0, 3.0]), tt.tensor([2.0, 4.0, 5.0])
    q = divide_lookup(a, b, dtype="float32")
    assert isinstance(q, tt.Tensor) and q.dtype == tt.float32 and q.tolist() == [0.5, 0.5, 0.6000000238418579]
    c = concatenate_lookup([a, b], axis=0)
    assert isinstance(c, tt.Tensor) and c.tolist() == [1.0, 2.0, 3.0, 2.0, 4.0, 5.0]
    t = take_lookup(tt.arange(12).reshape(3, 4), np.array([2, 0]), axis=1)
    assert isinstance(t, tt.Tensor) and t.tolist() == [[2, 0], [6, 4], [10, 8]]
    e = empty_lookup.dispatch(tt.Tensor)((2, 3), dtype=tt.int32)
    assert isinstance(e, tt.Tensor) and e.shape == (2, 3) and e.dtype == tt.int32
    with pytest.raises(TypeError):
        divide_lookup(a, b, out=a)


# ---- creation through the "tinytensor" array backend, and converting backends ------------------

def test_tinytensor_array_backend(compute):
    with dask.config.set({"array.backend": "tinytensor"}):
        arrays = {
            "ones": (da.ones((5, 4), chunks=2), np.ones((5, 4))),
            "zeros": (da.zeros((5, 4), chunks=3, dtype="int32"), np.zeros((5, 4), dtype="int32")),
            "full": (da.full((3, 5), 2.5, chunks=2), np.full((3, 5), 2.5)),
            "arange": (da.arange(2, 11, 3, chunks=2), np.arange(2, 11, 3)),
            "arange_f4": (da.arange(7, chunks=3, dtype="float32"), np.arange(7, dtype="float32")),
        }
        e = da.empty((3, 2), chunks=2)
    for name, (x, want) in arrays.items():
        assert isinstance(x._meta, tt.Tensor), name
        check(compute(x), want)
    assert isinstance(compute(e), tt.Tensor) and e.shape == (3, 2)
    x = da.from_array(np.arange(6.0).reshape(2, 3), chunks=2).to_backend("tinytensor")
    assert isinstance(x._meta, tt.Tensor)
    check(compute(x * 2), np.arange(6.0).reshape(2, 3) * 2)
    back = x.to_backend("numpy")
    assert isinstance(back._meta, np.ndarray) and isinstance(back.compute(scheduler="sync"), np.ndarray)


# ---- moving tensors between processes ----------------------------------------------------------

def test_distributed_serialization_is_zero_copy():
    protocol = pytest.importorskip("distributed.protocol")
    t = tt.arange(100000.0).reshape(1000, 100)
    header, frames = protocol.serialize(t)
    big = [f for f in frames if memoryview(f).nbytes >= t.nbytes]
    assert len(big) == 1 and memoryview(big[0]).nbytes == t.nbytes
    assert np.frombuffer(big[0], dtype=np.uint8).ctypes.data == t.data_ptr       # not copied
    received = [bytearray(f) for f in frames]                   # what the other process reads
    u = protocol.deserialize(header, received)
    assert isinstance(u, tt.Tensor) and u.tolist() == t.tolist()
    assert u.data_ptr == np.frombuffer(received[frames.index(big[0])], dtype=np.uint8).ctypes.data


def test_cluster_workers_receive_tensors(cluster_client):
    t = tt.arange(24.0).reshape(4, 6)
    f = cluster_client.scatter(t)
    kind = cluster_client.submit(lambda v: (type(v).__name__, v.shape, v.flags.writeable), f)
    assert kind.result(timeout=WAIT) == ("Tensor", (4, 6), True)
    back = cluster_client.submit(lambda v: v * 2, f).result(timeout=WAIT)
    assert isinstance(back, tt.Tensor) and back.tolist() == (t * 2).tolist()


def test_pickled_dask_array_of_tensors_roundtrip():
    x = ttd.from_tensor(tt.arange(10.0), chunks=3) + 1
    y = pickle.loads(pickle.dumps(x, protocol=5))
    check(y.compute(scheduler="sync"), np.arange(10.0) + 1)


def test_tensor_and_dask_array_operands_give_dask_arrays():
    a = _data((4, 6), "float64")
    x = ttd.from_tensor(tt.asarray(a.copy()), chunks=2)
    t = tt.asarray(_data((6,), "float64", seed=5))
    for got in (x + t, np.add(t, x), np.multiply(x, t), x * t):   # NEP 13: the ufunc goes to Dask
        assert isinstance(got, da.Array), type(got)
        check(got.compute(scheduler="sync"), (a + np.asarray(t)) if got.name.startswith("add") else a * np.asarray(t))


def test_backend_is_found_through_the_entry_point_without_importing_tinytensor_dask():
    import importlib.metadata
    import subprocess
    import sys
    names = [e.name for e in importlib.metadata.entry_points(group="dask.array.backends")]
    if "tinytensor" not in names:
        pytest.skip("tinytensor is not installed with its entry points (pip install -e .)")
    code = ("import sys, dask, dask.array as da\n"
            "with dask.config.set({'array.backend': 'tinytensor'}):\n"
            "    x = da.zeros((3, 4), chunks=2)\n"
            "assert 'tinytensor.dask' in sys.modules  # loaded by dask, not by us\n"
            "print(type(x.sum(axis=0).compute()).__name__)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=WAIT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "Tensor"


def test_scaling_doc_sessions_run():
    """docs/scaling.md: its Python sessions run as doctests (the DLPack part when torch is there)."""
    import doctest
    import os
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs", "scaling.md")
    text = open(path).read()
    dask_part, torch_part = text.split("<!-- the sessions below need PyTorch -->")
    parts = [dask_part]
    try:
        import torch  # noqa: F401
        parts.append(torch_part)
    except ImportError:
        pass
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs, lineno = {}, 0
    for i, part in enumerate(parts):            # one namespace for the whole page, as a reader's
        test = parser.get_doctest(part, globs, f"scaling.md[{i}]", path, lineno)
        runner.run(test, clear_globs=False)
        globs, lineno = test.globs, lineno + part.count("\n")
    result = runner.summarize(verbose=False)
    assert result.attempted >= (12 if len(parts) == 1 else 25), result
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in docs/scaling.md failed"


def test_import_tinytensor_does_not_import_dask():
    import subprocess
    import sys
    code = "import sys, tinytensor; print('dask' in sys.modules, 'distributed' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=WAIT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"]
