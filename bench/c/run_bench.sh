#!/bin/sh
# Build and run the GEMM benchmark, then NumPy on the same shapes (OpenBLAS, 1 and 2 threads).
set -e
cd "$(dirname "$0")/../.."
mkdir -p build/cbench
cc -O3 -std=gnu11 -fno-math-errno -fno-trapping-math -fopenmp -Icsrc \
   bench/c/bench_gemm.c csrc/gemm.c csrc/cpu.c -o build/cbench/bench_gemm
./build/cbench/bench_gemm "$@"
[ -n "$NO_NUMPY" ] || { OPENBLAS_NUM_THREADS=1 python3 bench/c/bench_numpy.py 1 "$2"; OPENBLAS_NUM_THREADS=2 python3 bench/c/bench_numpy.py 2 "$2"; }
# Alternating, several rounds: python3 bench/c/compare.py 3
