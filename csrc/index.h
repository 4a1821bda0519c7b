/* The loops under advanced indexing (x[idx], x[mask], x[idx] = v) and the boolean mask.
 *
 * An advanced index selects, for each position f of the broadcast index shape, the block
 *
 *     src + idx_0[f] * stride_0 + idx_1[f] * stride_1 + ...
 *
 * (a block is what the remaining, basic-indexed axes span). tt_index_offsets computes those
 * byte offsets; tt_copy_blocks then copies block f of one side to block f of the other with an
 * inner loop of the strided iterator (a cast loop), so gather and scatter are one loop:
 *
 *     for f in range(begin, end): dst[dst_off[f] : block] = src[src_off[f] : block]
 *
 * All loops work on [begin, end) so the caller can run long ones in chunks (and check for
 * Ctrl-C between them). None of them allocates or fails.
 */
#ifndef TT_INDEX_H
#define TT_INDEX_H
#include "iter.h"

/* Wraps negative indices (i < 0 -> i + size) in place; returns the position of the first
 * index outside [-size, size), or -1 when all are valid (entries before it are wrapped). */
tt_ssize tt_index_wrap(int64_t *idx, tt_ssize n, tt_ssize size);

/* off[f] = sum_j idx[j][f] * strides[j] for f in [begin, end). */
void tt_index_offsets(int nidx, const int64_t *const *idx, const tt_ssize *strides,
                      tt_ssize begin, tt_ssize end, tt_ssize *off);

/* The byte offsets of the elements of an ndim-dimensional strided walk, in C order:
 * off[f] for f in [begin, end). */
void tt_strided_offsets(int ndim, const tt_ssize *shape, const tt_ssize *strides,
                        tt_ssize begin, tt_ssize end, tt_ssize *off);

/* For f in [begin, end): runs fn (operands (dst, src)) over one block of `ndim` axes of
 * `shape`, at dst + dst_off[f] and src + src_off[f], with the given byte strides. */
void tt_copy_blocks(tt_inner_fn fn, int ndim, const tt_ssize *shape,
                    char *dst, const tt_ssize *dst_strides, const tt_ssize *dst_off,
                    char *src, const tt_ssize *src_strides, const tt_ssize *src_off,
                    tt_ssize begin, tt_ssize end);

/* How many of the n bytes at p are non-zero. */
tt_ssize tt_count_nonzero(const uint8_t *p, tt_ssize n);

/* The C-order coordinates of the non-zero bytes of a C-contiguous mask of `shape`:
 * coords[ax][k] is axis ax of the k-th non-zero element. */
void tt_nonzero_coords(const uint8_t *mask, int ndim, const tt_ssize *shape, int64_t *const *coords);

#endif
