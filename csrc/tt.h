/* tinytensor's C layer: shared types and helpers.
 *
 * csrc/ knows nothing of Python. Every kernel takes plain pointers, shapes and strides
 * (strides in BYTES, as NumPy's), reports failure through its return value, and may be
 * called with the GIL released.
 */
#ifndef TT_H
#define TT_H

#include <stddef.h>
#include <stdint.h>

#define TT_MAXDIM 32         /* most dimensions a tensor may have */
#define TT_ALIGN 64          /* every storage block starts on a 64-byte boundary */

typedef ptrdiff_t tt_ssize;

/* The dtypes, in promotion order (the order is relied on by tt_promote). */
typedef enum {
    TT_BOOL = 0,
    TT_UINT8 = 1,
    TT_INT32 = 2,
    TT_INT64 = 3,
    TT_FLOAT32 = 4,
    TT_FLOAT64 = 5,
    TT_NTYPES = 6
} tt_dtype;

/* Status codes returned by kernels. */
enum {
    TT_OK = 0,
    TT_ERR_NOMEM = 1,        /* allocation failed */
    TT_ERR_OVERFLOW = 2,     /* a size computation overflowed */
    TT_ERR_VALUE = 3,        /* a value-dependent error (e.g. int ** negative) */
    TT_ERR_UNSUPPORTED = 4   /* no kernel for this dtype/op */
};

static inline size_t tt_itemsize(int dtype)
{
    static const size_t sizes[TT_NTYPES] = {1, 1, 4, 8, 4, 8};
    return (dtype >= 0 && dtype < TT_NTYPES) ? sizes[dtype] : 0;
}

/* a * b into *out; returns 1 on overflow (or a negative operand), 0 otherwise. */
static inline int tt_mul_overflow(tt_ssize a, tt_ssize b, tt_ssize *out)
{
    if (a < 0 || b < 0) return 1;
    return __builtin_mul_overflow(a, b, out);
}

/* 64-byte aligned allocation (never returns a pointer to 0 bytes: a request of 0 gets TT_ALIGN).
 * Returns NULL on failure or when nbytes exceeds PTRDIFF_MAX. Zeroed when zero != 0. */
void *tt_alloc(size_t nbytes, int zero);
void tt_free(void *p);

#endif
