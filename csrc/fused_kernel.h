/* The fused row kernels of fused.c, written once and included once per element type.
 * Before each #include, fused.c defines
 *
 *   T         the element type (float or double)
 *   SFX       the suffix of the exported names (f32 -> tt_softmax_f32)
 *   EXPV      the vectorised exp over an array (tt_vexp_f32, vmath.h)
 *   LOGF      the scalar log (logf, log)
 *   PAIRWISE  the pairwise sum of a strided array (tt_pairwise_sum_f32, reduce.h)
 *
 * and this file #undef's them at the end. Rows are split into chunks for the thread pool.
 */

#define GLUE_(a, b) a##_##b
#define GLUE(a, b) GLUE_(a, b)
#define FN(name) GLUE(name, SFX)        /* FN(tt_softmax) -> tt_softmax_f32 */

/* ---- softmax and log_softmax ---- */

typedef struct {
    const T *x; tt_ssize rsx;
    T *y; tt_ssize rsy;
    tt_ssize M, N, nchunks;
    int take_log;
} FN(softmax_job);

static void FN(softmax_rows)(void *arg, tt_ssize chunk, int slot)
{
    const FN(softmax_job) *job = arg;
    tt_ssize N = job->N;
    (void)slot;
    tt_ssize i0 = job->M * chunk / job->nchunks, i1 = job->M * (chunk + 1) / job->nchunks;
    for (tt_ssize i = i0; i < i1; i++) {
        const T *xi = job->x + i * job->rsx;
        T *yi = job->y + i * job->rsy;
        T m = -INFINITY;
        for (tt_ssize j = 0; j < N; j++) m = xi[j] > m ? xi[j] : m;
        if (m == -INFINITY || m != m) m = 0;   /* all -inf rows (and NaN) keep their NaNs */
        for (tt_ssize j = 0; j < N; j++) yi[j] = xi[j] - m;
        if (job->take_log) {
            /* y = (x - m) - log(sum(exp(x - m))): y keeps x - m, so the exponentials go
             * through a small stack buffer, 256 at a time */
            T s = 0;
            T buf[256];
            for (tt_ssize j0 = 0; j0 < N; j0 += 256) {
                tt_ssize n = N - j0 < 256 ? N - j0 : 256;
                EXPV(yi + j0, buf, n);
                s += PAIRWISE((const char *)buf, n, sizeof(T));
            }
            T ls = LOGF(s);
            for (tt_ssize j = 0; j < N; j++) yi[j] -= ls;
        } else {
            EXPV(yi, yi, N);
            T s = PAIRWISE((const char *)yi, N, sizeof(T));
            T inv = (T)1 / s;
            for (tt_ssize j = 0; j < N; j++) yi[j] *= inv;
        }
    }
}

int FN(tt_softmax)(const T *x, tt_ssize rsx, T *y, tt_ssize rsy, tt_ssize M, tt_ssize N,
                   int take_log)
{
    int nt = PARALLEL_ROWS(M, N) ? tt_get_num_threads() : 1;
    FN(softmax_job) job = {x, rsx, y, rsy, M, N, tt_parallel_chunks(M, nt, 4), take_log};
    tt_parallel_run(job.nchunks, nt, FN(softmax_rows), &job);
    return TT_OK;
}

/* ---- softmax cross-entropy ---- */

typedef struct {
    const T *x; tt_ssize rsx;
    const T *t; tt_ssize rst;
    const int64_t *labels;
    tt_ssize M, N, nchunks;
    T *loss_rows, *dlogits; tt_ssize rsd;
    T inv_m;
    int nomem;                /* set (atomically) by a chunk whose scratch row failed */
} FN(xent_job);

static void FN(xent_rows)(void *arg, tt_ssize chunk, int slot)
{
    FN(xent_job) *job = arg;
    tt_ssize N = job->N;
    T inv_m = job->inv_m;
    (void)slot;
    tt_ssize i0 = job->M * chunk / job->nchunks, i1 = job->M * (chunk + 1) / job->nchunks;
    for (tt_ssize i = i0; i < i1; i++) {
        const T *xi = job->x + i * job->rsx;
        /* e: exp(x - m), in the dlogits row when there is one, else in scratch */
        T scratch[1024];
        T *e = job->dlogits ? job->dlogits + i * job->rsd : (N <= 1024 ? scratch : NULL);
        T *heap = NULL;
        if (!e) e = heap = (T *)malloc(sizeof(T) * N);
        if (!e) { __atomic_store_n(&job->nomem, 1, __ATOMIC_RELAXED); continue; }
        T m = -INFINITY;
        for (tt_ssize j = 0; j < N; j++) m = xi[j] > m ? xi[j] : m;
        if (m == -INFINITY || m != m) m = 0;
        for (tt_ssize j = 0; j < N; j++) e[j] = xi[j] - m;
        EXPV(e, e, N);
        T s = PAIRWISE((const char *)e, N, sizeof(T));
        T lse = m + LOGF(s);
        T tsum = 0, tx = 0;
        if (job->labels) {
            tsum = 1;
            tx = xi[job->labels[i]];
        } else {
            const T *ti = job->t + i * job->rst;
            for (tt_ssize j = 0; j < N; j++) { tsum += ti[j]; tx += ti[j] * xi[j]; }
        }
        job->loss_rows[i] = tsum * lse - tx;
        if (job->dlogits) {
            T scale = tsum * inv_m / s;
            for (tt_ssize j = 0; j < N; j++) e[j] *= scale;
            if (job->labels) {
                e[job->labels[i]] -= inv_m;
            } else {
                const T *ti = job->t + i * job->rst;
                for (tt_ssize j = 0; j < N; j++) e[j] -= ti[j] * inv_m;
            }
        }
        free(heap);
    }
}

int FN(tt_softmax_xent)(const T *x, tt_ssize rsx, const T *t, tt_ssize rst,
                        const int64_t *labels, tt_ssize M, tt_ssize N,
                        T *loss_rows, T *dlogits, tt_ssize rsd)
{
    if (labels)
        for (tt_ssize i = 0; i < M; i++)
            if (labels[i] < 0 || labels[i] >= N) return TT_ERR_VALUE;
    int nt = PARALLEL_ROWS(M, N) ? tt_get_num_threads() : 1;
    FN(xent_job) job = {x, rsx, t, rst, labels, M, N, tt_parallel_chunks(M, nt, 4),
                        loss_rows, dlogits, rsd, M ? (T)1 / (T)M : 0, 0};
    tt_parallel_run(job.nchunks, nt, FN(xent_rows), &job);
    return job.nomem ? TT_ERR_NOMEM : TT_OK;
}

/* ---- the backward pass of a dense layer (with relu or without), around its GEMMs ---- */

typedef struct {
    const T *dy; tt_ssize rsdy;
    const T *y; tt_ssize rsy;
    T *dx; tt_ssize rsdx;
    T *dbias;
    int accumulate;
    tt_ssize M, N, nchunks;
} FN(relu_bias_job);

/* Columns [j0, j1): the mask applied row by row (reads in memory order), and the column sums
 * accumulated in dbias[j0:j1], which stays in cache across the rows. Each case has its own
 * inner loop so the compiler vectorises it without a test per element. */
static void FN(relu_bias_cols)(void *arg, tt_ssize chunk, int slot)
{
    const FN(relu_bias_job) *job = arg;
    (void)slot;
    tt_ssize j0 = job->N * chunk / job->nchunks / 16 * 16;
    tt_ssize j1 = chunk == job->nchunks - 1 ? job->N : job->N * (chunk + 1) / job->nchunks / 16 * 16;
    T *db = job->dbias;
    if (db && !job->accumulate)
        for (tt_ssize j = j0; j < j1; j++) db[j] = 0;
    for (tt_ssize i = 0; i < job->M; i++) {
        const T *dyi = job->dy + i * job->rsdy;
        if (!job->y) {                       /* no relu: only the bias gradient */
            if (db)
                for (tt_ssize j = j0; j < j1; j++) db[j] += dyi[j];
            continue;
        }
        const T *yi = job->y + i * job->rsy;
        T *dxi = job->dx + i * job->rsdx;
        if (db) {
            for (tt_ssize j = j0; j < j1; j++) {
                T g = yi[j] > 0 ? dyi[j] : (T)0;
                dxi[j] = g;
                db[j] += g;
            }
        } else {
            for (tt_ssize j = j0; j < j1; j++) dxi[j] = yi[j] > 0 ? dyi[j] : (T)0;
        }
    }
}

int FN(tt_relu_backward_bias)(const T *dy, tt_ssize rsdy, const T *y, tt_ssize rsy,
                              T *dx, tt_ssize rsdx, T *dbias, int accumulate, tt_ssize M, tt_ssize N)
{
    if (M < 0 || N < 0 || (y && !dx)) return TT_ERR_VALUE;
    int nt = PARALLEL_ROWS(M, N) ? tt_get_num_threads() : 1;
    FN(relu_bias_job) job = {dy, rsdy, y, rsy, dx, rsdx, dbias, accumulate, M, N, 1};
    job.nchunks = tt_parallel_chunks(N / 16, nt, 4);
    if (job.nchunks < 1) job.nchunks = 1;
    tt_parallel_run(job.nchunks, nt, FN(relu_bias_cols), &job);
    return TT_OK;
}

#undef FN
#undef GLUE
#undef GLUE_
#undef T
#undef SFX
#undef EXPV
#undef LOGF
#undef PAIRWISE
