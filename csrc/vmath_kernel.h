/* Vector-math kernels, one source for every ISA level.
 *
 * Included by vmath.c once per level with two macros defined:
 *   VW        vector width in bytes (16 = SSE2 baseline, 32 = AVX2+FMA, 64 = AVX-512)
 *   SFX(nm)   pastes the level's suffix onto a name (nm##_avx2, ...)
 * Written with GCC vector extensions: the compiler lowers each operation to the level's
 * instructions (and contracts a*b+c into FMA where the level has it).
 *
 * Method (both dtypes):
 *   exp(x)   = 2^k * exp(r),  k = round(x/ln2), r = x - k*ln2 (Cody-Waite: ln2 = hi + lo,
 *              hi with trailing zero bits so k*hi is exact), |r| <= ln2/2; exp(r) = 1 + p(r)
 *              with p(r) = r + r^2 (1/2 + r g(r)) ~ expm1(r) (float64), or 1 + r g(r) (float32),
 *              g minimax fits (tests/c/vmath_fit.py). Where every lane of a vector has a normal
 *              result, 2^k is added into the exponent bits (fast path); otherwise 2^k is built
 *              as two factors 2^k1 * 2^k2 so that overflow gives inf and the subnormal range
 *              is rounded once, like a correct exp.
 *   expm1(x) = 2^k * (expm1(r) + (1 - 2^-k)), the sum exact but for its last rounding
 *   log(x)   = k*ln2 + log1p(f),  x = 2^k m, m in [sqrt(1/2), sqrt(2)), f = m - 1 (exact);
 *              float32: log1p(f) = f - f^2/2 + f^3 P(f); float64: fdlibm's s = f/(2+f) form.
 *              Subnormal inputs are scaled by 2^23 (2^52) first, and x <= 0, inf, nan get
 *              NumPy's answers by selects: both only in vectors that have such a lane.
 *   tanh(x)  = sign(x) * ( |x| + |x|^3 P(x^2)        for |x| < 0.35 (P a minimax fit)
 *                          t/(t+2), t = expm1(2|x|)  for |x| < log(3)/2
 *                          1 - 2/(t+2)               above; |x| clamped to 20 )   (float64)
 *              float32: |x| + |x|^3 P(x^2) below 0.55, 1 - 2/(exp(2|x|) + 1) above.
 *   sigmoid  = (x >= 0 ? 1 : e) / (1 + e),  e = exp(-|x|) in (0, 1]: never overflows, and
 *              sigmoid of a large negative x is e itself (subnormal where it should be).
 *              float64 keeps e and 1 + e as hi + lo pairs and corrects the quotient.
 * Selections are bit masks (C has no vector ?:), so every lane runs the same instructions;
 * the only branches are per vector, to the full (slow) path, tested with VANY32/VANY64 (vmath.c).
 *
 * The other functions live in vmath_trig_kernel.h and vmath_explog_kernel.h, included at the
 * end, built from the pieces here: the exact-arithmetic helpers (TwoSum, the exact product by
 * FMA or Dekker's split, sqrt as hi + lo), exp's and log's kernels with their low parts, and
 * the array loops (TT_VLOOP; TT_VLOOP2 for two inputs; TT_VLOOP_F32_VIA_F64 for float32
 * functions computed in float64 and rounded once).
 */

#define vf  SFX(vf)
#define vi  SFX(vi)
#define vu  SFX(vu)
#define vd  SFX(vd)
#define vl  SFX(vl)
#define vul SFX(vul)
#define vfh SFX(vfh)
typedef float vf __attribute__((vector_size(VW)));
typedef int32_t vi __attribute__((vector_size(VW)));
typedef uint32_t vu __attribute__((vector_size(VW)));
typedef double vd __attribute__((vector_size(VW)));
typedef int64_t vl __attribute__((vector_size(VW)));
typedef uint64_t vul __attribute__((vector_size(VW)));
typedef float vfh __attribute__((vector_size(VW / 2)));     /* as many floats as vd has doubles */
#define NF ((tt_ssize)(VW / 4))
#define ND ((tt_ssize)(VW / 8))

/* m ? a : b, lane by lane (m is all-ones or all-zeros per lane) */
static inline vf SFX(self)(vi m, vf a, vf b) { return (vf)((m & (vi)a) | (~m & (vi)b)); }
static inline vd SFX(seld)(vl m, vd a, vd b) { return (vd)((m & (vl)a) | (~m & (vl)b)); }
#define self SFX(self)
#define seld SFX(seld)

/* ------------------------------------------------------------------ exact arithmetic */

static inline vd SFX(abs_f64)(vd x) { return (vd)((vl)x & 0x7fffffffffffffffLL); }
static inline vl SFX(signbit_f64)(vd x) { return (vl)x & (int64_t)0x8000000000000000ULL; }
static inline vd SFX(xorsign_f64)(vd y, vl s) { return (vd)((vl)y ^ s); }
#define abs_f64 SFX(abs_f64)
#define signbit_f64 SFX(signbit_f64)
#define xorsign_f64 SFX(xorsign_f64)

/* Lane-by-lane loops over a scalar builtin that GCC turns into one vector instruction
 * (sqrtpd; vfmadd where the level has FMA: `#pragma GCC target` sets __FMA__). */
static inline vd SFX(sqrt_f64)(vd x)
{
    vd r;
    for (int i = 0; i < (int)ND; i++) r[i] = __builtin_sqrt(x[i]);
    return r;
}
#define sqrt_f64 SFX(sqrt_f64)

#if defined(__FMA__) || defined(__ARM_FEATURE_FMA) || defined(__FP_FAST_FMA)
#define VMATH_HAVE_FMA 1
#endif

/* a float32 vector as two float64 vectors (exact) and back (rounded once) */
static inline void SFX(widen_f32)(vf x, vd *lo, vd *hi)
{
    vfh l, h;
    memcpy(&l, &x, sizeof l);
    memcpy(&h, (const char *)&x + sizeof l, sizeof h);
    *lo = __builtin_convertvector(l, vd);
    *hi = __builtin_convertvector(h, vd);
}
#define widen_f32 SFX(widen_f32)

static inline vf SFX(narrow_f64)(vd lo, vd hi)
{
    vfh l = __builtin_convertvector(lo, vfh), h = __builtin_convertvector(hi, vfh);
    vf x;
    memcpy(&x, &l, sizeof l);
    memcpy((char *)&x + sizeof l, &h, sizeof h);
    return x;
}
#define narrow_f64 SFX(narrow_f64)

#ifndef VMATH_HAVE_FMA
/* Dekker's split: a = hi + lo, each with at most 26 significant bits (a scaled down first
 * where a * (2^27 + 1) would overflow) */
static inline vd SFX(split_f64)(vd a, vd *lo)
{
    vl big = abs_f64(a) > 0x1p995;
    vd as = seld(big, a * 0x1p-28, a);
    vd t = as * 134217729.0;                     /* 2^27 + 1 */
    vd hi = t - (t - as);
    hi = seld(big, hi * 0x1p28, hi);
    *lo = a - hi;
    return hi;
}
#define split_f64 SFX(split_f64)
#endif

/* a*b = p + *err exactly (unless the product overflows or its error underflows): the FMA
 * residue, or Dekker's product of 26-bit halves where the level has no FMA (then nothing is
 * contracted either). */
static inline vd SFX(two_prod_f64)(vd a, vd b, vd *err)
{
    vd p = a * b;
#ifdef VMATH_HAVE_FMA
    vd e;
    for (int i = 0; i < (int)ND; i++) e[i] = __builtin_fma(a[i], b[i], -p[i]);
    *err = e;
#else
    vd al, bl;
    vd ah = split_f64(a, &al), bh = split_f64(b, &bl);
    *err = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
#endif
    return p;
}
#define two_prod_f64 SFX(two_prod_f64)

/* the rounding error of s = a + b: a + b = s + err exactly (Knuth's TwoSum, any a, b) */
static inline vd SFX(two_sum_err_f64)(vd a, vd b, vd s)
{
    vd bb = s - a;
    return (a - (s - bb)) + (b - bb);
}
#define two_sum_err_f64 SFX(two_sum_err_f64)

/* sqrt(h + l) = hi + *lo for h + l > 0, |l| <= ulp(h): the residual of hi = sqrt(h) is
 * exact (two_prod), and sqrt(h + l) ~ hi + (h - hi^2 + l) / (2 hi) */
static inline vd SFX(sqrt_hilo_f64)(vd h, vd l, vd *lo)
{
    vd hi = sqrt_f64(h), pe;
    vd p = two_prod_f64(hi, hi, &pe);
    *lo = seld(hi > 0.0, (((h - p) - pe) + l) / (hi + hi), (vd){});   /* sqrt(0): no 0/0 */
    return hi;
}
#define sqrt_hilo_f64 SFX(sqrt_hilo_f64)

/* y * 2^k for k in [-2044, 2046] (two factors, each a normal power of two): overflow gives
 * inf and a result in the subnormal range is rounded once */
static inline vd SFX(scale_f64)(vd y, vul k)
{
    vul k1 = ((k + 2048u) >> 1) - 1024u, k2 = k - k1;
    return y * (vd)((k1 + 1023u) << 52) * (vd)((k2 + 1023u) << 52);
}
#define scale_f64 SFX(scale_f64)


/* ------------------------------------------------------------------ float32 */

/* float64 tanh: odd polynomial below SMALL (fit on [0, 0.36]); t/(t+2), t = expm1(2|x|),
 * below MID; 1 - 2/(t+2) above (the three ranges of musl's tanh, a polynomial for the first).
 * float32 tanh: odd polynomial (fit on [0, 0.56]) below F32_TANH_SPLIT, 1 - 2/(exp(2|x|) + 1)
 * above. */
#define F32_TANH_SPLIT 0.55f
#define TANH_SPLIT_SMALL 0.35
#define TANH_SPLIT_MID 0.5493061443340549       /* log(3)/2 */

#define F32_LOG2E 1.44269504088896341f
#define F32_LN2HI 0.693145751953125f           /* 0x3f317200: 16 significant bits */
#define F32_LN2LO 1.428606765330187045e-06f
#define F32_SHIFT 0x1.8p23f                    /* x + SHIFT rounds x to an integer */

/* exp(r) on |r| <= ln2/2 as 1 + r g(r), g a minimax fit (relative error 2e-8) */
static inline vf SFX(pexp_f32)(vf r)
{
    vf g = 8.37415550e-03f + r * 1.38436526e-03f;
    g = 4.16680016e-02f + r * g;
    g = 1.66664317e-01f + r * g;
    g = 4.99999940e-01f + r * g;
    g = 1.0f + r * g;
    return 1.0f + r * g;
}
#define pexp_f32 SFX(pexp_f32)

/* x = k ln2 + r: returns exp(r), k in *k */
/* (integer arithmetic on k is unsigned, i.e. modular: lanes holding nan give garbage, never UB) */
static inline vf SFX(exp_reduce_f32)(vf x, vu *k)
{
    vf kf = x * F32_LOG2E + F32_SHIFT;
    *k = (vu)kf - (vu)((vf){} + F32_SHIFT);
    kf = kf - F32_SHIFT;
    vf r = x - kf * F32_LN2HI;
    r = r - kf * F32_LN2LO;
    return pexp_f32(r);
}
#define exp_reduce_f32 SFX(exp_reduce_f32)

/* exp for |x| < EXP_F32_FAST (result normal, k in [-125, 125]): 2^k added to the exponent
 * bits. Garbage for other x (nan, inf, out of range): callers test and use exp_f32. */
#define EXP_F32_FAST 86.9f
static inline vf SFX(exp_fast_f32)(vf x)
{
    vu k;
    vf y = exp_reduce_f32(x, &k);
    return (vf)((vu)y + (k << 23));
}
#define exp_fast_f32 SFX(exp_fast_f32)

/* exp for every x: clamps, and scales by 2^k1 * 2^k2 (overflow to inf, one rounding into
 * the subnormals, 0 below) */
static inline vf SFX(exp_f32)(vf x)
{
    x = self(x < -104.0f, (vf){} - 104.0f, x);    /* exp(-104) < 2^-150: rounds to 0 */
    x = self(x > 89.0f, (vf){} + 89.0f, x);       /* exp(89) > FLT_MAX: overflows to inf */
    vu k;
    vf y = exp_reduce_f32(x, &k);
    /* k in [-150, 128]: halves (a logical shift of k + 256 > 0), both 2^k1 and 2^k2 normal */
    vu k1 = ((k + 256u) >> 1) - 128u, k2 = k - k1;
    return y * (vf)((k1 + 127u) << 23) * (vf)((k2 + 127u) << 23);
}
#define exp_f32 SFX(exp_f32)

/* the array loop's body: the fast path unless a lane needs the full one */
static inline vf SFX(vexp1_f32)(vf x)
{
    vi out = ~((vf)((vi)x & 0x7fffffff) < EXP_F32_FAST);   /* also nan */
    if (VANY32(out)) return exp_f32(x);
    return exp_fast_f32(x);
}
#define vexp1_f32 SFX(vexp1_f32)


/* log of a positive normal x, minus kadj */
static inline vf SFX(log_core_f32)(vf x, vf kadj)
{
    vu u = (vu)x + (0x3f800000 - 0x3f3504f3);
    vi k = (vi)(u >> 23) - 127;
    vf m = (vf)((u & 0x007fffffu) + 0x3f3504f3u);   /* in [sqrt(1/2), sqrt(2)) */
    vf dk = __builtin_convertvector(k, vf) - kadj;
    vf f = m - 1.0f;
    vf P = -1.1675641e-1f + f * 6.746601e-2f;
    P = 1.1888175e-1f + f * P;
    P = -1.24055915e-1f + f * P;
    P = 1.4219551e-1f + f * P;
    P = -1.6667996e-1f + f * P;
    P = 2.0002119e-1f + f * P;
    P = -2.500001e-1f + f * P;
    P = 3.3333313e-1f + f * P;
    vf r = f + (f * f) * (-0.5f + f * P);
    return dk * F32_LN2HI + (r + dk * F32_LN2LO);
}
#define log_core_f32 SFX(log_core_f32)

/* every x: subnormals scaled by 2^23 first; 0, negative, inf, nan as NumPy */
static inline vf SFX(log_f32)(vf x)
{
    const vf inf = (vf){} + __builtin_inff();
    vi sub = x < 0x1p-126f;
    vf xs = self(sub, x * 0x1p23f, x);
    vf res = log_core_f32(xs, self(sub, (vf){} + 23.0f, (vf){}));
    vi special = ~((x > 0.0f) & (x < inf));
    vf spec = self(x < 0.0f, (vf){} + __builtin_nanf(""), x);
    spec = self(x == 0.0f, -inf, spec);
    return self(special, spec, res);
}
#define log_f32 SFX(log_f32)

static inline vf SFX(vlog1_f32)(vf x)
{
    vi out = ~((x >= 0x1p-126f) & (x < __builtin_inff()));   /* also nan */
    if (VANY32(out)) return log_f32(x);
    return log_core_f32(x, (vf){});
}
#define vlog1_f32 SFX(vlog1_f32)

static inline vf SFX(tanh_f32)(vf x)
{
    vi sign = (vi)x & (int32_t)0x80000000;
    vf a = (vf)((vi)x & 0x7fffffff);
    a = self(a > 9.1f, (vf){} + 9.1f, a);         /* float32 tanh(9.1) == 1 */
    vf e = exp_fast_f32(a + a);                   /* 2a <= 18.2: in the fast range */
    vf res = 1.0f - 2.0f / (e + 1.0f);
    vf u = a * a;
    vf P = 2.10205577e-02f + u * -6.19872799e-03f;
    P = -5.38405180e-02f + u * P;
    P = 1.33324802e-01f + u * P;
    P = -3.33333135e-01f + u * P;
    vi small = ~(a >= F32_TANH_SPLIT);            /* nan takes the polynomial: stays nan */
    res = self(small, a + (a * u) * P, res);
    return (vf)((vi)res | sign);
}
#define tanh_f32 SFX(tanh_f32)

static inline vf SFX(sigmoid_f32)(vf x)
{
    vf na = (vf)((vi)x | (int32_t)0x80000000);   /* -|x| */
    vi out = ~(na > -EXP_F32_FAST);               /* also nan */
    vf e = VANY32(out) ? exp_f32(na) : exp_fast_f32(na);
    return self(x < 0.0f, e, (vf){} + 1.0f) / (1.0f + e);
}
#define sigmoid_f32 SFX(sigmoid_f32)

/* ------------------------------------------------------------------ float64 */

/* expm1(r) - r on |r| <= ln2/2 */
static inline vd SFX(pexpm1_q_f64)(vd r)
{
    vd g = 2.5108681107363955e-08 + r * 2.0879217537753178e-09;
    g = 2.755738609708865e-07 + r * g;
    g = 2.7557245306432e-06 + r * g;
    g = 2.4801587199252562e-05 + r * g;
    g = 1.9841269884933688e-04 + r * g;
    g = 1.3888888888942208e-03 + r * g;
    g = 8.333333333322162e-03 + r * g;
    g = 4.166666666666658e-02 + r * g;
    g = 1.6666666666666677e-01 + r * g;
    return (r * r) * (0.5 + r * g);
}
#define pexpm1_q_f64 SFX(pexpm1_q_f64)

#define F64_LOG2E 1.4426950408889634074
#define F64_LN2HI 6.93147180369123816490e-01   /* 0x3fe62e42fee00000 */
#define F64_LN2LO 1.90821492927058770002e-10
#define F64_SHIFT 0x1.8p52

/* x = k ln2 + r + *rlo, |r| <= ln2/2 (Cody-Waite: k*LN2HI is exact), k in *k; *rlo is the
 * rounding error of r, kept by the callers that need more than 53 bits */
static inline vd SFX(exp_arg_f64)(vd x, vd *rlo, vul *k)
{
    vd kf = x * F64_LOG2E + F64_SHIFT;
    *k = (vul)kf - (vul)((vd){} + F64_SHIFT);
    kf = kf - F64_SHIFT;
    vd rh = x - kf * F64_LN2HI;                   /* exact */
    vd r = rh - kf * F64_LN2LO;
    *rlo = (rh - r) - kf * F64_LN2LO;
    return r;
}
#define exp_arg_f64 SFX(exp_arg_f64)

/* exp(r + rlo) = hi + *lo for |r| <= ln2/2, |rlo| <= 2^-40. The sum 1 + r + r^2 (...) is
 * formed as s + ((err + q) + rlo e^r): s = 1 + r and err its exact rounding error (Fast2Sum,
 * |r| < 1); only the final addition rounds at full weight, which keeps the float64 exp near
 * 0.5 ULP instead of 0.97, and hi + lo within ~2^-57 of exp. */
static inline vd SFX(exp_small_f64)(vd r, vd rlo, vd *lo)
{
    vd q = pexpm1_q_f64(r);                       /* r^2 (1/2 + r g(r)) */
    vd s1 = 1.0 + r;
    vd t = (((1.0 - s1) + r) + q) + rlo * (s1 + q);
    vd hi = s1 + t;
    *lo = (s1 - hi) + t;
    return hi;
}
#define exp_small_f64 SFX(exp_small_f64)

/* x = k ln2 + r: returns exp(r), k in *k */
static inline vd SFX(exp_reduce_f64)(vd x, vul *k)
{
    vd rlo, lo;
    vd r = exp_arg_f64(x, &rlo, k);
    return exp_small_f64(r, rlo, &lo);
}
#define exp_reduce_f64 SFX(exp_reduce_f64)

/* |x| < EXP_F64_FAST: k in [-1020, 1020], 2^k added into the exponent bits */
#define EXP_F64_FAST 707.0
static inline vd SFX(exp_fast_f64)(vd x)
{
    vul k;
    vd y = exp_reduce_f64(x, &k);
    return (vd)((vul)y + (k << 52));
}
#define exp_fast_f64 SFX(exp_fast_f64)

static inline vd SFX(exp_f64)(vd x)
{
    x = seld(x < -746.0, (vd){} - 746.0, x);      /* exp(-746) < 2^-1075: rounds to 0 */
    x = seld(x > 710.0, (vd){} + 710.0, x);       /* exp(710) > DBL_MAX */
    vul k;
    vd y = exp_reduce_f64(x, &k);
    return scale_f64(y, k);                        /* k in [-1077, 1024] */
}
#define exp_f64 SFX(exp_f64)

static inline vd SFX(vexp1_f64)(vd x)
{
    vl out = ~((vd)((vl)x & 0x7fffffffffffffffLL) < EXP_F64_FAST);   /* also nan */
    if (VANY64(out)) return exp_f64(x);
    return exp_fast_f64(x);
}
#define vexp1_f64 SFX(vexp1_f64)


/* expm1(x) = 2^k (expm1(r) + c), c = 1 - 2^-k (exact for k <= 53; 1 above), every x.
 * c + r is summed exactly (Fast2Sum: |c| >= 1/2 > |r| unless c = 0) and only the final sum
 * rounds at full weight: <= 1 ULP. x is clamped to [-45, 710] (expm1(-45) rounds to -1,
 * expm1(710) overflows); |x| < 2^-54 returns x (keeps -0). */
static inline vd SFX(expm1_f64)(vd x)
{
    vd xc = seld(x < -45.0, (vd){} - 45.0, x);
    xc = seld(xc > 710.0, (vd){} + 710.0, xc);
    vul k;
    vd rlo;
    vd r = exp_arg_f64(xc, &rlo, &k);
    vd q = pexpm1_q_f64(r);
    vl kbig = (vl)k > 60;
    vul kc = (vul)((kbig & 60) | (~kbig & (vl)k));
    vd c = 1.0 - (vd)((1023u - kc) << 52);       /* 1 - 2^-k, k <= 60 */
    vd s = c + r;
    vd err = (c - s) + r;
    vd y = s + ((err + q) + rlo);
    vd res = scale_f64(y, k);
    return seld(abs_f64(x) < 0x1p-54, x, res);
}
#define expm1_f64 SFX(expm1_f64)

/* positive normal x = 2^k m, m in [sqrt(1/2), sqrt(2)): returns f = m - 1 (exact), k in *dk */
static inline vd SFX(log_split_f64)(vd xs, vd *dk)
{
    const int64_t off = 0x3fe6a09e00000000LL;
    vul u = (vul)xs + (uint64_t)(0x3ff0000000000000LL - off);
    *dk = (vd)((u >> 52) | 0x4330000000000000ULL) - (0x1p52 + 1023.0);
    vd m = (vd)((u & 0x000fffffffffffffULL) + off);
    return m - 1.0;
}
#define log_split_f64 SFX(log_split_f64)

/* log1p(f) = f - hfsq + tail for f in [sqrt(1/2) - 1, sqrt(2) - 1]: returns tail =
 * s (hfsq + R(s^2)), s = f / (2 + f), and hfsq = f^2 / 2 in *hfsq (fdlibm's Lg1..Lg7) */
static inline vd SFX(log1p_tail_f64)(vd f, vd *hfsq)
{
    *hfsq = 0.5 * f * f;
    vd s = f / (2.0 + f);
    vd z = s * s, w = z * z;
    vd t1 = w * (3.999999999940941908e-01 + w * (2.222219843214978396e-01 + w * 1.531383769920937332e-01));
    vd t2 = z * (6.666666666666735130e-01 + w * (2.857142874366239149e-01 +
                 w * (1.818357216161805012e-01 + w * 1.479819860511658591e-01)));
    vd R = t2 + t1;
    return s * (*hfsq + R);
}
#define log1p_tail_f64 SFX(log1p_tail_f64)

/* dk ln2 + log1p(f) + c, f as above and c a small correction (0 for log) */
static inline vd SFX(log_kf_f64)(vd dk, vd f, vd c)
{
    vd hfsq;
    vd tail = log1p_tail_f64(f, &hfsq);
    return dk * F64_LN2HI - ((hfsq - (tail + (dk * F64_LN2LO + c))) - f);
}
#define log_kf_f64 SFX(log_kf_f64)

/* log of a positive normal x, minus kadj ln2 */
static inline vd SFX(log_core_f64)(vd xs, vd kadj)
{
    vd dk;
    vd f = log_split_f64(xs, &dk);
    return log_kf_f64(dk - kadj, f, (vd){});
}
#define log_core_f64 SFX(log_core_f64)

/* log's special values (NumPy): x < 0 or nan -> nan, 0 -> -inf, inf -> inf; res elsewhere */
static inline vd SFX(log_fix_f64)(vd x, vd res)
{
    const vd inf = (vd){} + __builtin_inf();
    vl special = ~((x > 0.0) & (x < inf));
    vd spec = seld(x < 0.0, (vd){} + __builtin_nan(""), x);
    spec = seld(x == 0.0, -inf, spec);
    return seld(special, spec, res);
}
#define log_fix_f64 SFX(log_fix_f64)

static inline vd SFX(log_f64)(vd x)
{
    vl sub = x < 0x1p-1022;
    vd xs = seld(sub, x * 0x1p52, x);
    return log_fix_f64(x, log_core_f64(xs, seld(sub, (vd){} + 52.0, (vd){})));
}
#define log_f64 SFX(log_f64)

static inline vd SFX(vlog1_f64)(vd x)
{
    vl out = ~((x >= 0x1p-1022) & (x < __builtin_inf()));
    if (VANY64(out)) return log_f64(x);
    return log_core_f64(x, (vd){});
}
#define vlog1_f64 SFX(vlog1_f64)

static inline vd SFX(tanh_f64)(vd x)
{
    vl sign = (vl)x & (int64_t)0x8000000000000000ULL;
    vd a = (vd)((vl)x & 0x7fffffffffffffffLL);
    a = seld(a > 20.0, (vd){} + 20.0, a);
    vd t = expm1_f64(2.0 * a);
    vl mid = a < TANH_SPLIT_MID;
    vd q = seld(mid, t, (vd){} + 2.0) / (t + 2.0);
    vd res = seld(mid, q, 1.0 - q);
    vd u = a * a;
    vd P = 5.761601024633926e-04 + u * -1.8540984375079293e-04;
    P = -1.45381032031955e-03 + u * P;
    P = 3.591948737982949e-03 + u * P;
    P = -8.863225738734774e-03 + u * P;
    P = 2.1869488214595192e-02 + u * P;
    P = -5.396825396234492e-02 + u * P;
    P = 1.3333333333328143e-01 + u * P;
    P = -3.333333333333332e-01 + u * P;
    res = seld(a < TANH_SPLIT_SMALL, a + (a * u) * P, res);
    return (vd)(((vl)res & 0x7fffffffffffffffLL) | sign);
}
#define tanh_f64 SFX(tanh_f64)

/* float64 sigmoid carries e = exp(-|x|) and 1 + e as unevaluated sums hi + lo (the 1 + p of
 * exp and 1 + e are each one rounding whose error Fast2Sum recovers exactly), then corrects the
 * quotient: q = q0 + (n_lo - q0 * d_lo) / d. This keeps it well inside 2 ULP where the plain
 * e / (1 + e) reaches 2.0. */
static inline vd SFX(sigmoid_f64)(vd x)
{
    vd na = (vd)((vl)x | (int64_t)0x8000000000000000ULL);   /* -|x| */
    na = seld(na < -746.0, (vd){} - 746.0, na);
    vul k;
    vd rlo, yl;
    vd r = exp_arg_f64(na, &rlo, &k);
    vd yh = exp_small_f64(r, rlo, &yl);              /* exp(r) = yh + yl */
    vd eh = scale_f64(yh, k), el = scale_f64(yl, k); /* e = eh + el, e <= 1 */
    vd d = 1.0 + eh;
    vd dl = ((1.0 - d) + eh) + el;                   /* 1 + e = d + dl */
    vl neg = x < 0.0;
    vd nh = seld(neg, eh, (vd){} + 1.0);
    vd nl = seld(neg, el, (vd){});
    vd q0 = nh / d;
    return q0 + (nl - q0 * dl) / d;
}
#define sigmoid_f64 SFX(sigmoid_f64)

/* ------------------------------------------------------------------ array loops */

/* Whole vectors straight from x to y (unaligned loads and stores; y may be x), then the
 * last n % lanes elements through a zero-padded local vector. */
#define TT_VLOOP(NAME, T, V, L, CORE)                                       \
    static void SFX(NAME)(const T *x, T *y, tt_ssize n)                     \
    {                                                                       \
        tt_ssize i = 0;                                                     \
        for (; i + 2 * L <= n; i += 2 * L) {                                \
            V a, b;                                                         \
            memcpy(&a, x + i, sizeof a);                                    \
            memcpy(&b, x + i + L, sizeof b);                                \
            a = CORE(a);                                                    \
            b = CORE(b);                                                    \
            memcpy(y + i, &a, sizeof a);                                    \
            memcpy(y + i + L, &b, sizeof b);                                \
        }                                                                   \
        for (; i + L <= n; i += L) {                                        \
            V a;                                                            \
            memcpy(&a, x + i, sizeof a);                                    \
            a = CORE(a);                                                    \
            memcpy(y + i, &a, sizeof a);                                    \
        }                                                                   \
        if (i < n) {                                                        \
            T buf[L];                                                       \
            V a;                                                            \
            memset(buf, 0, sizeof buf);                                     \
            memcpy(buf, x + i, (size_t)(n - i) * sizeof(T));                \
            memcpy(&a, buf, sizeof a);                                      \
            a = CORE(a);                                                    \
            memcpy(buf, &a, sizeof a);                                      \
            memcpy(y + i, buf, (size_t)(n - i) * sizeof(T));                \
        }                                                                   \
    }

/* The same with two inputs: y[i] = f(x1[i], x2[i]) (y may be x1 or x2). */
#define TT_VLOOP2(NAME, T, V, L, CORE)                                      \
    static void SFX(NAME)(const T *x1, const T *x2, T *y, tt_ssize n)       \
    {                                                                       \
        tt_ssize i = 0;                                                     \
        for (; i + L <= n; i += L) {                                        \
            V a, b;                                                         \
            memcpy(&a, x1 + i, sizeof a);                                   \
            memcpy(&b, x2 + i, sizeof b);                                   \
            a = CORE(a, b);                                                 \
            memcpy(y + i, &a, sizeof a);                                    \
        }                                                                   \
        if (i < n) {                                                        \
            T buf1[L], buf2[L];                                             \
            V a, b;                                                         \
            memset(buf1, 0, sizeof buf1);                                   \
            memset(buf2, 0, sizeof buf2);                                   \
            memcpy(buf1, x1 + i, (size_t)(n - i) * sizeof(T));              \
            memcpy(buf2, x2 + i, (size_t)(n - i) * sizeof(T));              \
            memcpy(&a, buf1, sizeof a);                                     \
            memcpy(&b, buf2, sizeof b);                                     \
            a = CORE(a, b);                                                 \
            memcpy(buf1, &a, sizeof a);                                     \
            memcpy(y + i, buf1, (size_t)(n - i) * sizeof(T));               \
        }                                                                   \
    }

/* float32 through a float64 kernel: ND floats at a time widened (exactly), computed in
 * float64 and rounded once, which puts the float32 result within 0.5 ULP + the float64
 * kernel's error (~2^-29 ULP) of the true value. */
#define TT_VLOOP_F32_VIA_F64(NAME, CORE64)                                  \
    static inline vfh SFX(NAME##_h)(vfh x)                                  \
    {                                                                       \
        return __builtin_convertvector(CORE64(__builtin_convertvector(x, vd)), vfh); \
    }                                                                       \
    TT_VLOOP(NAME, float, vfh, ND, SFX(NAME##_h))

#define TT_VLOOP2_F32_VIA_F64(NAME, CORE64)                                 \
    static inline vfh SFX(NAME##_h)(vfh x1, vfh x2)                         \
    {                                                                       \
        return __builtin_convertvector(CORE64(__builtin_convertvector(x1, vd), \
                                              __builtin_convertvector(x2, vd)), vfh); \
    }                                                                       \
    TT_VLOOP2(NAME, float, vfh, ND, SFX(NAME##_h))

TT_VLOOP(vexp_f32, float, vf, NF, vexp1_f32)
TT_VLOOP(vlog_f32, float, vf, NF, vlog1_f32)
TT_VLOOP(vtanh_f32, float, vf, NF, tanh_f32)
TT_VLOOP(vsigmoid_f32, float, vf, NF, sigmoid_f32)
TT_VLOOP(vexp_f64, double, vd, ND, vexp1_f64)
TT_VLOOP(vlog_f64, double, vd, ND, vlog1_f64)
TT_VLOOP(vtanh_f64, double, vd, ND, tanh_f64)
TT_VLOOP(vsigmoid_f64, double, vd, ND, sigmoid_f64)

/* the other functions, by family (they use everything above) */
#include "vmath_trig_kernel.h"
#include "vmath_explog_kernel.h"

#undef TT_VLOOP
#undef TT_VLOOP2
#undef TT_VLOOP_F32_VIA_F64
#undef TT_VLOOP2_F32_VIA_F64
#undef sqrt_f64
#undef VMATH_HAVE_FMA
#undef widen_f32
#undef narrow_f64
#undef two_prod_f64
#undef split_f64
#undef two_sum_err_f64
#undef scale_f64
#undef abs_f64
#undef signbit_f64
#undef xorsign_f64
#undef exp_arg_f64
#undef exp_small_f64
#undef log_split_f64
#undef log1p_tail_f64
#undef log_kf_f64
#undef log_fix_f64
#undef sqrt_hilo_f64
#undef vfh
#undef exp_f32
#undef pexp_f32
#undef exp_reduce_f32
#undef exp_fast_f32
#undef vexp1_f32
#undef log_f32
#undef log_core_f32
#undef vlog1_f32
#undef tanh_f32
#undef sigmoid_f32
#undef pexpm1_q_f64
#undef exp_f64
#undef exp_reduce_f64
#undef exp_fast_f64
#undef vexp1_f64
#undef expm1_f64
#undef log_f64
#undef log_core_f64
#undef vlog1_f64
#undef tanh_f64
#undef sigmoid_f64
#undef self
#undef seld
#undef vf
#undef vi
#undef vu
#undef vd
#undef vl
#undef vul
#undef NF
#undef ND
