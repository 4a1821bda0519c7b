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

    ``None``: 256 bits from ``os.urandom``. A non-negative int: its little-endian 64-bit
    words (0 is ``[0]``). A sequence of non-negative ints below 2**64: those words.
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
    """PCG64-DXSM: a 128-bit LCG with the DXSM output permutation (csrc/rng.h).

    ``PCG64DXSM(seed)``: seed None (OS entropy), a non-negative int or a sequence of ints.
    ``state`` has the layout of NumPy's ``PCG64DXSM().bit_generator.state``, so the two can
    be compared bit for bit.
    """
    cdef tt_rng rng
    cdef object lock

    def __cinit__(self, seed=None):
        self.lock = threading.Lock()
        self.seed(seed)

    def seed(self, seed=None):
        """Re-seed in place (same rules as the constructor)."""
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
        """Jump the stream ahead by ``delta`` 64-bit words (0 <= delta < 2**128)."""
        delta = int(delta)
        if delta < 0 or delta > MASK128:
            raise ValueError("delta must be in [0, 2**128)")
        with self.lock:
            tt_rng_advance(&self.rng, <uint64_t> (delta >> 64), <uint64_t> (delta & MASK64))
        return self

    # ---- raw bits ---------------------------------------------------------------------

    def next_uint64(self):
        """One raw 64-bit word, as a Python int."""
        cdef uint64_t x
        with self.lock:
            x = tt_rng_next_u64(&self.rng)
        return x

    def fill_uint64(self, uint64_t[::1] out):
        """Raw 64-bit words into ``out``."""
        cdef size_t n = out.shape[0]
        if n == 0:
            return
        with self.lock:
            with nogil:
                tt_rng_fill_u64(&self.rng, &out[0], n)

    def bounded(self, span):
        """One uniform integer in [0, span], 0 <= span < 2**64 (Lemire's method)."""
        cdef uint64_t s = _span_check(span, MASK64), x
        with self.lock:
            x = tt_rng_bounded_u64(&self.rng, s)
        return x

    # ---- floats -----------------------------------------------------------------------

    def uniform_f64(self, double[::1] out, double low=0.0, double high=1.0):
        """``low + (high - low) * u``, u uniform in [0, 1) with 53 random bits."""
        cdef size_t n = out.shape[0]
        if n == 0:
            return
        with self.lock:
            with nogil:
                tt_rng_fill_uniform_f64(&self.rng, &out[0], n, low, high)

    def uniform_f32(self, float[::1] out, double low=0.0, double high=1.0):
        """The float32 version: u has 24 random bits; computed in double, rounded once."""
        cdef size_t n = out.shape[0]
        if n == 0:
            return
        with self.lock:
            with nogil:
                tt_rng_fill_uniform_f32(&self.rng, &out[0], n, low, high)

    def normal_f64(self, double[::1] out, double loc=0.0, double scale=1.0):
        """Normal(loc, scale) by Marsaglia's polar method."""
        cdef size_t n = out.shape[0]
        if n == 0:
            return
        with self.lock:
            with nogil:
                tt_rng_fill_normal_f64(&self.rng, &out[0], n, loc, scale)

    def normal_f32(self, float[::1] out, double loc=0.0, double scale=1.0):
        """The float64 normals rounded to float32."""
        cdef size_t n = out.shape[0]
        if n == 0:
            return
        with self.lock:
            with nogil:
                tt_rng_fill_normal_f32(&self.rng, &out[0], n, loc, scale)

    # ---- integers ---------------------------------------------------------------------

    def integers_i64(self, int64_t[::1] out, low, span):
        """Uniform in [low, low + span]; low + span must fit int64."""
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
        """Uniform in [low, low + span]; low + span must fit int32."""
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
        """Uniform in [low, low + span]; low + span must fit uint8."""
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
        """Fisher-Yates in place; with ``m``, only the first m positions are drawn (a
        uniformly random ordered m-subset lands in idx[:m])."""
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
        """A uniformly random permutation of 0..len(out)-1 into ``out``."""
        cdef size_t n = out.shape[0]
        if n == 0:
            return
        with self.lock:
            with nogil:
                tt_rng_permutation(&self.rng, &out[0], n)

    def choice_p(self, int64_t[::1] out, const double[::1] p, bint replace=True):
        """Indices drawn with probabilities proportional to ``p`` (finite, >= 0, sum > 0);
        without replacement, sequentially from the weights not yet drawn."""
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
