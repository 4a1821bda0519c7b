/* One binary elementwise inner loop backed by a vectorised array function (vmath.h),
 * `for i in range(n): out[i] = f(a[i], b[i])`, included once per (op, dtype) by the generated
 * csrc/elementwise_loops.inc with
 *
 *   LOOP   the loop's name (atan2_f32)
 *   T      the element type
 *   CT     the type the array function computes in (T itself, or float for float16)
 *   VEC    the array function: void VEC(const CT *a, const CT *b, CT *out, tt_ssize n)
 *
 * Operands that are contiguous runs of CT go straight to VEC; the others (strided, broadcast
 * with stride 0, float16 converted to float and rounded back once per element) go through
 * small buffers, 256 elements at a time.
 */
static void LOOP(char **p, const tt_ssize *s, tt_ssize n, void *ctx_)
{
    (void)ctx_;
    char *po = p[0];
    const char *pa = p[1], *pb = p[2];
    const int direct = sizeof(T) == sizeof(CT);
    const int a_direct = direct && s[1] == sizeof(T);
    const int b_direct = direct && s[2] == sizeof(T);
    const int out_direct = direct && s[0] == sizeof(T);
    if (a_direct && b_direct && out_direct) {
        VEC((const CT *)pa, (const CT *)pb, (CT *)po, n);
        return;
    }
    CT abuf[256], bbuf[256], obuf[256];
    for (tt_ssize start = 0; start < n; start += 256) {
        tt_ssize m = n - start < 256 ? n - start : 256;
        const CT *a = abuf, *b = bbuf;
        if (a_direct)
            a = (const CT *)pa + start;
        else
            for (tt_ssize i = 0; i < m; i++)
                abuf[i] = (CT)*(const T *)(pa + (start + i) * s[1]);
        if (b_direct)
            b = (const CT *)pb + start;
        else
            for (tt_ssize i = 0; i < m; i++)
                bbuf[i] = (CT)*(const T *)(pb + (start + i) * s[2]);
        if (out_direct) {
            VEC(a, b, (CT *)po + start, m);
        } else {
            VEC(a, b, obuf, m);
            for (tt_ssize i = 0; i < m; i++)
                *(T *)(po + (start + i) * s[0]) = (T)obuf[i];
        }
    }
}

#undef LOOP
#undef T
#undef CT
#undef VEC
