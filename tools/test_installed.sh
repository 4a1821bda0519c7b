#!/usr/bin/env bash
# Runs the test suite of TREE (a checkout or an unpacked sdist) against the tinytensor that the
# `python` on PATH imports -- an installed wheel -- from a scratch copy of the tests outside any
# source tree, so that neither TREE's tinytensor/ nor the current directory can shadow the wheel.
#
#   tools/test_installed.sh TREE [pytest arguments]
#
# The scratch copy holds what the tests read: tests/, docs/, examples/, csrc/ (the C harness
# tests), tools/, .ci/run, README.md, CHANGELOG.md, LICENSE and pyproject.toml (pytest's settings; README
# links are checked against these files). The MNIST files are not
# in the sdist (CC BY-SA, see MANIFEST.in): they are linked from TREE/data or, failing that, from
# the repository holding this script. tools/build_wheels.sh and [tool.cibuildwheel] call this.
set -euo pipefail
tree="$(cd "${1:?usage: tools/test_installed.sh TREE [pytest arguments]}" && pwd)"
shift
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/tt-installed.XXXXXX)"
trap 'rm -rf "$work"' EXIT

for item in tests docs examples csrc tools .ci README.md CHANGELOG.md LICENSE pyproject.toml; do
    if [ -e "$tree/$item" ]; then cp -R "$tree/$item" "$work/"; fi
done
rm -rf "$work/build"
for data in "$tree/data" "$repo/data"; do
    if [ -d "$data/mnist" ]; then ln -s "$data" "$work/data"; break; fi
done

cd "$work"
# the tinytensor under test is the installed one: not the copy's, not TREE's
python - "$tree" "$work" <<'EOF'
import os, sys
import tinytensor, tinytensor._core
tree, work = (os.path.realpath(p) for p in sys.argv[1:3])
where = os.path.realpath(os.path.dirname(tinytensor.__file__))
for root in (tree, work):
    if os.path.commonpath([where, root]) == root:
        sys.exit(f"test_installed: tinytensor is imported from {where}, inside {root}, not from an installation")
print(f"test_installed: tinytensor {tinytensor.__version__} from {where}")
print(f"test_installed: core {os.path.basename(tinytensor._core.__file__)}")
EOF
python -m pytest -q -rs "$@"
