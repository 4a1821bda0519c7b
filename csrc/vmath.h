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

#endif
