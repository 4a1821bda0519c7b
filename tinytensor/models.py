"""``tinytensor.models`` is :mod:`tinytensor.keras.models` (kept so ``from tinytensor import models`` works)."""
import sys
from typing import TYPE_CHECKING

from tinytensor.keras import models as _models

sys.modules[__name__] = _models

if TYPE_CHECKING:   # type checkers cannot follow the sys.modules swap: show them the same names
    from tinytensor.keras.models import *  # noqa: F401,F403
