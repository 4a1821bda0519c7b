"""The vector-math kernels of csrc/vmath.c, called through ctypes (tests/c/vmath_ulp.py).

For every function and dtype, at every ISA level this CPU has (tt_cpu_set_level): a bounded
version of the hand-run sweep (a strided walk over the float32 bit patterns or random float64
bit patterns, random values over the function's range, runs of consecutive floats at the
points where the algorithms switch, pairs at chosen ratios for the binary functions) within
the ULP limits of tests/c/vmath_ulp.py (float32 <= 4, float64 <= 2, tighter for exp, log,
tanh, sigmoid); NumPy's exact answers at the special values (every pair of them for binary
functions); in-place calls into either input and every tail length giving the same values.

The library is built once per session from the C sources (tests/c/build.sh) into a temporary
directory; the tests are skipped when there is no C compiler. The full sweep:
    python tests/c/vmath_ulp.py
"""
import ctypes
import importlib.util
import os
import shutil

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HARNESS = os.path.join(ROOT, "tests", "c", "vmath_ulp.py")
CC = os.environ.get("CC", "cc").split()[-1]

pytestmark = pytest.mark.skipif(
    shutil.which(CC) is None or not os.path.exists(os.path.join(ROOT, "csrc", "vmath.c")),
    reason="needs a C compiler (%s) and the csrc/ sources to build the ctypes harness" % CC)


def _harness():
    spec = importlib.util.spec_from_file_location("vmath_ulp", HARNESS)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


V = _harness()
NEW = ["sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "asinh", "acosh",
       "atanh", "exp2", "expm1", "log1p", "log2", "log10", "cbrt", "hypot", "logaddexp"]


@pytest.fixture(scope="session")
def lib(tmp_path_factory):
    return V.load(str(tmp_path_factory.mktemp("vmath") / "libvmath.so"))


@pytest.fixture(scope="session")
def levels(lib):
    levels = V.levels_of(lib)
    for lev in levels:         # each level this CPU has can be forced
        assert lib.tt_cpu_set_level(V.LEVELS.index(lev)) == V.LEVELS.index(lev)
    return levels


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("name", list(V.FUNCS))
def test_accuracy_and_special_values(lib, levels, name, dtype):
    rng = np.random.default_rng(sorted(V.FUNCS).index(name))
    res, n = V.check_function(lib, name, dtype, levels, "test", rng)
    assert n > 10000
    bad = ["%s: %s" % (lev, "; ".join(p)) for lev, (_, _, _, p) in res.items() if p]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name", [f for f in NEW if f != "logaddexp"])
def test_levels_agree_closely(lib, levels, name):
    """The levels compute the same formulas: their float64 results differ by at most 1 ULP
    (FMA contraction and the FMA-or-Dekker exact products may round differently). Not
    logaddexp: where its result cancels, its ULPs are not the measure (vmath_ulp.py)."""
    rng = np.random.default_rng(5)
    xs = [rng.uniform(-3, 3, 5000) for _ in range(V.FUNCS[name][1])]
    if name == "acosh":
        xs = [1 + np.abs(xs[0])]
    outs = []
    for lev in levels:
        lib.tt_cpu_set_level(V.LEVELS.index(lev))
        outs.append(V.call(lib, name, *xs))
    for o in outs[1:]:
        fin = np.isfinite(outs[0])
        assert np.array_equal(np.isnan(o), np.isnan(outs[0]))
        assert np.all(np.abs(o[fin] - outs[0][fin]) <= np.spacing(np.abs(outs[0][fin])))


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("name", NEW)
def test_empty_and_negative_lengths_write_nothing(lib, levels, name, dtype):
    ct = ctypes.c_float if dtype == np.float32 else ctypes.c_double
    fn = getattr(lib, "tt_v%s_%s" % (name, "f32" if dtype == np.float32 else "f64"))
    x = np.ones(4, dtype=dtype)
    y = np.full(4, 7.0, dtype=dtype)
    for n in (0, -1):
        fn(*[x.ctypes.data_as(ctypes.POINTER(ct))] * V.FUNCS[name][1],
           y.ctypes.data_as(ctypes.POINTER(ct)), n)
        assert np.all(y == 7.0)


def test_trig_reduction_worst_cases(lib, levels):
    """The arguments closest to a multiple of pi/2 (|x - n pi/2| ~ 2^-29.2 |x|... for float32,
    2^-60.9 for float64; Payne-Hanek path) against long double, sin cos tan."""
    x32 = np.array([16367173 * 2.0**72, -16367173 * 2.0**72], dtype=np.float32)
    x64 = np.array([6381956970095103 * 2.0**797, -6381956970095103 * 2.0**797])
    for lev in levels:
        lib.tt_cpu_set_level(V.LEVELS.index(lev))
        for name in ("sin", "cos", "tan"):
            for x in (x32, x64):
                err = V.ulp_error(V.call(lib, name, x), V.reference(name, x), x.dtype.type)
                assert err.max() <= V.LIMITS[(name, x.dtype.type)], (lev, name, x.dtype, err)


def test_exact_values(lib, levels):
    """Values users rely on being exact: cos 0, exp2 of integers, log2 of powers of two,
    log10 of powers of ten, cbrt of cubes, hypot of Pythagorean triples, |cos|, |sin| <= 1."""
    for lev in levels:
        lib.tt_cpu_set_level(V.LEVELS.index(lev))
        for dt in (np.float32, np.float64):
            k = np.arange(-20, 21).astype(dt)
            assert np.array_equal(V.call(lib, "exp2", k), np.exp2(k))
            assert np.array_equal(V.call(lib, "log2", np.exp2(k)), k)
            t = np.arange(0, 8 if dt == np.float32 else 16).astype(dt)
            assert np.array_equal(V.call(lib, "log10", (10.0 ** t).astype(dt)), t)
            c = np.arange(-50, 51).astype(dt)
            assert np.array_equal(V.call(lib, "cbrt", c ** 3), c)
            a, b = np.array([3, 5, 8, 20, 1e20], dtype=dt), np.array([4, 12, 15, 21, 0], dtype=dt)
            assert np.array_equal(V.call(lib, "hypot", a, b), np.hypot(a, b))
            tiny = np.array([0.0, -0.0, 1e-9, -1e-9, 1e-20], dtype=dt)
            assert np.all(V.call(lib, "cos", tiny) == 1)
            big = np.linspace(-100, 100, 100001).astype(dt)
            assert np.all(np.abs(V.call(lib, "cos", big)) <= 1)
            assert np.all(np.abs(V.call(lib, "sin", big)) <= 1)
