/* Cumulative sums and products along one axis (scan.c), as inner loops of the strided iterator.
 *
 * The iterator walks every position of the OTHER axes (operands (out, in), iter.h); the loop
 * gets `n` of them at a time, `strides[0]` / `strides[1]` bytes apart, and scans each along
 * the scanned axis (ctx: its length and the two operands' strides along it):
 *
 *     for each of the n positions p:
 *         acc = first ? identity : out[p, -1]          (a later chunk carries on)
 *         for k in range(len): acc = acc (+) in[p, k]; out[p, k] = acc
 *
 * The loop order follows memory: when the scanned axis is the one with the smaller stride each
 * position is scanned in turn (a row of a C-contiguous matrix along axis -1); otherwise a whole
 * slice of positions is advanced one step at a time (out[k, :] = out[k-1, :] + in[k, :], axis
 * 0 of the same matrix), which reads memory in order and vectorises.
 * Sums of bool are logical or, products of bool logical and (NumPy's add/multiply on bool).
 */
#ifndef TT_SCAN_H
#define TT_SCAN_H
#include "iter.h"

typedef struct {
    tt_ssize len;            /* steps along the scanned axis in this chunk */
    tt_ssize out_stride;     /* bytes between steps, output */
    tt_ssize in_stride;      /* bytes between steps, input */
    int first;               /* 1: the chunk starts the scan; 0: continue from out[-1] */
} tt_scan_ctx;

/* The loop scanning elements of `dtype` (input and output of that dtype); NULL if none. */
tt_inner_fn tt_cumsum_loop(int dtype);
tt_inner_fn tt_cumprod_loop(int dtype);

#endif
