#!/usr/bin/env bash
# Builds tinytensor's extension with AddressSanitizer + UndefinedBehaviorSanitizer in a scratch
# copy of the tree (the normal in-place build is left untouched) and runs the core tests under it.
# Exits non-zero on any sanitizer report or test failure.
#
#   tools/sanitize.sh                 # the core tests (list below; not models/examples)
#   tools/sanitize.sh tests/test_x.py # chosen test files / pytest arguments
#   KEEP=1 tools/sanitize.sh          # keep the scratch build (path printed) for reruns
#   SANITIZE_EXTRA_CFLAGS=-fno-sanitize=alignment tools/sanitize.sh   # look past a known report
#
# The Python interpreter is not instrumented, so libasan is LD_PRELOADed; leak detection is off
# (CPython's own arenas and interned objects look like leaks; tests/test_leaks.py and
# tools/valgrind.sh cover leaks).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cc="${CC:-gcc}"
scratch="${SANITIZE_DIR:-$(mktemp -d /tmp/tt-sanitize.XXXXXX)}"
if [ -z "${KEEP:-}" ] && [ -z "${SANITIZE_DIR:-}" ]; then
    trap 'rm -rf "$scratch"' EXIT
fi
echo "sanitize: scratch tree $scratch"

# the sources as the work tree has them (tracked and new files, no build products)
(cd "$root" && git ls-files -co --exclude-standard -z -- setup.py pyproject.toml README.md LICENSE .ci csrc tinytensor tests docs examples \
    | xargs -0 -I{} cp --parents {} "$scratch/")

asan_lib="$("$cc" -print-file-name=libasan.so)"
ubsan_lib="$("$cc" -print-file-name=libubsan.so)"
if [ ! -e "$asan_lib" ]; then
    echo "sanitize: libasan not found for $cc (apt-get install libasan8 or gcc)" >&2
    exit 2
fi

so_count=$(ls "$scratch"/tinytensor/*.so 2>/dev/null | wc -l || true)
if [ "$so_count" = 0 ]; then
    echo "sanitize: building (-O1 -g -fsanitize=address,undefined)"
    (cd "$scratch" && \
     TINYTENSOR_EXTRA_CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined ${SANITIZE_EXTRA_CFLAGS:-}" \
     CC="$cc" python setup.py build_ext --inplace -j "${JOBS:-2}" >"$scratch/build.log" 2>&1) || {
        tail -40 "$scratch/build.log" >&2; echo "sanitize: build failed" >&2; exit 2; }
fi

log="$scratch/sanitizer.log"
rm -f "$log".*
export LD_PRELOAD="$asan_lib${ubsan_lib:+:$ubsan_lib}"
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:halt_on_error=1:exitcode=86:log_path=$log:allocator_may_return_null=1:detect_stack_use_after_return=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=87:log_path=$log"
export PYTHONPATH="$scratch${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONMALLOC=malloc           # Python objects through malloc: ASan sees their bounds too
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
export TT_LEAK_ITERS="${TT_LEAK_ITERS:-1000}"    # fewer rounds; the RSS bounds are not asserted under ASan
export TT_SANITIZED=1
has_path=0
for a in "$@"; do case "$a" in *.py|*.py::*|*/*) has_path=1 ;; esac; done
if [ "$has_path" = 0 ]; then     # the core: the Tensor, its kernels, interop, and the hardening tests
    set -- "$@" $(cd "$scratch" && ls tests/test_core_*.py tests/test_vmath.py tests/test_random.py \
        tests/test_kernels_c.py tests/test_dlpack.py tests/test_interop.py tests/test_array_api.py \
        tests/test_fuzz.py tests/test_hostile.py tests/test_leaks.py tests/test_threads.py 2>/dev/null)
fi
status=0
(cd "$scratch" && python -m pytest -q -p no:cacheprovider "$@") || status=$?
# a report is an ASan ERROR or a UBSan runtime error; "failed to allocate" WARNINGs are the
# MemoryError tests working (allocator_may_return_null=1)
if ls "$log".* >/dev/null 2>&1 && grep -lE "ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer" "$log".* >/dev/null; then
    echo "sanitize: REPORTS FOUND" >&2
    cat "$log".* >&2
    exit 1
fi
if [ "$status" -ne 0 ]; then
    echo "sanitize: tests failed (exit $status)" >&2
    exit "$status"
fi
echo "sanitize: clean"
