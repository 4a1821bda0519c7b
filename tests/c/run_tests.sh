#!/bin/sh
# Build and run the C harness for the GEMM kernels (same flags as setup.py).
# Usage: sh tests/c/run_tests.sh   (from the repository root)   EXTRA="-fsanitize=address,undefined" to add flags
set -e
cd "$(dirname "$0")/../.."
CFLAGS="-O3 -std=gnu11 -fno-math-errno -fno-trapping-math -fopenmp -Wall -Wno-unused-function -Icsrc"
mkdir -p build/ctests
cc $CFLAGS $EXTRA tests/c/test_gemm.c csrc/gemm.c csrc/cpu.c -lm -o build/ctests/test_gemm
./build/ctests/test_gemm
