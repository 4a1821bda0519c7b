"""``Module``, ``Parameter`` and ``Sequential``."""
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
    if t.dtype not in (tt.float32, tt.float64):
        t = t.astype(tt.float32)
    t.requires_grad = requires_grad
    return t


_M = TypeVar("_M", bound="Module")


class Module:
    """Base class: subclasses assign parameters and sub-modules as attributes and define ``forward``."""

    def __init__(self) -> None:
        object.__setattr__(self, "_param_names", [])
        object.__setattr__(self, "training", True)

    def __setattr__(self, name, value):
        if "_param_names" not in self.__dict__:
            Module.__init__(self)
        names = self._param_names
        if isinstance(value, tt.Tensor) and (value.requires_grad or name in names) and value.is_leaf:
            if name not in names:
                names.append(name)
        elif name in names:
            names.remove(name)
        object.__setattr__(self, name, value)

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)

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
        stack: list[tuple[str, Module]] = [(prefix, self)]
        while stack:
            pre, m = stack.pop(0)
            for name in m.__dict__.get("_param_names", []):
                p = m.__dict__[name]
                if id(p) not in seen:
                    seen.add(id(p))
                    yield pre + name, p
            for i, (cname, child) in enumerate(m.named_children()):
                stack.insert(i, (pre + cname + ".", child))

    def parameters(self) -> list[tt.Tensor]:
        return [p for _, p in self.named_parameters()]

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = None

    # ------------------------------------------------------------------ state
    def state_dict(self):
        """Name -> parameter (detached views sharing memory, as PyTorch does)."""
        return OrderedDict((name, p.detach()) for name, p in self.named_parameters())

    def load_state_dict(self, state_dict, strict=True):
        """Copy values into the parameters in place. With ``strict`` the keys must match exactly.
        Shapes must always match. Values may be tinytensor tensors, NumPy arrays or torch tensors
        (read through DLPack, no copy before the final one into the parameter): a torch model's
        ``state_dict()`` loads into the same architecture here. Everything is checked before
        anything is written. Returns ``(missing_keys, unexpected_keys)``."""
        from tinytensor.data import to_tensor
        own = OrderedDict(self.named_parameters())
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
        for m in self.children():
            x = m(x)
        return x
