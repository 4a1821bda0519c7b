/* Fused optimiser updates (see optim.h). Plain loops the compiler vectorises; large
 * parameters are split across threads. */
#include <math.h>
#include "optim.h"

/* below ~1M elements a parameter fits in cache and one thread keeps up with memory */
#define OPT_THREADS(n) ((n) >= (1 << 20) ? tt_get_num_threads() : 1)

#define DEFINE_OPTIM(SUF, T, SQRT)                                                        \
void tt_sgd_##SUF(T *p, const T *g, T *v, tt_ssize n, T lr, T momentum, int nesterov)     \
{                                                                                         \
    int nt = OPT_THREADS(n); (void)nt;                                                    \
    if (momentum == 0) {                                                                  \
        _Pragma("omp parallel for num_threads(nt) schedule(static) if(nt > 1)")           \
        for (tt_ssize i = 0; i < n; i++) p[i] -= lr * g[i];                               \
        return;                                                                           \
    }                                                                                     \
    _Pragma("omp parallel for num_threads(nt) schedule(static) if(nt > 1)")               \
    for (tt_ssize i = 0; i < n; i++) {                                                    \
        T vi = momentum * v[i] + g[i];                                                    \
        v[i] = vi;                                                                        \
        p[i] -= lr * (nesterov ? g[i] + momentum * vi : vi);                              \
    }                                                                                     \
}                                                                                         \
void tt_rmsprop_##SUF(T *p, const T *g, T *v, tt_ssize n, T lr, T rho, T eps, int eps_inside) \
{                                                                                         \
    int nt = OPT_THREADS(n); (void)nt;                                                    \
    T one_minus = (T)1 - rho;                                                             \
    if (eps_inside) {                                                                     \
        _Pragma("omp parallel for num_threads(nt) schedule(static) if(nt > 1)")           \
        for (tt_ssize i = 0; i < n; i++) {                                                \
            T gi = g[i], vi = rho * v[i] + one_minus * gi * gi;                           \
            v[i] = vi;                                                                    \
            p[i] -= lr * gi / SQRT(vi + eps);                                             \
        }                                                                                 \
    } else {                                                                              \
        _Pragma("omp parallel for num_threads(nt) schedule(static) if(nt > 1)")           \
        for (tt_ssize i = 0; i < n; i++) {                                                \
            T gi = g[i], vi = rho * v[i] + one_minus * gi * gi;                           \
            v[i] = vi;                                                                    \
            p[i] -= lr * gi / (SQRT(vi) + eps);                                           \
        }                                                                                 \
    }                                                                                     \
}                                                                                         \
void tt_adam_##SUF(T *p, const T *g, T *m, T *v, tt_ssize n, T lr_t, T b1, T b2, T eps_t) \
{                                                                                         \
    int nt = OPT_THREADS(n); (void)nt;                                                    \
    _Pragma("omp parallel for num_threads(nt) schedule(static) if(nt > 1)")               \
    for (tt_ssize i = 0; i < n; i++) {                                                    \
        T gi = g[i];                                                                      \
        T mi = b1 * m[i] + ((T)1 - b1) * gi;                                              \
        T vi = b2 * v[i] + ((T)1 - b2) * gi * gi;                                         \
        m[i] = mi;                                                                        \
        v[i] = vi;                                                                        \
        p[i] -= lr_t * mi / (SQRT(vi) + eps_t);                                           \
    }                                                                                     \
}
DEFINE_OPTIM(f32, float, sqrtf)
DEFINE_OPTIM(f64, double, sqrt)
