/* One unary elementwise inner loop, `for i in range(n): out[i] = OP(x[i])`, included once per
 * (op, dtype) by the generated csrc/elementwise_loops.inc with
 *
 *   LOOP     the loop's name (sqrt_f32)
 *   IN, OUT  the operand and result types
 *   OP       the scalar op (scalar_ops.h, or a cast of casts.h): OUT OP(IN x, tt_loop_ctx *ctx)
 *
 * Contiguous runs get a plain loop the compiler vectorises; anything else walks the strides.
 */
static void LOOP(char **p, const tt_ssize *s, tt_ssize n, void *ctx_)
{
    tt_loop_ctx *ctx = (tt_loop_ctx *)ctx_;
    char *po = p[0];
    const char *px = p[1];
    if (s[0] == sizeof(OUT) && s[1] == sizeof(IN)) {
        OUT *out = (OUT *)po;
        const IN *x = (const IN *)px;
        for (tt_ssize i = 0; i < n; i++)
            out[i] = OP(x[i], ctx);
    } else {
        for (tt_ssize i = 0; i < n; i++, po += s[0], px += s[1])
            *(OUT *)po = OP(*(const IN *)px, ctx);
    }
}

#undef LOOP
#undef IN
#undef OUT
#undef OP
