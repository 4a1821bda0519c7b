"""The public transcendental ops (tt.sin, tt.atan2, ...) through the vectorised kernels of
csrc/vmath.c (op-table rows with vector=True): accuracy, NumPy's special values, every layout.

tests/test_vmath_funcs.py checks the C functions themselves through ctypes; this file checks
that the public ops reach them at every CPU level this machine has (tt's _set_cpu_level), for
float32 and float64 (the harness's bounded sweep, the issue's limits: float32 <= 4 ULP, float64
<= 2 ULP) and float16 (computed in float32 and rounded once, as NumPy: every float16 input,
within one float16 ULP of the exact value and of NumPy's float16 result), and that strided,
broadcast, 0-d and empty operands give the contiguous kernel's values.
"""
import importlib.util
import os

import numpy as np
import pytest

import tinytensor as tt
from tinytensor import _core

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _harness():
    spec = importlib.util.spec_from_file_location(
        "vmath_ulp", os.path.join(ROOT, "tests", "c", "vmath_ulp.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


V = _harness()
OPS = ["sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "asinh", "acosh",
       "atanh", "exp2", "expm1", "log1p", "log2", "log10", "hypot", "logaddexp"]
LEVELS = V.LEVELS[:V.LEVELS.index(_core._cpu_detected()) + 1]


@pytest.fixture
def each_level():
    """Runs the test body once per CPU level (yields a setter), restoring the level after."""
    before = _core._cpu_level()
    yield lambda lev: _core._set_cpu_level(lev)
    _core._set_cpu_level(before)


def public(name, *xs):
    """tt.<name> on NumPy arrays, as a NumPy array (checks the result dtype)."""
    r = getattr(tt, name)(*[tt.asarray(x.copy()) for x in xs])
    assert str(r.dtype) == str(xs[0].dtype)
    return r.numpy()


def test_the_rows_are_vectorised():
    from tinytensor import _optable
    for name in OPS:
        assert _optable.BY_NAME[name].vector, name


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("name", OPS)
def test_accuracy(each_level, name, dtype):
    rng = np.random.default_rng(OPS.index(name))
    xs = V.inputs(name, dtype, "test", rng)
    ref = V.reference(name, *xs)
    lim = V.LIMITS[(name, dtype)]
    for lev in LEVELS:
        each_level(lev)
        y = public(name, *xs)
        err = V.error_measure(name, xs, y, ref, dtype)
        i = int(np.argmax(err))
        assert err[i] <= lim, "%s %s: %.3f ULP at %s -> %r, reference %r" % (
            lev, name, err[i], [x[i] for x in xs], y[i], ref[i])


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64],
                         ids=["float16", "float32", "float64"])
@pytest.mark.parametrize("name", OPS)
def test_special_values_as_numpy(each_level, name, dtype):
    """NumPy's exact answer wherever it is 0 (with its sign), +-1, +-inf or NaN; every pair
    of special values for the binary ops."""
    sp = V.specials(name, np.float32 if dtype == np.float16 else dtype)
    with np.errstate(over="ignore"):     # float32's specials beyond float16's range: inf
        sp = tuple(s.astype(dtype) for s in sp)
    want = V.numpy_expected(name, *sp)
    exact = ~np.isfinite(want) | (want == 0) | (np.abs(want) == 1)
    for lev in LEVELS:
        each_level(lev)
        got = public(name, *sp)
        bad = [(tuple(s[i] for s in sp), got[i], want[i]) for i in np.flatnonzero(exact)
               if not (np.array_equal(got[i], want[i], equal_nan=True)
                       and (np.isnan(want[i]) or np.signbit(got[i]) == np.signbit(want[i])))]
        assert not bad, "%s %s: %s" % (lev, name, bad[:5])


@pytest.mark.parametrize("name", OPS)
def test_float16_every_input(each_level, name):
    """Every float16 (random float16 pairs for the binary ops): within one float16 ULP of the
    exact value, and of NumPy's float16 result (both compute in float32 and round once)."""
    bits = np.arange(1 << 16, dtype=np.uint16).view(np.float16)
    bits = bits[~np.isnan(bits)]
    if V.FUNCS[name][1] == 1:
        xs = (bits,)
    else:
        rng = np.random.default_rng(3)
        xs = (rng.choice(bits, 60000), rng.choice(bits, 60000))
    with np.errstate(all="ignore"):
        want = getattr(np, V.FUNCS[name][0])(*xs)
        ref = getattr(np, V.FUNCS[name][0])(*[x.astype(np.float64) for x in xs])
    for lev in LEVELS:
        each_level(lev)
        got = public(name, *xs)
        err = V.ulp_error(got, ref, np.float16)
        i = int(np.argmax(err))
        assert err[i] <= 1, "%s %s: %.2f ULP at %s -> %r, exact %r" % (
            lev, name, err[i], [x[i] for x in xs], got[i], ref[i])
        assert np.array_equal(np.isnan(got), np.isnan(want))
        fin = np.isfinite(want)
        assert np.array_equal(got[~fin & ~np.isnan(want)], want[~fin & ~np.isnan(want)])
        with np.errstate(over="ignore"):       # the spacing at float16's max is inf
            assert np.all(np.abs(got[fin].astype(np.float64) - want[fin]) <=
                          np.spacing(np.abs(want[fin])).astype(np.float64) * 1.0001)


def _domain(name, a):
    """values inside the op's domain (so that NaN-free results are compared)"""
    if name in ("asin", "acos", "atanh"):
        return np.tanh(a)
    if name == "acosh":
        return 1 + np.abs(a)
    if name in ("log2", "log10"):
        return np.abs(a) + 0.1
    return a


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("name", OPS)
def test_layouts_match_the_contiguous_kernel(name, dtype):
    """Transposed, sliced (negative steps), broadcast (stride 0), 0-d and empty operands give
    exactly the contiguous call's values, with NumPy's shape and dtype."""
    rng = np.random.default_rng(7)
    base = _domain(name, rng.uniform(-3, 3, (6, 5, 9))).astype(dtype)
    other = rng.uniform(-3, 3, (6, 5, 9)).astype(dtype)
    fn = getattr(tt, name)
    binary = V.FUNCS[name][1] == 2

    def check(np_args, tt_args):
        got = fn(*tt_args)
        shape = np.broadcast_shapes(*[x.shape for x in np_args])
        flat = [np.broadcast_to(a, shape).copy() for a in np_args]
        want = public(name, *flat) if flat[0].size else np.empty(flat[0].shape, dtype)
        with np.errstate(all="ignore"):
            np_res = getattr(np, V.FUNCS[name][0])(*np_args)
        assert tuple(got.shape) == np_res.shape and str(got.dtype) == str(np_res.dtype)
        assert np.array_equal(got.numpy(), want, equal_nan=True)

    t = tt.asarray(base.copy())
    u = tt.asarray(other.copy())
    views = [
        (lambda a: a, lambda t: t),
        (lambda a: a.transpose(2, 0, 1), lambda t: tt.permute_dims(t, (2, 0, 1))),
        (lambda a: a[::-2, 1:, ::3], lambda t: t[::-2, 1:, ::3]),
        (lambda a: a[:, :0], lambda t: t[:, :0]),
        (lambda a: a[1, 2, 3], lambda t: t[1, 2, 3]),
    ]
    for npv, ttv in views:
        if binary:
            check([npv(base), npv(other)], [ttv(t), ttv(u)])
            check([npv(base), np.asarray(other[0, 0, 0])], [ttv(t), u[0, 0, 0]])   # stride 0
            check([np.asarray(base[0, 0, 0]), npv(other)], [t[0, 0, 0], ttv(u)])
        else:
            check([npv(base)], [ttv(t)])
    bcast = np.broadcast_to(base[:1], base.shape)
    if binary:
        check([base[:, :1, :], other[0]], [t[:, :1, :], u[0]])
        check([bcast, other], [tt.broadcast_to(t[:1], (6, 5, 9)), u])
    else:
        check([bcast], [tt.broadcast_to(t[:1], (6, 5, 9))])


def test_large_arguments_are_reduced_exactly():
    """sin, cos, tan of huge arguments (Payne-Hanek) against long double, as the issue asks."""
    x32 = np.array([16367173 * 2.0**72, 1e30, -3.4e38, 1e10, 12345.678], dtype=np.float32)
    x64 = np.array([6381956970095103 * 2.0**797, 1e300, -1.7e308, 1e22, 1e10])
    for name in ("sin", "cos", "tan"):
        for x in (x32, x64):
            err = V.ulp_error(public(name, x), V.reference(name, x), x.dtype.type)
            assert err.max() <= V.LIMITS[(name, x.dtype.type)], (name, x.dtype, err)


def test_integer_inputs_follow_numpy_float_rule():
    """int8 computes in float16, int16 in float32, int32/int64 in float64 (as NumPy): through
    the vector loops too."""
    for dt in ("int8", "int16", "int32", "uint64"):
        a = np.arange(-5, 6).astype(dt) if dt != "uint64" else np.arange(11, dtype=dt)
        for name in ("sin", "atan2", "log1p"):
            args = (a, a[::-1].copy()) if name == "atan2" else (a,)
            with np.errstate(all="ignore"):
                want = getattr(np, V.FUNCS[name][0])(*args)
            got = getattr(tt, name)(*[tt.asarray(x) for x in args])
            assert str(got.dtype) == str(want.dtype)
            np.testing.assert_array_max_ulp(got.numpy(), want, maxulp=1)
