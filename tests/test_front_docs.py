"""docs/keras.md and docs/pytorch.md: every Python session in them runs as a doctest."""
import doctest
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.parametrize("page,minimum", [("keras.md", 20), ("pytorch.md", 20)])
def test_front_pages_run(page, minimum):
    result = doctest.testfile(os.path.join(ROOT, "docs", page), module_relative=False, verbose=False, report=True,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= minimum, result
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in docs/{page} failed (see above)"
