"""tinytensor's public API, read from the live package: no list of names to keep up to date.

- the namespace ``tinytensor``: every attribute not starting with ``_`` that is not a module;
- the public modules: ``tinytensor`` and every submodule whose dotted name has no part starting
  with ``_`` (``tinytensor.nn.functional``, ``tinytensor.datasets.mnist``, ...); a submodule's public
  names are its ``__all__`` or, without one, what it defines itself (not what it imports);
- the public methods of a public class: attributes not starting with ``_``.

Used by the API reference (docs/_ext/tt_api.py) and tools/check_docstrings.py.
"""
import importlib
import inspect
import pkgutil
import types

import tinytensor

PACKAGE = "tinytensor"


def public_modules():
    """Dotted names of tinytensor and its public submodules, sorted."""
    names = [PACKAGE]
    for info in pkgutil.walk_packages(tinytensor.__path__, PACKAGE + "."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        names.append(info.name)
    return sorted(names)


def public_names(module_name):
    """``[(name, object)]`` of a public module, sorted by name (modules left out)."""
    module = importlib.import_module(module_name)
    if module_name == PACKAGE:
        names = [n for n in vars(module) if not n.startswith("_")]
    elif hasattr(module, "__all__"):
        names = list(module.__all__)
    else:
        names = [n for n, obj in vars(module).items()
                 if not n.startswith("_") and getattr(obj, "__module__", None) == module_name]
    pairs = [(n, getattr(module, n)) for n in names]
    return sorted((n, obj) for n, obj in pairs if not isinstance(obj, types.ModuleType))


def is_callable_api(obj):
    """Functions, builtins and compiled functions, and classes (not instances of them)."""
    return inspect.isclass(obj) or inspect.isroutine(obj) or type(obj).__name__ == "cython_function_or_method"


def public_methods(cls):
    """``[(name, function)]`` of a class's public methods (properties and attributes left out)."""
    out = []
    for name in sorted(dir(cls)):
        if name.startswith("_"):
            continue
        owner = next((k for k in cls.__mro__ if name in vars(k)), None)
        if owner is not None and owner.__module__ == "builtins":
            continue            # inherited from Python itself (BaseException.with_traceback, ...)
        raw = inspect.getattr_static(cls, name)
        if isinstance(raw, (property, types.GetSetDescriptorType, types.MemberDescriptorType)):
            continue
        obj = getattr(cls, name)
        if inspect.isroutine(obj) or type(obj).__name__ == "cython_function_or_method":
            out.append((name, obj))
    return out
