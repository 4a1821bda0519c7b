/* The fused optimiser updates of optim.h, written once and compiled per CPU level (included by
 * kernels_level.h twice: T = float with SUF f32 and SQRT sqrtf, T = double with SUF f64 and
 * SQRT sqrt; ISA_NAME, the level's name suffix, comes from the level). The updates divide by a
 * square root per element, so they are compute-bound: the avx2/avx512 builds of these plain
 * loops (8 or 16 lanes of vsqrtps/vdivps) run 2-4x the baseline's SSE2 speed.
 *
 * Each update is a loop over elements [i0, i1) (one chunk of the parameter); optim.c cuts the
 * parameter into chunks for the thread pool and calls optim_range through the level's table.
 * This file #undef's T, SUF and SQRT at the end.
 */

#define OPT_GLUE_(a, b) a##_##b
#define OPT_GLUE(a, b) OPT_GLUE_(a, b)
#define OPT(name) ISA_NAME(OPT_GLUE(name, SUF))     /* OPT(rmsprop) -> rmsprop_f32_avx2 */

static void OPT(sgd)(T *p, const T *g, T *v, tt_ssize i0, tt_ssize i1, T lr, T momentum, int nesterov)
{
    if (momentum == 0) {
        for (tt_ssize i = i0; i < i1; i++) p[i] -= lr * g[i];
        return;
    }
    for (tt_ssize i = i0; i < i1; i++) {
        T vi = momentum * v[i] + g[i];
        v[i] = vi;
        p[i] -= lr * (nesterov ? g[i] + momentum * vi : vi);
    }
}

static void OPT(rmsprop)(T *p, const T *g, T *v, tt_ssize i0, tt_ssize i1, T lr, T rho, T eps,
                         int eps_inside)
{
    T one_minus = (T)1 - rho;
    if (eps_inside) {
        for (tt_ssize i = i0; i < i1; i++) {
            T gi = g[i], vi = rho * v[i] + one_minus * gi * gi;
            v[i] = vi;
            p[i] -= lr * gi / SQRT(vi + eps);
        }
    } else {
        for (tt_ssize i = i0; i < i1; i++) {
            T gi = g[i], vi = rho * v[i] + one_minus * gi * gi;
            v[i] = vi;
            p[i] -= lr * gi / (SQRT(vi) + eps);
        }
    }
}

static void OPT(adam)(T *p, const T *g, T *m, T *v, tt_ssize i0, tt_ssize i1, T lr_t, T b1, T b2,
                      T eps_t)
{
    for (tt_ssize i = i0; i < i1; i++) {
        T gi = g[i];
        T mi = b1 * m[i] + ((T)1 - b1) * gi;
        T vi = b2 * v[i] + ((T)1 - b2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] -= lr_t * mi / (SQRT(vi) + eps_t);
    }
}

/* The table's entry: one rule (TT_OPT_*, optim.h) over elements [i0, i1). sgd: a = momentum,
 * flag = nesterov; rmsprop: a = rho, flag = eps_inside; adam: a = b1, b = b2. */
static void OPT(optim_range)(int rule, T *p, const T *g, T *m, T *v, tt_ssize i0, tt_ssize i1,
                             T lr, T a, T b, T eps, int flag)
{
    switch (rule) {
    case TT_OPT_SGD:
        OPT(sgd)(p, g, v, i0, i1, lr, a, flag);
        break;
    case TT_OPT_RMSPROP:
        OPT(rmsprop)(p, g, v, i0, i1, lr, a, eps, flag);
        break;
    default:
        OPT(adam)(p, g, m, v, i0, i1, lr, a, b, eps);
        break;
    }
}

#undef OPT
#undef OPT_GLUE
#undef OPT_GLUE_
#undef T
#undef SUF
#undef SQRT
