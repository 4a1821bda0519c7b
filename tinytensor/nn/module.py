"""``Module``, ``Parameter`` and ``Sequential``.

A module's state is its parameters (Tensor attributes that require grad) and its buffers
(``register_buffer``: tensors that belong to the model but are not trained by gradients, such as
BatchNorm's running statistics). ``state_dict()`` holds both, in PyTorch's order: each module's
parameters, then its buffers, then its children's, depth first.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

import tinytensor as tt
from ..autograd import no_grad


def Parameter(data: Any, requires_grad: bool = True) -> tt.Tensor:
    """A leaf float Tensor that requires grad (copied from ``data`` when it is already a Tensor in a
    graph). Assigned to a Module attribute it becomes one of the module's parameters."""
    t = tt.asarray(data)
    if t.grad_fn is not None or t.requires_grad:
        t = t.detach()
    if t.dtype not in (tt.float16, tt.float32, tt.float64):
        t = t.astype(tt.float32)
    t.requires_grad = requires_grad
    return t


_M = TypeVar("_M", bound="Module")


class Module:
    """Base class: subclasses assign parameters and sub-modules as attributes and define ``forward``."""

    def __init__(self) -> None:
        object.__setattr__(self, "_param_names", [])
        object.__setattr__(self, "_buffer_names", [])
        object.__setattr__(self, "training", True)

    def __setattr__(self, name, value):
        if "_param_names" not in self.__dict__:
            Module.__init__(self)
        names = self._param_names
        if name in self.__dict__.get("_buffer_names", ()):
            if value is not None and not isinstance(value, tt.Tensor):
                raise TypeError("cannot assign %s as buffer '%s' (a Tensor or None is required)"
                                % (type(value).__name__, name))
        elif isinstance(value, tt.Tensor) and (value.requires_grad or name in names) and value.is_leaf:
            if name not in names:
                names.append(name)
        elif name in names:
            names.remove(name)
        object.__setattr__(self, name, value)

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)

    def _fused_forward(self, x, following):
        """``following(self(x))`` computed in one go, or None when this module does not fuse
        with ``following`` (Sequential then calls both)."""
        return None

    # ------------------------------------------------------------------ traversal
    def named_children(self) -> Iterator[tuple[str, "Module"]]:
        for name, value in self.__dict__.items():
            if isinstance(value, Module):
                yield name, value

    def children(self) -> list["Module"]:
        return [m for _, m in self.named_children()]

    def modules(self) -> list["Module"]:
        out: list[Module] = []
        stack: list[Module] = [self]
        while stack:
            m = stack.pop()
            out.append(m)
            stack.extend(reversed(m.children()))
        return out

    def named_parameters(self, prefix: str = "") -> Iterator[tuple[str, tt.Tensor]]:
        seen = set()
        for pre, m in self._walk(prefix):
            for name in m.__dict__.get("_param_names", []):
                p = m.__dict__[name]
                if id(p) not in seen:
                    seen.add(id(p))
                    yield pre + name, p

    def parameters(self) -> list[tt.Tensor]:
        return [p for _, p in self.named_parameters()]

    def register_buffer(self, name, tensor, persistent=True):
        """Keep ``tensor`` as state that is not a parameter (no gradient, not optimised): it goes
        into ``state_dict()`` (unless ``persistent=False``) and ``load_state_dict`` fills it."""
        if "_buffer_names" not in self.__dict__:
            Module.__init__(self)
        if not isinstance(name, str) or not name or "." in name:
            raise KeyError("buffer name must be a non-empty string without '.', got %r" % (name,))
        if tensor is not None and not isinstance(tensor, tt.Tensor):
            raise TypeError("cannot assign %s as buffer '%s' (a Tensor or None is required)"
                            % (type(tensor).__name__, name))
        if name in self._param_names:
            raise KeyError("attribute '%s' already exists as a parameter" % name)
        self._buffer_names.append(name)
        if not persistent:
            object.__setattr__(self, "_non_persistent", self.__dict__.get("_non_persistent", set()) | {name})
        object.__setattr__(self, name, tensor)

    def named_buffers(self, prefix=""):
        for pre, m in self._walk(prefix):
            for name in m.__dict__.get("_buffer_names", []):
                if m.__dict__[name] is not None:
                    yield pre + name, m.__dict__[name]

    def buffers(self):
        return [b for _, b in self.named_buffers()]

    def _walk(self, prefix=""):
        """(prefix, module) for this module and every descendant, depth first in order."""
        stack = [(prefix, self)]
        while stack:
            pre, m = stack.pop(0)
            yield pre, m
            for i, (cname, child) in enumerate(m.named_children()):
                stack.insert(i, (pre + cname + ".", child))

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = None

    # ------------------------------------------------------------------ state
    def state_dict(self):
        """Name -> parameter or buffer (detached views sharing memory, as PyTorch does)."""
        return OrderedDict((name, t.detach()) for name, t in self._named_state())

    def _named_state(self):
        """Parameters and persistent buffers, module by module (PyTorch's state_dict order)."""
        seen = set()
        for pre, m in self._walk():
            for name in m.__dict__.get("_param_names", []):
                p = m.__dict__[name]
                if id(p) not in seen:
                    seen.add(id(p))
                    yield pre + name, p
            skip = m.__dict__.get("_non_persistent", ())
            for name in m.__dict__.get("_buffer_names", []):
                if name not in skip and m.__dict__[name] is not None:
                    yield pre + name, m.__dict__[name]

    def load_state_dict(self, state_dict, strict=True):
        """Copy values into the parameters in place. With ``strict`` the keys must match exactly.
        Shapes must always match. Values may be tinytensor tensors, NumPy arrays or torch tensors
        (read through DLPack, no copy before the final one into the parameter): a torch model's
        ``state_dict()`` loads into the same architecture here. Everything is checked before
        anything is written. Returns ``(missing_keys, unexpected_keys)``."""
        from tinytensor.data import to_tensor
        own = OrderedDict(self._named_state())
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        if strict and (missing or unexpected):
            raise RuntimeError("Error(s) in loading state_dict for %s: missing keys %s, unexpected keys %s"
                               % (type(self).__name__, missing, unexpected))
        values = {}
        for name, p in own.items():
            if name not in state_dict:
                continue
            value = to_tensor(state_dict[name])
            if tuple(value.shape) != tuple(p.shape):
                raise RuntimeError("size mismatch for %s: copying a param with shape %s, the "
                                   "parameter has shape %s" % (name, tuple(value.shape), tuple(p.shape)))
            values[name] = value
        with no_grad():
            for name, value in values.items():
                p = own[name]
                p[...] = value.astype(p.dtype) if value.dtype != p.dtype else value
        return missing, unexpected

    def train(self: _M, mode: bool = True) -> _M:
        for m in self.modules():
            object.__setattr__(m, "training", bool(mode))
        return self

    def eval(self: _M) -> _M:
        return self.train(False)

    def extra_repr(self):
        return ""

    def __repr__(self):
        kids = self.named_children()
        lines = ["  (%s): %s" % (n, repr(m).replace("\n", "\n  ")) for n, m in kids]
        if not lines:
            return "%s(%s)" % (type(self).__name__, self.extra_repr())
        return "%s(\n%s\n)" % (type(self).__name__, "\n".join(lines))


class ModuleList(Module):
    """A list of modules whose parameters the parent finds (children named "0", "1", ...)."""

    def __init__(self, modules=None):
        super().__init__()
        for m in modules or ():
            self.append(m)

    def _items(self):
        return [m for _, m in self.named_children()]

    def __len__(self):
        return len(self._items())

    def __getitem__(self, i):
        items = self._items()
        if isinstance(i, slice):
            return ModuleList(items[i])
        return items[i]

    def __setitem__(self, i, module):
        items = self._items()
        items[i]  # IndexError when out of range
        object.__setattr__(self, str(i % len(items)), _check_module(module))

    def __iter__(self):
        return iter(self._items())

    def append(self, module):
        setattr(self, str(len(self)), _check_module(module))
        return self

    def extend(self, modules):
        for m in modules:
            self.append(m)
        return self

    def forward(self, *args):
        raise NotImplementedError("a ModuleList has no forward: iterate over it in the parent's forward")


class ModuleDict(Module):
    """A dict of modules (string keys) whose parameters the parent finds."""

    def __init__(self, modules=None):
        super().__init__()
        object.__setattr__(self, "_keys", [])
        for k, m in (modules.items() if isinstance(modules, dict) else (modules or ())):
            self[k] = m

    def named_children(self):
        for k in self._keys:
            yield k, self.__dict__["_m_" + k]

    def __getitem__(self, key):
        if key not in self._keys:
            raise KeyError(key)
        return self.__dict__["_m_" + key]

    def __setitem__(self, key, module):
        if not isinstance(key, str):
            raise TypeError("ModuleDict keys are strings, got %r" % (key,))
        if key not in self._keys:
            self._keys.append(key)
        object.__setattr__(self, "_m_" + key, _check_module(module))

    def __delitem__(self, key):
        self._keys.remove(key)
        del self.__dict__["_m_" + key]

    def __contains__(self, key):
        return key in self._keys

    def __len__(self):
        return len(self._keys)

    def __iter__(self):
        return iter(list(self._keys))

    def keys(self):
        return list(self._keys)

    def values(self):
        return [self[k] for k in self._keys]

    def items(self):
        return [(k, self[k]) for k in self._keys]

    def forward(self, *args):
        raise NotImplementedError("a ModuleDict has no forward: use its items in the parent's forward")


def _check_module(m):
    if not isinstance(m, Module):
        raise TypeError("expected a Module, got %s" % type(m).__name__)
    return m


class Sequential(Module):
    """Applies its modules in order; children are named "0", "1", ..."""

    def __init__(self, *modules: Module | Sequence[Module]) -> None:
        super().__init__()
        if len(modules) == 1 and isinstance(modules[0], (list, tuple)):
            modules = tuple(modules[0])
        for i, m in enumerate(modules):
            setattr(self, str(i), m)

    def __len__(self):
        return len(self.children())

    def __getitem__(self, i):
        return self.children()[i]

    def __iter__(self):
        return iter(self.children())

    def append(self, module):
        setattr(self, str(len(self)), module)
        return self

    def forward(self, x):
        """x through each module in order; a module followed by one it can fuse with (Linear
        then ReLU: one GEMM with the relu in its epilogue, and one fused backward node) runs
        both at once through ``_fused_forward``."""
        mods = self.children()
        i = 0
        while i < len(mods):
            y = mods[i]._fused_forward(x, mods[i + 1]) if i + 1 < len(mods) else None
            if y is not None:
                x, i = y, i + 2
            else:
                x, i = mods[i](x), i + 1
        return x
