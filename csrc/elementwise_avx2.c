/* The elementwise loops compiled for the avx2 level (see elementwise_impl.h). */
#include "cpu.h"
#ifdef __GNUC__
TT_TARGET(TT_TARGET_AVX2)
#endif
#define ISA_NAME(name) name##_avx2
#include "elementwise_impl.h"
