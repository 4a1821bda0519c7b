"""The ``tinytensor-api`` directive: the API reference, generated from the live package.

What is public is decided by tools/public_api.py. Each object is documented once, under its first
public name (the ``tinytensor`` namespace first, then the submodules in order); its other names
are listed as aliases there and linked from the other modules. Top-level functions are grouped by
the module that defines them.

A docstring that is not valid reStructuredText yet (most are plain text until the numpydoc pass)
is shown verbatim, as ``help()`` shows it, instead of being rendered wrongly; the build says which
(tools/check_docstrings.py lists them too).

The extension also makes the ``>>>`` sessions of the Markdown pages (fenced ```python blocks,
which MyST turns into plain literal blocks) into doctests, so ``sphinx-build -b doctest`` runs the
pages' examples as well as the docstrings'.
"""
import inspect

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

import public_api
from check_docstrings import docstring, rest_problems
from sphinx.util import logging

logger = logging.getLogger(__name__)

# titles for the modules that define top-level functions; a module not named here gets its name
GROUP_TITLES = {
    "tinytensor._core": "Creation, operations, reductions, products, views (the compiled core)",
    "tinytensor._array_api": "Array API standard spellings",
    "tinytensor.random": "Random numbers",
    "tinytensor.autograd.grad_mode": "Gradient recording",
    "tinytensor": "Configuration",
}


def _heading(text, underline):
    return [text, underline * len(text), ""]


def _entry(kind, qualname, aliases=()):
    lines = [f".. {kind}:: {qualname}"]
    if kind == "autoclass":
        lines += ["   :members:", "   :undoc-members:"]
    lines.append("")
    if aliases:
        lines += ["   Also available as " + ", ".join(f"``{a}``" for a in aliases) + ".", ""]
    return lines


def _kind(obj):
    if inspect.isclass(obj):
        return "autoclass"
    if public_api.is_callable_api(obj):
        return "autofunction"
    return None


def reference_lines():
    documented = {}            # id(obj) -> qualified name where it is documented
    modules = public_api.public_modules()
    lines = []

    # the tinytensor namespace
    top = public_api.public_names("tinytensor")
    names_of = {}
    for name, obj in top:
        names_of.setdefault(id(obj), []).append(name)

    def canonical(obj):
        names = names_of[id(obj)]
        own = getattr(obj, "__name__", None)
        return own if own in names else names[0]

    classes = [(n, o) for n, o in top if inspect.isclass(o) and n == canonical(o)]
    functions = [(n, o) for n, o in top if _kind(o) == "autofunction" and n == canonical(o)]
    constants = [(n, o) for n, o in top if _kind(o) is None and n == canonical(o)]

    lines += _heading("Classes", "-")
    for name, obj in classes:
        lines += _entry("autoclass", f"tinytensor.{name}",
                        [a for a in names_of[id(obj)] if a != name])
        documented[id(obj)] = f"tinytensor.{name}"

    groups = {}
    for name, obj in functions:
        groups.setdefault(getattr(obj, "__module__", None) or "tinytensor", []).append((name, obj))
    order = [m for m in GROUP_TITLES if m in groups] + sorted(m for m in groups if m not in GROUP_TITLES)
    lines += _heading("Functions", "-")
    for module in order:
        lines += _heading(GROUP_TITLES.get(module, module), "~")
        lines += [".. autosummary::", "   :nosignatures:", ""]
        lines += [f"   tinytensor.{name}" for name, _ in groups[module]] + [""]
        for name, obj in groups[module]:
            lines += _entry("autofunction", f"tinytensor.{name}",
                            [a for a in names_of[id(obj)] if a != name])
            documented[id(obj)] = f"tinytensor.{name}"

    lines += _heading("Constants and dtypes", "-")
    for name, obj in constants:
        aliases = [a for a in names_of[id(obj)] if a != name]
        lines += [f".. py:data:: tinytensor.{name}", f"   :value: {obj!r}", ""]
        if aliases:
            lines += ["   Also available as " + ", ".join(f"``{a}``" for a in aliases) + ".", ""]
        documented[id(obj)] = f"tinytensor.{name}"

    # the submodules
    lines += _heading("Modules", "-")
    for module in modules:
        if module == "tinytensor":
            continue
        lines += _heading(module, "~")
        lines += [f".. automodule:: {module}", "   :no-members:", ""]
        elsewhere = []
        for name, obj in public_api.public_names(module):
            kind = _kind(obj)
            if id(obj) in documented:
                elsewhere.append(f":py:obj:`{name} <{documented[id(obj)]}>`")
            elif kind:
                lines += _entry(kind, f"{module}.{name}")
                documented[id(obj)] = f"{module}.{name}"
            else:
                lines += [f".. py:data:: {module}.{name}", f"   :value: {obj!r}", ""]
        if elsewhere:
            lines += [f"Also in ``{module}``, documented above: " + ", ".join(elsewhere) + ".", ""]
    return lines


class TinytensorApi(SphinxDirective):
    has_content = False

    def run(self):
        container = nodes.container()
        content = StringList(reference_lines(), source="tinytensor-api (generated)")
        nested_parse_with_titles(self.state, content, container)
        return container.children


def mark_sessions_as_doctests(app, doctree):
    """Fenced ```python blocks that hold a >>> session are tested like reST doctest blocks."""
    for block in doctree.findall(nodes.literal_block):
        if block.astext().lstrip().startswith(">>>") and "testnodetype" not in block:
            block["testnodetype"] = "doctest"
            block["groups"] = ["default"]
            block["options"] = {}


def verbatim_unless_rest(app, what, name, obj, options, lines):
    """Runs after numpydoc (priority 600 > 500): when what it made of the docstring is not valid
    reST, the docstring as written is shown instead, as a literal block."""
    if lines and rest_problems("\n".join(lines)):
        app.env.tt_verbatim = sorted(set(getattr(app.env, "tt_verbatim", [])) | {name})
        original = docstring(obj, name).splitlines() or lines
        lines[:] = ["::", ""] + ["    " + line for line in original] + [""]


def report_verbatim(app, exception):
    names = getattr(app.env, "tt_verbatim", [])
    if names and exception is None:
        logger.info("%d docstrings are not valid reST yet and are shown verbatim: %s",
                    len(names), ", ".join(names))


def setup(app):
    app.add_directive("tinytensor-api", TinytensorApi)
    app.connect("doctree-read", mark_sessions_as_doctests)
    app.connect("autodoc-process-docstring", verbatim_unless_rest, priority=600)
    app.connect("build-finished", report_verbatim)
    return {"version": "1", "parallel_read_safe": True}
