/* Elementwise inner loops, one per (operation, dtype), run by the strided iterator (iter.h).
 *
 * Each loop computes, for its n elements,
 *
 *     for i in range(n): out[i] = f(a[i], b[i])
 *
 * and has three branches: all operands contiguous (a plain loop the compiler vectorises),
 * one input a broadcast scalar (stride 0), and the general strided walk.
 * Integer arithmetic wraps as NumPy's does; integer division and modulo by zero give 0.
 */
#ifndef TT_ELEMENTWISE_H
#define TT_ELEMENTWISE_H
#include "iter.h"

/* The op numbers (TT_ADD, ..., TT_NEGATIVE, ...) come from the op table (tinytensor/_optable.py)
 * through the generated ops.h. Binary comparisons and logical ops write bool (uint8 0/1); the
 * other binary ops and all unary ops write the dtype they compute in. */
#include "ops.h"

/* Shared state of one kernel call: a flag a loop may raise (TT_ERR_VALUE for an integer
 * raised to a negative power) and scalar parameters. Loops only ever set err. */
typedef struct {
    int err;
    double param[4];
} tt_loop_ctx;

/* The inner loop for (op, dtype); NULL where the pair is not supported. */
tt_inner_fn tt_binary_loop(int op, int dtype);
tt_inner_fn tt_unary_loop(int op, int dtype);
/* Conversion from one dtype to another (also plain copies: from == to). */
tt_inner_fn tt_cast_loop(int from, int to);
/* out = cond ? x : y, operands (out, cond, x, y), for elements of itemsize 1, 4 or 8. */
tt_inner_fn tt_where_loop(int itemsize);

#endif
