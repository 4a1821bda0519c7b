#!/usr/bin/env bash
# Compiles every csrc/*.c for aarch64 with Debian's cross compiler (no x86 instruction may be
# needed: the x86 levels are guarded by TT_X86_LEVELS, the portable baseline is the only level
# there) with the flags of setup.py, and fails on any warning or error.
#
#   apt-get install gcc-aarch64-linux-gnu      (.ci/run does this)
#   bash tools/cross_check.sh                  (CROSS_CC=... to use another cross compiler)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cc="${CROSS_CC:-aarch64-linux-gnu-gcc}"
if ! command -v "$cc" >/dev/null; then
    echo "cross_check: $cc not found (apt-get install gcc-aarch64-linux-gnu)" >&2
    exit 2
fi
out="$(mktemp -d /tmp/tt-cross.XXXXXX)"
trap 'rm -rf "$out"' EXIT
flags=(-O3 -std=gnu11 -fno-math-errno -fno-trapping-math -Wall -Wno-unused-function
       -Wno-unknown-pragmas -pthread -fPIC -DTT_HAVE_THREADS=1 -I"$root/csrc")
status=0
n=0
for src in "$root"/csrc/*.c; do
    log="$out/$(basename "$src").log"
    if ! "$cc" "${flags[@]}" -c "$src" -o "$out/$(basename "$src").o" 2>"$log" || [ -s "$log" ]; then
        echo "cross_check: $(basename "$src") did not compile cleanly for aarch64:" >&2
        cat "$log" >&2
        status=1
    fi
    n=$((n + 1))
done
# the serial build (setup.py with TINYTENSOR_NO_THREADS=1) of the thread pool
if ! "$cc" "${flags[@]}" -UTT_HAVE_THREADS -DTT_HAVE_THREADS=0 -c "$root/csrc/threads.c" -o "$out/serial-pool.obj" 2>"$out/serial.log" \
        || [ -s "$out/serial.log" ]; then
    echo "cross_check: threads.c with TT_HAVE_THREADS=0 did not compile cleanly:" >&2
    cat "$out/serial.log" >&2
    status=1
fi
# the objects must also link into one shared library (no missing x86-only symbol)
if [ "$status" = 0 ]; then
    "$cc" -shared -pthread -Wl,--no-undefined "$out"/*.o -lm -o "$out/libtt_aarch64.so" 2>"$out/link.log" || {
        cat "$out/link.log" >&2; status=1; }
fi
if [ "$status" = 0 ]; then
    echo "cross_check: $n sources compiled and linked for aarch64 with no warning ($("$cc" -dumpversion))"
fi
exit $status
