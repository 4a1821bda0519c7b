"""Teaching views: repr with requires_grad / grad_fn, print options, the graph as DOT text."""
import numpy as np
import pytest

import tinytensor as tt
from tinytensor import _format
from tinytensor.autograd import draw, to_dot


def test_repr_shows_requires_grad_and_grad_fn_as_pytorch():
    x = tt.tensor([1.0, 2.0], requires_grad=True)
    assert repr(x) == "tensor([1., 2.], requires_grad=True)"
    y = (x * 2).sum()
    assert repr(y) == "tensor(6., grad_fn=<SumBackward0>)"
    w = tt.ones((2, 2), dtype=tt.float32)
    w.requires_grad = True
    assert repr(w) == "tensor([[1., 1.],\n        [1., 1.]], dtype=float32, requires_grad=True)"
    assert repr(w.detach()) == "tensor([[1., 1.],\n        [1., 1.]], dtype=float32)"
    with tt.no_grad():
        assert "grad_fn" not in repr(x * 2)


@pytest.mark.parametrize("opts,values", [
    (dict(precision=3), [1.0, 2.123456789, 3.5]),
    (dict(precision=3, suppress=True), [1e-5, 1.5, 1234.56789]),
    (dict(threshold=5, edgeitems=2), list(range(10))),
    (dict(linewidth=30), [1.25] * 12),
    (dict(precision=2, suppress=False), [1e-5, 1.5, 1234.5]),
])
def test_set_printoptions_matches_numpy(opts, values):
    a = np.array(values, dtype=np.float64)
    with _format.printoptions(**opts):
        got = repr(tt.asarray(a))
    with np.printoptions(**opts):
        want = repr(a)
    body = lambda s: s.split("(", 1)[1].rsplit("]", 1)[0].replace("\n", " ").split()
    assert body(got) == body(want)
    assert _format.get_printoptions() == dict(precision=8, threshold=1000, edgeitems=3, linewidth=75, suppress=False)


def test_set_printoptions_checks_before_setting():
    with pytest.raises(ValueError, match="edgeitems"):
        _format.set_printoptions(precision=2, edgeitems=0)
    assert _format.get_printoptions()["precision"] == 8


def test_to_dot_of_the_graph_with_grads():
    x, y, z = (tt.tensor(v, requires_grad=True) for v in (-2.0, 5.0, -4.0))
    f = (x + y) * z
    before = to_dot(f, {"x": x})
    assert "\\ngrad" not in before and "x\\n() float64" in before and "x1" in before
    f.backward()
    dot = to_dot(f, {"x": x, "y": y, "z": z})
    assert dot.startswith("digraph autograd {") and dot.rstrip().endswith("}")
    assert dot.count("shape=ellipse") == 2 and dot.count("shape=box") == 4
    assert "AddBackward0" in dot and "MultiplyBackward0" in dot
    assert "x\\n() float64\\ngrad -4" in dot and "z\\n() float64\\ngrad 3" in dot
    c = tt.tensor([1.0, 2.0])                       # a constant: dashed
    assert "style=dashed" in to_dot((x * c).sum())
    assert to_dot(tt.ones(3)).count("->") == 0      # no graph: just the tensor


def test_draw_renders_or_says_what_is_missing(tmp_path):
    x = tt.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    with pytest.raises(ValueError, match=".svg, .png or .pdf"):
        draw(y, tmp_path / "g.gif")
    try:
        import graphviz  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="tinytensor\\[graph\\]"):
            draw(y, tmp_path / "g.svg")
        return
    try:
        path = draw(y, tmp_path / "g.svg")
    except RuntimeError as e:
        assert "dot" in str(e)
        return
    assert open(path).read().lstrip().startswith(("<?xml", "<svg"))
