/* The fused optimiser updates of optim.c, written once and included once per element type.
 * Before each #include, optim.c defines T (float or double), SFX (f32 or f64: the exported
 * names' suffix) and SQRT (sqrtf or sqrt); this file #undef's them at the end.
 *
 * Each update is a loop over elements [i0, i1) (one chunk); the exported functions run it over
 * the whole parameter, cut into chunks for the thread pool when the parameter is large.
 */

#define GLUE_(a, b) a##_##b
#define GLUE(a, b) GLUE_(a, b)
#define FN(name) GLUE(name, SFX)        /* FN(tt_sgd) -> tt_sgd_f32 */

static void FN(sgd_range)(T *p, const T *g, T *v, tt_ssize i0, tt_ssize i1, T lr, T momentum,
                          int nesterov)
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

static void FN(rmsprop_range)(T *p, const T *g, T *v, tt_ssize i0, tt_ssize i1, T lr, T rho,
                              T eps, int eps_inside)
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

static void FN(adam_range)(T *p, const T *g, T *m, T *v, tt_ssize i0, tt_ssize i1, T lr_t,
                           T b1, T b2, T eps_t)
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

/* One update over the whole parameter, for the pool: which rule, its arrays and scalars. */
typedef struct {
    int rule;                 /* OPT_SGD, OPT_RMSPROP, OPT_ADAM (optim.c) */
    T *p; const T *g; T *m, *v;
    tt_ssize n, nchunks;
    T lr, a, b, eps;          /* sgd: a = momentum; rmsprop: a = rho; adam: a = b1, b = b2 */
    int flag;                 /* sgd: nesterov; rmsprop: eps_inside */
} FN(optim_job);

static void FN(optim_chunk)(void *arg, tt_ssize chunk, int slot)
{
    const FN(optim_job) *job = arg;
    (void)slot;
    /* chunk borders on 16-element boundaries: no two threads write one cache line */
    tt_ssize i0 = (job->n * chunk / job->nchunks) & ~(tt_ssize)15;
    tt_ssize i1 = chunk == job->nchunks - 1 ? job->n : (job->n * (chunk + 1) / job->nchunks) & ~(tt_ssize)15;
    switch (job->rule) {
    case OPT_SGD:
        FN(sgd_range)(job->p, job->g, job->v, i0, i1, job->lr, job->a, job->flag);
        break;
    case OPT_RMSPROP:
        FN(rmsprop_range)(job->p, job->g, job->v, i0, i1, job->lr, job->a, job->eps, job->flag);
        break;
    default:
        FN(adam_range)(job->p, job->g, job->m, job->v, i0, i1, job->lr, job->a, job->b, job->eps);
        break;
    }
}

static void FN(optim_run)(FN(optim_job) *job)
{
    int nt = OPT_THREADS(job->n);
    job->nchunks = nt > 1 ? tt_parallel_chunks(job->n / 4096, nt, 4) : 1;
    if (job->nchunks <= 1) { job->nchunks = 1; FN(optim_chunk)(job, 0, 0); return; }
    tt_parallel_run(job->nchunks, nt, FN(optim_chunk), job);
}

void FN(tt_sgd)(T *p, const T *g, T *v, tt_ssize n, T lr, T momentum, int nesterov)
{
    FN(optim_job) job = {OPT_SGD, p, g, NULL, v, n, 1, lr, momentum, 0, 0, nesterov};
    FN(optim_run)(&job);
}

void FN(tt_rmsprop)(T *p, const T *g, T *v, tt_ssize n, T lr, T rho, T eps, int eps_inside)
{
    FN(optim_job) job = {OPT_RMSPROP, p, g, NULL, v, n, 1, lr, rho, 0, eps, eps_inside};
    FN(optim_run)(&job);
}

void FN(tt_adam)(T *p, const T *g, T *m, T *v, tt_ssize n, T lr_t, T b1, T b2, T eps_t)
{
    FN(optim_job) job = {OPT_ADAM, p, g, m, v, n, 1, lr_t, b1, b2, eps_t, 0};
    FN(optim_run)(&job);
}

#undef FN
#undef GLUE
#undef GLUE_
#undef T
#undef SFX
#undef SQRT
