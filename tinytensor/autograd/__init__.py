"""Reverse-mode automatic differentiation over tinytensor's Tensor.

The core (``tinytensor._core``) knows nothing of graphs: every op passes its recording gate, and when
grad mode is on and an argument of a differentiable op requires grad, the core computes the op once
and hands the result to :func:`~tinytensor.autograd.engine.record`, which creates the op's
:class:`~tinytensor.autograd.function.Function` (named like the op in the op table,
``tinytensor/_optable.py``) and attaches it to the result as ``grad_fn``. ``Tensor.backward`` calls
:func:`~tinytensor.autograd.engine.backward`, which walks the graph in reverse topological order
without recursion.

Grad mode is per thread, as in PyTorch. Public names: ``no_grad``, ``enable_grad``,
``set_grad_enabled``, ``is_grad_enabled``, ``backward``, ``Function``, ``unbroadcast``,
``to_dot`` / ``draw`` (the graph as Graphviz DOT text or a picture).
"""
from .grad_mode import no_grad, enable_grad, set_grad_enabled, is_grad_enabled
from .function import Function, unbroadcast
from .engine import backward, record, check_registry
from . import ops  # registers every differentiable op
from . import ops_conv  # convolution and pooling
from . import ops_sort  # sort, cumulative sums/products, median, quantile
from . import ops_funcs  # noqa: F401  (diagonal, linalg.vector_norm)
from .graph import to_dot, draw  # pictures of the graph (reads grad_fn / inputs only)

from .. import _core

check_registry()
_core.set_autograd_hooks(record, backward)

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "backward", "record",
           "Function", "unbroadcast", "to_dot", "draw"]
