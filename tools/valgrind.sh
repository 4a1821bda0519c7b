#!/usr/bin/env bash
# Runs tools/valgrind_workload.py (creation, views, elementwise, reductions, matmul, indexing)
# under valgrind memcheck against the in-place build. Fails on any memory error or definite leak.
#   tools/valgrind.sh [script.py]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
script="${1:-$root/tools/valgrind_workload.py}"
command -v valgrind >/dev/null || { echo "valgrind: not installed (apt-get install valgrind)" >&2; exit 2; }
log="$(mktemp /tmp/tt-valgrind.XXXXXX)"
export PYTHONMALLOC=malloc          # every Python object through malloc: valgrind sees them all
export PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
status=0
valgrind --tool=memcheck --error-exitcode=99 --leak-check=full --show-leak-kinds=definite \
    --errors-for-leak-kinds=definite --track-origins=yes --num-callers=30 \
    --log-file="$log" python "$script" || status=$?
grep -E "ERROR SUMMARY|definitely lost|indirectly lost" "$log" || true
if [ "$status" -ne 0 ]; then
    cat "$log" >&2
    echo "valgrind: errors found (exit $status); full log: $log" >&2
    exit 1
fi
rm -f "$log"
echo "valgrind: clean"
