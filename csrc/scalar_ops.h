/* The scalar definition of every elementwise op, for one dtype: what `out[i] = OP(a[i], b[i])`
 * computes for one element. elementwise_impl.h includes this file once per dtype with
 *
 *   T      the element type (tt_bool, int8_t, ..., tt_f16, float, double)
 *   SUF    its suffix (b, i8, u8, i16, u16, i32, u32, i64, u64, f16, f32, f64)
 *   KIND   TT_KIND_BOOL, TT_KIND_SIGNED, TT_KIND_UNSIGNED or TT_KIND_FLOAT
 *   UT     integers: an unsigned type at least as wide as T and as `unsigned int`, so that
 *          + - * wrap modulo 2**bits as NumPy's do (C's signed overflow is undefined, and
 *          narrower types would be promoted to int)
 *   BITS   integers: the width of T
 *   FT     floats: the type the arithmetic runs in (float for float16 and float32, double)
 *   M(f)   floats: the <math.h> function f for FT (sinf for float, sin for double)
 *
 * and defines, as `static inline` functions named op_SUF (add_f32, less_i8, ...), the ops the
 * op table (tinytensor/_optable.py) lists for this kind of dtype. Every function takes the
 * loop's context last (only integer power uses it, to report a negative exponent). float16
 * values are computed in float and rounded once to half, so + - * / and sqrt are correctly
 * rounded, as NumPy's. The generated csrc/elementwise_loops.inc wraps them in loops.
 */
#define TT_PASTE(a, b) a##_##b
#define TT_NAME2(op, suf) TT_PASTE(op, suf)
#define NAME(op) TT_NAME2(op, SUF)

/* ---------------------------------------------------------------------- every dtype */

static inline tt_bool NAME(equal)(T a, T b, tt_loop_ctx *c) { (void)c; return a == b; }
static inline tt_bool NAME(not_equal)(T a, T b, tt_loop_ctx *c) { (void)c; return a != b; }
static inline tt_bool NAME(less)(T a, T b, tt_loop_ctx *c) { (void)c; return a < b; }
static inline tt_bool NAME(less_equal)(T a, T b, tt_loop_ctx *c) { (void)c; return a <= b; }
static inline tt_bool NAME(greater)(T a, T b, tt_loop_ctx *c) { (void)c; return a > b; }
static inline tt_bool NAME(greater_equal)(T a, T b, tt_loop_ctx *c) { (void)c; return a >= b; }

#if KIND != TT_KIND_FLOAT
/* exact values: nothing to round, nothing is NaN or infinite */
static inline T NAME(floor)(T a, tt_loop_ctx *c) { (void)c; return a; }
static inline T NAME(ceil)(T a, tt_loop_ctx *c) { (void)c; return a; }
static inline T NAME(trunc)(T a, tt_loop_ctx *c) { (void)c; return a; }
static inline T NAME(round)(T a, tt_loop_ctx *c) { (void)c; return a; }
static inline tt_bool NAME(isnan)(T a, tt_loop_ctx *c) { (void)c; (void)a; return 0; }
static inline tt_bool NAME(isinf)(T a, tt_loop_ctx *c) { (void)c; (void)a; return 0; }
static inline tt_bool NAME(isfinite)(T a, tt_loop_ctx *c) { (void)c; (void)a; return 1; }
static inline T NAME(bitwise_and)(T a, T b, tt_loop_ctx *c) { (void)c; return a & b; }
static inline T NAME(bitwise_or)(T a, T b, tt_loop_ctx *c) { (void)c; return a | b; }
static inline T NAME(bitwise_xor)(T a, T b, tt_loop_ctx *c) { (void)c; return a ^ b; }
#endif

/* ---------------------------------------------------------------------- bool */
#if KIND == TT_KIND_BOOL

/* bool arithmetic is logic, as NumPy's: + is or, * is and */
static inline T NAME(add)(T a, T b, tt_loop_ctx *c) { (void)c; return a | b; }
static inline T NAME(multiply)(T a, T b, tt_loop_ctx *c) { (void)c; return a & b; }
static inline T NAME(maximum)(T a, T b, tt_loop_ctx *c) { (void)c; return a | b; }
static inline T NAME(minimum)(T a, T b, tt_loop_ctx *c) { (void)c; return a & b; }
static inline T NAME(logical_and)(T a, T b, tt_loop_ctx *c) { (void)c; return a & b; }
static inline T NAME(logical_or)(T a, T b, tt_loop_ctx *c) { (void)c; return a | b; }
static inline T NAME(logical_xor)(T a, T b, tt_loop_ctx *c) { (void)c; return a ^ b; }
static inline T NAME(abs)(T a, tt_loop_ctx *c) { (void)c; return a; }
static inline T NAME(relu)(T a, tt_loop_ctx *c) { (void)c; return a; }
static inline T NAME(step)(T a, tt_loop_ctx *c) { (void)c; (void)a; return 1; }
static inline T NAME(logical_not)(T a, tt_loop_ctx *c) { (void)c; return !a; }
static inline T NAME(bitwise_invert)(T a, tt_loop_ctx *c) { (void)c; return !a; }

#endif

/* ---------------------------------------------------------------------- integers */
#if KIND == TT_KIND_SIGNED || KIND == TT_KIND_UNSIGNED

static inline T NAME(add)(T a, T b, tt_loop_ctx *c) { (void)c; return (T)((UT)a + (UT)b); }
static inline T NAME(subtract)(T a, T b, tt_loop_ctx *c) { (void)c; return (T)((UT)a - (UT)b); }
static inline T NAME(multiply)(T a, T b, tt_loop_ctx *c) { (void)c; return (T)((UT)a * (UT)b); }
static inline T NAME(maximum)(T a, T b, tt_loop_ctx *c) { (void)c; return a >= b ? a : b; }
static inline T NAME(minimum)(T a, T b, tt_loop_ctx *c) { (void)c; return a <= b ? a : b; }
static inline T NAME(negative)(T a, tt_loop_ctx *c) { (void)c; return (T)(0 - (UT)a); }
static inline T NAME(square)(T a, tt_loop_ctx *c) { (void)c; return (T)((UT)a * (UT)a); }
static inline T NAME(bitwise_invert)(T a, tt_loop_ctx *c) { (void)c; return (T)~a; }

/* Python's floor division and modulo: the quotient rounds towards -inf, the remainder takes
 * the divisor's sign. Division by zero gives 0 (NumPy warns and gives 0); MIN // -1 wraps. */
static inline T NAME(floor_divide)(T a, T b, tt_loop_ctx *c)
{
    (void)c;
    if (b == 0)
        return 0;
#if KIND == TT_KIND_SIGNED
    if (b == -1)
        return (T)(0 - (UT)a);
    T q = a / b;
    if (a % b != 0 && ((a < 0) != (b < 0)))
        q -= 1;
    return q;
#else
    return a / b;
#endif
}

static inline T NAME(remainder)(T a, T b, tt_loop_ctx *c)
{
    (void)c;
    if (b == 0)
        return 0;
#if KIND == TT_KIND_SIGNED
    if (b == -1)
        return 0;
    T r = a % b;
    if (r != 0 && ((r < 0) != (b < 0)))
        r += b;
    return r;
#else
    return a % b;
#endif
}

/* a ** b by repeated squaring, wrapping; a negative exponent is an error (the caller checks
 * the exponents before writing anything, this flag is the loop's own guard). */
static inline T NAME(power)(T a, T b, tt_loop_ctx *c)
{
#if KIND == TT_KIND_SIGNED
    if (b < 0) {
        c->err = TT_ERR_VALUE;
        return 0;
    }
#endif
    (void)c;
    UT result = 1, base = (UT)a;
    while (b) {
        if (b & 1)
            result *= base;
        base *= base;
        b >>= 1;
    }
    return (T)result;
}

/* Shifts as NumPy's: by BITS or more, everything is shifted out (0, or -1 for a negative
 * signed value shifted right); a negative count counts as a huge one. */
static inline T NAME(bitwise_left_shift)(T a, T b, tt_loop_ctx *c)
{
    (void)c;
#if KIND == TT_KIND_SIGNED
    if (b < 0)
        return 0;
#endif
    if ((UT)b >= BITS)
        return 0;
    return (T)((UT)a << b);
}

static inline T NAME(bitwise_right_shift)(T a, T b, tt_loop_ctx *c)
{
    (void)c;
#if KIND == TT_KIND_SIGNED
    if (b < 0 || b >= BITS)
        return a < 0 ? -1 : 0;
    return a >> b;              /* arithmetic shift (GCC and clang define it so) */
#else
    if (b >= BITS)
        return 0;
    return a >> b;
#endif
}

#if KIND == TT_KIND_SIGNED
static inline T NAME(abs)(T a, tt_loop_ctx *c) { (void)c; return a < 0 ? (T)(0 - (UT)a) : a; }
static inline T NAME(sign)(T a, tt_loop_ctx *c) { (void)c; return (T)((a > 0) - (a < 0)); }
static inline T NAME(relu)(T a, tt_loop_ctx *c) { (void)c; return a > 0 ? a : 0; }
static inline T NAME(step)(T a, tt_loop_ctx *c) { (void)c; return a >= 0 ? 1 : 0; }
#else
static inline T NAME(abs)(T a, tt_loop_ctx *c) { (void)c; return a; }
static inline T NAME(sign)(T a, tt_loop_ctx *c) { (void)c; return a > 0; }
static inline T NAME(relu)(T a, tt_loop_ctx *c) { (void)c; return a; }
static inline T NAME(step)(T a, tt_loop_ctx *c) { (void)c; (void)a; return 1; }
#endif

/* NumPy's integer reciprocal is 1.0 / a converted back (so 1 / 0 gives what inf converts to) */
static inline T NAME(reciprocal)(T a, tt_loop_ctx *c) { (void)c; return NAME(from_double)(1.0 / (double)a); }

#endif

/* ---------------------------------------------------------------------- floats */
#if KIND == TT_KIND_FLOAT

static inline T NAME(add)(T a, T b, tt_loop_ctx *c) { (void)c; return (T)((FT)a + (FT)b); }
static inline T NAME(subtract)(T a, T b, tt_loop_ctx *c) { (void)c; return (T)((FT)a - (FT)b); }
static inline T NAME(multiply)(T a, T b, tt_loop_ctx *c) { (void)c; return (T)((FT)a * (FT)b); }
static inline T NAME(divide)(T a, T b, tt_loop_ctx *c) { (void)c; return (T)((FT)a / (FT)b); }

/* maximum and minimum propagate NaN, as NumPy's */
static inline T NAME(maximum)(T a, T b, tt_loop_ctx *c) { (void)c; return (a >= b || a != a) ? a : b; }
static inline T NAME(minimum)(T a, T b, tt_loop_ctx *c) { (void)c; return (a <= b || a != a) ? a : b; }

/* Python's float divmod: the quotient is floored, the remainder takes the divisor's sign.
 * Division by zero gives a / b for the quotient and NaN for the remainder. */
static inline T NAME(floor_divide)(T a_, T b_, tt_loop_ctx *c)
{
    (void)c;
    FT a = a_, b = b_;
    if (b == 0)
        return (T)(a / b);
    FT mod = M(fmod)(a, b);
    FT div = (a - mod) / b;
    if (mod != 0 && ((b < 0) != (mod < 0)))
        div -= 1;
    if (div == 0)
        return (T)M(copysign)((FT)0, a / b);
    FT fl = M(floor)(div);
    if (div - fl > (FT)0.5)
        fl += 1;
    return (T)fl;
}

static inline T NAME(remainder)(T a_, T b_, tt_loop_ctx *c)
{
    (void)c;
    FT a = a_, b = b_;
    if (b == 0)
        return (T)M(fmod)(a, b);
    FT mod = M(fmod)(a, b);
    if (mod != 0) {
        if ((b < 0) != (mod < 0))
            mod += b;
    } else {
        mod = M(copysign)((FT)0, b);
    }
    return (T)mod;
}

static inline T NAME(power)(T a, T b, tt_loop_ctx *c) { (void)c; return (T)M(pow)((FT)a, (FT)b); }
static inline T NAME(copysign)(T a, T b, tt_loop_ctx *c) { (void)c; return (T)M(copysign)((FT)a, (FT)b); }

static inline T NAME(nextafter)(T a, T b, tt_loop_ctx *c) { (void)c; return TT_NAME2(tt_next_toward, SUF)(a, b); }

static inline T NAME(negative)(T a, tt_loop_ctx *c) { (void)c; return (T)(-(FT)a); }
static inline T NAME(abs)(T a, tt_loop_ctx *c) { (void)c; return (T)M(fabs)((FT)a); }
static inline T NAME(square)(T a, tt_loop_ctx *c) { (void)c; return (T)((FT)a * (FT)a); }
static inline T NAME(reciprocal)(T a, tt_loop_ctx *c) { (void)c; return (T)((FT)1 / (FT)a); }
/* -1, 0 or 1; NaN stays NaN, -0.0 gives 0 */
static inline T NAME(sign)(T a, tt_loop_ctx *c) { (void)c; return a > 0 ? (T)1 : (a < 0 ? (T)-1 : (a == 0 ? (T)0 : a)); }
/* relu keeps NaN (a NaN input is no reason to invent a 0) */
static inline T NAME(relu)(T a, tt_loop_ctx *c) { (void)c; return a > 0 ? a : (a == a ? (T)0 : a); }
static inline T NAME(step)(T a, tt_loop_ctx *c) { (void)c; return a >= 0 ? (T)1 : (T)0; }
static inline T NAME(floor)(T a, tt_loop_ctx *c) { (void)c; return (T)M(floor)((FT)a); }
static inline T NAME(ceil)(T a, tt_loop_ctx *c) { (void)c; return (T)M(ceil)((FT)a); }
static inline T NAME(trunc)(T a, tt_loop_ctx *c) { (void)c; return (T)M(trunc)((FT)a); }
/* half to even (the default rounding mode, which rint uses), as NumPy's round */
static inline T NAME(round)(T a, tt_loop_ctx *c) { (void)c; return (T)M(rint)((FT)a); }
static inline tt_bool NAME(isnan)(T a, tt_loop_ctx *c) { (void)c; return a != a; }
static inline tt_bool NAME(isinf)(T a, tt_loop_ctx *c) { (void)c; return isinf((FT)a) != 0; }
static inline tt_bool NAME(isfinite)(T a, tt_loop_ctx *c) { (void)c; return isfinite((FT)a) != 0; }
static inline tt_bool NAME(signbit)(T a, tt_loop_ctx *c) { (void)c; return signbit((FT)a) != 0; }

static inline T NAME(sqrt)(T a, tt_loop_ctx *c) { (void)c; return (T)M(sqrt)((FT)a); }

#endif

#undef NAME
