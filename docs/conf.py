"""Sphinx configuration of tinytensor's documentation: the pages in docs/ (Markdown, read by
MyST) and an API reference generated from the live package (docs/_ext/tt_api.py).

    pip install -e ".[docs]"
    sphinx-build -W --keep-going -b html docs /tmp/tt-docs        # the site
    sphinx-build -W --keep-going -b doctest docs /tmp/tt-doctest  # runs every >>> example

Why Sphinx (autodoc + numpydoc) and not MkDocs + mkdocstrings: most of the API is compiled Cython
(tinytensor._core), which has no Python source to read. mkdocstrings' handler reads source
statically first; autodoc imports the module and documents what is really there, with the
signatures Cython embeds. numpydoc renders the NumPy-style sections the docstrings use, and
sphinx.ext.doctest runs the examples of the docstrings and of the pages.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "_ext"))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tools"))

import tinytensor  # noqa: E402

project = "tinytensor"
author = "the tinytensor authors"
copyright = "2026, the tinytensor authors"   # noqa: A001  (Sphinx's name)
release = tinytensor.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.doctest",
    "numpydoc",
    "myst_parser",
    "tt_api",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]
html_theme = "alabaster"
html_static_path = []

# Cython embeds each signature as the docstring's first line; autodoc reads it from there
autodoc_docstring_signature = True
autodoc_member_order = "alphabetical"
autosummary_generate = False          # tt_api writes the entries itself, no stub files
numpydoc_show_class_members = False   # autodoc lists the members
numpydoc_class_members_toctree = False
numpydoc_validation_checks = set()    # tools/check_docstrings.py measures the sections

myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]

doctest_global_setup = "import tinytensor as tt"
# the same flags as tests/test_tutorial.py
import doctest  # noqa: E402
doctest_default_flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.DONT_ACCEPT_TRUE_FOR_1
