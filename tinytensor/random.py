"""Random numbers, with NumPy's ``Generator`` API::

    rng = tt.random.default_rng(42)
    x = rng.normal(0.0, 0.1, size=(784, 512), dtype=tt.float32)
    i = rng.integers(0, 60000, size=128)
    tt.random.seed(0); tt.random.randn(3, 4)

The bits come from PCG64-DXSM in C (csrc/rng.c, wrapped by ``tinytensor._random``); see
csrc/rng.h for the algorithms, the seeding and how each distribution uses the stream. The
same seed gives the same numbers on every machine. A seed is None (fresh OS entropy), a
non-negative int, or a sequence of ints in [0, 2**64).

Outputs are Tensors made with ``tt.empty`` and filled in place through the buffer
protocol; ``size=None`` gives a Python float/int, as NumPy gives a scalar. Distribution
parameters (low, high, loc, scale) are Python scalars (NumPy also broadcasts arrays of them;
not yet here). permutation/choice take an int, a Tensor or a sequence (made a Tensor);
shuffle works in place on a Tensor or a mutable sequence. Errors follow NumPy's types and
wording.
"""
from __future__ import annotations

import inspect
import math
import operator
from array import array

from tinytensor import _random
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeGuard, overload

from tinytensor._random import PCG64DXSM

from tinytensor import _core
from tinytensor._core import Tensor

if TYPE_CHECKING:
    from tinytensor.typing import ArrayLike, DTypeLike, ShapeLike

__all__ = [
    "Generator", "PCG64DXSM", "default_rng", "seed", "get_state", "set_state",
    "random", "uniform", "normal", "standard_normal", "integers", "permutation", "shuffle",
    "choice", "rand", "randn",
]

# ---- dtypes: the core's one dtype table (tt.dtype) names them -------------------------------

def _dtype_name(dtype):
    """The canonical name of a dtype given as a tt dtype, a string, a Python type or a NumPy
    dtype/type; TypeError when it names no dtype."""
    return _core.dtype(dtype).name


def _format(name):
    """The buffer format the filler writes for dtype `name` (bool through its bytes, 0/1)."""
    return "B" if name == "bool" else _core.dtype(name).char


def _int_range(name):
    if name == "bool":
        return 0, 1
    bits = 8 * _core.dtype(name).itemsize
    return (0, (1 << bits) - 1) if name.startswith("u") else (-(1 << (bits - 1)), (1 << (bits - 1)) - 1)


def _check_dtype(dtype, allowed, what):
    name = _dtype_name(dtype)
    if name not in allowed:
        raise TypeError("Unsupported dtype %r for %s" % (name, what))
    return name


# ---- sizes, outputs ---------------------------------------------------------------------

def _shape(size):
    """size (None, an int or a sequence of ints) as a shape tuple, or None."""
    if size is None:
        return None
    try:
        dims = (operator.index(size),)
    except TypeError:
        try:
            dims = tuple(operator.index(d) for d in size)
        except TypeError:
            raise TypeError("expected a sequence of integers or a single integer, got %r"
                            % (size,)) from None
    if any(d < 0 for d in dims):
        raise ValueError("negative dimensions are not allowed")
    return dims


def _is_tensor(x: object) -> TypeGuard[Tensor]:
    return isinstance(x, _core.Tensor)


def _empty(shape, name):
    return _core.empty(shape, dtype=_core.dtype(name))


def _flat(t, name):
    """A 1-d writable memoryview of C-contiguous t, in the format the filler takes."""
    fmt = _format(name)
    mv = memoryview(t)
    if mv.ndim == 1 and mv.format == fmt:
        return mv
    if mv.nbytes == 0:              # memoryview refuses to cast shapes with a 0 in them
        return memoryview(bytearray()).cast(fmt)
    return mv.cast("B").cast(fmt)


def _draw(size, name, fill, out=None):
    """Make the output for `size` (a scalar for None) or take `out`; fill it with fill(buffer)."""
    if out is not None:
        return _fill_out(out, size, name, fill)
    shape = _shape(size)
    if shape is None:
        buf = array(_format(name), [0])
        fill(buf)
        value = buf[0]
        return bool(value) if name == "bool" else value
    out = _empty(shape, name)
    fill(_flat(out, name))
    return out


def _fill_out(out, size, name, fill):
    """Fill a caller's C-contiguous, writable tensor (or any such buffer) of dtype `name`."""
    try:
        m = memoryview(out)
    except TypeError:
        raise TypeError("out must be a tensor (or a writable buffer), not %s"
                        % type(out).__name__) from None
    try:
        got = _core.asarray(out).dtype.name
    except (TypeError, ValueError):
        got = m.format
    if got != name:
        raise TypeError("Supplied output array has the wrong type. Expected %s, got %s" % (name, got))
    if m.readonly:
        raise ValueError("Supplied output array is read-only")
    if not m.c_contiguous:
        raise ValueError("Supplied output array must be C-contiguous")
    shape = _shape(size)
    if shape is not None and shape != tuple(m.shape):
        raise ValueError("size must match out.shape when used together")
    fill(_flat(out, name))
    return out


def _int_scalar(x, what):
    if isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError("%s must be finite" % what)
        return int(x)          # NumPy casts a float bound to the integer dtype
    try:
        return operator.index(x)
    except TypeError:
        try:
            return operator.index(x.item())      # a 0-d tensor
        except (AttributeError, TypeError, ValueError):
            raise TypeError("%s must be an integer, not %s" % (what, type(x).__name__)) from None


def _float_scalar(x, what):
    try:
        return float(x)
    except (TypeError, ValueError):
        raise TypeError("%s must be a real number (array-valued %s is not supported), not %s"
                        % (what, what, type(x).__name__)) from None


def _float_list(p):
    """p (a sequence or a 1-d Tensor) as a list of floats."""
    if _is_tensor(p):
        if p.ndim != 1:
            raise ValueError("p must be 1-dimensional")
        return [float(v) for v in memoryview(p).tolist()]
    out = []
    for v in p:
        if isinstance(v, (list, tuple)) or getattr(v, "ndim", 0):
            raise ValueError("p must be 1-dimensional")
        out.append(float(v))
    return out


# ---- the Generator ----------------------------------------------------------------------

class Generator:
    """Draws random numbers from a bit generator, with the methods and arguments of NumPy's
    ``numpy.random.Generator``; make one with `default_rng`.

    Parameters
    ----------
    bit_generator : PCG64DXSM
        The stream of random bits.

    Raises
    ------
    TypeError
        If `bit_generator` is not a PCG64DXSM.

    Examples
    --------
    >>> rng = tt.random.default_rng(0)
    >>> rng
    Generator(PCG64DXSM)
    >>> a = rng.random(3)
    >>> b = tt.random.Generator(tt.random.PCG64DXSM(0)).random(3)
    >>> a.tolist() == b.tolist()                    # the same seed, the same numbers
    True
    """

    def __init__(self, bit_generator: PCG64DXSM) -> None:
        if not isinstance(bit_generator, PCG64DXSM):
            raise TypeError("Generator needs a PCG64DXSM bit generator; "
                            "use default_rng(seed) to make one from a seed")
        self._bg = bit_generator

    @property
    def bit_generator(self) -> PCG64DXSM:
        return self._bg

    def __repr__(self) -> str:
        return "Generator(PCG64DXSM)"

    def __getstate__(self) -> dict[str, Any]:
        return self._bg.state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._bg = PCG64DXSM(0)
        self._bg.state = state

    # -- floats

    @overload
    def random(self, size: None = None, dtype: DTypeLike = "float64", out: None = None) -> float: ...
    @overload
    def random(self, size: ShapeLike | None = None, dtype: DTypeLike = "float64",
               out: Tensor | None = None) -> Tensor: ...

    def random(self, size: ShapeLike | None = None, dtype: DTypeLike = "float64",
               out: Tensor | None = None) -> float | Tensor:
        """Uniform floats in [0, 1): 53 random bits for float64, 24 for float32.

        Parameters
        ----------
        size : int or tuple of int, optional
            The output shape; None gives one Python number.
        dtype : {"float64", "float32"} or DType, default "float64"
            The output dtype.
        out : Tensor, optional
            A C-contiguous, writable tensor of that dtype to fill in place (and return).

        Returns
        -------
        Tensor or float

        Raises
        ------
        TypeError
            For another dtype, or an `out` of another dtype.
        ValueError
            For a read-only or non-contiguous `out`, or a `size` that differs from its shape.

        Examples
        --------
        >>> rng = tt.random.default_rng(0)
        >>> rng.random(3)
        tensor([0.62777934, 0.64937882, 0.58626074])
        >>> buf = tt.zeros(2, dtype=tt.float32)
        >>> rng.random(dtype="float32", out=buf) is buf
        True
        """
        name = _check_dtype(dtype, ("float64", "float32"), "random")
        fill = self._bg.uniform_f64 if name == "float64" else self._bg.uniform_f32
        return _draw(size, name, fill, out)

    @overload
    def uniform(self, low: float = 0.0, high: float = 1.0, size: None = None,
                dtype: DTypeLike = "float64") -> float: ...
    @overload
    def uniform(self, low: float = 0.0, high: float = 1.0, *, size: ShapeLike,
                dtype: DTypeLike = "float64") -> Tensor: ...
    @overload
    def uniform(self, low: float, high: float, size: ShapeLike,
                dtype: DTypeLike = "float64") -> Tensor: ...

    def uniform(self, low: float = 0.0, high: float = 1.0, size: ShapeLike | None = None,
                dtype: DTypeLike = "float64") -> float | Tensor:
        """Uniform floats in [low, high) (``high`` itself only through rounding):
        ``low + (high - low) * random()``.

        Parameters
        ----------
        low, high : float, default 0.0, 1.0
            The bounds (Python scalars).
        size : int or tuple of int, optional
            The output shape; None gives one Python number.
        dtype : {"float64", "float32"} or DType, default "float64"
            The output dtype.

        Returns
        -------
        Tensor or float

        Raises
        ------
        ValueError
            If high < low.
        OverflowError
            If high - low is not finite.
        TypeError
            For a non-real bound or another dtype.

        Examples
        --------
        >>> rng = tt.random.default_rng(0)
        >>> rng.uniform(-1.0, 1.0, size=3)
        tensor([0.25555868, 0.29875765, 0.17252147])
        """
        name = _check_dtype(dtype, ("float64", "float32"), "uniform")
        low = _float_scalar(low, "low")
        high = _float_scalar(high, "high")
        width = high - low
        if width < 0:
            raise ValueError("high - low < 0")
        if not math.isfinite(width):
            raise OverflowError("high - low range exceeds valid bounds")
        fill = self._bg.uniform_f64 if name == "float64" else self._bg.uniform_f32
        return _draw(size, name, lambda buf: fill(buf, low, high))

    @overload
    def normal(self, loc: float = 0.0, scale: float = 1.0, size: None = None,
               dtype: DTypeLike = "float64") -> float: ...
    @overload
    def normal(self, loc: float = 0.0, scale: float = 1.0, *, size: ShapeLike,
               dtype: DTypeLike = "float64") -> Tensor: ...
    @overload
    def normal(self, loc: float, scale: float, size: ShapeLike,
               dtype: DTypeLike = "float64") -> Tensor: ...

    def normal(self, loc: float = 0.0, scale: float = 1.0, size: ShapeLike | None = None,
               dtype: DTypeLike = "float64") -> float | Tensor:
        """Normal floats N(loc, scale) (Marsaglia's polar method; float32 values are the float64
        ones rounded).

        Parameters
        ----------
        loc : float, default 0.0
            The mean.
        scale : float, default 1.0
            The standard deviation (>= 0).
        size : int or tuple of int, optional
            The output shape; None gives one Python number.
        dtype : {"float64", "float32"} or DType, default "float64"
            The output dtype.

        Returns
        -------
        Tensor or float

        Raises
        ------
        ValueError
            If scale < 0.
        TypeError
            For a non-real parameter or another dtype.

        Examples
        --------
        >>> rng = tt.random.default_rng(0)
        >>> rng.normal(10.0, 2.0, size=3)
        tensor([12.51226589, 12.93693268, 12.27708038])
        """
        name = _check_dtype(dtype, ("float64", "float32"), "normal")
        loc = _float_scalar(loc, "loc")
        scale = _float_scalar(scale, "scale")
        if scale < 0:
            raise ValueError("scale < 0")
        fill = self._bg.normal_f64 if name == "float64" else self._bg.normal_f32
        return _draw(size, name, lambda buf: fill(buf, loc, scale))

    @overload
    def standard_normal(self, size: None = None, dtype: DTypeLike = "float64",
                        out: None = None) -> float: ...
    @overload
    def standard_normal(self, size: ShapeLike | None = None, dtype: DTypeLike = "float64",
                        out: Tensor | None = None) -> Tensor: ...

    def standard_normal(self, size: ShapeLike | None = None, dtype: DTypeLike = "float64",
                        out: Tensor | None = None) -> float | Tensor:
        """Normal floats N(0, 1).

        Parameters
        ----------
        size : int or tuple of int, optional
            The output shape; None gives one Python number.
        dtype : {"float64", "float32"} or DType, default "float64"
            The output dtype.
        out : Tensor, optional
            A C-contiguous, writable tensor of that dtype to fill in place (and return).

        Returns
        -------
        Tensor or float

        Raises
        ------
        TypeError, ValueError
            As `random`.

        Examples
        --------
        >>> rng = tt.random.default_rng(0)
        >>> rng.standard_normal((2, 2), dtype="float32")
        tensor([[1.256133 , 1.4684663],
                [1.1385401, 1.797577 ]], dtype=float32)
        """
        name = _check_dtype(dtype, ("float64", "float32"), "standard_normal")
        fill = self._bg.normal_f64 if name == "float64" else self._bg.normal_f32
        return _draw(size, name, fill, out)

    # -- integers

    @overload
    def integers(self, low: int, high: int | None = None, size: None = None,
                 dtype: DTypeLike = "int64", endpoint: bool = False) -> int: ...
    @overload
    def integers(self, low: int, high: int | None = None, *, size: ShapeLike,
                 dtype: DTypeLike = "int64", endpoint: bool = False) -> Tensor: ...
    @overload
    def integers(self, low: int, high: int | None, size: ShapeLike,
                 dtype: DTypeLike = "int64", endpoint: bool = False) -> Tensor: ...

    def integers(self, low: int, high: int | None = None, size: ShapeLike | None = None,
                 dtype: DTypeLike = "int64", endpoint: bool = False) -> int | Tensor:
        """Uniform integers in [low, high) (or [low, high] with `endpoint`), unbiased (Lemire's
        method); one bound means [0, low).

        Parameters
        ----------
        low : int
            The lowest value (or the exclusive top when `high` is None).
        high : int, optional
            The exclusive top (inclusive with `endpoint`).
        size : int or tuple of int, optional
            The output shape; None gives one Python number.
        dtype : {"int64", "int32", "uint8", "bool"}, default "int64"
            The output dtype; the range must fit it.
        endpoint : bool, default False
            Include `high`.

        Returns
        -------
        Tensor or int

        Raises
        ------
        ValueError
            For an empty range or bounds outside the dtype.
        TypeError
            For a non-integer bound or another dtype.

        Examples
        --------
        >>> rng = tt.random.default_rng(0)
        >>> rng.integers(0, 10, size=5)
        tensor([6, 6, 5, 6, 0])
        >>> rng.integers(6, endpoint=True)           # a die: 0..6 here
        6
        >>> rng.integers(5, 5)
        Traceback (most recent call last):
        ...
        ValueError: low >= high
        """
        name = _check_dtype(dtype, ("int64", "int32", "uint8", "bool"), "integers")
        one_arg = high is None
        if one_arg:
            low, high = 0, low
        low = _int_scalar(low, "low")
        high = _int_scalar(high, "high")
        top = high if endpoint else high - 1
        if low > top:
            if endpoint:
                raise ValueError("low > high")
            raise ValueError("high <= 0" if one_arg else "low >= high")
        lo_bound, hi_bound = _int_range(name)
        if low < lo_bound:
            raise ValueError("low is out of bounds for %s" % name)
        if top > hi_bound:
            raise ValueError("high is out of bounds for %s" % name)
        span = top - low
        bg = self._bg
        if name == "int64":
            fill = lambda buf: bg.integers_i64(buf, low, span)
        elif name == "int32":
            fill = lambda buf: bg.integers_i32(buf, low, span)
        else:
            fill = lambda buf: bg.integers_u8(buf, low, span)
        return _draw(size, name, fill)

    # -- permutations and choices

    def _perm(self, n):
        out = _empty((n,), "int64")
        self._bg.permutation_into(_flat(out, "int64"))
        return out

    def permutation(self, x: int | ArrayLike) -> Tensor:
        """A random permutation: of ``0..n-1`` for an int, else a shuffled copy of a Tensor (or
        sequence) along axis 0 (Fisher-Yates).

        Parameters
        ----------
        x : int, Tensor or sequence
            What to permute.

        Returns
        -------
        Tensor
            int64 for an int.

        Raises
        ------
        ValueError
            For a negative int or a 0-d tensor.
        TypeError
            For a float or another type.

        Examples
        --------
        >>> rng = tt.random.default_rng(0)
        >>> rng.permutation(5)
        tensor([3, 0, 1, 4, 2])
        >>> rng.permutation([10, 20, 30])
        tensor([10, 30, 20])
        """
        if isinstance(x, (list, tuple)):
            x = _core.asarray(x)
        if _is_tensor(x):
            if x.ndim == 0:
                raise ValueError("axis 0 is out of bounds for array of dimension 0")
            return x[self._perm(x.shape[0])]
        if isinstance(x, float):
            raise TypeError("x must be an integer, a tensor or a sequence, not float")
        try:
            n = operator.index(x)  # type: ignore[arg-type]  # a wrong type raises below
        except TypeError:
            raise TypeError("x must be an integer, a tensor or a sequence, not %s"
                            % type(x).__name__) from None
        if n < 0:
            raise ValueError("negative dimensions are not allowed")
        return self._perm(n)

    def shuffle(self, x: Tensor | list[Any]) -> None:
        """Shuffle a Tensor (along axis 0) or a mutable sequence, in place.

        Parameters
        ----------
        x : Tensor or mutable sequence
            What to shuffle.

        Raises
        ------
        TypeError
            For a 0-d tensor or an object that is not a mutable sequence.

        Examples
        --------
        >>> rng = tt.random.default_rng(0)
        >>> cards = [1, 2, 3, 4]
        >>> rng.shuffle(cards)
        >>> cards
        [3, 1, 4, 2]
        """
        if _is_tensor(x):
            if x.ndim == 0:
                raise TypeError("len() of unsized object")
            x[...] = x[self._perm(x.shape[0])]
            return None
        if not hasattr(x, "__setitem__") or not hasattr(x, "__len__"):
            raise TypeError("shuffle needs a tensor or a mutable sequence, not %s"
                            % type(x).__name__)
        n = len(x)
        order = array("q", bytes(8 * n))
        self._bg.permutation_into(order)
        x[:] = [x[i] for i in order]
        return None

    def choice(self, a: int | ArrayLike, size: ShapeLike | None = None, replace: bool = True,
               p: ArrayLike | None = None) -> Any:
        """Samples from ``range(a)`` (an int) or from the rows of a Tensor or sequence, with or
        without replacement, uniformly or with probabilities `p`.

        Parameters
        ----------
        a : int, Tensor or sequence
            The population.
        size : int or tuple of int, optional
            The output shape; None gives one Python number.
        replace : bool, default True
            Sample with replacement.
        p : sequence of float or Tensor, optional
            One probability per item, summing to 1.

        Returns
        -------
        Tensor, int or item
            Indices for an int population, rows of `a` otherwise; one item for ``size=None``.

        Raises
        ------
        ValueError
            For an empty population, bad probabilities, or more samples than items without
            replacement.
        TypeError
            For a population of another type.

        Examples
        --------
        >>> rng = tt.random.default_rng(0)
        >>> rng.choice(5, size=3, replace=False)
        tensor([3, 0, 1])
        >>> rng.choice(3, size=4, p=[0.5, 0.5, 0.0])
        tensor([1, 0, 1, 1])
        """
        if isinstance(a, (list, tuple)):
            a = _core.asarray(a)
        if _is_tensor(a):
            if a.ndim == 0:
                raise ValueError("a must be a sequence or an integer, not a 0-d tensor")
            pop = a.shape[0]
        elif isinstance(a, float):
            raise ValueError("a must be a sequence or an integer, not %r" % type(a))
        else:
            try:
                pop = operator.index(a)  # type: ignore[arg-type]  # a wrong type raises below
            except TypeError:
                raise TypeError("a must be an integer, a tensor or a sequence, not %s"
                                % type(a).__name__) from None
            if pop < 0:
                raise ValueError("a must be a positive integer unless no samples are taken")
        shape = _shape(size)
        n = 1 if shape is None else math.prod(shape)
        if pop == 0 and n > 0:
            if _is_tensor(a):
                raise ValueError("a cannot be empty unless no samples are taken")
            raise ValueError("a must be a positive integer unless no samples are taken")

        weights = None
        if p is not None:
            weights = _float_list(p)
            if len(weights) != pop:
                raise ValueError("a and p must have same size")
            if any(math.isnan(w) for w in weights):
                raise ValueError("Probabilities contain NaN")
            if any(w < 0 for w in weights):
                raise ValueError("Probabilities are not non-negative")
            if pop and abs(math.fsum(weights) - 1.0) > math.sqrt(2.220446049250313e-16):
                raise ValueError("Probabilities do not sum to 1")
        if not replace:
            if n > pop:
                raise ValueError("Cannot take a larger sample than population "
                                 "when replace is False")
            if weights is not None and n > sum(1 for w in weights if w > 0):
                raise ValueError("Fewer non-zero entries in p than size")

        if shape is None:
            idx = array("q", [0])
            self._choose(idx, pop, replace, weights)
            return a[idx[0]] if _is_tensor(a) else idx[0]
        out = _empty(shape, "int64")
        if n:
            self._choose(_flat(out, "int64"), pop, replace, weights)
        return a[out] if _is_tensor(a) else out

    def _choose(self, idx, pop, replace, weights):
        """Fill idx (a 1-d int64 buffer) with indices into range(pop)."""
        bg = self._bg
        n = len(idx)
        if weights is not None:
            bg.choice_p(idx, array("d", weights), replace)
        elif replace:
            bg.integers_i64(idx, 0, pop - 1)
        elif pop <= 4 * n or pop <= 1 << 16:
            # partial Fisher-Yates over the whole population: the first n of a shuffle
            pool = array("q", range(pop))
            bg.shuffle_index(pool, n)
            idx[:] = pool[:n]
        else:
            # few from many: draw with rejection of repeats (expected < 1.34 n draws)
            seen = set()
            i = 0
            while i < n:
                j = bg.bounded(pop - 1)
                if j not in seen:
                    seen.add(j)
                    idx[i] = j
                    i += 1


def default_rng(seed: int | Sequence[int] | Generator | PCG64DXSM | None = None) -> Generator:
    """A `Generator` seeded by `seed` (PCG64-DXSM bits: the same seed gives the same numbers on
    every machine).

    Parameters
    ----------
    seed : None, int, sequence of int, Generator or PCG64DXSM, optional
        None: fresh OS entropy; an int >= 0 or a sequence of ints in [0, 2**64). A Generator is
        returned as is, a PCG64DXSM is wrapped.

    Returns
    -------
    Generator

    Raises
    ------
    ValueError, TypeError
        For a negative or non-integer seed.

    Examples
    --------
    >>> rng = tt.random.default_rng(0)
    >>> rng.random()
    0.6277793410800728
    >>> tt.random.default_rng(rng) is rng
    True
    """
    if isinstance(seed, Generator):
        return seed
    if isinstance(seed, PCG64DXSM):
        return Generator(seed)
    return Generator(PCG64DXSM(seed))


# ---- the module-level generator -------------------------------------------------------

_global = default_rng()


def seed(seed: int | Sequence[int] | None = None) -> None:
    """Re-seed the generator behind the module-level functions (``tt.random.rand``, ...).

    Parameters
    ----------
    seed : None, int or sequence of int, optional
        As `default_rng`; None draws fresh OS entropy.

    Examples
    --------
    >>> tt.random.seed(0); a = tt.random.rand(2)
    >>> tt.random.seed(0); b = tt.random.rand(2)
    >>> a.tolist() == b.tolist()
    True
    """
    _global.bit_generator.seed(seed)


def get_state() -> dict[str, Any]:
    """The module-level generator's state (a dict, see ``PCG64DXSM.state``), for `set_state`.

    Returns
    -------
    dict

    Examples
    --------
    >>> state = tt.random.get_state()
    >>> a = tt.random.rand()
    >>> tt.random.set_state(state)
    >>> tt.random.rand() == a
    True
    """
    return _global.bit_generator.state


def set_state(state: dict[str, Any]) -> None:
    """Restore the module-level generator to a state `get_state` returned.

    Parameters
    ----------
    state : dict
        As `get_state` returns it.

    Raises
    ------
    ValueError, TypeError
        If `state` is not a PCG64DXSM state.

    Examples
    --------
    >>> state = tt.random.get_state()
    >>> a = tt.random.randn(2)
    >>> tt.random.set_state(state)
    >>> tt.random.randn(2).tolist() == a.tolist()
    True
    """
    _global.bit_generator.state = state


def random(size: ShapeLike | None = None, dtype: DTypeLike = "float64",
           out: Tensor | None = None) -> Any:
    return _global.random(size, dtype, out)


def uniform(low: float = 0.0, high: float = 1.0, size: ShapeLike | None = None,
            dtype: DTypeLike = "float64") -> Any:
    return _global.uniform(low, high, size, dtype)


def normal(loc: float = 0.0, scale: float = 1.0, size: ShapeLike | None = None,
           dtype: DTypeLike = "float64") -> Any:
    return _global.normal(loc, scale, size, dtype)


def standard_normal(size: ShapeLike | None = None, dtype: DTypeLike = "float64",
                    out: Tensor | None = None) -> Any:
    return _global.standard_normal(size, dtype, out)


def integers(low: int, high: int | None = None, size: ShapeLike | None = None,
             dtype: DTypeLike = "int64", endpoint: bool = False) -> Any:
    return _global.integers(low, high, size, dtype, endpoint)


def permutation(x: int | ArrayLike) -> Tensor:
    return _global.permutation(x)


def shuffle(x: Tensor | list[Any]) -> None:
    _global.shuffle(x)


def choice(a: int | ArrayLike, size: ShapeLike | None = None, replace: bool = True,
           p: ArrayLike | None = None) -> Any:
    return _global.choice(a, size, replace, p)


for _f in (random, uniform, normal, standard_normal, integers, permutation, shuffle, choice):
    # the method's text, dedented (its first line has no indentation, the rest has 8 spaces)
    _f.__doc__ = "Module-level ``Generator.%s`` on the generator ``seed()`` sets.\n\n%s" % (
        _f.__name__, inspect.cleandoc(getattr(Generator, _f.__name__).__doc__))
del _f


def _shape_args(shape):
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        return tuple(shape[0])       # rand((2, 3)) as well as rand(2, 3)
    return shape if shape else None


def rand(*shape: Any, dtype: DTypeLike = "float64") -> Any:
    r"""Uniform floats in [0, 1) of the given shape, from the module-level generator.

    Parameters
    ----------
    \*shape : int, or one tuple of int
        ``rand(2, 3)`` or ``rand((2, 3))``; ``rand()`` is one Python float.
    dtype : {"float64", "float32"}, default "float64"
        The output dtype.

    Returns
    -------
    Tensor or float

    Examples
    --------
    >>> tt.random.seed(0)
    >>> tt.random.rand(2, 2)
    tensor([[0.62777934, 0.64937882],
            [0.58626074, 0.63619222]])
    """
    return _global.random(_shape_args(shape), dtype)


def randn(*shape: Any, dtype: DTypeLike = "float64") -> Any:
    r"""Standard normal floats N(0, 1) of the given shape, from the module-level generator.

    Parameters
    ----------
    \*shape : int, or one tuple of int
        ``randn(2, 3)`` or ``randn((2, 3))``; ``randn()`` is one Python float.
    dtype : {"float64", "float32"}, default "float64"
        The output dtype.

    Returns
    -------
    Tensor or float

    Examples
    --------
    >>> tt.random.seed(0)
    >>> tt.random.randn((2,), dtype="float32").shape, type(tt.random.randn())
    ((2,), <class 'float'>)
    """
    return _global.standard_normal(_shape_args(shape), dtype)
