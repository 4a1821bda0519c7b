"""Shared helpers for the core test-suite: NumPy is the oracle.

`layouts(shape, dtype)` builds the same logical array in several memory layouts on both
sides (contiguous, transposed, sliced with negative steps, broadcast with stride 0), and
`assert_same(t, a)` checks a tinytensor result against a NumPy result: type, shape, dtype
name and values (exact for integers and bools; tight allclose for floats, NaN positions equal).
"""
import os
import sys

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import tinytensor as tt  # noqa: E402

from hypothesis import settings  # noqa: E402

settings.register_profile("tt", deadline=None, max_examples=40, derandomize=True,
                          print_blob=True)
# TT_HYPOTHESIS=explore runs many more random examples (slow; for hunting bugs, not for CI)
settings.register_profile("explore", deadline=None, max_examples=1500, print_blob=True)
settings.load_profile(os.environ.get("TT_HYPOTHESIS", "tt"))

DTYPES = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
          "float16", "float32", "float64"]
INT_DTYPES = ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64"]
FLOAT_DTYPES = ["float16", "float32", "float64"]
NUMERIC_DTYPES = INT_DTYPES + FLOAT_DTYPES

# default relative tolerances for float results
RTOL = {"float16": 2e-3, "float32": 2e-6, "float64": 1e-12}


def tt_dtype(name):
    return getattr(tt, name)


def random_array(shape, dtype, rng=None, low=None, high=None, nonzero=False):
    """A random NumPy array of `shape` and `dtype` with values in a range every op likes."""
    rng = np.random.default_rng(0) if rng is None else rng
    dtype = np.dtype(dtype)
    shape = tuple(shape)
    if dtype == np.bool_:
        a = np.asarray(rng.random(shape) < 0.5)
        if nonzero:
            a[...] = True
        return a
    if dtype.kind in "ui":
        lo = (0 if dtype.kind == "u" else -20) if low is None else low
        hi = (30 if dtype.kind == "u" else 20) if high is None else high
        a = np.asarray(rng.integers(lo, hi, size=shape, endpoint=True).astype(dtype))
        if nonzero:
            a[a == 0] = 1
        return a
    lo = -5.0 if low is None else low
    hi = 5.0 if high is None else high
    a = np.asarray(rng.uniform(lo, hi, size=shape).astype(dtype))
    if nonzero:
        a[np.abs(a) < 0.1] = 0.5
    return a


def layouts(shape, dtype, rng=None, make=None, **kw):
    """Yield (name, np_array, tt_tensor) with the same logical contents and shape `shape`.

    Layouts: contiguous; transposed (when ndim >= 2); sliced with negative and positive steps
    (every axis); broadcast along axis 0 (stride 0, when ndim >= 1). The tt side is built the
    same way from a copy of the NumPy base: tt.asarray(base.copy()) then the same view ops.
    `make(shape)` may replace random_array to choose the contents.
    """
    rng = np.random.default_rng(1234) if rng is None else rng
    shape = tuple(shape)
    if make is None:
        def make(s):
            return random_array(s, dtype, rng, **kw)
    nd = len(shape)

    base = make(shape)
    yield "contiguous", base, tt.asarray(base.copy())

    if nd >= 2:
        base = make(shape[::-1])
        yield "transposed", base.T, tt.asarray(base.copy()).T

    if nd >= 1:
        big = tuple(2 * n for n in shape)
        base = make(big)
        key = tuple(slice(None, None, -2) if i % 2 == 0 else slice(1, None, 2)
                    for i in range(nd))
        yield "sliced", base[key], tt.asarray(base.copy())[key]

        small = (1,) + shape[1:]
        base = make(small)
        yield ("broadcast", np.broadcast_to(base, shape),
               tt.broadcast_to(tt.asarray(base.copy()), shape))


def to_np(t):
    """The NumPy view of a tt result (through the buffer protocol)."""
    if isinstance(t, tt.Tensor):
        return np.asarray(t)
    return np.asarray(t)


def assert_same(t, a, rtol=None, atol=0.0, check_signed_zero=False):
    """tt result `t` equals NumPy result `a`: Tensor type, shape, dtype name and values."""
    a = np.asarray(a)
    assert isinstance(t, tt.Tensor), f"expected a Tensor, got {type(t).__name__}: {t!r}"
    assert tuple(t.shape) == a.shape, f"shape {t.shape} != {a.shape}"
    assert str(t.dtype) == str(a.dtype), f"dtype {t.dtype} != {a.dtype}"
    got = to_np(t)
    assert got.shape == a.shape
    assert str(got.dtype) == str(a.dtype), f"buffer dtype {got.dtype} != {a.dtype}"
    assert_values(got, a, rtol=rtol, atol=atol, check_signed_zero=check_signed_zero)


def assert_values(got, a, rtol=None, atol=0.0, check_signed_zero=False):
    got = np.asarray(got)
    a = np.asarray(a)
    if a.dtype.kind == "f":
        if rtol is None:
            rtol = RTOL.get(str(a.dtype), 1e-12)
        np.testing.assert_array_equal(np.isnan(got), np.isnan(a), err_msg="NaN positions")
        np.testing.assert_array_equal(np.isinf(got) & (got > 0), np.isinf(a) & (a > 0),
                                      err_msg="+inf positions")
        np.testing.assert_array_equal(np.isinf(got) & (got < 0), np.isinf(a) & (a < 0),
                                      err_msg="-inf positions")
        fin = np.isfinite(a)
        np.testing.assert_allclose(got[fin], a[fin], rtol=rtol, atol=atol)
        if check_signed_zero:
            z = a == 0
            np.testing.assert_array_equal(np.signbit(got[z]), np.signbit(a[z]),
                                          err_msg="sign of zero")
    else:
        np.testing.assert_array_equal(got, a)


@pytest.fixture
def rng():
    return np.random.default_rng(20261124)


# Shapes used by the non-hypothesis parametrised tests: 0-d, empty, size-1 and ordinary.
SHAPES = [(), (0,), (1,), (5,), (3, 4), (1, 4), (0, 3), (2, 3, 4), (2, 1, 3, 2)]


def np_kwargs(kw):
    """kwargs for the NumPy call mirroring a tt call: tt dtype objects become their names."""
    out = {}
    for k, v in kw.items():
        if k == "dtype" and not isinstance(v, (str, type)) and v is not None:
            v = str(v)
        out[k] = v
    return out


def assert_strides_equiv(t, a):
    """Strides agree on every axis of length > 1 (the stride of a length-1 axis is free)."""
    assert len(t.strides) == a.ndim
    if a.size == 0:
        return                                   # strides of an empty array are arbitrary
    for i, n in enumerate(a.shape):
        if n > 1:
            assert t.strides[i] == a.strides[i], (i, t.strides, a.strides)


@pytest.fixture(autouse=True, scope="session")
def _private_data_cache(tmp_path_factory):
    """The tests never read or write the user's dataset cache and never reach the network:
    XDG_CACHE_HOME points into the test's temporary directory and the dataset mirrors at a
    closed local port (tests of the download path set their own)."""
    old = {k: os.environ.get(k) for k in ("XDG_CACHE_HOME", "TINYTENSOR_DATA_MIRRORS")}
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    os.environ["TINYTENSOR_DATA_MIRRORS"] = "http://127.0.0.1:9/"
    yield
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture
def _require_mnist():
    """Skips the test when the MNIST files are not on this machine (never downloads them)."""
    from tinytensor.datasets import mnist
    try:
        mnist.find_files(download=False)
    except OSError:
        pytest.skip("MNIST files not found (the sdist does not carry data/mnist; set "
                    "TINYTENSOR_DATA to a directory holding them)")


# The MNIST files are in the repository (data/mnist) but not in the sdist (their licence is CC
# BY-SA 3.0, the package's MIT). A fixture, not skipif: it must look after _private_data_cache
# has pointed the cache at the test's temporary directory.
needs_mnist = pytest.mark.usefixtures("_require_mnist")

# ---- a real Dask cluster for tests/test_dask*.py (only started when a test asks for it) ----
DASK_WAIT = 120     # seconds: the longest any one cluster computation may take


@pytest.fixture(scope="session")
def cluster_client():
    """A distributed Client on a LocalCluster of 2 worker processes (1 thread each) on loopback,
    closed at the end of the session; skips when distributed is not installed."""
    import logging
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None,
                                       silence_logs=logging.ERROR)
    try:
        client = distributed.Client(cluster, timeout=DASK_WAIT)
        try:
            client.wait_for_workers(2, timeout=DASK_WAIT)
            yield client
        finally:
            client.close(timeout=30)
    finally:
        cluster.close(timeout=30)
