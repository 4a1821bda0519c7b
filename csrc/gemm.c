/* Matrix products C (=|+=) A @ B (+ bias) (relu) for float32 and float64. See gemm.h.
 *
 * The algorithm (Goto & van de Geijn, "Anatomy of high-performance matrix multiplication";
 * the BLIS papers) computes C in MR x NR tiles small enough to live in registers, and feeds
 * them from copies ("packs") of A and B laid out so the innermost loop reads memory strictly
 * in order. Five loops surround the register micro-kernel, each sized for one cache level:
 *
 *   for ic in 0..M step MC:                  5. a band of MC rows of A and C
 *     for pc in 0..K step KC:                4. a KC-deep slice of the sum
 *       pack A[ic:+MC, pc:+KC] into MR-row micro-panels          (stays in L3 / L2)
 *       for jc in 0..N step NC:              3. a block of NC columns of B and C
 *         pack B[pc:+KC, jc:+NC] into NR-column micro-panels     (stays in L2)
 *         for ir in 0..MC step MR:           2. one A micro-panel: MR x KC   (stays in L1)
 *           for jr in 0..NC step NR:         1. one B micro-panel: KC x NR   (streams from L2)
 *             micro-kernel: tile(MR x NR) = A_panel @ B_panel, in registers,
 *             then the epilogue: C_tile (=|+=) tile (+ bias) (relu on the last pc)
 *
 * (Loops 1 and 2 are in the opposite order to the textbook one: with C tiles of 12 rows x 32
 * columns, the B micro-panel is the bigger one, so the smaller A micro-panel is the one kept
 * in L1 and the B micro-panels come from the L2-resident B block; the bias is added on the
 * first pc slice, relu applied on the last.)
 *
 * Every FMA in the micro-kernel reuses a register: each broadcast A value meets NR/VLEN
 * vectors of B, each B vector meets MR A values. The packers read A and B with any element
 * strides (transposed, sliced, negative), so A.T @ B and A @ B.T never need a copy.
 *
 * The whole algorithm lives in gemm_kernel.h, included once per (type, ISA level) below with
 * `#pragma GCC target`; tt_gemm_f32/f64 pick the variant for tt_cpu_level() at each call.
 * Besides the blocked path there are two shortcuts: a direct triple loop for tiny products and
 * a dot-product kernel for N < 16 (packing B into 32-wide panels would be mostly padding).
 * Threads (the pool of threads.h) claim bands of whole tiles of C along the dimension with
 * more tiles.
 */
#include <string.h>
#include "gemm.h"
#include "cpu.h"
#include "tt.h"
#include "threads.h"

#define SMALL_WORK (8.0 * 8 * 8)         /* multiply-adds at or below which: direct loop (measured: the packed path wins from ~10^3 up) */
#define PARALLEL_WORK (64.0 * 64 * 64)   /* multiply-adds from which: all threads */
#define NARROW_N 16                      /* N below which: the dot-product kernel */
#ifndef GEMM_CHUNKS_PER_THREAD
#define GEMM_CHUNKS_PER_THREAD 4         /* bands per thread when the shared operand is prepacked */
#endif


/* Each block below sets the parameters of gemm_kernel.h (which #undef's them again) and
 * includes it. Cache blocks, for 32 KiB L1d / 1 MiB L2 per core (Zen 4), in elements:
 * an A micro-panel MR x KC fits in half of L1, a B block KC x NC in about half of L2. */

/* ---- baseline x86-64: SSE2, 128-bit vectors, 16 registers ---- */
#define T float
#define SFX f32_base
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
#define SFX f64_base
#define VBYTES 16
#define MR 4
#define NR 4
#define MC 1200
#define KC 256
#define NC 256
#define NARROW_ROWS 3
#define NARROW_COLS 3
#include "gemm_kernel.h"

/* ---- x86-64-v3: AVX2 + FMA, 256-bit vectors, 16 registers ---- */
#pragma GCC push_options
TT_TARGET(TT_TARGET_AVX2)
#define T float
#define SFX f32_avx2
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
#define SFX f64_avx2
#define VBYTES 32
#define MR 6
#define NR 8
#define MC 1200
#define KC 256
#define NC 256
#define NARROW_ROWS 3
#define NARROW_COLS 3
#include "gemm_kernel.h"
#pragma GCC pop_options

/* ---- x86-64-v4: AVX-512, 512-bit vectors, 32 registers ---- */
#pragma GCC push_options
TT_TARGET(TT_TARGET_AVX512)
#define T float
#define SFX f32_avx512
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
#define SFX f64_avx512
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
#pragma GCC pop_options

/* ---- the exported entry points: check the arguments, pick the ISA variant ---- */

int tt_gemm_f32(tt_ssize M, tt_ssize N, tt_ssize K,
                const float *A, tt_ssize rsa, tt_ssize csa,
                const float *B, tt_ssize rsb, tt_ssize csb,
                float *C, tt_ssize rsc, tt_ssize csc,
                const float *bias, tt_ssize bias_stride, int relu, int accumulate)
{
    if (M < 0 || N < 0 || K < 0) return TT_ERR_VALUE;
    if (accumulate && (bias || relu)) return TT_ERR_VALUE;
    tt_cpu_init();
    switch (tt_cpu_level()) {
    case TT_CPU_AVX512:
        return gemm_f32_avx512(M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc,
                               bias, bias_stride, relu, accumulate);
    case TT_CPU_AVX2:
        return gemm_f32_avx2(M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc,
                             bias, bias_stride, relu, accumulate);
    default:
        return gemm_f32_base(M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc,
                             bias, bias_stride, relu, accumulate);
    }
}

int tt_gemm_f64(tt_ssize M, tt_ssize N, tt_ssize K,
                const double *A, tt_ssize rsa, tt_ssize csa,
                const double *B, tt_ssize rsb, tt_ssize csb,
                double *C, tt_ssize rsc, tt_ssize csc,
                const double *bias, tt_ssize bias_stride, int relu, int accumulate)
{
    if (M < 0 || N < 0 || K < 0) return TT_ERR_VALUE;
    if (accumulate && (bias || relu)) return TT_ERR_VALUE;
    tt_cpu_init();
    switch (tt_cpu_level()) {
    case TT_CPU_AVX512:
        return gemm_f64_avx512(M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc,
                               bias, bias_stride, relu, accumulate);
    case TT_CPU_AVX2:
        return gemm_f64_avx2(M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc,
                             bias, bias_stride, relu, accumulate);
    default:
        return gemm_f64_base(M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc,
                             bias, bias_stride, relu, accumulate);
    }
}
