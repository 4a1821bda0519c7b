"""The one place tinytensor's version is written: setuptools reads it for the distribution's
metadata (pyproject.toml, [tool.setuptools.dynamic]) and ``tinytensor.__version__`` imports it."""
__version__ = "0.1.0"
