/* Exponentials, logarithms and the functions built on them: exp2, expm1, log1p, log2, log10,
 * sinh, cosh, asinh, acosh, atanh, hypot, logaddexp, cbrt.
 *
 * Included by vmath_kernel.h after vmath_trig_kernel.h (its types, helpers, loop macros and
 * the exp/log cores). float32 computes each in float64 and rounds once (VLOOP_F32_VIA_F64).
 *
 * Method (float64):
 *   exp2 x  = 2^k 2^f, k = rint(x), f = x - k exact, 2^f = exp(f ln2) with f ln2 carried as
 *             hi + lo (two_prod) into exp's kernel (exp_small_f64).
 *   expm1   vmath_kernel.h's expm1_f64 (2^k (expm1(r) + 1 - 2^-k), summed exactly).
 *   log(a + b) (log_sum_f64), the one logarithm under log1p, asinh, acosh, atanh and
 *             logaddexp: u = a + b and its exact rounding error c (TwoSum), then
 *             log u + c/u = k ln2 + log1p(f) + c/u with vmath_kernel.h's log kernel, so the
 *             argument is never rounded before the logarithm sees it.
 *   log1p x = log(1 + x).  log2, log10: log1p(f) as hi + lo, times 1/ln2 (1/ln10) with an
 *             exact product, plus k (k log10(2) as hi + lo): exact at powers of two (log2).
 *   sinh, cosh = (e^|x| -+ e^-|x|)/2 from one exp (halves scaled into the exponent, so no
 *             overflow before the true one); sinh |x| < 1: odd minimax polynomial.
 *   asinh |x| = log(1 + |x| + x^2/(1 + sqrt(1 + x^2)))   |x| <= 2
 *               log(2|x| + 1/(sqrt(x^2 + 1) + |x|))      |x| <= 2^28
 *               log|x| + ln2                              above (fdlibm's ranges)
 *   acosh x   = log(1 + t + sqrt(2t + t^2)), t = x - 1     x <= 2
 *               log(2x - 1/(x + sqrt(x^2 - 1)))            x <= 2^28, log x + ln2 above
 *   atanh |x| = log(1 + 2|x| + 2x^2/(1 - |x|)) / 2         |x| < 1/2
 *               log(1 + 2|x|/(1 - |x|)) / 2                above
 *   hypot     = s^-1 sqrt((s x)^2 + (s y)^2), s a power of two bringing max(|x|, |y|) near 1.
 *   logaddexp = max + log(1 + exp(-|x - y|)); x == y gives x + ln2 (NumPy's formula, with
 *             ln2 to 106 bits). Where max and the log nearly cancel the result is good to
 *             ~2^-56 of their size (hi + lo throughout), not to its own ULP.
 *   cbrt      = 2^q cbrt(m 2^r), |x| = m 2^(3q + r), m in [1, 2): a minimax polynomial for
 *             cbrt(m) (error 1.7e-7) times cbrt(2^r), then one Halley step (cubic: ~2^-66).
 * Special values by selects at the end, as NumPy: domain errors give nan, poles +-inf.
 */

#define F64_LN2 0.6931471805599453            /* ln2 = F64_LN2 + F64_LN2_TAIL */
#define F64_LN2_TAIL 2.3190468138462996e-17
#define F64_INVLN2_HI 1.4426950408889634      /* 1/ln2 */
#define F64_INVLN2_LO 2.0355273740931033e-17
#define F64_INVLN10_HI 0.4342944819032518     /* 1/ln10 */
#define F64_INVLN10_LO 1.098319650216765e-17
#define F64_LOG10_2_HI 0x1.34413509f7800p-2   /* log10(2): 42 bits (k times it is exact) */
#define F64_LOG10_2_LO 0x1.fef311f12b358p-46

/* ------------------------------------------------------------------ exp2, sinh, cosh */

static inline vd SFX(exp2_f64)(vd x)
{
    vd xc = seld(x < -1080.0, (vd){} - 1080.0, x);    /* 2^-1080 rounds to 0 */
    xc = seld(xc > 1025.0, (vd){} + 1025.0, xc);       /* 2^1025 overflows */
    vd kf = xc + F64_SHIFT;
    vul k = (vul)kf - (vul)((vd){} + F64_SHIFT);
    kf = kf - F64_SHIFT;
    vd f = xc - kf;                                    /* exact, |f| <= 1/2 */
    vd e, lo;
    vd r = two_prod_f64(f, (vd){} + F64_LN2, &e);      /* f ln2 = r + e + f ln2_tail */
    vd y = exp_small_f64(r, e + f * F64_LN2_TAIL, &lo);
    return scale_f64(y, k);
}
#define exp2_f64 SFX(exp2_f64)

/* e^a / 2 = up + *up_lo and e^-a / 2 = *down for a >= 0 (a <= 711, nan stays nan) */
static inline vd SFX(exp_halves_f64)(vd a, vd *up_lo, vd *down)
{
    a = seld(a > 711.0, (vd){} + 711.0, a);
    vul k;
    vd rlo, yl;
    vd r = exp_arg_f64(a, &rlo, &k);
    vd yh = exp_small_f64(r, rlo, &yl);                /* e^a = (yh + yl) 2^k */
    *up_lo = scale_f64(yl, k - 1u);
    *down = scale_f64(0.5 / yh, 0u - k);
    return scale_f64(yh, k - 1u);
}
#define exp_halves_f64 SFX(exp_halves_f64)

/* up +- down with up's low part, the sum's rounding error kept (TwoSum): one rounding at
 * the end instead of three (cosh, and sinh above 1) */
static inline vd SFX(exp_halves_sum_f64)(vd up, vd up_lo, vd down)
{
    vd s = up + down;
    vd res = s + (two_sum_err_f64(up, down, s) + up_lo);
    return seld(up == __builtin_inf(), up, res);       /* overflow: no inf - inf */
}
#define exp_halves_sum_f64 SFX(exp_halves_sum_f64)

static inline vd SFX(sinh_f64)(vd x)
{
    vd a = abs_f64(x), up_lo, down;
    vd up = exp_halves_f64(a, &up_lo, &down);
    vd u = a * a;
    vd P = 2.7557319112295387e-06 + u * (2.5052129645511653e-08 + u * (1.60567949809357e-10 +
                                                                      u * 7.771739788414597e-13));
    P = 0.16666666666666669 + u * (0.008333333333332908 + u * (0.0001984126984158646 + u * P));
    vd res = seld(a < 1.0, a + (a * u) * P, exp_halves_sum_f64(up, up_lo, -down));
    return xorsign_f64(res, signbit_f64(x));
}
#define sinh_f64 SFX(sinh_f64)

static inline vd SFX(cosh_f64)(vd x)
{
    vd up_lo, down;
    vd up = exp_halves_f64(abs_f64(x), &up_lo, &down);
    return exp_halves_sum_f64(up, up_lo, down);
}
#define cosh_f64 SFX(cosh_f64)

/* ------------------------------------------------------------------ logarithms */

/* log1p(f) = hi + *lo for f in [sqrt(1/2) - 1, sqrt(2) - 1]: hi = f - f^2/2 (f - hi is
 * exact, Sterbenz) */
static inline vd SFX(log1p_hilo_f64)(vd f, vd *lo)
{
    vd hfsq;
    vd tail = log1p_tail_f64(f, &hfsq);
    vd hi = f - hfsq;
    *lo = ((f - hi) - hfsq) + tail;
    return hi;
}
#define log1p_hilo_f64 SFX(log1p_hilo_f64)

/* log(a + b + c) + kadj ln2 = hi + *lo, for a + b + c positive, normal and finite (garbage
 * elsewhere: callers select) and |c| small: u = a + b is rounded, its exact error added to c,
 * and log(u + c) = k ln2 + log1p(f) + c/u (dk ln2 exact in F64_LN2HI, the sum a TwoSum) */
static inline vd SFX(log_sum_f64)(vd a, vd b, vd c, vd kadj, vd *lo)
{
    vd u = a + b;
    c = c + two_sum_err_f64(a, b, u);
    vd dk, ll;
    vd f = log_split_f64(u, &dk);
    dk = dk + kadj;
    vd lh = log1p_hilo_f64(f, &ll);
    vd A = dk * F64_LN2HI;
    vd s = A + lh;
    vd t = two_sum_err_f64(A, lh, s) + (ll + (dk * F64_LN2LO + c / u));
    vd hi = s + t;
    *lo = (s - hi) + t;
    return hi;
}
#define log_sum_f64 SFX(log_sum_f64)

static inline vd SFX(log1p_f64)(vd x)
{
    vd lo;
    vd res = log_sum_f64((vd){} + 1.0, x, (vd){}, (vd){}, &lo);
    res = seld(abs_f64(x) < 0x1p-54, x, res);         /* also keeps -0 */
    return log_fix_f64(x + 1.0, res);                   /* -1 -> -inf, < -1 -> nan, inf */
}
#define log1p_f64 SFX(log1p_f64)

/* log2 (inv = 1/ln2, log10_2 = 0) or log10 (1/ln10 and log10(2)) of every x */
static inline vd SFX(log2_or_log10_f64)(vd x, double inv_hi, double inv_lo, double k_hi, double k_lo)
{
    vl sub = x < 0x1p-1022;
    vd xs = seld(sub, x * 0x1p52, x);
    vd dk;
    vd f = log_split_f64(xs, &dk);
    dk = dk - seld(sub, (vd){} + 52.0, (vd){});
    vd ll, pe;
    vd lh = log1p_hilo_f64(f, &ll);
    vd p = two_prod_f64(lh, (vd){} + inv_hi, &pe);
    vd t = pe + (ll * inv_hi + (lh + ll) * inv_lo);
    vd A = dk * k_hi;                                   /* exact */
    vd s = A + p;
    vd se = two_sum_err_f64(A, p, s);
    return log_fix_f64(x, s + (se + (t + dk * k_lo)));
}
#define log2_or_log10_f64 SFX(log2_or_log10_f64)

static inline vd SFX(log2_f64)(vd x) { return log2_or_log10_f64(x, F64_INVLN2_HI, F64_INVLN2_LO, 1.0, 0.0); }
static inline vd SFX(log10_f64)(vd x)
{
    return log2_or_log10_f64(x, F64_INVLN10_HI, F64_INVLN10_LO, F64_LOG10_2_HI, F64_LOG10_2_LO);
}
#define log2_f64 SFX(log2_f64)
#define log10_f64 SFX(log10_f64)

/* ------------------------------------------------------------------ inverse hyperbolic */

static inline vd SFX(asinh_f64)(vd x)
{
    vd a = abs_f64(x), lo;
    vl small = a <= 2.0, huge = a > 0x1p28;
    vd ac = seld(huge, (vd){} + 1.0, a);               /* no overflow in a^2 */
    vd sq = sqrt_f64(ac * ac + 1.0);
    /* small: log((1 + a) + a^2/(1 + sq)), 1 + a as a TwoSum */
    vd one_a = 1.0 + a;
    vd one_a_err = two_sum_err_f64((vd){} + 1.0, a, one_a);
    vd lhs = seld(small, one_a, seld(huge, a, a + a));
    vd rhs = seld(small, (a * a) / (1.0 + sq), seld(huge, (vd){}, 1.0 / (sq + a)));
    vd c = seld(small, one_a_err, (vd){});
    vd res = log_sum_f64(lhs, rhs, c, seld(huge, (vd){} + 1.0, (vd){}), &lo);
    res = seld(a < 0x1p-28, a, res);
    res = seld(a == __builtin_inf(), a, res);
    return xorsign_f64(res, signbit_f64(x));           /* nan stays nan */
}
#define asinh_f64 SFX(asinh_f64)

static inline vd SFX(acosh_f64)(vd x)
{
    vl small = x <= 2.0, huge = x > 0x1p28;
    vd xc = seld(huge, (vd){} + 4.0, x), lo;
    /* small: log(x + sqrt(t^2 + 2t)), t = x - 1 exact, t^2 + 2t and its root as hi + lo */
    vd t = seld(small, x - 1.0, (vd){}), t2e;
    vd t2 = two_prod_f64(t, t, &t2e);
    vd h = t2 + (t + t);
    vd sq_lo;
    vd sq_small = sqrt_hilo_f64(h, two_sum_err_f64(t2, t + t, h) + t2e, &sq_lo);
    vd sq_mid = sqrt_f64(xc * xc - 1.0);
    vd lhs = seld(small, x, seld(huge, x, x + x));
    vd rhs = seld(small, sq_small, seld(huge, (vd){}, -1.0 / (xc + sq_mid)));
    vd c = seld(small, sq_lo, (vd){});
    vd res = log_sum_f64(lhs, rhs, c, seld(huge, (vd){} + 1.0, (vd){}), &lo);
    res = seld(x == __builtin_inf(), x, res);
    return seld(x >= 1.0, res, (vd){} + __builtin_nan(""));   /* x < 1, nan */
}
#define acosh_f64 SFX(acosh_f64)

static inline vd SFX(atanh_f64)(vd x)
{
    vd a = abs_f64(x), lo;
    vd d = 1.0 - a;                                     /* exact for a >= 1/2 */
    vd a2 = a + a;
    /* a < 1/2: log((1 + 2a) + 2a^2/(1 - a)), 1 + 2a as a TwoSum; else log(1 + 2a/(1 - a)) */
    vl small = a < 0.5;
    vd one_a2 = 1.0 + a2;
    vd lhs = seld(small, one_a2, (vd){} + 1.0);
    vd rhs = seld(small, (a2 * a) / d, a2 / d);
    vd c = seld(small, two_sum_err_f64((vd){} + 1.0, a2, one_a2), (vd){});
    vd res = 0.5 * log_sum_f64(lhs, rhs, c, (vd){}, &lo);
    res = seld(a < 0x1p-28, a, res);
    res = seld(a == 1.0, (vd){} + __builtin_inf(), res);
    res = seld(a <= 1.0, res, (vd){} + __builtin_nan(""));   /* |x| > 1, nan */
    return xorsign_f64(res, signbit_f64(x));
}
#define atanh_f64 SFX(atanh_f64)

/* ------------------------------------------------------------------ binary */

static inline vd SFX(hypot_f64)(vd x, vd y)
{
    const vd inf = (vd){} + __builtin_inf();
    vd a = abs_f64(x), b = abs_f64(y);
    vd mx = seld(a > b, a, b);
    vl e = (vl)((vul)mx >> 52);                         /* biased exponent, 2047 for inf/nan */
    vl lo = e < 1, hi = e > 2045;
    e = (lo & 1) | (hi & 2045) | (~(lo | hi) & e);
    vd down = (vd)((2046 - e) << 52);                   /* 2^(1023 - E): mx * down in [1, 4) */
    vd up = (vd)(e << 52);                              /* its inverse */
    vd as = a * down, bs = b * down;
    vd res = sqrt_f64(as * as + bs * bs) * up;
    res = seld((a != a) | (b != b), (vd){} + __builtin_nan(""), res);
    return seld((a == inf) | (b == inf), inf, res);     /* inf even with a nan */
}
#define hypot_f64 SFX(hypot_f64)

/* max + log(1 + e^d), d = min - max <= 0. Where max is near -log(1 + e^d) the sum cancels,
 * so everything is carried as hi + lo: d (TwoSum), e^d (exp's kernel scaled), the log
 * (log_sum_f64) and the final sum: the result keeps ~2^-60 of the terms' size. */
static inline vd SFX(logaddexp_f64)(vd x, vd y)
{
    vl xbig = x > y;
    vd mx = seld(xbig, x, y), mn = seld(xbig, y, x);
    vd dh = mn - mx;
    vd dl = two_sum_err_f64(mn, -mx, dh);
    vl far = ~(dh > -746.0);                            /* e^d rounds to 0 (also -inf, nan) */
    dh = seld(far, (vd){} - 746.0, dh);
    dl = seld(far, (vd){}, dl);
    vul k;
    vd rlo, yl, vl_;
    vd r = exp_arg_f64(dh, &rlo, &k);
    vd yh = exp_small_f64(r, rlo + dl, &yl);
    vd eh = scale_f64(yh, k), el = scale_f64(yl, k);   /* e^d = eh + el */
    vd vh = log_sum_f64((vd){} + 1.0, eh, el, (vd){}, &vl_);
    vd s = mx + vh;
    vd res = s + (two_sum_err_f64(mx, vh, s) + vl_);
    res = seld(mx == __builtin_inf(), mx, res);
    res = seld((x != x) | (y != y), x + y, res);       /* nan */
    return seld(x == y, (x + F64_LN2) + F64_LN2_TAIL, res);   /* equal (also +-inf): x + ln2 */
}
#define logaddexp_f64 SFX(logaddexp_f64)

/* ------------------------------------------------------------------ cbrt */

#define F64_CBRT2 1.2599210498948732
#define F64_CBRT4 1.5874010519681994

static inline vd SFX(cbrt_f64)(vd x)
{
    vd a = abs_f64(x);
    vl sub = a < 0x1p-1022;
    vd as = seld(sub, a * 0x1p54, a);
    vul bits = (vul)as;
    vd e = (vd)((bits >> 52) | 0x4330000000000000ULL) - (0x1p52 + 1023.0);
    e = e - seld(sub, (vd){} + 54.0, (vd){});
    vd m = (vd)((bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);   /* [1, 2) */
    vd qf = (e * (1.0 / 3.0) - 1.0 / 3.0) + F64_SHIFT;  /* floor(e/3) = rint(e/3 - 1/3) */
    vul q = (vul)qf - (vul)((vd){} + F64_SHIFT);
    qf = qf - F64_SHIFT;
    vd rem = e - 3.0 * qf;                              /* 0, 1 or 2, exact */
    vl r1 = rem == 1.0, r2 = rem == 2.0;
    vd mm = m * seld(r1, (vd){} + 2.0, seld(r2, (vd){} + 4.0, (vd){} + 1.0));
    vd t = 0.3853655096162222 + m * (-0.14447196711799068 + m * (0.030904493156340286 +
                                                                 m * -0.0028596723405376005));
    t = 0.4471411489641819 + m * (0.9501001523973234 + m * (-0.6661794934520819 + m * t));
    t = t * seld(r1, (vd){} + F64_CBRT2, seld(r2, (vd){} + F64_CBRT4, (vd){} + 1.0));
    vd t3 = t * t * t;                                  /* Halley: t += t (mm - t^3)/(2 t^3 + mm) */
    t = t + t * ((mm - t3) / (t3 + t3 + mm));
    vd res = t * (vd)((q + 1023u) << 52);
    res = seld((a == 0.0) | (a == __builtin_inf()) | (a != a), a, res);
    return xorsign_f64(res, signbit_f64(x));
}
#define cbrt_f64 SFX(cbrt_f64)

/* ------------------------------------------------------------------ array loops */

TT_VLOOP_F32_VIA_F64(vexp2_f32, exp2_f64)
TT_VLOOP_F32_VIA_F64(vexpm1_f32, expm1_f64)
TT_VLOOP_F32_VIA_F64(vlog1p_f32, log1p_f64)
TT_VLOOP_F32_VIA_F64(vlog2_f32, log2_f64)
TT_VLOOP_F32_VIA_F64(vlog10_f32, log10_f64)
TT_VLOOP_F32_VIA_F64(vsinh_f32, sinh_f64)
TT_VLOOP_F32_VIA_F64(vcosh_f32, cosh_f64)
TT_VLOOP_F32_VIA_F64(vasinh_f32, asinh_f64)
TT_VLOOP_F32_VIA_F64(vacosh_f32, acosh_f64)
TT_VLOOP_F32_VIA_F64(vatanh_f32, atanh_f64)
TT_VLOOP_F32_VIA_F64(vcbrt_f32, cbrt_f64)
TT_VLOOP2_F32_VIA_F64(vhypot_f32, hypot_f64)
TT_VLOOP2_F32_VIA_F64(vlogaddexp_f32, logaddexp_f64)
TT_VLOOP(vexp2_f64, double, vd, ND, exp2_f64)
TT_VLOOP(vexpm1_f64, double, vd, ND, expm1_f64)
TT_VLOOP(vlog1p_f64, double, vd, ND, log1p_f64)
TT_VLOOP(vlog2_f64, double, vd, ND, log2_f64)
TT_VLOOP(vlog10_f64, double, vd, ND, log10_f64)
TT_VLOOP(vsinh_f64, double, vd, ND, sinh_f64)
TT_VLOOP(vcosh_f64, double, vd, ND, cosh_f64)
TT_VLOOP(vasinh_f64, double, vd, ND, asinh_f64)
TT_VLOOP(vacosh_f64, double, vd, ND, acosh_f64)
TT_VLOOP(vatanh_f64, double, vd, ND, atanh_f64)
TT_VLOOP(vcbrt_f64, double, vd, ND, cbrt_f64)
TT_VLOOP2(vhypot_f64, double, vd, ND, hypot_f64)
TT_VLOOP2(vlogaddexp_f64, double, vd, ND, logaddexp_f64)

#undef exp2_f64
#undef exp_halves_f64
#undef sinh_f64
#undef cosh_f64
#undef log_sum_f64
#undef log1p_hilo_f64
#undef exp_halves_sum_f64
#undef log1p_f64
#undef log2_or_log10_f64
#undef log2_f64
#undef log10_f64
#undef asinh_f64
#undef acosh_f64
#undef atanh_f64
#undef hypot_f64
#undef logaddexp_f64
#undef cbrt_f64
