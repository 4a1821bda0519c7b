"""``tinytensor.callbacks`` is :mod:`tinytensor.keras.callbacks` (kept so ``from tinytensor import callbacks`` works)."""
import sys
from typing import TYPE_CHECKING

from tinytensor.keras import callbacks as _callbacks

sys.modules[__name__] = _callbacks

if TYPE_CHECKING:   # type checkers cannot follow the sys.modules swap: show them the same names
    from tinytensor.keras.callbacks import *  # noqa: F401,F403
