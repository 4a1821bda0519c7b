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
    """A leaf float Tensor that requires grad: assigned to a `Module` attribute it becomes one
    of the module's parameters.

    Parameters
    ----------
    data : Tensor or array_like
        The initial value (detached from its graph if it is in one; integer data becomes float32).
    requires_grad : bool, default True
        Whether autograd accumulates a gradient into it.

    Returns
    -------
    Tensor
        A leaf tensor, float32 or float64.

    Examples
    --------
    >>> w = tt.nn.Parameter([1, 2])
    >>> w.requires_grad, w.dtype, w.is_leaf
    (True, dtype('float32'), True)
    """
    t = tt.asarray(data)
    if t.grad_fn is not None or t.requires_grad:
        t = t.detach()
    if t.dtype not in (tt.float16, tt.float32, tt.float64):
        t = t.astype(tt.float32)
    t.requires_grad = requires_grad
    return t


_M = TypeVar("_M", bound="Module")


class Module:
    """Base class of layers and models: subclasses assign parameters and sub-modules as attributes
    and define `forward`; ``module(x)`` calls ``module.forward(x)``.

    No registration calls: every Tensor attribute that requires grad when it is assigned (a
    `Parameter`) is a parameter, every Module attribute a child. A module starts in training
    mode (``training`` is True).

    Examples
    --------
    >>> class Affine(tt.nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.scale = tt.nn.Parameter([2.0])
    ...         self.act = tt.nn.ReLU()
    ...     def forward(self, x):
    ...         return self.act(x * self.scale)
    >>> m = Affine()
    >>> m(tt.tensor([-1.0, 3.0], dtype=tt.float32)).tolist()
    [0.0, 6.0]
    >>> [name for name, _ in m.named_parameters()], m.children()
    (['scale'], [ReLU()])
    """

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
        r"""The computation of the module; ``module(*args)`` calls it. Every subclass defines it
        (see the class's docstring for its formula).

        Parameters
        ----------
        \*args, \*\*kwargs
            The inputs: a Tensor for layers, ``(input, target)`` for losses.

        Returns
        -------
        Tensor
            The output.

        Raises
        ------
        NotImplementedError
            On the base class, and on containers without a forward (`ModuleList`, `ModuleDict`).

        Examples
        --------
        >>> tt.nn.ReLU().forward(tt.tensor([-1.0, 1.0]))
        tensor([0., 1.])
        """
        raise NotImplementedError

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)

    def _fused_forward(self, x, following):
        """``following(self(x))`` computed in one go, or None when this module does not fuse
        with ``following`` (Sequential then calls both)."""
        return None

    # ------------------------------------------------------------------ traversal
    def named_children(self) -> Iterator[tuple[str, "Module"]]:
        """The direct sub-modules with their attribute names, in assignment order.

        Yields
        ------
        (str, Module)

        Examples
        --------
        >>> list(tt.nn.Sequential(tt.nn.ReLU(), tt.nn.Tanh()).named_children())
        [('0', ReLU()), ('1', Tanh())]
        """
        for name, value in self.__dict__.items():
            if isinstance(value, Module):
                yield name, value

    def children(self) -> list["Module"]:
        """The direct sub-modules, in assignment order.

        Returns
        -------
        list of Module

        Examples
        --------
        >>> tt.nn.Sequential(tt.nn.ReLU(), tt.nn.Tanh()).children()
        [ReLU(), Tanh()]
        """
        return [m for _, m in self.named_children()]

    def modules(self) -> list["Module"]:
        """This module and all its descendants, depth first (self first).

        Returns
        -------
        list of Module

        Examples
        --------
        >>> [type(m).__name__ for m in tt.nn.Sequential(tt.nn.Sequential(tt.nn.ReLU())).modules()]
        ['Sequential', 'Sequential', 'ReLU']
        """
        out: list[Module] = []
        stack: list[Module] = [self]
        while stack:
            m = stack.pop()
            out.append(m)
            stack.extend(reversed(m.children()))
        return out

    def named_parameters(self, prefix: str = "") -> Iterator[tuple[str, tt.Tensor]]:
        """The parameters with dotted names (``"0.weight"``), this module's own first, then each
        child's in order; a parameter shared by several modules comes once.

        Parameters
        ----------
        prefix : str, default ""
            Prepended to every name.

        Yields
        ------
        (str, Tensor)

        Examples
        --------
        >>> model = tt.nn.Sequential(tt.nn.Linear(2, 3), tt.nn.ReLU(), tt.nn.Linear(3, 1))
        >>> [(n, tuple(p.shape)) for n, p in model.named_parameters()]
        [('0.weight', (3, 2)), ('0.bias', (3,)), ('2.weight', (1, 3)), ('2.bias', (1,))]
        """
        seen = set()
        for pre, m in self._walk(prefix):
            for name in m.__dict__.get("_param_names", []):
                p = m.__dict__[name]
                if id(p) not in seen:
                    seen.add(id(p))
                    yield pre + name, p

    def parameters(self) -> list[tt.Tensor]:
        """The parameters, in `named_parameters` order (what an optimizer is given).

        Returns
        -------
        list of Tensor

        Examples
        --------
        >>> len(tt.nn.Linear(2, 3).parameters())
        2
        """
        return [p for _, p in self.named_parameters()]

    def register_buffer(self, name, tensor, persistent=True):
        """Keep `tensor` as state that is not a parameter (no gradient, not optimised), such as
        BatchNorm's running statistics: it goes into `state_dict` (unless not `persistent`) and
        `load_state_dict` fills it.

        Parameters
        ----------
        name : str
            The attribute name (non-empty, no ".").
        tensor : Tensor or None
            The value.
        persistent : bool, default True
            Include it in `state_dict`.

        Raises
        ------
        KeyError
            For a bad name or one that is already a parameter.
        TypeError
            If `tensor` is neither a Tensor nor None.

        Examples
        --------
        >>> m = tt.nn.Module()
        >>> m.register_buffer("count", tt.zeros(1))
        >>> m.buffers(), list(m.state_dict())
        ([tensor([0.])], ['count'])
        """
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
        """The buffers with dotted names, this module's first, then each child's in order (None
        values left out).

        Parameters
        ----------
        prefix : str, default ""
            Prepended to every name.

        Yields
        ------
        (str, Tensor)

        Examples
        --------
        >>> [name for name, _ in tt.nn.Sequential(tt.nn.BatchNorm1d(2)).named_buffers()]
        ['0.running_mean', '0.running_var', '0.num_batches_tracked']
        """
        for pre, m in self._walk(prefix):
            for name in m.__dict__.get("_buffer_names", []):
                if m.__dict__[name] is not None:
                    yield pre + name, m.__dict__[name]

    def buffers(self):
        """The buffers, in `named_buffers` order.

        Returns
        -------
        list of Tensor

        Examples
        --------
        >>> len(tt.nn.BatchNorm2d(4).buffers())
        3
        """
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
        """Set every parameter's ``grad`` to None (the next backward starts afresh).

        Examples
        --------
        >>> layer = tt.nn.Linear(2, 1)
        >>> layer(tt.ones((1, 2), dtype=tt.float32)).sum().backward()
        >>> layer.zero_grad()
        >>> layer.weight.grad is None
        True
        """
        for p in self.parameters():
            p.grad = None

    # ------------------------------------------------------------------ state
    def state_dict(self):
        """Parameter and persistent buffer name -> tensor, as detached tensors sharing memory (as
        PyTorch does): each module's parameters, then its buffers, then its children's.

        Returns
        -------
        collections.OrderedDict of str to Tensor

        Examples
        --------
        >>> sd = tt.nn.Linear(2, 3).state_dict()
        >>> list(sd), tuple(sd["weight"].shape)
        (['weight', 'bias'], (3, 2))
        >>> list(tt.nn.BatchNorm1d(2).state_dict())
        ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']
        """
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
        """Copy values into the parameters, in place. Everything is checked before anything is
        written.

        Values may be tinytensor tensors, NumPy arrays or torch tensors (read through DLPack,
        no copy before the final one into the parameter): a torch model's ``state_dict()``
        loads into the same architecture here. Values are cast to each parameter's dtype.

        Parameters
        ----------
        state_dict : mapping of str to array_like
            Name -> value, names as in `named_parameters`.
        strict : bool, default True
            Require the keys to match exactly.

        Returns
        -------
        (list of str, list of str)
            ``(missing_keys, unexpected_keys)``.

        Raises
        ------
        RuntimeError
            With `strict`, when keys are missing or unexpected; always, when a shape differs.

        Examples
        --------
        >>> layer = tt.nn.Linear(2, 1)
        >>> layer.load_state_dict({"weight": [[1.0, 2.0]], "bias": [0.5]})
        ([], [])
        >>> layer(tt.ones((1, 2), dtype=tt.float32)).tolist()
        [[3.5]]
        >>> layer.load_state_dict({"weight": [[1.0, 2.0]]})
        Traceback (most recent call last):
        ...
        RuntimeError: Error(s) in loading state_dict for Linear: missing keys ['bias'], unexpected keys []
        """
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
        """Set training mode (``mode=True``) or evaluation mode on this module and all descendants
        (dropout is active only in training mode).

        Parameters
        ----------
        mode : bool, default True
            The mode.

        Returns
        -------
        Module
            self.

        Examples
        --------
        >>> m = tt.nn.Sequential(tt.nn.Dropout(0.5))
        >>> m.train(False)[0].training
        False
        """
        for m in self.modules():
            object.__setattr__(m, "training", bool(mode))
        return self

    def eval(self: _M) -> _M:
        """Evaluation mode: ``self.train(False)``.

        Returns
        -------
        Module
            self.

        Examples
        --------
        >>> tt.nn.Dropout().eval().training
        False
        """
        return self.train(False)

    def extra_repr(self):
        """The text inside the parentheses of ``repr(module)`` for a module without children;
        layers override it to show their arguments.

        Returns
        -------
        str
            "" here.

        Examples
        --------
        >>> tt.nn.ReLU().extra_repr()
        ''
        """
        return ""

    def __repr__(self):
        kids = self.named_children()
        lines = ["  (%s): %s" % (n, repr(m).replace("\n", "\n  ")) for n, m in kids]
        if not lines:
            return "%s(%s)" % (type(self).__name__, self.extra_repr())
        return "%s(\n%s\n)" % (type(self).__name__, "\n".join(lines))


class ModuleList(Module):
    """A list of modules whose parameters the parent finds (children named "0", "1", ...).

    It has no `forward`: iterate over it in the parent's forward. Indexing, slicing (a new
    ModuleList), ``len`` and item assignment work as for a list.

    Parameters
    ----------
    modules : iterable of Module, optional
        The initial modules.

    Raises
    ------
    TypeError
        If an item is not a Module.

    Examples
    --------
    >>> layers = tt.nn.ModuleList([tt.nn.Linear(2, 2) for _ in range(3)])
    >>> len(layers), len(layers.parameters())
    (3, 6)
    """

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
        """Add `module` at the end (named ``str(len(self))``).

        Parameters
        ----------
        module : Module

        Returns
        -------
        ModuleList
            self.

        Raises
        ------
        TypeError
            If `module` is not a Module.

        Examples
        --------
        >>> len(tt.nn.ModuleList([tt.nn.ReLU()]).append(tt.nn.Tanh()))
        2
        """
        setattr(self, str(len(self)), _check_module(module))
        return self

    def extend(self, modules):
        """Append each of `modules` in order.

        Parameters
        ----------
        modules : iterable of Module

        Returns
        -------
        ModuleList
            self.

        Raises
        ------
        TypeError
            If an item is not a Module.

        Examples
        --------
        >>> len(tt.nn.ModuleList().extend([tt.nn.ReLU(), tt.nn.Tanh()]))
        2
        """
        for m in modules:
            self.append(m)
        return self

    def forward(self, *args):
        raise NotImplementedError("a ModuleList has no forward: iterate over it in the parent's forward")


class ModuleDict(Module):
    """A dict of modules (string keys, insertion order) whose parameters the parent finds.

    It has no `forward`: use its items in the parent's forward. ``d[key]``, ``d[key] = m``,
    ``del d[key]``, ``in``, ``len`` and iteration over the keys work as for a dict.

    Parameters
    ----------
    modules : dict or iterable of (str, Module), optional
        The initial entries.

    Raises
    ------
    TypeError
        If a key is not a str or a value not a Module.

    Examples
    --------
    >>> heads = tt.nn.ModuleDict({"a": tt.nn.Linear(2, 1), "b": tt.nn.Linear(2, 3)})
    >>> [n for n, _ in heads.named_parameters()]
    ['a.weight', 'a.bias', 'b.weight', 'b.bias']
    """

    def __init__(self, modules=None):
        super().__init__()
        object.__setattr__(self, "_keys", [])
        for k, m in (modules.items() if isinstance(modules, dict) else (modules or ())):
            self[k] = m

    def named_children(self):
        """The (key, module) pairs, in insertion order.

        Yields
        ------
        (str, Module)

        Examples
        --------
        >>> d = tt.nn.ModuleDict({"a": tt.nn.ReLU()})
        >>> list(d.named_children())
        [('a', ReLU())]
        """
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
        """The keys, in insertion order.

        Returns
        -------
        list of str

        Examples
        --------
        >>> d = tt.nn.ModuleDict({"a": tt.nn.ReLU()})
        >>> d.keys()
        ['a']
        """
        return list(self._keys)

    def values(self):
        """The modules, in insertion order.

        Returns
        -------
        list of Module

        Examples
        --------
        >>> d = tt.nn.ModuleDict({"a": tt.nn.ReLU()})
        >>> d.values()
        [ReLU()]
        """
        return [self[k] for k in self._keys]

    def items(self):
        """The (key, module) pairs, in insertion order.

        Returns
        -------
        list of (str, Module)

        Examples
        --------
        >>> d = tt.nn.ModuleDict({"a": tt.nn.ReLU()})
        >>> d.items()
        [('a', ReLU())]
        """
        return [(k, self[k]) for k in self._keys]

    def forward(self, *args):
        raise NotImplementedError("a ModuleDict has no forward: use its items in the parent's forward")


def _check_module(m):
    if not isinstance(m, Module):
        raise TypeError("expected a Module, got %s" % type(m).__name__)
    return m


class Sequential(Module):
    r"""Applies its modules in order: ``for m in modules: x = m(x)``; children are named "0", "1", ...

    Parameters
    ----------
    \*modules : Module
        The modules, or a single list or tuple of them.

    Raises
    ------
    TypeError
        If an item is not a Module (as PyTorch; it used to be dropped silently).

    Examples
    --------
    >>> tt.random.seed(0)
    >>> model = tt.nn.Sequential(tt.nn.Linear(4, 8), tt.nn.ReLU(), tt.nn.Linear(8, 2))
    >>> model(tt.ones((3, 4), dtype=tt.float32)).shape
    (3, 2)
    >>> model[1], len(model)
    (ReLU(), 3)
    """

    def __init__(self, *modules: Module | Sequence[Module]) -> None:
        super().__init__()
        if len(modules) == 1 and isinstance(modules[0], (list, tuple)):
            modules = tuple(modules[0])
        for i, m in enumerate(modules):
            setattr(self, str(i), _check_module(m))

    def __len__(self):
        return len(self.children())

    def __getitem__(self, i):
        return self.children()[i]

    def __iter__(self):
        return iter(self.children())

    def append(self, module):
        """Add `module` at the end (named ``str(len(self))``).

        Parameters
        ----------
        module : Module

        Returns
        -------
        Sequential
            self.

        Raises
        ------
        TypeError
            If `module` is not a Module.

        Examples
        --------
        >>> len(tt.nn.Sequential([tt.nn.ReLU()]).append(tt.nn.Tanh()))
        2
        """
        setattr(self, str(len(self)), _check_module(module))
        return self

    def forward(self, x):
        """`x` through each module in order: ``for m in modules: x = m(x)``. A module followed
        by one it can fuse with (Linear then ReLU: one GEMM with the relu in its epilogue, and
        one fused backward node) runs both at once through ``_fused_forward``.

        Parameters
        ----------
        x : Tensor
            The input.

        Returns
        -------
        Tensor

        Examples
        --------
        >>> model = tt.nn.Sequential(tt.nn.Linear(2, 3), tt.nn.ReLU())
        >>> y = model(tt.ones((1, 2), dtype=tt.float32))
        >>> y.shape, bool((y >= 0).all())
        ((1, 3), True)
        """
        mods = self.children()
        i = 0
        while i < len(mods):
            y = mods[i]._fused_forward(x, mods[i + 1]) if i + 1 < len(mods) else None
            if y is not None:
                x, i = y, i + 2
            else:
                x, i = mods[i](x), i + 1
        return x
