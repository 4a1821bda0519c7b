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
 * The whole algorithm lives in gemm_kernel.h, included once per (type, CPU level) by
 * kernels_level.h with that level's register tile and cache blocks; tt_gemm_f32/f64 check the
 * arguments and call the variant of the level in force through the kernel table (dispatch.h).
 * Besides the blocked path there are two shortcuts: a direct triple loop for tiny products and
 * a dot-product kernel for N < 16 (packing B into 32-wide panels would be mostly padding).
 * Threads (the pool of threads.h) claim bands of whole tiles of C along the dimension with
 * more tiles.
 */
#include "dispatch.h"
#include "gemm.h"

int tt_gemm_f32(tt_ssize M, tt_ssize N, tt_ssize K,
                const float *A, tt_ssize rsa, tt_ssize csa,
                const float *B, tt_ssize rsb, tt_ssize csb,
                float *C, tt_ssize rsc, tt_ssize csc,
                const float *bias, tt_ssize bias_stride, int relu, int accumulate)
{
    if (M < 0 || N < 0 || K < 0) return TT_ERR_VALUE;
    if (accumulate && (bias || relu)) return TT_ERR_VALUE;
    return tt_kernels->gemm_f32(M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc,
                                bias, bias_stride, relu, accumulate);
}

int tt_gemm_f64(tt_ssize M, tt_ssize N, tt_ssize K,
                const double *A, tt_ssize rsa, tt_ssize csa,
                const double *B, tt_ssize rsb, tt_ssize csb,
                double *C, tt_ssize rsc, tt_ssize csc,
                const double *bias, tt_ssize bias_stride, int relu, int accumulate)
{
    if (M < 0 || N < 0 || K < 0) return TT_ERR_VALUE;
    if (accumulate && (bias || relu)) return TT_ERR_VALUE;
    return tt_kernels->gemm_f64(M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc,
                                bias, bias_stride, relu, accumulate);
}
