/* Trigonometric functions and their inverses: sin, cos, tan, asin, acos, atan, atan2.
 *
 * Included by vmath_kernel.h (after its types, helpers and loop macros), so once per ISA
 * level; every name is SFX-suffixed like the rest. Coefficients: tests/c/vmath_fit.py.
 *
 * Argument reduction for sin, cos, tan (x = n pi/2 + r, then a polynomial in r):
 *   float64, |x| < 2^20: three-word Cody-Waite. pi/2 = C1 + C2 + C3 with C1, C2 of 33 bits,
 *              so n*C1 and n*C2 are exact (n < 2^20) with or without FMA; x - n*C1 is exact
 *              (Sterbenz), the next two subtractions are TwoSums, and r is kept as rh + rl.
 *   float32, |x| < 2^17: in float32 with three FMAs (pi/2 to 72 bits): x - n*C1 is exact,
 *              and near a multiple of pi/2 the later words keep r correct to float32
 *              precision; levels without FMA do the float64 reduction above and round once.
 *   larger (and inf, nan): Payne-Hanek, lane by lane in scalar code (rem_pio2_scalar):
 *              the 192 bits of 2/pi that matter for this exponent times the 53-bit mantissa,
 *              in 64-bit integer arithmetic, give n mod 4 and the fraction to 126 bits; exact
 *              enough for the worst case over all doubles (|r| >= 2^-61). Only vectors with
 *              such a lane take this path.
 * float64 sin/cos on |r| <= pi/4: sin r = rh + (rh^3 S(rh^2) + rl (1 - rh^2/2)),
 *   cos r = w + (((1 - w) - rh^2/2) + (rh^4 C(rh^2) - rh rl)), w = 1 - rh^2/2 (fdlibm's
 *   arrangement: the rounding error of w is added back). tan = sin/cos (or -cos/sin for odd
 *   n) from hi + lo parts of both, the quotient corrected by its exact residual.
 * float32 sin/cos: both float32 polynomials on |r| <= pi/4 and a select, as float64 (cos is
 *   then never above 1 and exactly 1 near 0). float32 tan uses the float64 kernel.
 * asin, acos: |x| <= 1/2: x + x^3 P(x^2); above, with z = (1 - |x|)/2 and s = sqrt(z),
 *   asin|x| = pi/2 - 2 (s + s z P(z)) and acos x = 2 (s + s z P(z)) or pi - the same.
 * atan(n/d), n, d >= 0 (atan and atan2): z = n/d, (n - d)/(n + d) or -d/n by the ranges of
 *   n/d split at tan(pi/8) and tan(3pi/8), so |z| <= tan(pi/8), plus 0, pi/4 or pi/2 (hi + lo);
 *   atan z = z + z^3 Q(z^2). atan2 folds x < 0 into the offsets (pi - ...), so one rounding.
 * float32 (except sin, cos) computes in float64 and rounds once (vmath_kernel.h's
 *   VLOOP_F32_VIA_F64).
 */

#include <float.h>
#include "mul64.h"

/* ------------------------------------------------------------------ Payne-Hanek */

#ifndef TT_VMATH_TWO_OVER_PI
#define TT_VMATH_TWO_OVER_PI
/* The binary digits of 2/pi after 64 zero bits: bit t of this table (t = 0 the top bit of
 * word 0) weighs 2^(63 - t). 1216 digits: enough for a 192-bit window at the largest double
 * exponent. Printed by tests/c/vmath_fit.py (--two-over-pi). */
static const uint64_t tt_two_over_pi_bits[20] = {
    0x0000000000000000ULL, 0xa2f9836e4e441529ULL, 0xfc2757d1f534ddc0ULL, 0xdb6295993c439041ULL,
    0xfe5163abdebbc561ULL, 0xb7246e3a424dd2e0ULL, 0x06492eea09d1921cULL, 0xfe1deb1cb129a73eULL,
    0xe88235f52ebb4484ULL, 0xe99c7026b45f7e41ULL, 0x3991d639835339f4ULL, 0x9c845f8bbdf9283bULL,
    0x1ff897ffde05980fULL, 0xef2f118b5a0a6d1fULL, 0x6d367ecf27cb09b7ULL, 0x4f463f669e5fea2dULL,
    0x7527bac7ebe5f17bULL, 0x3d0739f78a5292eaULL, 0x6bfb5fb11f8d5d08ULL, 0x56033046fc7b6babULL,
};
#endif

#define PIO2_HI 1.5707963267948966           /* pi/2 = PIO2_HI + PIO2_LO */
#define PIO2_LO 6.123233995736766e-17
#define PIO4_HI 0.7853981633974483
#define PIO4_LO 3.061616997868383e-17
#define PI_HI 3.141592653589793
#define PI_LO 1.2246467991473532e-16
#define PI3O4_HI 2.356194490192345
#define PI3O4_LO 9.184850993605148e-17

/* scalar a*b = p + *e exactly (as two_prod_f64) */
static inline double SFX(two_prod_scalar)(double a, double b, double *e)
{
    double p = a * b;
#ifdef VMATH_HAVE_FMA
    *e = __builtin_fma(a, b, -p);
#else
    const double split = 134217729.0;
    double ta = a * split, tb = b * split;
    double ah = ta - (ta - a), bh = tb - (tb - b);
    double al = a - ah, bl = b - bh;
    *e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
#endif
    return p;
}
#define two_prod_scalar SFX(two_prod_scalar)

/* x = q pi/2 + (*rh + *rl) for a finite double x >= 2^-8, |rh + rl| <= pi/4; returns q mod 2^32.
 * x = m 2^e with m < 2^53 an integer. Digit j of 2/pi (weight 2^-j) contributes m 2^(e-j) to
 * x 2/pi, a multiple of 4 when j <= e - 2: those do not change q mod 4 and are skipped. The
 * 192 digits from j = e - 1 form an integer W, and x 2/pi = m W 2^-190 + (multiple of 4) +
 * (less than m 2^-190 < 2^-137): bits 190-191 of the 245-bit product m W are q mod 4 and the
 * 190 bits below the fraction, of which the top 126 are kept. */
static unsigned SFX(rem_pio2_scalar)(double x, double *rh, double *rl)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int e = (int)((bits >> 52) & 0x7ff) - 1075;
    uint64_t m = (bits & 0x000fffffffffffffULL) | 0x0010000000000000ULL;
    int t0 = e - 2 + 64;                       /* table bit of digit j = e - 1 */
    int w = t0 >> 6, sh = t0 & 63;
    uint64_t win[3];
    for (int i = 0; i < 3; i++)
        win[i] = sh ? (tt_two_over_pi_bits[w + i] << sh) | (tt_two_over_pi_bits[w + i + 1] >> (64 - sh))
                    : tt_two_over_pi_bits[w + i];
    /* m W as limbs p2 p1 p0 (bits 128-191, 64-127, 0-63; bits above 191 are multiples of 4) */
    uint64_t hi, lo, p1, p2, carry;
    tt_mul_64x64(m, win[2], &carry, &lo);
    tt_mul_64x64(m, win[1], &hi, &lo);
    p1 = lo + carry;
    carry = hi + (p1 < lo);
    tt_mul_64x64(m, win[0], &hi, &lo);
    p2 = lo + carry;
    unsigned q = (unsigned)(p2 >> 62);
    /* fraction f = fh 2^64 + fl in units of 2^-126; round q to nearest: f >= 1/2 -> q + 1 and
     * the fraction f - 1, i.e. minus (2^126 - f) */
    uint64_t fh = p2 & ((1ULL << 62) - 1), fl = p1;
    double sign = 1.0;
    if (fh >> 61) {
        q += 1;
        sign = -1.0;
        fh = ((1ULL << 62) - fh) - (fl != 0);
        fl = 0 - fl;
    }
    /* f as a double-double: a = fh (rounded) 2^-62, b = the rest */
    double a = (double)fh;
    int64_t fh_rest = (int64_t)(fh - (uint64_t)a);         /* |.| < 2^9, exact */
    double b = ((double)fh_rest * 0x1p64 + (double)fl) * 0x1p-126;
    a *= 0x1p-62;
    double fhi = a + b, flo = (a - fhi) + b;
    /* r = f pi/2 */
    double err;
    double r = two_prod_scalar(fhi, PIO2_HI, &err);
    double rlo = err + (fhi * PIO2_LO + flo * PIO2_HI);
    double rr = r + rlo;
    *rh = sign * rr;
    *rl = sign * ((r - rr) + rlo);
    return q;
}
#define rem_pio2_scalar SFX(rem_pio2_scalar)

/* ------------------------------------------------------------------ float64 sin, cos, tan */

#define TRIG_F64_FAST 0x1p20
#define F64_2OPI 0.6366197723675814
#define PIO2_C1 0x1.921fb54400000p+0         /* 33 bits */
#define PIO2_C2 0x1.0b4611a600000p-34        /* 33 bits */
#define PIO2_C3 0x1.3198a2e037073p-69

/* ax = n pi/2 + rh + *rl for 0 <= ax < TRIG_F64_FAST; n in *n (its low bits) */
static inline vd SFX(trig_reduce_f64)(vd ax, vd *rl, vul *n)
{
    vd nf = ax * F64_2OPI + F64_SHIFT;
    *n = (vul)nf;                              /* low mantissa bits = n mod 2^52 */
    nf = nf - F64_SHIFT;
    vd r1 = ax - nf * PIO2_C1;                 /* exact */
    vd p2 = nf * PIO2_C2;                      /* exact */
    vd r2 = r1 - p2;
    vd e2 = two_sum_err_f64(r1, -p2, r2);
    vd t = e2 - nf * PIO2_C3;
    vd rh = r2 + t;
    *rl = two_sum_err_f64(r2, t, rh);
    return rh;
}
#define trig_reduce_f64 SFX(trig_reduce_f64)

/* the lanes of ax marked in big (ax >= TRIG_F64_FAST, inf or nan) by Payne-Hanek */
static __attribute__((noinline)) void SFX(trig_reduce_big_f64)(vd ax, vl big, vd *rh, vd *rl, vul *n)
{
    for (int i = 0; i < (int)ND; i++) {
        if (!big[i]) continue;
        double a = ax[i], h = a - a, l = 0.0;  /* inf, nan -> nan */
        unsigned q = 0;
        if (a <= DBL_MAX) q = rem_pio2_scalar(a, &h, &l);
        (*rh)[i] = h;
        (*rl)[i] = l;
        (*n)[i] = q;
    }
}
#define trig_reduce_big_f64 SFX(trig_reduce_big_f64)

/* ax = n pi/2 + rh + *rl for every ax >= 0 (nan for inf and nan) */
static inline vd SFX(trig_arg_f64)(vd ax, vd *rl, vul *n)
{
    vd rh = trig_reduce_f64(ax, rl, n);
    vl big = ~(ax < TRIG_F64_FAST);
    if (VANY64(big)) trig_reduce_big_f64(ax, big, &rh, rl, n);
    return rh;
}
#define trig_arg_f64 SFX(trig_arg_f64)

/* sin and cos of r = rh + rl, |rh| <= pi/4 (a little more is harmless), each as hi + lo */
static inline void SFX(sincos_kernel_f64)(vd rh, vd rl, vd *sh, vd *sl, vd *ch, vd *cl)
{
    vd u = rh * rh;
    vd S = 2.755731356040221e-06 + u * (-2.505073878091389e-08 + u * 1.5895738049514755e-10);
    S = 0.008333333333321867 + u * (-0.00019841269829401657 + u * S);
    S = -0.1666666666666663 + u * S;
    vd st = (rh * u) * S + rl * (1.0 - 0.5 * u);
    *sh = rh + st;
    *sl = (rh - *sh) + st;
    vd C = 2.4801587287634423e-05 + u * (-2.7557313836492654e-07 + u * (2.0875655519569053e-09 +
                                                                        u * -1.1356257015060007e-11));
    C = 0.04166666666666658 + u * (-0.0013888888888871063 + u * C);
    vd hz = 0.5 * u, w = 1.0 - hz;
    vd ct = ((1.0 - w) - hz) + ((u * u) * C - rh * rl);
    *ch = w + ct;
    *cl = (w - *ch) + ct;
}
#define sincos_kernel_f64 SFX(sincos_kernel_f64)

/* sin x (cosine = 0) or cos x (cosine = 1) = sin(|x| + cosine pi/2) (times sign(x) for sin):
 * with |x| = n pi/2 + r and m = n + cosine, +-sin r for even m, +-cos r for odd, negative
 * when bit 1 of m is set */
static inline vd SFX(sin_or_cos_f64)(vd x, unsigned cosine)
{
    vd ax = abs_f64(x), rl, sh, sl, ch, cl;
    vul n;
    vd rh = trig_arg_f64(ax, &rl, &n);
    sincos_kernel_f64(rh, rl, &sh, &sl, &ch, &cl);
    n += cosine;
    vd res = seld((vl)(n << 63) >> 63, ch, sh);
    vl flip = (vl)((n & 2u) << 62);
    if (!cosine) flip ^= signbit_f64(x);
    return xorsign_f64(res, flip);
}
#define sin_or_cos_f64 SFX(sin_or_cos_f64)

static inline vd SFX(sin_f64)(vd x) { return sin_or_cos_f64(x, 0); }
static inline vd SFX(cos_f64)(vd x) { return sin_or_cos_f64(x, 1); }
#define sin_f64 SFX(sin_f64)
#define cos_f64 SFX(cos_f64)

/* tan r = sin r / cos r, -cos r / sin r for odd n: the quotient q0 of the hi parts plus
 * (num - q0 den) / den, the residual exact (two_prod) */
static inline vd SFX(tan_f64)(vd x)
{
    vd ax = abs_f64(x), rl, sh, sl, ch, cl;
    vul n;
    vd rh = trig_arg_f64(ax, &rl, &n);
    sincos_kernel_f64(rh, rl, &sh, &sl, &ch, &cl);
    vl odd = (vl)(n << 63) >> 63;
    vd nh = seld(odd, ch, sh), nl = seld(odd, cl, sl);
    vd dh = seld(odd, sh, ch), dl = seld(odd, sl, cl);
    vd q0 = nh / dh, pe;
    vd p = two_prod_f64(q0, dh, &pe);
    vd t = q0 + ((((nh - p) - pe) + nl) - q0 * dl) / dh;
    return xorsign_f64(t, (odd & (int64_t)0x8000000000000000ULL) ^ signbit_f64(x));
}
#define tan_f64 SFX(tan_f64)

/* ------------------------------------------------------------------ float32 sin, cos */

#define TRIG_F32_FAST 0x1p17f
#define F32_2OPI 0.636619747f
#define F32_PIO2_A 0x1.921fb6p+0f             /* pi/2 = A + B + C to 72 bits */
#define F32_PIO2_B -0x1.777a5cp-25f
#define F32_PIO2_C -0x1.ee59dap-50f

/* the lanes marked in big (|x| >= TRIG_F32_FAST, inf, nan) by Payne-Hanek (nan for inf, nan) */
static __attribute__((noinline)) void SFX(trig_reduce_big_f32)(vf ax, vi big, vf *r, vu *n)
{
    for (int i = 0; i < (int)NF; i++) {
        if (!big[i]) continue;
        float a = ax[i];
        double rh = (double)(a - a), rl = 0.0;
        unsigned q = 0;
        if (a <= FLT_MAX) q = rem_pio2_scalar((double)a, &rh, &rl);
        (*r)[i] = (float)rh;
        (*n)[i] = q;
    }
}
#define trig_reduce_big_f32 SFX(trig_reduce_big_f32)

/* |x| - n pi/2 for |x| < TRIG_F32_FAST. With FMA: three fused steps in float32, the first
 * exact (the true result fits in 24 bits). Without: in float64, n*C1 and n*C2 exact (33-bit
 * words), rounded to float32 once. */
static inline vf SFX(trig_reduce_f32)(vf ax, vf nf)
{
#ifdef VMATH_HAVE_FMA
    vf r;
    for (int i = 0; i < (int)NF; i++) {
        r[i] = __builtin_fmaf(-nf[i], F32_PIO2_A, ax[i]);
        r[i] = __builtin_fmaf(-nf[i], F32_PIO2_B, r[i]);
        r[i] = __builtin_fmaf(-nf[i], F32_PIO2_C, r[i]);
    }
    return r;
#else
    vd alo, ahi, nlo, nhi;
    widen_f32(ax, &alo, &ahi);
    widen_f32(nf, &nlo, &nhi);
    vd rlo = ((alo - nlo * PIO2_C1) - nlo * PIO2_C2) - nlo * PIO2_C3;
    vd rhi = ((ahi - nhi * PIO2_C1) - nhi * PIO2_C2) - nhi * PIO2_C3;
    return narrow_f64(rlo, rhi);
#endif
}
#define trig_reduce_f32 SFX(trig_reduce_f32)

/* sin x (cosine = 0) or cos x (cosine = 1): |x| = n pi/2 + r, |r| <= pi/4 (a little more from
 * the rounding of |x| 2/pi: the fits cover 0.8); both polynomials (float32 minimax fits,
 * relative errors 4.9e-9 and 7.4e-10), the one for n + cosine picked per lane, and the sign
 * from bit 1 of n + cosine (and from x for sin). cos is 1 - r^2/2 + ...: never above 1. */
static inline vf SFX(sin_or_cos_f32)(vf x, unsigned cosine)
{
    const vf shift = (vf){} + F32_SHIFT;
    vf ax = (vf)((vu)x & 0x7fffffffu);
    vf t = ax * F32_2OPI + F32_SHIFT;
    vu n = (vu)t;                              /* low bits = rint(|x| 2/pi)'s */
    vf nf = t - shift;
    vf r = trig_reduce_f32(ax, nf);
    vi big = ~(ax < TRIG_F32_FAST);            /* also inf, nan */
    if (VANY32(big)) trig_reduce_big_f32(ax, big, &r, &n);
    vf u = r * r;
    vf s = r + (r * u) * (-1.666665375e-01f + u * (8.332098834e-03f + u * -1.950603910e-04f));
    vf c = 1.0f + u * (-0.5f + u * (4.166664183e-02f + u * (-1.388719073e-03f + u * 2.441889592e-05f)));
    n += cosine;
    vf res = self((vi)(n << 31) >> 31, c, s);
    vu flip = (n & 2u) << 30;
    if (!cosine) flip ^= (vu)x & 0x80000000u;
    return (vf)((vu)res ^ flip);
}
#define sin_or_cos_f32 SFX(sin_or_cos_f32)

static inline vf SFX(sin_f32)(vf x) { return sin_or_cos_f32(x, 0); }
static inline vf SFX(cos_f32)(vf x) { return sin_or_cos_f32(x, 1); }
#define sin_f32 SFX(sin_f32)
#define cos_f32 SFX(cos_f32)

/* ------------------------------------------------------------------ asin, acos */

/* (asin(t) - t) / t^3 as a polynomial in u = t^2, t in [0, 1/2] */
static inline vd SFX(asin_poly_f64)(vd u)
{
    vd P = -0.016219129277397007 + u * 0.031908847455992484;
    P = 0.01952491034762314 + u * P;
    P = 0.006529237058635845 + u * P;
    P = 0.012168910670482827 + u * P;
    P = 0.013885282895878578 + u * P;
    P = 0.017359699775168318 + u * P;
    P = 0.02237175839579462 + u * P;
    P = 0.0303819591218297 + u * P;
    P = 0.044642856828717555 + u * P;
    P = 0.07500000000336508 + u * P;
    return 0.1666666666666541 + u * P;
}
#define asin_poly_f64 SFX(asin_poly_f64)

/* (c_hi + c_lo) - (a + b) with c_hi - a summed exactly (TwoSum): one rounding at the end */
static inline vd SFX(sub_from_const_f64)(double c_hi, double c_lo, vd a, vd b)
{
    vd h = c_hi - a;
    return h + (two_sum_err_f64((vd){} + c_hi, -a, h) + (c_lo - b));
}
#define sub_from_const_f64 SFX(sub_from_const_f64)

/* |x| > 1/2 uses s + sl = sqrt((1 - |x|)/2) to ~106 bits (the root's rounding error would
 * otherwise be doubled into the result) */
static inline vd SFX(asin_f64)(vd x)
{
    vd ax = abs_f64(x), sl;
    vl small = ax <= 0.5;
    vd z = 0.5 - 0.5 * ax;                     /* (1 - |x|)/2, exact for |x| >= 1/2 */
    vd s = sqrt_hilo_f64(z, (vd){}, &sl);      /* nan for |x| > 1 */
    vd t = seld(small, ax, s), u = seld(small, ax * ax, z);
    vd p = (t * u) * asin_poly_f64(u);         /* asin t - t */
    vd big_res = sub_from_const_f64(PIO2_HI, PIO2_LO, 2.0 * s, 2.0 * (sl + p));
    vd res = seld(small, ax + p, big_res);
    return xorsign_f64(res, signbit_f64(x));
}
#define asin_f64 SFX(asin_f64)

static inline vd SFX(acos_f64)(vd x)
{
    vd ax = abs_f64(x), sl;
    vl small = ax <= 0.5;
    vd z = 0.5 - 0.5 * ax;
    vd s = sqrt_hilo_f64(z, (vd){}, &sl);
    vd t = seld(small, x, s), u = seld(small, x * x, z);
    vd p = (t * u) * asin_poly_f64(u);
    vd mid = sub_from_const_f64(PIO2_HI, PIO2_LO, x, p);        /* pi/2 - asin x */
    vd pos = 2.0 * (s + (sl + p));                                /* x > 1/2: 2 asin s */
    vd neg = sub_from_const_f64(PI_HI, PI_LO, 2.0 * s, 2.0 * (sl + p));
    return seld(small, mid, seld(x > 0.0, pos, neg));
}
#define acos_f64 SFX(acos_f64)

/* ------------------------------------------------------------------ atan, atan2 */

#define TAN_PI8 0.41421356237309503
#define TAN_3PI8 2.414213562373095

/* base + atan(num/den), num = nh + nl, den = dh + dl, num/den in [-tan(pi/8), tan(pi/8)]:
 * z = nh/dh and its correction zl (exact residual), base + z a TwoSum: one final rounding */
static inline vd SFX(atan_z_f64)(vd nh, vd nl, vd dh, vd dl, vd base_hi, vd base_lo)
{
    vd z = nh / dh, pe;
    vd p = two_prod_f64(z, dh, &pe);
    vd zl = (((nh - p) - pe) + nl - z * dl) / dh;
    /* no correction where the residual would underflow or is not finite (den = inf, or
     * Dekker's split of a den near overflow) */
    zl = seld((abs_f64(nh) >= 0x1p-960) & (abs_f64(zl) < __builtin_inf()), zl, (vd){});
    vd u = z * z;
    vd Q = 0.03799670696875108 + u * -0.01783418539342163;
    Q = -0.05036588665742486 + u * Q;
    Q = 0.05847276724613866 + u * Q;
    Q = -0.06663018566829512 + u * Q;
    Q = 0.0769205258761572 + u * Q;
    Q = -0.0909089732347905 + u * Q;
    Q = 0.11111110768198774 + u * Q;
    Q = -0.14285714279889103 + u * Q;
    Q = 0.19999999999950532 + u * Q;
    Q = -0.33333333333333187 + u * Q;
    vd h = base_hi + z;
    vd t = two_sum_err_f64(base_hi, z, h) + (((z * u) * Q + (zl - zl * u)) + base_lo);
    return h + t;
}
#define atan_z_f64 SFX(atan_z_f64)

static inline vd SFX(atan_f64)(vd x)
{
    vd a = abs_f64(x);
    vl r1 = a <= TAN_PI8, r3 = a > TAN_3PI8;   /* nan: neither (then nan throughout) */
    vd one = (vd){} + 1.0;
    vd am = a - 1.0, ap = a + 1.0;
    vd num = seld(r1, a, seld(r3, -one, am));
    vd den = seld(r1, one, seld(r3, a, ap));
    vd numl = seld(r1 | r3, (vd){}, two_sum_err_f64(a, -one, am));
    vd denl = seld(r1 | r3, (vd){}, two_sum_err_f64(a, one, ap));
    vd bh = seld(r1, (vd){}, seld(r3, (vd){} + PIO2_HI, (vd){} + PIO4_HI));
    vd bl = seld(r1, (vd){}, seld(r3, (vd){} + PIO2_LO, (vd){} + PIO4_LO));
    return xorsign_f64(atan_z_f64(num, numl, den, denl, bh, bl), signbit_f64(x));
}
#define atan_f64 SFX(atan_f64)

/* atan2(y, x) = sign(y) * (atan(|y|/|x|), or pi - that where x < 0 or x = -0).
 * Ranges of n = |y| against d = |x| as atan; x < 0 mirrors: pi - (b + atan z) = (pi - b) +
 * atan(-z). Both zero: n/d taken as 0, both inf: as 1 (C99 and NumPy). Both scaled by 2^-4
 * when the larger exceeds 2^1020 (n + d must not overflow) and by 2^200 when it is below
 * 2^-900 (the residual of (n - d)/(n + d) must not be subnormal). */
static inline vd SFX(atan2_f64)(vd y, vd x)
{
    vd n = abs_f64(y), d = abs_f64(x);
    vl both_inf = (n == __builtin_inf()) & (d == __builtin_inf());
    n = seld(both_inf, (vd){} + 1.0, n);
    d = seld(both_inf, (vd){} + 1.0, d);
    vd mx = seld(n > d, n, d);
    vd sc = seld(mx > 0x1p1020, (vd){} + 0x1p-4, seld(mx < 0x1p-900, (vd){} + 0x1p200, (vd){} + 1.0));
    n = n * sc;
    d = d * sc;
    vl r1 = n <= TAN_PI8 * d, r3 = n > TAN_3PI8 * d;
    vd nmd = n - d, npd = n + d;
    vd num = seld(r1, n, seld(r3, -d, nmd));
    vd den = seld(r1, d, seld(r3, n, npd));
    vd numl = seld(r1 | r3, (vd){}, two_sum_err_f64(n, -d, nmd));
    vd denl = seld(r1 | r3, (vd){}, two_sum_err_f64(n, d, npd));
    vl zero = (n == 0.0) & (d == 0.0);
    den = seld(zero, (vd){} + 1.0, den);
    vd bh = seld(r1, (vd){}, seld(r3, (vd){} + PIO2_HI, (vd){} + PIO4_HI));
    vd bl = seld(r1, (vd){}, seld(r3, (vd){} + PIO2_LO, (vd){} + PIO4_LO));
    vl xneg = signbit_f64(x) != 0;
    vd mh = seld(r1, (vd){} + PI_HI, seld(r3, (vd){} + PIO2_HI, (vd){} + PI3O4_HI));
    vd ml = seld(r1, (vd){} + PI_LO, seld(r3, (vd){} + PIO2_LO, (vd){} + PI3O4_LO));
    bh = seld(xneg, mh, bh);
    bl = seld(xneg, ml, bl);
    vl flip = xneg & (int64_t)0x8000000000000000ULL;
    num = xorsign_f64(num, flip);
    numl = xorsign_f64(numl, flip);
    return xorsign_f64(atan_z_f64(num, numl, den, denl, bh, bl), signbit_f64(y));
}
#define atan2_f64 SFX(atan2_f64)

/* ------------------------------------------------------------------ array loops */

TT_VLOOP(vsin_f32, float, vf, NF, sin_f32)
TT_VLOOP(vcos_f32, float, vf, NF, cos_f32)
TT_VLOOP_F32_VIA_F64(vtan_f32, tan_f64)
TT_VLOOP_F32_VIA_F64(vasin_f32, asin_f64)
TT_VLOOP_F32_VIA_F64(vacos_f32, acos_f64)
TT_VLOOP_F32_VIA_F64(vatan_f32, atan_f64)
TT_VLOOP2_F32_VIA_F64(vatan2_f32, atan2_f64)
TT_VLOOP(vsin_f64, double, vd, ND, sin_f64)
TT_VLOOP(vcos_f64, double, vd, ND, cos_f64)
TT_VLOOP(vtan_f64, double, vd, ND, tan_f64)
TT_VLOOP(vasin_f64, double, vd, ND, asin_f64)
TT_VLOOP(vacos_f64, double, vd, ND, acos_f64)
TT_VLOOP(vatan_f64, double, vd, ND, atan_f64)
TT_VLOOP2(vatan2_f64, double, vd, ND, atan2_f64)

#undef two_prod_scalar
#undef rem_pio2_scalar
#undef trig_reduce_f64
#undef trig_reduce_big_f64
#undef trig_arg_f64
#undef sincos_kernel_f64
#undef sin_or_cos_f64
#undef sin_f64
#undef cos_f64
#undef tan_f64
#undef trig_reduce_big_f32
#undef trig_reduce_f32
#undef sin_or_cos_f32
#undef sin_f32
#undef cos_f32
#undef asin_poly_f64
#undef sub_from_const_f64
#undef asin_f64
#undef acos_f64
#undef atan_z_f64
#undef atan_f64
#undef atan2_f64
