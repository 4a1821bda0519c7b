"""Accuracy harness for csrc/vmath.c, run by hand (tests/test_vmath_funcs.py runs a bounded
version of it by default).

Builds csrc/vmath.c + csrc/cpu.c into a shared library in /tmp (tests/c/build.sh), calls the
tt_v* functions through ctypes at every ISA level this CPU has (tt_cpu_set_level), and
measures the error in ULPs against a higher-precision reference:
  float32 results against NumPy's float64 functions (exact to ~1e-16, i.e. 1e-9 float32 ULP);
  float64 results against NumPy's long double functions (x87 80-bit: 11 extra bits), and
  mpmath (if installed) where logaddexp's result cancels and long double is not enough.
Inputs, per function: every float32 bit pattern with a stride (float32) or random bit patterns
(float64), dense runs of consecutive floats around the points where the algorithms switch
(ranges of range reduction, branch points, binade edges, overflow and underflow thresholds,
the worst cases of the trigonometric reduction), random samples across the function's useful
range, and the special values, which must match NumPy exactly where NumPy's answer is 0, +-1,
inf or nan (the sign of zero too). Binary functions get pairs: random and bit-pattern pairs,
pairs at chosen ratios and differences, and every pair of special values.

    python tests/c/vmath_ulp.py                  # full sweep, all functions and levels
    python tests/c/vmath_ulp.py --quick          # smaller sweep
    python tests/c/vmath_ulp.py --funcs sin,cos  # some functions
    python tests/c/vmath_ulp.py --bench          # also ns/element vs NumPy
    python tests/c/vmath_ulp.py --every-float32 sin   # every float32 input (minutes)
"""
import argparse
import ctypes
import math
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
LEVELS = ["baseline", "avx2", "avx512"]

# name: (NumPy's function, number of inputs)
FUNCS = {
    "exp": ("exp", 1), "log": ("log", 1), "tanh": ("tanh", 1), "sigmoid": (None, 1),
    "sin": ("sin", 1), "cos": ("cos", 1), "tan": ("tan", 1),
    "asin": ("arcsin", 1), "acos": ("arccos", 1), "atan": ("arctan", 1), "atan2": ("arctan2", 2),
    "sinh": ("sinh", 1), "cosh": ("cosh", 1),
    "asinh": ("arcsinh", 1), "acosh": ("arccosh", 1), "atanh": ("arctanh", 1),
    "exp2": ("exp2", 1), "expm1": ("expm1", 1), "log1p": ("log1p", 1), "log2": ("log2", 1),
    "log10": ("log10", 1), "cbrt": ("cbrt", 1), "hypot": ("hypot", 2),
    "logaddexp": ("logaddexp", 2),
}
# ULP limits: the (float32 <= 4, float64 <= 2), tighter where the function was
# specified so before (exp, log, tanh, sigmoid: NumPy's own test tolerances)
LIMITS = {(f, np.float32): 4 for f in FUNCS}
LIMITS.update({(f, np.float64): 2 for f in FUNCS})
LIMITS.update({("exp", np.float32): 3, ("tanh", np.float32): 2, ("sigmoid", np.float32): 3,
               ("exp", np.float64): 1, ("log", np.float64): 1})
# logaddexp: where max(x, y) and log1p(exp(-|x - y|)) nearly cancel, no float64 computation
# short of extended precision keeps the result's own ULPs; there the error may instead be up
# to half an ULP of the terms' size |max| + log1p(...) (vmath.h)
LOGADDEXP_TERMS_ULP = 0.5


def load(path=None):
    path = path or "/tmp/tt_vmath/libvmath.so"
    subprocess.check_call([os.path.join(HERE, "build.sh"), path], stdout=subprocess.DEVNULL)
    lib = ctypes.CDLL(path)
    for f, (_, arity) in FUNCS.items():
        for sfx, ct in (("f32", ctypes.c_float), ("f64", ctypes.c_double)):
            fn = getattr(lib, "tt_v%s_%s" % (f, sfx))
            fn.argtypes = [ctypes.POINTER(ct)] * (arity + 1) + [ctypes.c_ssize_t]
            fn.restype = None
    lib.tt_cpu_set_level.argtypes = [ctypes.c_int]
    lib.tt_cpu_set_level.restype = ctypes.c_int
    lib.tt_cpu_detected.restype = ctypes.c_int
    return lib


def levels_of(lib):
    return LEVELS[:lib.tt_cpu_detected() + 1]


def call(lib, name, *xs, out=None):
    xs = [np.ascontiguousarray(x) for x in xs]
    sfx, ct = ("f32", ctypes.c_float) if xs[0].dtype == np.float32 else ("f64", ctypes.c_double)
    y = np.empty_like(xs[0]) if out is None else out
    ptrs = [x.ctypes.data_as(ctypes.POINTER(ct)) for x in xs]
    getattr(lib, "tt_v%s_%s" % (name, sfx))(*ptrs, y.ctypes.data_as(ctypes.POINTER(ct)),
                                            xs[0].size)
    return y


# ---------------------------------------------------------------- references

def _sigmoid_ref(w):
    with np.errstate(over="ignore"):
        e = np.exp(-np.abs(w))
        return np.where(w >= 0, 1 / (1 + e), e / (1 + e))


def _logaddexp_exact(x, y):
    """log(e^x + e^y) for the few points where the long double formula cancels (mpmath)."""
    import mpmath as mp
    out = []
    with mp.workdps(60):
        for a, b in zip(x, y):
            a, b = mp.mpf(float(a)), mp.mpf(float(b))
            m = max(a, b)
            out.append(str(m + mp.log1p(mp.exp(min(a, b) - m))))
    return np.array(out, dtype=np.longdouble)


def reference(name, *xs):
    """f(x) in a wider type: float64 for float32 x, long double for float64 x."""
    wide = np.float64 if xs[0].dtype == np.float32 else np.longdouble
    w = [x.astype(wide) for x in xs]
    with np.errstate(all="ignore"):
        if name == "sigmoid":
            return _sigmoid_ref(w[0])
        ref = getattr(np, FUNCS[name][0])(*w)
        if name == "logaddexp":
            m = np.maximum(w[0], w[1])
            cancel = np.isfinite(ref) & (np.abs(ref) * 2**12 < np.abs(m)) & (w[0] != w[1])
            if cancel.any():
                try:
                    ref[cancel] = _logaddexp_exact(w[0][cancel], w[1][cancel])
                except ImportError:
                    ref[cancel] = np.nan          # unknown: such points are then skipped
        return ref


def ulp_error(y, ref, dtype):
    """|y - ref| in units of the dtype's ULP at ref (inf where y is wrongly non-finite).
    Where ref rounds to a non-finite value (inf, nan) y must equal it exactly (error 0 or inf)."""
    fi = np.finfo(dtype)
    with np.errstate(all="ignore"):
        exact = ref.astype(dtype)
    err = np.zeros(y.shape, dtype=np.float64)
    fin = np.isfinite(exact)
    nf = ~fin
    same = (np.isnan(exact[nf]) & np.isnan(y[nf])) | (exact[nf] == y[nf])
    err[nf] = np.where(same, 0.0, np.inf)
    r = ref[fin]
    _, e = np.frexp(np.abs(r))
    e = np.maximum(e.astype(np.int64) - fi.nmant - 1, int(np.log2(fi.smallest_subnormal)))
    ulp = np.ldexp(np.ones(len(r), dtype=ref.dtype), e)
    yy = y[fin].astype(ref.dtype)
    with np.errstate(all="ignore"):
        d = np.abs(yy - r) / ulp
    d = np.where(np.isfinite(yy), d, np.inf)
    err[fin] = d.astype(np.float64)
    return err


def error_measure(name, xs, y, ref, dtype):
    """The ULP error the limit applies to. logaddexp: the smaller of the ULP error and the
    error in units of LOGADDEXP_TERMS_ULP ULPs of the terms, scaled to the limit (so the
    limit holds if either does); points whose reference is unknown (no mpmath) count as 0."""
    err = ulp_error(y, ref, dtype)
    if name == "logaddexp":
        unknown = np.isnan(ref) & np.isfinite(xs[0]) & np.isfinite(xs[1])
        wide = ref.dtype
        with np.errstate(all="ignore"):
            m = np.maximum(xs[0], xs[1]).astype(wide)
            d = np.abs(xs[0].astype(wide) - xs[1].astype(wide))
            terms = (np.abs(m) + np.log1p(np.exp(-d))).astype(dtype)
            ok = np.isfinite(terms) & np.isfinite(ref) & (terms > 0)
            terms_err = np.full(err.shape, np.inf)
            terms_err[ok] = (np.abs(y[ok].astype(wide) - ref[ok]) /
                             np.spacing(terms[ok]).astype(wide)).astype(np.float64)
        err = np.minimum(err, terms_err * (LIMITS[(name, dtype)] / LOGADDEXP_TERMS_ULP))
        err[unknown] = 0.0
    return err


# ---------------------------------------------------------------- inputs

def f32_from_bits(b):
    return np.asarray(b, dtype=np.uint32).view(np.float32)


def around(v, half, dtype):
    """the 2*half consecutive floats of dtype around v (v > 0)"""
    ity = np.uint32 if dtype == np.float32 else np.uint64
    b = int(np.asarray(v, dtype=dtype).view(ity))
    lo = max(b - half, 1)
    return np.arange(lo, b + half, dtype=np.uint64).astype(ity).view(dtype)


PI = math.pi
# worst cases of the reduction mod pi/2 (|r| ~ 2^-29.2 for float32, 2^-60.9 for float64)
TRIG_HARD = [16367173 * 2.0**72, 6381956970095103 * 2.0**797]
CRIT = {  # points where something changes, per function (positive; odd/even functions mirror)
    "exp": [0.5 * math.log(2) * k for k in range(1, 9)] + [1e-8, 1.0, 87.3, 88.72, 100.0, 103.0,
             708.39, 709.78, 744.44, 745.13],
    "log": [1.0, 0.7071067811865476, 1.4142135623730951, 0.5, 2.0, 1e-38, 1.1754943508222875e-38,
            2.2250738585072014e-308, 1e-300, 1e300, 3.4e38],
    "tanh": [0.55, 0.5, 1e-4, 0.3466, 1.0, 2.0, 8.0, 9.0, 10.0, 19.0, 20.0],
    "sigmoid": [1e-8, 0.5, 1.0, 17.0, 37.0, 87.3, 88.72, 100.0, 103.0, 708.39, 744.44, 745.13],
    "sin": [PI / 4 * k for k in range(1, 13)] + [1e-4, 0.8, 1e4, 2.0**17, 2.0**20, 1e22, 3.4e38,
                                                  1e300] + TRIG_HARD,
    "asin": [0.5, 1.0, 0.975, 1e-8, 0.25],
    "atan": [0.41421356237309503, 2.414213562373095, 1.0, 1e-8, 1e8, 2.0**500],
    "sinh": [1.0, 1e-4, 0.5, 20.0, 88.72, 89.42, 709.78, 710.47, 711.0],
    "asinh": [2.0, 2.0**28, 2.0**-28, 0.5, 1.0, 1e300],
    "acosh": [1.0, 1.0 + 1e-7, 2.0, 2.0**28, 1e300],
    "atanh": [0.5, 1.0, 2.0**-28, 0.25, 1e-8],
    "exp2": [0.5, 1.0, 2.0, 10.5, 126.0, 128.0, 149.0, 150.0, 1022.0, 1024.0, 1074.0, 1075.0],
    "expm1": [0.5 * math.log(2) * k for k in range(1, 5)] + [2.0**-54, 1e-8, 37.0, 45.0,
                                                              88.72, 709.78],
    "log1p": [0.41421356237309503, 0.2928932188134524, 1e-8, 2.0**-54, 0.5, 1.0, 1e300],
    "log2": [1.0, 0.7071067811865476, 1.4142135623730951, 2.0, 1024.0, 1.1754943508222875e-38,
             2.2250738585072014e-308, 10.0, 1e300],
    "cbrt": [1.0, 2.0, 4.0, 8.0, 1e-30, 1.1754943508222875e-38, 2.2250738585072014e-308,
             1e300],
}
CRIT["cos"] = CRIT["tan"] = CRIT["sin"]
CRIT["acos"] = CRIT["asin"]
CRIT["cosh"] = CRIT["sinh"]
CRIT["log10"] = CRIT["log2"] + [100.0, 1000.0, 1e-10]
MIRROR = {"exp", "tanh", "sigmoid", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh",
          "asinh", "atanh", "exp2", "expm1", "cbrt"}
# where random values are drawn from (bit patterns cover the rest)
SPAN = {"exp": (-750, 750), "log": (0, 4), "tanh": (-22, 22), "sigmoid": (-750, 750),
        "sin": (-40, 40), "cos": (-40, 40), "tan": (-40, 40), "asin": (-1, 1), "acos": (-1, 1),
        "atan": (-10, 10), "sinh": (-720, 720), "cosh": (-720, 720), "asinh": (-10, 10),
        "acosh": (1, 10), "atanh": (-1, 1), "exp2": (-1080, 1030), "expm1": (-50, 720),
        "log1p": (-1, 10), "log2": (0, 4), "log10": (0, 4), "cbrt": (-10, 10)}


def _unary_inputs(name, dtype, size, rng):
    parts = []
    if dtype == np.float32:
        stride = {"full": 257, "quick": 4099, "test": 2**32 // 12000}[size]
        parts.append(f32_from_bits(np.arange(0, 2**32, stride, dtype=np.uint64).astype(np.uint32)))
    else:
        n = {"full": 2_000_000, "quick": 200_000, "test": 12_000}[size]
        parts.append(rng.integers(0, 2**64, size=n, dtype=np.uint64).view(np.float64))
    nrand = {"full": 2_000_000, "quick": 200_000, "test": 12_000}[size]
    lo, hi = SPAN[name]
    parts.append(rng.uniform(lo, hi, nrand))
    half = {"full": 1 << (16 if dtype == np.float32 else 14), "quick": 1 << 10, "test": 200}[size]
    for v in CRIT[name]:
        if v < float(np.finfo(dtype).max):
            run = around(v, half, dtype)
            parts.append(run)
            if name in MIRROR:
                parts.append(-run)
    if name == "log" and dtype == np.float32 and size != "test":   # every mantissa
        parts.append(f32_from_bits(np.arange(0x3f800000, 0x40000000, 1 if size == "full" else 61,
                                             dtype=np.uint32)))
    x = np.concatenate([p.astype(dtype) for p in parts])
    return (x[~np.isnan(x)],)


def _binary_inputs(name, dtype, size, rng):
    n = {"full": 1_000_000, "quick": 100_000, "test": 6_000}[size]
    ity = np.uint32 if dtype == np.float32 else np.uint64
    top = 2**32 if dtype == np.float32 else 2**64

    def bits(k):
        return rng.integers(0, top, size=k, dtype=np.uint64).astype(ity).view(dtype)
    xs, ys = [bits(n)], [bits(n)]
    a = rng.uniform(-30, 30, n).astype(dtype)
    xs.append(a)
    ys.append(rng.uniform(-30, 30, n).astype(dtype))
    b = bits(n)
    b = b[np.isfinite(b)]
    m = len(b)
    if name == "atan2":        # ratios at the range splits, both signs
        for r in (0.41421356237309503, 2.414213562373095, 1.0, 1e-20, 1e20):
            t = r * (1 + rng.uniform(-1e-3, 1e-3, m))
            xs.append(b)
            ys.append((b * t).astype(dtype))
            xs.append(-b)
            ys.append((b * t).astype(dtype))
    elif name == "hypot":      # ratios from equal to negligible
        for r in (1.0, 0.5, 2.0**-13, 2.0**-27, 2.0**-60):
            xs.append(b)
            ys.append((b * r * (1 + rng.uniform(-0.5, 0.5, m))).astype(dtype))
    else:                      # logaddexp: near-equal, set differences, near cancellation
        base = rng.uniform(-40, 40, m).astype(dtype)
        for d in (0.0, 1e-6, 0.3466, 1.0, 20.0, 40.0, 800.0):
            xs.append(base)
            ys.append((base + d * (1 + rng.uniform(-1e-3, 1e-3, m))).astype(dtype))
        mx = -rng.uniform(0, 1, m)                   # e^mx + e^mn = 1 (+- a little)
        mn = np.log1p(-np.exp(mx)) * (1 + rng.uniform(-1e-3, 1e-3, m))
        xs.append(mx.astype(dtype))
        ys.append(mn.astype(dtype))
    x, y = np.concatenate(xs), np.concatenate(ys)
    keep = ~(np.isnan(x) | np.isnan(y))
    return x[keep], y[keep]


def inputs(name, dtype, size, rng):
    """size: "full" (by hand), "quick" or "test" (the default test run)"""
    with np.errstate(all="ignore"):        # products at chosen ratios may overflow to inf
        if FUNCS[name][1] == 1:
            return _unary_inputs(name, dtype, size, rng)
        return _binary_inputs(name, dtype, size, rng)


def special_values(dtype):
    fi = np.finfo(dtype)
    v = [0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5, 10.0, fi.max,
         -fi.max, fi.tiny, -fi.tiny, fi.smallest_subnormal, -fi.smallest_subnormal,
         fi.tiny / 3, 1e-30, -1e-30, 30.0, -30.0, 90.0, -90.0, 110.0, -110.0, 1000.0, -1000.0,
         1e10, -1e10, 1e30, -1e30]
    return np.array(v, dtype=dtype)


def specials(name, dtype):
    sp = special_values(dtype)
    if FUNCS[name][1] == 1:
        return (sp,)
    a, b = np.meshgrid(sp, sp)
    return a.ravel(), b.ravel()


def numpy_expected(name, *xs):
    with np.errstate(all="ignore"):
        if name == "sigmoid":   # NumPy has no sigmoid: its formula, float64 accurate here
            return _sigmoid_ref(xs[0].astype(np.float64)).astype(xs[0].dtype)
        return getattr(np, FUNCS[name][0])(*xs)


def check_specials(lib, name, dtype):
    """Problems with the special values at the current level: exactly NumPy's answer where it
    is 0, +-1, inf or nan (sign of zero included), within the limit elsewhere."""
    sp = specials(name, dtype)
    got = call(lib, name, *sp)
    want = numpy_expected(name, *sp)
    exact = ~np.isfinite(want) | (want == 0) | (np.abs(want) == 1)
    problems = []
    for i in np.flatnonzero(exact):
        g, w = got[i], want[i]
        if not (np.array_equal(g, w, equal_nan=True) and (np.isnan(w) or np.signbit(g) == np.signbit(w))):
            problems.append("%s(%s) = %r, NumPy gives %r" % (name, ", ".join(repr(s[i]) for s in sp), g, w))
    rest = [s[~exact] for s in sp]
    if rest[0].size:
        err = error_measure(name, rest, got[~exact], reference(name, *rest), dtype)
        for i in np.flatnonzero(err > LIMITS[(name, dtype)]):
            problems.append("%s(%s) = %r off by %.2f ULP" % (
                name, ", ".join(repr(s[i]) for s in rest), got[~exact][i], err[i]))
    return problems


def check_function(lib, name, dtype, levels, size, rng):
    """{level: (max error, the input and output there, problems)} for one function and dtype"""
    xs = inputs(name, dtype, size, rng)
    ref = reference(name, *xs)
    out = {}
    lim = LIMITS[(name, dtype)]
    for lev in levels:
        lib.tt_cpu_set_level(LEVELS.index(lev))
        y = call(lib, name, *xs)
        err = error_measure(name, xs, y, ref, dtype)
        i = int(np.argmax(err))
        problems = []
        if err[i] > lim:
            problems.append("%.3f ULP (limit %d) at %s -> %r, reference %r" % (
                err[i], lim, ", ".join(repr(x[i]) for x in xs), y[i], ref[i]))
        # in place (into either input) and every tail length give the same values
        k = min(1001, xs[0].size)
        for j in range(len(xs)):
            z = [x[:k].copy() for x in xs]
            call(lib, name, *z, out=z[j])
            if not np.array_equal(z[j], y[:k], equal_nan=True):
                problems.append("in place into input %d differs" % j)
        for m in (1, 2, 3, 5, 7, 9, 15, 17, 31, 33, 63, 65):
            if m <= xs[0].size and not np.array_equal(call(lib, name, *[x[:m] for x in xs]),
                                                      y[:m], equal_nan=True):
                problems.append("length %d differs from the long run" % m)
        problems += check_specials(lib, name, dtype)
        out[lev] = (float(err[i]), tuple(x[i] for x in xs), y[i], problems)
    return out, xs[0].size


# ---------------------------------------------------------------- main

def check(lib, levels, size, funcs):
    rng = np.random.default_rng(1234)
    ok = True
    for dtype in (np.float32, np.float64):
        for name in funcs:
            res, n = check_function(lib, name, dtype, levels, size, rng)
            for lev, (worst, at, got, problems) in res.items():
                ok &= not problems
                print("%-9s %-8s %-9s n=%9d max %.3f ULP (limit %d) at %s -> %r%s" % (
                    name, np.dtype(dtype).name, lev, n, worst, LIMITS[(name, dtype)],
                    ", ".join(repr(a) for a in at), got,
                    "" if not problems else "  FAIL: " + "; ".join(problems[:5])), flush=True)
    return ok


def every_float32(lib, levels, name):
    """Every float32 input of a unary function, in chunks."""
    worst = {lev: (0.0, None) for lev in levels}
    chunk = 1 << 24
    for start in range(0, 2**32, chunk):
        x = f32_from_bits(np.arange(start, start + chunk, dtype=np.uint64).astype(np.uint32))
        x = x[~np.isnan(x)]
        ref = reference(name, x)
        with np.errstate(all="ignore"):
            rounded = ref.astype(np.float32)
        for lev in levels:
            lib.tt_cpu_set_level(LEVELS.index(lev))
            y = call(lib, name, x)
            off = ~((y == rounded) | (np.isnan(y) & np.isnan(rounded)))   # correctly rounded: skip
            if not off.any():
                continue
            err = error_measure(name, (x[off],), y[off], ref[off], np.float32)
            i = int(np.argmax(err))
            if err[i] > worst[lev][0]:
                worst[lev] = (float(err[i]), x[off][i])
    for lev, (w, at) in worst.items():
        print("%-9s float32 %-9s every input: max %.3f ULP at %r" % (name, lev, w, at))
    return all(w <= LIMITS[(name, np.float32)] for w, _ in worst.values())


def bench(lib, levels, funcs, shape=(1024, 1024), reps=21):
    """ns/element on `shape`, NumPy's function on the same data in the same run: the calls
    interleaved (NumPy, each level, NumPy, ...) so that load from elsewhere hits all alike,
    the median of `reps` calls each. Pin the thread count (OMP_NUM_THREADS=1 etc.): NumPy's
    ufuncs are single-threaded and so are these functions."""
    rng = np.random.default_rng(0)
    print("\nns/element, shape %s, median of %d interleaved calls" % (shape, reps))
    print("%-9s %-8s %8s %s" % ("function", "dtype", "numpy", " ".join("%16s" % l for l in levels)))
    for dtype in (np.float32, np.float64):
        for name in funcs:
            lo, hi = SPAN.get(name, (-4, 4))
            lo, hi = max(lo, -4), min(hi, 4)
            xs = [rng.uniform(lo, hi, shape).astype(dtype) for _ in range(FUNCS[name][1])]
            y = np.empty_like(xs[0])
            if name == "sigmoid":
                runs = [lambda: np.divide(1, np.add(1, np.exp(np.negative(xs[0]))), out=y)]
            else:
                npf = getattr(np, FUNCS[name][0])
                runs = [lambda: npf(*xs, out=y)]

            def ours(lev):
                def run():
                    lib.tt_cpu_set_level(LEVELS.index(lev))
                    call(lib, name, *xs, out=y)
                return run
            runs += [ours(lev) for lev in levels]
            times = [[] for _ in runs]
            for _ in range(reps):
                for k, f in enumerate(runs):
                    t0 = time.perf_counter()
                    f()
                    times[k].append(time.perf_counter() - t0)
            med = [sorted(t)[reps // 2] / xs[0].size * 1e9 for t in times]
            print("%-9s %-8s %8.3f %s" % (name, np.dtype(dtype).name, med[0], " ".join(
                "%8.3f (%.2fx)" % (m, m / med[0]) for m in med[1:])), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--bench", action="store_true")
    ap.add_argument("--no-check", action="store_true")
    ap.add_argument("--funcs", default=",".join(FUNCS))
    ap.add_argument("--every-float32", metavar="FUNC", default=None)
    ap.add_argument("--lib", default=None)
    a = ap.parse_args()
    lib = load(a.lib)
    levels = levels_of(lib)
    funcs = [f for f in a.funcs.split(",") if f]
    unknown = [f for f in funcs if f not in FUNCS]
    if unknown:
        ap.error("unknown function(s): %s" % ", ".join(unknown))
    ok = True
    if a.every_float32:
        ok = every_float32(lib, levels, a.every_float32)
    elif not a.no_check:
        ok = check(lib, levels, "quick" if a.quick else "full", funcs)
        print("ALL OK" if ok else "SOME FAILED")
    if a.bench:
        bench(lib, levels, funcs)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
