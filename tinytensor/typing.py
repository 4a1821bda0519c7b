"""Type aliases for annotating code that uses tinytensor (as ``numpy.typing`` is for NumPy).

    from tinytensor.typing import ArrayLike, DTypeLike, ShapeLike

    def normalise(x: ArrayLike, dtype: DTypeLike = None) -> tt.Tensor:
        t = tt.asarray(x, dtype=dtype)
        return (t - t.mean()) / t.std()

The compiled core's signatures are in ``tinytensor/_core.pyi`` and ``tinytensor/_random.pyi``
(the package ships ``py.typed``); these aliases are what those stubs accept.
"""
from collections.abc import Sequence
from typing import Any, Protocol, SupportsIndex, TypeAlias, Union, runtime_checkable

from tinytensor._core import DType, Tensor

__all__ = ["ArrayLike", "DTypeLike", "ShapeLike", "AxisLike", "Scalar",
           "SupportsArray", "SupportsDLPack", "HasDTypeName"]


@runtime_checkable
class SupportsArray(Protocol):
    r"""Protocol: an object NumPy can convert (it has ``__array__``: a NumPy array, a pandas column,
    a tinytensor Tensor, ...).

    ``tt.asarray`` accepts such objects; this protocol names them in annotations (it is part of
    ``ArrayLike``) and, being ``runtime_checkable``, in ``isinstance`` checks, which test only
    that the method exists.

    Parameters
    ----------
    \*args, \*\*kwargs
        None accepted: a protocol cannot be instantiated (``SupportsArray()`` raises TypeError).
        It is used in annotations and ``isinstance`` checks.

    See Also
    --------
    tinytensor.asarray

    Examples
    --------
    >>> from tinytensor.typing import SupportsArray
    >>> isinstance(tt.ones(2), SupportsArray)
    True
    >>> isinstance([1.0, 2.0], SupportsArray)
    False
    """

    def __array__(self, *args: Any, **kwargs: Any) -> Any: ...


@runtime_checkable
class SupportsDLPack(Protocol):
    r"""Protocol: an array of another library that exports its memory through DLPack (it has
    ``__dlpack__``: torch, JAX, NumPy, a tinytensor Tensor, ...).

    ``tt.asarray`` and ``tt.from_dlpack`` accept such objects; this protocol names them in
    annotations (it is part of ``ArrayLike``) and, being ``runtime_checkable``, in
    ``isinstance`` checks, which test only that the method exists.

    Parameters
    ----------
    \*args, \*\*kwargs
        None accepted: a protocol cannot be instantiated (``SupportsDLPack()`` raises
        TypeError). It is used in annotations and ``isinstance`` checks.

    See Also
    --------
    tinytensor.from_dlpack

    Examples
    --------
    >>> from tinytensor.typing import SupportsDLPack
    >>> isinstance(tt.ones(2), SupportsDLPack)
    True
    >>> isinstance(b"bytes", SupportsDLPack)
    False
    """

    def __dlpack__(self, *args: Any, **kwargs: Any) -> Any: ...


@runtime_checkable
class HasDTypeName(Protocol):
    r"""Protocol: a dtype object of another library (``numpy.dtype('float32')``, a tinytensor
    DType): tinytensor reads its ``name``.

    Part of ``DTypeLike``; being ``runtime_checkable``, it also works in ``isinstance`` checks,
    which test only that a ``name`` attribute exists.

    Parameters
    ----------
    \*args, \*\*kwargs
        None accepted: a protocol cannot be instantiated (``HasDTypeName()`` raises TypeError).
        It is used in annotations and ``isinstance`` checks.

    See Also
    --------
    tinytensor.dtype

    Examples
    --------
    >>> from tinytensor.typing import HasDTypeName
    >>> isinstance(tt.float32, HasDTypeName)
    True
    >>> isinstance("float32", HasDTypeName)
    False
    """

    @property
    def name(self) -> str: ...


#: A Python scalar: what an element of a tensor becomes with ``item()`` / ``tolist()``.
Scalar: TypeAlias = Union[bool, int, float]
#: What ``tt.asarray`` and every operation accept as an array: a Tensor, a Python scalar, nested
#: sequences of them, or another library's array (the buffer protocol, ``__array__``, DLPack).
ArrayLike: TypeAlias = Union[Tensor, bool, int, float, Sequence[Any], SupportsArray, SupportsDLPack]
#: A dtype: a tt dtype, its name (``"float32"``), a Python type (``float``), a NumPy dtype or
#: scalar type, or None for "the default".
DTypeLike: TypeAlias = Union[DType, str, type[Any], HasDTypeName, None]
#: A shape: one length or a sequence of lengths.
ShapeLike: TypeAlias = Union[SupportsIndex, Sequence[SupportsIndex]]
#: An axis argument of a reduction: one axis, several, or None for all of them.
AxisLike: TypeAlias = Union[SupportsIndex, Sequence[SupportsIndex], None]
