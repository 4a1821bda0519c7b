"""Tests of the random-number layer: csrc/rng.c (through tinytensor._random) and
tinytensor/random.py.

Three kinds of check:
  * reference: the raw PCG64-DXSM stream against NumPy's PCG64DXSM given the same (state, inc),
    and the seeding, Lemire integers, float conversions and polar normals against short
    pure-Python re-implementations of what csrc/rng.h documents;
  * reproducibility: the same seed gives the same numbers (pinned values below);
  * statistics: means and variances within 5 sigma, chi-square uniformity, permutations.
The C layer is exercised with NumPy arrays and array.array, so it runs without the Tensor type;
tests of Tensor outputs are skipped until tinytensor._core is built, and permutation/shuffle
of a Tensor until the Tensor supports integer-array indexing.
"""
import math
import os
import pickle
import platform
import shutil
import subprocess
import threading
from array import array

import numpy as np
import pytest

from tinytensor import _random
from tinytensor import random as ttr
from tinytensor._random import PCG64DXSM

try:
    from tinytensor import _core
except ImportError:
    _core = None

needs_core = pytest.mark.skipif(_core is None, reason="waits for tinytensor._core (the Tensor)")

M64 = (1 << 64) - 1
CHEAP_MULT = 0xDA942042E4DD58B5


def _has_fancy_indexing():
    if _core is None:
        return False
    try:
        x = _core.empty((3,), dtype=getattr(_core, "int64", "int64"))
        i = _core.empty((3,), dtype=getattr(_core, "int64", "int64"))
        memoryview(x).cast("B").cast("q")[:] = array("q", [10, 11, 12])
        memoryview(i).cast("B").cast("q")[:] = array("q", [2, 0, 1])
        y = x[i]
        x[...] = y
        return memoryview(x).cast("B").cast("q").tolist() == [12, 10, 11]
    except Exception:
        return False


needs_indexing = pytest.mark.skipif(not _has_fancy_indexing(),
                                    reason="waits for Tensor integer-array indexing x[perm] "
                                           "and x[...] = ...")


def raw(bg, n):
    out = np.empty(n, np.uint64)
    bg.fill_uint64(out)
    return out


def numpy_bitgen(state):
    bg = np.random.PCG64DXSM()
    bg.state = dict(state, has_uint32=0, uinteger=0)
    return bg


def mv(t):
    """A Tensor's contents as (format, shape, flat list) through the buffer protocol."""
    m = memoryview(t)
    if m.nbytes == 0:
        return m.format, m.shape, []
    return m.format, m.shape, m.cast("B").cast(m.format).tolist()


# ---- pure-Python references of what csrc/rng.h documents ------------------------------

def py_seed_state(words):
    """SplitMix64 absorb + expand, then PCG's two-step seeding; returns (state, inc)."""
    gamma = 0x9E3779B97F4A7C15

    def mix(z):
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    x = words[0]
    for w in words[1:]:
        x = mix((x + gamma) & M64) ^ w
    out = []
    for _ in range(4):
        x = (x + gamma) & M64
        out.append(mix(x))
    initstate = (out[0] << 64) | out[1]
    initseq = (out[2] << 64) | out[3]
    m128 = (1 << 128) - 1
    inc = ((initseq << 1) | 1) & m128
    state = (0 * CHEAP_MULT + inc) & m128
    state = (state + initstate) & m128
    state = (state * CHEAP_MULT + inc) & m128
    return state, inc


def py_lemire(words, span):
    """Lemire's method on a given list of 64-bit words: values in [0, span]."""
    limit = span + 1
    it = iter(words)
    out = []
    try:
        while True:
            prod = next(it) * limit
            while (prod & M64) < (1 << 64) % limit:
                prod = next(it) * limit
            out.append(prod >> 64)
    except StopIteration:
        return out


# ---- the bit generator -------------------------------------------------------------------

def test_raw_stream_matches_numpy_pcg64dxsm():
    for seed in (0, 1, 42, 2**64 + 7, [3, 1, 4, 1, 5]):
        bg = PCG64DXSM(seed)
        ref = numpy_bitgen(bg.state)
        assert np.array_equal(raw(bg, 2000), ref.random_raw(2000))


def test_seeding_matches_documented_splitmix_pcg_procedure():
    for words in ([0], [1], [42], [M64], [5, 1], [3, 1, 4, 1, 5]):
        state, inc = py_seed_state(words)
        assert PCG64DXSM(words).state["state"] == {"state": state, "inc": inc}
    # an int is split into little-endian 64-bit words
    assert PCG64DXSM(5 + (1 << 64)).state == PCG64DXSM([5, 1]).state


def test_pinned_first_values():
    # These constants are the generator's published stream for seed 42, computed once from
    # this implementation (after the raw stream was checked against NumPy's PCG64DXSM above).
    # They are not trusted output of the code under test: they pin the stream, so that a
    # change in seeding, stream consumption or float conversion on any machine or compiler
    # fails here. Changing them is a breaking change to every seeded user.
    bg = PCG64DXSM(42)
    assert [bg.next_uint64() for _ in range(3)] == [
        0x40491A8792E121A3, 0xD31953D864D10D9A, 0x40EA6E17D04DC150]
    g = ttr.default_rng(42)
    assert [g.random().hex() for _ in range(3)] == [
        "0x1.01246a1e4b848p-2", "0x1.a632a7b0c9a21p-1", "0x1.03a9b85f41370p-2"]
    assert [g.standard_normal().hex() for _ in range(2)] == [
        "-0x1.0debb53b62242p-1", "-0x1.350583ac3049fp-1"]
    assert [g.integers(0, 1000) for _ in range(5)] == [190, 250, 155, 169, 368]
    perm = array("q", bytes(80))
    PCG64DXSM(42).permutation_into(perm)
    assert list(perm) == [2, 8, 4, 0, 1, 7, 5, 6, 3, 9]


def test_same_seed_same_stream_different_seed_different_stream():
    assert np.array_equal(raw(PCG64DXSM(7), 100), raw(PCG64DXSM(7), 100))
    assert not np.array_equal(raw(PCG64DXSM(7), 100), raw(PCG64DXSM(8), 100))
    assert not np.array_equal(raw(PCG64DXSM(None), 4), raw(PCG64DXSM(None), 4))
    bg = PCG64DXSM(7)
    first = raw(bg, 10)
    bg.seed(7)
    assert np.array_equal(raw(bg, 10), first)


def test_state_roundtrip_pickle_and_advance():
    bg = PCG64DXSM(3)
    st = bg.state
    a = raw(bg, 1001)
    bg.state = st
    assert np.array_equal(raw(bg, 1001), a)
    bg.state = st
    assert bg.advance(1000).next_uint64() == int(a[1000])
    bg.state = st
    bg2 = pickle.loads(pickle.dumps(bg))
    assert np.array_equal(raw(bg2, 10), a[:10])
    big = 12345678901234567890123456789
    ref = numpy_bitgen(st)
    ref.advance(big)
    bg.state = st
    bg.advance(big)
    assert bg.state["state"] == {"state": ref.state["state"]["state"],
                                 "inc": ref.state["state"]["inc"]}


def test_seed_errors():
    with pytest.raises(ValueError):
        PCG64DXSM(-1)
    with pytest.raises(TypeError):
        PCG64DXSM(1.5)
    with pytest.raises(TypeError):
        PCG64DXSM("abc")
    with pytest.raises(ValueError):
        PCG64DXSM([1, 1 << 64])
    with pytest.raises(ValueError):
        PCG64DXSM([])
    with pytest.raises(ValueError):
        PCG64DXSM(0).state = {"bit_generator": "MT19937", "state": {}}


# ---- C layer: conversions against the documented recipes --------------------------------

def test_uniform_f64_is_top_53_bits_and_matches_numpy_random():
    bg = PCG64DXSM(11)
    st = bg.state
    u = np.empty(1000)
    bg.uniform_f64(u)
    bg.state = st
    words = raw(bg, 1000)
    assert np.array_equal(u, (words >> np.uint64(11)).astype(np.float64) * 2.0**-53)
    assert np.array_equal(u, np.random.Generator(numpy_bitgen(st)).random(1000))


def test_uniform_f32_uses_both_halves_24_bits():
    bg = PCG64DXSM(12)
    st = bg.state
    u = np.empty(7, np.float32)
    bg.uniform_f32(u)
    bg.state = st
    words = raw(bg, 5)
    halves = []
    for w in words.tolist():
        halves += [w & 0xFFFFFFFF, w >> 32]
    assert u.tolist() == [(h >> 8) * 2.0**-24 for h in halves[:7]]
    # 7 halves took 4 words; the 8th half is discarded and the next call starts on word 5
    bg.state = st
    bg.uniform_f32(u)
    assert bg.next_uint64() == int(words[4])


def test_integers_are_lemire_on_the_raw_stream():
    for span in (0, 1, 6, 999, 3 * 2**61 - 1, 2**63 + 12345, M64):
        low = 0 if span < 2**63 else -(1 << 63)
        bg = PCG64DXSM(13)
        st = bg.state
        out = np.empty(500, np.int64)
        bg.integers_i64(out, low, span)
        bg.state = st
        words = raw(bg, 2000).tolist()
        if span == 0:
            expect = [0] * 500
        elif span == M64:
            expect = words[:500]
        else:
            expect = py_lemire(words, span)[:500]
        assert [v - low for v in out.tolist()] == expect


def test_polar_normals_follow_the_recipe_and_f32_is_rounded_f64():
    bg = PCG64DXSM(14)
    st = bg.state
    z = np.empty(1001)
    bg.normal_f64(z)
    bg.state = st
    u = np.empty(4000)
    bg.uniform_f64(u)
    expect = []
    pairs = iter(zip(u[0::2].tolist(), u[1::2].tolist()))
    while len(expect) < 1001:
        a, b = next(pairs)
        u1, u2 = 2 * a - 1, 2 * b - 1
        s = u1 * u1 + u2 * u2
        if 0 < s < 1:
            f = math.sqrt(-2 * math.log(s) / s)
            expect += [u1 * f, u2 * f]
    # libm's log may differ from ours by an ulp or two; nothing else may
    np.testing.assert_allclose(z, expect[:1001], rtol=1e-14, atol=1e-300)
    bg.state = st
    z32 = np.empty(1001, np.float32)
    bg.normal_f32(z32, 0.0, 1.0)
    assert np.array_equal(z32, z.astype(np.float32))


def test_libm_free_log():
    x = np.concatenate([np.random.default_rng(1).random(20000),
                        np.exp(np.random.default_rng(2).uniform(-700, 700, 20000)),
                        [5e-324, 1e-310, 2.0**-1022, 0.5, 1 - 2.0**-53, 1 + 2.0**-52, 2.0,
                         math.sqrt(2), 1e308]])
    worst = 0.0
    for v in x.tolist():
        ref = math.log(v)
        got = _random._log(v)
        worst = max(worst, abs(got - ref) / math.ulp(ref) if ref else abs(got))
    assert worst <= 2.0
    assert _random._log(1.0) == 0.0
    assert _random._log(0.0) == -math.inf
    assert _random._log(math.inf) == math.inf
    assert math.isnan(_random._log(-1.0)) and math.isnan(_random._log(math.nan))


# ---- C layer: statistics ------------------------------------------------------------------

N = 200_000


def assert_moments(x, mean, var, mu4):
    """Sample mean and variance within 5 standard errors (mu4: 4th central moment)."""
    n = x.size
    assert abs(x.mean() - mean) < 5 * math.sqrt(var / n), x.mean()
    assert abs(x.var() - var) < 5 * math.sqrt((mu4 - var * var) / n), x.var()


def chi2_uniform(counts):
    counts = np.asarray(counts, dtype=np.float64)
    e = counts.sum() / counts.size
    return float(((counts - e) ** 2 / e).sum())


# chi-square critical values at p = 1e-6 (scipy.stats.chi2.isf(1e-6, dof))
CHI2_1E6 = {2: 27.63, 5: 35.89, 6: 38.26, 9: 44.81, 99: 180.79, 255: 377.08}


def test_uniform_moments_and_bins():
    bg = PCG64DXSM(21)
    for dt, fill in ((np.float64, bg.uniform_f64), (np.float32, bg.uniform_f32)):
        u = np.empty(N, dt)
        fill(u)
        assert u.min() >= 0.0 and u.max() < 1.0
        assert_moments(u.astype(np.float64), 0.5, 1 / 12, 1 / 80)
        assert chi2_uniform(np.bincount((u * 100).astype(np.int64), minlength=100)) < CHI2_1E6[99]
    u = np.empty(N)
    bg.uniform_f64(u, -3.0, 5.0)
    assert u.min() >= -3.0 and u.max() < 5.0
    assert_moments(u, 1.0, 64 / 12, 8.0**4 / 80)


def test_normal_moments():
    bg = PCG64DXSM(22)
    z = np.empty(N)
    bg.normal_f64(z)
    assert_moments(z, 0.0, 1.0, 3.0)
    z32 = np.empty(N, np.float32)
    bg.normal_f32(z32, 2.0, 3.0)
    assert_moments(z32.astype(np.float64), 2.0, 9.0, 3 * 81.0)
    # tails: about 0.27% beyond 3 sigma
    frac = (np.abs(z) > 3).mean()
    assert abs(frac - 0.0026998) < 5 * math.sqrt(0.0027 / N)


def test_no_serial_correlation():
    # lag-1 correlation of independent draws is ~N(0, 1/n); the polar pairs (z[2i], z[2i+1])
    # share s, so check them specifically
    bg = PCG64DXSM(30)
    u = np.empty(N)
    bg.uniform_f64(u)
    z = np.empty(N)
    bg.normal_f64(z)
    for x in (u, z):
        assert abs(np.corrcoef(x[:-1], x[1:])[0, 1]) < 5 / math.sqrt(N)
    assert abs(np.corrcoef(z[0::2], z[1::2])[0, 1]) < 5 / math.sqrt(N / 2)
    assert abs(np.corrcoef(z[0::2] ** 2, z[1::2] ** 2)[0, 1]) < 5 / math.sqrt(N / 2)


def test_integers_moments_and_chi_square():
    bg = PCG64DXSM(23)
    for dt, fill, low, span in ((np.int64, bg.integers_i64, -5, 9),
                                (np.int32, bg.integers_i32, 100, 9),
                                (np.uint8, bg.integers_u8, 200, 9)):
        x = np.empty(N, dt)
        fill(x, low, span)
        assert x.min() == low and x.max() == low + span
        k = span + 1
        var = (k * k - 1) / 12
        mu4 = (k * k - 1) * (3 * k * k - 7) / 240
        assert_moments(x.astype(np.float64), low + span / 2, var, mu4)
        assert chi2_uniform(np.bincount(x.astype(np.int64) - low)) < CHI2_1E6[9]
    x = np.empty(N, np.uint8)
    bg.integers_u8(x, 0, 255)
    assert chi2_uniform(np.bincount(x, minlength=256)) < CHI2_1E6[255]


def test_integers_no_modulo_bias_on_awkward_range():
    # limit = 3 * 2**61: `x % limit` would put twice the mass on [0, 2**61); Lemire must not
    bg = PCG64DXSM(24)
    x = np.empty(N, np.int64)
    bg.integers_i64(x, 0, 3 * 2**61 - 1)
    thirds = np.bincount((x >> 61).astype(np.int64), minlength=3)
    assert thirds.size == 3
    assert chi2_uniform(thirds) < CHI2_1E6[2]
    y = np.empty(N, np.int32)
    bg.integers_i32(y, 0, 3 * 2**29 - 1)
    assert chi2_uniform(np.bincount((y >> 29).astype(np.int64), minlength=3)) < CHI2_1E6[2]


def test_integer_extremes():
    bg = PCG64DXSM(25)
    x = np.empty(1000, np.int64)
    bg.integers_i64(x, -(1 << 63), M64)
    assert (x < 0).any() and (x > 0).any()
    bg.integers_i64(x, (1 << 63) - 1, 0)
    assert (x == (1 << 63) - 1).all()
    y = np.empty(1000, np.int32)
    bg.integers_i32(y, -(1 << 31), (1 << 32) - 1)
    assert (y < 0).any() and (y > 0).any()


def test_permutation_no_repeats_covers_range_and_is_uniform():
    bg = PCG64DXSM(26)
    p = array("q", bytes(8 * 1000))
    bg.permutation_into(p)
    assert sorted(p) == list(range(1000))
    assert list(p) != list(range(1000))
    counts = {}
    q = np.empty(3, np.int64)
    for _ in range(6000):
        bg.permutation_into(q)
        key = tuple(q.tolist())
        counts[key] = counts.get(key, 0) + 1
    assert len(counts) == 6
    assert chi2_uniform(list(counts.values())) < CHI2_1E6[5]
    idx = np.arange(100, 200, dtype=np.int64)
    bg.shuffle_index(idx, 10)
    assert len(set(idx.tolist())) == 100 and set(idx.tolist()) == set(range(100, 200))


def test_choice_p_frequencies():
    bg = PCG64DXSM(27)
    p = np.array([0.1, 0.0, 0.6, 0.3])
    c = np.empty(N, np.int64)
    bg.choice_p(c, p)
    freq = np.bincount(c, minlength=4) / N
    assert freq[1] == 0
    for f, q in zip(freq, p):
        assert abs(f - q) <= 5 * math.sqrt(q * (1 - q) / N)
    d = np.empty(3, np.int64)
    for _ in range(200):
        bg.choice_p(d, p, False)
        assert sorted(d.tolist()) == [0, 2, 3]
    with pytest.raises(ValueError):
        bg.choice_p(np.empty(4, np.int64), p, False)   # only three non-zero weights
    with pytest.raises(ValueError):
        bg.choice_p(c, np.array([0.5, -0.1, 0.6]))
    with pytest.raises(ValueError):
        bg.choice_p(c, np.array([0.0, 0.0]))
    with pytest.raises(ValueError):
        bg.choice_p(c, np.array([]))


def test_c_layer_buffers_and_argument_checks():
    bg = PCG64DXSM(28)
    ba = bytearray(8 * 4)
    bg.uniform_f64(memoryview(ba).cast("d"))
    assert all(0 <= v < 1 for v in memoryview(ba).cast("d"))
    bg.integers_i64(array("q", [0]), 0, 0)
    bg.uniform_f64(np.empty(0))                      # empty is fine
    with pytest.raises((ValueError, BufferError, TypeError)):
        bg.uniform_f64(memoryview(bytes(16)).cast("d"))   # read-only
    with pytest.raises(ValueError):
        bg.uniform_f64(np.empty(4, np.float32))           # wrong format
    with pytest.raises(ValueError):
        bg.integers_i32(np.empty(4, np.int32), 0, 1 << 32)
    with pytest.raises(ValueError):
        bg.integers_i32(np.empty(4, np.int32), 1, (1 << 32) - 1)
    with pytest.raises(ValueError):
        bg.integers_u8(np.empty(4, np.uint8), 200, 100)
    with pytest.raises(ValueError):
        bg.integers_i64(np.empty(4, np.int64), 0, -1)


def test_threads_share_one_generator_safely():
    bg = PCG64DXSM(29)
    outs = [np.empty(50_000, np.uint64) for _ in range(4)]
    ts = [threading.Thread(target=bg.fill_uint64, args=(o,)) for o in outs]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    got = np.sort(np.concatenate(outs))
    assert np.array_equal(got, np.sort(raw(PCG64DXSM(29), 200_000)))


# ---- the C file alone: the same bits whatever the compiler flags ---------------------------

# Runs every distribution in csrc/rng.c and prints an FNV-1a hash of all the output bytes.
C_HARNESS = r"""
#include <stdio.h>
#include <string.h>
#include "rng.h"
static uint64_t h = 1469598103934665603ULL;
static void eat(const void *p, size_t n){ const unsigned char *c=p; for(size_t i=0;i<n;i++){h^=c[i]; h*=1099511628211ULL;} }
int main(void){
  static double d[100000]; static float f[100001]; static int64_t q[100000]; static int32_t i32[100001]; static uint8_t u8[1001];
  tt_rng r; uint64_t w[3]={42,7,9}; tt_rng_seed(&r,w,3);
  tt_rng_fill_uniform_f64(&r,d,100000,-1.5,2.25); eat(d,sizeof d);
  tt_rng_fill_uniform_f32(&r,f,100001,0.1,0.7); eat(f,sizeof f);
  tt_rng_fill_normal_f64(&r,d,100000,0.3,1.7); eat(d,sizeof d);
  tt_rng_fill_normal_f32(&r,f,100001,-2,0.5); eat(f,sizeof f);
  tt_rng_fill_int64(&r,q,100000,-1000,123456789012ULL); eat(q,sizeof q);
  tt_rng_fill_int32(&r,i32,100001,-7,1000000); eat(i32,sizeof i32);
  tt_rng_fill_uint8(&r,u8,1001,3,200); eat(u8,sizeof u8);
  tt_rng_permutation(&r,q,100000); eat(q,sizeof q);
  double p[5]={0.1,0.2,0,0.3,0.4}, work[5]; tt_rng_choice_p(&r,q,1000,p,5,work); eat(q,8000);
  tt_rng_choice_p_noreplace(&r,q,4,p,5,work); eat(q,32);
  for (int k=0;k<100000;k++){ double x = d[k] > 0 ? d[k] : -d[k]; double l = tt_rng_log(x*1e-300*(k%7+1)); eat(&l,8);} 
  tt_rng_advance(&r, 12345, 6789); uint64_t x = tt_rng_next_u64(&r); eat(&x,8);
  printf("%016llx\n",(unsigned long long)h); return 0; }
"""
# The hash of the harness's output: the published stream again (see test_pinned_first_values),
# now for every distribution and the libm-free log, as one number.
C_HARNESS_HASH = "b35ccdb57a0e50b1"
CSRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "csrc")


def _cpu_has_fma():
    try:
        with open("/proc/cpuinfo") as f:
            return " fma" in f.read()
    except OSError:
        return False


@pytest.mark.skipif(shutil.which(os.environ.get("CC", "cc")) is None
                    or not os.path.exists(os.path.join(CSRC, "rng.c")),
                    reason="needs a C compiler and the csrc/ sources")
def test_c_outputs_identical_across_compile_flags(tmp_path):
    # FMA contraction (gcc's default in gnu modes wherever the ISA has FMA) would change the
    # rounding of a*b+c; rng.c turns it off. -O0 without __int128, -O2 with FMA allowed (x86-64)
    # and the baseline and AVX2 normal loops (TINYTENSOR_CPU) must all agree.
    cc = os.environ.get("CC", "cc")
    src = tmp_path / "harness.c"
    src.write_text(C_HARNESS)
    variants = [["-O0", "-DTT_NO_INT128"], ["-O2"]]
    if platform.machine() in ("x86_64", "AMD64") and _cpu_has_fma():
        variants[1] += ["-march=haswell", "-ffp-contract=fast"]
    hashes = set()
    for i, flags in enumerate(variants):
        exe = str(tmp_path / ("h%d" % i))
        subprocess.run([cc, *flags, "-I", CSRC, str(src), os.path.join(CSRC, "rng.c"), "-lm",
                        "-o", exe], check=True, capture_output=True)
        for cpu in ("", "baseline"):
            env = dict(os.environ, TINYTENSOR_CPU=cpu)
            hashes.add(subprocess.run([exe], check=True, capture_output=True, text=True,
                                      env=env).stdout.strip())
    assert hashes == {C_HARNESS_HASH}


# ---- tinytensor.random: scalars (no Tensor needed) ------------------------------------------

def test_generators_with_same_seed_agree():
    a, b = ttr.default_rng(5), ttr.default_rng(5)
    for name, args in (("random", ()), ("uniform", (2.0, 3.0)), ("normal", (1.0, 2.0)),
                       ("standard_normal", ()), ("integers", (0, 10)), ("choice", (7,))):
        assert getattr(a, name)(*args) == getattr(b, name)(*args)
    assert ttr.default_rng(5).random() != ttr.default_rng(6).random()


def test_module_seed_reproduces():
    ttr.seed(123)
    first = [ttr.random(), ttr.normal(), ttr.integers(100), ttr.uniform(-1, 1), ttr.rand(),
             ttr.randn(), ttr.standard_normal(), ttr.choice(10)]
    ttr.seed(123)
    again = [ttr.random(), ttr.normal(), ttr.integers(100), ttr.uniform(-1, 1), ttr.rand(),
             ttr.randn(), ttr.standard_normal(), ttr.choice(10)]
    assert first == again
    ttr.seed(123)
    assert ttr.random() == ttr.default_rng(123).random()
    st = ttr.get_state()
    x = ttr.random()
    ttr.set_state(st)
    assert ttr.random() == x


def test_scalar_types():
    g = ttr.default_rng(1)
    assert type(g.random()) is float and 0 <= g.random() < 1
    assert type(g.random(dtype="float32")) is float
    assert type(g.normal()) is float and type(g.standard_normal(dtype=float)) is float
    assert type(g.uniform(1, 2)) is float and 1 <= g.uniform(1, 2) < 2
    assert type(g.integers(5)) is int and 0 <= g.integers(5) < 5
    assert g.integers(3, 3, endpoint=True) == 3
    assert type(g.integers(0, 2, dtype=bool)) is bool
    assert type(g.integers(0, 10, dtype="int32")) is int
    assert type(g.choice(4)) is int and type(g.choice(4, p=[0, 0, 1, 0])) is int
    assert g.choice(4, p=[0, 0, 1, 0]) == 2
    assert g.choice(4, replace=False) in range(4)
    assert ttr.default_rng(g) is g
    assert isinstance(ttr.default_rng(PCG64DXSM(1)), ttr.Generator)
    h = pickle.loads(pickle.dumps(g))
    assert h.random() == g.random()


def test_float32_scalars_are_float32_values():
    g = ttr.default_rng(2)
    for _ in range(100):
        v = g.random(dtype="float32")
        assert v == float(np.float32(v)) and (v * 2**24).is_integer()
        w = g.normal(dtype="float32")
        assert w == float(np.float32(w))


def test_integer_bounds_and_dtypes():
    g = ttr.default_rng(3)
    vals = {g.integers(-2, 2, endpoint=True) for _ in range(300)}
    assert vals == {-2, -1, 0, 1, 2}
    assert {g.integers(250, 256, dtype="uint8") for _ in range(300)} == set(range(250, 256))
    big = g.integers(-(1 << 63), (1 << 63) - 1, endpoint=True)
    assert -(1 << 63) <= big < (1 << 63)
    g.integers(-(1 << 31), 1 << 31, dtype="int32")


@pytest.mark.parametrize("call, exc, msg", [
    (lambda g: g.integers(5, 5), ValueError, "low >= high"),
    (lambda g: g.integers(5, 4, endpoint=True), ValueError, "low > high"),
    (lambda g: g.integers(0), ValueError, "high <= 0"),
    (lambda g: g.integers(-(1 << 63) - 1, 0), ValueError, "low is out of bounds for int64"),
    (lambda g: g.integers(0, (1 << 63) + 1), ValueError, "high is out of bounds for int64"),
    (lambda g: g.integers(0, 257, dtype="uint8"), ValueError, "high is out of bounds for uint8"),
    (lambda g: g.integers(-1, 2, dtype="uint8"), ValueError, "low is out of bounds for uint8"),
    (lambda g: g.integers(0, 1 << 31, endpoint=True, dtype="int32"), ValueError, "out of bounds"),
    (lambda g: g.integers(0, 3, dtype=float), TypeError, "Unsupported dtype"),
    (lambda g: g.integers(0, 3, dtype="int16"), TypeError, "dtype|data type"),
    (lambda g: g.integers("a", 3), TypeError, "low must be an integer"),
    (lambda g: g.integers(0, 3, size=-1), ValueError, "negative dimensions"),
    (lambda g: g.random(size=(2, -1)), ValueError, "negative dimensions"),
    (lambda g: g.random(size=2.5), TypeError, "sequence of integers"),
    (lambda g: g.random(dtype="int32"), TypeError, "Unsupported dtype 'int32' for random"),
    (lambda g: g.random(dtype="float16"), TypeError, "dtype|data type"),
    (lambda g: g.random(dtype="nonsense"), TypeError, "data type"),
    (lambda g: g.standard_normal(dtype=int), TypeError, "Unsupported dtype"),
    (lambda g: g.normal(0, -1), ValueError, "scale < 0"),
    (lambda g: g.normal(0, 1, size=-3), ValueError, "negative dimensions"),
    (lambda g: g.uniform(1, 0), ValueError, "high - low < 0"),
    (lambda g: g.uniform(0, math.inf), OverflowError, "range exceeds"),
    (lambda g: g.uniform(0, [1, 2]), TypeError, "high must be a real number"),
    (lambda g: g.choice(0), ValueError, "a must be a positive integer unless no samples"),
    (lambda g: g.choice(-1), ValueError, "a must be a positive integer"),
    (lambda g: g.choice(2.5), ValueError, "a must be a sequence or an integer"),
    (lambda g: g.choice(3, p=[0.5, 0.6, 0.1]), ValueError, "do not sum to 1"),
    (lambda g: g.choice(3, p=[0.5, 0.5]), ValueError, "a and p must have same size"),
    (lambda g: g.choice(3, p=[0.5, -0.5, 1.0]), ValueError, "not non-negative"),
    (lambda g: g.choice(3, p=[math.nan, 0.5, 0.5]), ValueError, "contain NaN"),
    (lambda g: g.choice(3, p=[[0.5, 0.5, 0.0]]), ValueError, "1-dimensional"),
    (lambda g: g.choice(3, 4, replace=False), ValueError, "larger sample than population"),
    (lambda g: g.choice(3, 3, replace=False, p=[0.5, 0.5, 0]), ValueError, "Fewer non-zero"),
    (lambda g: g.permutation(2.5), TypeError, "must be an integer"),
    (lambda g: g.permutation(-1), ValueError, "negative dimensions"),
    (lambda g: g.shuffle(5), TypeError, "mutable sequence"),
    (lambda g: ttr.Generator(5), TypeError, "PCG64DXSM"),
    (lambda g: ttr.default_rng(-1), ValueError, "non-negative"),
    (lambda g: ttr.default_rng(1.5), TypeError, "seed must be"),
])
def test_errors(call, exc, msg):
    with pytest.raises(exc, match=msg):
        call(ttr.default_rng(0))


def test_out_argument_fills_in_place():
    # out= takes any C-contiguous writable buffer of the dtype (a Tensor, or here NumPy)
    g = ttr.default_rng(6)
    a = np.zeros((3, 4))
    assert g.random(out=a) is a
    ref = ttr.default_rng(6)
    assert np.array_equal(a.ravel(), [ref.random() for _ in range(12)])
    b = np.zeros(5, np.float32)
    g.standard_normal(5, dtype="float32", out=b)
    assert (b != 0).all()
    with pytest.raises(TypeError, match="wrong type"):
        g.random(out=np.zeros(3, np.float32))
    with pytest.raises(ValueError, match="size must match"):
        g.random((2, 2), out=np.zeros(3))
    with pytest.raises(ValueError, match="C-contiguous"):
        g.random(out=np.zeros((4, 4))[:, ::2])
    with pytest.raises(ValueError, match="read-only"):
        ro = np.zeros(3)
        ro.flags.writeable = False
        g.random(out=ro)


def test_choice_without_samples_and_shuffle_of_a_list():
    g = ttr.default_rng(4)
    x = list(range(20))
    g.shuffle(x)
    assert sorted(x) == list(range(20)) and x != list(range(20))
    y = list(range(20))
    ttr.default_rng(4).shuffle(y)
    assert x == y


def test_dtype_spellings():
    g = ttr.default_rng(0)
    for d in ("float32", "f4", "f", np.float32, np.dtype("float32")):
        assert ttr._dtype_name(d) == "float32"
    for d in ("float64", float, np.float64, "d"):
        assert ttr._dtype_name(d) == "float64"
    for d in ("int64", int, np.int64, "i8"):
        assert ttr._dtype_name(d) == "int64"
    assert ttr._dtype_name(bool) == "bool"
    if _core is not None and hasattr(_core, "float32"):
        assert ttr._dtype_name(_core.float32) == "float32"
    g.random(dtype=np.float32)


# ---- tinytensor.random: Tensor outputs --------------------------------------------------------

@needs_core
def test_shapes_and_dtypes_of_tensor_outputs():
    g = ttr.default_rng(0)
    cases = [
        (g.random((2, 3)), "d", (2, 3)),
        (g.random(4, dtype="float32"), "f", (4,)),
        (g.uniform(1, 2, (5,)), "d", (5,)),
        (g.uniform(1, 2, (2, 2), dtype="float32"), "f", (2, 2)),
        (g.normal(0, 1, (3, 1, 2)), "d", (3, 1, 2)),
        (g.normal(0, 1, 7, dtype="float32"), "f", (7,)),
        (g.standard_normal((2, 0)), "d", (2, 0)),
        (g.standard_normal((), dtype="float32"), "f", ()),
        (g.integers(0, 10, (2, 5)), "q", (2, 5)),
        (g.integers(0, 10, 6, dtype="int32"), "i", (6,)),
        (g.integers(0, 10, 6, dtype="uint8"), "B", (6,)),
        (g.integers(0, 2, 6, dtype=bool), "?", (6,)),
        (g.permutation(9), "q", (9,)),
        (g.choice(5, (2, 3)), "q", (2, 3)),
        (g.choice(5, 4, replace=False), "q", (4,)),
        (g.choice(5, 4, p=[0.2] * 5), "q", (4,)),
        (ttr.rand(2, 3), "d", (2, 3)),
        (ttr.randn(4), "d", (4,)),
        (ttr.randn((2, 2), dtype="float32"), "f", (2, 2)),
    ]
    for t, fmt, shape in cases:
        assert isinstance(t, _core.Tensor)
        f, s, _ = mv(t)
        assert (f, tuple(s)) == (fmt, shape)
        assert t.dtype == _core.dtype(fmt) and tuple(t.shape) == shape
    # tt dtypes as arguments
    assert g.random(3, dtype=_core.float32).dtype == _core.float32
    assert g.normal(size=3, dtype=_core.float64).dtype == _core.float64
    assert g.integers(0, 9, 3, dtype=_core.int32).dtype == _core.int32
    assert g.integers(0, 9, 3, dtype=_core.uint8).dtype == _core.uint8
    assert g.integers(0, 2, 3, dtype=_core.bool_).dtype == _core.bool_
    with pytest.raises(TypeError, match="Unsupported dtype 'int64' for random"):
        g.random(3, dtype=_core.int64)
    with pytest.raises(TypeError, match="Unsupported dtype 'float32' for integers"):
        g.integers(0, 3, 3, dtype=_core.float32)


@needs_core
def test_tensor_values():
    a = ttr.default_rng(9)
    t = a.random(1000)
    b = ttr.default_rng(9)
    assert mv(t)[2] == [b.random() for _ in range(1000)]   # one word per float64 either way
    vals = mv(ttr.default_rng(9).normal(3.0, 0.5, 50_000))[2]
    x = np.array(vals)
    assert_moments(x, 3.0, 0.25, 3 * 0.25**2)
    ints = np.array(mv(ttr.default_rng(9).integers(-3, 4, 70_000, dtype="int32"))[2])
    assert chi2_uniform(np.bincount(ints + 3)) < CHI2_1E6[6]
    bits = mv(ttr.default_rng(9).integers(0, 2, 1000, dtype=bool))[2]
    assert set(bits) == {False, True}
    p = mv(ttr.default_rng(9).permutation(500))[2]
    assert sorted(p) == list(range(500))
    c = mv(ttr.default_rng(9).choice(10**9, 1000, replace=False))[2]
    assert len(set(c)) == 1000 and all(0 <= v < 10**9 for v in c)
    c = mv(ttr.default_rng(9).choice(50, 50, replace=False))[2]
    assert sorted(c) == list(range(50))
    f32 = mv(ttr.default_rng(9).normal(size=100, dtype="float32"))[2]
    f64 = mv(ttr.default_rng(9).normal(size=100))[2]
    assert f32 == [float(np.float32(v)) for v in f64]


@needs_core
@needs_indexing
def test_permutation_and_shuffle_of_a_tensor():
    g = ttr.default_rng(10)
    x = ttr.default_rng(0).integers(0, 1000, (6, 2))
    before = mv(x)[2]
    y = g.permutation(x)
    rows = lambda flat: sorted(zip(flat[0::2], flat[1::2]))
    assert rows(mv(y)[2]) == rows(before) and mv(x)[2] == before
    g.shuffle(x)
    assert rows(mv(x)[2]) == rows(before)
    z = g.choice(x, 3)
    assert tuple(memoryview(z).shape) == (3, 2)
    assert sorted(mv(g.permutation([5, 6, 7]))[2]) == [5, 6, 7]
    c = mv(g.choice([1.5, 2.5], 10))
    assert c[0] == "d" and set(c[2]) <= {1.5, 2.5}
    assert g.choice([4, 5, 6], p=[0, 1, 0]) == 5
