/* Placeholder GEMM (a plain blocked loop); replaced by the packed Goto/BLIS kernel. */
#include "gemm.h"
#define DEFINE_GEMM(NAME, T)                                                              \
int NAME(tt_ssize M, tt_ssize N, tt_ssize K, const T *A, tt_ssize rsa, tt_ssize csa,       \
         const T *B, tt_ssize rsb, tt_ssize csb, T *C, tt_ssize rsc, tt_ssize csc,         \
         const T *bias, tt_ssize bias_stride, int relu, int accumulate)                    \
{                                                                                         \
    if (accumulate && (bias || relu)) return TT_ERR_VALUE;                                \
    for (tt_ssize i = 0; i < M; i++) {                                                    \
        for (tt_ssize j = 0; j < N; j++) {                                                \
            T acc = accumulate ? C[i * rsc + j * csc] : (bias ? bias[j * bias_stride] : 0); \
            for (tt_ssize k = 0; k < K; k++) acc += A[i * rsa + k * csa] * B[k * rsb + j * csb]; \
            if (relu && !(acc > 0)) acc = acc != acc ? acc : 0;                           \
            C[i * rsc + j * csc] = acc;                                                   \
        }                                                                                 \
    }                                                                                     \
    return TT_OK;                                                                         \
}
DEFINE_GEMM(tt_gemm_f32, float)
DEFINE_GEMM(tt_gemm_f64, double)
