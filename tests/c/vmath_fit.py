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
    A = np.vander(v, deg + 1, increasing=True)
    w = weight(xs)
    c = np.array(start[:deg + 1], dtype=L)
    W = np.ones_like(v)
    for _ in range(iters):
        res = (gv - np.polyval(c[::-1], vl)) * w
        d = np.linalg.lstsq(A * (w * np.sqrt(W))[:, None], res.astype(float) * np.sqrt(W),
                            rcond=None)[0]
        c = c + d.astype(L)
        e = np.abs((np.polyval(c[::-1], vl) - gv) * w)
        W = W * e.astype(float)
        W /= W.sum()
    cr = np.array([dtype(x) for x in c])
    err = np.abs((np.polyval(cr[::-1].astype(L), vl) - gv) * w).max()
    return cr, float(err)


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


if __name__ == "__main__":
    main()
