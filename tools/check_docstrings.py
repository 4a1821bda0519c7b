"""Measures the docstring gap: which public callables lack numpydoc sections.

    python tools/check_docstrings.py             # the list and the counts (exit status 0)
    python tools/check_docstrings.py --summary   # the counts only
    python tools/check_docstrings.py --strict    # exit status 1 while anything is missing

The public callables are read from the live package (tools/public_api.py): the functions and
classes of the ``tinytensor`` namespace (an object with several names, such as ``concat`` and
``concatenate``, counts once), the public methods of its classes, and what the public submodules
define. For each one it reports which of these is missing:

- ``Parameters``: a numpydoc Parameters section, when the signature takes any parameter
  (``self`` aside; for a class, its constructor's);
- ``Returns``: a Returns (or Yields) section, for functions and methods that return something:
  judged from the source for Python functions (a ``return value`` or ``yield``), and assumed for
  compiled ones unless their signature is annotated ``-> None``;
- ``Examples``: an Examples section, for every callable;
- ``text``: the docstring is only the signature Cython embeds (or nothing);
- ``rest``: the docstring is not valid reStructuredText (the API reference shows it verbatim).

It is not part of the default test run (the numpydoc pass is scheduled after the API settles);
``--strict`` is what a test or CI step will call then.
"""
import argparse
import ast
import copy
import importlib
import inspect
import io
import os
import re
import sys
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import public_api  # noqa: E402

SECTIONS = ("Parameters", "Returns", "Examples", "text", "rest")
_SPHINX_ONLY = ("Unknown interpreted text role", "Unknown directive type", "No role entry",
                "No directive entry")


_REST_SETTINGS = []


def _rest_settings():
    """docutils' settings for a standalone reST document, built once (building them is half
    the cost of a check)."""
    if not _REST_SETTINGS:
        from docutils.parsers.rst import Parser
        from docutils.readers.standalone import Reader
        try:
            from docutils.frontend import get_default_settings
            settings = get_default_settings(Parser, Reader)
        except ImportError:                 # docutils < 0.19
            from docutils.frontend import OptionParser
            settings = OptionParser(components=(Parser, Reader)).get_default_values()
        settings.report_level, settings.halt_level = 2, 5
        settings.file_insertion_enabled = settings.raw_enabled = False
        _REST_SETTINGS.append(settings)
    return copy.copy(_REST_SETTINGS[0])


def rest_problems(text):
    """The docutils warnings and errors of ``text`` as a standalone reST document (the roles and
    directives only Sphinx knows are not counted): what ``publish_doctree`` reports, parsed
    and transformed as it does."""
    from docutils.parsers.rst import Parser
    from docutils.readers.standalone import Reader
    from docutils.utils import new_document
    stream = io.StringIO()
    settings = _rest_settings()
    settings.warning_stream = stream
    try:
        document = new_document("<string>", settings)
        Parser().parse(text, document)
        document.transformer.populate_from_components((Reader(), Parser()))
        document.transformer.apply_transforms()
    except Exception:     # inside Sphinx, its roles need a build environment: Sphinx judges those
        return []
    messages = re.findall(r"^<string>:\d*: \((?:WARNING|ERROR|SEVERE)/\d\) (.*)$",
                          stream.getvalue(), flags=re.M)
    return [m for m in messages if not any(s in m for s in _SPHINX_ONLY)]


def docstring(obj, name):
    """The docstring without the signature line Cython embeds at its top."""
    doc = inspect.getdoc(obj) or ""
    first, _, rest = doc.partition("\n")
    short = name.rsplit(".", 1)[-1]
    if re.match(r"^[\w.]*\b" + re.escape(short) + r"\(.*\)(\s*->\s*.+)?$", first.strip()):
        doc = rest.strip("\n")
    return doc


def _takes_parameters(obj):
    if inspect.isclass(obj) and obj.__init__ is object.__init__:
        return False            # no constructor of its own: it takes nothing
    target = obj.__init__ if inspect.isclass(obj) else obj
    try:
        params = list(inspect.signature(target).parameters.values())
    except (TypeError, ValueError):
        return True
    if params and params[0].name in ("self", "cls"):
        params = params[1:]
    return bool(params)


def _returns_something(obj):
    try:
        source = textwrap.dedent(inspect.getsource(obj))
    except (OSError, TypeError):
        try:
            return inspect.signature(obj).return_annotation not in (None, "None")
        except (TypeError, ValueError):
            return True
    tree = ast.parse(source)
    func = tree.body[0]

    def walk(node):             # the function's own body, not nested functions or classes
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                continue
            if isinstance(child, (ast.Yield, ast.YieldFrom)):
                return True
            if isinstance(child, ast.Return) and child.value is not None and not (
                    isinstance(child.value, ast.Constant) and child.value.value is None):
                return True
            if walk(child):
                return True
        return False
    return walk(func)


def missing_sections(obj, name):
    from numpydoc.docscrape import NumpyDocString
    doc = docstring(obj, name)
    missing = []
    try:
        parsed = NumpyDocString(doc)
    except Exception:                       # numpydoc refuses it: nothing is in its sections
        parsed = {"Parameters": [], "Returns": [], "Yields": [], "Examples": []}
    if _takes_parameters(obj) and not parsed["Parameters"]:
        missing.append("Parameters")
    if not inspect.isclass(obj) and not (parsed["Returns"] or parsed["Yields"]) and _returns_something(obj):
        missing.append("Returns")
    if not parsed["Examples"]:
        missing.append("Examples")
    if not doc.strip():
        missing.append("text")
    elif rest_problems(doc):
        missing.append("rest")
    return missing


def public_callables():
    """``{group: [(qualified name, object, aliases)]}``, each object once."""
    seen = set()
    groups = {"tinytensor namespace": [], "methods of public classes": [], "submodules": []}
    top = public_api.public_names("tinytensor")
    names_of = {}
    for name, obj in top:
        names_of.setdefault(id(obj), []).append(name)
    classes = []
    for name, obj in top:
        if not public_api.is_callable_api(obj) or id(obj) in seen:
            continue
        seen.add(id(obj))
        own = getattr(obj, "__name__", None)
        names = names_of[id(obj)]
        canonical = own if own in names else name
        groups["tinytensor namespace"].append(
            (f"tinytensor.{canonical}", obj, [n for n in names if n != canonical]))
        if inspect.isclass(obj):
            classes.append((f"tinytensor.{canonical}", obj))
    for module in public_api.public_modules()[1:]:
        for name, obj in public_api.public_names(module):
            if public_api.is_callable_api(obj) and id(obj) not in seen:
                seen.add(id(obj))
                groups["submodules"].append((f"{module}.{name}", obj, []))
                if inspect.isclass(obj):
                    classes.append((f"{module}.{name}", obj))
    for cls_name, cls in classes:
        for name, method in public_api.public_methods(cls):
            if id(method) not in seen:
                seen.add(id(method))
                groups["methods of public classes"].append((f"{cls_name}.{name}", method, []))
    return groups


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--summary", action="store_true", help="print the counts only")
    parser.add_argument("--strict", action="store_true", help="exit 1 while anything is missing")
    args = parser.parse_args(argv)
    total_missing = 0
    lines = []
    summary = []
    bad_modules = [m for m in public_api.public_modules()
                   if rest_problems(inspect.getdoc(importlib.import_module(m)) or "")]
    for group, entries in public_callables().items():
        counts = dict.fromkeys(SECTIONS, 0)
        incomplete = 0
        for name, obj, aliases in entries:
            missing = missing_sections(obj, name)
            for section in missing:
                counts[section] += 1
            if missing:
                incomplete += 1
                also = f" (also {', '.join(aliases)})" if aliases else ""
                lines.append(f"{name}{also}: {', '.join(missing)}")
        total_missing += incomplete
        summary.append(f"{group}: {len(entries)} callables, {incomplete} incomplete; without "
                       + ", ".join(f"{k} {v}" for k, v in counts.items() if k not in ("text", "rest"))
                       + f"; signature-only {counts['text']}; not valid reST {counts['rest']}")
    summary.append(f"public modules: {len(public_api.public_modules())}, module docstrings not valid "
                   f"reST {len(bad_modules)}" + (f" ({', '.join(bad_modules)})" if bad_modules else ""))
    total_missing += len(bad_modules)
    if not args.summary:
        print("\n".join(lines))
        print()
    print("\n".join(summary))
    return 1 if args.strict and total_missing else 0


if __name__ == "__main__":
    sys.exit(main())
