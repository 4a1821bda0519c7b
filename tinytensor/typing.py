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
    """An object NumPy can convert (a NumPy array, a pandas column, ...)."""

    def __array__(self, *args: Any, **kwargs: Any) -> Any: ...


@runtime_checkable
class SupportsDLPack(Protocol):
    """An array of another library that exports its memory through DLPack (torch, JAX, ...)."""

    def __dlpack__(self, *args: Any, **kwargs: Any) -> Any: ...


@runtime_checkable
class HasDTypeName(Protocol):
    """A dtype object of another library (``numpy.dtype('float32')``): tinytensor reads its name."""

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
