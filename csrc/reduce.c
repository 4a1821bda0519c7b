/* Reductions (see reduce.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include "dispatch.h"
#include "reduce.h"
#include "threads.h"

typedef uint8_t tt_bool;

/* Pairwise summation: runs of up to PW_BLOCK elements are summed with 8 independent
 * accumulators (which also lets the compiler vectorise), longer runs are split in two halves
 * and summed recursively, so the rounding error grows like O(log n), not O(n).
 * Contiguous runs go to the vectorised sum of the CPU level in force (reduce_kernel.h, through
 * the kernel table of dispatch.h): the same cascade with 8 vector accumulators. */
#define PW_BLOCK 128
#define DEFINE_PAIRWISE(T, SUF)                                                           \
static T pairwise_##SUF(const char *p, tt_ssize n, tt_ssize s)                            \
{                                                                                         \
    if (s == sizeof(T)) return tt_kernels->sum_contig_##SUF((const T *)p, n);             \
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
DEFINE_PAIRWISE(float, f32)
DEFINE_PAIRWISE(double, f64)

double tt_pairwise_sum_f64(const char *p, tt_ssize n, tt_ssize s) { return pairwise_f64(p, n, s); }
float tt_pairwise_sum_f32(const char *p, tt_ssize n, tt_ssize s) { return pairwise_f32(p, n, s); }

/* float16 sums accumulate in float (as NumPy's): blocks of halves are widened into a float
 * buffer and summed pairwise there; the caller rounds the total to half once. */
#define F16_BLOCK 1024
static float pairwise_f16(const char *p, tt_ssize n, tt_ssize s)
{
    float buf[F16_BLOCK];
    float total = 0;
    for (tt_ssize start = 0; start < n; start += F16_BLOCK) {
        tt_ssize m = n - start < F16_BLOCK ? n - start : F16_BLOCK;
        const char *q = p + start * s;
        for (tt_ssize i = 0; i < m; i++)
            buf[i] = (float)*(const tt_f16 *)(q + i * s);
        total += tt_kernels->sum_contig_f32(buf, m);
    }
    return total;
}

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
#define HADD(acc, x) ((tt_f16)((float)(acc) + (float)(x)))       /* float16: rounded per step */
#define HMUL(acc, x) ((tt_f16)((float)(acc) * (float)(x)))
#define UADD(acc, x) ((uint64_t)(acc) + (uint64_t)(x))
#define UMUL(acc, x) ((uint64_t)(acc) * (uint64_t)(x))
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
DEFINE_REDUCE(sum_rows_f16, tt_f16, tt_f16, HADD)
static void sum_f16(char **p, const tt_ssize *s, tt_ssize n, void *ctx)
{
    if (s[0] == 0) {
        *(tt_f16 *)p[0] = (tt_f16)((float)*(tt_f16 *)p[0] + pairwise_f16(p[1], n, s[1]));
        return;
    }
    sum_rows_f16(p, s, n, ctx);
}
/* sums and products of bool and signed integers accumulate in int64, of unsigned ones in
 * uint64, as NumPy's */
DEFINE_REDUCE(sum_b, tt_bool, int64_t, IADD)
DEFINE_REDUCE(sum_i8, int8_t, int64_t, IADD)
DEFINE_REDUCE(sum_u8, uint8_t, uint64_t, UADD)
DEFINE_REDUCE(sum_i16, int16_t, int64_t, IADD)
DEFINE_REDUCE(sum_u16, uint16_t, uint64_t, UADD)
DEFINE_REDUCE(sum_i32, int32_t, int64_t, IADD)
DEFINE_REDUCE(sum_u32, uint32_t, uint64_t, UADD)
DEFINE_REDUCE(sum_i64, int64_t, int64_t, IADD)
DEFINE_REDUCE(sum_u64, uint64_t, uint64_t, UADD)
DEFINE_REDUCE(prod_b, tt_bool, int64_t, IMUL)
DEFINE_REDUCE(prod_i8, int8_t, int64_t, IMUL)
DEFINE_REDUCE(prod_u8, uint8_t, uint64_t, UMUL)
DEFINE_REDUCE(prod_i16, int16_t, int64_t, IMUL)
DEFINE_REDUCE(prod_u16, uint16_t, uint64_t, UMUL)
DEFINE_REDUCE(prod_i32, int32_t, int64_t, IMUL)
DEFINE_REDUCE(prod_u32, uint32_t, uint64_t, UMUL)
DEFINE_REDUCE(prod_i64, int64_t, int64_t, IMUL)
DEFINE_REDUCE(prod_u64, uint64_t, uint64_t, UMUL)
/* float16 products accumulate a run in float and round once, as NumPy's half loops */
static void prod_f16(char **p, const tt_ssize *s, tt_ssize n, void *ctx)
{
    (void)ctx;
    char *po = p[0];
    const char *pi = p[1];
    if (s[0] == 0) {
        float acc = (float)*(tt_f16 *)po;
        for (tt_ssize i = 0; i < n; i++, pi += s[1])
            acc *= (float)*(const tt_f16 *)pi;
        *(tt_f16 *)po = (tt_f16)acc;
        return;
    }
    for (tt_ssize i = 0; i < n; i++, po += s[0], pi += s[1])
        *(tt_f16 *)po = HMUL(*(tt_f16 *)po, *(const tt_f16 *)pi);
}
DEFINE_REDUCE(prod_f32, float, float, MUL)
DEFINE_REDUCE(prod_f64, double, double, MUL)
DEFINE_REDUCE(max_b, tt_bool, tt_bool, OR)
DEFINE_REDUCE(max_i8, int8_t, int8_t, IMAX)
DEFINE_REDUCE(max_u8, uint8_t, uint8_t, IMAX)
DEFINE_REDUCE(max_i16, int16_t, int16_t, IMAX)
DEFINE_REDUCE(max_u16, uint16_t, uint16_t, IMAX)
DEFINE_REDUCE(max_i32, int32_t, int32_t, IMAX)
DEFINE_REDUCE(max_u32, uint32_t, uint32_t, IMAX)
DEFINE_REDUCE(max_i64, int64_t, int64_t, IMAX)
DEFINE_REDUCE(max_u64, uint64_t, uint64_t, IMAX)
DEFINE_REDUCE(max_f16, tt_f16, tt_f16, FMAX)
DEFINE_REDUCE(max_f32, float, float, FMAX)
DEFINE_REDUCE(max_f64, double, double, FMAX)
DEFINE_REDUCE(min_b, tt_bool, tt_bool, AND)
DEFINE_REDUCE(min_i8, int8_t, int8_t, IMIN)
DEFINE_REDUCE(min_u8, uint8_t, uint8_t, IMIN)
DEFINE_REDUCE(min_i16, int16_t, int16_t, IMIN)
DEFINE_REDUCE(min_u16, uint16_t, uint16_t, IMIN)
DEFINE_REDUCE(min_i32, int32_t, int32_t, IMIN)
DEFINE_REDUCE(min_u32, uint32_t, uint32_t, IMIN)
DEFINE_REDUCE(min_i64, int64_t, int64_t, IMIN)
DEFINE_REDUCE(min_u64, uint64_t, uint64_t, IMIN)
DEFINE_REDUCE(min_f16, tt_f16, tt_f16, FMIN)
DEFINE_REDUCE(min_f32, float, float, FMIN)
DEFINE_REDUCE(min_f64, double, double, FMIN)
DEFINE_REDUCE(any_b, tt_bool, tt_bool, OR)
DEFINE_REDUCE(all_b, tt_bool, tt_bool, AND)

#define REDUCE_ROW(op) { op##_b, op##_i8, op##_u8, op##_i16, op##_u16, op##_i32, op##_u32, \
                         op##_i64, op##_u64, op##_f16, op##_f32, op##_f64 }
static const tt_inner_fn reduce_table[TT_NREDUCE][TT_NTYPES] = {
    [TT_RED_SUM] = REDUCE_ROW(sum),
    [TT_RED_PROD] = REDUCE_ROW(prod),
    [TT_RED_MAX] = REDUCE_ROW(max),
    [TT_RED_MIN] = REDUCE_ROW(min),
    [TT_RED_ANY] = { [TT_BOOL] = any_b },
    [TT_RED_ALL] = { [TT_BOOL] = all_b },
};

int tt_reduce_out_dtype(int op, int in_dtype)
{
    if (op < 0 || op >= TT_NREDUCE || in_dtype < 0 || in_dtype >= TT_NTYPES) return -1;
    if (!reduce_table[op][in_dtype]) return -1;
    if ((op == TT_RED_SUM || op == TT_RED_PROD) && in_dtype < TT_FLOAT16) {
        int is_unsigned = in_dtype == TT_UINT8 || in_dtype == TT_UINT16 || in_dtype == TT_UINT32 ||
                          in_dtype == TT_UINT64;
        return is_unsigned ? TT_UINT64 : TT_INT64;
    }
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
#define HNAN(v) ((v) != (v))
DEFINE_ARG(argmax_b, tt_bool, GT, NONAN)
DEFINE_ARG(argmax_i8, int8_t, GT, NONAN)
DEFINE_ARG(argmax_u8, uint8_t, GT, NONAN)
DEFINE_ARG(argmax_i16, int16_t, GT, NONAN)
DEFINE_ARG(argmax_u16, uint16_t, GT, NONAN)
DEFINE_ARG(argmax_i32, int32_t, GT, NONAN)
DEFINE_ARG(argmax_u32, uint32_t, GT, NONAN)
DEFINE_ARG(argmax_i64, int64_t, GT, NONAN)
DEFINE_ARG(argmax_u64, uint64_t, GT, NONAN)
DEFINE_ARG(argmax_f16, tt_f16, GT, HNAN)
DEFINE_ARG(argmax_f32, float, GT, FNAN)
DEFINE_ARG(argmax_f64, double, GT, FNAN)
DEFINE_ARG(argmin_b, tt_bool, LT, NONAN)
DEFINE_ARG(argmin_i8, int8_t, LT, NONAN)
DEFINE_ARG(argmin_u8, uint8_t, LT, NONAN)
DEFINE_ARG(argmin_i16, int16_t, LT, NONAN)
DEFINE_ARG(argmin_u16, uint16_t, LT, NONAN)
DEFINE_ARG(argmin_i32, int32_t, LT, NONAN)
DEFINE_ARG(argmin_u32, uint32_t, LT, NONAN)
DEFINE_ARG(argmin_i64, int64_t, LT, NONAN)
DEFINE_ARG(argmin_u64, uint64_t, LT, NONAN)
DEFINE_ARG(argmin_f16, tt_f16, LT, HNAN)
DEFINE_ARG(argmin_f32, float, LT, FNAN)
DEFINE_ARG(argmin_f64, double, LT, FNAN)

static const tt_inner_fn arg_table[2][TT_NTYPES] = {
    REDUCE_ROW(argmax),
    REDUCE_ROW(argmin),
};

tt_inner_fn tt_argreduce_loop(int is_min, int dtype)
{
    if (dtype < 0 || dtype >= TT_NTYPES) return NULL;
    return arg_table[is_min ? 1 : 0][dtype];
}

/* ---- argmax / argmin, row by row ---- */

#define DEFINE_ARG_ROWS(NAME, T, BETTER)                                                  \
static void NAME(const char *in, tt_ssize m, tt_ssize n, tt_ssize rs, tt_ssize cs,         \
                 int64_t *out, void *scratch, tt_ssize j0, tt_ssize j1)                     \
{                                                                                         \
    T *best = (T *)scratch;                                                               \
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
DEFINE_ARG_ROWS(argmax_rows_b, tt_bool, GT)
DEFINE_ARG_ROWS(argmax_rows_i8, int8_t, GT)
DEFINE_ARG_ROWS(argmax_rows_u8, uint8_t, GT)
DEFINE_ARG_ROWS(argmax_rows_i16, int16_t, GT)
DEFINE_ARG_ROWS(argmax_rows_u16, uint16_t, GT)
DEFINE_ARG_ROWS(argmax_rows_i32, int32_t, GT)
DEFINE_ARG_ROWS(argmax_rows_u32, uint32_t, GT)
DEFINE_ARG_ROWS(argmax_rows_i64, int64_t, GT)
DEFINE_ARG_ROWS(argmax_rows_u64, uint64_t, GT)
DEFINE_ARG_ROWS(argmax_rows_f16, tt_f16, GT)
DEFINE_ARG_ROWS(argmax_rows_f32, float, GT)
DEFINE_ARG_ROWS(argmax_rows_f64, double, GT)
DEFINE_ARG_ROWS(argmin_rows_b, tt_bool, LT)
DEFINE_ARG_ROWS(argmin_rows_i8, int8_t, LT)
DEFINE_ARG_ROWS(argmin_rows_u8, uint8_t, LT)
DEFINE_ARG_ROWS(argmin_rows_i16, int16_t, LT)
DEFINE_ARG_ROWS(argmin_rows_u16, uint16_t, LT)
DEFINE_ARG_ROWS(argmin_rows_i32, int32_t, LT)
DEFINE_ARG_ROWS(argmin_rows_u32, uint32_t, LT)
DEFINE_ARG_ROWS(argmin_rows_i64, int64_t, LT)
DEFINE_ARG_ROWS(argmin_rows_u64, uint64_t, LT)
DEFINE_ARG_ROWS(argmin_rows_f16, tt_f16, LT)
DEFINE_ARG_ROWS(argmin_rows_f32, float, LT)
DEFINE_ARG_ROWS(argmin_rows_f64, double, LT)

typedef void (*tt_arg_rows_fn)(const char *, tt_ssize, tt_ssize, tt_ssize, tt_ssize, int64_t *, void *,
                               tt_ssize, tt_ssize);
static const tt_arg_rows_fn arg_rows_table[2][TT_NTYPES] = {
    REDUCE_ROW(argmax_rows),
    REDUCE_ROW(argmin_rows),
};

/* Columns [j0, j1) of the row-by-row argmax/argmin are one chunk for the thread pool. */
typedef struct {
    int is_min, dtype;
    const char *in;
    tt_ssize m, n, rs, cs, nchunks;
    int64_t *out;
    void *best;
} argrows_job;

static void argrows_chunk(void *arg, tt_ssize chunk, int slot)
{
    const argrows_job *job = (const argrows_job *)arg;
    tt_ssize j0 = job->n * chunk / job->nchunks, j1 = job->n * (chunk + 1) / job->nchunks;
    (void)slot;
    arg_rows_table[job->is_min ? 1 : 0][job->dtype](job->in, job->m, job->n, job->rs, job->cs, job->out,
                                                    job->best, j0, j1);
}

int tt_argreduce_rows(int is_min, int dtype, const char *in, tt_ssize m, tt_ssize n,
                      tt_ssize rs, tt_ssize cs, int64_t *out)
{
    void *best = malloc((size_t)(n > 0 ? n : 1) * 8);
    if (!best) return TT_ERR_NOMEM;
    int nt = m * n >= TT_PARALLEL_THRESHOLD ? tt_get_num_threads() : 1;
    /* chunks of at least 64 columns: neighbours never share a cache line of out or best */
    argrows_job job = {is_min, dtype, in, m, n, rs, cs, tt_parallel_chunks(n / 64, nt, 4), out, best};
    if (job.nchunks < 1) job.nchunks = 1;
    tt_parallel_run(job.nchunks, nt, argrows_chunk, &job);
    free(best);
    return TT_OK;
}

/* ---- the read-bandwidth probe ---- */

/* Reads [p, p + nbytes) once with vector loads into 8 independent OR accumulators: no
 * arithmetic worth the name, so its time is the time to bring the bytes in from wherever they
 * are (for 64 MB: main memory). Split over the threads like a sum of the same array. */
typedef uint64_t probe_vec __attribute__((vector_size(16)));
typedef struct { const char *p; size_t nbytes; tt_ssize nchunks; uint64_t result[64]; } probe_job;

static void probe_chunk(void *arg, tt_ssize c, int slot)
{
    probe_job *job = (probe_job *)arg;
    (void)slot;
    size_t lines = job->nbytes / 128;
    size_t b = lines * c / job->nchunks * 128, e = lines * (c + 1) / job->nchunks * 128;
    if (c == job->nchunks - 1) e = job->nbytes;
    probe_vec acc[8] = {{0}}, v;
    size_t i = b;
    for (; i + 128 <= e; i += 128)
        for (int k = 0; k < 8; k++) { __builtin_memcpy(&v, job->p + i + 16 * k, 16); acc[k] |= v; }
    uint64_t r = 0;
    for (int k = 0; k < 8; k++) r |= acc[k][0] | acc[k][1];
    for (; i < e; i++) r |= (unsigned char)job->p[i];
    job->result[c] = r;
}

uint64_t tt_read_probe(const void *p, size_t nbytes)
{
    int nt = nbytes >= (1u << 20) ? tt_get_num_threads() : 1;
    probe_job job = {(const char *)p, nbytes, 1, {0}};
    job.nchunks = tt_parallel_chunks((tt_ssize)(nbytes >> 16), nt, 4);
    if (job.nchunks > 64) job.nchunks = 64;
    if (job.nchunks < 1) job.nchunks = 1;
    tt_parallel_run(job.nchunks, nt, probe_chunk, &job);
    uint64_t r = 0;
    for (tt_ssize c = 0; c < job.nchunks; c++) r |= job.result[c];
    return r;
}
