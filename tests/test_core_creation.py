"""Creation and index loops (issue 10, finding 4): arange, linspace, eye, one_hot, nonzero and
unaligned imports give NumPy's values, run as C loops whatever the size (eye(10**12, 0) is
empty and immediate; the old loop walked N rows in Python), and long fills stop on Ctrl-C
(the loops run in chunks with a signal check between them).
"""
import math
import signal
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tinytensor as tt
from conftest import DTYPES
from oracle import same_outcome as same

numbers = st.one_of(st.integers(-20, 20), st.floats(-20, 20).map(lambda x: round(x, 2)),
                    st.sampled_from([0.1, -0.3, 1e-3, 2**62, -2**62, 250, 1.5]))


@settings(max_examples=300)
@given(numbers, numbers, st.one_of(st.none(), numbers.filter(lambda s: s != 0)),
       st.sampled_from([None] + DTYPES))
def test_arange_matches_numpy(start, stop, step, dtype):
    n = math.ceil((stop - start) / (step or 1)) if step != 0 else 0
    if n > 10**5:
        return
    what = f"arange({start}, {stop}, {step}, dtype={dtype})"
    same(lambda: np.arange(start, stop, step, dtype=dtype), lambda: tt.arange(start, stop, step, dtype=dtype), what)


def test_arange_wraps_in_its_dtype_and_checks_the_first_two_values():
    for dtype in DTYPES[1:]:            # every element filled (the C fill once skipped new dtypes)
        assert tt.arange(0, 7, 2, dtype=dtype).tolist() == np.arange(0, 7, 2, dtype=dtype).tolist(), dtype
    assert tt.arange(250, 260, dtype=tt.uint8).tolist() == np.arange(250, 260, dtype=np.uint8).tolist()
    with pytest.raises(OverflowError):
        tt.arange(-3, 3, dtype=tt.uint8)
    with pytest.raises(TypeError, match="at most length 2"):
        tt.arange(3, dtype=tt.bool_)
    assert tt.arange(-2**63, 2**63 - 1, 2**62).tolist() == np.arange(-2**63, 2**63 - 1, 2**62).tolist()


@settings(max_examples=300)
@given(st.floats(-1e3, 1e3), st.floats(-1e3, 1e3), st.integers(0, 60), st.booleans(),
       st.sampled_from([None] + DTYPES))
def test_linspace_matches_numpy(start, stop, num, endpoint, dtype):
    what = f"linspace({start}, {stop}, {num}, endpoint={endpoint}, dtype={dtype})"
    same(lambda: np.linspace(start, stop, num, endpoint=endpoint, dtype=dtype),
         lambda: tt.linspace(start, stop, num, endpoint=endpoint, dtype=dtype), what)


@pytest.mark.parametrize("args", [(0, math.inf, 1), (0, math.inf, 3), (-1, 0, 3), (5e-324, 1e-323, 11),
                                  (0, 1, 1, False), (0, math.nan, 2)])
def test_linspace_edges(args):
    with np.errstate(all="ignore"):
        want = np.linspace(*args[:3], endpoint=args[3] if len(args) > 3 else True)
    got = tt.linspace(*args[:3], endpoint=args[3] if len(args) > 3 else True)
    np.testing.assert_array_equal(np.asarray(got), want)


@settings(max_examples=200)
@given(st.integers(0, 7), st.one_of(st.none(), st.integers(0, 7)), st.integers(-9, 9),
       st.sampled_from(DTYPES))
def test_eye_matches_numpy(n, m, k, dtype):
    same(lambda: np.eye(n, m, k, dtype=dtype), lambda: tt.eye(n, m, k, dtype=dtype), f"eye({n}, {m}, {k})")


def test_eye_with_huge_empty_shape_is_immediate():
    """A subprocess with a generous limit: the old Python loop needed minutes for N = 10**9
    (and would need hours for 10**12); the C fill has nothing to do for an empty result."""
    code = "import tinytensor as tt\nt = tt.eye(10**12, 0)\nassert t.shape == (10**12, 0), t.shape\nprint('ok')\n"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "ok" in r.stdout, r.stderr
    assert tt.eye(2, 3, k=2**70).tolist() == [[0.0] * 3] * 2


class Interrupted(Exception):
    pass


@pytest.mark.parametrize("fill", [
    lambda: tt.arange(0.0, 3e7),
    lambda: tt.arange(3 * 10**7, dtype=tt.int64),
    lambda: tt.linspace(0, 1, 3 * 10**7),
], ids=["arange-float", "arange-int", "linspace"])
def test_long_fills_stop_on_a_signal(fill):
    """A signal handler that raises (as Ctrl-C's does) stops the fill between two chunks: the
    call raises and returns nothing (a loop without signal checks would finish first)."""
    def handler(signum, frame):
        raise Interrupted

    old = signal.signal(signal.SIGALRM, handler)
    result = None
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.0005)
        with pytest.raises(Interrupted):
            result = fill()
            for _ in range(10**6):      # a loop that did not check would be interrupted here
                pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert result is None


@settings(max_examples=100)
@given(st.lists(st.integers(0, 4), min_size=0, max_size=30), st.integers(1, 6),
       st.sampled_from(["float32", "float64", "int64", "uint8", "bool"]))
def test_one_hot_matches_manual(labels, extra, dtype):
    classes = max(labels, default=0) + extra
    got = tt.one_hot(tt.tensor(labels, dtype=tt.int64), classes, dtype=dtype)
    want = np.zeros((len(labels), classes), dtype=dtype)
    want[np.arange(len(labels)), labels] = 1
    np.testing.assert_array_equal(np.asarray(got), want)
    with pytest.raises(IndexError):
        tt.one_hot(tt.tensor(labels + [classes], dtype=tt.int64), classes)


@settings(max_examples=150)
@given(st.lists(st.integers(0, 4), min_size=0, max_size=3).map(tuple), st.data())
def test_nonzero_matches_numpy(shape, data):
    n = int(np.prod(shape))
    m = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool).reshape(shape)
    if m.ndim == 0:
        return
    for src in (m, m.T, m[::-1]):
        got = tt.nonzero(tt.tensor(src))
        want = np.nonzero(src)
        assert len(got) == len(want)
        for g, w in zip(got, want):
            np.testing.assert_array_equal(np.asarray(g), w)


@pytest.mark.parametrize("dtype", [d for d in DTYPES if d != "bool"])
@pytest.mark.parametrize("offset", [1, 3])
def test_unaligned_imports_copy_every_element(dtype, offset):
    itemsize = np.dtype(dtype).itemsize
    raw = np.arange(offset + 24 * itemsize, dtype=np.uint8)
    a = np.frombuffer(raw.data, dtype=dtype, count=24, offset=offset).reshape(4, 6)[:, ::-2]
    t = tt.asarray(a)
    assert t.data_ptr % itemsize == 0
    np.testing.assert_array_equal(np.asarray(t), a)
