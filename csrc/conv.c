/* Convolution and pooling loops (see conv.h); the loop bodies are in conv_kernel.h, compiled
 * once per element type. The matrix products themselves are the packed GEMM's (gemm.h),
 * called by tinytensor/_conv.pxi between these steps. */
#include <math.h>
#include "conv.h"
#ifdef _OPENMP
#include <omp.h>
#endif

/* Threads for a loop of about `work` element operations: below this, one thread keeps up and
 * waking others costs more than it saves (the same threshold as the elementwise kernels). */
static int conv_threads(double work)
{
    return work >= (double)(1 << 17) ? tt_get_num_threads() : 1;
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
