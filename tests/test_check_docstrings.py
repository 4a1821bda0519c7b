"""tools/check_docstrings.py measures the docstring gap; here its rules are checked on made-up
functions (the gap itself is not a test yet: the numpydoc pass comes after the API settles)."""
import os
import sys

import pytest

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
