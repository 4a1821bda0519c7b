/* Fused optimiser updates (see optim.h). Plain loops the compiler vectorises; large
 * parameters are split across threads. The bodies are in optim_kernel.h, included once per
 * element type. */
#include <math.h>
#include "optim.h"
#include "threads.h"

/* below ~1M elements a parameter fits in cache and one thread keeps up with memory */
#define OPT_THREADS(n) ((n) >= (1 << 20) ? tt_get_num_threads() : 1)

enum { OPT_SGD, OPT_RMSPROP, OPT_ADAM };

#define T float
#define SFX f32
#define SQRT sqrtf
#include "optim_kernel.h"

#define T double
#define SFX f64
#define SQRT sqrt
#include "optim_kernel.h"
