"""``tinytensor.layers`` is :mod:`tinytensor.keras.layers` (kept so ``from tinytensor import layers`` works)."""
import sys
from typing import TYPE_CHECKING

from tinytensor.keras import layers as _layers

sys.modules[__name__] = _layers

if TYPE_CHECKING:   # type checkers cannot follow the sys.modules swap: show them the same names
    from tinytensor.keras.layers import *  # noqa: F401,F403
