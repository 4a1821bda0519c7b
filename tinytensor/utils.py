"""Utilities (Keras names)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import tinytensor as tt

if TYPE_CHECKING:
    from tinytensor.typing import ArrayLike, DTypeLike


def to_categorical(y: ArrayLike, num_classes: int | None = None,
                   dtype: DTypeLike = "float32") -> tt.Tensor:
    """One-hot encode integer labels: shape ``y.shape + (num_classes,)``, float32 by default.

    As Keras: ``num_classes`` defaults to max(y) + 1, and a trailing axis of length 1 in ``y``
    (ndim > 1) is dropped first."""
    y = tt.asarray(y)
    if y.dtype in (tt.float32, tt.float64):
        y = y.astype(tt.int64)
    if y.ndim > 1 and y.shape[-1] == 1:
        y = y.reshape(tuple(y.shape[:-1]))
    if num_classes is None:
        num_classes = int(y.max().item()) + 1 if y.size else 0
    if y.size and (int(y.min().item()) < 0 or int(y.max().item()) >= num_classes):
        raise ValueError("labels must be in [0, %d)" % num_classes)
    classes = tt.arange(num_classes, dtype=tt.int64)
    onehot = tt.expand_dims(y.astype(tt.int64), -1) == classes
    return onehot.astype(dtype)
