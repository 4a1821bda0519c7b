"""Reverse-mode automatic differentiation over tinytensor's Tensor.

The core (``tinytensor._core``) knows nothing of graphs: when grad mode is on and an argument of a
differentiable op requires grad, the core hands the call to :func:`~tinytensor.autograd.engine.dispatch`,
which runs the op's :class:`~tinytensor.autograd.function.Function` (forward with the plain op, under
no_grad) and records the node on the result. ``Tensor.backward`` calls
:func:`~tinytensor.autograd.engine.backward`, which walks the graph in reverse topological order
without recursion.

Public names: ``no_grad``, ``enable_grad``, ``set_grad_enabled``, ``is_grad_enabled``, ``backward``,
``Function``, ``unbroadcast``, ``to_dot`` / ``draw`` (the graph as Graphviz DOT text or a picture).
"""
from .grad_mode import no_grad, enable_grad, set_grad_enabled, is_grad_enabled
from .function import Function, unbroadcast
from .engine import backward, dispatch
from . import ops  # registers every differentiable op
from .graph import to_dot, draw  # pictures of the graph (reads grad_fn / inputs only)

from .. import _core

_core.set_autograd_hooks(dispatch, backward)

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled", "backward", "dispatch",
           "Function", "unbroadcast", "to_dot", "draw"]
