"""tools/check_docstrings.py measures the docstring gap; here its rules are checked on made-up
functions, and the live package is held to no gap at all."""
import os
import sys

import pytest

import tinytensor as tt

pytest.importorskip("numpydoc")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools"))
import check_docstrings as cd  # noqa: E402


def complete(x, axis=None):
    """Sum of x along axis.

    Parameters
    ----------
    x : Tensor
        The input.
    axis : int, optional
        The axis; all of them by default.

    Returns
    -------
    Tensor
        ``s = 0; for v in x: s += v``.

    Examples
    --------
    >>> 1 + 1
    2
    """
    return x


def sets_something(n):
    """Sets n.

    Parameters
    ----------
    n : int
        How many.

    Examples
    --------
    >>> sets_something(2)
    """
    global _N
    _N = n


def signature_only(a, b):
    """signature_only(a, b)"""
    return a


def broken_rest(x):
    """max(x, 0) + log(1 + exp(-|x|))"""
    return x


class Thing:
    """A thing.

    Parameters
    ----------
    size : int
        Its size.

    Examples
    --------
    >>> Thing(3)  # doctest: +ELLIPSIS
    <...>
    """

    def __init__(self, size):
        self.size = size


def test_a_complete_docstring_misses_nothing():
    assert cd.missing_sections(complete, "complete") == []
    assert cd.missing_sections(Thing, "Thing") == []


def test_a_function_returning_nothing_needs_no_returns_section():
    assert cd.missing_sections(sets_something, "sets_something") == []


def test_the_embedded_signature_alone_is_no_docstring():
    assert cd.docstring(signature_only, "signature_only") == ""
    assert cd.missing_sections(signature_only, "signature_only") == [
        "Parameters", "Returns", "Examples", "text"]


def test_invalid_rest_is_reported():
    assert cd.rest_problems(broken_rest.__doc__)
    assert "rest" in cd.missing_sections(broken_rest, "broken_rest")
    assert cd.rest_problems(cd.docstring(complete, "complete")) == []


def test_it_measures_the_real_package():
    groups = cd.public_callables()
    names = [name for entries in groups.values() for name, _, _ in entries]
    assert "tinytensor.matmul" in names and "tinytensor.Tensor.reshape" in names
    assert len(names) == len(set(names))
    assert cd.main(["--summary"]) == 0


# ---- the whole public API is complete: every public callable (the tinytensor namespace, the
# compiled core's functions and Tensor methods, every public submodule) has a numpydoc docstring
# (Parameters, Returns, Examples, valid reST), and every public module's docstring is valid reST.
# The examples themselves run in the Sphinx doctest build (docs/conf.py, CI with -W).

def test_every_public_callable_has_a_complete_docstring():
    incomplete = []
    checked = set()
    for entries in cd.public_callables().values():
        for name, obj, _ in entries:
            checked.add(name)
            missing = cd.missing_sections(obj, name)
            if missing:
                incomplete.append("%s: %s" % (name, ", ".join(missing)))
    # the scope is really measured: the core's functions and methods, and the Python fronts
    assert {"tinytensor.sin", "tinytensor.Tensor.sum", "tinytensor.nn.Linear", "tinytensor.dask.fit",
            "tinytensor.random.PCG64DXSM.advance"} <= checked and len(checked) > 800
    assert not incomplete, "public callables without a complete numpydoc docstring:\n" + "\n".join(incomplete)
    assert cd.main(["--strict"]) == 0


def test_every_public_module_docstring_is_valid_rest():
    import importlib
    import inspect
    modules = cd.public_api.public_modules()
    assert "tinytensor.keras" in modules and "tinytensor.linalg" in modules
    bad = {m: cd.rest_problems(inspect.getdoc(importlib.import_module(m)) or "") for m in modules}
    assert not {m: p for m, p in bad.items() if p}


def test_methods_inherited_from_python_builtins_are_not_public_api():
    names = [n for n, _ in cd.public_api.public_methods(tt.AxisError)]
    assert "with_traceback" not in names and "add_note" not in names


def test_a_class_without_a_constructor_of_its_own_takes_no_parameters():
    class Plain:
        """A plain class.

        Examples
        --------
        >>> Plain()  # doctest: +ELLIPSIS
        <...>
        """
    assert cd.missing_sections(Plain, "Plain") == []
