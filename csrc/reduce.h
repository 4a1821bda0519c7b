/* Reductions, run by the strided iterator with the INPUT as key operand (iter.h), so the
 * innermost loop walks the input in memory order. Operands: (out, in). The output has stride 0
 * along reduced axes, so an inner loop sees one of two shapes:
 *
 *   out stride 0:   out[0] = out[0] (+) reduce(in[0:n])      -- e.g. a row sum, pairwise
 *   out stride > 0: out[i] = out[i] (+) in[i] for i < n       -- accumulating whole rows
 *
 * The caller initialises out (0 for sum, 1 for prod, the first slice for max/min,
 * false/true for any/all) and never runs these loops in parallel over a reduced axis.
 */
#ifndef TT_REDUCE_H
#define TT_REDUCE_H
#include "iter.h"

#include "ops.h"      /* TT_RED_SUM, ... TT_NREDUCE: numbered by the op table */

/* The output dtype of a reduction (sum/prod of bool and integers accumulate in int64, as
 * NumPy's), or -1 if unsupported. any/all take bool input (the caller converts). */
int tt_reduce_out_dtype(int op, int in_dtype);
tt_inner_fn tt_reduce_loop(int op, int in_dtype);

/* argmax/argmin along one axis: operands (out int64, in) over the OTHER axes; for each
 * element the loop scans `len` items `stride` bytes apart and writes the index of the first
 * maximum (minimum); a NaN counts as the extreme, the first NaN wins (NumPy's rule). */
typedef struct { tt_ssize len, stride; } tt_arg_ctx;
tt_inner_fn tt_argreduce_loop(int is_min, int dtype);

/* argmax/argmin over the rows of a 2-D view (the reduced axis walks rows, rs bytes apart;
 * n columns cs bytes apart): keeps a running best per column, so memory is read row by row
 * instead of down each column. Same NaN and first-occurrence rules. Returns TT_ERR_NOMEM if
 * its scratch row cannot be allocated. */
int tt_argreduce_rows(int is_min, int dtype, const char *in, tt_ssize m, tt_ssize n,
                      tt_ssize rs, tt_ssize cs, int64_t *out);

/* Pairwise sums of a strided run (also used by the fused kernels). */
double tt_pairwise_sum_f64(const char *p, tt_ssize n, tt_ssize stride);
float tt_pairwise_sum_f32(const char *p, tt_ssize n, tt_ssize stride);

/* Reads nbytes at p once (vector loads, threads as for a sum) and returns the OR of the bytes:
 * the read-bandwidth probe the benchmarks compare sums with (bench/bench_ops.py). */
uint64_t tt_read_probe(const void *p, size_t nbytes);

#endif
