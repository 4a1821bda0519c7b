/* One scan loop (see scan.h), written once and compiled by scan.c per (dtype, operation).
 * Before each #include, scan.c defines
 *
 *   T            the element type
 *   SFX          a suffix for the function name (cumsum_f32, ...)
 *   CT           the type each step is computed in (not for bool)
 *   OP(a, b)     the operation, computed in CT and rounded to T (a + b, a * b; bool: a | b, a & b)
 *   IDENTITY     its identity (0, 1, ...)
 *
 * and every one of them is #undef'd at the end, ready for the next #include.
 */
#define GLUE_(a, b) a##_##b
#define GLUE(a, b) GLUE_(a, b)
#define FN(name) GLUE(name, SFX)

static void FN(scan)(char **ptrs, const tt_ssize *strides, tt_ssize n, void *ctx_)
{
    const tt_scan_ctx *ctx = (const tt_scan_ctx *)ctx_;
    char *out = ptrs[0];
    const char *in = ptrs[1];
    const tt_ssize so = strides[0], si = strides[1];
    const tt_ssize os = ctx->out_stride, is = ctx->in_stride, len = ctx->len;
    const tt_ssize abs_is = is < 0 ? -is : is, abs_si = si < 0 ? -si : si;
    if (len <= 0) return;
    if (n == 1 || abs_is <= abs_si) {
        /* the scanned axis is the closer one in memory: scan each position in turn */
        for (tt_ssize j = 0; j < n; j++) {
            char *o = out + j * so;
            const char *x = in + j * si;
            T acc = ctx->first ? (T)IDENTITY : *(const T *)(o - os);
            for (tt_ssize k = 0; k < len; k++) {
                acc = OP(acc, *(const T *)(x + k * is));
                *(T *)(o + k * os) = acc;
            }
        }
        return;
    }
    /* advance all n positions one step at a time */
    for (tt_ssize k = 0; k < len; k++) {
        char *o = out + k * os;
        const char *x = in + k * is;
        int from_identity = ctx->first && k == 0;
        if (so == sizeof(T) && si == sizeof(T)) {
            T *ov = (T *)o;
            const T *xv = (const T *)x;
            const T *prev = (const T *)(o - os);
            if (from_identity)
                for (tt_ssize j = 0; j < n; j++) ov[j] = OP((T)IDENTITY, xv[j]);
            else
                for (tt_ssize j = 0; j < n; j++) ov[j] = OP(prev[j], xv[j]);
        } else {
            for (tt_ssize j = 0; j < n; j++) {
                T prev = from_identity ? (T)IDENTITY : *(const T *)(o + j * so - os);
                *(T *)(o + j * so) = OP(prev, *(const T *)(x + j * si));
            }
        }
    }
}

#undef GLUE_
#undef GLUE
#undef FN
#undef T
#undef SFX
#undef OP
#undef IDENTITY
#undef CT
