/* One GEMM implementation, written once and compiled several times by gemm.c: once per
 * (element type, ISA level). Before each #include, gemm.c defines
 *
 *   T        the element type (float or double)
 *   SFX      a suffix for every function name (e.g. f32_avx512)
 *   VBYTES   the vector register width in bytes (16 SSE2, 32 AVX2, 64 AVX-512)
 *   MR, NR   the register tile: MR rows x NR columns of C (NR a multiple of the vector width)
 *   MC, KC, NC  the cache blocks (see the loop nest in gemm.c)
 *
 *   NARROW_ROWS, NARROW_COLS  the register block of the N < 16 kernel (gemm_narrow)
 *
 * and wraps the #include in `#pragma GCC target(...)`, so the same source becomes SSE2, AVX2
 * or AVX-512 code. Everything here is `static`; only gemm.c's dispatchers are exported.
 * All these macros are #undef'd at the end, ready for the next #include.
 */

#define GLUE_(a, b) a##_##b
#define GLUE(a, b) GLUE_(a, b)
#define FN(name) GLUE(name, SFX)        /* FN(gemm) -> gemm_f32_avx512 */

#define VLEN ((int)(VBYTES / sizeof(T)))   /* elements per vector */
#define NVEC (NR / VLEN)                   /* vectors per row of the register tile */

/* An aligned vector of VLEN elements, and the same vector allowed at any address. */
typedef T FN(vec) __attribute__((vector_size(VBYTES)));
typedef T FN(uvec) __attribute__((vector_size(VBYTES), aligned(sizeof(T))));

/* A vector with every element x (a single broadcast instruction). Not `zero + x`: without
 * -ffast-math the compiler must keep that addition (-0.0 + 0.0 is +0.0); x - 0.0 is always x. */
static inline FN(vec) FN(splat)(T x)
{
    return x - (FN(vec)){0};
}

/* ---- the epilogue: one row of results into C, with the fused bias and relu ---- */

/* c[j] = (add ? c[j] : 0) + v[j] (+ bias[j]), then max(., 0) when relu. NaN stays NaN. */
static inline void FN(store_row)(T *c, tt_ssize csc, const T *v, tt_ssize n, int add,
                                 const T *bias, tt_ssize bias_stride, int relu)
{
    for (tt_ssize j = 0; j < n; j++) {
        T x = v[j];
        if (add) x += c[j * csc];
        if (bias) x += bias[j * bias_stride];
        if (relu && x < 0) x = 0;
        c[j * csc] = x;
    }
}

/* The whole tile[MR][NR] into C (rows of C contiguous, csc == 1): the same as store_row for
 * each row, a vector at a time. bias (may be NULL) is NR contiguous values. */
typedef __typeof__((FN(vec)){0} < (FN(vec)){0}) FN(mask);   /* lanes all-ones or all-zeros */
static inline void FN(store_tile)(T *c, tt_ssize rsc, const T *tile, int add, const T *bias,
                                  int relu)
{
    const FN(vec) zero = {0};
#pragma GCC unroll 16
    for (int i = 0; i < MR; i++)
#pragma GCC unroll 8
        for (int v = 0; v < NVEC; v++) {
            FN(uvec) *out = (FN(uvec) *)(c + i * rsc + v * VLEN);
            FN(vec) x = *(const FN(vec) *)(tile + i * NR + v * VLEN);
            if (add) x += *out;
            if (bias) x += *(const FN(vec) *)(bias + v * VLEN);
            if (relu) x = (FN(vec))((FN(mask))x & ~(x < zero));   /* negative lanes -> +0 */
            *out = x;
        }
}

/* ---- packing: copy a block into the order the micro-kernel reads it ---- */

/* The packers work through k in slices of PACK_DEPTH, so that whichever way the source is laid
 * out (rows or columns contiguous), the lines being read and written stay in L1. */
#define PACK_DEPTH 16

/* A[0:m, 0:k] (any strides) -> micro-panels of MR rows: panel p holds, for each kk,
 * the MR values A[p*MR + 0..MR-1, kk] side by side. Rows past m are zero. */
static void FN(pack_A)(tt_ssize m, tt_ssize k, const T *A, tt_ssize rsa, tt_ssize csa, T *out)
{
    for (tt_ssize i0 = 0; i0 < m; i0 += MR, out += MR * k) {
        tt_ssize rows = m - i0 < MR ? m - i0 : MR;
        const T *a = A + i0 * rsa;
        if (rsa == 1 && rows == MR) {    /* columns of A contiguous (A.T @ B): copy MR at a time */
            for (tt_ssize kk = 0; kk < k; kk++)
                for (int i = 0; i < MR; i++) out[kk * MR + i] = a[kk * csa + i];
            continue;
        }
        for (tt_ssize k0 = 0; k0 < k; k0 += PACK_DEPTH) {
            tt_ssize k1 = k - k0 < PACK_DEPTH ? k : k0 + PACK_DEPTH;
            for (tt_ssize i = 0; i < MR; i++)
                for (tt_ssize kk = k0; kk < k1; kk++)
                    out[kk * MR + i] = i < rows ? a[i * rsa + kk * csa] : 0;
        }
    }
}

/* B[0:k, 0:n] (any strides) -> micro-panels of NR columns: panel p holds, for each kk,
 * the NR values B[kk, p*NR + 0..NR-1] side by side. Columns past n are zero. */
static void FN(pack_B)(tt_ssize k, tt_ssize n, const T *B, tt_ssize rsb, tt_ssize csb, T *out)
{
    tt_ssize j0 = 0;
    if (csb == 1) {          /* rows of B contiguous: read each row once, in order, and deal */
        tt_ssize full = n / NR * NR;                  /* its NR-wide pieces out to the panels */
        for (tt_ssize kk = 0; kk < k; kk++)
            for (tt_ssize p = 0; p < full; p += NR)
                for (int j = 0; j < NR; j++)
                    out[p * k + kk * NR + j] = B[kk * rsb + p + j];
        j0 = full;
    }
    for (; j0 < n; j0 += NR) {                        /* transposed, strided, or the edge */
        tt_ssize cols = n - j0 < NR ? n - j0 : NR;
        const T *b = B + j0 * csb;
        T *panel = out + j0 * k;
        for (tt_ssize k0 = 0; k0 < k; k0 += PACK_DEPTH) {
            tt_ssize k1 = k - k0 < PACK_DEPTH ? k : k0 + PACK_DEPTH;
            for (tt_ssize j = 0; j < NR; j++)
                for (tt_ssize kk = k0; kk < k1; kk++)
                    panel[kk * NR + j] = j < cols ? b[kk * rsb + j * csb] : 0;
        }
    }
}

/* ---- the micro-kernel: an MR x NR tile of A@B kept in registers over k steps ---- */

/* tile[MR][NR] = sum over kk < k of a[kk*MR + i] * b[kk*NR + j]  (a, b packed as above).
 * The MR x NVEC accumulators live in registers: 24 zmm for AVX-512 fp32 12x32. Each step
 * loads NVEC vectors of B, broadcasts MR scalars of A and does MR*NVEC fused multiply-adds. */
static inline void FN(micro_kernel)(tt_ssize k, const T *restrict a, const T *restrict b,
                                    T *restrict tile)
{
    FN(vec) acc[MR][NVEC];
#pragma GCC unroll 16
    for (int i = 0; i < MR; i++)
#pragma GCC unroll 8
        for (int v = 0; v < NVEC; v++) acc[i][v] = (FN(vec)){0};

    for (tt_ssize kk = 0; kk < k; kk++, a += MR, b += NR) {
        FN(vec) bv[NVEC];
#pragma GCC unroll 8
        for (int v = 0; v < NVEC; v++) bv[v] = *(const FN(vec) *)(b + v * VLEN);
#pragma GCC unroll 16
        for (int i = 0; i < MR; i++) {
            FN(vec) ai = FN(splat)(a[i]);              /* broadcast A[i, kk] */
#pragma GCC unroll 8
            for (int v = 0; v < NVEC; v++) acc[i][v] += ai * bv[v];   /* contracted to FMA */
        }
    }
#pragma GCC unroll 16
    for (int i = 0; i < MR; i++)
#pragma GCC unroll 8
        for (int v = 0; v < NVEC; v++) *(FN(vec) *)(tile + i * NR + v * VLEN) = acc[i][v];
}

/* ---- the blocked algorithm (one thread's share of C) ---- */

/* The step that cuts n into the fewest blocks of at most about max (a multiple of unit),
 * of near-equal size, rounded up to a multiple of unit. */
static tt_ssize FN(even_split)(tt_ssize n, tt_ssize max, tt_ssize unit)
{
    tt_ssize blocks = (n + max - 1) / max;
    tt_ssize step = (n + blocks - 1) / blocks;
    return (step + unit - 1) / unit * unit;
}

/* Elements of packing space one thread needs for an M x N x K product: an A block and a
 * B block at their largest (even_split never exceeds MC, KC, NC, which are whole panels),
 * rounded up to 64 bytes so that each thread's share stays aligned. */
static size_t FN(pack_space)(tt_ssize M, tt_ssize N, tt_ssize K, size_t *a_elems)
{
    tt_ssize mc = (M + MR - 1) / MR * MR, nc = (N + NR - 1) / NR * NR;
    size_t m = mc < MC ? mc : MC, n = nc < NC ? nc : NC, k = K < KC ? K : KC;
    size_t round = 64 / sizeof(T);
    *a_elems = (m * k + round - 1) / round * round;
    return *a_elems + (k * n + round - 1) / round * round;
}

/* C[0:M, 0:N] (=|+=) A@B (+bias) (relu), M, N, K >= 1, packing into A_pack and B_pack
 * (pack_space). The five loops are explained at the top of gemm.c.
 * A_pre / B_pre (or NULL): the whole of A (or B) already packed by prepack_chunk, slice after
 * k slice; that operand is then read from there instead of being packed again. */
static void FN(gemm_blocked)(tt_ssize M, tt_ssize N, tt_ssize K,
                             const T *A, tt_ssize rsa, tt_ssize csa,
                             const T *B, tt_ssize rsb, tt_ssize csb,
                             T *C, tt_ssize rsc, tt_ssize csc,
                             const T *bias, tt_ssize bias_stride, int relu, int accumulate,
                             T *A_pack, T *B_pack, const T *A_pre, const T *B_pre)
{
    tt_ssize M_pad = (M + MR - 1) / MR * MR, N_pad = (N + NR - 1) / NR * NR;
    /* Block sizes: at most MC, KC, NC, but split evenly (K = 784 gives three blocks of 262 rather
     * than 384, 384 and a thin 16), and whole micro-panels in M and N. */
    tt_ssize mc_step = FN(even_split)(M, MC, MR), kc_step = FN(even_split)(K, KC, 1);
    tt_ssize nc_step = FN(even_split)(N, NC, NR);
    T tile[MR * NR] __attribute__((aligned(64)));        /* one micro-kernel's result */
    T bias_tile[NR] __attribute__((aligned(64)));        /* its NR bias values, contiguous */

    for (tt_ssize ic = 0; ic < M; ic += mc_step) {                       /* loop 5 */
        tt_ssize mc = M - ic < mc_step ? M - ic : mc_step;
        for (tt_ssize pc = 0; pc < K; pc += kc_step) {                   /* loop 4 */
            tt_ssize kc = K - pc < kc_step ? K - pc : kc_step;
            int first = pc == 0, last = pc + kc == K;
            int add = accumulate || !first;        /* later k blocks add to the partial sums */
            const T *bias_now = first ? bias : NULL;
            int relu_now = relu && last;
            const T *a_block = A_pack;
            if (A_pre) a_block = A_pre + pc * M_pad + ic * kc;
            else FN(pack_A)(mc, kc, A + ic * rsa + pc * csa, rsa, csa, A_pack);

            for (tt_ssize jc = 0; jc < N; jc += nc_step) {               /* loop 3 */
                tt_ssize nc = N - jc < nc_step ? N - jc : nc_step;
                const T *b_block = B_pack;
                if (B_pre) b_block = B_pre + pc * N_pad + jc * kc;
                else FN(pack_B)(kc, nc, B + pc * rsb + jc * csb, rsb, csb, B_pack);

                for (tt_ssize ir = 0; ir < mc; ir += MR) {          /* loop 2 */
                    tt_ssize rows = mc - ir < MR ? mc - ir : MR;
                    const T *a = a_block + ir * kc;
                    for (tt_ssize jr = 0; jr < nc; jr += NR) {      /* loop 1 */
                        tt_ssize cols = nc - jr < NR ? nc - jr : NR;
                        FN(micro_kernel)(kc, a, b_block + jr * kc, tile);
                        T *c = C + (ic + ir) * rsc + (jc + jr) * csc;
                        const T *bj = bias_now ? bias_now + (jc + jr) * bias_stride : NULL;
                        if (rows == MR && cols == NR && csc == 1) {    /* the common case */
                            if (bj)
                                for (int j = 0; j < NR; j++) bias_tile[j] = bj[j * bias_stride];
                            FN(store_tile)(c, rsc, tile, add, bj ? bias_tile : NULL, relu_now);
                        } else {                                       /* edges, strided C */
                            for (tt_ssize i = 0; i < rows; i++)
                                FN(store_row)(c + i * rsc, csc, tile + i * NR, cols, add,
                                              bj, bias_stride, relu_now);
                        }
                    }
                }
            }
        }
    }
}

/* ---- small and narrow problems ---- */

/* Tiny products: a plain loop, no packing (packing would cost more than it saves), in i-k-j
 * order so the innermost loop runs along a row of B and a row of C (vectorised when B's rows
 * are contiguous): row[:] += A[i, k] * B[k, :]. Rows longer than the buffer go in pieces. */
#define SMALL_ROW 256
static void FN(gemm_small)(tt_ssize M, tt_ssize N, tt_ssize K,
                           const T *A, tt_ssize rsa, tt_ssize csa,
                           const T *B, tt_ssize rsb, tt_ssize csb,
                           T *C, tt_ssize rsc, tt_ssize csc,
                           const T *bias, tt_ssize bias_stride, int relu, int accumulate)
{
    T row[SMALL_ROW];
    for (tt_ssize j0 = 0; j0 < N; j0 += SMALL_ROW) {
        tt_ssize n = N - j0 < SMALL_ROW ? N - j0 : SMALL_ROW;
        for (tt_ssize i = 0; i < M; i++) {
            for (tt_ssize j = 0; j < n; j++) row[j] = 0;
            for (tt_ssize k = 0; k < K; k++) {
                T a = A[i * rsa + k * csa];
                const T *b = B + k * rsb + j0 * csb;
                if (csb == 1)
                    for (tt_ssize j = 0; j < n; j++) row[j] += a * b[j];
                else
                    for (tt_ssize j = 0; j < n; j++) row[j] += a * b[j * csb];
            }
            FN(store_row)(C + i * rsc + j0 * csc, csc, row, n, accumulate,
                          bias ? bias + j0 * bias_stride : NULL, bias_stride, relu);
        }
    }
}

/* Narrow products, N < NARROW_N (a classifier's output layer, 128x512 @ 512x10): a register
 * tile of 12x32 would be mostly padding, so compute dot products along K instead.
 * (NARROW_ROWS x NARROW_COLS are set per ISA by gemm.c: as many accumulators as fit.)
 * B is packed once, transposed (Bt[j][k], contiguous in k); A rows are read in place when
 * contiguous in k (else copied). NR_ROWS x N_COLS dot products are formed at a time, each in
 * a vector of partial sums over k that is reduced at the end.
 * Rows/columns past the edge reuse row/column 0 and are computed but never stored. */
/* The sum of the lanes of v: add its 16-byte quarters (vector adds), then the few lanes left. */
static inline T FN(sum_lanes)(FN(vec) v)
{
    typedef T quarter __attribute__((vector_size(16)));
    quarter parts[VBYTES / 16], sum = {0};
    memcpy(parts, &v, sizeof v);
    for (int p = 0; p < VBYTES / 16; p++) sum += parts[p];
    T total = 0;
    for (int l = 0; l < (int)(16 / sizeof(T)); l++) total += sum[l];
    return total;
}

/* The operands and options of one product, passed to the threads' chunks as one pointer. */
typedef struct {
    tt_ssize M, N, K;
    const T *A; tt_ssize rsa, csa;
    const T *B; tt_ssize rsb, csb;
    T *C; tt_ssize rsc, csc;
    const T *bias; tt_ssize bias_stride;
    int relu, accumulate;
} FN(gemm_args);

typedef struct {
    const FN(gemm_args) *g;
    const T *Bt;              /* B transposed: Bt[j*K + k] */
    T *A_copy;                /* NARROW_ROWS rows of K per slot, when A is not contiguous in k */
    tt_ssize nblocks, nchunks;
} FN(narrow_job);

/* Blocks of NARROW_ROWS rows [blk0, blk1) of C. */
static void FN(narrow_chunk)(void *arg, tt_ssize chunk, int slot)
{
    const FN(narrow_job) *job = arg;
    const FN(gemm_args) *g = job->g;
    tt_ssize M = g->M, N = g->N, K = g->K;
    tt_ssize kvec = K / VLEN * VLEN;          /* the part of k done with whole vectors */
    tt_ssize blk0 = job->nblocks * chunk / job->nchunks;
    tt_ssize blk1 = job->nblocks * (chunk + 1) / job->nchunks;
    for (tt_ssize blk = blk0; blk < blk1; blk++) {
        tt_ssize i0 = blk * NARROW_ROWS;
        const T *arow[NARROW_ROWS];
        for (int r = 0; r < NARROW_ROWS; r++) {
            tt_ssize i = i0 + r < M ? i0 + r : i0;
            arow[r] = g->A + i * g->rsa;
            if (job->A_copy) {
                T *buf = job->A_copy + ((tt_ssize)slot * NARROW_ROWS + r) * K;
                for (tt_ssize k = 0; k < K; k++) buf[k] = arow[r][k * g->csa];
                arow[r] = buf;
            }
        }
        for (tt_ssize j0 = 0; j0 < N; j0 += NARROW_COLS) {
            const T *bcol[NARROW_COLS];
            for (int c = 0; c < NARROW_COLS; c++)
                bcol[c] = job->Bt + (j0 + c < N ? j0 + c : j0) * K;

            FN(vec) acc[NARROW_ROWS][NARROW_COLS];
            for (int r = 0; r < NARROW_ROWS; r++)
                for (int c = 0; c < NARROW_COLS; c++) acc[r][c] = (FN(vec)){0};
            for (tt_ssize k = 0; k < kvec; k += VLEN) {
                FN(vec) bv[NARROW_COLS], av;
                for (int c = 0; c < NARROW_COLS; c++) bv[c] = *(const FN(uvec) *)(bcol[c] + k);
                for (int r = 0; r < NARROW_ROWS; r++) {
                    av = *(const FN(uvec) *)(arow[r] + k);
                    for (int c = 0; c < NARROW_COLS; c++) acc[r][c] += av * bv[c];
                }
            }
            for (int r = 0; r < NARROW_ROWS && i0 + r < M; r++) {
                T out[NARROW_COLS];
                int ncols = N - j0 < NARROW_COLS ? (int)(N - j0) : NARROW_COLS;
                for (int c = 0; c < ncols; c++) {
                    T sum = FN(sum_lanes)(acc[r][c]);
                    for (tt_ssize k = kvec; k < K; k++) sum += arow[r][k] * bcol[c][k];
                    out[c] = sum;
                }
                FN(store_row)(g->C + (i0 + r) * g->rsc + j0 * g->csc, g->csc, out, ncols,
                              g->accumulate, g->bias ? g->bias + j0 * g->bias_stride : NULL,
                              g->bias_stride, g->relu);
            }
        }
    }
}

static int FN(gemm_narrow)(const FN(gemm_args) *g, int nthreads)
{
    tt_ssize N = g->N, K = g->K;
    T *Bt = tt_alloc((size_t)N * K * sizeof(T), 0);
    if (!Bt) return TT_ERR_NOMEM;
    for (tt_ssize k = 0; k < K; k++)
        for (tt_ssize j = 0; j < N; j++) Bt[j * K + k] = g->B[k * g->rsb + j * g->csb];

    FN(narrow_job) job = {g, Bt, NULL, (g->M + NARROW_ROWS - 1) / NARROW_ROWS, 1};
    job.nchunks = tt_parallel_chunks(job.nblocks, nthreads, 4);
    if (g->csa != 1) {           /* per-slot row buffers when A is not contiguous in k */
        job.A_copy = tt_alloc((size_t)nthreads * NARROW_ROWS * K * sizeof(T), 0);
        if (!job.A_copy) { tt_free(Bt); return TT_ERR_NOMEM; }
    }
    tt_parallel_run(job.nchunks, nthreads, FN(narrow_chunk), &job);
    tt_free(job.A_copy);
    tt_free(Bt);
    return TT_OK;
}

/* ---- the entry point for this (type, ISA): choose a path and split the work over threads ---- */

/* The threads' share of the blocked algorithm: chunk c is a band of whole MR x NR tiles of C,
 * rows or columns, run by gemm_blocked in the packing space of the slot running it. Every band
 * needs all of the other operand (B for a band of rows, A for a band of columns): when that
 * fits in PREPACK_MAX elements it is packed once, by all threads, before the bands start
 * (prepack_chunk), and the bands can then be narrow (several per thread, so that a thread the
 * OS runs late holds up little) without packing it again each. */
#define PREPACK_MAX (4 << 20)
#define PREPACK_GROUPS 4          /* chunks per k slice of the prepacking */
typedef struct {
    const FN(gemm_args) *g;
    int split_rows;
    tt_ssize tiles, nchunks;
    T *space;                 /* per_thread elements per slot: A block, then B block */
    size_t per_thread, a_elems;
    T *pre;                   /* the other operand, packed whole (or NULL) */
    tt_ssize kc_step, pre_chunks;
} FN(blocked_job);

/* Chunk c of the prepacking: panel group c % PREPACK_GROUPS of k slice c / PREPACK_GROUPS of
 * the shared operand (B when bands are rows, A when they are columns), in the layout
 * gemm_blocked reads (slice pc at pre + pc * padded width, panel p at p * kc within it). */
static void FN(prepack_chunk)(void *arg, tt_ssize chunk, int slot)
{
    const FN(blocked_job) *job = arg;
    const FN(gemm_args) *g = job->g;
    (void)slot;
    tt_ssize pc = chunk / PREPACK_GROUPS * job->kc_step, group = chunk % PREPACK_GROUPS;
    tt_ssize kc = g->K - pc < job->kc_step ? g->K - pc : job->kc_step;
    if (job->split_rows) {                    /* B: panels of NR columns */
        tt_ssize panels = (g->N + NR - 1) / NR, N_pad = panels * NR;
        tt_ssize j0 = panels * group / PREPACK_GROUPS * NR;
        tt_ssize j1 = panels * (group + 1) / PREPACK_GROUPS * NR;
        if (j1 > g->N) j1 = g->N;
        if (j0 < j1)
            FN(pack_B)(kc, j1 - j0, g->B + pc * g->rsb + j0 * g->csb, g->rsb, g->csb,
                       job->pre + pc * N_pad + j0 * kc);
    } else {                                  /* A: panels of MR rows */
        tt_ssize panels = (g->M + MR - 1) / MR, M_pad = panels * MR;
        tt_ssize i0 = panels * group / PREPACK_GROUPS * MR;
        tt_ssize i1 = panels * (group + 1) / PREPACK_GROUPS * MR;
        if (i1 > g->M) i1 = g->M;
        if (i0 < i1)
            FN(pack_A)(i1 - i0, kc, g->A + i0 * g->rsa + pc * g->csa, g->rsa, g->csa,
                       job->pre + pc * M_pad + i0 * kc);
    }
}

static void FN(blocked_chunk)(void *arg, tt_ssize chunk, int slot)
{
    const FN(blocked_job) *job = arg;
    const FN(gemm_args) *g = job->g;
    tt_ssize lo = job->tiles * chunk / job->nchunks, hi = job->tiles * (chunk + 1) / job->nchunks;
    if (lo >= hi) return;
    T *A_pack = job->space + slot * job->per_thread, *B_pack = A_pack + job->a_elems;
    if (job->split_rows) {
        tt_ssize r0 = lo * MR, r1 = hi * MR < g->M ? hi * MR : g->M;
        FN(gemm_blocked)(r1 - r0, g->N, g->K, g->A + r0 * g->rsa, g->rsa, g->csa,
                         g->B, g->rsb, g->csb, g->C + r0 * g->rsc, g->rsc, g->csc,
                         g->bias, g->bias_stride, g->relu, g->accumulate, A_pack, B_pack,
                         NULL, job->pre);
    } else {
        tt_ssize c0 = lo * NR, c1 = hi * NR < g->N ? hi * NR : g->N;
        FN(gemm_blocked)(g->M, c1 - c0, g->K, g->A, g->rsa, g->csa,
                         g->B + c0 * g->csb, g->rsb, g->csb, g->C + c0 * g->csc, g->rsc, g->csc,
                         g->bias ? g->bias + c0 * g->bias_stride : NULL, g->bias_stride,
                         g->relu, g->accumulate, A_pack, B_pack, job->pre, NULL);
    }
}

static int FN(gemm)(tt_ssize M, tt_ssize N, tt_ssize K,
                    const T *A, tt_ssize rsa, tt_ssize csa,
                    const T *B, tt_ssize rsb, tt_ssize csb,
                    T *C, tt_ssize rsc, tt_ssize csc,
                    const T *bias, tt_ssize bias_stride, int relu, int accumulate)
{
    if (M == 0 || N == 0) return TT_OK;
    if (K == 0) {                                      /* an empty sum: C = bias (or zeros) */
        T zero = 0;
        for (tt_ssize i = 0; i < M; i++)
            for (tt_ssize j = 0; j < N; j++)
                FN(store_row)(C + i * rsc + j * csc, csc, &zero, 1, accumulate,
                              bias ? bias + j * bias_stride : NULL, bias_stride, relu);
        return TT_OK;
    }
    double work = (double)M * N * K;                   /* multiply-adds */
    if (work <= SMALL_WORK)
        return FN(gemm_small)(M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc,
                              bias, bias_stride, relu, accumulate), TT_OK;

    FN(gemm_args) g = {M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc,
                       bias, bias_stride, relu, accumulate};
    int nthreads = work >= PARALLEL_WORK ? tt_get_num_threads() : 1;
    /* The narrow kernel reads rows of A along k. When A is stored the other way (a transposed
     * view, as in the weight gradient H.T @ dZ: 512x128 @ 128x10) it would gather every
     * element; the same product transposed, C.T = B.T @ A.T, is a wide one whose B operand
     * (A.T) is contiguous: the packed path, ~3x faster. (C.T is C with its strides swapped;
     * only without a bias or relu, which act along C's columns.) */
    if (N < NARROW_N && csa != 1 && rsa == 1 && !bias && !relu && M >= NARROW_N)
        return FN(gemm)(N, M, K, B, csb, rsb, A, csa, rsa, C, csc, rsc, NULL, 0, 0, accumulate);
    if (N < NARROW_N)
        return FN(gemm_narrow)(&g, nthreads);

    /* Bands of whole MR x NR tiles of C along whichever dimension has more tiles (see
     * blocked_job), in one packing allocation made here, outside the threads, so that repeated
     * calls reuse the same memory rather than mapping fresh pages every time. */
    FN(blocked_job) job = {0};
    job.g = &g;
    tt_ssize row_tiles = (M + MR - 1) / MR, col_tiles = (N + NR - 1) / NR;
    job.split_rows = row_tiles >= col_tiles;
    job.tiles = job.split_rows ? row_tiles : col_tiles;
    if (nthreads > job.tiles) nthreads = (int)job.tiles;
    size_t shared = job.split_rows ? (size_t)col_tiles * NR * K : (size_t)row_tiles * MR * K;
    int prepack = nthreads > 1 && shared <= PREPACK_MAX;
    job.nchunks = tt_parallel_chunks(job.tiles, nthreads, prepack ? GEMM_CHUNKS_PER_THREAD : 1);
    job.per_thread = FN(pack_space)(M, N, K, &job.a_elems);
    size_t pre_elems = prepack ? (shared + 15) / 16 * 16 : 0;
    job.space = tt_alloc((nthreads * job.per_thread + pre_elems) * sizeof(T), 0);
    if (!job.space) return TT_ERR_NOMEM;
    if (prepack) {
        job.pre = job.space + nthreads * job.per_thread;
        job.kc_step = FN(even_split)(K, KC, 1);
        job.pre_chunks = (K + job.kc_step - 1) / job.kc_step * PREPACK_GROUPS;
        tt_parallel_run(job.pre_chunks, nthreads, FN(prepack_chunk), &job);
    }
    tt_parallel_run(job.nchunks, nthreads, FN(blocked_chunk), &job);
    tt_free(job.space);
    return TT_OK;
}

#undef PREPACK_MAX
#undef PREPACK_GROUPS
#undef PACK_DEPTH
#undef VLEN
#undef NVEC
#undef T
#undef SFX
#undef VBYTES
#undef MR
#undef NR
#undef MC
#undef KC
#undef NC
#undef NARROW_ROWS
#undef NARROW_COLS
#undef FN
#undef GLUE
#undef GLUE_
