/* The kernels compiled for the avx512 level (see dispatch.h and kernels_level.h). */
#include "cpu.h"
#if TT_X86_LEVELS
TT_TARGET(TT_TARGET_AVX512)
#define TT_LEVEL TT_CPU_AVX512
#define TT_LEVEL_SUFFIX avx512
#include "kernels_level.h"
#endif
