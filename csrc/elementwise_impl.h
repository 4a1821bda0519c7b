/* Elementwise inner loops (see elementwise.h). Each DEFINE_* macro below expands into one
 * function that reads like the naive loop it replaces:
 *
 *     for i in range(n): out[i] = EXPR(a[i], b[i])
 *
 * This file is compiled once per ISA level (elementwise_baseline.c, _avx2.c, _avx512.c set the
 * target and ISA_NAME); every loop is static, only the four table lookups are exported, with
 * the level's suffix, and elementwise.c picks the level's tables at run time. */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "elementwise.h"
#include "vmath.h"

typedef uint8_t tt_bool;

/* ---- the loop shapes ---- */

#define DEFINE_BINARY(NAME, T, OT, EXPR)                                                  \
static void NAME(char **p, const tt_ssize *s, tt_ssize n, void *ctx_)                     \
{                                                                                         \
    tt_loop_ctx *ctx = (tt_loop_ctx *)ctx_; (void)ctx;                                    \
    char *po = p[0]; const char *pa = p[1], *pb = p[2];                                   \
    if (s[0] == sizeof(OT) && s[1] == sizeof(T) && s[2] == sizeof(T)) {                   \
        OT *o = (OT *)po; const T *x = (const T *)pa, *y = (const T *)pb;                 \
        for (tt_ssize i = 0; i < n; i++) { T a = x[i], b = y[i]; o[i] = (EXPR); }         \
    } else if (s[0] == sizeof(OT) && s[1] == sizeof(T) && s[2] == 0) {                    \
        OT *o = (OT *)po; const T *x = (const T *)pa; const T b = *(const T *)pb;         \
        for (tt_ssize i = 0; i < n; i++) { T a = x[i]; o[i] = (EXPR); }                   \
    } else if (s[0] == sizeof(OT) && s[1] == 0 && s[2] == sizeof(T)) {                    \
        OT *o = (OT *)po; const T a = *(const T *)pa; const T *y = (const T *)pb;         \
        for (tt_ssize i = 0; i < n; i++) { T b = y[i]; o[i] = (EXPR); }                   \
    } else {                                                                              \
        for (tt_ssize i = 0; i < n; i++, po += s[0], pa += s[1], pb += s[2]) {            \
            T a = *(const T *)pa, b = *(const T *)pb; *(OT *)po = (EXPR);                 \
        }                                                                                 \
    }                                                                                     \
}

#define DEFINE_UNARY(NAME, T, OT, EXPR)                                                   \
static void NAME(char **p, const tt_ssize *s, tt_ssize n, void *ctx_)                     \
{                                                                                         \
    (void)ctx_;                                                                           \
    char *po = p[0]; const char *pa = p[1];                                               \
    if (s[0] == sizeof(OT) && s[1] == sizeof(T)) {                                        \
        OT *o = (OT *)po; const T *x = (const T *)pa;                                     \
        for (tt_ssize i = 0; i < n; i++) { T a = x[i]; o[i] = (EXPR); }                   \
    } else {                                                                              \
        for (tt_ssize i = 0; i < n; i++, po += s[0], pa += s[1]) {                        \
            T a = *(const T *)pa; *(OT *)po = (EXPR);                                     \
        }                                                                                 \
    }                                                                                     \
}

/* A unary op backed by a vectorised array function f(x, y, n) (vmath.h): contiguous runs
 * go straight to it, strided runs through a small buffer. */
#define DEFINE_VMATH(NAME, T, FN)                                                         \
static void NAME(char **p, const tt_ssize *s, tt_ssize n, void *ctx_)                     \
{                                                                                         \
    (void)ctx_;                                                                           \
    if (s[0] == sizeof(T) && s[1] == sizeof(T)) { FN((const T *)p[1], (T *)p[0], n); return; } \
    T buf[256];                                                                           \
    char *po = p[0]; const char *pa = p[1];                                               \
    for (tt_ssize i0 = 0; i0 < n; i0 += 256) {                                            \
        tt_ssize m = n - i0 < 256 ? n - i0 : 256;                                         \
        for (tt_ssize i = 0; i < m; i++, pa += s[1]) buf[i] = *(const T *)pa;             \
        FN(buf, buf, m);                                                                  \
        for (tt_ssize i = 0; i < m; i++, po += s[0]) *(T *)po = buf[i];                   \
    }                                                                                     \
}

/* ---- scalar helpers with NumPy's semantics ---- */

/* Wrapping integer arithmetic (C's signed overflow is undefined; NumPy's wraps). */
#define WRAP(T, UT, a, OP, b) ((T)((UT)(a) OP (UT)(b)))

#define DEFINE_INT_DIV(T, SUF, TMIN)                                                      \
static inline T s_floordiv_##SUF(T a, T b)                                                  \
{                                                                                         \
    if (b == 0) return 0;                                                                 \
    if (b == -1) return (T)(0 - (uint64_t)a);   /* also MIN // -1, which wraps to MIN */  \
    T q = a / b;                                                                          \
    if ((a % b != 0) && ((a < 0) != (b < 0))) q -= 1;                                     \
    return q;                                                                             \
}                                                                                         \
static inline T s_mod_##SUF(T a, T b)                                                       \
{                                                                                         \
    if (b == 0 || b == -1) return 0;                                                      \
    T r = a % b;                                                                          \
    if (r != 0 && ((r < 0) != (b < 0))) r += b;                                           \
    return r;                                                                             \
}                                                                                         \
static inline T s_pow_##SUF(T a, T b, tt_loop_ctx *ctx)                                     \
{                                                                                         \
    if (b < 0) { ctx->err = TT_ERR_VALUE; return 0; }                                     \
    uint64_t r = 1, base = (uint64_t)a;                                                   \
    while (b) { if (b & 1) r *= base; base *= base; b >>= 1; }                            \
    return (T)r;                                                                          \
}
DEFINE_INT_DIV(int32_t, i32, INT32_MIN)
DEFINE_INT_DIV(int64_t, i64, INT64_MIN)

static inline uint8_t s_floordiv_u8(uint8_t a, uint8_t b) { return b ? a / b : 0; }
static inline uint8_t s_mod_u8(uint8_t a, uint8_t b) { return b ? a % b : 0; }
static inline uint8_t s_pow_u8(uint8_t a, uint8_t b, tt_loop_ctx *ctx)
{
    (void)ctx;
    uint32_t r = 1, base = a;
    while (b) { if (b & 1) r = (r * base) & 0xff; base = (base * base) & 0xff; b >>= 1; }
    return (uint8_t)r;
}

/* Python's (and NumPy's) float divmod: the quotient is floored, the remainder takes the
 * divisor's sign. Division by zero gives a/b for the quotient and NaN for the remainder. */
#define DEFINE_FLOAT_DIV(T, SUF, FMOD, FLOOR, COPYSIGN)                                   \
static inline T s_floordiv_##SUF(T a, T b)                                                  \
{                                                                                         \
    if (b == 0) return a / b;                                                             \
    T mod = FMOD(a, b);                                                                   \
    T div = (a - mod) / b;                                                                \
    if (mod != 0 && ((b < 0) != (mod < 0))) div -= 1;                                     \
    if (div == 0) return COPYSIGN((T)0, a / b);                                           \
    T fl = FLOOR(div);                                                                    \
    if (div - fl > (T)0.5) fl += 1;                                                       \
    return fl;                                                                            \
}                                                                                         \
static inline T s_mod_##SUF(T a, T b)                                                       \
{                                                                                         \
    if (b == 0) return FMOD(a, b);                                                        \
    T mod = FMOD(a, b);                                                                   \
    if (mod != 0) { if ((b < 0) != (mod < 0)) mod += b; }                                 \
    else mod = COPYSIGN((T)0, b);                                                         \
    return mod;                                                                           \
}
DEFINE_FLOAT_DIV(float, f32, fmodf, floorf, copysignf)
DEFINE_FLOAT_DIV(double, f64, fmod, floor, copysign)

/* maximum/minimum propagate NaN, as NumPy's. */
#define FMAX(a, b) ((a) >= (b) || (a) != (a) ? (a) : (b))
#define FMIN(a, b) ((a) <= (b) || (a) != (a) ? (a) : (b))
#define IMAX(a, b) ((a) >= (b) ? (a) : (b))
#define IMIN(a, b) ((a) <= (b) ? (a) : (b))

/* ---- binary loops ---- */

#define DEFINE_COMPARISONS(T, SUF)                                   \
DEFINE_BINARY(eq_##SUF, T, tt_bool, a == b)                          \
DEFINE_BINARY(ne_##SUF, T, tt_bool, a != b)                          \
DEFINE_BINARY(lt_##SUF, T, tt_bool, a < b)                           \
DEFINE_BINARY(le_##SUF, T, tt_bool, a <= b)                          \
DEFINE_BINARY(gt_##SUF, T, tt_bool, a > b)                           \
DEFINE_BINARY(ge_##SUF, T, tt_bool, a >= b)

#define DEFINE_INT_ARITH(T, UT, SUF)                                 \
DEFINE_BINARY(add_##SUF, T, T, WRAP(T, UT, a, +, b))                 \
DEFINE_BINARY(sub_##SUF, T, T, WRAP(T, UT, a, -, b))                 \
DEFINE_BINARY(mul_##SUF, T, T, WRAP(T, UT, a, *, b))                 \
DEFINE_BINARY(floordiv_##SUF, T, T, s_floordiv_##SUF(a, b))            \
DEFINE_BINARY(mod_##SUF, T, T, s_mod_##SUF(a, b))                      \
DEFINE_BINARY(pow_##SUF, T, T, s_pow_##SUF(a, b, ctx))                 \
DEFINE_BINARY(maximum_##SUF, T, T, IMAX(a, b))                       \
DEFINE_BINARY(minimum_##SUF, T, T, IMIN(a, b))                       \
DEFINE_COMPARISONS(T, SUF)

DEFINE_INT_ARITH(uint8_t, uint8_t, u8)
DEFINE_INT_ARITH(int32_t, uint32_t, i32)
DEFINE_INT_ARITH(int64_t, uint64_t, i64)

#define DEFINE_FLOAT_ARITH(T, SUF, POW)                              \
DEFINE_BINARY(add_##SUF, T, T, a + b)                                \
DEFINE_BINARY(sub_##SUF, T, T, a - b)                                \
DEFINE_BINARY(mul_##SUF, T, T, a * b)                                \
DEFINE_BINARY(div_##SUF, T, T, a / b)                                \
DEFINE_BINARY(floordiv_##SUF, T, T, s_floordiv_##SUF(a, b))            \
DEFINE_BINARY(mod_##SUF, T, T, s_mod_##SUF(a, b))                      \
DEFINE_BINARY(pow_##SUF, T, T, POW(a, b))                            \
DEFINE_BINARY(maximum_##SUF, T, T, FMAX(a, b))                       \
DEFINE_BINARY(minimum_##SUF, T, T, FMIN(a, b))                       \
DEFINE_COMPARISONS(T, SUF)

DEFINE_FLOAT_ARITH(float, f32, powf)
DEFINE_FLOAT_ARITH(double, f64, pow)

/* bool: + is or, * is and (as NumPy); comparisons and logical ops */
DEFINE_BINARY(add_b, tt_bool, tt_bool, a | b)
DEFINE_BINARY(mul_b, tt_bool, tt_bool, a & b)
DEFINE_BINARY(maximum_b, tt_bool, tt_bool, a | b)
DEFINE_BINARY(minimum_b, tt_bool, tt_bool, a & b)
DEFINE_BINARY(logical_and_b, tt_bool, tt_bool, a & b)
DEFINE_BINARY(logical_or_b, tt_bool, tt_bool, a | b)
DEFINE_BINARY(logical_xor_b, tt_bool, tt_bool, a ^ b)
DEFINE_COMPARISONS(tt_bool, b)

/* One row per dtype, indexed by the op numbers of ops.h (the op table's order). */
#define ARITH_ROW(SUF) [TT_ADD] = add_##SUF, [TT_SUBTRACT] = sub_##SUF, [TT_MULTIPLY] = mul_##SUF,     \
    [TT_FLOOR_DIVIDE] = floordiv_##SUF, [TT_REMAINDER] = mod_##SUF, [TT_POWER] = pow_##SUF,          \
    [TT_MAXIMUM] = maximum_##SUF, [TT_MINIMUM] = minimum_##SUF
#define COMPARE_ROW(SUF) [TT_EQUAL] = eq_##SUF, [TT_NOT_EQUAL] = ne_##SUF, [TT_LESS] = lt_##SUF,      \
    [TT_LESS_EQUAL] = le_##SUF, [TT_GREATER] = gt_##SUF, [TT_GREATER_EQUAL] = ge_##SUF

static const tt_inner_fn binary_table[TT_NTYPES][TT_NBINARY] = {
    [TT_BOOL] = { [TT_ADD] = add_b, [TT_MULTIPLY] = mul_b, [TT_MAXIMUM] = maximum_b,
                  [TT_MINIMUM] = minimum_b, COMPARE_ROW(b), [TT_LOGICAL_AND] = logical_and_b,
                  [TT_LOGICAL_OR] = logical_or_b, [TT_LOGICAL_XOR] = logical_xor_b },
    [TT_UINT8] = { ARITH_ROW(u8), COMPARE_ROW(u8) },
    [TT_INT32] = { ARITH_ROW(i32), COMPARE_ROW(i32) },
    [TT_INT64] = { ARITH_ROW(i64), COMPARE_ROW(i64) },
    [TT_FLOAT32] = { ARITH_ROW(f32), [TT_DIVIDE] = div_f32, COMPARE_ROW(f32) },
    [TT_FLOAT64] = { ARITH_ROW(f64), [TT_DIVIDE] = div_f64, COMPARE_ROW(f64) },
};

tt_inner_fn ISA_NAME(tt_binary_loop)(int op, int dtype)
{
    if (op < 0 || op >= TT_NBINARY || dtype < 0 || dtype >= TT_NTYPES) return NULL;
    return binary_table[dtype][op];
}

/* ---- unary loops ---- */

#define ISIGN(a) ((a) > 0 ? 1 : ((a) < 0 ? -1 : 0))
#define FSIGN(a) ((a) > 0 ? 1 : ((a) < 0 ? -1 : ((a) == 0 ? 0 : (a))))

#define DEFINE_INT_UNARY(T, UT, SUF)                                          \
DEFINE_UNARY(neg_##SUF, T, T, (T)(0 - (UT)a))                                 \
DEFINE_UNARY(abs_##SUF, T, T, a < 0 ? (T)(0 - (UT)a) : a)                     \
DEFINE_UNARY(sign_##SUF, T, T, (T)ISIGN(a))                                   \
DEFINE_UNARY(square_##SUF, T, T, WRAP(T, UT, a, *, a))                        \
DEFINE_UNARY(relu_##SUF, T, T, a > 0 ? a : 0)                                 \
DEFINE_UNARY(step_##SUF, T, T, a >= 0 ? 1 : 0)

DEFINE_INT_UNARY(int32_t, uint32_t, i32)
DEFINE_INT_UNARY(int64_t, uint64_t, i64)
DEFINE_UNARY(neg_u8, uint8_t, uint8_t, (uint8_t)(0u - a))
DEFINE_UNARY(abs_u8, uint8_t, uint8_t, a)
DEFINE_UNARY(sign_u8, uint8_t, uint8_t, a > 0)
DEFINE_UNARY(square_u8, uint8_t, uint8_t, (uint8_t)(a * a))
DEFINE_UNARY(relu_u8, uint8_t, uint8_t, a)
DEFINE_UNARY(step_u8, uint8_t, uint8_t, ((void)a, 1))
DEFINE_UNARY(abs_b, tt_bool, tt_bool, a)
DEFINE_UNARY(relu_b, tt_bool, tt_bool, a)
DEFINE_UNARY(step_b, tt_bool, tt_bool, ((void)a, 1))
DEFINE_UNARY(logical_not_b, tt_bool, tt_bool, !a)

#define DEFINE_FLOAT_UNARY(T, SUF, FABS, SQRT)                                \
DEFINE_UNARY(neg_##SUF, T, T, -a)                                             \
DEFINE_UNARY(abs_##SUF, T, T, FABS(a))                                        \
DEFINE_UNARY(sign_##SUF, T, T, (T)FSIGN(a))                                   \
DEFINE_UNARY(square_##SUF, T, T, a * a)                                       \
DEFINE_UNARY(sqrt_##SUF, T, T, SQRT(a))                                       \
DEFINE_UNARY(relu_##SUF, T, T, a > 0 ? a : (a == a ? (T)0 : a))               \
DEFINE_UNARY(step_##SUF, T, T, a >= 0 ? (T)1 : (T)0)                          \
DEFINE_VMATH(exp_##SUF, T, tt_vexp_##SUF)                                     \
DEFINE_VMATH(log_##SUF, T, tt_vlog_##SUF)                                     \
DEFINE_VMATH(tanh_##SUF, T, tt_vtanh_##SUF)                                   \
DEFINE_VMATH(sigmoid_##SUF, T, tt_vsigmoid_##SUF)

DEFINE_FLOAT_UNARY(float, f32, fabsf, sqrtf)
DEFINE_FLOAT_UNARY(double, f64, fabs, sqrt)

#define INT_UROW(SUF) [TT_NEGATIVE] = neg_##SUF, [TT_ABS] = abs_##SUF, [TT_SIGN] = sign_##SUF,  \
    [TT_SQUARE] = square_##SUF, [TT_RELU] = relu_##SUF, [TT_STEP] = step_##SUF
#define FLOAT_UROW(SUF) INT_UROW(SUF), [TT_EXP] = exp_##SUF, [TT_LOG] = log_##SUF,              \
    [TT_SQRT] = sqrt_##SUF, [TT_TANH] = tanh_##SUF, [TT_SIGMOID] = sigmoid_##SUF

static const tt_inner_fn unary_table[TT_NTYPES][TT_NUNARY] = {
    [TT_BOOL] = { [TT_ABS] = abs_b, [TT_RELU] = relu_b, [TT_STEP] = step_b,
                  [TT_LOGICAL_NOT] = logical_not_b },
    [TT_UINT8] = { INT_UROW(u8) }, [TT_INT32] = { INT_UROW(i32) }, [TT_INT64] = { INT_UROW(i64) },
    [TT_FLOAT32] = { FLOAT_UROW(f32) }, [TT_FLOAT64] = { FLOAT_UROW(f64) },
};

tt_inner_fn ISA_NAME(tt_unary_loop)(int op, int dtype)
{
    if (op < 0 || op >= TT_NUNARY || dtype < 0 || dtype >= TT_NTYPES) return NULL;
    return unary_table[dtype][op];
}

/* ---- casts ---- */

/* Float to integer conversions outside the target's range (and NaN) are undefined in C;
 * NumPy on x86-64 yields the "integer indefinite" value INT_MIN, so do we, explicitly. */
static inline int32_t f2i32(double v)
{
    return (v >= -2147483648.0 && v < 2147483648.0) ? (int32_t)v : INT32_MIN;
}
static inline int64_t f2i64(double v)
{
    return (v >= -9223372036854775808.0 && v < 9223372036854775808.0) ? (int64_t)v : INT64_MIN;
}
/* uint8 from float goes through int64, then keeps the low byte, as NumPy on x86-64. */
static inline uint8_t f2u8(double v) { return (uint8_t)(uint64_t)f2i64(v); }

#define CAST_FROM(ST, SSUF, TO_B, TO_U8, TO_I32, TO_I64)                         \
DEFINE_UNARY(cast_##SSUF##_b, ST, tt_bool, TO_B)                                 \
DEFINE_UNARY(cast_##SSUF##_u8, ST, uint8_t, TO_U8)                               \
DEFINE_UNARY(cast_##SSUF##_i32, ST, int32_t, TO_I32)                             \
DEFINE_UNARY(cast_##SSUF##_i64, ST, int64_t, TO_I64)                             \
DEFINE_UNARY(cast_##SSUF##_f32, ST, float, (float)a)                             \
DEFINE_UNARY(cast_##SSUF##_f64, ST, double, (double)a)

CAST_FROM(tt_bool, b, a != 0, (uint8_t)a, (int32_t)a, (int64_t)a)
CAST_FROM(uint8_t, u8, a != 0, a, (int32_t)a, (int64_t)a)
CAST_FROM(int32_t, i32, a != 0, (uint8_t)a, a, (int64_t)a)
CAST_FROM(int64_t, i64, a != 0, (uint8_t)a, (int32_t)a, a)
CAST_FROM(float, f32, a != 0, f2u8(a), f2i32(a), f2i64(a))
CAST_FROM(double, f64, a != 0, f2u8(a), f2i32(a), f2i64(a))

#define CAST_ROW(S) { cast_##S##_b, cast_##S##_u8, cast_##S##_i32, cast_##S##_i64, \
                      cast_##S##_f32, cast_##S##_f64 }
static const tt_inner_fn cast_table[TT_NTYPES][TT_NTYPES] = {
    CAST_ROW(b), CAST_ROW(u8), CAST_ROW(i32), CAST_ROW(i64), CAST_ROW(f32), CAST_ROW(f64),
};

tt_inner_fn ISA_NAME(tt_cast_loop)(int from, int to)
{
    if (from < 0 || from >= TT_NTYPES || to < 0 || to >= TT_NTYPES) return NULL;
    return cast_table[from][to];
}

/* ---- where ---- */

#define DEFINE_WHERE(NAME, T)                                                             \
static void NAME(char **p, const tt_ssize *s, tt_ssize n, void *ctx_)                     \
{                                                                                         \
    (void)ctx_;                                                                           \
    char *po = p[0]; const char *pc = p[1], *px = p[2], *py = p[3];                       \
    for (tt_ssize i = 0; i < n; i++, po += s[0], pc += s[1], px += s[2], py += s[3])      \
        *(T *)po = *(const tt_bool *)pc ? *(const T *)px : *(const T *)py;                \
}
DEFINE_WHERE(where_1, uint8_t)
DEFINE_WHERE(where_4, uint32_t)
DEFINE_WHERE(where_8, uint64_t)

tt_inner_fn ISA_NAME(tt_where_loop)(int itemsize)
{
    switch (itemsize) {
    case 1: return where_1;
    case 4: return where_4;
    case 8: return where_8;
    default: return NULL;
    }
}
