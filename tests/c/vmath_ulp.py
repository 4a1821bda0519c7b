"""Accuracy harness for csrc/vmath.c, run by hand (not part of the default test run).

Builds csrc/vmath.c + csrc/cpu.c into a shared library in /tmp (tests/c/build.sh), calls the
eight tt_v* functions through ctypes at every ISA level this CPU has (tt_cpu_set_level), and
measures the error in ULPs against a higher-precision reference:
  float32 results against NumPy's float64 functions (exact to ~1e-16, i.e. 1e-9 float32 ULP);
  float64 results against NumPy's long double functions (x87 80-bit: 11 extra bits).
Inputs: every float32 bit pattern with a stride, dense runs of consecutive floats around the
points where the algorithms switch (ranges of range reduction, binade edges, overflow and
underflow thresholds, the tanh split), random samples across the whole finite range, and the
special values (which must match NumPy exactly).

    python tests/c/vmath_ulp.py            # full sweep, all levels
    python tests/c/vmath_ulp.py --quick    # smaller sweep
    python tests/c/vmath_ulp.py --bench    # also ns/element vs NumPy
"""
import argparse
import ctypes
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
LIMITS = {("exp", np.float32): 3, ("log", np.float32): 4, ("tanh", np.float32): 2,
          ("sigmoid", np.float32): 3, ("exp", np.float64): 1, ("log", np.float64): 1,
          ("tanh", np.float64): 2, ("sigmoid", np.float64): 2}
LEVELS = ["baseline", "avx2", "avx512"]
FUNCS = ["exp", "log", "tanh", "sigmoid"]


def load(path=None):
    path = path or "/tmp/tt_vmath/libvmath.so"
    subprocess.check_call([os.path.join(HERE, "build.sh"), path], stdout=subprocess.DEVNULL)
    lib = ctypes.CDLL(path)
    for f in FUNCS:
        for sfx, ct in (("f32", ctypes.c_float), ("f64", ctypes.c_double)):
            fn = getattr(lib, "tt_v%s_%s" % (f, sfx))
            fn.argtypes = [ctypes.POINTER(ct), ctypes.POINTER(ct), ctypes.c_ssize_t]
            fn.restype = None
    lib.tt_cpu_set_level.argtypes = [ctypes.c_int]
    lib.tt_cpu_set_level.restype = ctypes.c_int
    lib.tt_cpu_detected.restype = ctypes.c_int
    return lib


def call(lib, name, x, out=None):
    x = np.ascontiguousarray(x)
    sfx, ct = ("f32", ctypes.c_float) if x.dtype == np.float32 else ("f64", ctypes.c_double)
    y = np.empty_like(x) if out is None else out
    getattr(lib, "tt_v%s_%s" % (name, sfx))(x.ctypes.data_as(ctypes.POINTER(ct)),
                                            y.ctypes.data_as(ctypes.POINTER(ct)), x.size)
    return y


# ---------------------------------------------------------------- references

def _sigmoid_ref(w):
    with np.errstate(over="ignore"):
        e = np.exp(-np.abs(w))
        return np.where(w >= 0, 1 / (1 + e), e / (1 + e))


def reference(name, x):
    """f(x) in a wider type: float64 for float32 x, long double for float64 x."""
    w = x.astype(np.float64 if x.dtype == np.float32 else np.longdouble)
    with np.errstate(all="ignore"):
        if name == "exp":
            return np.exp(w)
        if name == "log":
            return np.log(w)
        if name == "tanh":
            return np.tanh(w)
        return _sigmoid_ref(w)


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


# ---------------------------------------------------------------- inputs

def f32_from_bits(b):
    return np.asarray(b, dtype=np.uint32).view(np.float32)


def f32_around(v, half):
    """the 2*half consecutive float32 values around v (v > 0)"""
    b = int(np.float32(v).view(np.uint32))
    lo = max(b - half, 0)
    return f32_from_bits(np.arange(lo, b + half, dtype=np.uint64).astype(np.uint32))


def f64_around(v, half):
    b = int(np.float64(v).view(np.uint64))
    lo = max(b - half, 0)
    return np.arange(lo, b + half, dtype=np.uint64).view(np.float64)


CRIT = {  # points where something changes, per function
    "exp": [0.5 * np.log(2) * k for k in range(1, 9)] + [1e-8, 1.0, 87.3, 88.72, 100.0, 103.0,
             708.39, 709.78, 744.44, 745.13],
    "log": [1.0, 0.7071067811865476, 1.4142135623730951, 0.5, 2.0, 1e-38, 1.1754943508222875e-38,
            2.2250738585072014e-308, 1e-300, 1e300, 3.4e38],
    "tanh": [0.55, 0.5, 1e-4, 0.3466, 1.0, 2.0, 8.0, 9.0, 10.0, 19.0, 20.0],
    "sigmoid": [1e-8, 0.5, 1.0, 17.0, 37.0, 87.3, 88.72, 100.0, 103.0, 708.39, 744.44, 745.13],
}


def inputs(name, dtype, quick, rng):
    parts = []
    if dtype == np.float32:
        stride = 4099 if quick else 257
        parts.append(f32_from_bits(np.arange(0, 2**32, stride, dtype=np.uint64).astype(np.uint32)))
        half = 1 << (12 if quick else 16)
        for v in CRIT[name]:
            if v < 3.5e38:
                parts.append(f32_around(v, half))
                if name != "log":
                    parts.append(-f32_around(v, half))
        if name == "log":  # every float in [1, 2) (quick: a stride), i.e. every mantissa
            parts.append(f32_from_bits(np.arange(0x3f800000, 0x40000000, 1 if not quick else 61,
                                                 dtype=np.uint32)))
    else:
        nrand = 200_000 if quick else 2_000_000
        bits = rng.integers(0, 2**64, size=nrand, dtype=np.uint64)
        parts.append(bits.view(np.float64))               # uniform over bit patterns
        span = {"exp": 750.0, "log": 4.0, "tanh": 22.0, "sigmoid": 750.0}[name]
        parts.append(rng.uniform(-span if name != "log" else 0, span, nrand))
        if name == "log":
            parts.append(rng.uniform(0.6, 1.5, nrand))
        half = 1 << (10 if quick else 14)
        for v in CRIT[name]:
            parts.append(f64_around(v, half))
            if name != "log":
                parts.append(-f64_around(v, half))
    x = np.concatenate(parts).astype(dtype)
    x = x[~np.isnan(x)]
    return x


def specials(dtype):
    fi = np.finfo(dtype)
    return np.array([0.0, -0.0, np.inf, -np.inf, np.nan, -np.nan, 1.0, -1.0, fi.max, -fi.max,
                     fi.tiny, -fi.tiny, fi.smallest_subnormal, -fi.smallest_subnormal,
                     fi.tiny * 0.5, 1e-30, -1e-30, 30.0, -30.0, 1000.0, -1000.0], dtype=dtype)


def numpy_special(name, x):
    with np.errstate(all="ignore"):
        if name == "sigmoid":
            return _sigmoid_ref(x.astype(np.float64 if x.dtype == np.float32 else np.longdouble)).astype(x.dtype)
        return getattr(np, name)(x)


# ---------------------------------------------------------------- main

def check(lib, levels, quick):
    rng = np.random.default_rng(1234)
    ok = True
    table = {}
    for dtype in (np.float32, np.float64):
        for name in FUNCS:
            x = inputs(name, dtype, quick, rng)
            ref = reference(name, x)
            sp = specials(dtype)
            spn = numpy_special(name, sp)
            for lev in levels:
                lib.tt_cpu_set_level(LEVELS.index(lev))
                y = call(lib, name, x)
                err = ulp_error(y, ref, dtype)
                i = int(np.argmax(err))
                worst = float(err[i])
                table[(name, np.dtype(dtype).name, lev)] = worst
                # in place, odd lengths (tail)
                z = x[:1001].copy()
                call(lib, name, z, out=z)
                inplace_ok = np.array_equal(z, y[:1001], equal_nan=True)
                ys = call(lib, name, sp)
                # exactly as NumPy where NumPy's answer is 0, +-1, inf or nan (sign of zero too);
                # within the ULP limit elsewhere
                ex = ~np.isfinite(spn) | (spn == 0) | (np.abs(spn) == 1)
                sp_err = ulp_error(ys[~ex], reference(name, sp[~ex]), dtype)
                sp_ok = bool(np.array_equal(ys[ex], spn[ex], equal_nan=True) and
                             np.array_equal(np.signbit(ys[ex & (spn == 0)]),
                                            np.signbit(spn[ex & (spn == 0)])) and
                             np.all(sp_err <= LIMITS[(name, dtype)]))
                lim = LIMITS[(name, dtype)]
                good = worst <= lim and inplace_ok and sp_ok
                ok &= good
                print("%-8s %-8s %-9s n=%9d max %.3f ULP (limit %d) at x=%r -> %r (ref %r)%s%s%s" % (
                    name, np.dtype(dtype).name, lev, x.size, worst, lim, x[i], y[i], ref[i],
                    "" if inplace_ok else "  IN-PLACE MISMATCH",
                    "" if sp_ok else "  SPECIALS WRONG: %s" % ["%r->%r (numpy %r)" % t for t in zip(sp, ys, spn) if not np.array_equal(t[1], t[2], equal_nan=True) or np.signbit(t[1]) != np.signbit(t[2])],
                    "" if good else "  FAIL"), flush=True)
    return ok, table


def bench(lib, levels):
    rng = np.random.default_rng(0)
    shape = (128, 512)
    print("\nns/element, single thread, shape %s (best of 7 x 20 calls)" % (shape,))
    for dtype in (np.float32, np.float64):
        base = rng.standard_normal(shape).astype(dtype) * 3
        for name in FUNCS:
            x = np.abs(base) + np.asarray(1e-3, dtype) if name == "log" else base
            y = np.empty_like(x)

            def tm(f):
                best = 1e9
                for _ in range(7):
                    t0 = time.perf_counter()
                    for _ in range(20):
                        f()
                    best = min(best, (time.perf_counter() - t0) / 20)
                return best / x.size * 1e9
            if name == "sigmoid":
                t_np = tm(lambda: np.divide(1, np.add(1, np.exp(np.negative(x)))))
            else:
                npf = getattr(np, name)
                t_np = tm(lambda: npf(x, out=y))
            row = []
            for lev in levels:
                lib.tt_cpu_set_level(LEVELS.index(lev))
                fn = getattr(lib, "tt_v%s_%s" % (name, "f32" if dtype == np.float32 else "f64"))
                ct = ctypes.c_float if dtype == np.float32 else ctypes.c_double
                px = x.ctypes.data_as(ctypes.POINTER(ct))
                py = y.ctypes.data_as(ctypes.POINTER(ct))
                t = tm(lambda: fn(px, py, x.size))
                row.append("%s %.3f (%.2fx)" % (lev, t, t / t_np))
            print("%-8s %-8s numpy %.3f | %s" % (name, np.dtype(dtype).name, t_np, " | ".join(row)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--bench", action="store_true")
    ap.add_argument("--no-check", action="store_true")
    ap.add_argument("--lib", default=None)
    a = ap.parse_args()
    lib = load(a.lib)
    levels = LEVELS[:lib.tt_cpu_detected() + 1]
    ok = True
    if not a.no_check:
        ok, _ = check(lib, levels, a.quick)
        print("ALL OK" if ok else "SOME FAILED")
    if a.bench:
        bench(lib, levels)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
