/* Correctness harness for tt_gemm_f32 / tt_gemm_f64 (csrc/gemm.c).
 *
 * Every result is compared with a naive triple loop accumulated in double, for many shapes
 * (0, 1, 2, odd and prime sizes, sizes around the tile and cache-block edges), operand layouts
 * (row-major, column-major i.e. transposed, reversed rows/columns, padded strides), strided C
 * (whose gaps must stay untouched), bias with a stride, relu and accumulate; for every ISA
 * level this CPU has (tt_cpu_set_level) and for 1 and 2 threads.
 * Build and run: sh tests/c/run_tests.sh. Prints a summary; exits 1 on any failure.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cpu.h"
#include "gemm.h"
#include "threads.h"

static unsigned long long rng_state = 88172645463325252ULL;
static double rnd(void)            /* uniform in [-1, 1) */
{
    rng_state ^= rng_state << 13; rng_state ^= rng_state >> 7; rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0 * 2 - 1;
}

/* A view of an m x n matrix inside a buffer: element (i, j) is buf[off + i*rs + j*cs]. */
typedef struct { tt_ssize rs, cs, off, size; } view;
enum { ROW_MAJOR, COL_MAJOR, ROWS_REVERSED, BOTH_REVERSED, PADDED, NLAYOUTS };
static const char *layout_names[] = {"row", "col", "rowrev", "bothrev", "padded"};

static view make_view(tt_ssize m, tt_ssize n, int layout)
{
    view v = {0, 0, 0, 0};
    switch (layout) {
    case ROW_MAJOR: v.rs = n; v.cs = 1; break;
    case COL_MAJOR: v.rs = 1; v.cs = m; break;
    case ROWS_REVERSED: v.rs = -n; v.cs = 1; break;
    case BOTH_REVERSED: v.rs = -1; v.cs = -m; break;
    default: v.rs = 2 * n + 3; v.cs = 2; break;
    }
    if (m > 0 && n > 0) {
        v.size = (m - 1) * llabs(v.rs) + (n - 1) * llabs(v.cs) + 1;
        v.off = (v.rs < 0 ? (m - 1) * -v.rs : 0) + (v.cs < 0 ? (n - 1) * -v.cs : 0);
    }
    return v;
}

static long n_checks = 0, n_failures = 0;

#define DEFINE_CHECK(T, SUFFIX, GEMM, EPS)                                                    \
static void check_##SUFFIX(tt_ssize M, tt_ssize N, tt_ssize K, int la, int lb, int lc,        \
                           int mode, const char *where)                                       \
{                                                                                             \
    /* mode: 0 plain, 1 bias, 2 strided bias (negative stride) + relu, 3 accumulate, 4 relu */ \
    view va = make_view(M, K, la), vb = make_view(K, N, lb), vc = make_view(M, N, lc);        \
    T *a = malloc((va.size + 1) * sizeof(T)), *b = malloc((vb.size + 1) * sizeof(T));        \
    T *c = malloc((vc.size + 1) * sizeof(T)), *c0 = malloc((vc.size + 1) * sizeof(T));       \
    tt_ssize bstride = mode == 2 ? -3 : 1;                                                    \
    T *bias_buf = malloc((3 * N + 1) * sizeof(T));                                            \
    for (tt_ssize i = 0; i < va.size; i++) a[i] = (T)rnd();                                   \
    for (tt_ssize i = 0; i < vb.size; i++) b[i] = (T)rnd();                                   \
    for (tt_ssize i = 0; i < vc.size; i++) c[i] = c0[i] = (T)rnd();                           \
    for (tt_ssize i = 0; i < 3 * N + 1; i++) bias_buf[i] = (T)rnd();                          \
    const T *bias = mode == 1 ? bias_buf : mode == 2 ? bias_buf + 3 * (N > 0 ? N - 1 : 0) : NULL; \
    int relu = mode == 2 || mode == 4, acc = mode == 3;                                       \
    int st = GEMM(M, N, K, a + va.off, va.rs, va.cs, b + vb.off, vb.rs, vb.cs,                \
                  c + vc.off, vc.rs, vc.cs, bias, bstride, relu, acc);                        \
    int bad = st != TT_OK;                                                                    \
    double worst = 0;                                                                         \
    for (tt_ssize i = 0; i < M && !bad; i++)                                                  \
        for (tt_ssize j = 0; j < N; j++) {                                                    \
            double s = 0, sabs = 0;                                                           \
            for (tt_ssize k = 0; k < K; k++) {                                                \
                double p = (double)a[va.off + i * va.rs + k * va.cs] *                        \
                           b[vb.off + k * vb.rs + j * vb.cs];                                 \
                s += p; sabs += fabs(p);                                                      \
            }                                                                                 \
            tt_ssize ci = vc.off + i * vc.rs + j * vc.cs;                                     \
            if (acc) { s += c0[ci]; sabs += fabs(c0[ci]); }                                   \
            if (bias) { s += bias[j * bstride]; sabs += fabs(bias[j * bstride]); }            \
            if (relu && s < 0) s = 0;                                                         \
            double err = fabs(c[ci] - s), tol = (K + 4) * EPS * sabs + 1e-30;                 \
            if (!(err <= tol)) { bad = 1; worst = err; break; }                               \
            c0[ci] = c[ci];               /* so that the gap check below skips this element */ \
        }                                                                                     \
    for (tt_ssize i = 0; i < vc.size && !bad; i++)                                            \
        if (memcmp(&c[i], &c0[i], sizeof(T))) { bad = 2; break; }                             \
    n_checks++;                                                                               \
    if (bad) {                                                                                \
        n_failures++;                                                                         \
        if (n_failures <= 20)                                                                 \
            printf("FAIL %s %s M=%td N=%td K=%td A=%s B=%s C=%s mode=%d status=%d %s err=%g\n", \
                   #SUFFIX, where, M, N, K, layout_names[la], layout_names[lb],               \
                   layout_names[lc], mode, st, bad == 2 ? "(gap of C written)" : "", worst);  \
    }                                                                                         \
    free(a); free(b); free(c); free(c0); free(bias_buf);                                      \
}
DEFINE_CHECK(float, f32, tt_gemm_f32, 6e-8)
DEFINE_CHECK(double, f64, tt_gemm_f64, 1.2e-16)

static const tt_ssize shapes[][3] = {
    {0, 0, 0}, {0, 5, 3}, {5, 0, 3}, {4, 6, 0}, {1, 1, 1}, {1, 1, 7}, {2, 2, 2}, {3, 5, 7},
    {1, 40, 33}, {40, 1, 33}, {7, 13, 1}, {11, 31, 17}, {12, 32, 16}, {13, 33, 19},
    {6, 16, 9}, {5, 15, 8}, {7, 17, 10}, {4, 8, 3}, {23, 64, 29}, {24, 65, 31}, {25, 63, 37},
    {128, 10, 64}, {97, 10, 513}, {33, 3, 100}, {50, 15, 7}, {9, 1, 200}, {61, 12, 3},
    {67, 71, 73}, {70, 70, 70}, {130, 50, 97}, {101, 257, 131}, {37, 385, 50},
    {50, 400, 385}, {30, 100, 769}, {257, 33, 255}, {1201, 40, 20}, {1250, 20, 390},
    {50, 1290, 40}, {300, 300, 300},
};

int main(void)
{
    tt_cpu_init();
    int top = tt_cpu_detected();
    size_t nshapes = sizeof shapes / sizeof shapes[0];
    for (int level = 0; level <= top; level++) {
        tt_cpu_set_level(level);
        for (int threads = 1; threads <= 3; threads++) {
            tt_set_num_threads(threads);
            char where[64];
            snprintf(where, sizeof where, "%s/%dthr", tt_cpu_level_name(level), threads);
            for (size_t s = 0; s < nshapes; s++) {
                tt_ssize M = shapes[s][0], N = shapes[s][1], K = shapes[s][2];
                int variants = M * N * K <= 20000 ? 40 : M * N * K <= 2000000 ? 10 : 3;
                for (int v = 0; v < variants; v++) {
                    int la = v % NLAYOUTS, lb = (v / NLAYOUTS + v) % NLAYOUTS, lc = v % 3;
                    int mode = (v + s) % 5;
                    if (lc == 1) lc = PADDED;
                    else if (lc == 2) lc = BOTH_REVERSED;
                    check_f32(M, N, K, la, lb, lc, mode, where);
                    check_f64(M, N, K, la, lb, lc, (mode + 1) % 5, where);
                }
            }
        }
    }
    /* accumulate with bias or relu is refused */
    float x = 1;
    int r1 = tt_gemm_f32(1, 1, 1, &x, 1, 1, &x, 1, 1, &x, 1, 1, &x, 1, 0, 1);
    int r2 = tt_gemm_f64(1, 1, 1, (double *)0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1);
    n_checks += 2;
    if (r1 != TT_ERR_VALUE || r2 != TT_ERR_VALUE) { n_failures++; printf("FAIL accumulate+bias/relu not refused\n"); }

    printf("test_gemm: %ld checks, %ld failures (levels baseline..%s, threads 1 to 3)\n",
           n_checks, n_failures, tt_cpu_level_name(top));
    return n_failures ? 1 : 0;
}
