/* The loops that fill new tensors (arange, linspace, eye, one_hot) and that check or copy
 * foreign memory on import. Each works on a range [begin, end) so the caller can run a long
 * fill in chunks, without the GIL, and check for Ctrl-C between them.
 */
#ifndef TT_CREATE_H
#define TT_CREATE_H
#include "iter.h"

/* NumPy's arange fill: out[0] and out[1] hold the first two values (already in the dtype);
 * for i in [max(begin, 2), end):  out[i] = out[0] + i * (out[1] - out[0])  in the dtype's
 * own arithmetic (integers wrap, float32 computes in float32). Not for bool. */
void tt_arange_fill(int dtype, char *out, tt_ssize begin, tt_ssize end);

/* NumPy's linspace body in float64: for i in [begin, end)
 *     out[i] = i * step + start            when step != 0
 *     out[i] = (i / div) * delta + start   when step == 0 (delta too small to divide)
 * rounded down (floor) when round_down is set (linspace for an integer dtype, as NumPy 2). */
void tt_linspace_fill(double *out, tt_ssize begin, tt_ssize end, double start, double step,
                      double delta, double div, int round_down);

/* for i in [begin, end): out[i * stride] = *value (itemsize bytes): a diagonal, a column. */
void tt_fill_strided(char *out, tt_ssize stride, tt_ssize begin, tt_ssize end,
                     const void *value, size_t itemsize);

/* The first i in [begin, end) with labels[i] outside [0, classes), or -1. */
tt_ssize tt_labels_check(const int64_t *labels, tt_ssize begin, tt_ssize end, int64_t classes);

/* one_hot: for i in [begin, end): out[i * row_stride + labels[i] * col_stride] = *one. */
void tt_one_hot_fill(char *out, tt_ssize row_stride, tt_ssize col_stride, const int64_t *labels,
                     tt_ssize begin, tt_ssize end, const void *one, size_t itemsize);

/* Inner loops for the strided iterator (operands (out, in)):
 *   tt_copy_bytes_loop  copies *(size_t *)ctx bytes per element with memcpy, so neither side
 *                       needs to be aligned to its element size (imports at odd addresses);
 *   tt_bool_check_loop  (one operand, the input) sets ((tt_loop_flag *)ctx)->found when a
 *                       byte is neither 0 nor 1 (a foreign "bool" buffer tinytensor must
 *                       normalise before its kernels read it). */
typedef struct { int found; } tt_loop_flag;
void tt_copy_bytes_loop(char **ptrs, const tt_ssize *strides, tt_ssize n, void *ctx);
void tt_bool_check_loop(char **ptrs, const tt_ssize *strides, tt_ssize n, void *ctx);

#endif
