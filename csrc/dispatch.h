/* Per-CPU-level kernels: the ONE compile-and-dispatch idiom.
 *
 * Everything whose speed depends on the vector instructions (the elementwise loops, GEMM, the
 * vector math, the contiguous sums) is written once, in a header, and compiled once per level
 * by a three-line source: kernels_baseline.c, kernels_avx2.c, kernels_avx512.c. Each sets the
 * level's target (`#pragma GCC target`, cpu.h) and a name suffix, then includes
 * kernels_level.h, which includes the kernel headers and fills this level's table:
 *
 *     const tt_kernel_table tt_kernels_avx2 = { .gemm_f32 = gemm_f32_avx2, ... };
 *
 * tt_cpu_init (cpu.c) points tt_kernels at the table of the level in force, once; the public
 * entry points (tt_gemm_f32, tt_vexp_f32, tt_binary_loop, ...) check their arguments and call
 * through it. Adding a kernel: write it in a header included by kernels_level.h, add a field
 * here and a line to the table there.
 *
 * The x86 levels exist only where GCC can build them (TT_X86_LEVELS); elsewhere (aarch64,
 * clang) the baseline, portable C with GCC vector extensions, is the only table.
 */
#ifndef TT_DISPATCH_H
#define TT_DISPATCH_H
#include "iter.h"

typedef struct {
    /* elementwise (elementwise.h) */
    tt_inner_fn (*binary_loop)(int op, int dtype);
    tt_inner_fn (*unary_loop)(int op, int dtype);
    tt_inner_fn (*cast_loop)(int from, int to);
    tt_inner_fn (*where_loop)(int itemsize);
    /* GEMM (gemm.h; arguments already checked) */
    int (*gemm_f32)(tt_ssize M, tt_ssize N, tt_ssize K, const float *A, tt_ssize rsa,
                    tt_ssize csa, const float *B, tt_ssize rsb, tt_ssize csb, float *C,
                    tt_ssize rsc, tt_ssize csc, const float *bias, tt_ssize bias_stride,
                    int relu, int accumulate);
    int (*gemm_f64)(tt_ssize M, tt_ssize N, tt_ssize K, const double *A, tt_ssize rsa,
                    tt_ssize csa, const double *B, tt_ssize rsb, tt_ssize csb, double *C,
                    tt_ssize rsc, tt_ssize csc, const double *bias, tt_ssize bias_stride,
                    int relu, int accumulate);
    /* vector math (vmath.h; n > 0) */
    void (*vexp_f32)(const float *x, float *y, tt_ssize n);
    void (*vlog_f32)(const float *x, float *y, tt_ssize n);
    void (*vtanh_f32)(const float *x, float *y, tt_ssize n);
    void (*vsigmoid_f32)(const float *x, float *y, tt_ssize n);
    void (*vexp_f64)(const double *x, double *y, tt_ssize n);
    void (*vlog_f64)(const double *x, double *y, tt_ssize n);
    void (*vtanh_f64)(const double *x, double *y, tt_ssize n);
    void (*vsigmoid_f64)(const double *x, double *y, tt_ssize n);
    /* the other functions (vmath.h): unary y[i] = f(x[i]); binary out[i] = f(a[i], b[i]) */
    void (*vsin_f32)(const float *x, float *y, tt_ssize n);
    void (*vcos_f32)(const float *x, float *y, tt_ssize n);
    void (*vtan_f32)(const float *x, float *y, tt_ssize n);
    void (*vasin_f32)(const float *x, float *y, tt_ssize n);
    void (*vacos_f32)(const float *x, float *y, tt_ssize n);
    void (*vatan_f32)(const float *x, float *y, tt_ssize n);
    void (*vsinh_f32)(const float *x, float *y, tt_ssize n);
    void (*vcosh_f32)(const float *x, float *y, tt_ssize n);
    void (*vasinh_f32)(const float *x, float *y, tt_ssize n);
    void (*vacosh_f32)(const float *x, float *y, tt_ssize n);
    void (*vatanh_f32)(const float *x, float *y, tt_ssize n);
    void (*vexp2_f32)(const float *x, float *y, tt_ssize n);
    void (*vexpm1_f32)(const float *x, float *y, tt_ssize n);
    void (*vlog1p_f32)(const float *x, float *y, tt_ssize n);
    void (*vlog2_f32)(const float *x, float *y, tt_ssize n);
    void (*vlog10_f32)(const float *x, float *y, tt_ssize n);
    void (*vcbrt_f32)(const float *x, float *y, tt_ssize n);
    void (*vatan2_f32)(const float *a, const float *b, float *out, tt_ssize n);
    void (*vhypot_f32)(const float *a, const float *b, float *out, tt_ssize n);
    void (*vlogaddexp_f32)(const float *a, const float *b, float *out, tt_ssize n);
    void (*vsin_f64)(const double *x, double *y, tt_ssize n);
    void (*vcos_f64)(const double *x, double *y, tt_ssize n);
    void (*vtan_f64)(const double *x, double *y, tt_ssize n);
    void (*vasin_f64)(const double *x, double *y, tt_ssize n);
    void (*vacos_f64)(const double *x, double *y, tt_ssize n);
    void (*vatan_f64)(const double *x, double *y, tt_ssize n);
    void (*vsinh_f64)(const double *x, double *y, tt_ssize n);
    void (*vcosh_f64)(const double *x, double *y, tt_ssize n);
    void (*vasinh_f64)(const double *x, double *y, tt_ssize n);
    void (*vacosh_f64)(const double *x, double *y, tt_ssize n);
    void (*vatanh_f64)(const double *x, double *y, tt_ssize n);
    void (*vexp2_f64)(const double *x, double *y, tt_ssize n);
    void (*vexpm1_f64)(const double *x, double *y, tt_ssize n);
    void (*vlog1p_f64)(const double *x, double *y, tt_ssize n);
    void (*vlog2_f64)(const double *x, double *y, tt_ssize n);
    void (*vlog10_f64)(const double *x, double *y, tt_ssize n);
    void (*vcbrt_f64)(const double *x, double *y, tt_ssize n);
    void (*vatan2_f64)(const double *a, const double *b, double *out, tt_ssize n);
    void (*vhypot_f64)(const double *a, const double *b, double *out, tt_ssize n);
    void (*vlogaddexp_f64)(const double *a, const double *b, double *out, tt_ssize n);
    /* pairwise sums of contiguous arrays (reduce.h) */
    float (*sum_contig_f32)(const float *x, tt_ssize n);
    double (*sum_contig_f64)(const double *x, tt_ssize n);
    /* fused optimiser updates over elements [i0, i1) (optim.h, optim_kernel.h) */
    void (*optim_range_f32)(int rule, float *p, const float *g, float *m, float *v, tt_ssize i0,
                            tt_ssize i1, float lr, float a, float b, float eps, int flag);
    void (*optim_range_f64)(int rule, double *p, const double *g, double *m, double *v,
                            tt_ssize i0, tt_ssize i1, double lr, double a, double b, double eps,
                            int flag);
} tt_kernel_table;

/* The table of the level in force (set by tt_cpu_init and tt_cpu_set_level). */
extern const tt_kernel_table *tt_kernels;

extern const tt_kernel_table tt_kernels_baseline;
#if TT_X86_LEVELS
extern const tt_kernel_table tt_kernels_avx2;
extern const tt_kernel_table tt_kernels_avx512;
#endif

#endif
