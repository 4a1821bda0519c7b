/* The kernels compiled for the avx2 level (see dispatch.h and kernels_level.h). */
#include "cpu.h"
#if TT_X86_LEVELS
TT_TARGET(TT_TARGET_AVX2)
#define TT_LEVEL TT_CPU_AVX2
#define TT_LEVEL_SUFFIX avx2
#include "kernels_level.h"
#endif
