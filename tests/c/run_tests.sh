#!/bin/sh
# Build and run the C harness for the GEMM kernels (same flags as setup.py), once as it is and
# once with the pool's workers made late (TINYTENSOR_WORKER_DELAY_US, csrc/threads.h) and never
# started (TINYTENSOR_WORKERS_OFF): the results must not depend on who runs which chunk.
# Usage: sh tests/c/run_tests.sh   (from the repository root)   EXTRA="-fsanitize=address,undefined" to add flags
set -e
cd "$(dirname "$0")/../.."
CFLAGS="-O3 -std=gnu11 -fno-math-errno -fno-trapping-math -pthread -Wall -Wno-unused-function -Icsrc"
mkdir -p build/ctests
${CC:-cc} $CFLAGS $EXTRA tests/c/test_gemm.c csrc/gemm.c csrc/cpu.c csrc/threads.c csrc/kernels_*.c csrc/elementwise.c csrc/vmath.c -lm -o build/ctests/test_gemm
./build/ctests/test_gemm
TINYTENSOR_WORKER_DELAY_US=300 ./build/ctests/test_gemm
TINYTENSOR_WORKERS_OFF=1 ./build/ctests/test_gemm
