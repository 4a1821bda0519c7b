"""Pictures of the autograd graph: ``to_dot(tensor)`` returns Graphviz DOT text,
``draw(tensor, path)`` renders it to SVG/PNG/PDF with the ``graphviz`` package (the optional
extra ``pip install "tinytensor-lab[graph]"`` plus Graphviz's ``dot`` program).

What is drawn, walking back from ``tensor`` through ``grad_fn`` and each node's ``inputs``:

- one ellipse per recorded op, named as PyTorch names it (``MultiplyBackward0``);
- one box per leaf tensor: its name (from ``names``, e.g. ``dict(model.named_parameters())``,
  else ``x0``, ``x1``, ...), shape and dtype, and ``grad`` once ``backward`` has filled it
  (the values when there are at most 6, else the shape and the norm). Leaves that do not
  require grad (constants) are dashed;
- an edge for every value that flows: leaf -> op, op -> op (labelled with the shape and dtype of
  the intermediate tensor), last op -> the output box.

It only reads the graph (``grad_fn``, ``inputs``, tensor attributes): drawing changes nothing.
"""
import math
import os
from collections.abc import Mapping

from .._core import Tensor

from .._format import grad_fn_name


def _q(text):
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _shape(t):
    return "(" + ", ".join(map(str, t.shape)) + ("," if len(t.shape) == 1 else "") + ")"


def _grad_text(t):
    g = getattr(t, "grad", None)
    if g is None:
        return None
    if g.size <= 6:
        values = g.reshape(-1).tolist()
        return "grad " + ("%.4g" % values[0] if g.ndim == 0 else "[" + ", ".join("%.4g" % v for v in values) + "]")
    norm = math.sqrt(float((g.astype("float64") * g.astype("float64")).sum().item()))
    return "grad %s |g|=%.4g" % (_shape(g), norm)


def _describe(t, name):
    lines = [name, "%s %s" % (_shape(t), t.dtype.name)]
    grad = _grad_text(t)
    if grad:
        lines.append(grad)
    return "\n".join(lines)


def to_dot(tensor: Tensor, names: Mapping[str, Tensor] | None = None, rankdir: str = "LR") -> str:
    r"""Graphviz DOT text of the graph that produced `tensor`: an ellipse per recorded op, a
    box per leaf (name, shape, dtype, and ``grad`` once filled; dashed when it does not
    require grad), edges labelled with the intermediate shapes (see the module docstring).

    Parameters
    ----------
    tensor : Tensor
        The output.
    names : dict of str to Tensor, optional
        Names for leaves, e.g. ``dict(model.named_parameters())``; others are x0, x1, ...
    rankdir : str, default "LR"
        Graphviz's layout direction ("LR" left to right, "TB" top to bottom).

    Returns
    -------
    str

    Examples
    --------
    >>> w = tt.tensor([1.0, 2.0], requires_grad=True)
    >>> dot = tt.autograd.to_dot((w * 3.0).sum(), names={"w": w})
    >>> print("\n".join(line for line in dot.splitlines() if "label" in line))
      t0 [shape=box, style="bold", label="output\n() float64"];
      f1 [shape=ellipse, style=filled, fillcolor="#e8eef7", label="SumBackward0"];
      f2 -> f1 [label="(2,) float64"];
      f2 [shape=ellipse, style=filled, fillcolor="#e8eef7", label="MultiplyBackward0"];
      t3 [shape=box, style=solid, label="w\n(2,) float64"];
    """
    label_of = {id(t): n for n, t in (names or {}).items()}
    ids: dict[int, str] = {}
    lines: list[str] = []

    def node_id(obj, prefix):
        key = id(obj)
        if key not in ids:
            ids[key] = "%s%d" % (prefix, len(ids))
        return ids[key]

    out_id = node_id(tensor, "t")
    out_name = label_of.get(id(tensor), "output")
    lines.append("  %s [shape=box, style=\"bold\", label=%s];" % (out_id, _q(_describe(tensor, out_name))))
    root = getattr(tensor, "grad_fn", None)
    if root is None:
        return _wrap(lines, rankdir)
    lines.append("  %s -> %s;" % (node_id(root, "f"), out_id))
    seen, stack, leaves = set(), [root], 0
    while stack:
        fn = stack.pop()
        if id(fn) in seen:
            continue
        seen.add(id(fn))
        fid = node_id(fn, "f")
        lines.append("  %s [shape=ellipse, style=filled, fillcolor=\"#e8eef7\", label=%s];"
                     % (fid, _q(grad_fn_name(fn))))
        for t in getattr(fn, "inputs", ()) or ():
            if t is None:
                continue
            parent = getattr(t, "grad_fn", None)
            if parent is not None:
                lines.append("  %s -> %s [label=%s];" % (node_id(parent, "f"), fid,
                                                         _q("%s %s" % (_shape(t), t.dtype.name))))
                stack.append(parent)
                continue
            new = id(t) not in ids
            tid = node_id(t, "t")
            if new:
                name = label_of.get(id(t))
                if name is None:
                    name, leaves = "x%d" % leaves, leaves + 1
                style = "solid" if getattr(t, "requires_grad", False) else "dashed"
                lines.append("  %s [shape=box, style=%s, label=%s];" % (tid, style, _q(_describe(t, name))))
            lines.append("  %s -> %s;" % (tid, fid))
    return _wrap(lines, rankdir)


def _wrap(lines, rankdir):
    return "digraph autograd {\n  rankdir=%s;\n  node [fontname=\"Helvetica\", fontsize=11];\n" \
           "  edge [fontname=\"Helvetica\", fontsize=9];\n%s\n}\n" % (rankdir, "\n".join(lines))


def draw(tensor: Tensor, path: str | os.PathLike[str], names: Mapping[str, Tensor] | None = None,
         rankdir: str = "LR") -> str:
    """Render the graph of `tensor` (`to_dot`) to an image file, atomically.

    Parameters
    ----------
    tensor : Tensor
        The output.
    path : str or os.PathLike
        The file; its suffix (.svg, .png, .pdf) is the format.
    names : dict of str to Tensor, optional
        Names for leaves (see `to_dot`).
    rankdir : str, default "LR"
        Graphviz's layout direction.

    Returns
    -------
    str
        `path`.

    Raises
    ------
    ValueError
        If the suffix is not .svg, .png or .pdf.
    ImportError
        If the ``graphviz`` Python package is missing (``pip install "tinytensor-lab[graph]"``).
    RuntimeError
        If Graphviz's ``dot`` program is not installed.

    Examples
    --------
    >>> x = tt.tensor([1.0], requires_grad=True)
    >>> tt.autograd.draw(x * 2.0, "graph.txt")
    Traceback (most recent call last):
    ...
    ValueError: draw writes .svg, .png or .pdf files, not 'graph.txt'
    """
    import os
    path = os.fspath(path)
    fmt = os.path.splitext(path)[1].lstrip(".").lower()
    if fmt not in ("svg", "png", "pdf"):
        raise ValueError("draw writes .svg, .png or .pdf files, not %r" % (path,))
    try:
        import graphviz
    except ImportError:
        raise ImportError("drawing the graph needs the graphviz package: pip install \"tinytensor[graph]\" "
                          "(to_dot(tensor) gives the DOT text without it)") from None
    source = graphviz.Source(to_dot(tensor, names, rankdir))
    try:
        data = source.pipe(format=fmt)
    except graphviz.ExecutableNotFound:
        raise RuntimeError("Graphviz's 'dot' program is not installed (apt-get install graphviz, "
                           "brew install graphviz); to_dot(tensor) gives the DOT text without it") from None
    from .._npz import atomic_write
    atomic_write(path, lambda f: f.write(data))
    return path
