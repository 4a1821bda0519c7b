"""The API reference is generated from the live package: every public name is in it, a new one
appears without editing a list. (CI also builds the whole site and its doctests with warnings as
errors: `sphinx-build -W`, see .ci/run.)"""
import os
import sys

import pytest

import tinytensor as tt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pytest.importorskip("sphinx")
pytest.importorskip("numpydoc")
sys.path[:0] = [os.path.join(ROOT, "docs", "_ext"), os.path.join(ROOT, "tools")]
import public_api  # noqa: E402
import tt_api  # noqa: E402


def _documented(lines):
    """Qualified names given to an auto* or py:data directive, and the alias notes."""
    names = set()
    for line in lines:
        for prefix in (".. autofunction:: ", ".. autoclass:: ", ".. py:data:: "):
            if line.startswith(prefix):
                names.add(line[len(prefix):].strip())
    return names


def test_every_public_name_of_the_namespace_is_in_the_reference():
    lines = tt_api.reference_lines()
    documented = _documented(lines)
    text = "\n".join(lines)
    for name, obj in public_api.public_names("tinytensor"):
        assert f"tinytensor.{name}" in documented or f"``{name}``" in text, name
    for expected in ("tinytensor.Tensor", "tinytensor.matmul", "tinytensor.float32", "tinytensor.no_grad"):
        assert expected in documented
    for module in public_api.public_modules()[1:]:
        assert f".. automodule:: {module}" in text


def test_a_new_function_appears_without_editing_anything(monkeypatch):
    def frobnicate(x):
        """A function added to the namespace after the reference was written."""
        return x
    frobnicate.__module__ = "tinytensor"
    monkeypatch.setattr(tt, "frobnicate", frobnicate, raising=False)
    assert "tinytensor.frobnicate" in _documented(tt_api.reference_lines())


def test_aliases_are_documented_once():
    lines = tt_api.reference_lines()
    entries = [line for line in lines if line.startswith((".. autofunction::", ".. autoclass::"))]
    assert len(entries) == len(set(entries))
    assert tt.concat is tt.concatenate
    assert (".. autofunction:: tinytensor.concatenate" in entries) != (
        ".. autofunction:: tinytensor.concat" in entries)


def test_private_names_and_modules_stay_out():
    names = {n for n, _ in public_api.public_names("tinytensor")}
    assert not any(n.startswith("_") for n in names)
    assert "random" not in names and "autograd" not in names        # modules: their own sections
    assert all(not part.startswith("_") for m in public_api.public_modules() for part in m.split("."))
    assert "tinytensor.nn.functional" in public_api.public_modules()
