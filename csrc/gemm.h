/* Matrix products: the Goto/BLIS structure (pack B panels and A blocks, an MR x NR register
 * micro-kernel over KC), one micro-kernel source per ISA level chosen at run time (cpu.h).
 *
 *   C[i, j] (=|+=) sum_k A[i, k] * B[k, j]   (+ bias[j])   (then max(., 0) when relu)
 *
 * Strides are in ELEMENTS and may take any sign, so transposed and sliced operands
 * (A.T @ B, A @ B.T, x[::-1]) are read by the packers without a copy. C must not overlap A or B.
 * accumulate=0 overwrites C, accumulate=1 adds to it (then bias/relu are not allowed: the
 * function returns TT_ERR_VALUE). bias may be NULL; bias_stride is its element stride.
 * Returns TT_OK, or TT_ERR_NOMEM when packing buffers cannot be allocated (C then untouched
 * or partially written; the caller raises MemoryError).
 */
#ifndef TT_GEMM_H
#define TT_GEMM_H
#include "tt.h"

int tt_gemm_f32(tt_ssize M, tt_ssize N, tt_ssize K,
                const float *A, tt_ssize rsa, tt_ssize csa,
                const float *B, tt_ssize rsb, tt_ssize csb,
                float *C, tt_ssize rsc, tt_ssize csc,
                const float *bias, tt_ssize bias_stride, int relu, int accumulate);

int tt_gemm_f64(tt_ssize M, tt_ssize N, tt_ssize K,
                const double *A, tt_ssize rsa, tt_ssize csa,
                const double *B, tt_ssize rsb, tt_ssize csb,
                double *C, tt_ssize rsc, tt_ssize csc,
                const double *bias, tt_ssize bias_stride, int relu, int accumulate);

#endif
