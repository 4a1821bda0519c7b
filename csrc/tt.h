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

/* The dtypes: bool, the integers by width (signed, then unsigned), the floats by width.
 * Promotion between them is NumPy 2's (tinytensor/_dtype.pxi builds the table). */
typedef enum {
    TT_BOOL = 0,
    TT_INT8 = 1,
    TT_UINT8 = 2,
    TT_INT16 = 3,
    TT_UINT16 = 4,
    TT_INT32 = 5,
    TT_UINT32 = 6,
    TT_INT64 = 7,
    TT_UINT64 = 8,
    TT_FLOAT16 = 9,
    TT_FLOAT32 = 10,
    TT_FLOAT64 = 11,
    TT_NTYPES = 12
} tt_dtype;

/* The C type of each dtype's elements. bool is one byte holding 0 or 1; float16 is the IEEE
 * half type, which C compilers provide as _Float16 (GCC >= 12, clang >= 15): arithmetic on it
 * is done in float and rounded once to half per result, as NumPy does. */
typedef uint8_t tt_bool;
typedef _Float16 tt_f16;

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
    static const size_t sizes[TT_NTYPES] = {1, 1, 1, 2, 2, 4, 4, 8, 8, 2, 4, 8};
    return (dtype >= 0 && dtype < TT_NTYPES) ? sizes[dtype] : 0;
}

/* float16 in and out of a double (for code that cannot name _Float16, such as Cython):
 * one correctly rounded conversion each way. */
static inline double tt_f16_to_double(uint16_t bits)
{
    tt_f16 h;
    __builtin_memcpy(&h, &bits, 2);
    return (double)h;
}
static inline uint16_t tt_double_to_f16(double v)
{
    tt_f16 h = (tt_f16)v;
    uint16_t bits;
    __builtin_memcpy(&bits, &h, 2);
    return bits;
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
