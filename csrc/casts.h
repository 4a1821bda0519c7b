/* Conversions between dtypes, one element at a time (included by elementwise_impl.h).
 *
 * Between integers, and from integers to floats, C's conversions are NumPy's: integers wrap
 * modulo 2**bits, floats round to nearest. To bool, anything non-zero is true.
 *
 * From a float to an integer, C leaves out-of-range values and NaN undefined. NumPy's results
 * on x86-64 are those of the CPU's truncating instructions, which give the "integer
 * indefinite" value (the lowest int) for anything they cannot represent: conversions to 8-,
 * 16- and 32-bit integers go through a 32-bit one, to uint32 and int64 through a 64-bit one,
 * and to uint64 values from 2**63 up are shifted down by 2**63 first. tinytensor computes
 * exactly those results on every CPU:
 *
 *     float64 [300.7, -1.5, 3e9, nan] -> uint8 [44, 255, 0, 0];  1e20 -> int64 -2**63
 */
#ifndef TT_CASTS_H
#define TT_CASTS_H
#include <math.h>
#include <stdint.h>
#include "tt.h"

/* The truncation of v when it fits, else the lowest value (x86's integer indefinite). */
static inline int32_t tt_trunc_i32(double v)
{
    return (v > -2147483649.0 && v < 2147483648.0) ? (int32_t)v : INT32_MIN;
}

static inline int64_t tt_trunc_i64(double v)
{
    return (v >= -9223372036854775808.0 && v < 9223372036854775808.0) ? (int64_t)v : INT64_MIN;
}

static inline int8_t from_double_i8(double v) { return (int8_t)tt_trunc_i32(v); }
static inline uint8_t from_double_u8(double v) { return (uint8_t)tt_trunc_i32(v); }
static inline int16_t from_double_i16(double v) { return (int16_t)tt_trunc_i32(v); }
static inline uint16_t from_double_u16(double v) { return (uint16_t)tt_trunc_i32(v); }
static inline int32_t from_double_i32(double v) { return tt_trunc_i32(v); }
static inline uint32_t from_double_u32(double v) { return (uint32_t)tt_trunc_i64(v); }
static inline int64_t from_double_i64(double v) { return tt_trunc_i64(v); }

static inline uint64_t from_double_u64(double v)
{
    if (v >= 9223372036854775808.0)      /* 2**63 and up (and +inf) */
        return (uint64_t)tt_trunc_i64(v - 9223372036854775808.0) ^ ((uint64_t)1 << 63);
    return (uint64_t)tt_trunc_i64(v);
}

/* float16's nextafter: step the bit pattern (C's nextafter has no half version) */
static inline tt_f16 tt_next_toward_f16(tt_f16 a, tt_f16 b)
{
    if (a != a || b != b)
        return (tt_f16)(a + b);          /* NaN */
    if (a == b)
        return b;
    uint16_t bits;
    if (a == 0) {                          /* the smallest subnormal with b's sign */
        bits = (uint16_t)(b > 0 ? 0x0001 : 0x8001);
    } else {
        __builtin_memcpy(&bits, &a, 2);
        /* away from zero when moving towards b's side of a, else towards zero */
        if ((a < b) == (a > 0))
            bits += 1;
        else
            bits -= 1;
    }
    tt_f16 r;
    __builtin_memcpy(&r, &bits, 2);
    return r;
}

static inline float tt_next_toward_f32(float a, float b) { return nextafterf(a, b); }
static inline double tt_next_toward_f64(double a, double b) { return nextafter(a, b); }

#endif
