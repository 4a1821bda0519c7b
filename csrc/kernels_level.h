/* One CPU level's kernels and their table (see dispatch.h). Included once by each of
 * kernels_baseline.c, kernels_avx2.c and kernels_avx512.c, which define
 *
 *   TT_LEVEL          TT_CPU_BASELINE, TT_CPU_AVX2 or TT_CPU_AVX512 (cpu.h)
 *   TT_LEVEL_SUFFIX   baseline, avx2 or avx512: ISA_NAME(nm) is nm_avx2, and the table is
 *                     ISA_NAME(tt_kernels) = tt_kernels_avx2
 *
 * and set the level's `#pragma GCC target` before including this. Each kernel family is one
 * header written once: vmath_kernel.h, gemm_kernel.h (with this level's register and cache
 * blocks below), reduce_kernel.h and elementwise_impl.h. Everything but the table is static.
 */
#include <stdint.h>
#include <string.h>
#include "cpu.h"
#include "dispatch.h"
#include "tt.h"
#include "threads.h"
#include "optim.h"
#include <math.h>
#if TT_LEVEL != TT_CPU_BASELINE || defined(__SSE2__)
#include <immintrin.h>
#endif

#define TT_GLUE_(a, b) a##_##b
#define TT_GLUE(a, b) TT_GLUE_(a, b)
#define ISA_NAME(nm) TT_GLUE(nm, TT_LEVEL_SUFFIX)

/* ---- vector math: VW = vector bytes; VANY32/VANY64: is any lane of a mask set ---- */
#if TT_LEVEL == TT_CPU_AVX512
#define VW 64
#define VANY32(m) _mm512_movepi32_mask((__m512i)(m))
#define VANY64(m) _mm512_movepi64_mask((__m512i)(m))
#elif TT_LEVEL == TT_CPU_AVX2
#define VW 32
#define VANY32(m) _mm256_movemask_ps((__m256)(m))
#define VANY64(m) _mm256_movemask_pd((__m256d)(m))
#else
#define VW 16                      /* SSE2 on x86-64; GCC's generic vectors elsewhere */
#if defined(__SSE2__)
#define VANY32(m) _mm_movemask_ps((__m128)(m))
#define VANY64(m) _mm_movemask_pd((__m128d)(m))
#else
#define VANY32(m) ((m)[0] | (m)[1] | (m)[2] | (m)[3])
#define VANY64(m) ((m)[0] | (m)[1])
#endif
#endif
/* (vmath_kernel.h pastes without expanding: its names are macros of themselves) */
#if TT_LEVEL == TT_CPU_AVX512
#define SFX(nm) nm##_avx512
#elif TT_LEVEL == TT_CPU_AVX2
#define SFX(nm) nm##_avx2
#else
#define SFX(nm) nm##_baseline
#endif
#include "vmath_kernel.h"
#undef SFX
#undef VANY32
#undef VANY64

/* ---- contiguous pairwise sums ---- */
#define T float
#define SUF f32
#include "reduce_kernel.h"
#define T double
#define SUF f64
#include "reduce_kernel.h"
#undef VW

/* ---- GEMM: register tile MR x NR and cache blocks MC, KC, NC per level and type (in
 * elements; for 32 KiB L1d / 1 MiB L2 per core: an A micro-panel MR x KC fits in half of L1,
 * a B block KC x NC in about half of L2) ---- */
#define SMALL_WORK (8.0 * 8 * 8)         /* multiply-adds at or below which: direct loop (measured: the packed path wins from ~10^3 up) */
#define PARALLEL_WORK (64.0 * 64 * 64)   /* multiply-adds from which: all threads */
#define NARROW_N 16                      /* N below which: the dot-product kernel */
#ifndef GEMM_CHUNKS_PER_THREAD
#define GEMM_CHUNKS_PER_THREAD 4         /* bands per thread when the shared operand is prepacked */
#endif

#if TT_LEVEL == TT_CPU_AVX512             /* AVX-512: 512-bit vectors, 32 registers */
#define T float
#define SFX ISA_NAME(f32)
#define VBYTES 64
#define MR 12
#define NR 32
#ifdef TUNE_F32                 /* -DTUNE_F32 -DTUNE_MC=.. -DTUNE_KC=.. -DTUNE_NC=..: tuning runs */
#define MC TUNE_MC
#define KC TUNE_KC
#define NC TUNE_NC
#else
#define MC 1200
#define KC 384
#define NC 384
#endif
#define NARROW_ROWS 4
#define NARROW_COLS 5
#include "gemm_kernel.h"

#define T double
#define SFX ISA_NAME(f64)
#define VBYTES 64
#define MR 12
#define NR 16
#ifdef TUNE_F64
#define MC TUNE_MC
#define KC TUNE_KC
#define NC TUNE_NC
#else
#define MC 1200
#define KC 256
#define NC 256
#endif
#define NARROW_ROWS 4
#define NARROW_COLS 5
#include "gemm_kernel.h"

#elif TT_LEVEL == TT_CPU_AVX2             /* AVX2 + FMA: 256-bit vectors, 16 registers */
#define T float
#define SFX ISA_NAME(f32)
#define VBYTES 32
#define MR 6
#define NR 16
#define MC 1200
#define KC 384
#define NC 384
#define NARROW_ROWS 3
#define NARROW_COLS 3
#include "gemm_kernel.h"

#define T double
#define SFX ISA_NAME(f64)
#define VBYTES 32
#define MR 6
#define NR 8
#define MC 1200
#define KC 256
#define NC 256
#define NARROW_ROWS 3
#define NARROW_COLS 3
#include "gemm_kernel.h"

#else                                     /* baseline: 128-bit vectors, 16 registers */
#define T float
#define SFX ISA_NAME(f32)
#define VBYTES 16
#define MR 4
#define NR 8
#define MC 1200
#define KC 384
#define NC 384
#define NARROW_ROWS 3
#define NARROW_COLS 3
#include "gemm_kernel.h"

#define T double
#define SFX ISA_NAME(f64)
#define VBYTES 16
#define MR 4
#define NR 4
#define MC 1200
#define KC 256
#define NC 256
#define NARROW_ROWS 3
#define NARROW_COLS 3
#include "gemm_kernel.h"
#endif

/* ---- fused optimiser updates ---- */
#define T float
#define SUF f32
#define SQRT sqrtf
#include "optim_kernel.h"
#define T double
#define SUF f64
#define SQRT sqrt
#include "optim_kernel.h"

/* ---- elementwise loops (they define helper macros of their own: last) ---- */
#include "elementwise_impl.h"

/* ---- the table ---- */
const tt_kernel_table ISA_NAME(tt_kernels) = {
    .binary_loop = ISA_NAME(tt_binary_loop),
    .unary_loop = ISA_NAME(tt_unary_loop),
    .cast_loop = ISA_NAME(tt_cast_loop),
    .where_loop = ISA_NAME(tt_where_loop),
    .gemm_f32 = ISA_NAME(gemm_f32),
    .gemm_f64 = ISA_NAME(gemm_f64),
    .vexp_f32 = ISA_NAME(vexp_f32),
    .vlog_f32 = ISA_NAME(vlog_f32),
    .vtanh_f32 = ISA_NAME(vtanh_f32),
    .vsigmoid_f32 = ISA_NAME(vsigmoid_f32),
    .vexp_f64 = ISA_NAME(vexp_f64),
    .vlog_f64 = ISA_NAME(vlog_f64),
    .vtanh_f64 = ISA_NAME(vtanh_f64),
    .vsigmoid_f64 = ISA_NAME(vsigmoid_f64),
    .vsin_f32 = ISA_NAME(vsin_f32),
    .vcos_f32 = ISA_NAME(vcos_f32),
    .vtan_f32 = ISA_NAME(vtan_f32),
    .vasin_f32 = ISA_NAME(vasin_f32),
    .vacos_f32 = ISA_NAME(vacos_f32),
    .vatan_f32 = ISA_NAME(vatan_f32),
    .vsinh_f32 = ISA_NAME(vsinh_f32),
    .vcosh_f32 = ISA_NAME(vcosh_f32),
    .vasinh_f32 = ISA_NAME(vasinh_f32),
    .vacosh_f32 = ISA_NAME(vacosh_f32),
    .vatanh_f32 = ISA_NAME(vatanh_f32),
    .vexp2_f32 = ISA_NAME(vexp2_f32),
    .vexpm1_f32 = ISA_NAME(vexpm1_f32),
    .vlog1p_f32 = ISA_NAME(vlog1p_f32),
    .vlog2_f32 = ISA_NAME(vlog2_f32),
    .vlog10_f32 = ISA_NAME(vlog10_f32),
    .vcbrt_f32 = ISA_NAME(vcbrt_f32),
    .vatan2_f32 = ISA_NAME(vatan2_f32),
    .vhypot_f32 = ISA_NAME(vhypot_f32),
    .vlogaddexp_f32 = ISA_NAME(vlogaddexp_f32),
    .vsin_f64 = ISA_NAME(vsin_f64),
    .vcos_f64 = ISA_NAME(vcos_f64),
    .vtan_f64 = ISA_NAME(vtan_f64),
    .vasin_f64 = ISA_NAME(vasin_f64),
    .vacos_f64 = ISA_NAME(vacos_f64),
    .vatan_f64 = ISA_NAME(vatan_f64),
    .vsinh_f64 = ISA_NAME(vsinh_f64),
    .vcosh_f64 = ISA_NAME(vcosh_f64),
    .vasinh_f64 = ISA_NAME(vasinh_f64),
    .vacosh_f64 = ISA_NAME(vacosh_f64),
    .vatanh_f64 = ISA_NAME(vatanh_f64),
    .vexp2_f64 = ISA_NAME(vexp2_f64),
    .vexpm1_f64 = ISA_NAME(vexpm1_f64),
    .vlog1p_f64 = ISA_NAME(vlog1p_f64),
    .vlog2_f64 = ISA_NAME(vlog2_f64),
    .vlog10_f64 = ISA_NAME(vlog10_f64),
    .vcbrt_f64 = ISA_NAME(vcbrt_f64),
    .vatan2_f64 = ISA_NAME(vatan2_f64),
    .vhypot_f64 = ISA_NAME(vhypot_f64),
    .vlogaddexp_f64 = ISA_NAME(vlogaddexp_f64),
    .sum_contig_f32 = ISA_NAME(sum_contig_f32),
    .sum_contig_f64 = ISA_NAME(sum_contig_f64),
    .optim_range_f32 = ISA_NAME(optim_range_f32),
    .optim_range_f64 = ISA_NAME(optim_range_f64),
};
