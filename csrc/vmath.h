/* Vectorised transcendental functions over contiguous arrays, float32 and float64.
 *
 *   for i in range(n): y[i] = f(x[i])           unary:  tt_v<f>_f32(x, y, n), tt_v<f>_f64
 *   for i in range(n): out[i] = f(a[i], b[i])   binary: atan2, hypot, logaddexp
 *
 * Every output may be one of the inputs (in place); n <= 0 writes nothing. No threading
 * inside: callers split large arrays. Each call runs the ISA variant chosen at import (cpu.h).
 *
 * Functions (NumPy's names, arc- shortened to a-): exp log tanh sigmoid sin cos tan asin acos
 * atan atan2 sinh cosh asinh acosh atanh exp2 expm1 log1p log2 log10 cbrt hypot logaddexp.
 * atan2 takes (y, x) in NumPy's order: tt_vatan2_f32(y, x, out, n) is atan2(y[i], x[i]).
 *
 * Accuracy, measured by tests/c/vmath_ulp.py against float64 (for float32) and long double (for
 * float64) references over every float32 bit pattern with a stride, random float64 bit
 * patterns, random values and dense runs at each algorithm's switch points:
 *   float32: exp <= 3 ULP, log <= 4, tanh <= 2, sigmoid <= 3; sin, cos <= 1.5 (<= 4
 *            guaranteed); every other function is computed in float64 and rounded once,
 *            <= 0.5 ULP + 2^-29.
 *   float64: exp, log <= 1 ULP; every other function <= 2 ULP (the measured maxima are
 *            0.6 - 1.2 ULP; tanh 1.5). logaddexp where max(a, b) and log1p(exp(-|a - b|))
 *            nearly cancel: within half an ULP of their sum's size rather than of the result
 *            (NumPy's own error there is hundreds of ULPs).
 *   sin, cos, tan reduce exactly for every finite argument (Cody-Waite below 2^17 (float32) /
 *   2^20 (float64), Payne-Hanek above): sin(1e300) is right, not noise.
 * Special values as NumPy (C99 Annex F): NaN in -> NaN out; domain errors give NaN (asin,
 * acos of |x| > 1, acosh x < 1, atanh |x| > 1, log* of x < 0, log1p x < -1, sin/cos/tan of
 * +-inf); poles give +-inf (atanh +-1, log* 0, log1p -1); overflow gives +-inf (sinh, cosh,
 * exp2, expm1), underflow 0 or the subnormal; -0 kept by the odd functions; exp2(-inf) = 0,
 * expm1(-inf) = -1, cosh(+-inf) = inf, atan(+-inf) = +-pi/2; atan2's signed zeros and
 * infinities as C99 (atan2(+-0, -0) = +-pi, atan2(+-inf, -inf) = +-3pi/4, ...); hypot(+-inf,
 * nan) = inf; logaddexp(a, a) = a + ln2 (so +-inf for +-inf), nan if either is nan.
 * exp2 of integers, log2 of powers of two, cbrt of exact cubes are exact; cos x is exactly 1
 * near 0 and |sin|, |cos| never exceed 1.
 */
#ifndef TT_VMATH_H
#define TT_VMATH_H
#include "tt.h"

void tt_vexp_f32(const float *x, float *y, tt_ssize n);
void tt_vlog_f32(const float *x, float *y, tt_ssize n);
void tt_vtanh_f32(const float *x, float *y, tt_ssize n);
void tt_vsigmoid_f32(const float *x, float *y, tt_ssize n);
void tt_vexp_f64(const double *x, double *y, tt_ssize n);
void tt_vlog_f64(const double *x, double *y, tt_ssize n);
void tt_vtanh_f64(const double *x, double *y, tt_ssize n);
void tt_vsigmoid_f64(const double *x, double *y, tt_ssize n);

/* The binary ones take two inputs of n elements each:
 *   atan2:     out[i] = atan2(y[i], x[i])   (the angle of the point (x, y), NumPy's order)
 *   hypot:     out[i] = sqrt(a[i]^2 + b[i]^2) without overflow or underflow on the way
 *   logaddexp: out[i] = log(exp(a[i]) + exp(b[i])) */
void tt_vsin_f32(const float *x, float *y, tt_ssize n);
void tt_vcos_f32(const float *x, float *y, tt_ssize n);
void tt_vtan_f32(const float *x, float *y, tt_ssize n);
void tt_vasin_f32(const float *x, float *y, tt_ssize n);
void tt_vacos_f32(const float *x, float *y, tt_ssize n);
void tt_vatan_f32(const float *x, float *y, tt_ssize n);
void tt_vsinh_f32(const float *x, float *y, tt_ssize n);
void tt_vcosh_f32(const float *x, float *y, tt_ssize n);
void tt_vasinh_f32(const float *x, float *y, tt_ssize n);
void tt_vacosh_f32(const float *x, float *y, tt_ssize n);
void tt_vatanh_f32(const float *x, float *y, tt_ssize n);
void tt_vexp2_f32(const float *x, float *y, tt_ssize n);
void tt_vexpm1_f32(const float *x, float *y, tt_ssize n);
void tt_vlog1p_f32(const float *x, float *y, tt_ssize n);
void tt_vlog2_f32(const float *x, float *y, tt_ssize n);
void tt_vlog10_f32(const float *x, float *y, tt_ssize n);
void tt_vcbrt_f32(const float *x, float *y, tt_ssize n);
void tt_vatan2_f32(const float *y, const float *x, float *out, tt_ssize n);
void tt_vhypot_f32(const float *a, const float *b, float *out, tt_ssize n);
void tt_vlogaddexp_f32(const float *a, const float *b, float *out, tt_ssize n);
void tt_vsin_f64(const double *x, double *y, tt_ssize n);
void tt_vcos_f64(const double *x, double *y, tt_ssize n);
void tt_vtan_f64(const double *x, double *y, tt_ssize n);
void tt_vasin_f64(const double *x, double *y, tt_ssize n);
void tt_vacos_f64(const double *x, double *y, tt_ssize n);
void tt_vatan_f64(const double *x, double *y, tt_ssize n);
void tt_vsinh_f64(const double *x, double *y, tt_ssize n);
void tt_vcosh_f64(const double *x, double *y, tt_ssize n);
void tt_vasinh_f64(const double *x, double *y, tt_ssize n);
void tt_vacosh_f64(const double *x, double *y, tt_ssize n);
void tt_vatanh_f64(const double *x, double *y, tt_ssize n);
void tt_vexp2_f64(const double *x, double *y, tt_ssize n);
void tt_vexpm1_f64(const double *x, double *y, tt_ssize n);
void tt_vlog1p_f64(const double *x, double *y, tt_ssize n);
void tt_vlog2_f64(const double *x, double *y, tt_ssize n);
void tt_vlog10_f64(const double *x, double *y, tt_ssize n);
void tt_vcbrt_f64(const double *x, double *y, tt_ssize n);
void tt_vatan2_f64(const double *y, const double *x, double *out, tt_ssize n);
void tt_vhypot_f64(const double *a, const double *b, double *out, tt_ssize n);
void tt_vlogaddexp_f64(const double *a, const double *b, double *out, tt_ssize n);

#endif
