/* The elementwise loops compiled for the avx512 level (see elementwise_impl.h). */
#include "cpu.h"
#ifdef __GNUC__
TT_TARGET(TT_TARGET_AVX512)
#endif
#define ISA_NAME(name) name##_avx512
#include "elementwise_impl.h"
