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

/* Binary operations. Comparisons write bool (uint8 0/1); the others write the input dtype. */
enum {
    TT_ADD, TT_SUB, TT_MUL, TT_DIV, TT_FLOORDIV, TT_MOD, TT_POW, TT_MAXIMUM, TT_MINIMUM,
    TT_EQ, TT_NE, TT_LT, TT_LE, TT_GT, TT_GE, TT_LOGICAL_AND, TT_LOGICAL_OR, TT_LOGICAL_XOR,
    TT_NBINARY
};

/* Unary operations, output dtype = input dtype. */
enum {
    TT_NEG, TT_ABS, TT_SIGN, TT_SQUARE, TT_EXP, TT_LOG, TT_SQRT, TT_TANH, TT_SIGMOID,
    TT_RELU, TT_STEP, TT_LOGICAL_NOT,
    TT_NUNARY
};

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
