/* Convolution and pooling loops (see conv.h); the loop bodies are in conv_kernel.h, compiled
 * once per element type. The matrix products themselves are the packed GEMM's (gemm.h),
 * called by tinytensor/_conv.pxi between these steps. */
#include <math.h>
#include "conv.h"
#include "threads.h"

/* Threads for a loop of about `work` element operations: below this, one thread keeps up and
 * waking others costs more than it saves (the same threshold as the elementwise kernels). */
static int conv_threads(double work)
{
    return work >= (double)(1 << 17) ? tt_get_num_threads() : 1;
}

/* Every kernel below cuts its outer loop (units: rows, images, planes or channels, each
 * written by one thread only) into chunks for the pool; chunk c of n covers [*i0, *i1). */
static inline void chunk_range(tt_ssize units, tt_ssize nchunks, tt_ssize chunk,
                               tt_ssize *i0, tt_ssize *i1)
{
    *i0 = units * chunk / nchunks;
    *i1 = units * (chunk + 1) / nchunks;
}

/* The number of chunks for `units` pieces of work on nt threads: 4 per thread (a late thread
 * costs at most a quarter of its share), never more than the units, at least 1. */
static tt_ssize conv_chunks(tt_ssize units, int nt)
{
    tt_ssize n = tt_parallel_chunks(units, nt, 4);
    return n < 1 ? 1 : n;
}

/* The taps k < K of a window starting at input position `start` (tap k reads start + k*dil)
 * that land inside [0, size): k in [*lo, *hi). */
static inline void tap_range(tt_ssize start, tt_ssize K, tt_ssize dil, tt_ssize size,
                             tt_ssize *lo, tt_ssize *hi)
{
    tt_ssize a = start >= 0 ? 0 : (-start + dil - 1) / dil;
    tt_ssize b = size - start <= 0 ? 0 : (size - start + dil - 1) / dil;
    *lo = a < K ? a : K;
    *hi = b < K ? b : K;
    if (*hi < *lo) *hi = *lo;
}

#define T float
#define SFX f32
#include "conv_kernel.h"

#define T double
#define SFX f64
#include "conv_kernel.h"
