"""``tinytensor.models`` is :mod:`tinytensor.keras.models` (kept so ``from tinytensor import models`` works)."""
import sys

from tinytensor.keras import models as _models

sys.modules[__name__] = _models
