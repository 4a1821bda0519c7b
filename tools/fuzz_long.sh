#!/usr/bin/env bash
# A long differential-fuzzing run of tests/test_fuzz.py (random tinytensor programs vs NumPy).
#   tools/fuzz_long.sh                    # 20000 programs, derandomized (same cases each time)
#   TT_FUZZ_EXAMPLES=100000 TT_FUZZ_SEED=7 tools/fuzz_long.sh   # more, from another random stream
# Prints how many programs, steps and checks ran.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
stats="$(mktemp /tmp/tt-fuzz-stats.XXXXXX)"
trap 'rm -f "$stats"' EXIT
export TT_FUZZ_EXAMPLES="${TT_FUZZ_EXAMPLES:-20000}"
export TT_FUZZ_STATS="$stats"
cd "$root"
status=0
python -m pytest -q -p no:cacheprovider tests/test_fuzz.py "$@" || status=$?
cat "$stats"
exit "$status"
