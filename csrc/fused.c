/* Fused softmax and softmax cross-entropy (see fused.h). The exponentials go through the
 * vectorised tt_vexp_* (vmath.h), row by row: into the output row, or, for log_softmax (whose
 * output row keeps x - max) and for a cross-entropy without dlogits, into a small stack buffer.
 * The bodies are in fused_kernel.h, included once per element type. */
#include <math.h>
#include <stdlib.h>
#include "fused.h"
#include "vmath.h"
#include "reduce.h"
#include "threads.h"

/* rows are split over threads from 64k elements */
#define PARALLEL_ROWS(M, N) ((M) * (N) >= (1 << 16))

#define T float
#define SFX f32
#define EXPV tt_vexp_f32
#define LOGF logf
#define PAIRWISE tt_pairwise_sum_f32
#include "fused_kernel.h"

#define T double
#define SFX f64
#define EXPV tt_vexp_f64
#define LOGF log
#define PAIRWISE tt_pairwise_sum_f64
#include "fused_kernel.h"
