"""What a package index and a packager see: metadata, README links, and an sdist whose tests run.

The sdist test builds an sdist (slow, and it needs setuptools >= 77 and Cython), so it is marked
`packaging`: the default run leaves it out, CI runs `python -m pytest -m packaging`.
"""
import importlib.metadata
import os
import re
import subprocess
import sys
import shutil
import tarfile

import pytest

import tinytensor as tt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIST = "tinytensor-lab"


def _pyproject():
    try:
        import tomllib
    except ImportError:                      # Python 3.10 (the wheel test runs there too)
        pytest.skip("reading pyproject.toml needs tomllib (Python 3.11+)")
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        return tomllib.load(f)


def _version_tuple(text):
    return tuple(int(p) for p in text.split("."))


def test_one_version_read_by_setuptools_and_the_package():
    project = _pyproject()["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert _pyproject()["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "tinytensor._version.__version__"}
    from tinytensor import _version
    assert tt.__version__ == _version.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", tt.__version__)
    assert importlib.metadata.version(DIST) == tt.__version__     # the installed metadata too


def test_installed_metadata_license_and_urls():
    meta = importlib.metadata.metadata(DIST)
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    assert meta.get("License") is None             # no deprecated License field beside it
    assert not any(c.startswith("License ::") for c in meta.get_all("Classifier"))
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
    assert {"Homepage", "Source", "Documentation", "Changelog", "Issues"} <= set(urls)
    assert meta["Author"] == "the tinytensor authors"


def test_python_versions_agree_everywhere():
    """requires-python, the classifiers and cibuildwheel's build selection name the same CPythons,
    and the one running the tests is one of them."""
    data = _pyproject()
    low = re.fullmatch(r">=(\d+\.\d+)", data["project"]["requires-python"]).group(1)
    classified = sorted((c.rsplit(" ", 1)[1] for c in data["project"]["classifiers"]
                         if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)),
                        key=_version_tuple)
    assert classified[0] == low
    assert [_version_tuple(v)[1] for v in classified] == list(
        range(_version_tuple(low)[1], _version_tuple(classified[-1])[1] + 1))
    built = sorted(re.findall(r"cp3(\d+)-\*", data["tool"]["cibuildwheel"]["build"]), key=int)
    assert [f"3.{m}" for m in built] == classified
    assert f"{sys.version_info[0]}.{sys.version_info[1]}" in classified


def test_build_requirements():
    requires = _pyproject()["build-system"]["requires"]
    assert "Cython>=3.1,<4" in requires and "setuptools>=77" in requires


def _readme_targets():
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    return text, re.findall(r"\]\(([^)\s]+)\)", text) + re.findall(r"<(https?://[^>]+)>", text)


def test_readme_links_are_absolute_and_name_one_repository():
    """A package index shows README.md outside the repository: relative links and images break."""
    repo = _pyproject()["project"]["urls"]["Source"]
    assert _pyproject()["project"]["urls"]["Homepage"] == repo
    text, targets = _readme_targets()
    assert targets
    relative = [t for t in targets if not re.match(r"https?://", t)]
    assert relative == []
    owner_name = repo.removeprefix("https://github.com/")
    for t in targets:
        if "github" in t:
            assert t.startswith((repo, f"https://raw.githubusercontent.com/{owner_name}/")), t
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert images and all(i.startswith(f"https://raw.githubusercontent.com/{owner_name}/main/")
                          for i in images)
    assert "pip install tinytensor-lab" in text and "import tinytensor" in text


def test_readme_links_point_at_files_of_the_repository():
    _, targets = _readme_targets()
    repo = _pyproject()["project"]["urls"]["Source"]
    owner_name = repo.removeprefix("https://github.com/")
    paths = set()
    for t in targets:
        for prefix in (f"{repo}/blob/main/", f"{repo}/tree/main/",
                       f"https://raw.githubusercontent.com/{owner_name}/main/"):
            if t.startswith(prefix):
                paths.add(t[len(prefix):].split("#")[0])
    assert paths
    if not os.path.isdir(os.path.join(ROOT, ".git")) and not os.path.isfile(os.path.join(ROOT, ".git")):
        # an sdist carries the docs and LICENSE, not bench/ results: check what it has
        paths = {p for p in paths if not p.startswith("bench/")}
    missing = sorted(p for p in paths if not os.path.exists(os.path.join(ROOT, p)))
    assert missing == []


def _collect(cwd):
    res = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                         cwd=cwd, capture_output=True, text=True, timeout=600)
    summary = res.stdout.strip().splitlines()[-1] if res.stdout.strip() else ""
    return res, summary


@pytest.mark.packaging
def test_sdist_carries_what_its_tests_need(tmp_path):
    """Build the sdist, unpack it, drop its uncompiled tinytensor/ (the tests then import the built
    one, as from an installed wheel) and collect its tests: the same tests as the checkout's, no
    collection error. tools/build_wheels.sh then runs them all against a wheel built from it."""
    pytest.importorskip("build")
    out = tmp_path / "dist"
    build = subprocess.run([sys.executable, "-m", "build", "--sdist", "--outdir", str(out), ROOT],
                           capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert not re.search(r"Setuptools\w*Warning|warning: no ", build.stdout + build.stderr)
    (sdist,) = out.glob("*.tar.gz")
    assert sdist.name == f"tinytensor_lab-{tt.__version__}.tar.gz"
    with tarfile.open(sdist) as tar:
        names = tar.getnames()
        tar.extractall(tmp_path / "src", filter="data")
    top = f"tinytensor_lab-{tt.__version__}/"
    for needed in ("LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml", "setup.py", "PKG-INFO",
                   "tests/conftest.py", "tests/gradcheck.py", "tests/c/test_gemm.c", "docs/errors.md",
                   "docs/tutorial.md", "docs/conf.py", "tinytensor/_core.pyx", "tinytensor/_version.py",
                   "csrc/gemm.c", "examples/mnist.py", ".ci/run", "tools/test_installed.sh"):
        assert top + needed in names, needed
    built = [n for n in names if n.endswith((".so", ".o")) or n.endswith(("_core.c", "_random.c"))
             or "/data/" in n or "__pycache__" in n]
    assert built == []
    pkg_info = open(tmp_path / "src" / top / "PKG-INFO", encoding="utf-8").read()
    assert "License-Expression: MIT" in pkg_info and "Requires-Python: >=3.10" in pkg_info

    tree = tmp_path / "src" / top
    shutil.rmtree(tree / "tinytensor")
    res, from_sdist = _collect(tree)
    assert res.returncode == 0 and "error" not in from_sdist, res.stdout[-4000:] + res.stderr[-2000:]
    _, from_checkout = _collect(ROOT)
    count = re.match(r"(\d+)(?:/\d+)? tests? collected", from_sdist)
    assert count and int(count.group(1)) > 1000, from_sdist
    assert from_sdist.split(" in ")[0] == from_checkout.split(" in ")[0]
