/* Matrix products for bool and integer dtypes (float32/float64 go to gemm.h).
 *
 *   for i, j: C[i, j] = sum_k A[i, k] * B[k, j]     (bool: any_k A[i, k] and B[k, j])
 *
 * Strides in BYTES. Integer products wrap as NumPy's. A plain i-k-j loop: integer matmul is
 * rare in this library's work, so it is kept simple rather than fast.
 */
#ifndef TT_PRODUCTS_H
#define TT_PRODUCTS_H
#include "tt.h"
int tt_matmul_int(int dtype, tt_ssize M, tt_ssize N, tt_ssize K,
                  const char *A, tt_ssize rsa, tt_ssize csa,
                  const char *B, tt_ssize rsb, tt_ssize csb,
                  char *C, tt_ssize rsc, tt_ssize csc);
#endif
