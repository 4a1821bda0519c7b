/* Vectorised exp, log, tanh, sigmoid for float32 and float64 (see vmath.h).
 *
 * The kernels live in vmath_kernel.h, written once with GCC vector extensions and compiled
 * once per CPU level by kernels_level.h (dispatch.h); each public function calls the variant
 * of the level in force through the kernel table. No threading here: callers split large
 * arrays themselves.
 */
#include "dispatch.h"
#include "vmath.h"

void tt_vexp_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vexp_f32(x, y, n); }
void tt_vlog_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vlog_f32(x, y, n); }
void tt_vtanh_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vtanh_f32(x, y, n); }
void tt_vsigmoid_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vsigmoid_f32(x, y, n); }
void tt_vexp_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vexp_f64(x, y, n); }
void tt_vlog_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vlog_f64(x, y, n); }
void tt_vtanh_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vtanh_f64(x, y, n); }
void tt_vsigmoid_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vsigmoid_f64(x, y, n); }
