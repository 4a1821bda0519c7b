/* The kernels compiled for the baseline level (see dispatch.h and kernels_level.h). */
#include "cpu.h"
#define TT_LEVEL TT_CPU_BASELINE
#define TT_LEVEL_SUFFIX baseline
#include "kernels_level.h"
