/* The sorts of one dtype, written once and compiled by sort.c for every dtype. Before each
 * #include, sort.c defines
 *
 *   T          the element type (float, int32_t, ...)
 *   K          its key type: the unsigned integer of the same width
 *   SFX        a suffix for every function name (f32, i64, ...)
 *   TO_KEY(v)  the ascending key of the element v (see sort.h)
 *   FROM_KEY(k)  an element whose key is k (the canonical +0.0 / NaN for those keys)
 *   IS_FLOAT   1 for floating dtypes: their -0.0 and NaN payloads are restored after a key sort
 *
 * Everything here is static; sort.c's dispatchers call it. Every macro, the parameters too, is
 * #undef'd at the end, ready for the next #include.
 *
 * A row is sorted in one of two ways (sort.h):
 *   short rows  keys (and indices) into scratch, merge sort, values out;
 *   long rows   a radix sort on the top bits first, then bucket by bucket, split into
 *               PHASES that can stop after any element (any bucket for BUCKETS):
 *               COUNT    read the row once, counting the keys' top digit (up to 11 bits);
 *               SCATTER  every key (and its position) to its top-digit bucket, stable: the
 *                        only pass that moves keys across the whole row;
 *               BUCKETS  each bucket sorted by the remaining bits (an LSD radix sort in 8-bit
 *                        digits, skipping digits all its keys share, or a merge sort when
 *                        short; a bucket of a row of n keys holds about n / 2048, so it
 *                        stays in cache), then written out as elements or positions;
 *               FIXUP    -0.0 and NaNs copied from the source, in their order, over the
 *                        canonical +0.0 and NaN the keys gave back (floats only);
 *               GATHER   the values through the indices (when both are wanted).
 */

#define GLUE_(a, b) a##_##b
#define GLUE(a, b) GLUE_(a, b)
#define FN(name) GLUE(name, SFX)

#define KBITS ((int)(8 * sizeof(K)))
#if IS_FLOAT
#define ELEM_ISNAN(v) ((v) != (v))
#define NAN_OR_ZERO NAN
#else
#define ELEM_ISNAN(v) 0
#define NAN_OR_ZERO 0
#endif

/* ---- short rows ------------------------------------------------------------------------- */

/* Stable insertion sort of keys[0:n] (with their indices when idx is not NULL). */
static void FN(insertion)(K *keys, int64_t *idx, tt_ssize n)
{
    for (tt_ssize i = 1; i < n; i++) {
        K k = keys[i];
        int64_t x = idx ? idx[i] : 0;
        tt_ssize j = i;
        while (j > 0 && keys[j - 1] > k) {     /* strictly greater: equal keys stay in order */
            keys[j] = keys[j - 1];
            if (idx) idx[j] = idx[j - 1];
            j--;
        }
        keys[j] = k;
        if (idx) idx[j] = x;
    }
}

/* Merges the sorted runs a[lo:mid] and a[mid:hi] into b[lo:hi]; on equal keys the left run's
 * element goes first (stability). Indices follow their keys when ia is not NULL. */
static void FN(merge)(const K *a, const int64_t *ia, K *b, int64_t *ib,
                      tt_ssize lo, tt_ssize mid, tt_ssize hi)
{
    tt_ssize i = lo, j = mid, o = lo;
    while (i < mid && j < hi) {
        if (a[j] < a[i]) {
            b[o] = a[j];
            if (ia) ib[o] = ia[j];
            j++;
        } else {
            b[o] = a[i];
            if (ia) ib[o] = ia[i];
            i++;
        }
        o++;
    }
    for (; i < mid; i++, o++) {
        b[o] = a[i];
        if (ia) ib[o] = ia[i];
    }
    for (; j < hi; j++, o++) {
        b[o] = a[j];
        if (ia) ib[o] = ia[j];
    }
}

/* Bottom-up stable merge sort of keys[0:n] (and idx), with tmp keys/indices of n elements;
 * the result ends in keys/idx. */
#define MERGE_RUN 16
static void FN(merge_sort)(K *keys, int64_t *idx, K *tmp, int64_t *itmp, tt_ssize n)
{
    for (tt_ssize lo = 0; lo < n; lo += MERGE_RUN)
        FN(insertion)(keys + lo, idx ? idx + lo : NULL, n - lo < MERGE_RUN ? n - lo : MERGE_RUN);
    K *a = keys, *b = tmp;
    int64_t *ia = idx, *ib = itmp;
    for (tt_ssize width = MERGE_RUN; width < n; width *= 2) {
        for (tt_ssize lo = 0; lo < n; lo += 2 * width) {
            tt_ssize mid = lo + width < n ? lo + width : n;
            tt_ssize hi = lo + 2 * width < n ? lo + 2 * width : n;
            FN(merge)(a, ia, b, ib, lo, mid, hi);
        }
        K *t = a; a = b; b = t;
        int64_t *it = ia; ia = ib; ib = it;
    }
    if (a != keys) {
        memcpy(keys, a, (size_t)n * sizeof(K));
        if (idx) memcpy(idx, ia, (size_t)n * sizeof(int64_t));
    }
}

/* ---- restoring -0.0 and NaNs ------------------------------------------------------------- */

/* The first position of the sorted row dst[0:n] whose key (with `flip`) is not below `key`. */
static tt_ssize FN(lower_bound)(const T *dst, tt_ssize n, K key, K flip)
{
    tt_ssize lo = 0, hi = n;
    while (lo < hi) {
        tt_ssize mid = lo + (hi - lo) / 2;
        if ((K)(TO_KEY(dst[mid]) ^ flip) < key) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Where the zeros and the NaNs of a key-sorted row begin (set before FIXUP runs). */
static void FN(fixup_start)(tt_sort_job *j, const T *dst)
{
    K flip = (K)j->flip;
    j->zero_at = FN(lower_bound)(dst, j->n, (K)(TO_KEY((T)0) ^ flip), flip);
    j->nan_at = j->descending ? 0 : j->n - j->specials[0];
}

/* Source positions [i0, i1): each zero and NaN is copied, in order, into the next slot of the
 * zero run and of the NaN run of the sorted row (the keys made them all +0.0 / one NaN). */
static void FN(fixup)(tt_sort_job *j, const T *src, T *dst, tt_ssize i0, tt_ssize i1)
{
    for (tt_ssize i = i0; i < i1; i++) {
        T v = src[i];
        if (ELEM_ISNAN(v)) dst[j->nan_at++] = v;
        else if (v == 0) dst[j->zero_at++] = v;
    }
}

/* Counts, for FIXUP, the NaNs and negative zeros of src[i0:i1] into *nan and *negzero. */
static void FN(count_specials)(const T *src, tt_ssize i0, tt_ssize i1, tt_ssize *nan, tt_ssize *negzero)
{
#if IS_FLOAT
    tt_ssize nn = 0, nz = 0;
    for (tt_ssize i = i0; i < i1; i++) {
        T v = src[i];
        nn += v != v;
        nz += v == 0 && signbit(v);
    }
    *nan += nn;
    *negzero += nz;
#else
    (void)src; (void)i0; (void)i1; (void)nan; (void)negzero;
#endif
}

static int FN(needs_fixup)(const tt_sort_job *j)
{
    return IS_FLOAT && (j->specials[0] > 0 || j->specials[1] > 0);
}

/* ---- one short row, whole ------------------------------------------------------------------ */

static void FN(sort_short)(tt_sort_job *j, const T *src, T *dst, int64_t *idx)
{
    tt_ssize n = j->n;
    K *keys = (K *)j->keys_a, *tmp = (K *)j->keys_b;
    K flip = (K)j->flip;
    for (tt_ssize i = 0; i < n; i++) keys[i] = (K)(TO_KEY(src[i]) ^ flip);
    if (idx) {
        for (tt_ssize i = 0; i < n; i++) idx[i] = i;
        FN(merge_sort)(keys, idx, tmp, j->idx_tmp, n);
        if (dst)
            for (tt_ssize i = 0; i < n; i++) dst[i] = src[idx[i]];
        return;
    }
    FN(merge_sort)(keys, NULL, tmp, NULL, n);
    for (tt_ssize i = 0; i < n; i++) dst[i] = FROM_KEY((K)(keys[i] ^ flip));
    j->specials[0] = j->specials[1] = 0;
    FN(count_specials)(src, 0, n, &j->specials[0], &j->specials[1]);
    if (FN(needs_fixup)(j)) {
        FN(fixup_start)(j, dst);
        FN(fixup)(j, src, dst, 0, n);
    }
}

/* ---- one long row, phase by phase ------------------------------------------------------------ */

/* COUNT over src[i0:i1]: the histogram of the keys' top digit into hist, and the NaNs / -0.0
 * into specials[0] / specials[1]. */
static void FN(count)(const tt_sort_job *j, const T *src, tt_ssize i0, tt_ssize i1, tt_ssize *hist,
                      tt_ssize *specials)
{
    const int shift = KBITS - j->top_bits;
    const K flip = (K)j->flip;
    for (tt_ssize i = i0; i < i1; i++) {
        K key = (K)(TO_KEY(src[i]) ^ flip);
        hist[key >> shift]++;
    }
    if (IS_FLOAT && (hist[(K)(TO_KEY((T)NAN_OR_ZERO) ^ flip) >> shift] != 0 ||
                     hist[(K)(TO_KEY((T)0) ^ flip) >> shift] != 0))
        FN(count_specials)(src, i0, i1, &specials[0], &specials[1]);   /* a NaN or zero bucket is used */
}

/* After COUNT: where each top-digit bucket starts (the offsets SCATTER advances). */
static void FN(start_buckets)(tt_sort_job *j)
{
    tt_ssize nb = (tt_ssize)1 << j->top_bits, sum = 0;
    for (tt_ssize b = 0; b < nb; b++) {
        j->bucket_start[b] = sum;
        j->offsets[b] = sum;
        sum += j->hist[b];
    }
    j->bucket_start[nb] = sum;
}

/* SCATTER over src[i0:i1]: each key (and its position) to the next slot of its top-digit
 * bucket in keys_a (idx_tmp), the slots given by `off`; stable, as positions go in order. */
static void FN(scatter)(tt_sort_job *j, const T *src, int with_index, tt_ssize i0, tt_ssize i1,
                        tt_ssize *off)
{
    const int shift = KBITS - j->top_bits;
    const K flip = (K)j->flip;
    K *keys = (K *)j->keys_a;
    if (with_index) {
        int64_t *pos = j->idx_tmp;
        for (tt_ssize i = i0; i < i1; i++) {
            K key = (K)(TO_KEY(src[i]) ^ flip);
            tt_ssize o = off[key >> shift]++;
            keys[o] = key;
            pos[o] = i;
        }
    } else {
        for (tt_ssize i = i0; i < i1; i++) {
            K key = (K)(TO_KEY(src[i]) ^ flip);
            keys[off[key >> shift]++] = key;
        }
    }
}

/* COUNT and SCATTER of a whole row on several threads: each thread counts a slice of the row,
 * then scatters it to the slots that follow the earlier slices' in every bucket (so the
 * result is the same, stable, order as one thread's). */
typedef struct {
    tt_sort_job *job;
    const T *src;
    int with_index;
} FN(row_slices);

static void FN(count_slice)(void *arg, tt_ssize c, int slot)
{
    FN(row_slices) *r = (FN(row_slices) *)arg;
    tt_sort_job *j = r->job;
    tt_ssize nb = (tt_ssize)1 << j->top_bits;
    tt_ssize *h = j->slice_hist + c * nb;
    (void)slot;
    memset(h, 0, sizeof(tt_ssize) * (size_t)nb);
    j->slice_specials[2 * c] = j->slice_specials[2 * c + 1] = 0;
    FN(count)(j, r->src, j->n * c / j->nthreads, j->n * (c + 1) / j->nthreads, h, j->slice_specials + 2 * c);
}

static void FN(scatter_slice)(void *arg, tt_ssize c, int slot)
{
    FN(row_slices) *r = (FN(row_slices) *)arg;
    tt_sort_job *j = r->job;
    (void)slot;
    FN(scatter)(j, r->src, r->with_index, j->n * c / j->nthreads, j->n * (c + 1) / j->nthreads,
                j->slice_hist + c * ((tt_ssize)1 << j->top_bits));
}

static void FN(count_scatter_threads)(tt_sort_job *j, const T *src, int with_index)
{
    FN(row_slices) r = {j, src, with_index};
    tt_ssize nb = (tt_ssize)1 << j->top_bits, sum = 0, p = j->nthreads;
    tt_parallel_run(p, j->nthreads, FN(count_slice), &r);
    j->specials[0] = j->specials[1] = 0;
    for (tt_ssize c = 0; c < p; c++) {
        j->specials[0] += j->slice_specials[2 * c];
        j->specials[1] += j->slice_specials[2 * c + 1];
    }
    for (tt_ssize b = 0; b < nb; b++) {          /* slice c's counts become its first slots */
        j->bucket_start[b] = sum;
        for (tt_ssize c = 0; c < p; c++) {
            tt_ssize count = j->slice_hist[c * nb + b];
            j->slice_hist[c * nb + b] = sum;
            sum += count;
        }
    }
    j->bucket_start[nb] = sum;
    tt_parallel_run(p, j->nthreads, FN(scatter_slice), &r);
}

/* One LSD pass over a bucket: a[0:m] (and ia) into b (ib) by the digit of `bits` bits at
 * `shift`, whose histogram is h. The last pass of a values-only sort writes the elements
 * themselves (out, not NULL) instead of keys. */
static void FN(bucket_pass)(const K *a, const int64_t *ia, K *b, int64_t *ib, T *out, tt_ssize m,
                            int shift, int bits, const tt_ssize *h, tt_ssize *off, K flip)
{
    const K mask = (K)((1u << bits) - 1u);
    tt_ssize sum = 0;
    for (tt_ssize d = 0; d < ((tt_ssize)1 << bits); d++) {
        off[d] = sum;
        sum += h[d];
    }
    if (ia) {
        for (tt_ssize i = 0; i < m; i++) {
            tt_ssize o = off[(a[i] >> shift) & mask]++;
            b[o] = a[i];
            ib[o] = ia[i];
        }
    } else if (out) {
        for (tt_ssize i = 0; i < m; i++) {
            K key = a[i];
            out[off[(key >> shift) & mask]++] = FROM_KEY((K)(key ^ flip));
        }
    } else {
        for (tt_ssize i = 0; i < m; i++) b[off[(a[i] >> shift) & mask]++] = a[i];
    }
}

/* BUCKETS: bucket [lo, lo+m) of keys_a (all with the same top digit) sorted by the bits below
 * it -- a merge sort when short, else an LSD radix sort (8-bit digits, 11-bit ones for
 * buckets big enough to pay for 2048 counters; a bucket is usually small enough to stay in
 * cache) -- then written to the output row: elements (values) or positions (idx). The passes'
 * second buffer is the output region itself (values: dst holds keys until they are turned
 * back into elements; indices: idx), or keys_b. */
static void FN(sort_bucket)(tt_sort_job *j, tt_ssize lo, tt_ssize m, void *dst_, int64_t *idx,
                            tt_sort_scratch *scratch)
{
    T *dst = (T *)dst_;
    const int low_bits = KBITS - j->top_bits;
    const K flip = (K)j->flip;
    K *a = (K *)j->keys_a + lo;
    K *b = idx ? (K *)j->keys_b + lo : (K *)dst + lo;
    int64_t *ia = idx ? j->idx_tmp + lo : NULL;
    int64_t *ib = idx ? idx + lo : NULL;
    int written = 0;            /* the last pass already wrote the elements */
    if (m > 1 && low_bits > 0) {
        if (m < TT_SORT_BUCKET_RADIX_MIN) {
            FN(merge_sort)(a, ia, b, ib, m);
        } else {
            int bits = m >= 4096 && low_bits > 8 ? 11 : 8;
            int ndig = (low_bits + bits - 1) / bits, npass = 0, passes[8];
            tt_ssize buckets = (tt_ssize)1 << bits;
            K mask = (K)(buckets - 1);
            tt_ssize *h = scratch->hist;
            memset(h, 0, sizeof(tt_ssize) * (size_t)(buckets * ndig));
            for (tt_ssize i = 0; i < m; i++) {
                K key = a[i];
                for (int d = 0; d < ndig; d++) h[d * buckets + ((key >> (bits * d)) & mask)]++;
            }
            for (int d = 0; d < ndig; d++)       /* digits on which every key agrees move nothing */
                if (h[d * buckets + ((a[0] >> (bits * d)) & mask)] != m) passes[npass++] = d;
            for (int p = 0; p < npass; p++) {
                int d = passes[p];
                /* the last pass writes elements, unless it reads the output region itself */
                T *out = (!idx && p == npass - 1 && a != (K *)dst + lo) ? dst + lo : NULL;
                FN(bucket_pass)(a, ia, b, ib, out, m, bits * d, bits, h + d * buckets, scratch->offsets, flip);
                if (out) {
                    written = 1;
                    break;
                }
                K *t = a; a = b; b = t;
                int64_t *it = ia; ia = ib; ib = it;
            }
        }
    }
    if (idx) {
        if (ia != idx + lo) memcpy(idx + lo, ia, (size_t)m * sizeof(int64_t));
    } else if (!written) {
        T *out = dst + lo;
        for (tt_ssize i = 0; i < m; i++) {
            K key = a[i];            /* read before the write: a may be out's own memory */
            out[i] = FROM_KEY((K)(key ^ flip));
        }
    }
}

/* A row of TT_SORT_RADIX_MIN to TT_SORT_MSD_MIN elements, whole: its keys (and positions) into
 * keys_a (idx_tmp) as one bucket, sorted by every bit of the key (top_bits is 0), then -0.0 /
 * NaN restored or the values gathered, as the phases would. */
static void FN(sort_row_in_cache)(tt_sort_job *j, const T *src, T *dst, int64_t *idx)
{
    const tt_ssize n = j->n;
    const K flip = (K)j->flip;
    K *keys = (K *)j->keys_a;
    for (tt_ssize i = 0; i < n; i++) keys[i] = (K)(TO_KEY(src[i]) ^ flip);
    if (idx)
        for (tt_ssize i = 0; i < n; i++) j->idx_tmp[i] = i;
    FN(sort_bucket)(j, 0, n, dst, idx, &j->scratch[0]);
    if (idx) {
        if (dst)
            for (tt_ssize i = 0; i < n; i++) dst[i] = src[idx[i]];
        return;
    }
    j->specials[0] = j->specials[1] = 0;
    FN(count_specials)(src, 0, n, &j->specials[0], &j->specials[1]);
    if (FN(needs_fixup)(j)) {
        FN(fixup_start)(j, dst);
        FN(fixup)(j, src, dst, 0, n);
    }
}

/* Rows [first, first + count) that fit in cache, cut into nchunks chunks for the threads;
 * each thread sorts its rows with its own clone of the job (row_workers[slot]). */
typedef struct {
    tt_sort_job *job;
    tt_ssize first, count, nchunks;
} FN(row_window);

static void FN(rows_chunk)(void *arg, tt_ssize c, int slot)
{
    FN(row_window) *w = (FN(row_window) *)arg;
    tt_sort_job *j = w->job, *worker = &j->row_workers[slot];
    const tt_ssize n = j->n;
    tt_ssize r0 = w->first + w->count * c / w->nchunks, r1 = w->first + w->count * (c + 1) / w->nchunks;
    for (tt_ssize r = r0; r < r1; r++) {
        const T *src = (const T *)j->src + r * n;
        T *dst = j->dst ? (T *)j->dst + r * n : NULL;
        int64_t *idx = j->idx ? j->idx + r * n : NULL;
        if (n < TT_SORT_RADIX_MIN) FN(sort_short)(worker, src, dst, idx);
        else FN(sort_row_in_cache)(worker, src, dst, idx);
    }
}

/* Runs the job for about `budget` elements; returns 1 when every row is done. */
static int FN(run)(tt_sort_job *j, tt_ssize budget)
{
    const tt_ssize n = j->n;
    while (j->row < j->rows) {
        if (budget <= 0) return 0;
        const T *src = (const T *)j->src + j->row * n;
        T *dst = j->dst ? (T *)j->dst + j->row * n : NULL;
        int64_t *idx = j->idx ? j->idx + j->row * n : NULL;
        if (j->row_workers) {
            /* many rows that fit in cache: the rows within the budget, on the threads */
            tt_ssize per_row = n < TT_SORT_RADIX_MIN ? n + 8 : 3 * n, count = budget / per_row;
            if (count < 1) count = 1;
            if (count > j->rows - j->row) count = j->rows - j->row;
            FN(row_window) w = {j, j->row, count, tt_parallel_chunks(count, j->row_threads, 4)};
            tt_parallel_run(w.nchunks, j->row_threads, FN(rows_chunk), &w);
            budget -= count * per_row;
            j->row += count;
            continue;
        }
        if (n < TT_SORT_RADIX_MIN) {
            if (n > 0) FN(sort_short)(j, src, dst, idx);
            budget -= n + 8;
            j->row++;
            continue;
        }
        if (n < TT_SORT_MSD_MIN) {
            /* a row that fits in cache: one bucket, the whole row, radix-sorted by all its bits */
            FN(sort_row_in_cache)(j, src, dst, idx);
            budget -= 3 * n;
            j->row++;
            continue;
        }
        tt_ssize i0 = j->pos, i1 = n - i0 < budget ? n : i0 + budget;
        switch (j->phase) {
        case PHASE_COUNT:
            if (i0 == 0 && i1 == n && j->nthreads > 1) {   /* the whole row at once, threaded */
                FN(count_scatter_threads)(j, src, idx != NULL);
                budget -= 2 * n;
                j->phase = PHASE_BUCKETS;
                j->pos = 0;
                break;
            }
            if (i0 == 0) {
                memset(j->hist, 0, sizeof(tt_ssize) << j->top_bits);
                j->specials[0] = j->specials[1] = 0;
            }
            FN(count)(j, src, i0, i1, j->hist, j->specials);
            budget -= i1 - i0;
            j->pos = i1;
            if (i1 == n) {
                FN(start_buckets)(j);
                j->phase = PHASE_SCATTER;
                j->pos = 0;
            }
            break;
        case PHASE_SCATTER:
            FN(scatter)(j, src, idx != NULL, i0, i1, j->offsets);
            budget -= i1 - i0;
            j->pos = i1;
            if (i1 == n) {
                j->phase = PHASE_BUCKETS;
                j->pos = 0;             /* now: the next bucket */
            }
            break;
        case PHASE_BUCKETS: {
            /* the buckets [pos, end) holding about `budget` elements, in parallel */
            tt_ssize nb = (tt_ssize)1 << j->top_bits, end = j->pos;
            while (end < nb && j->bucket_start[end] - j->bucket_start[j->pos] < budget) end++;
            if (end == j->pos) end++;
            budget -= j->bucket_start[end] - j->bucket_start[j->pos] + 16 * (end - j->pos);
            bucket_range range;
            range.job = j;
            range.dst = dst;
            range.idx = idx;
            range.sort_bucket = FN(sort_bucket);
            run_bucket_range(&range, j->pos, end);
            j->pos = end;
            if (j->pos == nb) {
                j->pos = 0;
                if (idx) j->phase = dst ? PHASE_GATHER : PHASE_DONE;
                else if (FN(needs_fixup)(j)) {
                    FN(fixup_start)(j, dst);
                    j->phase = PHASE_FIXUP;
                } else {
                    j->phase = PHASE_DONE;
                }
            }
            break;
        }
        case PHASE_FIXUP:
            FN(fixup)(j, src, dst, i0, i1);
            budget -= i1 - i0;
            j->pos = i1;
            if (i1 == n) j->phase = PHASE_DONE;
            break;
        case PHASE_GATHER:
            for (tt_ssize i = i0; i < i1; i++) dst[i] = src[idx[i]];
            budget -= i1 - i0;
            j->pos = i1;
            if (i1 == n) j->phase = PHASE_DONE;
            break;
        }
        if (j->phase == PHASE_DONE) {
            j->phase = PHASE_COUNT;
            j->pos = 0;
            j->row++;
        }
    }
    return 1;
}

/* ---- searching ----------------------------------------------------------------------------- */

static void FN(searchsorted)(const char *a, tt_ssize as, tt_ssize n, const int64_t *sorter,
                             const void *needles, tt_ssize m, int right, int64_t *out)
{
    const T *v = (const T *)needles;
    for (tt_ssize q = 0; q < m; q++) {
        K key = TO_KEY(v[q]);
        tt_ssize lo = 0, hi = n;
        while (lo < hi) {
            tt_ssize mid = lo + (hi - lo) / 2;
            tt_ssize at = sorter ? (tt_ssize)sorter[mid] : mid;
            K k = TO_KEY(*(const T *)(a + at * as));
            if (right ? k <= key : k < key) lo = mid + 1;
            else hi = mid;
        }
        out[q] = lo;
    }
}

/* Two elements are the same unique value: equal keys, and not NaN unless NaNs are equal. */
static inline int FN(same)(T x, T y, int nan_equal)
{
    if (!nan_equal && ELEM_ISNAN(x)) return 0;
    return TO_KEY(x) == TO_KEY(y);
}

static tt_ssize FN(runs)(const void *row, tt_ssize n, int nan_equal, int64_t *starts)
{
    const T *sorted = (const T *)row;
    tt_ssize count = 0;
    for (tt_ssize i = 0; i < n; i++)
        if (i == 0 || !FN(same)(sorted[i - 1], sorted[i], nan_equal)) starts[count++] = i;
    return count;
}

static int FN(rows_equal)(const char *a, tt_ssize as, const char *b, tt_ssize bs, tt_ssize n,
                          int nan_equal)
{
    for (tt_ssize i = 0; i < n; i++)
        if (!FN(same)(*(const T *)(a + i * as), *(const T *)(b + i * bs), nan_equal)) return 0;
    return 1;
}

#undef GLUE_
#undef GLUE
#undef FN
#undef KBITS
#undef ELEM_ISNAN
#undef NAN_OR_ZERO
#undef MERGE_RUN
#undef T
#undef K
#undef SFX
#undef TO_KEY
#undef FROM_KEY
#undef IS_FLOAT
