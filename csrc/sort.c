/* Sorting (see sort.h): the keys of each dtype, the job, and the dispatchers. The algorithms
 * live in sort_kernel.h, included once per dtype below (it #undefs its parameters). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sort.h"
#include "threads.h"

/* The job's state. Rows are sorted one after the other; a long row goes through the phases of
 * sort_kernel.h, each of which can stop after any element and resume. */
enum { PHASE_COUNT, PHASE_SCATTER, PHASE_BUCKETS, PHASE_FIXUP, PHASE_GATHER, PHASE_DONE };

#define MAX_TOP_BITS 11         /* at most 2048 top-digit buckets */

/* Scratch space of one thread sorting buckets: the digit histograms and bucket offsets. */
typedef struct {
    tt_ssize hist[8 * 2048];        /* the digits below the top one (at most 8 of 8 bits, 6 of 11) */
    tt_ssize offsets[2048];
} tt_sort_scratch;

struct tt_sort_job {
    int (*run)(tt_sort_job *j, tt_ssize budget);     /* the dtype's FN(run) */
    const char *src;
    char *dst;
    int64_t *idx;
    tt_ssize rows, n;
    int descending;
    uint64_t flip;                  /* all ones when descending: flips every key */
    /* scratch: two key buffers and one index buffer of n elements each */
    void *keys_a, *keys_b;
    int64_t *idx_tmp;
    /* progress */
    tt_ssize row, pos;
    int phase;
    /* the radix sort of the current row: the top digit's buckets, then each bucket's */
    int top_bits;                   /* 0: rows short enough to be one bucket */
    tt_ssize *hist;                 /* these three: 2^top_bits (+1) counts each, in one block */
    tt_ssize *offsets;
    tt_ssize *bucket_start;
    tt_sort_scratch *scratch;       /* one per thread (slot) */
    /* NaNs and -0.0 of the current row (specials[0], [1]), and where FIXUP writes them */
    tt_ssize specials[2], zero_at, nan_at;
    /* threads: COUNT/SCATTER of a whole row cut into nthreads slices, each with its own
     * histogram (then its first slots) and specials; BUCKETS with a scratch per thread */
    int nthreads;
    tt_ssize *slice_hist;
    tt_ssize slice_specials[2 * TT_SORT_MAX_THREADS];
    /* many rows that fit in cache: sorted on row_threads threads, each with its own clone of
     * this job (its own key/index buffers, scratch and specials); NULL for one thread */
    int row_threads;
    tt_sort_job *row_workers;
};

/* ---- keys ------------------------------------------------------------------------------------ */

static inline uint8_t key_bool(uint8_t v) { return v != 0; }
static inline uint8_t key_i8(int8_t v) { return (uint8_t)((uint8_t)v ^ 0x80u); }
static inline uint8_t key_u8(uint8_t v) { return v; }
static inline uint16_t key_i16(int16_t v) { return (uint16_t)((uint16_t)v ^ 0x8000u); }
static inline uint16_t key_u16(uint16_t v) { return v; }
static inline uint32_t key_i32(int32_t v) { return (uint32_t)v ^ 0x80000000u; }
static inline uint32_t key_u32(uint32_t v) { return v; }
static inline uint64_t key_i64(int64_t v) { return (uint64_t)v ^ 0x8000000000000000ull; }
static inline uint64_t key_u64(uint64_t v) { return v; }

/* float16: the float32 recipe on 16 bits (exponent all ones and a non-zero mantissa is NaN) */
static inline uint16_t key_f16(tt_f16 v)
{
    uint16_t u, magnitude, key;
    memcpy(&u, &v, 2);
    magnitude = u & 0x7FFFu;
    key = (u >> 15) ? (uint16_t)~u : (uint16_t)(u | 0x8000u);
    key = magnitude == 0 ? 0x8000u : key;
    key = magnitude > 0x7C00u ? 0xFFFFu : key;
    return key;
}

/* Branch-free (the sorts' hot loops make a key per element): select instead of test. */
static inline uint32_t key_f32(float v)
{
    uint32_t u, magnitude, key;
    memcpy(&u, &v, 4);
    magnitude = u & 0x7FFFFFFFu;
    key = (u >> 31) ? ~u : (u | 0x80000000u);
    key = magnitude == 0 ? 0x80000000u : key;                   /* -0.0 and +0.0: one key */
    key = magnitude > 0x7F800000u ? 0xFFFFFFFFu : key;          /* every NaN: after everything */
    return key;
}

static inline uint64_t key_f64(double v)
{
    uint64_t u, magnitude, key;
    memcpy(&u, &v, 8);
    magnitude = u & 0x7FFFFFFFFFFFFFFFull;
    key = (u >> 63) ? ~u : (u | 0x8000000000000000ull);
    key = magnitude == 0 ? 0x8000000000000000ull : key;
    key = magnitude > 0x7FF0000000000000ull ? 0xFFFFFFFFFFFFFFFFull : key;
    return key;
}

static inline uint8_t val_bool(uint8_t k) { return k; }
static inline int8_t val_i8(uint8_t k) { return (int8_t)(uint8_t)(k ^ 0x80u); }
static inline uint8_t val_u8(uint8_t k) { return k; }
static inline int16_t val_i16(uint16_t k) { return (int16_t)(uint16_t)(k ^ 0x8000u); }
static inline uint16_t val_u16(uint16_t k) { return k; }
static inline int32_t val_i32(uint32_t k) { return (int32_t)(k ^ 0x80000000u); }
static inline uint32_t val_u32(uint32_t k) { return k; }
static inline int64_t val_i64(uint64_t k) { return (int64_t)(k ^ 0x8000000000000000ull); }
static inline uint64_t val_u64(uint64_t k) { return k; }

static inline tt_f16 val_f16(uint16_t k)
{
    uint16_t u = (k & 0x8000u) ? (uint16_t)(k ^ 0x8000u) : (uint16_t)~k;
    tt_f16 v;
    memcpy(&v, &u, 2);
    return v;
}

static inline float val_f32(uint32_t k)
{
    uint32_t u = (k & 0x80000000u) ? (k ^ 0x80000000u) : ~k;
    float v;
    memcpy(&v, &u, 4);
    return v;
}

static inline double val_f64(uint64_t k)
{
    uint64_t u = (k & 0x8000000000000000ull) ? (k ^ 0x8000000000000000ull) : ~k;
    double v;
    memcpy(&v, &u, 8);
    return v;
}

/* Threads: the pool of threads.h. The BUCKETS phase: buckets are independent, so a range of
 * them is cut into chunks of about equal numbers of elements and the chunks are sorted by the
 * threads, each with its scratch. */
#define BUCKET_CHUNKS_PER_THREAD 8

typedef struct bucket_range {
    tt_sort_job *job;
    void *dst;
    int64_t *idx;
    tt_ssize bounds[BUCKET_CHUNKS_PER_THREAD * TT_SORT_MAX_THREADS + 1];   /* chunk c: buckets [bounds[c], bounds[c+1]) */
    void (*sort_bucket)(tt_sort_job *, tt_ssize, tt_ssize, void *, int64_t *, tt_sort_scratch *);
} bucket_range;

static void sort_bucket_chunk(void *arg, tt_ssize chunk, int slot)
{
    bucket_range *r = (bucket_range *)arg;
    tt_sort_job *j = r->job;
    for (tt_ssize b = r->bounds[chunk]; b < r->bounds[chunk + 1]; b++) {
        tt_ssize lo = j->bucket_start[b], m = j->bucket_start[b + 1] - lo;
        if (m > 0) r->sort_bucket(j, lo, m, r->dst, r->idx, &j->scratch[slot]);
    }
}

/* Sorts buckets [first, end). */
static void run_bucket_range(bucket_range *r, tt_ssize first, tt_ssize end)
{
    tt_sort_job *j = r->job;
    tt_ssize total = j->bucket_start[end] - j->bucket_start[first];
    int nthreads = total >= TT_SORT_THREADS_MIN ? j->nthreads : 1;
    tt_ssize nchunks = nthreads > 1 ? (tt_ssize)BUCKET_CHUNKS_PER_THREAD * nthreads : 1, c = 1;
    r->bounds[0] = first;
    for (tt_ssize b = first; b < end && c < nchunks; b++)      /* cut at equal element counts */
        if (j->bucket_start[b + 1] - j->bucket_start[first] >= total * c / nchunks) r->bounds[c++] = b + 1;
    r->bounds[c] = end;
    tt_parallel_run(c, nthreads, sort_bucket_chunk, r);
}

/* ---- the kernels, one per dtype ----------------------------------------------------------------- */

#define T uint8_t
#define K uint8_t
#define SFX bool
#define TO_KEY(v) key_bool(v)
#define FROM_KEY(k) val_bool(k)
#define IS_FLOAT 0
#include "sort_kernel.h"

#define T uint8_t
#define K uint8_t
#define SFX u8
#define TO_KEY(v) key_u8(v)
#define FROM_KEY(k) val_u8(k)
#define IS_FLOAT 0
#include "sort_kernel.h"

#define T int32_t
#define K uint32_t
#define SFX i32
#define TO_KEY(v) key_i32(v)
#define FROM_KEY(k) val_i32(k)
#define IS_FLOAT 0
#include "sort_kernel.h"

#define T int64_t
#define K uint64_t
#define SFX i64
#define TO_KEY(v) key_i64(v)
#define FROM_KEY(k) val_i64(k)
#define IS_FLOAT 0
#include "sort_kernel.h"

#define T int8_t
#define K uint8_t
#define SFX i8
#define TO_KEY(v) key_i8(v)
#define FROM_KEY(k) val_i8(k)
#define IS_FLOAT 0
#include "sort_kernel.h"

#define T int16_t
#define K uint16_t
#define SFX i16
#define TO_KEY(v) key_i16(v)
#define FROM_KEY(k) val_i16(k)
#define IS_FLOAT 0
#include "sort_kernel.h"

#define T uint16_t
#define K uint16_t
#define SFX u16
#define TO_KEY(v) key_u16(v)
#define FROM_KEY(k) val_u16(k)
#define IS_FLOAT 0
#include "sort_kernel.h"

#define T uint32_t
#define K uint32_t
#define SFX u32
#define TO_KEY(v) key_u32(v)
#define FROM_KEY(k) val_u32(k)
#define IS_FLOAT 0
#include "sort_kernel.h"

#define T uint64_t
#define K uint64_t
#define SFX u64
#define TO_KEY(v) key_u64(v)
#define FROM_KEY(k) val_u64(k)
#define IS_FLOAT 0
#include "sort_kernel.h"

#define T tt_f16
#define K uint16_t
#define SFX f16
#define TO_KEY(v) key_f16(v)
#define FROM_KEY(k) val_f16(k)
#define IS_FLOAT 1
#include "sort_kernel.h"

#define T float
#define K uint32_t
#define SFX f32
#define TO_KEY(v) key_f32(v)
#define FROM_KEY(k) val_f32(k)
#define IS_FLOAT 1
#include "sort_kernel.h"

#define T double
#define K uint64_t
#define SFX f64
#define TO_KEY(v) key_f64(v)
#define FROM_KEY(k) val_f64(k)
#define IS_FLOAT 1
#include "sort_kernel.h"

/* ---- dispatch ---------------------------------------------------------------------------------- */

typedef struct {
    int (*run)(tt_sort_job *, tt_ssize);
    void (*searchsorted)(const char *, tt_ssize, tt_ssize, const int64_t *, const void *, tt_ssize,
                         int, int64_t *);
    tt_ssize (*runs)(const void *, tt_ssize, int, int64_t *);
    int (*rows_equal)(const char *, tt_ssize, const char *, tt_ssize, tt_ssize, int);
} sort_kernels;

#define KERNELS(SFX) { run_##SFX, searchsorted_##SFX, runs_##SFX, rows_equal_##SFX }

static const sort_kernels kernels[TT_NTYPES] = {
    [TT_BOOL] = KERNELS(bool),
    [TT_INT8] = KERNELS(i8),
    [TT_UINT8] = KERNELS(u8),
    [TT_INT16] = KERNELS(i16),
    [TT_UINT16] = KERNELS(u16),
    [TT_INT32] = KERNELS(i32),
    [TT_UINT32] = KERNELS(u32),
    [TT_INT64] = KERNELS(i64),
    [TT_UINT64] = KERNELS(u64),
    [TT_FLOAT16] = KERNELS(f16),
    [TT_FLOAT32] = KERNELS(f32),
    [TT_FLOAT64] = KERNELS(f64),
};

static const sort_kernels *kernels_of(int dtype)
{
    if (dtype < 0 || dtype >= TT_NTYPES || !kernels[dtype].run) return NULL;
    return &kernels[dtype];
}

tt_sort_job *tt_sort_job_new(int dtype, const char *src, char *dst, int64_t *idx,
                             tt_ssize rows, tt_ssize n, int descending, int *err)
{
    const sort_kernels *k = kernels_of(dtype);
    size_t item = tt_itemsize(dtype);
    *err = TT_OK;
    if (!k) { *err = TT_ERR_UNSUPPORTED; return NULL; }
    tt_sort_job *j = calloc(1, sizeof(*j));
    if (!j) { *err = TT_ERR_NOMEM; return NULL; }
    j->run = k->run;
    j->src = src;
    j->dst = dst;
    j->idx = idx;
    j->rows = rows;
    j->n = n;
    j->descending = descending != 0;
    j->flip = descending ? ~(uint64_t)0 : 0;
    j->phase = PHASE_COUNT;
    /* top digit: about n / 256 buckets (so a bucket holds a few hundred keys and stays in
     * cache), at most 2048, and never more bits than the key has */
    int top = 1;
    while (top < MAX_TOP_BITS && ((tt_ssize)256 << top) < n) top++;
    j->top_bits = top < (int)(8 * item) ? top : (int)(8 * item);
    if (n < TT_SORT_MSD_MIN) j->top_bits = 0;       /* the whole row is one bucket */
    size_t nb = (size_t)(n > 0 ? n : 1);
    int ok = 1;
    /* keys_a: the keys; keys_b: the second buffer of argsort's passes (values use dst) */
    j->keys_a = malloc(nb * item);
    j->keys_b = (idx || n < TT_SORT_RADIX_MIN) ? malloc(nb * item) : NULL;
    if (idx) j->idx_tmp = malloc(nb * sizeof(int64_t));
    j->nthreads = n >= TT_SORT_THREADS_MIN ? tt_get_num_threads() : 1;
    if (j->nthreads > TT_SORT_MAX_THREADS) j->nthreads = TT_SORT_MAX_THREADS;
    if (j->nthreads > 1) j->slice_hist = malloc(sizeof(tt_ssize) * ((size_t)j->nthreads << j->top_bits));
    j->scratch = n >= TT_SORT_RADIX_MIN ? malloc(sizeof(tt_sort_scratch) * (size_t)j->nthreads) : NULL;
    if (j->top_bits > 0 && n >= TT_SORT_RADIX_MIN) {
        size_t nbk = (size_t)1 << j->top_bits;
        j->hist = malloc(sizeof(tt_ssize) * (3 * nbk + 1));
        if (j->hist) {
            j->offsets = j->hist + nbk;
            j->bucket_start = j->offsets + nbk;
        }
        ok = j->hist != NULL;
    }
    ok = ok && j->keys_a && (j->keys_b || !(idx || n < TT_SORT_RADIX_MIN)) && (!idx || j->idx_tmp)
         && (n < TT_SORT_RADIX_MIN || j->scratch) && (j->nthreads == 1 || j->slice_hist);
    int threads = tt_get_num_threads();
    if (threads > TT_SORT_MAX_THREADS) threads = TT_SORT_MAX_THREADS;
    if (rows < threads) threads = (int)rows;
    if (ok && n > 0 && n < TT_SORT_MSD_MIN && threads > 1 && rows * n >= TT_SORT_THREADS_MIN) {
        j->row_workers = calloc((size_t)threads, sizeof(tt_sort_job));
        ok = j->row_workers != NULL;
        for (int t = 0; ok && t < threads; t++) {
            tt_sort_job *w = &j->row_workers[t];
            *w = *j;                    /* the same parameters; buffers of its own */
            w->row_workers = NULL;
            w->keys_a = malloc(nb * item);
            w->keys_b = j->keys_b ? malloc(nb * item) : NULL;
            w->idx_tmp = idx ? malloc(nb * sizeof(int64_t)) : NULL;
            w->scratch = j->scratch ? malloc(sizeof(tt_sort_scratch)) : NULL;
            j->row_threads = t + 1;     /* the workers tt_sort_job_free must release */
            ok = w->keys_a && (w->keys_b || !j->keys_b) && (w->idx_tmp || !idx) && (w->scratch || !j->scratch);
        }
    }
    if (!ok) {
        tt_sort_job_free(j);
        *err = TT_ERR_NOMEM;
        return NULL;
    }
    return j;
}

int tt_sort_job_run(tt_sort_job *job, tt_ssize budget)
{
    return job->run(job, budget);
}

void tt_sort_job_free(tt_sort_job *job)
{
    if (!job) return;
    for (int t = 0; t < job->row_threads; t++) {
        tt_sort_job *w = &job->row_workers[t];
        free(w->keys_b);
        free(w->keys_a);
        free(w->idx_tmp);
        free(w->scratch);
    }
    free(job->row_workers);
    free(job->keys_b);
    free(job->keys_a);
    free(job->idx_tmp);
    free(job->scratch);
    free(job->slice_hist);
    free(job->hist);
    free(job);
}

int tt_searchsorted(int dtype, const char *a, tt_ssize as, tt_ssize n, const int64_t *sorter,
                    const char *v, tt_ssize m, int right, int64_t *out)
{
    const sort_kernels *k = kernels_of(dtype);
    if (!k) return TT_ERR_UNSUPPORTED;
    k->searchsorted(a, as, n, sorter, v, m, right, out);
    return TT_OK;
}

tt_ssize tt_sorted_runs(int dtype, const char *sorted, tt_ssize n, int nan_equal, int64_t *starts)
{
    const sort_kernels *k = kernels_of(dtype);
    if (!k) return -1;
    return k->runs(sorted, n, nan_equal, starts);
}

int tt_rows_equal(int dtype, const char *a, tt_ssize as, const char *b, tt_ssize bs, tt_ssize n,
                  int nan_equal)
{
    const sort_kernels *k = kernels_of(dtype);
    if (!k) return -1;
    return k->rows_equal(a, as, b, bs, n, nan_equal);
}

void tt_gather_rows(size_t itemsize, const char *src, tt_ssize n_src, const int64_t *idx,
                    tt_ssize n_idx, tt_ssize rows, char *dst)
{
    for (tt_ssize r = 0; r < rows; r++) {
        const char *s = src + r * n_src * (tt_ssize)itemsize;
        const int64_t *ix = idx + r * n_idx;
        char *d = dst + r * n_idx * (tt_ssize)itemsize;
        switch (itemsize) {
        case 1:
            for (tt_ssize i = 0; i < n_idx; i++) d[i] = s[ix[i]];
            break;
        case 2:
            for (tt_ssize i = 0; i < n_idx; i++) ((uint16_t *)d)[i] = ((const uint16_t *)s)[ix[i]];
            break;
        case 4:
            for (tt_ssize i = 0; i < n_idx; i++) ((uint32_t *)d)[i] = ((const uint32_t *)s)[ix[i]];
            break;
        default:
            for (tt_ssize i = 0; i < n_idx; i++) ((uint64_t *)d)[i] = ((const uint64_t *)s)[ix[i]];
            break;
        }
    }
}

tt_ssize tt_first_out_of_range(const int64_t *idx, tt_ssize n, tt_ssize bound)
{
    for (tt_ssize i = 0; i < n; i++)
        if (idx[i] < 0 || idx[i] >= bound) return i;
    return -1;
}
