#!/usr/bin/env bash
# Runs tools/valgrind_workload.py (creation, views, elementwise, reductions, matmul, indexing)
# under valgrind memcheck against the in-place build. Fails on any memory error or definite leak.
#   tools/valgrind.sh [script.py]
set -euo pipefail
root="${TT_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}"   # TT_ROOT: test another copy of the tree
script="${1:-$root/tools/valgrind_workload.py}"
command -v valgrind >/dev/null || { echo "valgrind: not installed (apt-get install valgrind)" >&2; exit 2; }
log="$(mktemp /tmp/tt-valgrind.XXXXXX)"
export PYTHONMALLOC=malloc          # every Python object through malloc: valgrind sees them all
export PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
# the interpreter itself, not a wrapper script (pyenv's shims would be all valgrind sees)
py="$(python -c 'import sys; print(sys.executable)')"
status=0
valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite \
    --errors-for-leak-kinds=definite --track-origins=yes --num-callers=40 \
    --log-file="$log" "$py" "$script" || status=$?
grep -E "ERROR SUMMARY|definitely lost|indirectly lost" "$log" || true
# The interpreter itself is not valgrind-clean (CPython 3.11's int.from_bytes during import gives
# ~600 "uninitialised value" reports from 26 contexts with no tinytensor at all), so an error
# counts when any frame of its stack is tinytensor's (its extension modules or csrc/).
ours=$("$py" - "$log" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
blocks = re.split(r"\n==\d+== \n", text)
kinds = ("Invalid ", "Conditional jump", "Use of uninitialised", "Syscall param", "Mismatched free",
         "Source and destination overlap", "definitely lost", "Argument 'size'")
bad = [b for b in blocks if any(k in b for k in kinds)
       and re.search(r"tinytensor|csrc/|_core\.c|_random\.c", b)]
for b in bad:
    print(b, file=sys.stderr)
print(len(bad))
PY
)
echo "valgrind: $ours error(s) with a tinytensor frame"
if [ "$status" -ne 0 ] || [ "$ours" != 0 ]; then
    echo "valgrind: errors found (exit $status); full log: $log" >&2
    exit 1
fi
rm -f "$log"
echo "valgrind: clean"
