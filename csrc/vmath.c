/* Vectorised transcendental functions for float32 and float64 (see vmath.h).
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

/* vmath_trig_kernel.h and vmath_explog_kernel.h */
void tt_vsin_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vsin_f32(x, y, n); }
void tt_vcos_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vcos_f32(x, y, n); }
void tt_vtan_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vtan_f32(x, y, n); }
void tt_vasin_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vasin_f32(x, y, n); }
void tt_vacos_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vacos_f32(x, y, n); }
void tt_vatan_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vatan_f32(x, y, n); }
void tt_vsinh_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vsinh_f32(x, y, n); }
void tt_vcosh_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vcosh_f32(x, y, n); }
void tt_vasinh_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vasinh_f32(x, y, n); }
void tt_vacosh_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vacosh_f32(x, y, n); }
void tt_vatanh_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vatanh_f32(x, y, n); }
void tt_vexp2_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vexp2_f32(x, y, n); }
void tt_vexpm1_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vexpm1_f32(x, y, n); }
void tt_vlog1p_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vlog1p_f32(x, y, n); }
void tt_vlog2_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vlog2_f32(x, y, n); }
void tt_vlog10_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vlog10_f32(x, y, n); }
void tt_vcbrt_f32(const float *x, float *y, tt_ssize n) { if (n > 0) tt_kernels->vcbrt_f32(x, y, n); }
void tt_vatan2_f32(const float *y, const float *x, float *out, tt_ssize n) { if (n > 0) tt_kernels->vatan2_f32(y, x, out, n); }
void tt_vhypot_f32(const float *a, const float *b, float *out, tt_ssize n) { if (n > 0) tt_kernels->vhypot_f32(a, b, out, n); }
void tt_vlogaddexp_f32(const float *a, const float *b, float *out, tt_ssize n) { if (n > 0) tt_kernels->vlogaddexp_f32(a, b, out, n); }
void tt_vsin_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vsin_f64(x, y, n); }
void tt_vcos_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vcos_f64(x, y, n); }
void tt_vtan_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vtan_f64(x, y, n); }
void tt_vasin_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vasin_f64(x, y, n); }
void tt_vacos_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vacos_f64(x, y, n); }
void tt_vatan_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vatan_f64(x, y, n); }
void tt_vsinh_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vsinh_f64(x, y, n); }
void tt_vcosh_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vcosh_f64(x, y, n); }
void tt_vasinh_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vasinh_f64(x, y, n); }
void tt_vacosh_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vacosh_f64(x, y, n); }
void tt_vatanh_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vatanh_f64(x, y, n); }
void tt_vexp2_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vexp2_f64(x, y, n); }
void tt_vexpm1_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vexpm1_f64(x, y, n); }
void tt_vlog1p_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vlog1p_f64(x, y, n); }
void tt_vlog2_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vlog2_f64(x, y, n); }
void tt_vlog10_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vlog10_f64(x, y, n); }
void tt_vcbrt_f64(const double *x, double *y, tt_ssize n) { if (n > 0) tt_kernels->vcbrt_f64(x, y, n); }
void tt_vatan2_f64(const double *y, const double *x, double *out, tt_ssize n) { if (n > 0) tt_kernels->vatan2_f64(y, x, out, n); }
void tt_vhypot_f64(const double *a, const double *b, double *out, tt_ssize n) { if (n > 0) tt_kernels->vhypot_f64(a, b, out, n); }
void tt_vlogaddexp_f64(const double *a, const double *b, double *out, tt_ssize n) { if (n > 0) tt_kernels->vlogaddexp_f64(a, b, out, n); }
