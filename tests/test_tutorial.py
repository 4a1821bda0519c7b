"""docs/tutorial.md: every Python session in it runs as a doctest, in the default test run."""
import doctest
import os

from conftest import needs_mnist

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TUTORIAL = os.path.join(ROOT, "docs", "tutorial.md")


@needs_mnist
def test_tutorial_sessions_run():
    cwd = os.getcwd()
    os.chdir(ROOT)                      # the MNIST section reads data/ relative to the repository
    try:
        result = doctest.testfile(TUTORIAL, module_relative=False, verbose=False, report=True,
                                  optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    finally:
        os.chdir(cwd)
    assert result.attempted > 40, result
    assert result.failed == 0, f"{result.failed} of {result.attempted} tutorial examples failed (see above)"


def test_tutorial_images_exist():
    import re
    text = open(TUTORIAL).read()
    for path in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
        assert os.path.exists(os.path.join(ROOT, "docs", path)), path
