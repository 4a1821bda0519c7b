/* Elementwise loop tables: the level chosen at import (cpu.h) picks which compiled variant of
 * elementwise_impl.h serves each lookup. */
#include "cpu.h"
#include "elementwise.h"

#define DECLARE(level)                                                    \
    tt_inner_fn tt_binary_loop_##level(int op, int dtype);                \
    tt_inner_fn tt_unary_loop_##level(int op, int dtype);                 \
    tt_inner_fn tt_cast_loop_##level(int from, int to);                   \
    tt_inner_fn tt_where_loop_##level(int itemsize);
DECLARE(baseline)
DECLARE(avx2)
DECLARE(avx512)

#define DISPATCH(fn, ...)                                                 \
    switch (tt_cpu_level()) {                                             \
    case TT_CPU_AVX512: return fn##_avx512(__VA_ARGS__);                  \
    case TT_CPU_AVX2: return fn##_avx2(__VA_ARGS__);                      \
    default: return fn##_baseline(__VA_ARGS__);                           \
    }

tt_inner_fn tt_binary_loop(int op, int dtype) { DISPATCH(tt_binary_loop, op, dtype) }
tt_inner_fn tt_unary_loop(int op, int dtype) { DISPATCH(tt_unary_loop, op, dtype) }
tt_inner_fn tt_cast_loop(int from, int to) { DISPATCH(tt_cast_loop, from, to) }
tt_inner_fn tt_where_loop(int itemsize) { DISPATCH(tt_where_loop, itemsize) }
