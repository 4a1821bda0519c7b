/* The pairwise sum of a contiguous array, written once, compiled per CPU level (included by
 * kernels_level.h twice: T = float with SUF f32, T = double with SUF f64; VW, the level's
 * vector width in bytes, and ISA_NAME, its name suffix, come from the level).
 *
 *     sum_contig(x, n) = sum(x[0:n])
 *
 * computed as a pairwise (cascade) sum: runs of LEAF elements are summed in 8 vector
 * accumulators (each lane adds LEAF / (8 * lanes) = 32 elements), the accumulators are added
 * as a tree, and longer runs are split in halves and summed recursively, so the rounding error
 * grows like O(log n). The 8 independent accumulators hide the latency of the vector adds, so
 * the loop runs at the speed of the loads: at the memory's read bandwidth for large arrays.
 * This file #undef's T and SUF at the end.
 */

#define SC_GLUE_(a, b) a##_##b
#define SC_GLUE(a, b) SC_GLUE_(a, b)
#define SC(name) ISA_NAME(SC_GLUE(name, SUF))     /* SC(sum_contig) -> sum_contig_f32_avx2 */

typedef T SC(sc_vec) __attribute__((vector_size(VW)));
#define SC_LANES ((tt_ssize)(VW / sizeof(T)))
#define SC_LEAF (32 * 8 * SC_LANES)

static T SC(sum_contig)(const T *x, tt_ssize n)
{
    if (n > SC_LEAF) {
        tt_ssize half = n / 2;
        half -= half % (8 * SC_LANES);
        return SC(sum_contig)(x, half) + SC(sum_contig)(x + half, n - half);
    }
    SC(sc_vec) acc[8] = {{0}}, v[8];
    tt_ssize i = 0;
    for (; i + 8 * SC_LANES <= n; i += 8 * SC_LANES) {
#pragma GCC unroll 8
        for (int k = 0; k < 8; k++) {
            __builtin_memcpy(&v[k], x + i + k * SC_LANES, sizeof v[k]);
            acc[k] += v[k];
        }
    }
    for (; i + SC_LANES <= n; i += SC_LANES) {
        __builtin_memcpy(&v[0], x + i, sizeof v[0]);
        acc[0] += v[0];
    }
    SC(sc_vec) total = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    T res = 0;
    for (int k = 0; k < SC_LANES; k++) res += total[k];
    for (; i < n; i++) res += x[i];
    return res;
}

#undef SC_LEAF
#undef SC_LANES
#undef SC
#undef SC_GLUE
#undef SC_GLUE_
#undef T
#undef SUF
