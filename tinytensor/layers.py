"""``tinytensor.layers`` is :mod:`tinytensor.keras.layers` (kept so ``from tinytensor import layers`` works)."""
import sys

from tinytensor.keras import layers as _layers

sys.modules[__name__] = _layers
