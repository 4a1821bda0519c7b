/* Fused softmax and softmax cross-entropy (see fused.h). The exponentials go through the
 * vectorised tt_vexp_* (vmath.h), row by row, into the output row (or a scratch row). */
#include <math.h>
#include <stdlib.h>
#include "fused.h"
#include "vmath.h"
#include "reduce.h"
#ifdef _OPENMP
#include <omp.h>
#endif

#define PARALLEL_ROWS(M, N) ((M) * (N) >= (1 << 16) && tt_get_num_threads() > 1)

#define DEFINE_SOFTMAX(SUF, T, EXPV, LOGF, PAIRWISE)                                      \
int tt_softmax_##SUF(const T *x, tt_ssize rsx, T *y, tt_ssize rsy, tt_ssize M, tt_ssize N, int take_log) \
{                                                                                         \
    int nt = PARALLEL_ROWS(M, N) ? tt_get_num_threads() : 1; (void)nt;                    \
    _Pragma("omp parallel for num_threads(nt) schedule(static) if(nt > 1)")               \
    for (tt_ssize i = 0; i < M; i++) {                                                    \
        const T *xi = x + i * rsx;                                                        \
        T *yi = y + i * rsy;                                                              \
        T m = -INFINITY;                                                                  \
        for (tt_ssize j = 0; j < N; j++) m = xi[j] > m ? xi[j] : m;                       \
        if (m == -INFINITY || m != m) m = 0;   /* all -inf rows (and NaN) keep their NaNs */ \
        for (tt_ssize j = 0; j < N; j++) yi[j] = xi[j] - m;                               \
        if (take_log) {                                                                   \
            /* y = (x - m) - log(sum(exp(x - m))): exp into a scratch-free second pass */ \
            T s = 0;                                                                      \
            T buf[256];                                                                   \
            for (tt_ssize j0 = 0; j0 < N; j0 += 256) {                                    \
                tt_ssize n = N - j0 < 256 ? N - j0 : 256;                                 \
                EXPV(yi + j0, buf, n);                                                    \
                s += PAIRWISE((const char *)buf, n, sizeof(T));                           \
            }                                                                             \
            T ls = LOGF(s);                                                               \
            for (tt_ssize j = 0; j < N; j++) yi[j] -= ls;                                 \
        } else {                                                                          \
            EXPV(yi, yi, N);                                                              \
            T s = PAIRWISE((const char *)yi, N, sizeof(T));                               \
            T inv = (T)1 / s;                                                             \
            for (tt_ssize j = 0; j < N; j++) yi[j] *= inv;                                \
        }                                                                                 \
    }                                                                                     \
    return TT_OK;                                                                         \
}
DEFINE_SOFTMAX(f32, float, tt_vexp_f32, logf, tt_pairwise_sum_f32)
DEFINE_SOFTMAX(f64, double, tt_vexp_f64, log, tt_pairwise_sum_f64)

#define DEFINE_XENT(SUF, T, EXPV, LOGF, PAIRWISE)                                         \
int tt_softmax_xent_##SUF(const T *x, tt_ssize rsx, const T *t, tt_ssize rst,             \
                          const int64_t *labels, tt_ssize M, tt_ssize N,                  \
                          T *loss_rows, T *dlogits, tt_ssize rsd)                         \
{                                                                                         \
    int bad = 0, nomem = 0;                                                               \
    if (labels)                                                                           \
        for (tt_ssize i = 0; i < M; i++) if (labels[i] < 0 || labels[i] >= N) bad = 1;    \
    if (bad) return TT_ERR_VALUE;                                                         \
    T inv_m = M ? (T)1 / (T)M : 0;                                                        \
    int nt = PARALLEL_ROWS(M, N) ? tt_get_num_threads() : 1; (void)nt;                    \
    _Pragma("omp parallel for num_threads(nt) schedule(static) if(nt > 1)")               \
    for (tt_ssize i = 0; i < M; i++) {                                                    \
        const T *xi = x + i * rsx;                                                        \
        T scratch[1024];                                                                  \
        T *e = dlogits ? dlogits + i * rsd : (N <= 1024 ? scratch : NULL);                \
        T *heap = NULL;                                                                   \
        if (!e) e = heap = (T *)malloc(sizeof(T) * N);                                    \
        if (!e) { nomem = 1; continue; }                                                  \
        T m = -INFINITY;                                                                  \
        for (tt_ssize j = 0; j < N; j++) m = xi[j] > m ? xi[j] : m;                       \
        if (m == -INFINITY || m != m) m = 0;                                              \
        for (tt_ssize j = 0; j < N; j++) e[j] = xi[j] - m;                                \
        EXPV(e, e, N);                                                                    \
        T s = PAIRWISE((const char *)e, N, sizeof(T));                                    \
        T lse = m + LOGF(s);                                                              \
        T tsum = 0, tx = 0;                                                               \
        if (labels) { tsum = 1; tx = xi[labels[i]]; }                                     \
        else {                                                                            \
            const T *ti = t + i * rst;                                                    \
            for (tt_ssize j = 0; j < N; j++) { tsum += ti[j]; tx += ti[j] * xi[j]; }      \
        }                                                                                 \
        loss_rows[i] = tsum * lse - tx;                                                   \
        if (dlogits) {                                                                    \
            T scale = tsum * inv_m / s;                                                   \
            for (tt_ssize j = 0; j < N; j++) e[j] *= scale;                               \
            if (labels) e[labels[i]] -= inv_m;                                            \
            else {                                                                        \
                const T *ti = t + i * rst;                                                \
                for (tt_ssize j = 0; j < N; j++) e[j] -= ti[j] * inv_m;                   \
            }                                                                             \
        }                                                                                 \
        free(heap);                                                                       \
    }                                                                                     \
    return nomem ? TT_ERR_NOMEM : TT_OK;                                                                         \
}
DEFINE_XENT(f32, float, tt_vexp_f32, logf, tt_pairwise_sum_f32)
DEFINE_XENT(f64, double, tt_vexp_f64, log, tt_pairwise_sum_f64)
