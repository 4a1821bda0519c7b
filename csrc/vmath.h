/* Vectorised transcendental functions over contiguous arrays, float32 and float64.
 *
 *   for i in range(n): y[i] = f(x[i])     (y may equal x: in place is allowed)
 *
 * Accuracy (against a float64/long-double reference, as NumPy's own tests): float32 exp <= 3 ULP,
 * log <= 4 ULP, tanh <= 2 ULP, sigmoid <= 3 ULP; float64 exp, log <= 1 ULP, tanh, sigmoid <= 2 ULP.
 * inf, NaN, overflow and underflow as NumPy: exp(-inf)=0, exp(inf)=inf, exp(large)=inf,
 * log(0)=-inf, log(<0)=NaN, log(inf)=inf, tanh(+-inf)=+-1, sigmoid(-inf)=0, sigmoid(inf)=1,
 * NaN in -> NaN out. Each picks the ISA variant chosen at import (cpu.h).
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

/* Trigonometric, hyperbolic, exponential and logarithmic functions (NumPy's names without
 * the arc- prefix): y[i] = f(x[i]). Binary ones take two inputs of n elements each:
 *   atan2:     out[i] = atan2(y[i], x[i])   (the angle of the point (x, y), NumPy's order)
 *   hypot:     out[i] = sqrt(a[i]^2 + b[i]^2) without overflow or underflow on the way
 *   logaddexp: out[i] = log(exp(a[i]) + exp(b[i]))
 * out may be either input. */
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
