/* The convolution and pooling loops of conv.h, written once and compiled per element type by
 * conv.c (the parameterised-include pattern of gemm_kernel.h). Before each #include conv.c
 * defines T (float or double) and SFX (f32 or f64); FN(name) appends the suffix.
 * The element strides xs[4] are for (n, c, h, w) in that order, whatever the memory order.
 */
#define GLUE_(a, b) a##_##b
#define GLUE(a, b) GLUE_(a, b)
#define FN(name) GLUE(name, SFX)

/* ---- channels-last im2col: one row per output pixel ---- */

typedef struct {
    const tt_conv_geom *g;
    const T *x; const tt_ssize *xs;
    tt_ssize n0, c0, cg, units, nchunks;
    T *col;
} FN(im2col_rows_job);

/* Chunks of (image, output row) pairs r: the OW rows of col they fill. */
static void FN(im2col_rows_chunk)(void *arg, tt_ssize chunk, int slot)
{
    const FN(im2col_rows_job) *job = arg;
    const tt_conv_geom *g = job->g;
    const T *x = job->x;
    const tt_ssize *xs = job->xs, n0 = job->n0, c0 = job->c0, cg = job->cg;
    T *col = job->col;
    const tt_ssize OH = g->OH, OW = g->OW, KW = g->KW, row_len = g->KH * KW * cg;
    /* the KW taps of a window read KW * cg consecutive elements when channels and columns
     * are dense (a channels-last image, all its channels, no dilation) */
    const int dense_run = xs[1] == 1 && xs[3] == cg && g->dil_w == 1;
    tt_ssize r0, r1;
    (void)slot;
    chunk_range(job->units, job->nchunks, chunk, &r0, &r1);
    for (tt_ssize r = r0; r < r1; r++) {
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

void FN(tt_im2col_rows)(const tt_conv_geom *g, const T *x, const tt_ssize xs[4],
                        tt_ssize n0, tt_ssize n1, tt_ssize c0, tt_ssize cg, T *col)
{
    const tt_ssize out_rows = (n1 - n0) * g->OH;        /* (image, output row) pairs */
    int nt = conv_threads((double)out_rows * g->OW * g->KH * g->KW * cg);
    FN(im2col_rows_job) job = {g, x, xs, n0, c0, cg, out_rows, conv_chunks(out_rows, nt), col};
    tt_parallel_run(job.nchunks, nt, FN(im2col_rows_chunk), &job);
}

/* dx[n, c0:c0+cg] = 0 for one image (any strides; while the thread is about to add into it, so
 * the zeros are written into cache rather than by a separate pass over memory). */
static void FN(zero_image)(const tt_conv_geom *g, T *image, tt_ssize cg, const tt_ssize dxs[4])
{
    for (tt_ssize h = 0; h < g->H; h++)
        for (tt_ssize w = 0; w < g->W; w++) {
            T *d = image + h * dxs[2] + w * dxs[3];
            if (dxs[1] == 1)
                for (tt_ssize c = 0; c < cg; c++) d[c] = 0;
            else
                for (tt_ssize c = 0; c < cg; c++) d[c * dxs[1]] = 0;
        }
}

/* Each thread takes whole images (two threads never write the same dx element), zeroes the
 * group's channels of each, then adds. */
typedef struct {
    const tt_conv_geom *g;
    const T *col;
    tt_ssize n0, c0, cg, units, nchunks;
    T *dx; const tt_ssize *dxs;
} FN(col2im_rows_job);

static void FN(col2im_rows_chunk)(void *arg, tt_ssize chunk, int slot)
{
    const FN(col2im_rows_job) *job = arg;
    const tt_conv_geom *g = job->g;
    const T *col = job->col;
    const tt_ssize n0 = job->n0, c0 = job->c0, cg = job->cg, *dxs = job->dxs;
    T *dx = job->dx;
    const tt_ssize OH = g->OH, OW = g->OW, KW = g->KW, row_len = g->KH * KW * cg;
    tt_ssize i0, i1;
    (void)slot;
    chunk_range(job->units, job->nchunks, chunk, &i0, &i1);
    for (tt_ssize n = n0 + i0; n < n0 + i1; n++) {
        T *image = dx + n * dxs[0] + c0 * dxs[1];
        FN(zero_image)(g, image, cg, dxs);
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

void FN(tt_col2im_rows)(const tt_conv_geom *g, const T *col, tt_ssize n0, tt_ssize n1,
                        tt_ssize c0, tt_ssize cg, T *dx, const tt_ssize dxs[4])
{
    int nt = conv_threads((double)(n1 - n0) * g->OH * g->OW * g->KH * g->KW * cg);
    FN(col2im_rows_job) job = {g, col, n0, c0, cg, n1 - n0, conv_chunks(n1 - n0, nt), dx, dxs};
    tt_parallel_run(job.nchunks, nt, FN(col2im_rows_chunk), &job);
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

typedef struct {
    const tt_conv_geom *g;
    const T *x; const tt_ssize *xs;
    tt_ssize n0, n1, units, nchunks;
    T *col;
} FN(im2col_cols_job);

/* Chunks of col's rows (c, kh, kw). */
static void FN(im2col_cols_chunk)(void *arg, tt_ssize chunk, int slot)
{
    const FN(im2col_cols_job) *job = arg;
    const tt_conv_geom *g = job->g;
    const T *x = job->x;
    const tt_ssize *xs = job->xs, n0 = job->n0, n1 = job->n1;
    T *col = job->col;
    const tt_ssize OH = g->OH, OW = g->OW, P = OH * OW, KK = g->KH * g->KW;
    const tt_ssize row_len = (n1 - n0) * P;
    tt_ssize r0, r1;
    (void)slot;
    chunk_range(job->units, job->nchunks, chunk, &r0, &r1);
    for (tt_ssize row = r0; row < r1; row++) {
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

void FN(tt_im2col_cols)(const tt_conv_geom *g, const T *x, const tt_ssize xs[4],
                        tt_ssize n0, tt_ssize n1, T *col)
{
    const tt_ssize rows = g->C * g->KH * g->KW;
    int nt = conv_threads((double)rows * (n1 - n0) * g->OH * g->OW);
    FN(im2col_cols_job) job = {g, x, xs, n0, n1, rows, conv_chunks(rows, nt), col};
    tt_parallel_run(job.nchunks, nt, FN(im2col_cols_chunk), &job);
}

/* Each thread takes whole (image, channel) planes of dx: zeroes one, then adds into it. */
typedef struct {
    const tt_conv_geom *g;
    const T *col;
    tt_ssize n0, n1, units, nchunks;
    T *dx; const tt_ssize *dxs;
} FN(col2im_cols_job);

/* Chunks of (image, channel) planes i. */
static void FN(col2im_cols_chunk)(void *arg, tt_ssize chunk, int slot)
{
    const FN(col2im_cols_job) *job = arg;
    const tt_conv_geom *g = job->g;
    const T *col = job->col;
    const tt_ssize n0 = job->n0, n1 = job->n1, *dxs = job->dxs;
    T *dx = job->dx;
    const tt_ssize OH = g->OH, OW = g->OW, P = OH * OW, KK = g->KH * g->KW;
    const tt_ssize row_len = (n1 - n0) * P;
    tt_ssize i0, i1;
    (void)slot;
    chunk_range(job->units, job->nchunks, chunk, &i0, &i1);
    for (tt_ssize i = i0; i < i1; i++) {
        tt_ssize n = n0 + i / g->C, c = i % g->C;
        T *plane = dx + n * dxs[0] + c * dxs[1];
        FN(zero_image)(g, plane, 1, dxs);
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

void FN(tt_col2im_cols)(const tt_conv_geom *g, const T *col, tt_ssize n0, tt_ssize n1,
                        T *dx, const tt_ssize dxs[4])
{
    const tt_ssize planes = (n1 - n0) * g->C;
    int nt = conv_threads((double)planes * g->KH * g->KW * g->OH * g->OW);
    FN(col2im_cols_job) job = {g, col, n0, n1, planes, conv_chunks(planes, nt), dx, dxs};
    tt_parallel_run(job.nchunks, nt, FN(col2im_cols_chunk), &job);
}

typedef struct {
    const T *mat;
    tt_ssize OC, n0, P;
    const T *bias; tt_ssize bias_stride;
    int relu;
    T *out;
    tt_ssize units, nchunks;
} FN(conv_unpack_job);

/* Chunks of (image, output channel) planes i. */
static void FN(conv_unpack_chunk)(void *arg, tt_ssize chunk, int slot)
{
    const FN(conv_unpack_job) *job = arg;
    const tt_ssize OC = job->OC, n0 = job->n0, P = job->P, ld = job->units / OC * P;
    tt_ssize i0, i1;
    (void)slot;
    chunk_range(job->units, job->nchunks, chunk, &i0, &i1);
    for (tt_ssize i = i0; i < i1; i++) {
        tt_ssize n = n0 + i / OC, oc = i % OC;
        const T *s = job->mat + oc * ld + (n - n0) * P;
        T *d = job->out + (n * OC + oc) * P;
        T b = job->bias ? job->bias[oc * job->bias_stride] : 0;
        if (job->relu)
            for (tt_ssize p = 0; p < P; p++) {
                T v = s[p] + b;
                d[p] = v < 0 ? 0 : v;            /* NaN stays NaN */
            }
        else
            for (tt_ssize p = 0; p < P; p++) d[p] = s[p] + b;
    }
}

void FN(tt_conv_unpack)(const T *mat, tt_ssize OC, tt_ssize n0, tt_ssize n1, tt_ssize P,
                        const T *bias, tt_ssize bias_stride, int relu, T *out)
{
    const tt_ssize planes = (n1 - n0) * OC;
    int nt = conv_threads((double)planes * P);
    FN(conv_unpack_job) job = {mat, OC, n0, P, bias, bias_stride, relu, out, planes, conv_chunks(planes, nt)};
    tt_parallel_run(job.nchunks, nt, FN(conv_unpack_chunk), &job);
}

/* Threads take output channels (each owns its row of mat and its bias_grad entry). */
typedef struct {
    const T *d; const tt_ssize *ds;
    const T *out;
    tt_ssize OC, n0, n1, OH, OW, nchunks;
    T *mat, *bias_grad;
} FN(conv_pack_job);

/* Chunks of output channels oc. */
static void FN(conv_pack_chunk)(void *arg, tt_ssize chunk, int slot)
{
    const FN(conv_pack_job) *job = arg;
    const T *d = job->d, *out = job->out;
    const tt_ssize *ds = job->ds, OC = job->OC, n0 = job->n0, n1 = job->n1, OH = job->OH, OW = job->OW;
    T *mat = job->mat, *bias_grad = job->bias_grad;
    const tt_ssize P = OH * OW, ld = (n1 - n0) * P;
    tt_ssize oc0, oc1;
    (void)slot;
    chunk_range(OC, job->nchunks, chunk, &oc0, &oc1);
    for (tt_ssize oc = oc0; oc < oc1; oc++) {
        T sum = 0;
        for (tt_ssize n = n0; n < n1; n++) {
            const T *s = d + n * ds[0] + oc * ds[1];
            const T *mask = out ? out + (n * OC + oc) * P : NULL;
            T *m = mat + oc * ld + (n - n0) * P;
            for (tt_ssize oh = 0; oh < OH; oh++) {
                const T *srow = s + oh * ds[2];
                T *mrow = m + oh * OW;
                if (ds[3] == 1)
                    for (tt_ssize ow = 0; ow < OW; ow++) mrow[ow] = srow[ow];
                else
                    for (tt_ssize ow = 0; ow < OW; ow++) mrow[ow] = srow[ow * ds[3]];
            }
            if (mask)
                for (tt_ssize p = 0; p < P; p++) m[p] = mask[p] > 0 ? m[p] : 0;
            for (tt_ssize p = 0; p < P; p++) sum += m[p];
        }
        if (bias_grad) bias_grad[oc] += sum;
    }
}

void FN(tt_conv_pack)(const T *d, const tt_ssize ds[4], const T *out, tt_ssize OC, tt_ssize n0,
                      tt_ssize n1, tt_ssize OH, tt_ssize OW, T *mat, T *bias_grad)
{
    int nt = conv_threads((double)(n1 - n0) * OH * OW * OC);
    FN(conv_pack_job) job = {d, ds, out, OC, n0, n1, OH, OW, conv_chunks(OC, nt), mat, bias_grad};
    tt_parallel_run(job.nchunks, nt, FN(conv_pack_chunk), &job);
}

typedef struct {
    const T *d; tt_ssize rs, cs;
    const T *out;
    tt_ssize rows, cols, nbands;
    T *dst, *partial;
} FN(conv_grad_rows_job);

/* Band t of the rows, summing its own partial bias gradient partial[t]. */
static void FN(conv_grad_rows_band)(void *arg, tt_ssize t, int slot)
{
    const FN(conv_grad_rows_job) *job = arg;
    const T *d = job->d, *out = job->out;
    const tt_ssize rs = job->rs, cs = job->cs, rows = job->rows, cols = job->cols, nb = job->nbands;
    T *dst = job->dst;
    (void)slot;
    {
        T *sums = job->partial ? job->partial + t * cols : NULL;
        for (tt_ssize i = rows * t / nb; i < rows * (t + 1) / nb; i++) {
            const T *s = d + i * rs;
            const T *mask = out ? out + i * cols : NULL;
            T row[256];                     /* the masked row, a block of columns at a time */
            for (tt_ssize j0 = 0; j0 < cols; j0 += 256) {
                tt_ssize w = cols - j0 < 256 ? cols - j0 : 256;
                if (cs == 1)
                    for (tt_ssize j = 0; j < w; j++) row[j] = s[j0 + j];
                else
                    for (tt_ssize j = 0; j < w; j++) row[j] = s[(j0 + j) * cs];
                if (mask)
                    for (tt_ssize j = 0; j < w; j++) row[j] = mask[j0 + j] > 0 ? row[j] : 0;
                if (dst)
                    for (tt_ssize j = 0; j < w; j++) dst[i * cols + j0 + j] = row[j];
                if (sums)
                    for (tt_ssize j = 0; j < w; j++) sums[j0 + j] += row[j];
            }
        }
    }
}

/* Threads take bands of rows (one band per thread: the partial sums are nt rows of cols). */
int FN(tt_conv_grad_rows)(const T *d, tt_ssize rs, tt_ssize cs, const T *out, tt_ssize rows,
                          tt_ssize cols, T *dst, T *bias_grad)
{
    int nt = conv_threads((double)rows * cols);
    T *partial = NULL;
    if (bias_grad) {
        partial = tt_alloc((size_t)nt * cols * sizeof(T), 1);
        if (!partial) return TT_ERR_NOMEM;
    }
    FN(conv_grad_rows_job) job = {d, rs, cs, out, rows, cols, nt, dst, partial};
    tt_parallel_run(nt, nt, FN(conv_grad_rows_band), &job);
    if (partial) {
        for (int t = 0; t < nt; t++)
            for (tt_ssize j = 0; j < cols; j++) bias_grad[j] += partial[(tt_ssize)t * cols + j];
        tt_free(partial);
    }
    return TT_OK;
}

/* ---- pooling ----
 * Two loop orders, chosen by the input's memory order. With channels innermost in memory
 * (channels-last) a pixel's channels are handled together, POOL_BLOCK at a time in local
 * arrays, so the loops over channels run along memory and vectorise; otherwise each
 * (image, channel) plane is walked window by window. Threads take output rows (forward) or
 * whole images (backward: windows overlap inside an image). */
#ifndef POOL_BLOCK
#define POOL_BLOCK 128
#endif

/* The window of output pixel (oh, ow): its first tap's input position and the taps inside. */
typedef struct {
    tt_ssize ih0, iw0, kh0, kh1, kw0, kw1;
} FN(window);

static inline FN(window) FN(window_at)(const tt_conv_geom *g, tt_ssize oh, tt_ssize ow)
{
    FN(window) w;
    w.ih0 = oh * g->stride_h - g->pad_top;
    w.iw0 = ow * g->stride_w - g->pad_left;
    tap_range(w.ih0, g->KH, g->dil_h, g->H, &w.kh0, &w.kh1);
    tap_range(w.iw0, g->KW, g->dil_w, g->W, &w.kw0, &w.kw1);
    return w;
}

/* The channels [c0, c0 + cb) of one window: best[c] = its maximum, tap[c] = which tap (kh*KW + kw). */
static inline void FN(window_max)(const tt_conv_geom *g, FN(window) w, const T *image, const tt_ssize xs[4],
                                  tt_ssize cb, T *best, int32_t *tap)
{
    for (tt_ssize c = 0; c < cb; c++) {
        best[c] = -(T)INFINITY;
        tap[c] = (int32_t)(w.kh0 * g->KW + w.kw0);
    }
    for (tt_ssize kh = w.kh0; kh < w.kh1; kh++)
        for (tt_ssize kw = w.kw0; kw < w.kw1; kw++) {
            const T *s = image + (w.ih0 + kh * g->dil_h) * xs[2] + (w.iw0 + kw * g->dil_w) * xs[3];
            int32_t t = (int32_t)(kh * g->KW + kw);
            if (xs[1] == 1)
                for (tt_ssize c = 0; c < cb; c++) {
                    T v = s[c];
                    int take = v > best[c] || v != v;      /* the first maximum; NaN wins, as PyTorch */
                    best[c] = take ? v : best[c];
                    tap[c] = take ? t : tap[c];
                }
            else
                for (tt_ssize c = 0; c < cb; c++) {
                    T v = s[c * xs[1]];
                    int take = v > best[c] || v != v;
                    best[c] = take ? v : best[c];
                    tap[c] = take ? t : tap[c];
                }
        }
}

/* The pooling kernels' arguments (each uses what it needs; NULL / 0 for the rest). */
typedef struct {
    const tt_conv_geom *g;
    const T *x; const tt_ssize *xs;         /* input */
    T *out; const tt_ssize *os;             /* forward: its output; backward: read only */
    int64_t *indices;
    const T *dout; const tt_ssize *ds;      /* backward: the output's gradient ... */
    T *dx; const tt_ssize *dxs;             /* ... and the input's */
    int count_include_pad;
    tt_ssize cblock, nblocks, units, nchunks;
} FN(pool_job);

/* The channel block of the pooling loops for an input with strides xs. */
static inline tt_ssize FN(pool_cblock)(const tt_ssize xs[4])
{
    return xs[1] < xs[3] ? POOL_BLOCK : 1;      /* channels innermost in memory: blocks */
}

/* Chunks of (image, channel block, output row) rows r. */
static void FN(max_pool_chunk)(void *arg, tt_ssize chunk, int slot)
{
    const FN(pool_job) *job = arg;
    const tt_conv_geom *g = job->g;
    const T *x = job->x;
    const tt_ssize *xs = job->xs, *os = job->os, cblock = job->cblock, nblocks = job->nblocks;
    T *out = job->out;
    int64_t *indices = job->indices;
    const tt_ssize C = g->C, OH = g->OH, OW = g->OW;
    tt_ssize r0, r1;
    (void)slot;
    chunk_range(job->units, job->nchunks, chunk, &r0, &r1);
    for (tt_ssize r = r0; r < r1; r++) {
        tt_ssize oh = r % OH, c0 = r / OH % nblocks * cblock, n = r / OH / nblocks;
        tt_ssize cb = C - c0 < cblock ? C - c0 : cblock;
        T best[POOL_BLOCK];
        int32_t tap[POOL_BLOCK];
        const T *image = x + n * xs[0] + c0 * xs[1];
        for (tt_ssize ow = 0; ow < OW; ow++) {
            FN(window) w = FN(window_at)(g, oh, ow);
            FN(window_max)(g, w, image, xs, cb, best, tap);
            tt_ssize o = n * os[0] + c0 * os[1] + oh * os[2] + ow * os[3];
            for (tt_ssize c = 0; c < cb; c++) out[o + c * os[1]] = best[c];
            if (indices)
                for (tt_ssize c = 0; c < cb; c++)
                    indices[o + c * os[1]] = (w.ih0 + tap[c] / g->KW * g->dil_h) * g->W
                                             + w.iw0 + tap[c] % g->KW * g->dil_w;
        }
    }
}

void FN(tt_max_pool)(const tt_conv_geom *g, const T *x, const tt_ssize xs[4],
                     T *out, int64_t *indices, const tt_ssize os[4])
{
    const tt_ssize cblock = FN(pool_cblock)(xs), nblocks = (g->C + cblock - 1) / cblock;
    const tt_ssize rows = g->N * nblocks * g->OH;
    int nt = conv_threads((double)g->N * g->C * g->OH * g->OW * g->KH * g->KW);
    FN(pool_job) job = {g, x, xs, out, os, indices, NULL, NULL, NULL, NULL, 0,
                        cblock, nblocks, rows, conv_chunks(rows, nt)};
    tt_parallel_run(job.nchunks, nt, FN(max_pool_chunk), &job);
}

/* Chunks of whole images n (windows overlap inside an image). */
static void FN(max_pool_backward_chunk)(void *arg, tt_ssize chunk, int slot)
{
    const FN(pool_job) *job = arg;
    const tt_conv_geom *g = job->g;
    const T *x = job->x, *out = job->out, *dout = job->dout;
    const tt_ssize *xs = job->xs, *os = job->os, *ds = job->ds, *dxs = job->dxs, cblock = job->cblock;
    T *dx = job->dx;
    const tt_ssize C = g->C, OH = g->OH, OW = g->OW;
    tt_ssize i0, i1;
    (void)slot;
    chunk_range(job->units, job->nchunks, chunk, &i0, &i1);
    for (tt_ssize n = i0; n < i1; n++) {
        T target[POOL_BLOCK];
        int32_t tap[POOL_BLOCK], found[POOL_BLOCK];
        FN(zero_image)(g, dx + n * dxs[0], C, dxs);
        for (tt_ssize c0 = 0; c0 < C; c0 += cblock) {
            tt_ssize cb = C - c0 < cblock ? C - c0 : cblock;
            const T *image = x + n * xs[0] + c0 * xs[1];
            T *dimage = dx + n * dxs[0] + c0 * dxs[1];
            for (tt_ssize oh = 0; oh < OH; oh++)
                for (tt_ssize ow = 0; ow < OW; ow++) {
                    FN(window) w = FN(window_at)(g, oh, ow);
                    const T *o = out + n * os[0] + c0 * os[1] + oh * os[2] + ow * os[3];
                    const T *gr = dout + n * ds[0] + c0 * ds[1] + oh * ds[2] + ow * ds[3];
                    for (tt_ssize c = 0; c < cb; c++) {
                        target[c] = o[c * os[1]];
                        tap[c] = -1;
                        found[c] = 0;
                    }
                    for (tt_ssize kh = w.kh0; kh < w.kh1; kh++)
                        for (tt_ssize kw = w.kw0; kw < w.kw1; kw++) {
                            const T *s = image + (w.ih0 + kh * g->dil_h) * xs[2] + (w.iw0 + kw * g->dil_w) * xs[3];
                            int32_t t = (int32_t)(kh * g->KW + kw);
                            /* the forward pass kept the first element equal to the max, or the last NaN */
                            if (xs[1] == 1)
                                for (tt_ssize c = 0; c < cb; c++) {
                                    T v = s[c], m = target[c];
                                    int hit = m != m ? v != v : !found[c] && v == m;
                                    tap[c] = hit ? t : tap[c];
                                    found[c] |= hit;
                                }
                            else
                                for (tt_ssize c = 0; c < cb; c++) {
                                    T v = s[c * xs[1]], m = target[c];
                                    int hit = m != m ? v != v : !found[c] && v == m;
                                    tap[c] = hit ? t : tap[c];
                                    found[c] |= hit;
                                }
                        }
                    for (tt_ssize c = 0; c < cb; c++) {
                        if (tap[c] < 0) continue;        /* out and x disagree: nothing to route */
                        tt_ssize ih = w.ih0 + tap[c] / g->KW * g->dil_h, iw = w.iw0 + tap[c] % g->KW * g->dil_w;
                        dimage[c * dxs[1] + ih * dxs[2] + iw * dxs[3]] += gr[c * ds[1]];
                    }
                }
        }
    }
}

void FN(tt_max_pool_backward)(const tt_conv_geom *g, const T *x, const tt_ssize xs[4],
                              const T *out, const tt_ssize os[4], const T *dout,
                              const tt_ssize ds[4], T *dx, const tt_ssize dxs[4])
{
    int nt = conv_threads((double)g->N * g->C * g->OH * g->OW * g->KH * g->KW);
    /* out is only read here */
    FN(pool_job) job = {g, x, xs, (T *)out, os, NULL, dout, ds, dx, dxs, 0,
                        FN(pool_cblock)(xs), 0, g->N, conv_chunks(g->N, nt)};
    tt_parallel_run(job.nchunks, nt, FN(max_pool_backward_chunk), &job);
}

/* The divisor of the average over window w. */
static inline tt_ssize FN(avg_divisor)(const tt_conv_geom *g, FN(window) w, int count_include_pad)
{
    tt_ssize kh0, kh1, kw0, kw1;
    if (!count_include_pad) return (w.kh1 - w.kh0) * (w.kw1 - w.kw0);
    /* the taps inside the padded image count */
    tap_range(w.ih0 + g->pad_top, g->KH, g->dil_h, g->H + g->pad_top + g->pad_bottom, &kh0, &kh1);
    tap_range(w.iw0 + g->pad_left, g->KW, g->dil_w, g->W + g->pad_left + g->pad_right, &kw0, &kw1);
    return (kh1 - kh0) * (kw1 - kw0);
}

/* Chunks of (image, channel block, output row) rows r. */
static void FN(avg_pool_chunk)(void *arg, tt_ssize chunk, int slot)
{
    const FN(pool_job) *job = arg;
    const tt_conv_geom *g = job->g;
    const T *x = job->x;
    const tt_ssize *xs = job->xs, *os = job->os, cblock = job->cblock, nblocks = job->nblocks;
    const int count_include_pad = job->count_include_pad;
    T *out = job->out;
    const tt_ssize C = g->C, OH = g->OH, OW = g->OW;
    tt_ssize r0, r1;
    (void)slot;
    chunk_range(job->units, job->nchunks, chunk, &r0, &r1);
    for (tt_ssize r = r0; r < r1; r++) {
        tt_ssize oh = r % OH, c0 = r / OH % nblocks * cblock, n = r / OH / nblocks;
        tt_ssize cb = C - c0 < cblock ? C - c0 : cblock;
        T sum[POOL_BLOCK];
        const T *image = x + n * xs[0] + c0 * xs[1];
        for (tt_ssize ow = 0; ow < OW; ow++) {
            FN(window) w = FN(window_at)(g, oh, ow);
            tt_ssize count = FN(avg_divisor)(g, w, count_include_pad);
            T scale = count > 0 ? (T)1 / (T)count : 0;
            for (tt_ssize c = 0; c < cb; c++) sum[c] = 0;
            for (tt_ssize kh = w.kh0; kh < w.kh1; kh++)
                for (tt_ssize kw = w.kw0; kw < w.kw1; kw++) {
                    const T *s = image + (w.ih0 + kh * g->dil_h) * xs[2] + (w.iw0 + kw * g->dil_w) * xs[3];
                    if (xs[1] == 1)
                        for (tt_ssize c = 0; c < cb; c++) sum[c] += s[c];
                    else
                        for (tt_ssize c = 0; c < cb; c++) sum[c] += s[c * xs[1]];
                }
            T *o = out + n * os[0] + c0 * os[1] + oh * os[2] + ow * os[3];
            for (tt_ssize c = 0; c < cb; c++) o[c * os[1]] = sum[c] * scale;
        }
    }
}

void FN(tt_avg_pool)(const tt_conv_geom *g, const T *x, const tt_ssize xs[4],
                     T *out, const tt_ssize os[4], int count_include_pad)
{
    const tt_ssize cblock = FN(pool_cblock)(xs), nblocks = (g->C + cblock - 1) / cblock;
    const tt_ssize rows = g->N * nblocks * g->OH;
    int nt = conv_threads((double)g->N * g->C * g->OH * g->OW * g->KH * g->KW);
    FN(pool_job) job = {g, x, xs, out, os, NULL, NULL, NULL, NULL, NULL, count_include_pad,
                        cblock, nblocks, rows, conv_chunks(rows, nt)};
    tt_parallel_run(job.nchunks, nt, FN(avg_pool_chunk), &job);
}

/* Chunks of whole images n. */
static void FN(avg_pool_backward_chunk)(void *arg, tt_ssize chunk, int slot)
{
    const FN(pool_job) *job = arg;
    const tt_conv_geom *g = job->g;
    const T *dout = job->dout;
    const tt_ssize *ds = job->ds, *dxs = job->dxs;
    const int count_include_pad = job->count_include_pad;
    T *dx = job->dx;
    const tt_ssize C = g->C, OH = g->OH, OW = g->OW;
    tt_ssize i0, i1;
    (void)slot;
    chunk_range(job->units, job->nchunks, chunk, &i0, &i1);
    for (tt_ssize n = i0; n < i1; n++) {
        FN(zero_image)(g, dx + n * dxs[0], C, dxs);
        for (tt_ssize oh = 0; oh < OH; oh++)
            for (tt_ssize ow = 0; ow < OW; ow++) {
                FN(window) w = FN(window_at)(g, oh, ow);
                tt_ssize count = FN(avg_divisor)(g, w, count_include_pad);
                T scale = count > 0 ? (T)1 / (T)count : 0;
                const T *s = dout + n * ds[0] + oh * ds[2] + ow * ds[3];
                for (tt_ssize kh = w.kh0; kh < w.kh1; kh++)
                    for (tt_ssize kw = w.kw0; kw < w.kw1; kw++) {
                        T *d = dx + n * dxs[0] + (w.ih0 + kh * g->dil_h) * dxs[2] + (w.iw0 + kw * g->dil_w) * dxs[3];
                        if (dxs[1] == 1 && ds[1] == 1)
                            for (tt_ssize c = 0; c < C; c++) d[c] += s[c] * scale;
                        else
                            for (tt_ssize c = 0; c < C; c++) d[c * dxs[1]] += s[c * ds[1]] * scale;
                    }
            }
    }
}

void FN(tt_avg_pool_backward)(const tt_conv_geom *g, const T *dout, const tt_ssize ds[4],
                              T *dx, const tt_ssize dxs[4], int count_include_pad)
{
    int nt = conv_threads((double)g->N * g->C * g->OH * g->OW * g->KH * g->KW);
    FN(pool_job) job = {g, NULL, NULL, NULL, NULL, NULL, dout, ds, dx, dxs, count_include_pad,
                        1, 0, g->N, conv_chunks(g->N, nt)};
    tt_parallel_run(job.nchunks, nt, FN(avg_pool_backward_chunk), &job);
}

#undef FN
#undef GLUE
#undef GLUE_
#undef T
#undef SFX
