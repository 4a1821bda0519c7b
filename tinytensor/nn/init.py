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
    """A new random generator, ``tt.random.default_rng(seed)``, to pass as ``rng=``.

    Parameters
    ----------
    seed : int, optional
        The seed; fresh entropy when None.

    Returns
    -------
    tinytensor.random.Generator

    Examples
    --------
    >>> from tinytensor.nn import init
    >>> a = init.uniform((3,), rng=init.generator(7))
    >>> b = init.uniform((3,), rng=init.generator(7))
    >>> a.tolist() == b.tolist()
    True
    """
    return tt.random.default_rng(seed)


def seed(value: int | None) -> None:
    """Seed the module-level randomness (``tt.random.seed``) used by initialisers, dropout and
    shuffling when no ``rng`` is given.

    Parameters
    ----------
    value : int
        The seed.

    Examples
    --------
    >>> from tinytensor.nn import init
    >>> init.seed(3); a = init.normal((2,))
    >>> init.seed(3); b = init.normal((2,))
    >>> a.tolist() == b.tolist()
    True
    """
    tt.random.seed(value)


def _rng(rng):
    """The generator to draw from: the one given, else tt.random's module-level functions."""
    return tt.random if rng is None else rng


def _cast(t, dtype):
    t = tt.asarray(t)
    return t if t.dtype == dtype else t.astype(dtype)


def fans(shape):
    """``(fan_in, fan_out)`` of a kernel stored (in, out), as Keras: with the receptive field
    ``rf = prod(shape[:-2])``, ``fan_in = shape[-2] * rf`` and ``fan_out = shape[-1] * rf``;
    a 1-D shape has both equal to its length, a 0-d one both 1.

    Parameters
    ----------
    shape : tuple of int
        The kernel's shape.

    Returns
    -------
    (int, int)

    Examples
    --------
    >>> from tinytensor.nn import init
    >>> init.fans((784, 10)), init.fans((3, 3, 16, 32)), init.fans((5,))
    ((784, 10), (144, 288), (5, 5))
    """
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
    """Draws from the uniform distribution U(low, high).

    Parameters
    ----------
    shape : tuple of int
        The shape of the result.
    low, high : float, default -0.05, 0.05
        The bounds.
    dtype : DType, default tt.float32
        The dtype of the result.
    rng : tinytensor.random.Generator, optional
        Source of the draws; ``tt.random``'s module-level state by default.

    Returns
    -------
    Tensor
        A new tensor.

    Examples
    --------
    >>> from tinytensor.nn import init
    >>> t = init.uniform((1000,), -1.0, 1.0, rng=init.generator(0))
    >>> -1.0 <= t.min().item() < t.max().item() < 1.0, t.dtype
    (True, dtype('float32'))
    """
    return _draw(_rng(rng).uniform, low, high, shape, dtype)


def normal(shape, std=1.0, mean=0.0, dtype=tt.float32, rng=None):
    """Draws from the normal distribution N(mean, std) (not truncated, as PyTorch).

    Parameters
    ----------
    shape : tuple of int
        The shape of the result.
    std : float, default 1.0
        The standard deviation.
    mean : float, default 0.0
        The mean.
    dtype : DType, default tt.float32
        The dtype of the result.
    rng : tinytensor.random.Generator, optional
        Source of the draws; ``tt.random``'s module-level state by default.

    Returns
    -------
    Tensor
        A new tensor.

    Examples
    --------
    >>> from tinytensor.nn import init
    >>> t = init.normal((10000,), std=2.0, rng=init.generator(0), dtype=tt.float64)
    >>> round(t.std().item(), 1)
    2.0
    """
    return _draw(_rng(rng).normal, mean, std, shape, dtype)


def zeros(shape, dtype=tt.float32, rng=None):
    """All zeros (`rng` is accepted for a uniform signature and unused).

    Parameters
    ----------
    shape : tuple of int
        The shape of the result.
    dtype : DType, default tt.float32
        The dtype of the result.
    rng : tinytensor.random.Generator, optional
        Source of the draws; ``tt.random``'s module-level state by default.

    Returns
    -------
    Tensor
        A new tensor.

    Examples
    --------
    >>> from tinytensor.nn import init
    >>> init.zeros((2,))
    tensor([0., 0.], dtype=float32)
    """
    return tt.zeros(tuple(shape), dtype=dtype)


def ones(shape, dtype=tt.float32, rng=None):
    """All ones (`rng` is accepted for a uniform signature and unused).

    Parameters
    ----------
    shape : tuple of int
        The shape of the result.
    dtype : DType, default tt.float32
        The dtype of the result.
    rng : tinytensor.random.Generator, optional
        Source of the draws; ``tt.random``'s module-level state by default.

    Returns
    -------
    Tensor
        A new tensor.

    Examples
    --------
    >>> from tinytensor.nn import init
    >>> init.ones((2,))
    tensor([1., 1.], dtype=float32)
    """
    return tt.ones(tuple(shape), dtype=dtype)


def glorot_uniform(shape, dtype=tt.float32, rng=None):
    """Glorot (Xavier) uniform: U(-l, l) with ``l = sqrt(6 / (fan_in + fan_out))`` (see `fans`).

    Also available as ``xavier_uniform``.

    Parameters
    ----------
    shape : tuple of int
        The shape of the result.
    dtype : DType, default tt.float32
        The dtype of the result.
    rng : tinytensor.random.Generator, optional
        Source of the draws; ``tt.random``'s module-level state by default.

    Returns
    -------
    Tensor
        A new tensor.

    Examples
    --------
    >>> from tinytensor.nn import init
    >>> t = init.glorot_uniform((4, 2), rng=init.generator(0))     # l = 1
    >>> t.shape, bool((tt.abs(t) < 1.0).all())
    ((4, 2), True)
    """
    fi, fo = fans(shape)
    limit = math.sqrt(6.0 / (fi + fo))
    return uniform(shape, -limit, limit, dtype, rng)


def glorot_normal(shape, dtype=tt.float32, rng=None):
    """Glorot (Xavier) normal: N(0, sqrt(2 / (fan_in + fan_out))) (see `fans`).

    Also available as ``xavier_normal``.

    Parameters
    ----------
    shape : tuple of int
        The shape of the result.
    dtype : DType, default tt.float32
        The dtype of the result.
    rng : tinytensor.random.Generator, optional
        Source of the draws; ``tt.random``'s module-level state by default.

    Returns
    -------
    Tensor
        A new tensor.

    Examples
    --------
    >>> from tinytensor.nn import init
    >>> t = init.glorot_normal((400, 600), rng=init.generator(0))  # std = sqrt(2 / 1000)
    >>> round(t.std().item(), 3)
    0.045
    """
    fi, fo = fans(shape)
    return normal(shape, math.sqrt(2.0 / (fi + fo)), 0.0, dtype, rng)


def he_uniform(shape, dtype=tt.float32, rng=None):
    """He (Kaiming) uniform: U(-l, l) with ``l = sqrt(6 / fan_in)`` (see `fans`).

    Also available as ``kaiming_uniform``.

    Parameters
    ----------
    shape : tuple of int
        The shape of the result.
    dtype : DType, default tt.float32
        The dtype of the result.
    rng : tinytensor.random.Generator, optional
        Source of the draws; ``tt.random``'s module-level state by default.

    Returns
    -------
    Tensor
        A new tensor.

    Examples
    --------
    >>> from tinytensor.nn import init
    >>> t = init.he_uniform((6, 2), rng=init.generator(0))         # l = 1
    >>> bool((tt.abs(t) < 1.0).all())
    True
    """
    fi, _ = fans(shape)
    limit = math.sqrt(6.0 / fi)
    return uniform(shape, -limit, limit, dtype, rng)


def he_normal(shape, dtype=tt.float32, rng=None):
    """He (Kaiming) normal: N(0, sqrt(2 / fan_in)) (see `fans`).

    Also available as ``kaiming_normal``.

    Parameters
    ----------
    shape : tuple of int
        The shape of the result.
    dtype : DType, default tt.float32
        The dtype of the result.
    rng : tinytensor.random.Generator, optional
        Source of the draws; ``tt.random``'s module-level state by default.

    Returns
    -------
    Tensor
        A new tensor.

    Examples
    --------
    >>> from tinytensor.nn import init
    >>> t = init.he_normal((800, 500), rng=init.generator(0))      # std = 0.05
    >>> round(t.std().item(), 3)
    0.05
    """
    fi, _ = fans(shape)
    return normal(shape, math.sqrt(2.0 / fi), 0.0, dtype, rng)


def higham(shape, dtype=tt.float32, rng=None):
    """Higham & Higham's initialisation, ``0.5 * randn``: N(0, 0.5).

    Parameters
    ----------
    shape : tuple of int
        The shape of the result.
    dtype : DType, default tt.float32
        The dtype of the result.
    rng : tinytensor.random.Generator, optional
        Source of the draws; ``tt.random``'s module-level state by default.

    Returns
    -------
    Tensor
        A new tensor.

    Examples
    --------
    >>> from tinytensor.nn import init
    >>> t = init.higham((100, 100), rng=init.generator(0))
    >>> round(t.std().item(), 1)
    0.5
    """
    return normal(shape, 0.5, 0.0, dtype, rng)


xavier_uniform, xavier_normal = glorot_uniform, glorot_normal
kaiming_uniform, kaiming_normal = he_uniform, he_normal

_BY_NAME = {f.__name__: f for f in (uniform, normal, zeros, ones, glorot_uniform, glorot_normal,
                                    he_uniform, he_normal, higham)}
_BY_NAME.update(xavier_uniform=glorot_uniform, xavier_normal=glorot_normal, kaiming_uniform=he_uniform,
                kaiming_normal=he_normal, random_normal=normal, random_uniform=uniform)


def get(initializer):
    """An initialiser from its name (Keras or PyTorch spelling, any case) or a callable
    ``f(shape, dtype=...)`` (returned as is).

    Parameters
    ----------
    initializer : str or callable
        "glorot_uniform", "xavier_normal", "he_normal", "kaiming_uniform", "normal",
        "random_normal", "uniform", "random_uniform", "zeros", "ones", "higham", ...

    Returns
    -------
    callable
        ``f(shape, dtype=tt.float32, rng=None) -> Tensor``.

    Raises
    ------
    ValueError
        If the name is unknown (the message lists the known ones).

    Examples
    --------
    >>> from tinytensor.nn import init
    >>> init.get("Xavier_Uniform") is init.glorot_uniform
    True
    >>> init.get("nope")
    Traceback (most recent call last):
    ...
    ValueError: unknown initializer 'nope'; known: ...
    """
    if callable(initializer):
        return initializer
    try:
        return _BY_NAME[str(initializer).lower()]
    except KeyError:
        raise ValueError("unknown initializer %r; known: %s" % (initializer, ", ".join(sorted(_BY_NAME)))) from None
