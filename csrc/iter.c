/* The strided iterator (see iter.h for the idea). */
#include <string.h>
#include "iter.h"
#ifdef _OPENMP
#include <omp.h>
#endif

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

void tt_iter_run(const tt_iter *it, tt_inner_fn fn, void *ctx, int parallel)
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
    int nthreads = parallel && it->size >= TT_PARALLEL_THRESHOLD ? tt_get_num_threads() : 1;
    if (wants_tiles(it)) {
        tt_ssize rows = it->shape[0];
#ifdef _OPENMP
        if (nthreads > 1) {
            #pragma omp parallel for num_threads(nthreads) schedule(static)
            for (int t = 0; t < nthreads; t++) {
                tt_ssize b = rows * t / nthreads / TILE * TILE;
                tt_ssize e = t == nthreads - 1 ? rows : rows * (t + 1) / nthreads / TILE * TILE;
                if (b < e) run_tiles(it, fn, ctx, b, e);
            }
            return;
        }
#endif
        run_tiles(it, fn, ctx, 0, rows);
        return;
    }
#ifdef _OPENMP
    if (nthreads > 1) {
        if (it->ndim == 1 || outer < nthreads) {
            /* few outer positions: cut the single long axis into aligned chunks */
            if (it->ndim == 1) {
                tt_ssize n = it->shape[0];
                tt_ssize chunk = ((n + nthreads - 1) / nthreads + 63) & ~(tt_ssize)63;
                #pragma omp parallel for num_threads(nthreads) schedule(static)
                for (int t = 0; t < nthreads; t++) {
                    tt_ssize b = t * chunk, e = b + chunk < n ? b + chunk : n;
                    if (b < e) run_chunk(it, fn, ctx, b, e);
                }
                return;
            }
        } else {
            #pragma omp parallel for num_threads(nthreads) schedule(static)
            for (int t = 0; t < nthreads; t++) {
                tt_ssize b = outer * t / nthreads, e = outer * (t + 1) / nthreads;
                if (b < e) run_outer(it, fn, ctx, b, e);
            }
            return;
        }
    }
#endif
    run_outer(it, fn, ctx, 0, outer);
}

void tt_iter_run_reduce(const tt_iter *it, tt_inner_fn fn, tt_inner_fn combine, void *ctx,
                        size_t itemsize)
{
    int nthreads = it->size >= TT_PARALLEL_THRESHOLD ? tt_get_num_threads() : 1;
    if (nthreads > 64) nthreads = 64;
    int nd = it->ndim;
    if (nthreads <= 1 || nd == 0 || itemsize > 16) { tt_iter_run(it, fn, ctx, 0); return; }
#ifdef _OPENMP
    tt_iter sub[64];
    int ax_split = -1;
    if (it->strides[0][nd - 1] != 0) ax_split = nd - 1;            /* row accumulation */
    else if (it->strides[0][0] != 0 && it->shape[0] >= nthreads) ax_split = 0;
    if (ax_split >= 0) {
        tt_ssize n = it->shape[ax_split];
        #pragma omp parallel for num_threads(nthreads) schedule(static)
        for (int t = 0; t < nthreads; t++) {
            tt_ssize b = n * t / nthreads, e = n * (t + 1) / nthreads;
            if (b >= e) continue;
            sub[t] = *it;
            sub[t].shape[ax_split] = e - b;
            sub[t].size = it->size / n * (e - b);
            for (int op = 0; op < it->nop; op++) sub[t].ptrs[op] += b * it->strides[op][ax_split];
            tt_iter_run(&sub[t], fn, ctx, 0);
        }
        return;
    }
    int all_zero = 1;
    for (int ax = 0; ax < nd; ax++) all_zero &= it->strides[0][ax] == 0;
    if (!all_zero) { tt_iter_run(it, fn, ctx, 0); return; }
    /* one output element: private partial results, then combined by the loop itself */
    _Alignas(16) char partial[64][16];
    tt_ssize outer = it->shape[0];
    #pragma omp parallel for num_threads(nthreads) schedule(static)
    for (int t = 0; t < nthreads; t++) {
        tt_ssize b = outer * t / nthreads, e = outer * (t + 1) / nthreads;
        memcpy(partial[t], it->ptrs[0], itemsize);
        if (b >= e) continue;
        sub[t] = *it;
        sub[t].shape[0] = e - b;
        sub[t].size = it->size / outer * (e - b);
        sub[t].ptrs[0] = partial[t];
        for (int op = 1; op < it->nop; op++) sub[t].ptrs[op] += b * it->strides[op][0];
        tt_iter_run(&sub[t], fn, ctx, 0);
    }
    /* every partial started from the initial value, so the result is partial 0 combined
     * with the others (by the output dtype's own loop: int sums accumulate in int64) */
    memcpy(it->ptrs[0], partial[0], itemsize);
    {
        char *p[TT_MAXOP] = {it->ptrs[0], partial[1], NULL, NULL};
        tt_ssize zs[TT_MAXOP] = {0, 16, 0, 0};
        combine(p, zs, nthreads - 1, ctx);
    }
#else
    tt_iter_run(it, fn, ctx, 0);
#endif
}
