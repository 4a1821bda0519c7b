"""Types: tinytensor ships ``py.typed`` and stubs for its compiled modules (``_core.pyi``,
``_random.pyi``), and the code that uses it type-checks strictly.

- Every public name of the compiled modules, every public Tensor/DType attribute and every name
  ``import tinytensor`` exports has a typed entry (these checks need no mypy and always run, so a
  new function cannot land untyped).
- ``python -m mypy.stubtest tinytensor`` agrees with the runtime (names, parameters, defaults,
  kinds) with only the commented Cython false positives of tools/stubtest_allowlist.txt.
- ``mypy --strict examples/`` is clean.
The last two need mypy (the ``types`` extra; CI installs it) and take ~20 s each.
"""
import ast
import importlib
import inspect
import os
import re
import subprocess
import sys
import types

import pytest

import tinytensor as tt
from tinytensor import _core, _random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PKG = os.path.dirname(os.path.abspath(tt.__file__))
ALLOWLIST = os.path.join(ROOT, "tools", "stubtest_allowlist.txt")
NEEDS_MYPY = "the type checks run mypy: pip install -e '.[types]' (CI installs the types extra)"


def _stub_tree(module):
    path = os.path.join(PKG, module.__name__.rsplit(".", 1)[1] + ".pyi")
    assert os.path.isfile(path), f"{module.__name__} has no stub file {path}"
    with open(path, encoding="utf-8") as f:
        return ast.parse(f.read(), path)


def _defined(body):
    """Names a stub body defines: functions, classes, annotated or assigned names."""
    names = {}
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = node
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    names[t.id] = node
    return names


def _public(obj):
    return {n for n in dir(obj) if not n.startswith("_")}


def _runtime_module_names(module):
    """Public names the module defines (not modules, not functions/classes imported from
    elsewhere, such as collections.namedtuple: stubtest skips those too)."""
    def own(obj):
        if isinstance(obj, types.ModuleType):
            return False
        if inspect.isclass(obj) or callable(obj) and hasattr(obj, "__module__"):
            return getattr(obj, "__module__", None) == module.__name__
        return True
    return {n for n in _public(module) if own(getattr(module, n))}


def test_py_typed_marker_ships():
    assert os.path.isfile(os.path.join(PKG, "py.typed"))
    for stub in ("_core.pyi", "_random.pyi"):
        assert os.path.isfile(os.path.join(PKG, stub))


@pytest.mark.parametrize("module", [_core, _random], ids=lambda m: m.__name__)
def test_every_public_name_of_a_compiled_module_has_a_stub(module):
    stub = _defined(_stub_tree(module).body)
    missing = sorted(_runtime_module_names(module) - set(stub))
    assert missing == [], f"add these to tinytensor/{module.__name__.rsplit('.', 1)[1]}.pyi: {missing}"


@pytest.mark.parametrize("cls", [_core.Tensor, _core.DType, _random.PCG64DXSM], ids=lambda c: c.__name__)
def test_every_public_attribute_of_a_compiled_class_has_a_stub(cls):
    module = sys.modules[cls.__module__]
    classes = _defined(_stub_tree(module).body)
    assert cls.__name__ in classes and isinstance(classes[cls.__name__], ast.ClassDef)
    members = _defined(classes[cls.__name__].body)
    missing = sorted(n for n in _public(cls) if n not in members)
    assert missing == [], f"add these to class {cls.__name__} in the stub: {missing}"


def test_stub_functions_are_fully_annotated():
    """Every parameter (but self/cls) and every return of the stubs carries a type."""
    bare = []
    for module in (_core, _random):
        for node in ast.walk(_stub_tree(module)):
            if isinstance(node, ast.FunctionDef):
                args = node.args
                params = args.posonlyargs + args.args + args.kwonlyargs
                params += [a for a in (args.vararg, args.kwarg) if a is not None]
                for i, a in enumerate(params):
                    if a.annotation is None and not (i == 0 and a.arg in ("self", "cls")):
                        bare.append(f"{module.__name__}:{node.lineno} {node.name}({a.arg})")
                if node.returns is None:
                    bare.append(f"{module.__name__}:{node.lineno} {node.name} -> ?")
    assert bare == []


def test_all_lists_every_public_name_of_the_package():
    """mypy --strict sees only what __all__ exports: a name `import tinytensor` provides but
    __all__ leaves out is an error for every strictly typed user."""
    exported = set(tt.__all__)
    public = {n for n in vars(tt) if not n.startswith("_") and not isinstance(getattr(tt, n), types.ModuleType)}
    assert sorted(public - exported) == []
    assert sorted(n for n in exported if not hasattr(tt, n)) == []
    assert len(tt.__all__) == len(exported)                      # no name listed twice


def test_typing_aliases_accept_what_the_functions_accept():
    from tinytensor import typing as ttt
    assert isinstance(tt.ones(2), ttt.SupportsDLPack) and isinstance(tt.ones(2), ttt.SupportsArray)
    assert isinstance(tt.float32, ttt.HasDTypeName)
    assert set(ttt.__all__) <= set(vars(ttt))


def test_item_and_tolist_promise_python_scalars():
    """The stubs say item() -> int | float | bool: check the runtime keeps that promise."""
    for dtype in ("bool", "uint8", "int64", "float16", "float32", "float64"):
        v = tt.ones(1, dtype=dtype).item()
        assert type(v) in (bool, int, float), (dtype, type(v))
    assert tt.ones((2, 2)).tolist() == [[1.0, 1.0], [1.0, 1.0]]


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory):
    """One mypy cache for the module's mypy runs (the second reuses the first's analysis of
    tinytensor), outside the repository."""
    return str(tmp_path_factory.mktemp("mypy-cache"))


def _run(cmd):
    res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    return res.returncode, res.stdout[-6000:] + res.stderr[-3000:]


def test_stubtest_is_clean(tmp_path):
    pytest.importorskip("mypy.stubtest", reason=NEEDS_MYPY)
    allowlist = ALLOWLIST
    try:
        importlib.import_module("dask.array")
    except ImportError:          # tinytensor.dask cannot be imported to be compared without Dask
        allowlist = str(tmp_path / "allowlist.txt")
        with open(ALLOWLIST, encoding="utf-8") as src, open(allowlist, "w", encoding="utf-8") as dst:
            dst.write(src.read() + "\ntinytensor\\.dask(\\..*)?\n")
    cmd = [sys.executable, "-m", "mypy.stubtest", "--mypy-config-file", "pyproject.toml",
           "--allowlist", allowlist, "tinytensor"]
    code, out = _run(cmd)
    assert code == 0 and "Success" in out, out


def test_stubtest_reports_a_missing_stub(tmp_path):
    """The check above can fail: a copy of the package whose _core.pyi lacks `exp` is refused."""
    pytest.importorskip("mypy.stubtest", reason=NEEDS_MYPY)
    stub = open(os.path.join(PKG, "_core.pyi"), encoding="utf-8").read()
    assert "\ndef exp(x: ArrayLike) -> Tensor: ...\n" in stub
    stubs = tmp_path / "stubs" / "tinytensor"
    stubs.mkdir(parents=True)
    (stubs / "__init__.pyi").write_text("")
    (stubs / "_core.pyi").write_text(stub.replace("\ndef exp(x: ArrayLike) -> Tensor: ...\n", "\n"))
    (stubs / "typing.pyi").write_text(open(os.path.join(PKG, "typing.py"), encoding="utf-8").read())
    env = dict(os.environ, MYPYPATH=str(tmp_path / "stubs"))
    res = subprocess.run([sys.executable, "-m", "mypy.stubtest", "--allowlist", ALLOWLIST,
                          "--ignore-unused-allowlist", "tinytensor._core"],
                         cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=900)
    out = res.stdout + res.stderr
    assert res.returncode == 1, out
    assert "tinytensor._core.exp is not present in stub" in out, out
    assert "Found 1 error" in out, out


def test_mypy_strict_is_clean_on_the_examples(mypy_cache):
    pytest.importorskip("mypy.api", reason=NEEDS_MYPY)
    code, out = _run([sys.executable, "-m", "mypy", "--strict", "--config-file", "pyproject.toml",
                      "--cache-dir", mypy_cache, "examples"])
    assert code == 0 and "Success" in out, out


def test_mypy_flags_a_misspelt_tensor_method(tmp_path, mypy_cache):
    """What the issue asked for: mypy sees tensors (not Any) and flags x.reshaep."""
    pytest.importorskip("mypy.api", reason=NEEDS_MYPY)
    src = tmp_path / "user.py"
    src.write_text("import tinytensor as tt\n\n"
                   "x = tt.ones((2, 3)).T @ tt.ones((2, 2))\n"
                   "reveal_type(x)\n"
                   "reveal_type(x.sum(axis=0).item())\n"
                   "x.reshaep(6)\n")
    env = dict(os.environ, MYPYPATH=ROOT)
    res = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", mypy_cache,
                          "--config-file", os.path.join(ROOT, "pyproject.toml"), str(src)],
                         cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=900)
    out = res.stdout
    assert 'Revealed type is "tinytensor._core.Tensor"' in out, out
    # int | float | bool, which mypy prints without bool (a subtype of int)
    assert re.search(r'Revealed type is "(builtins\.)?int \| (builtins\.)?float"', out), out
    assert '"Tensor" has no attribute "reshaep"' in out, out
    assert "error" in out and res.returncode == 1
