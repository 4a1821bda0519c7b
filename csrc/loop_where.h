/* The inner loop of `where`, `out[i] = cond[i] ? x[i] : y[i]`, for elements moved as opaque
 * LOOP-sized words (T: an unsigned type of the element size). Operands (out, cond, x, y). */
static void LOOP(char **p, const tt_ssize *s, tt_ssize n, void *ctx_)
{
    (void)ctx_;
    char *po = p[0];
    const char *pc = p[1], *px = p[2], *py = p[3];
    for (tt_ssize i = 0; i < n; i++, po += s[0], pc += s[1], px += s[2], py += s[3])
        *(T *)po = *(const tt_bool *)pc ? *(const T *)px : *(const T *)py;
}

#undef LOOP
#undef T
