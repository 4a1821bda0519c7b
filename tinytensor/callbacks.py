"""``tinytensor.callbacks`` is :mod:`tinytensor.keras.callbacks` (kept so ``from tinytensor import callbacks`` works)."""
import sys

from tinytensor.keras import callbacks as _callbacks

sys.modules[__name__] = _callbacks
