/* Reductions (see reduce.h). */
#include <math.h>
#include <stdint.h>
#include "reduce.h"

typedef uint8_t tt_bool;

/* Pairwise summation: runs of up to PW_BLOCK elements are summed with 8 independent
 * accumulators (which also lets the compiler vectorise), longer runs are split in two halves
 * and summed recursively, so the rounding error grows like O(log n), not O(n).
 * Contiguous runs use four vector accumulators (32 float lanes) per block instead. */
#define PW_BLOCK 128
#define CONTIG_BLOCK 1024
#define DEFINE_PAIRWISE(T, SUF, VBYTES)                                                   \
typedef T v_##SUF __attribute__((vector_size(VBYTES)));                                   \
enum { LANES_##SUF = VBYTES / sizeof(T) };                                                \
static T contig_##SUF(const T *x, tt_ssize n)                                             \
{                                                                                         \
    if (n > CONTIG_BLOCK) {                                                               \
        tt_ssize half = n / 2;                                                            \
        half -= half % (4 * LANES_##SUF);                                                 \
        return contig_##SUF(x, half) + contig_##SUF(x + half, n - half);                  \
    }                                                                                     \
    v_##SUF a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0}, t0, t1, t2, t3;                       \
    tt_ssize i = 0;                                                                       \
    for (; i + 4 * LANES_##SUF <= n; i += 4 * LANES_##SUF) {                              \
        __builtin_memcpy(&t0, x + i, VBYTES);                                             \
        __builtin_memcpy(&t1, x + i + LANES_##SUF, VBYTES);                               \
        __builtin_memcpy(&t2, x + i + 2 * LANES_##SUF, VBYTES);                           \
        __builtin_memcpy(&t3, x + i + 3 * LANES_##SUF, VBYTES);                           \
        a0 += t0; a1 += t1; a2 += t2; a3 += t3;                                           \
    }                                                                                     \
    v_##SUF acc = (a0 + a1) + (a2 + a3);                                                  \
    T res = 0;                                                                            \
    for (int k = 0; k < LANES_##SUF; k++) res += acc[k];                                  \
    for (; i < n; i++) res += x[i];                                                       \
    return res;                                                                           \
}                                                                                         \
static T pairwise_##SUF(const char *p, tt_ssize n, tt_ssize s)                            \
{                                                                                         \
    if (s == sizeof(T)) return contig_##SUF((const T *)p, n);                             \
    if (n < 8) {                                                                          \
        T acc = 0;                                                                        \
        for (tt_ssize i = 0; i < n; i++) acc += *(const T *)(p + i * s);                  \
        return acc;                                                                       \
    }                                                                                     \
    if (n <= PW_BLOCK) {                                                                  \
        T r[8];                                                                           \
        tt_ssize i;                                                                       \
        for (int j = 0; j < 8; j++) r[j] = *(const T *)(p + j * s);                       \
        for (i = 8; i + 8 <= n; i += 8)                                                   \
            for (int j = 0; j < 8; j++) r[j] += *(const T *)(p + (i + j) * s);            \
        T res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));        \
        for (; i < n; i++) res += *(const T *)(p + i * s);                                \
        return res;                                                                       \
    }                                                                                     \
    tt_ssize half = n / 2;                                                                \
    half -= half % 8;                                                                     \
    return pairwise_##SUF(p, half, s) + pairwise_##SUF(p + half * s, n - half, s);        \
}
DEFINE_PAIRWISE(float, f32, 32)
DEFINE_PAIRWISE(double, f64, 32)

double tt_pairwise_sum_f64(const char *p, tt_ssize n, tt_ssize s) { return pairwise_f64(p, n, s); }
float tt_pairwise_sum_f32(const char *p, tt_ssize n, tt_ssize s) { return pairwise_f32(p, n, s); }

/* The generic reduce loop: both shapes of reduce.h, with COMBINE(acc, x) as the operation. */
#define DEFINE_REDUCE(NAME, T, OT, COMBINE)                                               \
static void NAME(char **p, const tt_ssize *s, tt_ssize n, void *ctx)                      \
{                                                                                         \
    (void)ctx;                                                                            \
    char *po = p[0]; const char *pi = p[1];                                               \
    if (s[0] == 0) {                                                                      \
        OT acc = *(OT *)po;                                                               \
        for (tt_ssize i = 0; i < n; i++, pi += s[1]) { T x = *(const T *)pi; acc = COMBINE(acc, x); } \
        *(OT *)po = acc;                                                                  \
    } else if (s[0] == sizeof(OT) && s[1] == sizeof(T)) {                                 \
        OT *o = (OT *)po; const T *in = (const T *)pi;                                    \
        for (tt_ssize i = 0; i < n; i++) { T x = in[i]; o[i] = COMBINE(o[i], x); }        \
    } else {                                                                              \
        for (tt_ssize i = 0; i < n; i++, po += s[0], pi += s[1]) {                        \
            T x = *(const T *)pi; *(OT *)po = COMBINE(*(OT *)po, x);                      \
        }                                                                                 \
    }                                                                                     \
}

/* Float sums take the pairwise path when the output is a single accumulator. */
#define DEFINE_FLOAT_SUM(T, SUF)                                                          \
DEFINE_REDUCE(sum_rows_##SUF, T, T, ADD)                                                  \
static void sum_##SUF(char **p, const tt_ssize *s, tt_ssize n, void *ctx)                 \
{                                                                                         \
    if (s[0] == 0) { *(T *)p[0] += pairwise_##SUF(p[1], n, s[1]); return; }               \
    sum_rows_##SUF(p, s, n, ctx);                                                         \
}

#define ADD(acc, x) ((acc) + (x))
#define MUL(acc, x) ((acc) * (x))
#define IADD(acc, x) ((int64_t)((uint64_t)(acc) + (uint64_t)(x)))
#define IMUL(acc, x) ((int64_t)((uint64_t)(acc) * (uint64_t)(x)))
#define FMAX(acc, x) ((acc) >= (x) || (acc) != (acc) ? (acc) : (x))
#define FMIN(acc, x) ((acc) <= (x) || (acc) != (acc) ? (acc) : (x))
#define IMAX(acc, x) ((acc) >= (x) ? (acc) : (x))
#define IMIN(acc, x) ((acc) <= (x) ? (acc) : (x))
#define OR(acc, x) ((acc) | (x))
#define AND(acc, x) ((acc) & (x))

DEFINE_FLOAT_SUM(float, f32)
DEFINE_FLOAT_SUM(double, f64)
DEFINE_REDUCE(sum_b, tt_bool, int64_t, IADD)
DEFINE_REDUCE(sum_u8, uint8_t, int64_t, IADD)
DEFINE_REDUCE(sum_i32, int32_t, int64_t, IADD)
DEFINE_REDUCE(sum_i64, int64_t, int64_t, IADD)
DEFINE_REDUCE(prod_b, tt_bool, int64_t, IMUL)
DEFINE_REDUCE(prod_u8, uint8_t, int64_t, IMUL)
DEFINE_REDUCE(prod_i32, int32_t, int64_t, IMUL)
DEFINE_REDUCE(prod_i64, int64_t, int64_t, IMUL)
DEFINE_REDUCE(prod_f32, float, float, MUL)
DEFINE_REDUCE(prod_f64, double, double, MUL)
DEFINE_REDUCE(max_b, tt_bool, tt_bool, OR)
DEFINE_REDUCE(max_u8, uint8_t, uint8_t, IMAX)
DEFINE_REDUCE(max_i32, int32_t, int32_t, IMAX)
DEFINE_REDUCE(max_i64, int64_t, int64_t, IMAX)
DEFINE_REDUCE(max_f32, float, float, FMAX)
DEFINE_REDUCE(max_f64, double, double, FMAX)
DEFINE_REDUCE(min_b, tt_bool, tt_bool, AND)
DEFINE_REDUCE(min_u8, uint8_t, uint8_t, IMIN)
DEFINE_REDUCE(min_i32, int32_t, int32_t, IMIN)
DEFINE_REDUCE(min_i64, int64_t, int64_t, IMIN)
DEFINE_REDUCE(min_f32, float, float, FMIN)
DEFINE_REDUCE(min_f64, double, double, FMIN)
DEFINE_REDUCE(any_b, tt_bool, tt_bool, OR)
DEFINE_REDUCE(all_b, tt_bool, tt_bool, AND)

static const tt_inner_fn reduce_table[TT_NREDUCE][TT_NTYPES] = {
    [TT_RED_SUM] = { sum_b, sum_u8, sum_i32, sum_i64, sum_f32, sum_f64 },
    [TT_RED_PROD] = { prod_b, prod_u8, prod_i32, prod_i64, prod_f32, prod_f64 },
    [TT_RED_MAX] = { max_b, max_u8, max_i32, max_i64, max_f32, max_f64 },
    [TT_RED_MIN] = { min_b, min_u8, min_i32, min_i64, min_f32, min_f64 },
    [TT_RED_ANY] = { [TT_BOOL] = any_b },
    [TT_RED_ALL] = { [TT_BOOL] = all_b },
};

int tt_reduce_out_dtype(int op, int in_dtype)
{
    if (op < 0 || op >= TT_NREDUCE || in_dtype < 0 || in_dtype >= TT_NTYPES) return -1;
    if (!reduce_table[op][in_dtype]) return -1;
    if ((op == TT_RED_SUM || op == TT_RED_PROD) && in_dtype < TT_FLOAT32) return TT_INT64;
    return in_dtype;
}

tt_inner_fn tt_reduce_loop(int op, int in_dtype)
{
    if (tt_reduce_out_dtype(op, in_dtype) < 0) return NULL;
    return reduce_table[op][in_dtype];
}

/* ---- argmax / argmin ---- */

#define DEFINE_ARG(NAME, T, BETTER, ISNAN)                                                \
static void NAME(char **p, const tt_ssize *s, tt_ssize n, void *ctx_)                     \
{                                                                                         \
    const tt_arg_ctx *ctx = (const tt_arg_ctx *)ctx_;                                     \
    char *po = p[0]; const char *pi = p[1];                                               \
    for (tt_ssize k = 0; k < n; k++, po += s[0], pi += s[1]) {                            \
        T best = *(const T *)pi;                                                          \
        int64_t at = 0;                                                                   \
        if (!ISNAN(best)) {                                                               \
            const char *q = pi + ctx->stride;                                             \
            for (tt_ssize i = 1; i < ctx->len; i++, q += ctx->stride) {                   \
                T v = *(const T *)q;                                                      \
                if (ISNAN(v)) { at = i; break; }                                          \
                if (BETTER(v, best)) { best = v; at = i; }                                \
            }                                                                             \
        }                                                                                 \
        *(int64_t *)po = at;                                                              \
    }                                                                                     \
}
#define GT(a, b) ((a) > (b))
#define LT(a, b) ((a) < (b))
#define NONAN(v) 0
#define FNAN(v) ((v) != (v))
DEFINE_ARG(argmax_b, tt_bool, GT, NONAN)
DEFINE_ARG(argmax_u8, uint8_t, GT, NONAN)
DEFINE_ARG(argmax_i32, int32_t, GT, NONAN)
DEFINE_ARG(argmax_i64, int64_t, GT, NONAN)
DEFINE_ARG(argmax_f32, float, GT, FNAN)
DEFINE_ARG(argmax_f64, double, GT, FNAN)
DEFINE_ARG(argmin_b, tt_bool, LT, NONAN)
DEFINE_ARG(argmin_u8, uint8_t, LT, NONAN)
DEFINE_ARG(argmin_i32, int32_t, LT, NONAN)
DEFINE_ARG(argmin_i64, int64_t, LT, NONAN)
DEFINE_ARG(argmin_f32, float, LT, FNAN)
DEFINE_ARG(argmin_f64, double, LT, FNAN)

static const tt_inner_fn arg_table[2][TT_NTYPES] = {
    { argmax_b, argmax_u8, argmax_i32, argmax_i64, argmax_f32, argmax_f64 },
    { argmin_b, argmin_u8, argmin_i32, argmin_i64, argmin_f32, argmin_f64 },
};

tt_inner_fn tt_argreduce_loop(int is_min, int dtype)
{
    if (dtype < 0 || dtype >= TT_NTYPES) return NULL;
    return arg_table[is_min ? 1 : 0][dtype];
}

/* ---- argmax / argmin, row by row ---- */

#define DEFINE_ARG_ROWS(NAME, T, BETTER)                                                  \
static void NAME(const char *in, tt_ssize m, tt_ssize n, tt_ssize rs, tt_ssize cs,         \
                 int64_t *out, T *best, tt_ssize j0, tt_ssize j1)                          \
{                                                                                         \
    for (tt_ssize j = j0; j < j1; j++) { best[j] = *(const T *)(in + j * cs); out[j] = 0; } \
    for (tt_ssize i = 1; i < m; i++) {                                                    \
        const char *row = in + i * rs;                                                    \
        for (tt_ssize j = j0; j < j1; j++) {                                              \
            T v = *(const T *)(row + j * cs), b = best[j];                                \
            /* a NaN best stays; a NaN or better value takes over */                      \
            if (b == b && (BETTER(v, b) || v != v)) { best[j] = v; out[j] = i; }          \
        }                                                                                 \
    }                                                                                     \
}
DEFINE_ARG_ROWS(argmax_rows_u8, uint8_t, GT)
DEFINE_ARG_ROWS(argmax_rows_i32, int32_t, GT)
DEFINE_ARG_ROWS(argmax_rows_i64, int64_t, GT)
DEFINE_ARG_ROWS(argmax_rows_f32, float, GT)
DEFINE_ARG_ROWS(argmax_rows_f64, double, GT)
DEFINE_ARG_ROWS(argmin_rows_u8, uint8_t, LT)
DEFINE_ARG_ROWS(argmin_rows_i32, int32_t, LT)
DEFINE_ARG_ROWS(argmin_rows_i64, int64_t, LT)
DEFINE_ARG_ROWS(argmin_rows_f32, float, LT)
DEFINE_ARG_ROWS(argmin_rows_f64, double, LT)

#include <stdlib.h>
int tt_argreduce_rows(int is_min, int dtype, const char *in, tt_ssize m, tt_ssize n,
                      tt_ssize rs, tt_ssize cs, int64_t *out)
{
    void *best = malloc((size_t)(n > 0 ? n : 1) * 8);
    if (!best) return TT_ERR_NOMEM;
    int nt = m * n >= TT_PARALLEL_THRESHOLD ? tt_get_num_threads() : 1;
    if (nt > n) nt = 1;
    (void)nt;
    #pragma omp parallel for num_threads(nt) schedule(static) if(nt > 1)
    for (int t = 0; t < nt; t++) {
        tt_ssize j0 = n * t / nt, j1 = n * (t + 1) / nt;
        switch (dtype * 2 + (is_min != 0)) {
        case TT_BOOL * 2: case TT_UINT8 * 2: argmax_rows_u8(in, m, n, rs, cs, out, best, j0, j1); break;
        case TT_BOOL * 2 + 1: case TT_UINT8 * 2 + 1: argmin_rows_u8(in, m, n, rs, cs, out, best, j0, j1); break;
        case TT_INT32 * 2: argmax_rows_i32(in, m, n, rs, cs, out, best, j0, j1); break;
        case TT_INT32 * 2 + 1: argmin_rows_i32(in, m, n, rs, cs, out, best, j0, j1); break;
        case TT_INT64 * 2: argmax_rows_i64(in, m, n, rs, cs, out, best, j0, j1); break;
        case TT_INT64 * 2 + 1: argmin_rows_i64(in, m, n, rs, cs, out, best, j0, j1); break;
        case TT_FLOAT32 * 2: argmax_rows_f32(in, m, n, rs, cs, out, best, j0, j1); break;
        case TT_FLOAT32 * 2 + 1: argmin_rows_f32(in, m, n, rs, cs, out, best, j0, j1); break;
        case TT_FLOAT64 * 2: argmax_rows_f64(in, m, n, rs, cs, out, best, j0, j1); break;
        default: argmin_rows_f64(in, m, n, rs, cs, out, best, j0, j1); break;
        }
    }
    free(best);
    return TT_OK;
}
