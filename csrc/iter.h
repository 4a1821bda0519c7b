/* The strided iterator: the ONE loop nest under every elementwise op and reduction.
 *
 * A NumPy-style operation over operands that share a (broadcast) shape is, naively,
 *
 *     for idx in ndindex(shape):
 *         out[idx] = f(a[idx], b[idx])
 *
 * tt_iter_prepare turns that into as few, as long, inner loops as possible:
 *   1. drop axes of length 1 (they never move a pointer);
 *   2. flip axes on which the key operand walks backwards (x[::-1]): every operand is walked
 *      in the opposite direction, which changes no element pairing;
 *   3. order the axes by the key operand's strides, largest outermost, so the innermost loop
 *      walks memory in order (the key is the output for elementwise ops, the input for
 *      reductions, so a reduction over a strided axis never ends up innermost);
 *   4. coalesce neighbouring axes that every operand walks as one (stride[i] == stride[i+1]*shape[i+1]).
 * tt_iter_run then calls an inner loop fn(ptrs, strides, n, ctx) once per position of the
 * outer axes: n elements along the innermost axis, each operand advancing by its stride
 * (in bytes; 0 for a broadcast operand). Inner loops specialise on those strides.
 */
#ifndef TT_ITER_H
#define TT_ITER_H
#include "tt.h"

#define TT_MAXOP 4

typedef void (*tt_inner_fn)(char **ptrs, const tt_ssize *strides, tt_ssize n, void *ctx);

typedef struct {
    int nop;                                   /* operands; operand 0 is written */
    int ndim;                                  /* axes after simplification (0: one element) */
    tt_ssize shape[TT_MAXDIM];                 /* axis ndim-1 is innermost */
    tt_ssize strides[TT_MAXOP][TT_MAXDIM];     /* bytes */
    char *ptrs[TT_MAXOP];
    tt_ssize size;                             /* total elements (0: nothing to do) */
} tt_iter;

/* strides is nop rows of ndim byte strides (row-major: strides[op * ndim + axis]). */
void tt_iter_prepare(tt_iter *it, int nop, int ndim, const tt_ssize *shape,
                     char *const *ptrs, const tt_ssize *strides, int key_op);

/* Runs fn over the whole iteration. With min_parallel > 0 and at least that many elements,
 * the outer positions (or, for a single axis, chunks of it) are split across threads; only
 * use that when no two positions write the same output element (i.e. no stride-0 output
 * axis). 0 never threads; TT_PARALLEL_THRESHOLD suits a loop as cheap as an add. */
void tt_iter_run(const tt_iter *it, tt_inner_fn fn, void *ctx, tt_ssize min_parallel);

/* Runs a reduction (operands (out, in), out with stride 0 along reduced axes) with threads
 * when the work is large, never letting two threads write one output element: it splits the
 * innermost axis when the output walks it (row accumulation), else an outer axis the output
 * walks, else (one output element) gives each thread a private accumulator in `scratch`
 * (initialised from *out) and combines them with `combine`, the reduce loop of the output
 * dtype: combine(out, partials, nthreads). */
void tt_iter_run_reduce(const tt_iter *it, tt_inner_fn fn, tt_inner_fn combine, void *ctx,
                        size_t itemsize);

/* Elements below which waking a worker costs more than it saves, for loops as cheap as an
 * add (a few instructions per element). */
#define TT_PARALLEL_THRESHOLD (1 << 17)
/* The same for the transcendental loops (exp, tanh, sigmoid, sin, ...: 20-60 instructions per
 * element: the same time is spent on a quarter of the elements or less). */
#define TT_PARALLEL_THRESHOLD_HEAVY (1 << 15)

#endif
