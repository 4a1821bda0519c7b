"""Grad-mode switches: ``no_grad`` / ``enable_grad`` (context managers and decorators) and
``set_grad_enabled`` (a plain call, or a context manager that restores the previous mode)."""
import functools
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from .. import _core


def is_grad_enabled() -> bool:
    """Whether ops record the graph now (per thread; True by default).

    Returns
    -------
    bool

    Examples
    --------
    >>> tt.autograd.is_grad_enabled()
    True
    >>> with tt.no_grad():
    ...     tt.autograd.is_grad_enabled()
    False
    """
    return _core.is_grad_enabled()


_F = TypeVar("_F", bound=Callable[..., Any])
_G = TypeVar("_G", bound="_GradMode")


class _GradMode:
    """Base: enter sets ``self._mode``, exit restores the previous mode; also usable as a decorator."""
    _mode = True

    def __enter__(self: _G) -> _G:
        self._prev = _core.is_grad_enabled()
        _core.set_grad_enabled(self._mode)
        return self

    def __exit__(self, *exc: object) -> Literal[False]:
        _core.set_grad_enabled(self._prev)
        return False

    def __call__(self, func: _F) -> _F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self.__class__():
                return func(*args, **kwargs)
        return wrapper  # type: ignore[return-value]  # functools.wraps keeps the signature


class no_grad(_GradMode):
    """Disable graph recording: ops on tensors that require grad return tensors without a
    ``grad_fn`` (use it for evaluation and for in-place parameter updates). The previous mode is
    restored on exit, also after an exception.

    Usable as ``with no_grad(): ...``, as a decorator ``@no_grad()``, or bare ``@no_grad``.

    Parameters
    ----------
    func : callable, optional
        With bare ``@no_grad``: the decorated function (a wrapper is returned instead of a
        context manager).

    Examples
    --------
    >>> x = tt.tensor([1.0, 2.0], requires_grad=True)
    >>> with tt.no_grad():
    ...     y = x * 2
    >>> y.requires_grad, y.grad_fn is None
    (False, True)
    >>> @tt.no_grad
    ... def double(t):
    ...     return t * 2
    >>> double(x).requires_grad
    False
    """

    _mode = False

    # no_grad() is a context manager / decorator; no_grad(f) (bare @no_grad) is f wrapped
    def __new__(cls, func: Callable[..., Any] | None = None) -> Any:
        self = super().__new__(cls)
        if func is not None and callable(func):   # bare ``@no_grad``
            return self.__call__(func)
        return self


class enable_grad(_GradMode):
    """Enable graph recording inside a `no_grad` region (restoring the previous mode on exit).

    Usable as ``with enable_grad(): ...``, ``@enable_grad()`` or bare ``@enable_grad``.

    Parameters
    ----------
    func : callable, optional
        With bare ``@enable_grad``: the decorated function.

    Examples
    --------
    >>> x = tt.tensor([1.0], requires_grad=True)
    >>> with tt.no_grad():
    ...     with tt.enable_grad():
    ...         y = x * 2
    >>> y.requires_grad
    True
    """

    _mode = True

    def __new__(cls, func: Callable[..., Any] | None = None) -> Any:
        self = super().__new__(cls)
        if func is not None and callable(func):
            return self.__call__(func)
        return self


class set_grad_enabled(_GradMode):
    """Switch graph recording on or off now; used with ``with`` (or as a decorator) it restores
    the previous mode afterwards.

    Parameters
    ----------
    mode : bool
        True to record, False not to.

    Examples
    --------
    >>> x = tt.tensor([1.0], requires_grad=True)
    >>> with tt.set_grad_enabled(False):
    ...     (x * 2).requires_grad
    False
    >>> tt.autograd.is_grad_enabled()
    True
    >>> _ = tt.set_grad_enabled(False); tt.autograd.is_grad_enabled()
    False
    >>> _ = tt.set_grad_enabled(True)
    """

    def __init__(self, mode: bool) -> None:
        self._prev = _core.is_grad_enabled()
        self._mode = bool(mode)
        _core.set_grad_enabled(self._mode)

    def __enter__(self: _G) -> _G:
        return self

    def __call__(self, func: _F) -> _F:
        mode = self._mode
        _core.set_grad_enabled(self._prev)   # as a decorator it must not change the mode now

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with set_grad_enabled(mode):
                return func(*args, **kwargs)
        return wrapper  # type: ignore[return-value]  # functools.wraps keeps the signature
