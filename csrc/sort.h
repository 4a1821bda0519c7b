/* Sorting: stable sorts along rows, searchsorted, and the runs that unique() is made of.
 *
 * Every sort here works on KEYS: each value is mapped to an unsigned integer of its own width
 * whose order is the order NumPy sorts in (sort.c, key_* functions):
 *
 *     integers   flip the sign bit (signed) or keep (unsigned, bool)
 *     floats     -0.0 becomes +0.0, every NaN becomes the largest key (NaNs last), then the
 *                IEEE bits are made monotonic (negative: all bits flipped; positive: sign bit set)
 *     descending the ascending key with every bit flipped (so NaNs come FIRST, and equal
 *                elements still keep their original order: the sort stays stable)
 *
 * Keys are sorted by a radix sort: one pass distributes them by their top bits into buckets
 * that fit in cache, then each bucket is sorted by the remaining bits, least significant digit
 * first (8-bit digits; a digit on which every key agrees is skipped). A row that fits in cache
 * (shorter than TT_SORT_MSD_MIN) is sorted as one bucket. Rows shorter than
 * TT_SORT_RADIX_MIN are merge-sorted (insertion-sorted runs, then merges). Both are stable, so every sort here is stable. The sorted values
 * written are the original elements (-0.0 and NaN payloads included), never rebuilt ones.
 *
 * Long sorts are JOBS (tt_sort_job): the caller runs them a budget of elements at a time,
 * without the GIL, and checks for Ctrl-C between calls. Nothing here knows of Python.
 */
#ifndef TT_SORT_H
#define TT_SORT_H
#include "tt.h"

/* rows shorter than this are merge-sorted, longer ones radix-sorted; so are the buckets of
 * the radix sort's first pass */
#define TT_SORT_RADIX_MIN 256
#define TT_SORT_BUCKET_RADIX_MIN 64
/* rows shorter than this fit in cache: sorted as one bucket, without the top-digit pass */
#define TT_SORT_MSD_MIN (1 << 15)
/* rows (or ranges of buckets) of at least this many elements, and many rows that fit in cache
 * holding this many together, use tt_get_num_threads() threads */
#define TT_SORT_THREADS_MIN (1 << 16)
#define TT_SORT_MAX_THREADS 64

typedef struct tt_sort_job tt_sort_job;

/* A job sorting `rows` rows of `n` elements of `dtype`; row r of the source starts at
 * src + r * n * itemsize (rows contiguous). Writes, when the pointer is not NULL,
 *   dst  the sorted values (same layout as src; must not overlap it),
 *   idx  the stable argsort: idx[r * n + i] = position in row r of its i-th element.
 * descending != 0: largest first, NaNs first; equal elements keep their order either way.
 * Returns NULL with *err set (TT_ERR_NOMEM, TT_ERR_UNSUPPORTED for a dtype without keys). */
tt_sort_job *tt_sort_job_new(int dtype, const char *src, char *dst, int64_t *idx,
                             tt_ssize rows, tt_ssize n, int descending, int *err);

/* Does about `budget` elements' worth of the job; returns 1 once the job is finished. */
int tt_sort_job_run(tt_sort_job *job, tt_ssize budget);
void tt_sort_job_free(tt_sort_job *job);

/* For each of the m needles v[0:m] (contiguous, same dtype as a), the insertion point in the
 * sorted run a (n elements, `as` bytes apart; in the order sorter[0:n] when sorter is not NULL):
 * the first position whose element is not less than the needle (right == 0), or not less or
 * equal (right != 0), by the keys' order (NaN last, -0.0 == 0.0), as NumPy's searchsorted.
 * sorter entries must be in [0, n) (see tt_first_out_of_range). */
int tt_searchsorted(int dtype, const char *a, tt_ssize as, tt_ssize n, const int64_t *sorter,
                    const char *v, tt_ssize m, int right, int64_t *out);

/* The runs of equal elements in a sorted row (n contiguous elements): writes the position where
 * each run starts to starts[] (room for n) and returns how many runs there are. Equality is the
 * keys' (-0.0 == 0.0); a NaN equals another NaN only when nan_equal. Returns -1 for a dtype
 * without keys. */
tt_ssize tt_sorted_runs(int dtype, const char *sorted, tt_ssize n, int nan_equal, int64_t *starts);

/* Rows whose elements are the keys' equal (for unique along an axis): whether row a (n elements
 * `as` bytes apart) equals row b element by element, with the same equality as tt_sorted_runs.
 * Returns 1 equal, 0 different, -1 for a dtype without keys. */
int tt_rows_equal(int dtype, const char *a, tt_ssize as, const char *b, tt_ssize bs, tt_ssize n,
                  int nan_equal);

/* dst[r * n_idx + i] = src[r * n_src + idx[r * n_idx + i]] for rows of elements of `itemsize`
 * bytes (1, 2, 4 or 8; the indices are trusted to lie in [0, n_src)). */
void tt_gather_rows(size_t itemsize, const char *src, tt_ssize n_src, const int64_t *idx,
                    tt_ssize n_idx, tt_ssize rows, char *dst);

/* The first position i in [0, n) with idx[i] outside [0, bound), or -1 when all are inside. */
tt_ssize tt_first_out_of_range(const int64_t *idx, tt_ssize n, tt_ssize bound);

#endif
