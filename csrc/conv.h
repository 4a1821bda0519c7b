/* Convolution and pooling: the data movement around the GEMM, and the pooling loops.
 *
 * A 2-D convolution of images x (N images, C channels, H x W) with kernels w (OC outputs, C/G
 * channels, KH x KW) is, written as loops (see tinytensor.naive.naive_conv2d):
 *
 *   for n, oc, oh, ow:
 *     out[n, oc, oh, ow] = bias[oc] + sum over c, kh, kw of
 *         x[n, g*C/G + c, oh*stride_h - pad_top + kh*dil_h, ow*stride_w - pad_left + kw*dil_w]
 *           * w[oc, c, kh, kw]                  (g = oc's group; taps outside the image read 0)
 *
 * Here that sum is a matrix product: "im2col" copies every receptive field (the KH*KW*C/G input
 * values one output pixel reads) into one row (or column) of a matrix, and the packed GEMM
 * (gemm.h) multiplies that matrix by the kernels. The caller (tinytensor/_conv.pxi) owns the
 * buffers and calls the GEMM; the functions here only move data, in one of two layouts:
 *
 *   channels-last  (x is N, H, W, C):  col[pixel][(kh*KW + kw)*Cg + c]   one ROW per output pixel
 *                  out[pixels, OC] = col @ w[(kh, kw, c), OC]   (Keras's kernel layout)
 *   channels-first (x is N, C, H, W):  col[(c*KH + kh)*KW + kw][pixel]   one COLUMN per pixel
 *                  out[OC, pixels] = w[OC, (c, kh, kw)] @ col    (PyTorch's kernel layout)
 *
 * (pixel = (n - n0)*OH*OW + oh*OW + ow counts the output pixels of images n0..n1-1.)
 * The backward pass runs the same products transposed and "col2im" adds each entry of a
 * gradient matrix back onto the input position it was copied from (a scatter-add).
 *
 * Strides are in ELEMENTS; xs[4] holds a tensor's strides for (n, c, h, w) whatever its memory
 * order, so any view (transposed, sliced) is read in place. Work is split across threads by
 * images, channels or rows (each thread writes its own part; no atomics).
 */
#ifndef TT_CONV_H
#define TT_CONV_H
#include "tt.h"

/* The geometry shared by convolution and pooling. Output pixel (oh, ow) reads input rows
 * oh*stride_h - pad_top + kh*dil_h for kh < KH (likewise columns); rows outside [0, H) are the
 * padding (zeros for convolution, ignored by max pooling). pad_bottom/pad_right only matter to
 * average pooling's divisor (the windows themselves follow from OH, OW). */
typedef struct {
    tt_ssize N, C, H, W;            /* input: images, channels, height, width */
    tt_ssize OH, OW;                /* output height and width */
    tt_ssize KH, KW;                /* kernel / window height and width */
    tt_ssize stride_h, stride_w;
    tt_ssize pad_top, pad_left, pad_bottom, pad_right;
    tt_ssize dil_h, dil_w;
} tt_conv_geom;

/* ---- channels-last: one row per output pixel ----
 * col[(n - n0)*OH*OW + oh*OW + ow][(kh*KW + kw)*cg + c] = x[n, c0 + c, ih, iw] (0 outside),
 * for n0 <= n < n1 and c < cg (one group's channels); col is dense, rows KH*KW*cg long. */
void tt_im2col_rows_f32(const tt_conv_geom *g, const float *x, const tt_ssize xs[4],
                        tt_ssize n0, tt_ssize n1, tt_ssize c0, tt_ssize cg, float *col);
void tt_im2col_rows_f64(const tt_conv_geom *g, const double *x, const tt_ssize xs[4],
                        tt_ssize n0, tt_ssize n1, tt_ssize c0, tt_ssize cg, double *col);
/* The adjoint: dx[n, c0 + c, ih, iw] = the sum of the col entries im2col_rows would have
 * copied from there (dx's channels c0..c0+cg of images n0..n1-1 are overwritten). */
void tt_col2im_rows_f32(const tt_conv_geom *g, const float *col, tt_ssize n0, tt_ssize n1,
                        tt_ssize c0, tt_ssize cg, float *dx, const tt_ssize dxs[4]);
void tt_col2im_rows_f64(const tt_conv_geom *g, const double *col, tt_ssize n0, tt_ssize n1,
                        tt_ssize c0, tt_ssize cg, double *dx, const tt_ssize dxs[4]);

/* ---- channels-first: one column per output pixel (all C channels) ----
 * col[(c*KH + kh)*KW + kw][(n - n0)*OH*OW + oh*OW + ow] = x[n, c, ih, iw] (0 outside);
 * rows are (n1 - n0)*OH*OW long. */
void tt_im2col_cols_f32(const tt_conv_geom *g, const float *x, const tt_ssize xs[4],
                        tt_ssize n0, tt_ssize n1, float *col);
void tt_im2col_cols_f64(const tt_conv_geom *g, const double *x, const tt_ssize xs[4],
                        tt_ssize n0, tt_ssize n1, double *col);
/* Its adjoint (dx's images n0..n1-1 are overwritten). */
void tt_col2im_cols_f32(const tt_conv_geom *g, const float *col, tt_ssize n0, tt_ssize n1,
                        float *dx, const tt_ssize dxs[4]);
void tt_col2im_cols_f64(const tt_conv_geom *g, const double *col, tt_ssize n0, tt_ssize n1,
                        double *dx, const tt_ssize dxs[4]);

/* The channels-first product's result mat[oc][(n - n0)*P + p] (P = OH*OW) into
 * out[n, oc, p] (contiguous NCHW), adding bias[oc] (may be NULL) and applying relu. */
void tt_conv_unpack_f32(const float *mat, tt_ssize OC, tt_ssize n0, tt_ssize n1, tt_ssize P,
                        const float *bias, tt_ssize bias_stride, int relu, float *out);
void tt_conv_unpack_f64(const double *mat, tt_ssize OC, tt_ssize n0, tt_ssize n1, tt_ssize P,
                        const double *bias, tt_ssize bias_stride, int relu, double *out);
/* The reverse, for a gradient: mat[oc][(n - n0)*OH*OW + oh*OW + ow] = d[n, oc, oh, ow] (any
 * strides ds), zeroed where out[n, oc, oh, ow] <= 0 when out (dense N, OC, OH, OW) is given (the
 * fused relu's mask); bias_grad[oc] (may be NULL) += the sum of what was written. */
void tt_conv_pack_f32(const float *d, const tt_ssize ds[4], const float *out, tt_ssize OC, tt_ssize n0,
                      tt_ssize n1, tt_ssize OH, tt_ssize OW, float *mat, float *bias_grad);
void tt_conv_pack_f64(const double *d, const tt_ssize ds[4], const double *out, tt_ssize OC, tt_ssize n0,
                      tt_ssize n1, tt_ssize OH, tt_ssize OW, double *mat, double *bias_grad);

/* The channels-last gradient as a dense matrix: dst[i][j] = d[i*rs + j*cs], zeroed where
 * out[i*cols + j] <= 0 when out is given; dst may be NULL (nothing copied). bias_grad[j]
 * (may be NULL) += the column sums of the (masked) values. Returns TT_ERR_NOMEM when the
 * threads' partial sums cannot be allocated (nothing written then). */
int tt_conv_grad_rows_f32(const float *d, tt_ssize rs, tt_ssize cs, const float *out, tt_ssize rows,
                          tt_ssize cols, float *dst, float *bias_grad);
int tt_conv_grad_rows_f64(const double *d, tt_ssize rs, tt_ssize cs, const double *out, tt_ssize rows,
                          tt_ssize cols, double *dst, double *bias_grad);

/* ---- pooling over KH x KW windows, each channel on its own ----
 * max:  out[n, c, oh, ow] = the largest x in the window (NaN if any is NaN); padding never wins.
 *       indices (may be NULL) receive its position ih*W + iw, as PyTorch's return_indices
 *       (the first of equal maxima, the last NaN). Every window must hold an input element.
 * avg:  out = (sum of the window's inputs) / divisor, the divisor counting the padding inside
 *       [-pad_top, H + pad_bottom) x [-pad_left, W + pad_right) when count_include_pad, else
 *       only the input elements.
 * out and indices have the strides os[4] (for n, c, h, w). */
void tt_max_pool_f32(const tt_conv_geom *g, const float *x, const tt_ssize xs[4],
                     float *out, int64_t *indices, const tt_ssize os[4]);
void tt_max_pool_f64(const tt_conv_geom *g, const double *x, const tt_ssize xs[4],
                     double *out, int64_t *indices, const tt_ssize os[4]);
void tt_avg_pool_f32(const tt_conv_geom *g, const float *x, const tt_ssize xs[4],
                     float *out, const tt_ssize os[4], int count_include_pad);
void tt_avg_pool_f64(const tt_conv_geom *g, const double *x, const tt_ssize xs[4],
                     double *out, const tt_ssize os[4], int count_include_pad);

/* Backward: dx (overwritten, strides dxs) = the sum of the dout elements routed to each input.
 * max: each to the input its window's maximum came from, found again by comparing the window
 * with out (the forward result, strides os): the first element equal to it, the last NaN when
 * it is NaN -- exactly the element the forward pass picked. avg: spread evenly over its window. */
void tt_max_pool_backward_f32(const tt_conv_geom *g, const float *x, const tt_ssize xs[4],
                              const float *out, const tt_ssize os[4], const float *dout,
                              const tt_ssize ds[4], float *dx, const tt_ssize dxs[4]);
void tt_max_pool_backward_f64(const tt_conv_geom *g, const double *x, const tt_ssize xs[4],
                              const double *out, const tt_ssize os[4], const double *dout,
                              const tt_ssize ds[4], double *dx, const tt_ssize dxs[4]);
void tt_avg_pool_backward_f32(const tt_conv_geom *g, const float *dout, const tt_ssize ds[4],
                              float *dx, const tt_ssize dxs[4], int count_include_pad);
void tt_avg_pool_backward_f64(const tt_conv_geom *g, const double *dout, const tt_ssize ds[4],
                              double *dx, const tt_ssize dxs[4], int count_include_pad);

#endif
