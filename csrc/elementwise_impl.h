/* The elementwise inner loops (see elementwise.h) for one CPU level.
 *
 * elementwise_baseline.c, _avx2.c and _avx512.c each set the target and ISA_NAME and include
 * this file, so every loop is compiled once per level; elementwise.c picks the level's tables
 * at run time. What a loop computes per element is a scalar op of scalar_ops.h (included below
 * once per dtype); which loops exist is the op table's business: the generated
 * elementwise_loops.inc instantiates one loop template per (op, dtype) the table lists, plus
 * the conversions between dtypes, and fills the lookup tables used here.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "elementwise.h"
#include "casts.h"
#include "vmath.h"

/* the kinds of dtype scalar_ops.h tells apart (macros, for its #if sections) */
#define TT_KIND_BOOL 0
#define TT_KIND_SIGNED 1
#define TT_KIND_UNSIGNED 2
#define TT_KIND_FLOAT 3
#define FLOAT_MATH(fn) fn##f        /* <math.h> in float: sinf, ... */
#define DOUBLE_MATH(fn) fn          /* <math.h> in double: sin, ... */

/* ---- the scalar ops of each dtype ---- */
#define T tt_bool
#define SUF b
#define KIND TT_KIND_BOOL
#include "scalar_ops.h"
#undef T
#undef SUF
#undef KIND

#define KIND TT_KIND_SIGNED
#define T int8_t
#define SUF i8
#define UT unsigned int
#define BITS 8
#include "scalar_ops.h"
#undef T
#undef SUF
#undef UT
#undef BITS
#define T int16_t
#define SUF i16
#define UT unsigned int
#define BITS 16
#include "scalar_ops.h"
#undef T
#undef SUF
#undef UT
#undef BITS
#define T int32_t
#define SUF i32
#define UT uint32_t
#define BITS 32
#include "scalar_ops.h"
#undef T
#undef SUF
#undef UT
#undef BITS
#define T int64_t
#define SUF i64
#define UT uint64_t
#define BITS 64
#include "scalar_ops.h"
#undef T
#undef SUF
#undef UT
#undef BITS
#undef KIND

#define KIND TT_KIND_UNSIGNED
#define T uint8_t
#define SUF u8
#define UT unsigned int
#define BITS 8
#include "scalar_ops.h"
#undef T
#undef SUF
#undef UT
#undef BITS
#define T uint16_t
#define SUF u16
#define UT unsigned int
#define BITS 16
#include "scalar_ops.h"
#undef T
#undef SUF
#undef UT
#undef BITS
#define T uint32_t
#define SUF u32
#define UT uint32_t
#define BITS 32
#include "scalar_ops.h"
#undef T
#undef SUF
#undef UT
#undef BITS
#define T uint64_t
#define SUF u64
#define UT uint64_t
#define BITS 64
#include "scalar_ops.h"
#undef T
#undef SUF
#undef UT
#undef BITS
#undef KIND

#define KIND TT_KIND_FLOAT
#define T tt_f16
#define SUF f16
#define FT float
#define M FLOAT_MATH
#include "scalar_ops.h"
#undef T
#undef SUF
#undef FT
#undef M
#define T float
#define SUF f32
#define FT float
#define M FLOAT_MATH
#include "scalar_ops.h"
#undef T
#undef SUF
#undef FT
#undef M
#define T double
#define SUF f64
#define FT double
#define M DOUBLE_MATH
#include "scalar_ops.h"
#undef T
#undef SUF
#undef FT
#undef M
#undef KIND

/* ---- every loop, conversion and lookup table the op table asks for ---- */
#include "elementwise_loops.inc"

tt_inner_fn ISA_NAME(tt_binary_loop)(int op, int dtype)
{
    if (op < 0 || op >= TT_NBINARY || dtype < 0 || dtype >= TT_NTYPES)
        return NULL;
    return binary_table[dtype][op];
}

tt_inner_fn ISA_NAME(tt_unary_loop)(int op, int dtype)
{
    if (op < 0 || op >= TT_NUNARY || dtype < 0 || dtype >= TT_NTYPES)
        return NULL;
    return unary_table[dtype][op];
}

tt_inner_fn ISA_NAME(tt_cast_loop)(int from, int to)
{
    if (from < 0 || from >= TT_NTYPES || to < 0 || to >= TT_NTYPES)
        return NULL;
    return cast_table[from][to];
}

/* ---- where: out = cond ? x : y, by element size ---- */
#define LOOP where_1
#define T uint8_t
#include "loop_where.h"
#define LOOP where_2
#define T uint16_t
#include "loop_where.h"
#define LOOP where_4
#define T uint32_t
#include "loop_where.h"
#define LOOP where_8
#define T uint64_t
#include "loop_where.h"

tt_inner_fn ISA_NAME(tt_where_loop)(int itemsize)
{
    switch (itemsize) {
    case 1: return where_1;
    case 2: return where_2;
    case 4: return where_4;
    case 8: return where_8;
    default: return NULL;
    }
}
