# cython: language_level=3
"""The C generator (csrc/rng.c) behind a thin Cython class.

``PCG64DXSM`` holds one ``tt_rng`` and fills any writable, C-contiguous, one-dimensional
buffer (a typed memoryview: ``double[::1]``, ``float[::1]``, ``int64_t[::1]`` ...) -- a
tinytensor Tensor's ``memoryview(...).cast(...)``, a NumPy array, an ``array.array`` or a
``bytearray`` cast to the right format. It knows nothing of the Tensor class; shapes, dtypes
and NumPy-style argument handling live in ``tinytensor/random.py``.

Arguments are checked here before the GIL is released around the C loop; a lock serialises
concurrent use of one generator from several threads. The stream for a given seed is the
one documented in csrc/rng.h.
"""
import os
import threading

from libc.stdint cimport int32_t, int64_t, uint8_t, uint32_t, uint64_t
from libc.stdlib cimport free, malloc

cdef extern from "rng.h" nogil:
    ctypedef struct tt_rng:
        uint64_t state_hi
        uint64_t state_lo
        uint64_t inc_hi
        uint64_t inc_lo

    void tt_rng_seed(tt_rng *r, const uint64_t *words, size_t nwords)
    void tt_rng_set_state(tt_rng *r, uint64_t state_hi, uint64_t state_lo,
                          uint64_t inc_hi, uint64_t inc_lo)
    void tt_rng_advance(tt_rng *r, uint64_t delta_hi, uint64_t delta_lo)
    uint64_t tt_rng_next_u64(tt_rng *r)
    void tt_rng_fill_u64(tt_rng *r, uint64_t *out, size_t n)
    void tt_rng_fill_uniform_f64(tt_rng *r, double *out, size_t n, double low, double high)
    void tt_rng_fill_uniform_f32(tt_rng *r, float *out, size_t n, double low, double high)
    void tt_rng_fill_normal_f64(tt_rng *r, double *out, size_t n, double loc, double scale)
    void tt_rng_fill_normal_f32(tt_rng *r, float *out, size_t n, double loc, double scale)
    void tt_rng_fill_int64(tt_rng *r, int64_t *out, size_t n, int64_t low, uint64_t span)
    void tt_rng_fill_int32(tt_rng *r, int32_t *out, size_t n, int32_t low, uint32_t span)
    void tt_rng_fill_uint8(tt_rng *r, uint8_t *out, size_t n, uint8_t low, uint8_t span)
    uint64_t tt_rng_bounded_u64(tt_rng *r, uint64_t span)
    void tt_rng_shuffle_i64(tt_rng *r, int64_t *idx, size_t n, size_t m)
    void tt_rng_permutation(tt_rng *r, int64_t *out, size_t n)
    void tt_rng_choice_p(tt_rng *r, int64_t *out, size_t n, const double *p, size_t k,
                         double *cdf)
    int tt_rng_choice_p_noreplace(tt_rng *r, int64_t *out, size_t m, const double *p,
                                  size_t k, double *w)
    double tt_rng_log(double x)


cdef object MASK64 = (1 << 64) - 1
cdef object MASK128 = (1 << 128) - 1

ALGORITHM = "PCG64DXSM"


def seed_words(seed):
    """The 64-bit words a seed stands for (see csrc/rng.h, SEEDING).

    Parameters
    ----------
    seed : None, int or sequence of int
        None: 256 bits from ``os.urandom``. A non-negative int: its little-endian 64-bit words
        (0 is ``[0]``). A non-empty sequence of ints in ``[0, 2**64)``: those words.

    Returns
    -------
    list of int
        The words, each in ``[0, 2**64)``, at least one.

    Raises
    ------
    ValueError
        A negative int, an empty sequence, or a word outside ``[0, 2**64)``.
    TypeError
        A float, a string or another object that is not an int (``__index__``) or a list or
        tuple of them.

    Examples
    --------
    >>> from tinytensor._random import seed_words
    >>> seed_words(0), seed_words(2**64 + 3), seed_words([1, 2])
    ([0], [3, 1], [1, 2])
    """
    if seed is None:
        seed = int.from_bytes(os.urandom(32), "little")
    if isinstance(seed, (list, tuple)):
        words = []
        for w in seed:
            w = _as_int(w)
            if w < 0 or w > MASK64:
                raise ValueError("seed words must be integers in [0, 2**64), got %r" % (w,))
            words.append(w)
        if not words:
            raise ValueError("seed sequence must not be empty")
        return words
    seed = _as_int(seed)
    if seed < 0:
        raise ValueError("seed must be a non-negative integer, got %d" % seed)
    words = []
    while True:
        words.append(seed & MASK64)
        seed >>= 64
        if not seed:
            return words


cdef object _as_int(x):
    if isinstance(x, float) or not hasattr(type(x), "__index__"):
        raise TypeError("seed must be None, an int or a sequence of ints, not %s"
                        % type(x).__name__)
    return x.__index__()


cdef object _span_check(object span, object limit):
    span = int(span)
    if span < 0 or span > limit:
        raise ValueError("span must be in [0, %d], got %d" % (limit, span))
    return span


def _rebuild(state):
    g = PCG64DXSM(0)
    g.state = state
    return g


cdef class PCG64DXSM:
    """PCG64-DXSM bit generator: a 128-bit LCG with the DXSM output permutation (csrc/rng.h).

    The generator behind ``tt.random``. Each step advances the 128-bit state and permutes it
    into one 64-bit output word::

        out = dxsm(state)                           # 64 bits from the 128-bit state
        state = state * M + inc                     # mod 2**128; M = 0xda942042e4dd58b5

    Its fill methods write into any writable, C-contiguous, one-dimensional buffer of the named
    element type (a Tensor of that dtype, an ``array.array``, a NumPy array); the GIL is released
    around the C loop and a lock serialises concurrent use of one generator. For a given seed the
    stream is the same on every platform (it uses no libm function).

    Parameters
    ----------
    seed : None, int or sequence of int, optional
        None (the default): 256 bits of OS entropy. A non-negative int, or a non-empty sequence
        of ints in ``[0, 2**64)``: a reproducible stream (see ``seed``).

    Attributes
    ----------
    state : dict
        ``{"bit_generator": "PCG64DXSM", "state": {"state": int, "inc": int}}``, the layout of
        NumPy's ``PCG64DXSM().state``: setting one generator's state on the other gives the same
        stream, bit for bit (their seedings differ). Assignable; it also makes the generator
        picklable.

    Raises
    ------
    ValueError
        A negative seed, an empty sequence or a word outside ``[0, 2**64)``.
    TypeError
        A seed that is not None, an int or a sequence of ints.

    See Also
    --------
    tinytensor.random.default_rng, tinytensor.random.Generator

    Examples
    --------
    >>> from tinytensor.random import PCG64DXSM
    >>> g = PCG64DXSM(42)
    >>> g.next_uint64()
    4632262861314400675
    >>> out = tt.empty(3)
    >>> g.uniform_f64(out)
    >>> out
    tensor([0.82460522, 0.25357712, 0.1709288 ])
    >>> PCG64DXSM(42).state == PCG64DXSM(42).state
    True
    """
    cdef tt_rng rng
    cdef object lock

    def __cinit__(self, seed=None):
        self.lock = threading.Lock()
        self.seed(seed)

    def seed(self, seed=None):
        """Re-seed in place: the generator restarts the stream of `seed`.

        Parameters
        ----------
        seed : None, int or sequence of int, optional
            As for the constructor: None (the default) for OS entropy, a non-negative int, or a
            non-empty sequence of ints in ``[0, 2**64)``. The words are mixed by SplitMix64 into the
            initial state and increment (csrc/rng.h, SEEDING).

        Returns
        -------
        None

        Raises
        ------
        ValueError
            A negative seed, an empty sequence or a word outside ``[0, 2**64)``.
        TypeError
            A seed that is not None, an int or a sequence of ints.

        Examples
        --------
        >>> from tinytensor.random import PCG64DXSM
        >>> g = PCG64DXSM(5)
        >>> first = g.next_uint64()
        >>> g.seed(5)
        >>> g.next_uint64() == first
        True
        """
        words = seed_words(seed)
        cdef size_t n = len(words), i
        cdef uint64_t *buf = <uint64_t *> malloc(n * sizeof(uint64_t))
        if buf == NULL:
            raise MemoryError()
        try:
            for i in range(n):
                buf[i] = <uint64_t> words[i]
            with self.lock:
                tt_rng_seed(&self.rng, buf, n)
        finally:
            free(buf)

    @property
    def state(self):
        """The generator's state, as NumPy's:
        ``{"bit_generator": "PCG64DXSM", "state": {"state": s, "inc": c}}`` with 128-bit ints.
        Assign such a dict to restore it (ValueError for another generator's dict).
        """
        with self.lock:
            s = (<object> self.rng.state_hi << 64) | self.rng.state_lo
            c = (<object> self.rng.inc_hi << 64) | self.rng.inc_lo
        return {"bit_generator": ALGORITHM, "state": {"state": s, "inc": c}}

    @state.setter
    def state(self, value):
        if not isinstance(value, dict) or value.get("bit_generator") != ALGORITHM:
            raise ValueError("state must be a dict from a %s generator" % ALGORITHM)
        s = int(value["state"]["state"]) & MASK128
        c = int(value["state"]["inc"]) & MASK128
        with self.lock:
            tt_rng_set_state(&self.rng, <uint64_t> (s >> 64), <uint64_t> (s & MASK64),
                             <uint64_t> (c >> 64), <uint64_t> (c & MASK64))

    def __reduce__(self):
        return (_rebuild, (self.state,))

    def advance(self, delta):
        """Jump the stream ahead by `delta` steps (64-bit words) in O(log delta) time.

        ``g.advance(n)`` leaves `g` where ``n`` calls of ``next_uint64`` would.

        Parameters
        ----------
        delta : int
            The number of words to skip, ``0 <= delta < 2**128``.

        Returns
        -------
        PCG64DXSM
            The generator itself (so calls chain).

        Raises
        ------
        ValueError
            `delta` is negative or not below ``2**128``.

        Examples
        --------
        >>> from tinytensor.random import PCG64DXSM
        >>> g = PCG64DXSM(42)
        >>> _ = g.next_uint64()
        >>> g.next_uint64() == PCG64DXSM(42).advance(1).next_uint64()
        True
        """
        delta = int(delta)
        if delta < 0 or delta > MASK128:
            raise ValueError("delta must be in [0, 2**128)")
        with self.lock:
            tt_rng_advance(&self.rng, <uint64_t> (delta >> 64), <uint64_t> (delta & MASK64))
        return self

    # ---- raw bits ---------------------------------------------------------------------

    def next_uint64(self):
        """One raw 64-bit word of the stream.

        Returns
        -------
        int
            A Python int in ``[0, 2**64)``.

        Examples
        --------
        >>> from tinytensor.random import PCG64DXSM
        >>> PCG64DXSM(42).next_uint64()
        4632262861314400675
        """
        cdef uint64_t x
        with self.lock:
            x = tt_rng_next_u64(&self.rng)
        return x

    def fill_uint64(self, uint64_t[::1] out):
        """Raw 64-bit words of the stream into `out`, in order: ``out[i] = next_uint64()``.

        Parameters
        ----------
        out : writable buffer of uint64
            One-dimensional, C-contiguous (a uint64 Tensor, ``array.array("Q")``, ...); may be
            empty.

        Returns
        -------
        None
            `out` is filled in place.

        Raises
        ------
        ValueError
            `out` is not a 1-D buffer of uint64.
        BufferError
            `out` is not C-contiguous or not writable.

        Examples
        --------
        >>> from tinytensor.random import PCG64DXSM
        >>> out = tt.empty(2, dtype=tt.uint64)
        >>> PCG64DXSM(42).fill_uint64(out)
        >>> out
        tensor([ 4632262861314400675, 15211281405290024346], dtype=uint64)
        """
        cdef size_t n = out.shape[0]
        if n == 0:
            return
        with self.lock:
            with nogil:
                tt_rng_fill_u64(&self.rng, &out[0], n)

    def bounded(self, span):
        """One uniform integer in ``[0, span]`` (both ends included), unbiased (Lemire's method).

        Parameters
        ----------
        span : int
            The largest value, ``0 <= span < 2**64``.

        Returns
        -------
        int
            A Python int in ``[0, span]``.

        Raises
        ------
        ValueError
            `span` is out of range.

        Examples
        --------
        >>> from tinytensor.random import PCG64DXSM
        >>> PCG64DXSM(0).bounded(6)
        4
        """
        cdef uint64_t s = _span_check(span, MASK64), x
        with self.lock:
            x = tt_rng_bounded_u64(&self.rng, s)
        return x

    # ---- floats -----------------------------------------------------------------------

    def uniform_f64(self, double[::1] out, double low=0.0, double high=1.0):
        """Uniform floats in ``[low, high)`` into `out`, with 53 random bits each.

        ::

            u = (next_uint64() >> 11) * 2.0**-53         # uniform in [0, 1)
            out[i] = low + (high - low) * u

        Parameters
        ----------
        out : writable buffer of float64
            One-dimensional, C-contiguous (a float64 Tensor, an ``array.array("d")``, ...); may
            be empty.
        low : float, optional
            The lower bound. Default 0.0.
        high : float, optional
            The upper bound. Default 1.0.

        Returns
        -------
        None
            `out` is filled in place.

        Raises
        ------
        ValueError
            `out` is not a 1-D buffer of float64.
        BufferError
            `out` is not C-contiguous or not writable.

        Examples
        --------
        >>> from tinytensor.random import PCG64DXSM
        >>> out = tt.empty(3, dtype=tt.float64)
        >>> PCG64DXSM(1).uniform_f64(out, 5.0, 6.0)
        >>> out
        tensor([5.60957141, 5.5390318 , 5.24960177])
        """
        cdef size_t n = out.shape[0]
        if n == 0:
            return
        with self.lock:
            with nogil:
                tt_rng_fill_uniform_f64(&self.rng, &out[0], n, low, high)

    def uniform_f32(self, float[::1] out, double low=0.0, double high=1.0):
        """Uniform float32 values in ``[low, high)`` into `out`, with 24 random bits each.

        Each 64-bit word gives two 32-bit halves; computed in double, rounded once::

            u = (next_half() >> 8) * 2.0**-24            # uniform in [0, 1), 24 bits
            out[i] = float32(low + (high - low) * u)

        Parameters
        ----------
        out : writable buffer of float32
            One-dimensional, C-contiguous (a float32 Tensor, an ``array.array("f")``, ...); may
            be empty.
        low : float, optional
            The lower bound. Default 0.0.
        high : float, optional
            The upper bound. Default 1.0.

        Returns
        -------
        None
            `out` is filled in place.

        Raises
        ------
        ValueError
            `out` is not a 1-D buffer of float32.
        BufferError
            `out` is not C-contiguous or not writable.

        Examples
        --------
        >>> from tinytensor.random import PCG64DXSM
        >>> out = tt.empty(3, dtype=tt.float32)
        >>> PCG64DXSM(1).uniform_f32(out, -1.0, 1.0)
        >>> out
        tensor([0.49146378, 0.2191428 , 0.51900804], dtype=float32)
        """
        cdef size_t n = out.shape[0]
        if n == 0:
            return
        with self.lock:
            with nogil:
                tt_rng_fill_uniform_f32(&self.rng, &out[0], n, low, high)

    def normal_f64(self, double[::1] out, double loc=0.0, double scale=1.0):
        """Normal(loc, scale) samples into `out`, by Marsaglia's polar method.

        Each accepted pair of uniforms gives two normals (an odd last element uses the first of
        a new pair)::

            u, v = 2 * uniform() - 1, 2 * uniform() - 1    # redrawn until 0 < s < 1
            s = u * u + v * v
            f = sqrt(-2 * log(s) / s)
            out[i], out[i + 1] = loc + scale * u * f, loc + scale * v * f

        Parameters
        ----------
        out : writable buffer of float64
            One-dimensional, C-contiguous (a float64 Tensor, an ``array.array("d")``, ...); may
            be empty.
        loc : float, optional
            The mean. Default 0.0.
        scale : float, optional
            The standard deviation. Default 1.0.

        Returns
        -------
        None
            `out` is filled in place.

        Raises
        ------
        ValueError
            `out` is not a 1-D buffer of float64.
        BufferError
            `out` is not C-contiguous or not writable.

        Examples
        --------
        >>> from tinytensor.random import PCG64DXSM
        >>> out = tt.empty(3, dtype=tt.float64)
        >>> PCG64DXSM(1).normal_f64(out, 10.0, 0.5)
        >>> out
        tensor([11.13757919, 10.40523132,  9.5693445 ])
        """
        cdef size_t n = out.shape[0]
        if n == 0:
            return
        with self.lock:
            with nogil:
                tt_rng_fill_normal_f64(&self.rng, &out[0], n, loc, scale)

    def normal_f32(self, float[::1] out, double loc=0.0, double scale=1.0):
        """Normal(loc, scale) samples as float32 into `out`: the float64 normals rounded.

        ::

            out[i] = float32(loc + scale * z)        # z as normal_f64 draws it

        Parameters
        ----------
        out : writable buffer of float32
            One-dimensional, C-contiguous (a float32 Tensor, an ``array.array("f")``, ...); may
            be empty.
        loc : float, optional
            The mean. Default 0.0.
        scale : float, optional
            The standard deviation. Default 1.0.

        Returns
        -------
        None
            `out` is filled in place.

        Raises
        ------
        ValueError
            `out` is not a 1-D buffer of float32.
        BufferError
            `out` is not C-contiguous or not writable.

        Examples
        --------
        >>> from tinytensor.random import PCG64DXSM
        >>> out = tt.empty(3, dtype=tt.float32)
        >>> PCG64DXSM(1).normal_f32(out)
        >>> out
        tensor([ 2.2751584 ,  0.81046265, -0.861311  ], dtype=float32)
        """
        cdef size_t n = out.shape[0]
        if n == 0:
            return
        with self.lock:
            with nogil:
                tt_rng_fill_normal_f32(&self.rng, &out[0], n, loc, scale)

    # ---- integers ---------------------------------------------------------------------

    def integers_i64(self, int64_t[::1] out, low, span):
        """Uniform int64 values in ``[low, low + span]`` into `out`.

        Unbiased (Lemire's method)::

            out[i] = low + bounded(span)          # uniform in [low, low + span]

        Parameters
        ----------
        out : writable buffer of int64
            One-dimensional, C-contiguous (a int64 Tensor, an ``array.array("q")``, ...); may
            be empty.
        low : int
            The smallest value.
        span : int
            The number of values minus one: the results are in ``[low, low + span]`` (both
            included); ``0 <= span`` and ``low + span`` must fit the dtype.

        Returns
        -------
        None
            `out` is filled in place.

        Raises
        ------
        ValueError
            `out` is not a 1-D buffer of int64, or ``[low, low + span]``
            is not within the int64 range.
        BufferError
            `out` is not C-contiguous or not writable.

        Examples
        --------
        >>> from tinytensor.random import PCG64DXSM
        >>> out = tt.empty(6, dtype=tt.int64)
        >>> PCG64DXSM(1).integers_i64(out, -3, 6)
        >>> out
        tensor([ 1,  0, -2,  2, -3, -2])
        """
        low, span = int(low), int(span)
        _span_check(span, MASK64)
        if low < -(1 << 63) or low + span > (1 << 63) - 1:
            raise ValueError("[low, low + span] must lie in the int64 range")
        cdef int64_t lo = low
        cdef uint64_t sp = span
        cdef size_t n = out.shape[0]
        if n == 0:
            return
        with self.lock:
            with nogil:
                tt_rng_fill_int64(&self.rng, &out[0], n, lo, sp)

    def integers_i32(self, int32_t[::1] out, low, span):
        """Uniform int32 values in ``[low, low + span]`` into `out`.

        Unbiased (Lemire's method)::

            out[i] = low + bounded(span)          # uniform in [low, low + span]

        Parameters
        ----------
        out : writable buffer of int32
            One-dimensional, C-contiguous (a int32 Tensor, an ``array.array("i")``, ...); may
            be empty.
        low : int
            The smallest value.
        span : int
            The number of values minus one: the results are in ``[low, low + span]`` (both
            included); ``0 <= span`` and ``low + span`` must fit the dtype.

        Returns
        -------
        None
            `out` is filled in place.

        Raises
        ------
        ValueError
            `out` is not a 1-D buffer of int32,
            `span` is not in ``[0, 2**32)``, or ``[low, low + span]`` is not within the int32 range.
        BufferError
            `out` is not C-contiguous or not writable.

        Examples
        --------
        >>> from tinytensor.random import PCG64DXSM
        >>> out = tt.empty(6, dtype=tt.int32)
        >>> PCG64DXSM(1).integers_i32(out, 1, 5)
        >>> out
        tensor([5, 4, 5, 4, 5, 2], dtype=int32)
        """
        low, span = int(low), int(span)
        _span_check(span, (1 << 32) - 1)
        if low < -(1 << 31) or low + span > (1 << 31) - 1:
            raise ValueError("[low, low + span] must lie in the int32 range")
        cdef int32_t lo = low
        cdef uint32_t sp = span
        cdef size_t n = out.shape[0]
        if n == 0:
            return
        with self.lock:
            with nogil:
                tt_rng_fill_int32(&self.rng, &out[0], n, lo, sp)

    def integers_u8(self, uint8_t[::1] out, low, span):
        """Uniform uint8 values in ``[low, low + span]`` into `out`.

        Unbiased (Lemire's method)::

            out[i] = low + bounded(span)          # uniform in [low, low + span]

        Parameters
        ----------
        out : writable buffer of uint8
            One-dimensional, C-contiguous (a uint8 Tensor, an ``array.array("B")``, ...); may
            be empty.
        low : int
            The smallest value.
        span : int
            The number of values minus one: the results are in ``[low, low + span]`` (both
            included); ``0 <= span`` and ``low + span`` must fit the dtype.

        Returns
        -------
        None
            `out` is filled in place.

        Raises
        ------
        ValueError
            `out` is not a 1-D buffer of uint8, or ``[low, low + span]`` is not within ``[0, 255]``.
        BufferError
            `out` is not C-contiguous or not writable.

        Examples
        --------
        >>> from tinytensor.random import PCG64DXSM
        >>> out = tt.empty(6, dtype=tt.uint8)
        >>> PCG64DXSM(1).integers_u8(out, 0, 1)
        >>> out
        tensor([1, 1, 1, 1, 1, 0], dtype=uint8)
        """
        low, span = int(low), int(span)
        _span_check(span, 255)
        if low < 0 or low + span > 255:
            raise ValueError("[low, low + span] must lie in the uint8 range")
        cdef uint8_t lo = low
        cdef uint8_t sp = span
        cdef size_t n = out.shape[0]
        if n == 0:
            return
        with self.lock:
            with nogil:
                tt_rng_fill_uint8(&self.rng, &out[0], n, lo, sp)

    # ---- permutations and choices -----------------------------------------------------

    def shuffle_index(self, int64_t[::1] idx, m=None):
        """Shuffle `idx` in place (Fisher-Yates); with `m`, only its first `m` positions are drawn.

        ::

            for i in range(m):                          # m = len(idx) by default
                j = i + bounded(n - 1 - i)              # uniform in [i, n - 1]
                idx[i], idx[j] = idx[j], idx[i]

        With ``m < len(idx)``, ``idx[:m]`` is a uniformly random ordered m-subset of the values (the
        rest of `idx` holds the others, in no particular order).

        Parameters
        ----------
        idx : writable buffer of int64
            One-dimensional, C-contiguous (an int64 Tensor, ``array.array("q")``, ...); may be
            empty.
        m : int, optional
            How many leading positions to draw, >= 0; more than ``len(idx)`` counts as
            ``len(idx)``. Default None: all of them.

        Returns
        -------
        None
            `idx` is permuted in place.

        Raises
        ------
        ValueError
            `m` is negative, or `idx` is not a 1-D buffer of int64.
        BufferError
            `idx` is not C-contiguous or not writable.

        Examples
        --------
        >>> from tinytensor.random import PCG64DXSM
        >>> idx = tt.arange(6)
        >>> PCG64DXSM(1).shuffle_index(idx)
        >>> idx
        tensor([3, 0, 2, 5, 4, 1])
        >>> idx = tt.arange(6)
        >>> PCG64DXSM(1).shuffle_index(idx, m=2)
        >>> idx[:2]
        tensor([3, 0])
        """
        cdef size_t n = idx.shape[0]
        cdef size_t mm = n
        if m is not None:
            if m < 0:
                raise ValueError("m must be non-negative")
            mm = min(int(m), n)
        if n == 0:
            return
        with self.lock:
            with nogil:
                tt_rng_shuffle_i64(&self.rng, &idx[0], n, mm)

    def permutation_into(self, int64_t[::1] out):
        """A uniformly random permutation of ``0 .. len(out) - 1`` into `out`.

        ::

            out[:] = range(n); shuffle_index(out)       # Fisher-Yates

        Parameters
        ----------
        out : writable buffer of int64
            One-dimensional, C-contiguous (an int64 Tensor, ``array.array("q")``, ...); may be
            empty.

        Returns
        -------
        None
            `out` is filled in place.

        Raises
        ------
        ValueError
            `out` is not a 1-D buffer of int64.
        BufferError
            `out` is not C-contiguous or not writable.

        Examples
        --------
        >>> from tinytensor.random import PCG64DXSM
        >>> out = tt.empty(5, dtype=tt.int64)
        >>> PCG64DXSM(1).permutation_into(out)
        >>> out
        tensor([3, 0, 2, 4, 1])
        """
        cdef size_t n = out.shape[0]
        if n == 0:
            return
        with self.lock:
            with nogil:
                tt_rng_permutation(&self.rng, &out[0], n)

    def choice_p(self, int64_t[::1] out, const double[::1] p, bint replace=True):
        """Indices drawn with probabilities proportional to the weights `p`, into `out`.

        With replacement, each draw inverts the cumulative weights::

            cdf = cumsum(p) / sum(p)
            out[i] = first k with u < cdf[k]            # u uniform in [0, 1)

        Without replacement, sequentially: each draw is made from the weights not yet drawn (the
        drawn index's weight is set to zero), so the results are distinct.

        Parameters
        ----------
        out : writable buffer of int64
            One-dimensional, C-contiguous (an int64 Tensor, ...); may be empty.
        p : buffer of float64
            The weights, one-dimensional and C-contiguous: finite, >= 0, with a positive sum (they
            need not sum to 1).
        replace : bool, optional
            Draw with replacement. Default True.

        Returns
        -------
        None
            `out` is filled in place with indices into `p`.

        Raises
        ------
        ValueError
            `p` is empty, has a negative or non-finite weight or a sum that is not positive and
            finite; without replacement, `out` is longer than the number of non-zero weights; a
            buffer of the wrong type.
        BufferError
            `out` is not C-contiguous or not writable.
        RuntimeError
            Without replacement, the weights ran out before `out` was full (rounding; not expected).

        Examples
        --------
        >>> from tinytensor.random import PCG64DXSM
        >>> out = tt.empty(6, dtype=tt.int64)
        >>> PCG64DXSM(1).choice_p(out, tt.tensor([0.1, 0.0, 0.9]))
        >>> out
        tensor([2, 2, 2, 2, 0, 2])
        >>> out = tt.empty(2, dtype=tt.int64)
        >>> PCG64DXSM(1).choice_p(out, tt.tensor([1.0, 0.0, 3.0]), replace=False)
        >>> out
        tensor([2, 0])
        """
        cdef size_t k = p.shape[0], n = out.shape[0], j
        cdef size_t nonzero = 0
        cdef double total = 0.0
        cdef int rc = 0
        if k == 0:
            raise ValueError("p must not be empty")
        for j in range(k):
            if not (p[j] >= 0.0 and p[j] < float("inf")):
                raise ValueError("probabilities must be finite and non-negative")
            total += p[j]
            nonzero += p[j] > 0.0
        if not (total > 0.0 and total < float("inf")):
            raise ValueError("probabilities must have a positive, finite sum")
        if not replace and n > nonzero:
            raise ValueError("Fewer non-zero entries in p than size")
        if n == 0:
            return
        cdef double *work = <double *> malloc(k * sizeof(double))
        if work == NULL:
            raise MemoryError()
        try:
            with self.lock:
                with nogil:
                    if replace:
                        tt_rng_choice_p(&self.rng, &out[0], n, &p[0], k, work)
                    else:
                        rc = tt_rng_choice_p_noreplace(&self.rng, &out[0], n, &p[0], k, work)
        finally:
            free(work)
        if rc != 0:
            raise RuntimeError("weighted sampling ran out of weight")


def _log(double x):
    """csrc's libm-free log (for tests)."""
    return tt_rng_log(x)
