/* tinytensor's random numbers: PCG64-DXSM and its distributions. See rng.h for the choices
 * (algorithm, seeding, how each distribution consumes the stream, determinism). */

/* Bit-for-bit reproducibility of the float outputs needs every a*b+c rounded twice, as
 * written: no fused multiply-add. GCC contracts across statements by default in gnu modes
 * (and the x86-64 baseline merely lacks FMA; aarch64 has it), so turn it off for this file. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include "rng.h"
#include "mul64.h"
#include "cpu.h"        /* only for the TT_TARGET_AVX2 string */

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0 && FLT_EVAL_METHOD != -1
#error "rng.c needs IEEE double arithmetic without excess precision (FLT_EVAL_METHOD == 0), e.g. SSE2 rather than x87"
#endif

#define PCG_CHEAP_MULT 0xda942042e4dd58b5ULL

/* ---- 128-bit helpers ------------------------------------------------------------------ */

/* (ah:al) * (bh:bl) mod 2^128. */
static inline void mul_128(uint64_t ah, uint64_t al, uint64_t bh, uint64_t bl,
                           uint64_t *rh, uint64_t *rl)
{
    uint64_t hi, lo;
    tt_mul_64x64(al, bl, &hi, &lo);
    *rh = hi + ah * bl + al * bh;
    *rl = lo;
}

/* (ah:al) + (bh:bl) mod 2^128. */
static inline void add_128(uint64_t ah, uint64_t al, uint64_t bh, uint64_t bl,
                           uint64_t *rh, uint64_t *rl)
{
    uint64_t lo = al + bl;
    *rh = ah + bh + (lo < al);
    *rl = lo;
}

/* ---- the bit generator ---------------------------------------------------------------- */

/* One LCG step: state = state * M + inc (mod 2^128). */
static inline void pcg_step(tt_rng *r)
{
    uint64_t hi, lo;
    mul_128(r->state_hi, r->state_lo, 0, PCG_CHEAP_MULT, &hi, &lo);
    add_128(hi, lo, r->inc_hi, r->inc_lo, &r->state_hi, &r->state_lo);
}

/* DXSM output of the current state, then a step. */
static inline uint64_t next64(tt_rng *r)
{
    uint64_t hi = r->state_hi, lo = r->state_lo | 1u;
    hi ^= hi >> 32;
    hi *= PCG_CHEAP_MULT;
    hi ^= hi >> 48;
    hi *= lo;
    pcg_step(r);
    return hi;
}

uint64_t tt_rng_next_u64(tt_rng *r) { return next64(r); }

void tt_rng_fill_u64(tt_rng *r, uint64_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) out[i] = next64(r);
}

void tt_rng_set_state(tt_rng *r, uint64_t state_hi, uint64_t state_lo,
                      uint64_t inc_hi, uint64_t inc_lo)
{
    r->state_hi = state_hi;
    r->state_lo = state_lo;
    r->inc_hi = inc_hi;
    r->inc_lo = inc_lo | 1u;
}

/* SplitMix64 (Steele, Lea, Flood 2014): a Weyl sequence with step GAMMA, each value passed
 * through a bijective finaliser (Stafford's "mix13" constants). */
#define SPLITMIX_GAMMA 0x9e3779b97f4a7c15ULL

static inline uint64_t splitmix_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline uint64_t splitmix_next(uint64_t *x)
{
    *x += SPLITMIX_GAMMA;
    return splitmix_mix(*x);
}

void tt_rng_seed(tt_rng *r, const uint64_t *words, size_t nwords)
{
    uint64_t x = nwords ? words[0] : 0;
    for (size_t i = 1; i < nwords; i++) x = splitmix_mix(x + SPLITMIX_GAMMA) ^ words[i];

    uint64_t s_hi = splitmix_next(&x), s_lo = splitmix_next(&x);
    uint64_t q_hi = splitmix_next(&x), q_lo = splitmix_next(&x);

    /* PCG's reference seeding: inc = initseq << 1 | 1, then two steps around adding
     * initstate (so that nearby initstates do not give nearby first outputs). */
    r->state_hi = 0;
    r->state_lo = 0;
    r->inc_hi = (q_hi << 1) | (q_lo >> 63);
    r->inc_lo = (q_lo << 1) | 1u;
    pcg_step(r);
    add_128(r->state_hi, r->state_lo, s_hi, s_lo, &r->state_hi, &r->state_lo);
    pcg_step(r);
}

/* Jump ahead: delta steps of x -> M x + c compose to x -> A x + C with A = M^delta and
 * C = c (M^(delta-1) + ... + 1); square-and-multiply on the pair (Brown, "Random number
 * generation with arbitrary strides", 1994). */
void tt_rng_advance(tt_rng *r, uint64_t delta_hi, uint64_t delta_lo)
{
    uint64_t acc_mh = 0, acc_ml = 1, acc_ch = 0, acc_cl = 0;     /* identity map */
    uint64_t cur_mh = 0, cur_ml = PCG_CHEAP_MULT;                 /* one step */
    uint64_t cur_ch = r->inc_hi, cur_cl = r->inc_lo;
    while (delta_hi | delta_lo) {
        if (delta_lo & 1u) {
            /* acc = cur o acc: x -> cur_m (acc_m x + acc_c) + cur_c */
            uint64_t h, l;
            mul_128(cur_mh, cur_ml, acc_mh, acc_ml, &acc_mh, &acc_ml);
            mul_128(cur_mh, cur_ml, acc_ch, acc_cl, &h, &l);
            add_128(h, l, cur_ch, cur_cl, &acc_ch, &acc_cl);
        }
        /* cur = cur o cur: x -> cur_m^2 x + (cur_m + 1) cur_c */
        uint64_t ph, pl, h, l;
        add_128(cur_mh, cur_ml, 0, 1, &ph, &pl);
        mul_128(ph, pl, cur_ch, cur_cl, &h, &l);
        cur_ch = h;
        cur_cl = l;
        mul_128(cur_mh, cur_ml, cur_mh, cur_ml, &cur_mh, &cur_ml);
        delta_lo = (delta_lo >> 1) | (delta_hi << 63);
        delta_hi >>= 1;
    }
    uint64_t h, l;
    mul_128(acc_mh, acc_ml, r->state_hi, r->state_lo, &h, &l);
    add_128(h, l, acc_ch, acc_cl, &r->state_hi, &r->state_lo);
}

/* 32-bit draws: both halves of each 64-bit word, low half first. Lives for one call. */
typedef struct {
    tt_rng *r;
    uint64_t word;
    int have;
} half_source;

static inline uint32_t next32(half_source *h)
{
    if (h->have) {
        h->have = 0;
        return (uint32_t)(h->word >> 32);
    }
    h->word = next64(h->r);
    h->have = 1;
    return (uint32_t)h->word;
}

/* ---- uniform floats ------------------------------------------------------------------- */

/* The top 53 bits as k * 2^-53: every double in [0, 1) that is a multiple of 2^-53. */
static inline double next_double(tt_rng *r)
{
    return (double)(next64(r) >> 11) * 0x1.0p-53;
}

void tt_rng_fill_uniform_f64(tt_rng *r, double *out, size_t n, double low, double high)
{
    double width = high - low;
    for (size_t i = 0; i < n; i++) out[i] = low + width * next_double(r);
}

void tt_rng_fill_uniform_f32(tt_rng *r, float *out, size_t n, double low, double high)
{
    half_source h = {r, 0, 0};
    double width = high - low;
    for (size_t i = 0; i < n; i++) {
        float u = (float)(next32(&h) >> 8) * 0x1.0p-24f;   /* exact: 24 bits */
        out[i] = (float)(low + width * (double)u);
    }
}

/* ---- log in + - * / only ---------------------------------------------------------------- */

/* ln 2 split so that k * LN2_HI is exact for every binary exponent k (LN2_HI has 42
 * significant bits, k at most 11). */
static const double LN2_HI = 0x1.62e42fefa3800p-1;
static const double LN2_LO = 0x1.ef35793c76730p-45;

/* log(2^k0 * x) for a positive, normal, finite x. Branch-free so that loops over it vectorise
 * (vector + - * / are the same correctly rounded operations, so the bits do not change). */
static inline double log_scaled(double x, int32_t k0)
{
    /* x = 2^k * m with m in [sqrt(2)/2, sqrt(2)), read from the bits. */
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    int32_t k = k0 + (int32_t)(b >> 52) - 1023;
    b = (b & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
    double m;
    memcpy(&m, &b, sizeof m);                      /* m in [1, 2) */
    int big = m >= 0x1.6a09e667f3bcdp+0;           /* >= sqrt(2): halve it (exact) */
    m = big ? 0.5 * m : m;
    k += big;

    /* log(m) = log((1 + s) / (1 - s)) = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...) with
     * s = (m - 1) / (m + 1), |s| <= 0.1716; m - 1 is exact (Sterbenz). Terms through
     * s^19 / 19: the next one is below 2^-55 relative to the sum. */
    double f = m - 1.0;
    double s = f / (2.0 + f);
    double z = s * s;
    double p = 1.0 / 19.0;
    p = 1.0 / 17.0 + z * p;
    p = 1.0 / 15.0 + z * p;
    p = 1.0 / 13.0 + z * p;
    p = 1.0 / 11.0 + z * p;
    p = 1.0 / 9.0 + z * p;
    p = 1.0 / 7.0 + z * p;
    p = 1.0 / 5.0 + z * p;
    p = 1.0 / 3.0 + z * p;
    double two_s = 2.0 * s;
    double log_m = two_s + two_s * (z * p);
    double kd = (double)k;
    return kd * LN2_HI + (log_m + kd * LN2_LO);
}

double tt_rng_log(double x)
{
    if (!(x > 0.0)) return x == 0.0 ? -HUGE_VAL : (x - x) / (x - x); /* 0 -> -inf; <0, NaN -> NaN */
    if (x > DBL_MAX) return x;                                        /* +inf */
    if (x < DBL_MIN) return log_scaled(x * 0x1.0p54, -54);           /* subnormal */
    return log_scaled(x, 0);
}

/* ---- normal: Marsaglia's polar method -------------------------------------------------- */

/* Pairs of independent standard normals. (u1, u2) uniform in the square (-1, 1)^2 (2u - 1 is
 * exact), kept when inside the unit disc and not at its centre; then s = u1^2 + u2^2 is
 * uniform on (0, 1) and independent of the angle, and sqrt(-2 log(s) / s) * (u1, u2) is a
 * pair of independent N(0, 1). Acceptance pi/4, so ~2.55 words per pair. Uses only
 * + - * /, sqrt (correctly rounded) and our log: no sin/cos/exp.
 * Done in blocks: first the (sequential) accept/reject draws, then a loop over the block
 * that the compiler can vectorise. s >= 2^-104 here: normal, so log_scaled applies. */
#define NORMAL_BLOCK 128

static inline void polar_transform_body(const double *restrict u1, const double *restrict u2,
                                        const double *restrict s, double *restrict z, size_t nb)
{
    for (size_t k = 0; k < nb; k++) {
        double f = sqrt(-2.0 * log_scaled(s[k], 0) / s[k]);
        z[2 * k] = u1[k] * f;
        z[2 * k + 1] = u2[k] * f;
    }
}

/* The loop above needs 64-bit integer vector ops that baseline x86-64 (SSE2) lacks, so on
 * x86-64 it is also compiled for AVX2 and chosen at run time (about 2x faster). Same
 * operations, same IEEE rounding, no contraction: the same bits. TINYTENSOR_CPU=baseline
 * forces the baseline loop (as for the other kernels, see cpu.h). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(TT_RNG_NO_DISPATCH)
#define TT_RNG_DISPATCH 1
__attribute__((target(TT_TARGET_AVX2)))
static void polar_transform_avx2(const double *restrict u1, const double *restrict u2,
                                 const double *restrict s, double *restrict z, size_t nb)
{
    polar_transform_body(u1, u2, s, z, nb);
}

static int use_avx2 = -1;       /* -1: not decided yet (a benign race: all threads agree) */

static int decide_avx2(void)
{
    __builtin_cpu_init();
    int ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    const char *env = getenv("TINYTENSOR_CPU");
    if (env && !strcmp(env, "baseline")) ok = 0;
    return ok;
}
#endif

static void polar_transform(const double *u1, const double *u2, const double *s, double *z,
                            size_t nb)
{
#ifdef TT_RNG_DISPATCH
    if (use_avx2 < 0) use_avx2 = decide_avx2();
    if (use_avx2) {
        polar_transform_avx2(u1, u2, s, z, nb);
        return;
    }
#endif
    polar_transform_body(u1, u2, s, z, nb);
}

static void normal_pairs(tt_rng *r, double *z, size_t npairs)
{
    double u1[NORMAL_BLOCK], u2[NORMAL_BLOCK], s[NORMAL_BLOCK];
    while (npairs) {
        size_t nb = npairs < NORMAL_BLOCK ? npairs : NORMAL_BLOCK;
        for (size_t k = 0; k < nb; k++) {
            double a, b, q;
            do {
                a = 2.0 * next_double(r) - 1.0;
                b = 2.0 * next_double(r) - 1.0;
                q = a * a + b * b;
            } while (q >= 1.0 || q == 0.0);
            u1[k] = a;
            u2[k] = b;
            s[k] = q;
        }
        polar_transform(u1, u2, s, z, nb);
        z += 2 * nb;
        npairs -= nb;
    }
}

void tt_rng_fill_normal_f64(tt_rng *r, double *out, size_t n, double loc, double scale)
{
    size_t even = n & ~(size_t)1;
    normal_pairs(r, out, even / 2);
    for (size_t i = 0; i < even; i++) out[i] = loc + scale * out[i];
    if (n & 1) {
        double last[2];
        normal_pairs(r, last, 1);
        out[n - 1] = loc + scale * last[0];
    }
}

void tt_rng_fill_normal_f32(tt_rng *r, float *out, size_t n, double loc, double scale)
{
    double buf[2 * NORMAL_BLOCK];
    size_t i = 0;
    while (i < n) {
        size_t left = n - i;
        size_t npairs = left >= 2 * NORMAL_BLOCK ? NORMAL_BLOCK : (left + 1) / 2;
        normal_pairs(r, buf, npairs);
        size_t take = 2 * npairs < left ? 2 * npairs : left;
        for (size_t k = 0; k < take; k++) out[i + k] = (float)(loc + scale * buf[k]);
        i += take;
    }
}

/* ---- bounded integers: Lemire's nearly-divisionless method ----------------------------- */

/* Uniform in [0, span]. With limit = span + 1, x * limit (x a random 64-bit word) is a
 * 128-bit fixed-point number whose integer part (high word) is the candidate; it is biased
 * only through the 2^64 mod limit values of x whose fractional part (low word) falls below
 * that residue, and those are rejected. The division computing the residue runs only when
 * the low word is below limit, i.e. rarely. span 0 consumes nothing. */
uint64_t tt_rng_bounded_u64(tt_rng *r, uint64_t span)
{
    if (span == 0) return 0;
    if (span == UINT64_MAX) return next64(r);
    uint64_t limit = span + 1, hi, lo;
    tt_mul_64x64(next64(r), limit, &hi, &lo);
    if (lo < limit) {
        uint64_t residue = (0 - limit) % limit;     /* 2^64 mod limit */
        while (lo < residue) tt_mul_64x64(next64(r), limit, &hi, &lo);
    }
    return hi;
}

/* The same on 32-bit draws. */
static inline uint32_t bounded_u32(half_source *h, uint32_t span)
{
    if (span == UINT32_MAX) return next32(h);
    uint32_t limit = span + 1;
    uint64_t prod = (uint64_t)next32(h) * limit;
    if ((uint32_t)prod < limit) {
        uint32_t residue = (0u - limit) % limit;    /* 2^32 mod limit */
        while ((uint32_t)prod < residue) prod = (uint64_t)next32(h) * limit;
    }
    return (uint32_t)(prod >> 32);
}

void tt_rng_fill_int64(tt_rng *r, int64_t *out, size_t n, int64_t low, uint64_t span)
{
    /* Two's-complement wrap done in unsigned arithmetic (signed overflow is undefined). */
    for (size_t i = 0; i < n; i++)
        out[i] = (int64_t)((uint64_t)low + tt_rng_bounded_u64(r, span));
}

void tt_rng_fill_int32(tt_rng *r, int32_t *out, size_t n, int32_t low, uint32_t span)
{
    half_source h = {r, 0, 0};
    if (span == 0) {
        for (size_t i = 0; i < n; i++) out[i] = low;
        return;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = (int32_t)((uint32_t)low + bounded_u32(&h, span));
}

void tt_rng_fill_uint8(tt_rng *r, uint8_t *out, size_t n, uint8_t low, uint8_t span)
{
    half_source h = {r, 0, 0};
    if (span == 0) {
        for (size_t i = 0; i < n; i++) out[i] = low;
        return;
    }
    for (size_t i = 0; i < n; i++) out[i] = (uint8_t)(low + bounded_u32(&h, span));
}

/* ---- shuffles and choices --------------------------------------------------------------- */

void tt_rng_shuffle_i64(tt_rng *r, int64_t *idx, size_t n, size_t m)
{
    if (m > n) m = n;
    for (size_t i = 0; i < m && i + 1 < n; i++) {
        size_t j = i + (size_t)tt_rng_bounded_u64(r, (uint64_t)(n - 1 - i));
        int64_t t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
    }
}

void tt_rng_permutation(tt_rng *r, int64_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) out[i] = (int64_t)i;
    tt_rng_shuffle_i64(r, out, n, n);
}

void tt_rng_choice_p(tt_rng *r, int64_t *out, size_t n, const double *p, size_t k,
                     double *cdf)
{
    if (k == 0) return;
    double acc = 0.0;
    for (size_t j = 0; j < k; j++) {
        acc += p[j];
        cdf[j] = acc;
    }
    for (size_t j = 0; j < k; j++) cdf[j] /= acc;   /* cdf[k-1] == 1 exactly */
    for (size_t i = 0; i < n; i++) {
        double u = next_double(r);
        size_t lo = 0, hi = k - 1;                    /* first j with cdf[j] > u */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (cdf[mid] > u) hi = mid;
            else lo = mid + 1;
        }
        out[i] = (int64_t)lo;
    }
}

int tt_rng_choice_p_noreplace(tt_rng *r, int64_t *out, size_t m, const double *p, size_t k,
                              double *w)
{
    memcpy(w, p, k * sizeof *w);
    for (size_t i = 0; i < m; i++) {
        double total = 0.0;
        for (size_t j = 0; j < k; j++) total += w[j];
        if (!(total > 0.0)) return -1;
        double u = next_double(r) * total, acc = 0.0;
        size_t pick = k;
        for (size_t j = 0; j < k; j++) {
            if (w[j] <= 0.0) continue;
            acc += w[j];
            pick = j;                   /* the last positive one if rounding runs us off the end */
            if (acc > u) break;
        }
        out[i] = (int64_t)pick;
        w[pick] = 0.0;
    }
    return 0;
}
