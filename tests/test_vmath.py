"""exp, log, tanh, sigmoid (csrc/vmath.c) through the Tensor, against NumPy.

Errors are measured in ULPs of the result's dtype against a wider reference: NumPy's float64
functions for float32 results, NumPy's long double functions for float64 results. Limits are
NumPy's own test tolerances (see csrc/vmath.h). Special values must match NumPy exactly.
Every ISA level this CPU has is checked in a subprocess with TINYTENSOR_CPU set.
The exhaustive version of these sweeps is tests/c/vmath_ulp.py (run by hand).
"""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

if __name__ != "__main__":
    pytest.importorskip("tinytensor._core")
import tinytensor as tt

FUNCS = ("exp", "log", "tanh", "sigmoid")
DTYPES = (np.float32, np.float64)
LIMITS = {("exp", np.float32): 3, ("log", np.float32): 4, ("tanh", np.float32): 2,
          ("sigmoid", np.float32): 3, ("exp", np.float64): 1, ("log", np.float64): 1,
          ("tanh", np.float64): 2, ("sigmoid", np.float64): 2}
# float64 results need a reference wider than float64; where long double is plain double
# (some platforms) the reference itself is off by up to 1/2 ULP, so allow one more.
WIDE = np.longdouble if np.finfo(np.longdouble).nmant >= 60 else np.float64
SLACK64 = 0 if WIDE is np.longdouble else 1


def tt_apply(name, x):
    return np.asarray(getattr(tt, name)(tt.asarray(x)))


def _sigmoid(w):
    e = np.exp(-np.abs(w))
    return np.where(w >= 0, 1 / (1 + e), e / (1 + e))


def reference(name, x):
    w = x.astype(np.float64 if x.dtype == np.float32 else WIDE)
    with np.errstate(all="ignore"):
        return _sigmoid(w) if name == "sigmoid" else getattr(np, name)(w)


def limit(name, dtype):
    return LIMITS[(name, dtype)] + (SLACK64 if dtype == np.float64 else 0)


def ulp_error(y, ref, dtype):
    """|y - ref| in ULPs of dtype at ref; where ref rounds to inf or nan, 0 if y equals it
    exactly and inf otherwise."""
    fi = np.finfo(dtype)
    with np.errstate(all="ignore"):
        rounded = ref.astype(dtype)
    err = np.zeros(y.shape)
    fin = np.isfinite(rounded)
    same = (np.isnan(rounded) & np.isnan(y)) | (rounded == y)
    err[~fin] = np.where(same[~fin], 0.0, np.inf)
    r = ref[fin]
    _, e = np.frexp(np.abs(r))
    e = np.maximum(e.astype(np.int64) - fi.nmant - 1, int(np.log2(fi.smallest_subnormal)))
    ulp = np.ldexp(np.ones(r.shape, dtype=ref.dtype), e)
    yy = y[fin].astype(ref.dtype)
    with np.errstate(all="ignore"):
        d = np.where(np.isfinite(yy), np.abs(yy - r) / ulp, np.inf)
    err[fin] = d.astype(np.float64)
    return err


# points where the algorithms switch branch or the result changes range
CRIT = {
    "exp": [0.5 * np.log(2) * k for k in range(1, 6)] + [1.0, 87.3, 88.72, 103.0, 708.39,
                                                          709.78, 744.44, 745.13],
    "log": [1.0, 0.7071067811865476, 1.4142135623730951, 0.5, 2.0, 1.1754943508222875e-38,
            2.2250738585072014e-308, 1e300],
    "tanh": [0.35, 0.5493061443340549, 1e-4, 1.0, 9.0, 19.0, 20.0],
    "sigmoid": [0.5, 1.0, 17.0, 37.0, 87.3, 88.72, 103.0, 708.39, 744.44, 745.13],
}


def sweep(name, dtype):
    """~50k inputs: a strided walk over float32 bit patterns (float32) or random bit
    patterns and values (float64), runs of consecutive floats at the critical points."""
    rng = np.random.default_rng(7)
    parts = []
    if dtype == np.float32:
        bits = np.arange(0, 2**32, 2**32 // 25000, dtype=np.uint64).astype(np.uint32)
        parts.append(bits.view(np.float32))
        half, ity = 600, np.uint32
    else:
        parts.append(rng.integers(0, 2**64, size=12000, dtype=np.uint64).view(np.float64))
        half, ity = 600, np.uint64
    span = {"exp": 750.0, "log": 3.0, "tanh": 21.0, "sigmoid": 750.0}[name]
    parts.append(rng.uniform(0 if name == "log" else -span, span, 12000))
    for v in CRIT[name]:
        if v > float(np.finfo(dtype).max) or v < float(np.finfo(dtype).tiny):
            continue
        b = int(np.asarray(v, dtype=dtype).view(ity))
        run = np.arange(b - half, b + half, dtype=np.uint64).astype(ity).view(dtype)
        parts.append(run)
        if name != "log":
            parts.append(-run)
    x = np.concatenate([p.astype(dtype) for p in parts])
    return x[~np.isnan(x)]


def special_values(dtype):
    fi = np.finfo(dtype)
    return np.array([0.0, -0.0, np.inf, -np.inf, np.nan, -np.nan, 1.0, -1.0, 2.0, 0.5, fi.max,
                     -fi.max, fi.tiny, -fi.tiny, fi.smallest_subnormal, -fi.smallest_subnormal,
                     fi.tiny / 3, 1e-30, -1e-30, 30.0, -30.0, 90.0, -90.0, 110.0, -110.0,
                     800.0, -800.0, 1e10, -1e10], dtype=dtype)


def numpy_expected(name, x):
    with np.errstate(all="ignore"):
        if name == "sigmoid":   # NumPy's own formula; float64 is accurate at these points
            return _sigmoid(x.astype(np.float64)).astype(x.dtype)
        return getattr(np, name)(x)


def check_all():
    """Every function and dtype at the current ISA level; returns {key: [max_ulp, problems]}."""
    out = {}
    for dtype in DTYPES:
        for name in FUNCS:
            key = "%s/%s" % (name, np.dtype(dtype).name)
            problems = []
            x = sweep(name, dtype)
            y = tt_apply(name, x)
            if y.dtype != dtype or y.shape != x.shape:
                problems.append("result dtype/shape %s %s" % (y.dtype, y.shape))
                out[key] = [None, problems]
                continue
            err = ulp_error(y, reference(name, x), dtype)
            worst = float(err.max())
            if worst > limit(name, dtype):
                i = int(np.argmax(err))
                problems.append("%.3f ULP at x=%r: got %r, reference %r" % (
                    worst, x[i], y[i], reference(name, x[i:i + 1])[0]))
            # special values: exactly as NumPy where NumPy gives 0, +-1, inf or nan
            sp = special_values(dtype)
            ys = tt_apply(name, sp)
            want = numpy_expected(name, sp)
            exact = ~np.isfinite(want) | (want == 0) | (np.abs(want) == 1)
            for xi, got, w in zip(sp[exact], ys[exact], want[exact]):
                if not (np.array_equal(got, w, equal_nan=True) and
                        (np.isnan(w) or np.signbit(got) == np.signbit(w))):
                    problems.append("%s(%r) = %r, NumPy gives %r" % (name, xi, got, w))
            e2 = ulp_error(ys[~exact], reference(name, sp[~exact]), dtype)
            if e2.size and e2.max() > limit(name, dtype):
                i = int(np.argmax(e2))
                problems.append("%s(%r) = %r off by %.2f ULP" % (
                    name, sp[~exact][i], ys[~exact][i], e2[i]))
            # every length through the vector tail
            for n in (0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65, 130):
                xs = x[:n]
                ys2 = tt_apply(name, xs)
                if ys2.shape != (n,) or not np.array_equal(ys2, y[:n], equal_nan=True):
                    problems.append("length %d differs from the long run" % n)
            out[key] = [worst, problems]
    return out


def _report(results):
    bad = ["%s: %s" % (k, "; ".join(p)) for k, (w, p) in sorted(results.items()) if p]
    assert not bad, "\n".join(bad)


def test_vmath_default_level():
    _report(check_all())


@pytest.mark.parametrize("name", FUNCS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_vmath_layouts(name, dtype):
    """Non-contiguous, 0-d and 2-D inputs give the same values as the contiguous kernel."""
    rng = np.random.default_rng(3)
    base = rng.uniform(0.01 if name == "log" else -30, 30, size=(9, 14)).astype(dtype)
    want = tt_apply(name, np.ascontiguousarray(base))
    t = tt.asarray(base)
    for got, exp in ((getattr(tt, name)(t.T), want.T), (getattr(tt, name)(t[::-2, 1::3]),
                                                         want[::-2, 1::3])):
        got = np.asarray(got)
        assert got.shape == exp.shape and got.dtype == exp.dtype
        np.testing.assert_array_equal(got, exp)
    z = np.asarray(getattr(tt, name)(tt.asarray(base[2, 3].copy().reshape(()))))
    assert z.shape == () and z == want[2, 3]


@pytest.mark.parametrize("level", ["baseline", "avx2", "avx512"])
def test_vmath_each_cpu_level(level):
    """The same checks with TINYTENSOR_CPU forcing each level (a level above the CPU's is
    refused by cpu.c and the detected one used, which is then checked again: harmless)."""
    env = dict(os.environ, TINYTENSOR_CPU=level)
    # the child must import the same tinytensor (e.g. an in-place build found via the cwd)
    pkg_parent = os.path.dirname(os.path.dirname(os.path.abspath(tt.__file__)))
    env["PYTHONPATH"] = os.pathsep.join([pkg_parent] + [p for p in
                                         env.get("PYTHONPATH", "").split(os.pathsep) if p])
    proc = subprocess.run([sys.executable, os.path.abspath(__file__), "--child"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    _report(json.loads(proc.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    if "--child" in sys.argv:
        print(json.dumps(check_all()))
    else:  # by hand: the max ULP error per function and dtype at the current level
        for k, (w, p) in sorted(check_all().items()):
            print("%-16s %s %s" % (k, w, "; ".join(p)))
