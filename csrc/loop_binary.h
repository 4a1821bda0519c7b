/* One binary elementwise inner loop, `for i in range(n): out[i] = OP(a[i], b[i])`, included
 * once per (op, dtype) by the generated csrc/elementwise_loops.inc with
 *
 *   LOOP     the loop's name (add_f32)
 *   IN, OUT  the operand and result types
 *   OP       the scalar op (scalar_ops.h): OUT OP(IN a, IN b, tt_loop_ctx *ctx)
 *
 * The strided iterator (iter.c) calls it with n elements and each operand's byte stride. Three
 * common layouts get a plain loop the compiler vectorises: all contiguous, and one operand a
 * broadcast scalar (stride 0); anything else walks the strides.
 */
static void LOOP(char **p, const tt_ssize *s, tt_ssize n, void *ctx_)
{
    tt_loop_ctx *ctx = (tt_loop_ctx *)ctx_;
    char *po = p[0];
    const char *pa = p[1], *pb = p[2];
    if (s[0] == sizeof(OUT) && s[1] == sizeof(IN) && s[2] == sizeof(IN)) {
        OUT *out = (OUT *)po;
        const IN *a = (const IN *)pa, *b = (const IN *)pb;
        for (tt_ssize i = 0; i < n; i++)
            out[i] = OP(a[i], b[i], ctx);
    } else if (s[0] == sizeof(OUT) && s[1] == sizeof(IN) && s[2] == 0) {
        OUT *out = (OUT *)po;
        const IN *a = (const IN *)pa;
        const IN b = *(const IN *)pb;
        for (tt_ssize i = 0; i < n; i++)
            out[i] = OP(a[i], b, ctx);
    } else if (s[0] == sizeof(OUT) && s[1] == 0 && s[2] == sizeof(IN)) {
        OUT *out = (OUT *)po;
        const IN a = *(const IN *)pa;
        const IN *b = (const IN *)pb;
        for (tt_ssize i = 0; i < n; i++)
            out[i] = OP(a, b[i], ctx);
    } else {
        for (tt_ssize i = 0; i < n; i++, po += s[0], pa += s[1], pb += s[2])
            *(OUT *)po = OP(*(const IN *)pa, *(const IN *)pb, ctx);
    }
}

#undef LOOP
#undef IN
#undef OUT
#undef OP
