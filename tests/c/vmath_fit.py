"""Where the polynomial coefficients in csrc/vmath_kernel.h come from (run by hand).

Each fit is a weighted least-squares fit on Chebyshev nodes, refined by Lawson iterations
(reweighting by the error) towards the minimax (equi-ripple) polynomial for the RELATIVE error of
the final function, starting from the Taylor coefficients. The target functions are evaluated in
long double from their series, and the least-squares solve (float64 only) is done on the residual
against the current coefficients, so float64 conditioning does not limit the float64 fits.
Prints the coefficients as used in the kernels and the max relative error they give (with the
coefficients rounded to the working precision), e.g.

    exp  f32  (exp(r)-1)/r   on |r| <= ln2/2, deg 5  -> pexp_f32     (rel. error ~2e-8)
    expm1 f64 (expm1(r)-r-r^2/2)/r^3, deg 9            -> pexpm1_f64  (~1.5e-18)
    log  f32  (log1p(f)-f+f^2/2)/f^3 on [sqrt(.5)-1, sqrt(2)-1], deg 8 -> log_f32 (~3e-9)
    tanh f32  (tanh(x)-x)/x^3 in u = x^2 on [0, 0.56], deg 4          -> tanh_f32 (~5e-9)
    tanh f64  (tanh(x)-x)/x^3 in u = x^2 on [0, 0.36], deg 8          -> tanh_f64 (~2.4e-18)

The float64 log uses fdlibm's published Lg1..Lg7 (e_log.c) unchanged.

    --issue11       the polynomials of vmath_trig_kernel.h and vmath_explog_kernel.h (sin,
                    cos, asin, atan, sinh, cbrt; needs mpmath)
    --two-over-pi   the 2/pi table and the Cody-Waite words of the trigonometric reduction

The coefficients in the kernels came from runs of this procedure with other node counts and
starting points, so a rerun can differ in the last digits; the script also prints the max error
of the kernel's own coefficients (KERNEL below), and tests/c/vmath_ulp.py checks the end result.
"""
import math
from fractions import Fraction

import numpy as np

L = np.longdouble
LN2 = float(np.log(L(2)))


def cheb(a, b, n):
    k = np.arange(n)
    return (a + b) / 2 + (b - a) / 2 * np.cos((2 * k + 1) * np.pi / (2 * n))


def series(x, coeffs):
    x = x.astype(L)
    s = np.zeros_like(x)
    p = np.ones_like(x)
    for c in coeffs:
        s += c * p
        p *= x
    return s


def exp_g(r):        # (exp(r) - 1) / r = sum r^n / (n+1)!
    return series(r, [L(1) / L(math.factorial(n + 1)) for n in range(30)])


def expm1_g(r):      # (expm1(r) - r - r^2/2) / r^3 = sum r^n / (n+3)!
    return series(r, [L(1) / L(math.factorial(n + 3)) for n in range(30)])


def log1p_g(f):      # (log1p(f) - f + f^2/2) / f^3 = sum (-1)^n f^n / (n+3)
    return series(f, [L((-1) ** n) / L(n + 3) for n in range(400)])


def _bernoulli(n):
    b = [Fraction(0)] * (n + 1)
    b[0] = Fraction(1)
    for m in range(1, n + 1):
        b[m] = -sum(math.comb(m + 1, k) * b[k] for k in range(m)) / Fraction(m + 1)
    return b


_B = _bernoulli(100)
# tanh x = sum_{n>=1} 2^(2n) (2^(2n) - 1) B_2n / (2n)! x^(2n-1)
_TANH = [Fraction(2 ** (2 * n) * (2 ** (2 * n) - 1)) * _B[2 * n] / math.factorial(2 * n)
         for n in range(1, 50)]
TANH_G = [L(c.numerator) / L(c.denominator) for c in _TANH[1:]]


def tanh_g(u):       # (tanh(x) - x) / x^3 as a series in u = x^2
    return series(u, TANH_G)


def fit(g, xs, var, deg, weight, start, dtype, iters=80):
    """coefficients c (dtype) of sum c_i var^i ~ g(var) minimising max |error * weight|"""
    v = var(xs)
    gv = g(v)
    vl = v.astype(L)
    vmax = float(np.abs(v).max())                 # solve in v / vmax: better conditioned
    A = np.vander(v / vmax, deg + 1, increasing=True)
    unscale = np.array([L(vmax) ** -i for i in range(deg + 1)], dtype=L)
    w = weight(xs)
    c = np.array(start[:deg + 1], dtype=L)
    W = np.ones_like(v) / len(v)
    best = None
    for _ in range(iters):
        res = (gv - np.polyval(c[::-1], vl)) * w
        d = np.linalg.lstsq(A * (w * np.sqrt(W))[:, None], res.astype(float) * np.sqrt(W),
                            rcond=None)[0]
        c = c + d.astype(L) * unscale
        e = np.abs((np.polyval(c[::-1], vl) - gv) * w)
        cr = np.array([dtype(x) for x in c])
        err = float(np.abs((np.polyval(cr[::-1].astype(L), vl) - gv) * w).max())
        if best is None or err < best[1]:
            best = (cr, err)
        W = np.maximum(W * np.maximum(e.astype(float), 1e-300), 1e-300)   # no underflow to 0
        W /= W.sum()
    return best


KERNEL = {   # as written in csrc/vmath_kernel.h, constant term first
    "pexp_f32": [1.0, 4.99999940e-01, 1.66664317e-01, 4.16680016e-02, 8.37415550e-03,
                 1.38436526e-03],
    "pexpm1_f64": [1.6666666666666677e-01, 4.166666666666658e-02, 8.333333333322162e-03,
                   1.3888888888942208e-03, 1.9841269884933688e-04, 2.4801587199252562e-05,
                   2.7557245306432e-06, 2.755738609708865e-07, 2.5108681107363955e-08,
                   2.0879217537753178e-09],
    "log_f32": [3.3333313e-1, -2.500001e-1, 2.0002119e-1, -1.6667996e-1, 1.4219551e-1,
                -1.24055915e-1, 1.1888175e-1, -1.1675641e-1, 6.746601e-2],
    "tanh_f32": [-3.33333135e-01, 1.33324802e-01, -5.38405180e-02, 2.10205577e-02,
                 -6.19872799e-03],
    "tanh_f64": [-3.333333333333332e-01, 1.3333333333328143e-01, -5.396825396234492e-02,
                 2.1869488214595192e-02, -8.863225738734774e-03, 3.591948737982949e-03,
                 -1.45381032031955e-03, 5.761601024633926e-04, -1.8540984375079293e-04],
}


def main():
    n = 3000
    r = cheb(-LN2 / 2, LN2 / 2, n)
    ident = lambda x: x           # noqa: E731
    sq = lambda x: x * x          # noqa: E731
    fits = [
        ("pexp_f32: (exp(r)-1)/r, |r|<=ln2/2", exp_g, r, ident, 5, lambda x: x / np.exp(x),
         [1 / math.factorial(k + 1) for k in range(10)], np.float32),
        ("pexpm1_f64: (expm1(r)-r-r^2/2)/r^3, |r|<=ln2/2", expm1_g, r, ident, 9,
         lambda x: x ** 3 / np.expm1(x), [1 / math.factorial(k + 3) for k in range(12)],
         np.float64),
        ("log_f32: (log1p(f)-f+f^2/2)/f^3, f in [sqrt(.5)-1, sqrt(2)-1]", log1p_g,
         cheb(np.sqrt(0.5) - 1, np.sqrt(2) - 1, n), ident, 8, lambda f: f ** 3 / np.log1p(f),
         [(-1) ** k / (k + 3) for k in range(12)], np.float32),
        ("tanh_f32: (tanh(x)-x)/x^3 in u=x^2, x in [0, 0.56]", tanh_g, cheb(0, 0.56, n), sq, 4,
         lambda x: x ** 3 / np.tanh(x), [float(c) for c in TANH_G[:12]], np.float32),
        ("tanh_f64: (tanh(x)-x)/x^3 in u=x^2, x in [0, 0.36]", tanh_g, cheb(0, 0.36, n), sq, 8,
         lambda x: x ** 3 / np.tanh(x), [float(c) for c in TANH_G[:12]], np.float64),
    ]
    for title, g, xs, var, deg, weight, start, dt in fits:
        c, err = fit(g, xs, var, deg, weight, start, dt)
        fmt = "%.8ef" if dt == np.float32 else "%r"
        print("%s\n  degree %d, max relative error %.3g\n  coefficients (constant term first):"
              "\n  %s" % (title, deg, err, ", ".join(fmt % float(x) for x in c)))
        kc = np.array([dt(x) for x in KERNEL[title.split(":")[0]]]).astype(L)
        v = var(xs)
        kerr = np.abs((np.polyval(kc[::-1], v.astype(L)) - g(v)) * weight(xs)).max()
        print("  the kernel's coefficients: max relative error %.3g" % float(kerr))


# ---------------------------------------------------------------- issue 11's functions
# Targets evaluated with mpmath (200 bits) at the nodes, rounded to long double.

ISSUE11_KERNEL = {   # as written in csrc/vmath_trig_kernel.h / vmath_explog_kernel.h
    "sin_f64": [-0.1666666666666663, 0.008333333333321867, -0.00019841269829401657,
                2.755731356040221e-06, -2.505073878091389e-08, 1.5895738049514755e-10],
    "cos_f64": [0.04166666666666658, -0.0013888888888871063, 2.4801587287634423e-05,
                -2.7557313836492654e-07, 2.0875655519569053e-09, -1.1356257015060007e-11],
    "sin_f32": [-1.666665375e-01, 8.332098834e-03, -1.950603910e-04],
    "cos_f32": [4.166664183e-02, -1.388719073e-03, 2.441889592e-05],
    "asin_f64": [0.1666666666666541, 0.07500000000336508, 0.044642856828717555,
                 0.0303819591218297, 0.02237175839579462, 0.017359699775168318,
                 0.013885282895878578, 0.012168910670482827, 0.006529237058635845,
                 0.01952491034762314, -0.016219129277397007, 0.031908847455992484],
    "atan_f64": [-0.33333333333333187, 0.19999999999950532, -0.14285714279889103,
                 0.11111110768198774, -0.0909089732347905, 0.0769205258761572,
                 -0.06663018566829512, 0.05847276724613866, -0.05036588665742486,
                 0.03799670696875108, -0.01783418539342163],
    "sinh_f64": [0.16666666666666669, 0.008333333333332908, 0.0001984126984158646,
                 2.7557319112295387e-06, 2.5052129645511653e-08, 1.60567949809357e-10,
                 7.771739788414597e-13],
    "cbrt_f64": [0.4471411489641819, 0.9501001523973234, -0.6661794934520819,
                 0.3853655096162222, -0.14447196711799068, 0.030904493156340286,
                 -0.0028596723405376005],
}


def mp_fit(name, target, weight, a, b, var, deg, dtype, n=1200):
    """fit target(x) (an mpmath function of x, as a polynomial in var(x)) on Chebyshev nodes of
    [a, b], minimising max |error * weight(x)| (weight an mpmath function too)"""
    import mpmath as mp
    mp.mp.prec = 200
    xs = cheb(a, b, n)
    tv = {float(x): L(mp.nstr(target(mp.mpf(float(x))), 40)) for x in xs}
    wv = {float(x): float(weight(mp.mpf(float(x)))) for x in xs}

    def g(v):   # v = var(xs), in the same order
        return np.array([tv[float(x)] for x in xs], dtype=L)
    c, err = fit(g, xs, var, deg, lambda x: np.array([wv[float(t)] for t in x]),
                 [0.0] * (deg + 1), dtype, iters=60)
    fmt = "%.9ef" if dtype == np.float32 else "%r"
    print("%s\n  degree %d, max weighted error %.3g\n  coefficients (constant term first):\n  %s"
          % (name, deg, err, ", ".join(fmt % float(x) for x in c)))
    kc = np.array([dtype(x) for x in ISSUE11_KERNEL[name]]).astype(L)
    kerr = np.abs((np.polyval(kc[::-1], var(xs).astype(L)) - g(None)) *
                  np.array([wv[float(x)] for x in xs])).max()
    print("  the kernel's coefficients: max weighted error %.3g" % float(kerr))


def main_issue11():
    """The polynomials of vmath_trig_kernel.h and vmath_explog_kernel.h (minimax in the
    relative error of the whole function)."""
    import mpmath as mp

    def odd(f):      # (f(x) - x) / x^3, its limit at 0
        return lambda x: (f(x) - x) / x ** 3 if x else mp.taylor(f, 0, 3)[3]

    def wodd(f):
        return lambda x: x ** 3 / f(x) if x else mp.mpf(0)
    cos_g = lambda r: (mp.cos(r) - 1 + r * r / 2) / r ** 4 if r else mp.mpf(1) / 24  # noqa: E731
    cos_w = lambda r: r ** 4 / mp.cos(r)         # noqa: E731
    sq = lambda x: x * x                         # noqa: E731
    pi4 = math.pi / 4 + 1e-9
    mp_fit("sin_f64", odd(mp.sin), wodd(mp.sin), 0, pi4, sq, 5, np.float64)
    mp_fit("cos_f64", cos_g, cos_w, 0, pi4, sq, 5, np.float64)
    # float32 reduction leaves |r| a little above pi/4 (|x| 2/pi is rounded): fit to 0.8
    mp_fit("sin_f32", odd(mp.sin), wodd(mp.sin), 0, 0.8, sq, 2, np.float32)
    mp_fit("cos_f32", cos_g, cos_w, 0, 0.8, sq, 2, np.float32)
    mp_fit("asin_f64", odd(mp.asin), wodd(mp.asin), 0, 0.5, sq, 11, np.float64)
    mp_fit("atan_f64", odd(mp.atan), wodd(mp.atan), 0, 0.41422, sq, 10, np.float64)
    mp_fit("sinh_f64", odd(mp.sinh), wodd(mp.sinh), 0, 1.0, sq, 6, np.float64)
    mp_fit("cbrt_f64", mp.cbrt, lambda m: 1 / mp.cbrt(m), 1, 2, lambda x: x, 6, np.float64)


def print_reduction_constants():
    """The 2/pi table of rem_pio2_scalar and the Cody-Waite words (vmath_trig_kernel.h)."""
    import mpmath as mp
    mp.mp.prec = 1600
    bits = int(mp.floor(2 / mp.pi * mp.mpf(2) ** (20 * 64 - 64)))   # 64 zero bits first
    words = [(bits >> (64 * (19 - i))) & (2 ** 64 - 1) for i in range(20)]
    print("tt_two_over_pi_bits:\n  " + ",\n  ".join(
        ", ".join("0x%016xULL" % w for w in words[i:i + 4]) for i in range(0, 20, 4)))

    def trunc(x, nbits):      # x to nbits significant bits, truncated
        e = int(mp.floor(mp.log(abs(x), 2)))
        s = mp.mpf(2) ** (nbits - 1 - e)
        return mp.floor(x * s) / s
    pio2 = mp.pi / 2
    c1 = trunc(pio2, 33)
    c2 = trunc(pio2 - c1, 33)
    c3 = pio2 - c1 - c2
    print("PIO2_C1 %s  PIO2_C2 %s  PIO2_C3 %s" % (float(c1).hex(), float(c2).hex(),
                                                  float(c3).hex()))
    a = np.float32(pio2)
    b = np.float32(pio2 - mp.mpf(float(a)))
    c = np.float32(pio2 - mp.mpf(float(a)) - mp.mpf(float(b)))
    print("F32_PIO2_A %s  F32_PIO2_B %s  F32_PIO2_C %s" % tuple(float(t).hex() for t in (a, b, c)))


if __name__ == "__main__":
    import sys
    if "--issue11" in sys.argv:
        main_issue11()
    elif "--two-over-pi" in sys.argv:
        print_reduction_constants()
    else:
        main()
