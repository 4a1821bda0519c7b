/* tinytensor's random numbers: PCG64-DXSM and the distributions built on it.
 *
 * Pure C99 (128-bit arithmetic uses unsigned __int128 where the compiler has it and a
 * portable 64-bit-limb version otherwise; both give the same bits). No Python, no global
 * state: every function takes the generator it advances, and may be called with the GIL
 * released. One tt_rng must not be used by two threads at once (the caller locks).
 *
 * THE BIT GENERATOR: PCG64-DXSM (O'Neill, "PCG: A family of simple fast space-efficient
 * statistically good algorithms for random number generation", 2014, and the DXSM output
 * function of 2019; NumPy's PCG64DXSM). State: a 128-bit LCG, state = state * M + inc with
 * the 64-bit "cheap multiplier" M = 0xda942042e4dd58b5 and an odd 128-bit increment (so
 * 2^127 distinct streams, each of period 2^128). Output: the DXSM permutation ("double
 * xorshift multiply") of the state *before* the step:
 *     hi ^= hi >> 32;  hi *= M;  hi ^= hi >> 48;  hi *= (lo | 1);
 * Why this one: integer-only (so bit-identical on every machine and compiler), passes
 * BigCrush/PractRand, ~1 ns per 64 bits, and its raw stream can be checked bit for bit
 * against NumPy's PCG64DXSM given the same (state, inc) -- the tests do exactly that.
 * Philox4x32-10 would be the choice for cheap random access to a stream; we do not need it.
 *
 * SEEDING: the seed is a list of 64-bit words (a Python int is split into little-endian
 * words; the seed 0 is the one word 0). They are absorbed into one 64-bit value x
 * (x = w0; then x = splitmix64_mix(x + GAMMA) ^ w_i for each further word), and SplitMix64
 * run from x gives four words: initstate = (w0 << 64 | w1), initseq = (w2 << 64 | w3).
 * The PCG reference seeding then runs: state = 0; inc = initseq << 1 | 1; step;
 * state += initstate; step. Distinct one-word seeds give distinct streams (the SplitMix64
 * finaliser is a bijection); longer seeds collide only with probability ~2^-64.
 *
 * DETERMINISM OF FLOATING-POINT OUTPUTS: everything below uses only IEEE-754 binary64
 * + - * / and sqrt (correctly rounded, so identical everywhere) plus our own log
 * (tt_rng_log, written in + - * / only), never libm's exp/log/sin/cos, whose last bit may
 * differ between libm versions. rng.c turns floating-point contraction (FMA fusion) off.
 * Residual risk: a platform whose double arithmetic is not IEEE binary64 with round-to-
 * nearest (x87 excess precision, FLT_EVAL_METHOD != 0: rng.c refuses to compile there),
 * or a compiler flag such as -ffast-math that licenses reassociation (never used here).
 *
 * CONSUMPTION OF THE STREAM (part of the published behaviour; do not change lightly):
 *   - uint64 / float64 uniform: one 64-bit word per value.
 *   - float32 uniform, int32 and uint8 bounded integers: each 64-bit word gives two 32-bit
 *     halves, low half first; a call's leftover half is discarded (each call starts on a
 *     fresh word).
 *   - normal: Marsaglia's polar method takes two float64 uniforms per attempt and yields
 *     two normals per accepted pair (first u1*f, then u2*f); a call's leftover normal is
 *     discarded. float32 normals are the float64 normals rounded to float32.
 *   - bounded integers, shuffles: one word (int64, shuffles) or half-word (int32, uint8)
 *     per Lemire attempt (span 0 draws nothing);
 *     Fisher-Yates swaps front to back. Weighted choice: one float64 uniform per draw.
 */
#ifndef TT_RNG_H
#define TT_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t state_hi, state_lo;   /* 128-bit LCG state */
    uint64_t inc_hi, inc_lo;       /* 128-bit odd increment: selects the stream */
} tt_rng;

/* Seed from nwords >= 1 64-bit words (see SEEDING above). nwords == 0 acts as {0}. */
void tt_rng_seed(tt_rng *r, const uint64_t *words, size_t nwords);

/* Set / read the raw state. set_state forces the increment odd. */
void tt_rng_set_state(tt_rng *r, uint64_t state_hi, uint64_t state_lo,
                      uint64_t inc_hi, uint64_t inc_lo);

/* Move the stream forward by delta (a 128-bit count of 64-bit words) in O(log delta). */
void tt_rng_advance(tt_rng *r, uint64_t delta_hi, uint64_t delta_lo);

/* The next 64 random bits. */
uint64_t tt_rng_next_u64(tt_rng *r);

/* Fill out[0..n) with raw 64-bit words. */
void tt_rng_fill_u64(tt_rng *r, uint64_t *out, size_t n);

/* Uniform floats: low + (high - low) * u with u in [0, 1): 53 random bits for float64,
 * 24 for float32 (the float32 value is computed in double and rounded once). With
 * low = 0, high = 1 this is exactly u. As in NumPy, rounding can give `high` itself when
 * high - low is not a power of two. */
void tt_rng_fill_uniform_f64(tt_rng *r, double *out, size_t n, double low, double high);
void tt_rng_fill_uniform_f32(tt_rng *r, float *out, size_t n, double low, double high);

/* Normal(loc, scale) by Marsaglia's polar method (see above). */
void tt_rng_fill_normal_f64(tt_rng *r, double *out, size_t n, double loc, double scale);
void tt_rng_fill_normal_f32(tt_rng *r, float *out, size_t n, double loc, double scale);

/* Uniform integers in [low, low + span] (span is the largest offset, high - low for an
 * inclusive high; span = 0 gives low everywhere, span = UINT64_MAX every 64-bit value),
 * without modulo bias, by Lemire's nearly-divisionless multiply-and-reject method.
 * The result is low + offset with two's-complement wrap-around, so the caller must make
 * sure low + span fits the output type. */
void tt_rng_fill_int64(tt_rng *r, int64_t *out, size_t n, int64_t low, uint64_t span);
void tt_rng_fill_int32(tt_rng *r, int32_t *out, size_t n, int32_t low, uint32_t span);
void tt_rng_fill_uint8(tt_rng *r, uint8_t *out, size_t n, uint8_t low, uint8_t span);

/* One uniform integer in [0, span] (64-bit Lemire). */
uint64_t tt_rng_bounded_u64(tt_rng *r, uint64_t span);

/* Fisher-Yates, front to back: for i in [0, m): swap idx[i] with idx[i + U{0..n-1-i}].
 * Afterwards idx[0..m) is a uniformly random ordered m-subset of the original entries;
 * m >= n - 1 gives a uniformly random permutation of all n. m is clamped to n. */
void tt_rng_shuffle_i64(tt_rng *r, int64_t *idx, size_t n, size_t m);

/* out[i] = i, then a full shuffle: a uniformly random permutation of 0..n-1. */
void tt_rng_permutation(tt_rng *r, int64_t *out, size_t n);

/* Weighted choice with replacement from k categories with non-negative weights p
 * (not necessarily normalised; their sum must be > 0): cdf[0..k) (caller's scratch) is set
 * to the running sum divided by the total, and out[i] is the first j with cdf[j] > u_i,
 * u_i a float64 uniform (as NumPy's cdf.searchsorted(u, side='right')). */
void tt_rng_choice_p(tt_rng *r, int64_t *out, size_t n, const double *p, size_t k,
                     double *cdf);

/* Weighted choice WITHOUT replacement: m draws, each from the weights of the categories not
 * yet drawn (sequential sampling, O(m * k)). w[0..k) is the caller's scratch (a copy of p
 * that is zeroed as categories are drawn). The caller guarantees at least m non-zero
 * weights. Returns 0, or -1 if the remaining weight became 0 (cannot happen then). */
int tt_rng_choice_p_noreplace(tt_rng *r, int64_t *out, size_t m, const double *p, size_t k,
                              double *w);

/* Natural log for 0 < x < inf in + - * / only (bit-identical on every IEEE machine),
 * accurate to about 1 ulp. Exposed for tests. Returns -inf for 0 and NaN for x < 0. */
double tt_rng_log(double x);

#endif
