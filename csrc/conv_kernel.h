/* The convolution and pooling loops of conv.h, written once and compiled per element type by
 * conv.c (the parameterised-include pattern of gemm_kernel.h). Before each #include conv.c
 * defines T (float or double) and SFX (f32 or f64); FN(name) appends the suffix.
 * The element strides xs[4] are for (n, c, h, w) in that order, whatever the memory order.
 */
#define GLUE_(a, b) a##_##b
#define GLUE(a, b) GLUE_(a, b)
#define FN(name) GLUE(name, SFX)

/* ---- channels-last im2col: one row per output pixel ---- */

void FN(tt_im2col_rows)(const tt_conv_geom *g, const T *x, const tt_ssize xs[4],
                        tt_ssize n0, tt_ssize n1, tt_ssize c0, tt_ssize cg, T *col)
{
    const tt_ssize OH = g->OH, OW = g->OW, KW = g->KW, row_len = g->KH * KW * cg;
    const tt_ssize out_rows = (n1 - n0) * OH;           /* (image, output row) pairs */
    /* the KW taps of a window read KW * cg consecutive elements when channels and columns
     * are dense (a channels-last image, all its channels, no dilation) */
    const int dense_run = xs[1] == 1 && xs[3] == cg && g->dil_w == 1;
    int nt = conv_threads((double)out_rows * OW * row_len); (void)nt;
#ifdef _OPENMP
#pragma omp parallel for num_threads(nt) schedule(static) if (nt > 1)
#endif
    for (tt_ssize r = 0; r < out_rows; r++) {
        tt_ssize n = n0 + r / OH, oh = r % OH;
        tt_ssize kh0, kh1;
        tap_range(oh * g->stride_h - g->pad_top, g->KH, g->dil_h, g->H, &kh0, &kh1);
        const T *image = x + n * xs[0] + c0 * xs[1];
        T *dst_row = col + r * OW * row_len;
        for (tt_ssize ow = 0; ow < OW; ow++) {
            T *dst = dst_row + ow * row_len;
            tt_ssize kw0, kw1, iw0 = ow * g->stride_w - g->pad_left;
            tap_range(iw0, KW, g->dil_w, g->W, &kw0, &kw1);
            for (tt_ssize kh = 0; kh < g->KH; kh++) {
                T *d = dst + kh * KW * cg;
                if (kh < kh0 || kh >= kh1 || kw0 >= kw1) {       /* a padding row */
                    for (tt_ssize i = 0; i < KW * cg; i++) d[i] = 0;
                    continue;
                }
                const T *src = image + (oh * g->stride_h - g->pad_top + kh * g->dil_h) * xs[2];
                for (tt_ssize i = 0; i < kw0 * cg; i++) d[i] = 0;          /* left padding */
                if (dense_run) {
                    const T *s = src + (iw0 + kw0) * cg;
                    for (tt_ssize i = 0; i < (kw1 - kw0) * cg; i++) d[kw0 * cg + i] = s[i];
                } else {
                    for (tt_ssize kw = kw0; kw < kw1; kw++) {
                        const T *s = src + (iw0 + kw * g->dil_w) * xs[3];
                        T *dk = d + kw * cg;
                        if (xs[1] == 1)
                            for (tt_ssize c = 0; c < cg; c++) dk[c] = s[c];
                        else
                            for (tt_ssize c = 0; c < cg; c++) dk[c] = s[c * xs[1]];
                    }
                }
                for (tt_ssize i = kw1 * cg; i < KW * cg; i++) d[i] = 0;    /* right padding */
            }
        }
    }
}

/* Each thread adds the rows of whole images (two threads never write the same dx element). */
void FN(tt_col2im_rows)(const tt_conv_geom *g, const T *col, tt_ssize n0, tt_ssize n1,
                        tt_ssize c0, tt_ssize cg, T *dx, const tt_ssize dxs[4])
{
    const tt_ssize OH = g->OH, OW = g->OW, KW = g->KW, row_len = g->KH * KW * cg;
    int nt = conv_threads((double)(n1 - n0) * OH * OW * row_len); (void)nt;
#ifdef _OPENMP
#pragma omp parallel for num_threads(nt) schedule(static) if (nt > 1)
#endif
    for (tt_ssize n = n0; n < n1; n++) {
        T *image = dx + n * dxs[0] + c0 * dxs[1];
        for (tt_ssize oh = 0; oh < OH; oh++) {
            tt_ssize kh0, kh1, ih0 = oh * g->stride_h - g->pad_top;
            tap_range(ih0, g->KH, g->dil_h, g->H, &kh0, &kh1);
            for (tt_ssize ow = 0; ow < OW; ow++) {
                const T *src = col + ((n - n0) * OH * OW + oh * OW + ow) * row_len;
                tt_ssize kw0, kw1, iw0 = ow * g->stride_w - g->pad_left;
                tap_range(iw0, KW, g->dil_w, g->W, &kw0, &kw1);
                for (tt_ssize kh = kh0; kh < kh1; kh++) {
                    T *drow = image + (ih0 + kh * g->dil_h) * dxs[2];
                    for (tt_ssize kw = kw0; kw < kw1; kw++) {
                        T *d = drow + (iw0 + kw * g->dil_w) * dxs[3];
                        const T *s = src + (kh * KW + kw) * cg;
                        if (dxs[1] == 1)
                            for (tt_ssize c = 0; c < cg; c++) d[c] += s[c];
                        else
                            for (tt_ssize c = 0; c < cg; c++) d[c * dxs[1]] += s[c];
                    }
                }
            }
        }
    }
}

/* ---- channels-first im2col: one column per output pixel, one row per (c, kh, kw) ---- */

/* The output columns ow whose tap kw lands inside the image: [*lo, *hi). */
static inline void FN(valid_columns)(const tt_conv_geom *g, tt_ssize kw, tt_ssize *lo, tt_ssize *hi)
{
    /* iw = ow * stride_w + off, with off = kw * dil_w - pad_left; need 0 <= iw < W */
    tt_ssize off = kw * g->dil_w - g->pad_left, s = g->stride_w;
    tt_ssize a = off >= 0 ? 0 : (-off + s - 1) / s;
    tt_ssize b = g->W - off <= 0 ? 0 : (g->W - off + s - 1) / s;
    *lo = a < g->OW ? a : g->OW;
    *hi = b < g->OW ? b : g->OW;
    if (*hi < *lo) *hi = *lo;
}

void FN(tt_im2col_cols)(const tt_conv_geom *g, const T *x, const tt_ssize xs[4],
                        tt_ssize n0, tt_ssize n1, T *col)
{
    const tt_ssize OH = g->OH, OW = g->OW, P = OH * OW, KK = g->KH * g->KW;
    const tt_ssize row_len = (n1 - n0) * P, rows = g->C * KK;
    int nt = conv_threads((double)rows * row_len); (void)nt;
#ifdef _OPENMP
#pragma omp parallel for num_threads(nt) schedule(static) if (nt > 1)
#endif
    for (tt_ssize row = 0; row < rows; row++) {
        tt_ssize c = row / KK, kh = row % KK / g->KW, kw = row % g->KW;
        tt_ssize ow0, ow1;
        FN(valid_columns)(g, kw, &ow0, &ow1);
        tt_ssize col_off = kw * g->dil_w - g->pad_left;   /* iw = ow * stride_w + col_off */
        for (tt_ssize n = n0; n < n1; n++) {
            const T *plane = x + n * xs[0] + c * xs[1];
            for (tt_ssize oh = 0; oh < OH; oh++) {
                T *d = col + row * row_len + (n - n0) * P + oh * OW;
                tt_ssize ih = oh * g->stride_h - g->pad_top + kh * g->dil_h;
                if (ih < 0 || ih >= g->H) {
                    for (tt_ssize ow = 0; ow < OW; ow++) d[ow] = 0;
                    continue;
                }
                const T *s = plane + ih * xs[2] + col_off * xs[3];
                tt_ssize step = g->stride_w * xs[3];
                for (tt_ssize ow = 0; ow < ow0; ow++) d[ow] = 0;
                if (step == 1)
                    for (tt_ssize ow = ow0; ow < ow1; ow++) d[ow] = s[ow];
                else
                    for (tt_ssize ow = ow0; ow < ow1; ow++) d[ow] = s[ow * step];
                for (tt_ssize ow = ow1; ow < OW; ow++) d[ow] = 0;
            }
        }
    }
}

/* Each thread adds into whole (image, channel) planes of dx. */
void FN(tt_col2im_cols)(const tt_conv_geom *g, const T *col, tt_ssize n0, tt_ssize n1,
                        T *dx, const tt_ssize dxs[4])
{
    const tt_ssize OH = g->OH, OW = g->OW, P = OH * OW, KK = g->KH * g->KW;
    const tt_ssize row_len = (n1 - n0) * P, planes = (n1 - n0) * g->C;
    int nt = conv_threads((double)planes * KK * P); (void)nt;
#ifdef _OPENMP
#pragma omp parallel for num_threads(nt) schedule(static) if (nt > 1)
#endif
    for (tt_ssize i = 0; i < planes; i++) {
        tt_ssize n = n0 + i / g->C, c = i % g->C;
        T *plane = dx + n * dxs[0] + c * dxs[1];
        for (tt_ssize k = 0; k < KK; k++) {
            tt_ssize kh = k / g->KW, kw = k % g->KW, ow0, ow1;
            FN(valid_columns)(g, kw, &ow0, &ow1);
            tt_ssize col_off = kw * g->dil_w - g->pad_left;
            const T *src_row = col + (c * KK + k) * row_len + (n - n0) * P;
            for (tt_ssize oh = 0; oh < OH; oh++) {
                tt_ssize ih = oh * g->stride_h - g->pad_top + kh * g->dil_h;
                if (ih < 0 || ih >= g->H) continue;
                T *d = plane + ih * dxs[2] + col_off * dxs[3];
                const T *s = src_row + oh * OW;
                tt_ssize step = g->stride_w * dxs[3];
                for (tt_ssize ow = ow0; ow < ow1; ow++) d[ow * step] += s[ow];
            }
        }
    }
}

void FN(tt_conv_unpack)(const T *mat, tt_ssize OC, tt_ssize n0, tt_ssize n1, tt_ssize P,
                        const T *bias, tt_ssize bias_stride, int relu, T *out)
{
    const tt_ssize ld = (n1 - n0) * P, blocks = (n1 - n0) * OC;
    int nt = conv_threads((double)blocks * P); (void)nt;
#ifdef _OPENMP
#pragma omp parallel for num_threads(nt) schedule(static) if (nt > 1)
#endif
    for (tt_ssize i = 0; i < blocks; i++) {
        tt_ssize n = n0 + i / OC, oc = i % OC;
        const T *s = mat + oc * ld + (n - n0) * P;
        T *d = out + (n * OC + oc) * P;
        T b = bias ? bias[oc * bias_stride] : 0;
        if (relu)
            for (tt_ssize p = 0; p < P; p++) {
                T v = s[p] + b;
                d[p] = v < 0 ? 0 : v;            /* NaN stays NaN */
            }
        else
            for (tt_ssize p = 0; p < P; p++) d[p] = s[p] + b;
    }
}

void FN(tt_conv_pack)(const T *d, const tt_ssize ds[4], tt_ssize OC, tt_ssize n0, tt_ssize n1,
                      tt_ssize OH, tt_ssize OW, T *mat)
{
    const tt_ssize P = OH * OW, ld = (n1 - n0) * P, blocks = (n1 - n0) * OC;
    int nt = conv_threads((double)blocks * P); (void)nt;
#ifdef _OPENMP
#pragma omp parallel for num_threads(nt) schedule(static) if (nt > 1)
#endif
    for (tt_ssize i = 0; i < blocks; i++) {
        tt_ssize n = n0 + i / OC, oc = i % OC;
        const T *s = d + n * ds[0] + oc * ds[1];
        T *m = mat + oc * ld + (n - n0) * P;
        for (tt_ssize oh = 0; oh < OH; oh++) {
            const T *srow = s + oh * ds[2];
            if (ds[3] == 1)
                for (tt_ssize ow = 0; ow < OW; ow++) m[oh * OW + ow] = srow[ow];
            else
                for (tt_ssize ow = 0; ow < OW; ow++) m[oh * OW + ow] = srow[ow * ds[3]];
        }
    }
}

/* ---- pooling ----
 * Two loop orders, chosen by the input's memory order: with channels innermost in memory
 * (channels-last) a whole pixel's channels are updated together, a vector at a time; otherwise
 * each (image, channel) plane is walked window by window. Threads take output rows. */

void FN(tt_max_pool)(const tt_conv_geom *g, const T *x, const tt_ssize xs[4],
                     T *out, int64_t *indices, const tt_ssize os[4])
{
    const tt_ssize C = g->C, OH = g->OH, OW = g->OW, W = g->W;
    const int channels_inner = xs[1] < xs[3];
    const tt_ssize rows = g->N * OH * (channels_inner ? 1 : C);
    int nt = conv_threads((double)g->N * C * OH * OW * g->KH * g->KW); (void)nt;
#ifdef _OPENMP
#pragma omp parallel for num_threads(nt) schedule(static) if (nt > 1)
#endif
    for (tt_ssize r = 0; r < rows; r++) {
        tt_ssize oh = r % OH, n = channels_inner ? r / OH : r / OH / C, c1 = channels_inner ? 0 : r / OH % C;
        tt_ssize kh0, kh1, ih0 = oh * g->stride_h - g->pad_top;
        tap_range(ih0, g->KH, g->dil_h, g->H, &kh0, &kh1);
        for (tt_ssize ow = 0; ow < OW; ow++) {
            tt_ssize kw0, kw1, iw0 = ow * g->stride_w - g->pad_left;
            tap_range(iw0, g->KW, g->dil_w, W, &kw0, &kw1);
            int64_t first = (ih0 + kh0 * g->dil_h) * W + iw0 + kw0 * g->dil_w;
            tt_ssize o = n * os[0] + oh * os[2] + ow * os[3];
            if (channels_inner) {
                T *dst = out + o;
                int64_t *idx = indices ? indices + o : NULL;
                for (tt_ssize c = 0; c < C; c++) dst[c * os[1]] = -(T)INFINITY;
                if (idx)
                    for (tt_ssize c = 0; c < C; c++) idx[c * os[1]] = first;
                for (tt_ssize kh = kh0; kh < kh1; kh++)
                    for (tt_ssize kw = kw0; kw < kw1; kw++) {
                        tt_ssize ih = ih0 + kh * g->dil_h, iw = iw0 + kw * g->dil_w;
                        const T *s = x + n * xs[0] + ih * xs[2] + iw * xs[3];
                        for (tt_ssize c = 0; c < C; c++) {
                            T v = s[c * xs[1]];
                            if (v > dst[c * os[1]] || v != v) {    /* NaN wins, as PyTorch */
                                dst[c * os[1]] = v;
                                if (idx) idx[c * os[1]] = ih * W + iw;
                            }
                        }
                    }
            } else {
                const T *plane = x + n * xs[0] + c1 * xs[1];
                T best = -(T)INFINITY;
                int64_t at = first;
                for (tt_ssize kh = kh0; kh < kh1; kh++)
                    for (tt_ssize kw = kw0; kw < kw1; kw++) {
                        tt_ssize ih = ih0 + kh * g->dil_h, iw = iw0 + kw * g->dil_w;
                        T v = plane[ih * xs[2] + iw * xs[3]];
                        if (v > best || v != v) {
                            best = v;
                            at = ih * W + iw;
                        }
                    }
                out[o + c1 * os[1]] = best;
                if (indices) indices[o + c1 * os[1]] = at;
            }
        }
    }
}

/* The divisor of the average over the window at (ih0, iw0) (its first tap's position). */
static inline tt_ssize FN(avg_divisor)(const tt_conv_geom *g, tt_ssize ih0, tt_ssize iw0, int count_include_pad)
{
    tt_ssize kh0, kh1, kw0, kw1;
    if (count_include_pad) {      /* taps inside the padded image count */
        tap_range(ih0 + g->pad_top, g->KH, g->dil_h, g->H + g->pad_top + g->pad_bottom, &kh0, &kh1);
        tap_range(iw0 + g->pad_left, g->KW, g->dil_w, g->W + g->pad_left + g->pad_right, &kw0, &kw1);
    } else {
        tap_range(ih0, g->KH, g->dil_h, g->H, &kh0, &kh1);
        tap_range(iw0, g->KW, g->dil_w, g->W, &kw0, &kw1);
    }
    return (kh1 - kh0) * (kw1 - kw0);
}

void FN(tt_avg_pool)(const tt_conv_geom *g, const T *x, const tt_ssize xs[4],
                     T *out, const tt_ssize os[4], int count_include_pad)
{
    const tt_ssize C = g->C, OH = g->OH, OW = g->OW;
    const int channels_inner = xs[1] < xs[3];
    const tt_ssize rows = g->N * OH * (channels_inner ? 1 : C);
    int nt = conv_threads((double)g->N * C * OH * OW * g->KH * g->KW); (void)nt;
#ifdef _OPENMP
#pragma omp parallel for num_threads(nt) schedule(static) if (nt > 1)
#endif
    for (tt_ssize r = 0; r < rows; r++) {
        tt_ssize oh = r % OH, n = channels_inner ? r / OH : r / OH / C, c1 = channels_inner ? 0 : r / OH % C;
        tt_ssize kh0, kh1, ih0 = oh * g->stride_h - g->pad_top;
        tap_range(ih0, g->KH, g->dil_h, g->H, &kh0, &kh1);
        for (tt_ssize ow = 0; ow < OW; ow++) {
            tt_ssize kw0, kw1, iw0 = ow * g->stride_w - g->pad_left;
            tap_range(iw0, g->KW, g->dil_w, g->W, &kw0, &kw1);
            tt_ssize count = FN(avg_divisor)(g, ih0, iw0, count_include_pad);
            T scale = count > 0 ? (T)1 / (T)count : 0;
            tt_ssize o = n * os[0] + oh * os[2] + ow * os[3];
            if (channels_inner) {
                T *dst = out + o;
                for (tt_ssize c = 0; c < C; c++) dst[c * os[1]] = 0;
                for (tt_ssize kh = kh0; kh < kh1; kh++)
                    for (tt_ssize kw = kw0; kw < kw1; kw++) {
                        const T *s = x + n * xs[0] + (ih0 + kh * g->dil_h) * xs[2] + (iw0 + kw * g->dil_w) * xs[3];
                        for (tt_ssize c = 0; c < C; c++) dst[c * os[1]] += s[c * xs[1]];
                    }
                for (tt_ssize c = 0; c < C; c++) dst[c * os[1]] *= scale;
            } else {
                const T *plane = x + n * xs[0] + c1 * xs[1];
                T sum = 0;
                for (tt_ssize kh = kh0; kh < kh1; kh++)
                    for (tt_ssize kw = kw0; kw < kw1; kw++)
                        sum += plane[(ih0 + kh * g->dil_h) * xs[2] + (iw0 + kw * g->dil_w) * xs[3]];
                out[o + c1 * os[1]] = sum * scale;
            }
        }
    }
}

/* Backward passes: threads take whole images (windows overlap inside an image). */

int FN(tt_max_pool_backward)(const tt_conv_geom *g, const T *dout, const tt_ssize ds[4],
                             const int64_t *indices, const tt_ssize is[4], T *dx, const tt_ssize dxs[4])
{
    const tt_ssize C = g->C, OH = g->OH, OW = g->OW, W = g->W, plane = g->H * g->W;
    int bad = 0;
    int nt = conv_threads((double)g->N * C * OH * OW); (void)nt;
#ifdef _OPENMP
#pragma omp parallel for num_threads(nt) schedule(static) if (nt > 1) reduction(| : bad)
#endif
    for (tt_ssize n = 0; n < g->N; n++)
        for (tt_ssize oh = 0; oh < OH; oh++)
            for (tt_ssize ow = 0; ow < OW; ow++)
                for (tt_ssize c = 0; c < C; c++) {
                    int64_t at = indices[n * is[0] + c * is[1] + oh * is[2] + ow * is[3]];
                    if (at < 0 || at >= plane) {
                        bad = 1;
                        continue;
                    }
                    dx[n * dxs[0] + c * dxs[1] + at / W * dxs[2] + at % W * dxs[3]] +=
                        dout[n * ds[0] + c * ds[1] + oh * ds[2] + ow * ds[3]];
                }
    return bad ? TT_ERR_VALUE : TT_OK;
}

void FN(tt_avg_pool_backward)(const tt_conv_geom *g, const T *dout, const tt_ssize ds[4],
                              T *dx, const tt_ssize dxs[4], int count_include_pad)
{
    const tt_ssize C = g->C, OH = g->OH, OW = g->OW;
    int nt = conv_threads((double)g->N * C * OH * OW * g->KH * g->KW); (void)nt;
#ifdef _OPENMP
#pragma omp parallel for num_threads(nt) schedule(static) if (nt > 1)
#endif
    for (tt_ssize n = 0; n < g->N; n++)
        for (tt_ssize oh = 0; oh < OH; oh++) {
            tt_ssize kh0, kh1, ih0 = oh * g->stride_h - g->pad_top;
            tap_range(ih0, g->KH, g->dil_h, g->H, &kh0, &kh1);
            for (tt_ssize ow = 0; ow < OW; ow++) {
                tt_ssize kw0, kw1, iw0 = ow * g->stride_w - g->pad_left;
                tap_range(iw0, g->KW, g->dil_w, g->W, &kw0, &kw1);
                tt_ssize count = FN(avg_divisor)(g, ih0, iw0, count_include_pad);
                T scale = count > 0 ? (T)1 / (T)count : 0;
                for (tt_ssize kh = kh0; kh < kh1; kh++)
                    for (tt_ssize kw = kw0; kw < kw1; kw++) {
                        T *d = dx + n * dxs[0] + (ih0 + kh * g->dil_h) * dxs[2] + (iw0 + kw * g->dil_w) * dxs[3];
                        const T *s = dout + n * ds[0] + oh * ds[2] + ow * ds[3];
                        for (tt_ssize c = 0; c < C; c++) d[c * dxs[1]] += s[c * ds[1]] * scale;
                    }
            }
        }
}

#undef FN
#undef GLUE
#undef GLUE_
#undef T
#undef SFX
