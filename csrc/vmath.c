/* Placeholder scalar implementations (libm); replaced by the vectorised kernels. */
#include <math.h>
#include "vmath.h"
void tt_vexp_f32(const float *x, float *y, tt_ssize n) { for (tt_ssize i = 0; i < n; i++) y[i] = expf(x[i]); }
void tt_vlog_f32(const float *x, float *y, tt_ssize n) { for (tt_ssize i = 0; i < n; i++) y[i] = logf(x[i]); }
void tt_vtanh_f32(const float *x, float *y, tt_ssize n) { for (tt_ssize i = 0; i < n; i++) y[i] = tanhf(x[i]); }
void tt_vsigmoid_f32(const float *x, float *y, tt_ssize n) { for (tt_ssize i = 0; i < n; i++) y[i] = 1.0f / (1.0f + expf(-x[i])); }
void tt_vexp_f64(const double *x, double *y, tt_ssize n) { for (tt_ssize i = 0; i < n; i++) y[i] = exp(x[i]); }
void tt_vlog_f64(const double *x, double *y, tt_ssize n) { for (tt_ssize i = 0; i < n; i++) y[i] = log(x[i]); }
void tt_vtanh_f64(const double *x, double *y, tt_ssize n) { for (tt_ssize i = 0; i < n; i++) y[i] = tanh(x[i]); }
void tt_vsigmoid_f64(const double *x, double *y, tt_ssize n) { for (tt_ssize i = 0; i < n; i++) y[i] = 1.0 / (1.0 + exp(-x[i])); }
