/* Advanced-indexing loops (see index.h). */
#include <string.h>
#include "index.h"

tt_ssize tt_index_wrap(int64_t *idx, tt_ssize n, tt_ssize size)
{
    for (tt_ssize i = 0; i < n; i++) {
        int64_t v = idx[i];
        if (v < 0) v += size;
        if (v < 0 || v >= size) return i;
        idx[i] = v;
    }
    return -1;
}

void tt_index_offsets(int nidx, const int64_t *const *idx, const tt_ssize *strides,
                      tt_ssize begin, tt_ssize end, tt_ssize *off)
{
    for (tt_ssize f = begin; f < end; f++) off[f] = 0;
    for (int j = 0; j < nidx; j++) {
        const int64_t *ix = idx[j];
        tt_ssize s = strides[j];
        for (tt_ssize f = begin; f < end; f++) off[f] += (tt_ssize)ix[f] * s;
    }
}

void tt_strided_offsets(int ndim, const tt_ssize *shape, const tt_ssize *strides,
                        tt_ssize begin, tt_ssize end, tt_ssize *off)
{
    tt_ssize idx[TT_MAXDIM];
    tt_ssize pos = 0, rem = begin;
    int ax;
    if (begin >= end) return;
    for (ax = ndim - 1; ax >= 0; ax--) {         /* the multi-index of `begin` */
        idx[ax] = rem % shape[ax];
        rem /= shape[ax];
        pos += idx[ax] * strides[ax];
    }
    for (tt_ssize f = begin; f < end; f++) {
        off[f] = pos;
        for (ax = ndim - 1; ax >= 0; ax--) {     /* odometer step, last axis fastest */
            pos += strides[ax];
            if (++idx[ax] < shape[ax]) break;
            pos -= strides[ax] * shape[ax];
            idx[ax] = 0;
        }
    }
}

void tt_copy_blocks(tt_inner_fn fn, int ndim, const tt_ssize *shape,
                    char *dst, const tt_ssize *dst_strides, const tt_ssize *dst_off,
                    char *src, const tt_ssize *src_strides, const tt_ssize *src_off,
                    tt_ssize begin, tt_ssize end)
{
    tt_ssize strides[2 * TT_MAXDIM];
    char *ptrs[2] = {dst, src};
    tt_iter it;
    memcpy(strides, dst_strides, ndim * sizeof(tt_ssize));
    memcpy(strides + ndim, src_strides, ndim * sizeof(tt_ssize));
    /* The iterator's simplification depends on shape and strides only, so one preparation
     * serves every block: block f is the prepared walk moved by the block's offsets. */
    tt_iter_prepare(&it, 2, ndim, shape, ptrs, strides, 0);
    if (it.size == 0) return;
    tt_ssize dst_shift = it.ptrs[0] - dst, src_shift = it.ptrs[1] - src;
    for (tt_ssize f = begin; f < end; f++) {
        it.ptrs[0] = dst + dst_off[f] + dst_shift;
        it.ptrs[1] = src + src_off[f] + src_shift;
        tt_iter_run(&it, fn, NULL, 0);
    }
}

tt_ssize tt_count_nonzero(const uint8_t *p, tt_ssize n)
{
    tt_ssize count = 0;
    for (tt_ssize i = 0; i < n; i++) count += p[i] != 0;
    return count;
}

void tt_nonzero_coords(const uint8_t *mask, int ndim, const tt_ssize *shape, int64_t *const *coords)
{
    tt_ssize idx[TT_MAXDIM] = {0};
    tt_ssize size = 1, k = 0;
    int ax;
    for (ax = 0; ax < ndim; ax++) size *= shape[ax];
    for (tt_ssize i = 0; i < size; i++) {
        if (mask[i]) {
            for (ax = 0; ax < ndim; ax++) coords[ax][k] = idx[ax];
            k++;
        }
        for (ax = ndim - 1; ax >= 0; ax--) {     /* the multi-index of i + 1 */
            if (++idx[ax] < shape[ax]) break;
            idx[ax] = 0;
        }
    }
}
