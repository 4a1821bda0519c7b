/* Fused row-wise kernels for training: one pass over each row instead of one tensor op each.
 *
 * softmax:   for each row x:  m = max(x); e = exp(x - m); y = e / sum(e)
 * log_softmax:                y = x - m - log(sum(exp(x - m)))
 * softmax cross-entropy with targets t (probabilities; or class labels = one-hot rows):
 *     loss_row = -sum(t * log_softmax(x)) = (sum t) * (m + log(sum e)) - sum(t * x)
 *     dlogits  = (softmax(x) * sum(t) - t) / rows      (the gradient of the MEAN loss)
 * Rows are M, each N long; row strides in elements, elements contiguous within a row.
 * Rows are split across threads for large inputs. Return TT_OK or TT_ERR_VALUE (bad label).
 */
#ifndef TT_FUSED_H
#define TT_FUSED_H
#include "tt.h"

int tt_softmax_f32(const float *x, tt_ssize rsx, float *y, tt_ssize rsy, tt_ssize M, tt_ssize N, int take_log);
int tt_softmax_f64(const double *x, tt_ssize rsx, double *y, tt_ssize rsy, tt_ssize M, tt_ssize N, int take_log);

/* targets: probabilities (t != NULL, row stride rst) or labels (labels != NULL, int64, length M).
 * loss_rows (length M) receives each row's loss; dlogits (row stride rsd) may be NULL. */
int tt_softmax_xent_f32(const float *x, tt_ssize rsx, const float *t, tt_ssize rst,
                        const int64_t *labels, tt_ssize M, tt_ssize N,
                        float *loss_rows, float *dlogits, tt_ssize rsd);
int tt_softmax_xent_f64(const double *x, tt_ssize rsx, const double *t, tt_ssize rst,
                        const int64_t *labels, tt_ssize M, tt_ssize N,
                        double *loss_rows, double *dlogits, tt_ssize rsd);
/* The backward pass of y = relu(x @ W + b) up to the weight GEMM, in one pass over dy:
 *
 *     dx[i, j] = dy[i, j] if y[i, j] > 0 else 0        (dx may be dy: in place)
 *     dbias[j] (=|+=) sum_i dx[i, j]                   (dbias may be NULL; += when accumulate)
 *
 * y is the layer's relu OUTPUT (its mask is y > 0, as x > 0). y may be NULL for a layer
 * without relu: then only dbias is computed, from dy (dx is not written and may be NULL).
 * M rows, N columns, row strides in elements, rows contiguous. The caller then computes
 * dW = X.T @ dx and dX = dx @ W.T with tt_gemm_*; dbias is dx.sum(axis=0) summed row by row
 * in order. accumulate=1 adds the sums to dbias (a gradient buffer kept across steps).
 * Returns TT_OK, or TT_ERR_VALUE for negative sizes or a y without a dx. */
int tt_relu_backward_bias_f32(const float *dy, tt_ssize rsdy, const float *y, tt_ssize rsy,
                              float *dx, tt_ssize rsdx, float *dbias, int accumulate,
                              tt_ssize M, tt_ssize N);
int tt_relu_backward_bias_f64(const double *dy, tt_ssize rsdy, const double *y, tt_ssize rsy,
                              double *dx, tt_ssize rsdx, double *dbias, int accumulate,
                              tt_ssize M, tt_ssize N);
#endif
