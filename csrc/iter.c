/* The strided iterator (see iter.h for the idea). */
#include <stdlib.h>
#include <string.h>
#include "iter.h"
#include "threads.h"

static tt_ssize abs_ss(tt_ssize v) { return v < 0 ? -v : v; }

void tt_iter_prepare(tt_iter *it, int nop, int ndim, const tt_ssize *shape,
                     char *const *ptrs, const tt_ssize *strides, int key_op)
{
    int op, ax, n = 0;
    it->nop = nop;
    it->size = 1;
    for (op = 0; op < nop; op++) it->ptrs[op] = ptrs[op];
    for (ax = 0; ax < ndim; ax++) it->size *= shape[ax];
    if (it->size == 0) { it->ndim = 0; return; }

    /* 1. drop length-1 axes; 2. flip axes the key operand walks backwards */
    for (ax = 0; ax < ndim; ax++) {
        if (shape[ax] == 1) continue;
        int flip = strides[key_op * ndim + ax] < 0;
        it->shape[n] = shape[ax];
        for (op = 0; op < nop; op++) {
            tt_ssize s = strides[op * ndim + ax];
            if (flip) { it->ptrs[op] += s * (shape[ax] - 1); s = -s; }
            it->strides[op][n] = s;
        }
        n++;
    }

    /* 3. order axes by the key operand's |stride|, largest first (stable insertion sort;
     *    ties broken by the other operands so a broadcast key keeps the others in order) */
    for (int i = 1; i < n; i++) {
        for (int j = i; j > 0; j--) {
            int swap = 0;
            for (op = 0; op < nop; op++) {
                int o = (op == 0) ? key_op : (op == key_op ? 0 : op);
                tt_ssize a = abs_ss(it->strides[o][j - 1]), b = abs_ss(it->strides[o][j]);
                if (a != b) { swap = a < b; break; }
            }
            if (!swap) break;
            tt_ssize t = it->shape[j]; it->shape[j] = it->shape[j - 1]; it->shape[j - 1] = t;
            for (op = 0; op < nop; op++) {
                t = it->strides[op][j]; it->strides[op][j] = it->strides[op][j - 1];
                it->strides[op][j - 1] = t;
            }
        }
    }

    /* 4. coalesce axis j into j+1 when every operand walks them as one */
    int m = 0;
    for (ax = 0; ax < n; ax++) {
        if (m > 0) {
            int ok = 1;
            for (op = 0; op < nop && ok; op++)
                ok = it->strides[op][m - 1] == it->strides[op][ax] * it->shape[ax];
            if (ok) {
                it->shape[m - 1] *= it->shape[ax];
                for (op = 0; op < nop; op++) it->strides[op][m - 1] = it->strides[op][ax];
                continue;
            }
        }
        it->shape[m] = it->shape[ax];
        for (op = 0; op < nop; op++) it->strides[op][m] = it->strides[op][ax];
        m++;
    }
    it->ndim = m;
}

/* Runs outer positions [begin, end) of the flattened outer axes. */
static void run_outer(const tt_iter *it, tt_inner_fn fn, void *ctx, tt_ssize begin, tt_ssize end)
{
    int nop = it->nop, nd = it->ndim, op, ax;
    tt_ssize inner = it->shape[nd - 1];
    tt_ssize idx[TT_MAXDIM];
    tt_ssize istr[TT_MAXOP];
    char *p[TT_MAXOP];

    for (op = 0; op < nop; op++) istr[op] = it->strides[op][nd - 1];
    /* the multi-index of `begin` over axes 0..nd-2 */
    tt_ssize rem = begin;
    for (ax = nd - 2; ax >= 0; ax--) { idx[ax] = rem % it->shape[ax]; rem /= it->shape[ax]; }
    for (op = 0; op < nop; op++) {
        p[op] = it->ptrs[op];
        for (ax = 0; ax < nd - 1; ax++) p[op] += idx[ax] * it->strides[op][ax];
    }
    for (tt_ssize pos = begin; pos < end; pos++) {
        fn(p, istr, inner, ctx);
        /* odometer increment, innermost outer axis first */
        for (ax = nd - 2; ax >= 0; ax--) {
            for (op = 0; op < nop; op++) p[op] += it->strides[op][ax];
            if (++idx[ax] < it->shape[ax]) break;
            for (op = 0; op < nop; op++) p[op] -= it->strides[op][ax] * it->shape[ax];
            idx[ax] = 0;
        }
    }
}

/* Runs elements [begin, end) of a single-axis iteration. */
static void run_chunk(const tt_iter *it, tt_inner_fn fn, void *ctx, tt_ssize begin, tt_ssize end)
{
    char *p[TT_MAXOP];
    tt_ssize s[TT_MAXOP];
    for (int op = 0; op < it->nop; op++) {
        s[op] = it->strides[op][0];
        p[op] = it->ptrs[op] + begin * s[op];
    }
    fn(p, s, end - begin, ctx);
}

/* A 2-D iteration in which some operand walks its inner axis with a larger stride than its
 * outer one (A.T + A) reads that operand against its layout: every element a new cache line.
 * Walking TILE x TILE blocks instead keeps both layouts' lines in cache while they are used. */
#define TILE 64

static int wants_tiles(const tt_iter *it)
{
    if (it->ndim != 2 || it->shape[0] < TILE || it->shape[1] < TILE) return 0;
    for (int op = 0; op < it->nop; op++) {
        tt_ssize s0 = it->strides[op][0], s1 = it->strides[op][1];
        if (s1 < 0) s1 = -s1;
        if (s0 < 0) s0 = -s0;
        if (s1 > s0 && s0 != 0) return 1;
    }
    return 0;
}

static void run_tiles(const tt_iter *it, tt_inner_fn fn, void *ctx, tt_ssize r0, tt_ssize r1)
{
    char *p[TT_MAXOP];
    tt_ssize s1[TT_MAXOP];
    tt_ssize ncol = it->shape[1];
    for (int op = 0; op < it->nop; op++) s1[op] = it->strides[op][1];
    for (tt_ssize ib = r0; ib < r1; ib += TILE) {
        tt_ssize ie = ib + TILE < r1 ? ib + TILE : r1;
        for (tt_ssize jb = 0; jb < ncol; jb += TILE) {
            tt_ssize n = ncol - jb < TILE ? ncol - jb : TILE;
            for (tt_ssize i = ib; i < ie; i++) {
                for (int op = 0; op < it->nop; op++)
                    p[op] = it->ptrs[op] + i * it->strides[op][0] + jb * s1[op];
                fn(p, s1, n, ctx);
            }
        }
    }
}

/* ---- threads: the iteration cut into chunks for the pool (threads.h) ---- */

/* Chunks of at least this many elements (smaller ones cost more in claims than they save). */
#define MIN_CHUNK_ELEMS (1 << 14)
/* Chunks per thread: a descheduled worker then holds up at most a small part of the work. */
#define CHUNKS_PER_THREAD 4
#define MAX_CHUNKS 64

/* How many chunks `units` pieces (rows, outer positions, ...) of an iteration of `size`
 * elements are cut into for nthreads threads. Depends only on the sizes and nthreads, never on
 * which threads show up, so results (e.g. a sum's partials) are the same on every run. */
static int chunk_count(tt_ssize size, tt_ssize units, int nthreads)
{
    tt_ssize n = size / MIN_CHUNK_ELEMS;
    if (n < nthreads) n = nthreads;
    if (n > (tt_ssize)nthreads * CHUNKS_PER_THREAD) n = (tt_ssize)nthreads * CHUNKS_PER_THREAD;
    if (n > MAX_CHUNKS) n = MAX_CHUNKS;
    if (n > units) n = units;
    return n < 1 ? 1 : (int)n;
}

enum { SPLIT_TILES, SPLIT_AXIS, SPLIT_OUTER };

typedef struct {
    const tt_iter *it;
    tt_inner_fn fn;
    void *ctx;
    int how;
    tt_ssize units;       /* rows (tiles), elements (one axis) or outer positions */
    tt_ssize nchunks;
} iter_job;

static void iter_chunk(void *arg, tt_ssize c, int slot)
{
    const iter_job *job = (const iter_job *)arg;
    (void)slot;
    tt_ssize b = job->units * c / job->nchunks, e = job->units * (c + 1) / job->nchunks;
    if (job->how == SPLIT_TILES) {          /* whole TILE-row blocks (the last takes the rest) */
        b = b / TILE * TILE;
        e = c == job->nchunks - 1 ? job->units : e / TILE * TILE;
        if (b < e) run_tiles(job->it, job->fn, job->ctx, b, e);
    } else if (job->how == SPLIT_AXIS) {    /* 64-element aligned pieces of the one axis */
        b = b & ~(tt_ssize)63;
        e = c == job->nchunks - 1 ? job->units : e & ~(tt_ssize)63;
        if (b < e) run_chunk(job->it, job->fn, job->ctx, b, e);
    } else if (b < e) {
        run_outer(job->it, job->fn, job->ctx, b, e);
    }
}

void tt_iter_run(const tt_iter *it, tt_inner_fn fn, void *ctx, tt_ssize min_parallel)
{
    if (it->size == 0) return;
    if (it->ndim == 0) {               /* a single element */
        tt_ssize zero[TT_MAXOP] = {0};
        char *p[TT_MAXOP];
        for (int op = 0; op < it->nop; op++) p[op] = it->ptrs[op];
        fn(p, zero, 1, ctx);
        return;
    }
    tt_ssize outer = it->size / it->shape[it->ndim - 1];
    int nthreads = min_parallel > 0 && it->size >= min_parallel ? tt_get_num_threads() : 1;
    iter_job job = {it, fn, ctx, SPLIT_OUTER, outer, 1};
    if (wants_tiles(it)) {
        job.how = SPLIT_TILES;
        job.units = it->shape[0];
        job.nchunks = chunk_count(it->size, it->shape[0] / TILE, nthreads);
    } else if (it->ndim == 1) {
        job.how = SPLIT_AXIS;
        job.units = it->shape[0];
        job.nchunks = chunk_count(it->size, it->shape[0] / 64, nthreads);
    } else if (outer >= nthreads) {
        job.nchunks = chunk_count(it->size, outer, nthreads);
    }
    if (nthreads > 1 && job.nchunks > 1) {
        tt_parallel_run(job.nchunks, nthreads, iter_chunk, &job);
        return;
    }
    if (job.how == SPLIT_TILES) run_tiles(it, fn, ctx, 0, it->shape[0]);
    else run_outer(it, fn, ctx, 0, outer);
}

/* A reduction cut along one axis: chunk c runs the sub-iteration of positions [b, e) of axis
 * `axis`; with `partials`, into its own accumulator partials[c] (initialised from *out). */
typedef struct {
    const tt_iter *it;
    tt_inner_fn fn;
    void *ctx;
    int axis;
    tt_ssize nchunks;
    char (*partials)[16];
    size_t itemsize;
    char *rows;               /* or: a private output row of row_bytes per chunk */
    size_t row_bytes;
} reduce_job;

/* Output rows up to this size get private per-chunk partial rows (row accumulation). */
#define ROW_PARTIAL_BYTES (64 << 10)

static void reduce_chunk(void *arg, tt_ssize c, int slot)
{
    const reduce_job *job = (const reduce_job *)arg;
    const tt_iter *it = job->it;
    (void)slot;
    tt_ssize n = it->shape[job->axis];
    tt_ssize b = n * c / job->nchunks, e = n * (c + 1) / job->nchunks;
    if (job->partials) memcpy(job->partials[c], it->ptrs[0], job->itemsize);
    if (job->rows) memcpy(job->rows + job->row_bytes * (size_t)c, it->ptrs[0], job->row_bytes);
    if (b >= e) return;
    tt_iter sub = *it;
    sub.shape[job->axis] = e - b;
    sub.size = it->size / n * (e - b);
    for (int op = 0; op < it->nop; op++) sub.ptrs[op] += b * it->strides[op][job->axis];
    if (job->partials) sub.ptrs[0] = job->partials[c];
    if (job->rows) sub.ptrs[0] = job->rows + job->row_bytes * (size_t)c;
    tt_iter_run(&sub, job->fn, job->ctx, 0);
}

void tt_iter_run_reduce(const tt_iter *it, tt_inner_fn fn, tt_inner_fn combine, void *ctx,
                        size_t itemsize)
{
    int nthreads = it->size >= TT_PARALLEL_THRESHOLD ? tt_get_num_threads() : 1;
    int nd = it->ndim;
    if (nthreads <= 1 || nd == 0 || itemsize > 16) { tt_iter_run(it, fn, ctx, 0); return; }
    reduce_job job = {it, fn, ctx, -1, 1, NULL, itemsize, NULL, 0};
    if (nd == 2 && it->strides[0][0] == 0 && it->strides[0][1] == (tt_ssize)itemsize
        && it->shape[1] * (tt_ssize)itemsize <= ROW_PARTIAL_BYTES) {
        /* row accumulation into one short contiguous output row (x.sum(axis=0) of a C-ordered
         * matrix): each chunk of rows adds whole rows, read in memory order, into a private
         * row of partial results; the partials are combined in chunk order at the end */
        job.axis = 0;
        job.nchunks = chunk_count(it->size, it->shape[0], nthreads);
        size_t row = (size_t)it->shape[1] * itemsize;
        char *partials = malloc(row * (size_t)job.nchunks);
        if (partials) {
            job.rows = partials;
            job.row_bytes = row;
            tt_parallel_run(job.nchunks, nthreads, reduce_chunk, &job);
            memcpy(it->ptrs[0], partials, row);
            char *p[TT_MAXOP] = {it->ptrs[0], NULL, NULL, NULL};
            tt_ssize s[TT_MAXOP] = {(tt_ssize)itemsize, (tt_ssize)itemsize, 0, 0};
            for (tt_ssize c = 1; c < job.nchunks; c++) {
                p[1] = partials + row * (size_t)c;
                combine(p, s, it->shape[1], ctx);
            }
            free(partials);
            return;
        }
        job.axis = -1;             /* no memory for partials: split the columns instead */
    }
    if (it->strides[0][nd - 1] != 0) job.axis = nd - 1;            /* row accumulation */
    else if (it->strides[0][0] != 0 && it->shape[0] >= nthreads) job.axis = 0;
    if (job.axis >= 0) {
        job.nchunks = chunk_count(it->size, it->shape[job.axis], nthreads);
        tt_parallel_run(job.nchunks, nthreads, reduce_chunk, &job);
        return;
    }
    int all_zero = 1;
    for (int ax = 0; ax < nd; ax++) all_zero &= it->strides[0][ax] == 0;
    if (!all_zero) { tt_iter_run(it, fn, ctx, 0); return; }
    /* one output element: each chunk of axis 0 sums into its own partial result, and the
     * partials are combined in chunk order (the same answer whichever thread ran which) */
    _Alignas(16) char partials[MAX_CHUNKS][16];
    job.axis = 0;
    job.partials = partials;
    job.nchunks = chunk_count(it->size, it->shape[0], nthreads);
    tt_parallel_run(job.nchunks, nthreads, reduce_chunk, &job);
    /* every partial started from the initial value, so the result is partial 0 combined
     * with the others (by the output dtype's own loop: int sums accumulate in int64) */
    memcpy(it->ptrs[0], partials[0], itemsize);
    char *p[TT_MAXOP] = {it->ptrs[0], partials[1], NULL, NULL};
    tt_ssize zs[TT_MAXOP] = {0, 16, 0, 0};
    combine(p, zs, job.nchunks - 1, ctx);
}
