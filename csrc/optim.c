/* Fused optimiser updates (see optim.h): the loops are in optim_kernel.h, compiled per CPU
 * level and reached through the level's table (dispatch.h); here a parameter is cut into
 * chunks for the thread pool. */
#include "optim.h"
#include "dispatch.h"
#include "threads.h"

/* The updates are compute-bound (a square root and a division per element: ~1 ns per float
 * element on one core), so from 64K elements two threads pay for their join. */
#define OPT_THREADS(n) ((n) >= (1 << 16) ? tt_get_num_threads() : 1)

/* One update over a whole parameter, for the pool: the rule, its arrays and its scalars. */
typedef struct {
    int rule, is_f64;
    void *p, *m, *v;
    const void *g;
    tt_ssize n, nchunks;
    double lr, a, b, eps;     /* sgd: a = momentum; rmsprop: a = rho; adam: a = b1, b = b2 */
    int flag;                 /* sgd: nesterov; rmsprop: eps_inside */
} optim_job;

static void optim_chunk(void *arg, tt_ssize chunk, int slot)
{
    const optim_job *job = arg;
    (void)slot;
    /* chunk borders on 16-element boundaries: no two threads write one cache line */
    tt_ssize i0 = (job->n * chunk / job->nchunks) & ~(tt_ssize)15;
    tt_ssize i1 = chunk == job->nchunks - 1 ? job->n : (job->n * (chunk + 1) / job->nchunks) & ~(tt_ssize)15;
    if (job->is_f64)
        tt_kernels->optim_range_f64(job->rule, job->p, job->g, job->m, job->v, i0, i1, job->lr,
                                    job->a, job->b, job->eps, job->flag);
    else
        tt_kernels->optim_range_f32(job->rule, job->p, job->g, job->m, job->v, i0, i1,
                                    (float)job->lr, (float)job->a, (float)job->b, (float)job->eps,
                                    job->flag);
}

static void optim_run(optim_job *job)
{
    int nt = OPT_THREADS(job->n);
    job->nchunks = nt > 1 ? tt_parallel_chunks(job->n / 4096, nt, 4) : 1;
    if (job->nchunks <= 1) { job->nchunks = 1; optim_chunk(job, 0, 0); return; }
    tt_parallel_run(job->nchunks, nt, optim_chunk, job);
}

void tt_sgd_f32(float *p, const float *g, float *v, tt_ssize n, float lr, float momentum, int nesterov)
{
    optim_job job = {TT_OPT_SGD, 0, p, NULL, v, g, n, 1, lr, momentum, 0, 0, nesterov};
    optim_run(&job);
}

void tt_sgd_f64(double *p, const double *g, double *v, tt_ssize n, double lr, double momentum, int nesterov)
{
    optim_job job = {TT_OPT_SGD, 1, p, NULL, v, g, n, 1, lr, momentum, 0, 0, nesterov};
    optim_run(&job);
}

void tt_rmsprop_f32(float *p, const float *g, float *v, tt_ssize n, float lr, float rho, float eps, int eps_inside)
{
    optim_job job = {TT_OPT_RMSPROP, 0, p, NULL, v, g, n, 1, lr, rho, 0, eps, eps_inside};
    optim_run(&job);
}

void tt_rmsprop_f64(double *p, const double *g, double *v, tt_ssize n, double lr, double rho, double eps, int eps_inside)
{
    optim_job job = {TT_OPT_RMSPROP, 1, p, NULL, v, g, n, 1, lr, rho, 0, eps, eps_inside};
    optim_run(&job);
}

void tt_adam_f32(float *p, const float *g, float *m, float *v, tt_ssize n, float lr_t, float b1, float b2, float eps_t)
{
    optim_job job = {TT_OPT_ADAM, 0, p, m, v, g, n, 1, lr_t, b1, b2, eps_t, 0};
    optim_run(&job);
}

void tt_adam_f64(double *p, const double *g, double *m, double *v, tt_ssize n, double lr_t, double b1, double b2, double eps_t)
{
    optim_job job = {TT_OPT_ADAM, 1, p, m, v, g, n, 1, lr_t, b1, b2, eps_t, 0};
    optim_run(&job);
}
