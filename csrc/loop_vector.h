/* One unary elementwise inner loop backed by a vectorised array function (vmath.h),
 * `for i in range(n): out[i] = f(x[i])`, included once per (op, dtype) by the generated
 * csrc/elementwise_loops.inc with
 *
 *   LOOP   the loop's name (exp_f32)
 *   T      the element type
 *   CT     the type the array function computes in (T itself, or float for float16)
 *   VEC    the array function: void VEC(const CT *x, CT *y, tt_ssize n)
 *
 * A contiguous run of CT elements goes straight to VEC; strided runs, and float16 (converted
 * to float and rounded back once per element), go through a small buffer.
 */
static void LOOP(char **p, const tt_ssize *s, tt_ssize n, void *ctx_)
{
    (void)ctx_;
    char *po = p[0];
    const char *px = p[1];
    if (sizeof(T) == sizeof(CT) && s[0] == sizeof(T) && s[1] == sizeof(T)) {
        VEC((const CT *)px, (CT *)po, n);
        return;
    }
    CT buf[256];
    for (tt_ssize start = 0; start < n; start += 256) {
        tt_ssize m = n - start < 256 ? n - start : 256;
        for (tt_ssize i = 0; i < m; i++, px += s[1])
            buf[i] = (CT)*(const T *)px;
        VEC(buf, buf, m);
        for (tt_ssize i = 0; i < m; i++, po += s[0])
            *(T *)po = (T)buf[i];
    }
}

#undef LOOP
#undef T
#undef CT
#undef VEC
