"""Weight initialisers. Each takes a shape and returns a new float32 Tensor (``dtype=`` to change).

Fans follow Keras for a kernel stored (in, out): fan_in = shape[-2] * receptive field,
fan_out = shape[-1] * receptive field (receptive field = product of the leading dims); a 1-D
shape has fan_in = fan_out = its length.

- ``glorot_uniform`` (= ``xavier_uniform``): U(-l, l), l = sqrt(6 / (fan_in + fan_out))
- ``glorot_normal``  (= ``xavier_normal``):  N(0, sqrt(2 / (fan_in + fan_out)))
- ``he_uniform``     (= ``kaiming_uniform``): U(-l, l), l = sqrt(6 / fan_in)
- ``he_normal``      (= ``kaiming_normal``):  N(0, sqrt(2 / fan_in))
- ``normal(std=...)``: N(mean, std); Higham & Higham initialise with 0.5 * randn, i.e. std=0.5
- ``uniform(low, high)``, ``zeros``, ``ones``

The normal variants draw from a plain (not truncated) normal, as PyTorch does.
Randomness comes from ``rng`` (a ``tt.random`` generator) or the module-level ``tt.random`` state.
"""
import math

import tinytensor as tt

def generator(seed: int | None = None) -> tt.random.Generator:
    """A new generator, ``tt.random.default_rng(seed)``."""
    return tt.random.default_rng(seed)


def seed(value: int | None) -> None:
    """Seed the module-level randomness used by initialisers, dropout and shuffling."""
    tt.random.seed(value)


def _rng(rng):
    """The generator to draw from: the one given, else tt.random's module-level functions."""
    return tt.random if rng is None else rng


def _cast(t, dtype):
    t = tt.asarray(t)
    return t if t.dtype == dtype else t.astype(dtype)


def fans(shape):
    shape = tuple(shape)
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    rf = 1
    for n in shape[:-2]:
        rf *= n
    return shape[-2] * rf, shape[-1] * rf


def _draw(method, a, b, shape, dtype):
    try:
        return _cast(method(a, b, size=tuple(shape), dtype=dtype), dtype)
    except TypeError:          # a generator without dtype=
        return _cast(method(a, b, size=tuple(shape)), dtype)


def uniform(shape, low=-0.05, high=0.05, dtype=tt.float32, rng=None):
    return _draw(_rng(rng).uniform, low, high, shape, dtype)


def normal(shape, std=1.0, mean=0.0, dtype=tt.float32, rng=None):
    return _draw(_rng(rng).normal, mean, std, shape, dtype)


def zeros(shape, dtype=tt.float32, rng=None):
    return tt.zeros(tuple(shape), dtype=dtype)


def ones(shape, dtype=tt.float32, rng=None):
    return tt.ones(tuple(shape), dtype=dtype)


def glorot_uniform(shape, dtype=tt.float32, rng=None):
    fi, fo = fans(shape)
    limit = math.sqrt(6.0 / (fi + fo))
    return uniform(shape, -limit, limit, dtype, rng)


def glorot_normal(shape, dtype=tt.float32, rng=None):
    fi, fo = fans(shape)
    return normal(shape, math.sqrt(2.0 / (fi + fo)), 0.0, dtype, rng)


def he_uniform(shape, dtype=tt.float32, rng=None):
    fi, _ = fans(shape)
    limit = math.sqrt(6.0 / fi)
    return uniform(shape, -limit, limit, dtype, rng)


def he_normal(shape, dtype=tt.float32, rng=None):
    fi, _ = fans(shape)
    return normal(shape, math.sqrt(2.0 / fi), 0.0, dtype, rng)


def higham(shape, dtype=tt.float32, rng=None):
    """Higham & Higham's 0.5 * randn."""
    return normal(shape, 0.5, 0.0, dtype, rng)


xavier_uniform, xavier_normal = glorot_uniform, glorot_normal
kaiming_uniform, kaiming_normal = he_uniform, he_normal

_BY_NAME = {f.__name__: f for f in (uniform, normal, zeros, ones, glorot_uniform, glorot_normal,
                                    he_uniform, he_normal, higham)}
_BY_NAME.update(xavier_uniform=glorot_uniform, xavier_normal=glorot_normal, kaiming_uniform=he_uniform,
                kaiming_normal=he_normal, random_normal=normal, random_uniform=uniform)


def get(initializer):
    """An initialiser from its name (Keras or PyTorch spelling) or a callable ``f(shape, dtype=...)``."""
    if callable(initializer):
        return initializer
    try:
        return _BY_NAME[str(initializer).lower()]
    except KeyError:
        raise ValueError("unknown initializer %r; known: %s" % (initializer, ", ".join(sorted(_BY_NAME)))) from None
