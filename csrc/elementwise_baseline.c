/* The elementwise loops compiled for the baseline level (see elementwise_impl.h). */
#include "cpu.h"

#define ISA_NAME(name) name##_baseline
#include "elementwise_impl.h"
