#!/bin/sh
# Builds csrc/vmath.c + csrc/cpu.c into a shared library for the ctypes harness (vmath_ulp.py).
# Same flags as setup.py. Usage: tests/c/build.sh [out.so]   (default /tmp/tt_vmath/libvmath.so)
set -e
here=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-/tmp/tt_vmath/libvmath.so}
mkdir -p "$(dirname "$out")"
${CC:-cc} -O3 -std=gnu11 -fno-math-errno -fno-trapping-math -pthread -Wall -Wno-unused-function \
    -Wno-unknown-pragmas -fPIC -shared -I"$here/csrc" "$here/csrc/vmath.c" "$here/csrc/cpu.c" "$here"/csrc/kernels_*.c "$here/csrc/elementwise.c" "$here/csrc/threads.c" -o "$out"
echo "$out"
