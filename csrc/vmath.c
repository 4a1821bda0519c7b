/* Vectorised transcendental functions for float32 and float64 (see vmath.h).
 *
 * The kernels live in vmath_kernel.h (and the family headers it includes), written once
 * with GCC vector extensions and compiled here once per ISA level (baseline SSE2, AVX2+FMA, AVX-512) under `#pragma GCC target`;
 * each public function calls the variant of the level chosen in cpu.c. No threading here:
 * callers split large arrays themselves.
 */
#include <stdint.h>
#include <string.h>
#include "cpu.h"
#include "vmath.h"
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>
#endif

/* VANY32(m) / VANY64(m): is any lane of a comparison mask set (picks the slow path). */

/* baseline: 16-byte vectors (SSE2 on x86-64; any GCC-compatible target elsewhere) */
#define VW 16
#define SFX(nm) nm##_base
#if defined(__GNUC__) && defined(__SSE2__)
#define VANY32(m) _mm_movemask_ps((__m128)(m))
#define VANY64(m) _mm_movemask_pd((__m128d)(m))
#else
#define VANY32(m) ((m)[0] | (m)[1] | (m)[2] | (m)[3])
#define VANY64(m) ((m)[0] | (m)[1])
#endif
#include "vmath_kernel.h"
#undef VW
#undef SFX
#undef VANY32
#undef VANY64

/* The per-ISA variants need GCC's `#pragma GCC target` (clang ignores it): other compilers
 * build the baseline variant only. */
#if defined(__GNUC__) && !defined(__clang__) && (defined(__x86_64__) || defined(__i386__))
#define TT_VMATH_X86 1


#pragma GCC push_options
TT_TARGET(TT_TARGET_AVX2)
#define VW 32
#define SFX(nm) nm##_avx2
#define VANY32(m) _mm256_movemask_ps((__m256)(m))
#define VANY64(m) _mm256_movemask_pd((__m256d)(m))
#include "vmath_kernel.h"
#undef VW
#undef SFX
#undef VANY32
#undef VANY64
#pragma GCC pop_options

#pragma GCC push_options
TT_TARGET(TT_TARGET_AVX512)
#define VW 64
#define SFX(nm) nm##_avx512
#define VANY32(m) _mm512_movepi32_mask((__m512i)(m))
#define VANY64(m) _mm512_movepi64_mask((__m512i)(m))
#include "vmath_kernel.h"
#undef VW
#undef SFX
#undef VANY32
#undef VANY64
#pragma GCC pop_options
#endif

#ifdef TT_VMATH_X86
#define TT_VMATH_DISPATCH(name, T)                                          \
    void tt_##name(const T *x, T *y, tt_ssize n)                            \
    {                                                                       \
        if (n <= 0) return;                                                 \
        tt_cpu_init();                                                      \
        switch (tt_cpu_level()) {                                           \
        case TT_CPU_AVX512: name##_avx512(x, y, n); return;                 \
        case TT_CPU_AVX2: name##_avx2(x, y, n); return;                     \
        default: name##_base(x, y, n); return;                              \
        }                                                                   \
    }
#define TT_VMATH_DISPATCH2(name, T)                                         \
    void tt_##name(const T *x1, const T *x2, T *y, tt_ssize n)              \
    {                                                                       \
        if (n <= 0) return;                                                 \
        tt_cpu_init();                                                      \
        switch (tt_cpu_level()) {                                           \
        case TT_CPU_AVX512: name##_avx512(x1, x2, y, n); return;            \
        case TT_CPU_AVX2: name##_avx2(x1, x2, y, n); return;                \
        default: name##_base(x1, x2, y, n); return;                         \
        }                                                                   \
    }
#else
#define TT_VMATH_DISPATCH(name, T)                                          \
    void tt_##name(const T *x, T *y, tt_ssize n)                            \
    {                                                                       \
        if (n <= 0) return;                                                 \
        name##_base(x, y, n);                                               \
    }
#define TT_VMATH_DISPATCH2(name, T)                                         \
    void tt_##name(const T *x1, const T *x2, T *y, tt_ssize n)              \
    {                                                                       \
        if (n <= 0) return;                                                 \
        name##_base(x1, x2, y, n);                                          \
    }
#endif

TT_VMATH_DISPATCH(vexp_f32, float)
TT_VMATH_DISPATCH(vlog_f32, float)
TT_VMATH_DISPATCH(vtanh_f32, float)
TT_VMATH_DISPATCH(vsigmoid_f32, float)
TT_VMATH_DISPATCH(vexp_f64, double)
TT_VMATH_DISPATCH(vlog_f64, double)
TT_VMATH_DISPATCH(vtanh_f64, double)
TT_VMATH_DISPATCH(vsigmoid_f64, double)

/* vmath_trig_kernel.h and vmath_explog_kernel.h; binary ones: y[i] = f(x1[i], x2[i]) */
TT_VMATH_DISPATCH(vsin_f32, float)
TT_VMATH_DISPATCH(vcos_f32, float)
TT_VMATH_DISPATCH(vtan_f32, float)
TT_VMATH_DISPATCH(vasin_f32, float)
TT_VMATH_DISPATCH(vacos_f32, float)
TT_VMATH_DISPATCH(vatan_f32, float)
TT_VMATH_DISPATCH(vsinh_f32, float)
TT_VMATH_DISPATCH(vcosh_f32, float)
TT_VMATH_DISPATCH(vasinh_f32, float)
TT_VMATH_DISPATCH(vacosh_f32, float)
TT_VMATH_DISPATCH(vatanh_f32, float)
TT_VMATH_DISPATCH(vexp2_f32, float)
TT_VMATH_DISPATCH(vexpm1_f32, float)
TT_VMATH_DISPATCH(vlog1p_f32, float)
TT_VMATH_DISPATCH(vlog2_f32, float)
TT_VMATH_DISPATCH(vlog10_f32, float)
TT_VMATH_DISPATCH(vcbrt_f32, float)
TT_VMATH_DISPATCH2(vatan2_f32, float)
TT_VMATH_DISPATCH2(vhypot_f32, float)
TT_VMATH_DISPATCH2(vlogaddexp_f32, float)
TT_VMATH_DISPATCH(vsin_f64, double)
TT_VMATH_DISPATCH(vcos_f64, double)
TT_VMATH_DISPATCH(vtan_f64, double)
TT_VMATH_DISPATCH(vasin_f64, double)
TT_VMATH_DISPATCH(vacos_f64, double)
TT_VMATH_DISPATCH(vatan_f64, double)
TT_VMATH_DISPATCH(vsinh_f64, double)
TT_VMATH_DISPATCH(vcosh_f64, double)
TT_VMATH_DISPATCH(vasinh_f64, double)
TT_VMATH_DISPATCH(vacosh_f64, double)
TT_VMATH_DISPATCH(vatanh_f64, double)
TT_VMATH_DISPATCH(vexp2_f64, double)
TT_VMATH_DISPATCH(vexpm1_f64, double)
TT_VMATH_DISPATCH(vlog1p_f64, double)
TT_VMATH_DISPATCH(vlog2_f64, double)
TT_VMATH_DISPATCH(vlog10_f64, double)
TT_VMATH_DISPATCH(vcbrt_f64, double)
TT_VMATH_DISPATCH2(vatan2_f64, double)
TT_VMATH_DISPATCH2(vhypot_f64, double)
TT_VMATH_DISPATCH2(vlogaddexp_f64, double)
