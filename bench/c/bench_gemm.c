/* GEMM benchmark: GFLOP/s (median of many runs) of tt_gemm_f32/f64 on the shapes the neural
 * network and the big-matrix tests use, for 1 and 2 threads, at the CPU's own ISA level.
 * Build and run: sh bench/c/run_bench.sh   (compare with NumPy: bench/c/bench_numpy.py)
 * Optional arguments: a thread count to run only that (0: both), "quick" for fewer repetitions,
 * and a substring of the shape names to run only those. BENCH_CPU_TIME=1 times with the
 * process CPU clock (all threads' CPU time: only meaningful for 1 thread on a busy machine).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cpu.h"
#include "gemm.h"

static clockid_t clock_id = CLOCK_MONOTONIC;

static double now(void)
{
    struct timespec ts;
    clock_gettime(clock_id, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct { const char *name; tt_ssize M, N, K; int transA, transB, f64; } shape;
static const shape shapes[] = {
    {"128x784@784x512", 128, 512, 784, 0, 0, 0},
    {"(128x784)^T@128x512", 784, 512, 128, 1, 0, 0},
    {"128x512@(784x512)^T", 128, 784, 512, 0, 1, 0},
    {"128x512@512x10", 128, 10, 512, 0, 0, 0},
    {"512^3", 512, 512, 512, 0, 0, 0},
    {"1024^3", 1024, 1024, 1024, 0, 0, 0},
    {"2048^3", 2048, 2048, 2048, 0, 0, 0},
    {"f64 1024^3", 1024, 1024, 1024, 0, 0, 1},
};

int main(int argc, char **argv)
{
    int only_threads = argc > 1 ? atoi(argv[1]) : 0;
    int quick = argc > 2 && !strcmp(argv[2], "quick");
    const char *only = argc > 3 ? argv[3] : "";
    if (getenv("BENCH_CPU_TIME")) clock_id = CLOCK_PROCESS_CPUTIME_ID;
    tt_cpu_init();
    printf("level %s\n", tt_cpu_level_name(tt_cpu_level()));
    for (int threads = 1; threads <= 2; threads++) {
        if (only_threads && threads != only_threads) continue;
        tt_set_num_threads(threads);
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
            const shape *sh = &shapes[s];
            if (!strstr(sh->name, only)) continue;
            tt_ssize M = sh->M, N = sh->N, K = sh->K;
            size_t es = sh->f64 ? 8 : 4;
            char *a = malloc(M * K * es), *b = malloc(K * N * es), *c = malloc(M * N * es);
            for (tt_ssize i = 0; i < M * K; i++)
                if (sh->f64) ((double *)a)[i] = (i % 7) * 0.1; else ((float *)a)[i] = (i % 7) * 0.1f;
            for (tt_ssize i = 0; i < K * N; i++)
                if (sh->f64) ((double *)b)[i] = (i % 5) * 0.1; else ((float *)b)[i] = (i % 5) * 0.1f;
            /* A^T: A is stored K x M (rsa=1, csa=M); B^T: B is stored N x K (rsb=1, csb=K) */
            tt_ssize rsa = sh->transA ? 1 : K, csa = sh->transA ? M : 1;
            tt_ssize rsb = sh->transB ? 1 : N, csb = sh->transB ? K : 1;
            double flops = 2.0 * M * N * K;
            int reps = flops < 2e8 ? 400 : flops < 3e9 ? 30 : 8;
            if (quick) reps = reps / 4 + 3;
            double *t = malloc(reps * sizeof(double));
            for (int r = -2; r < reps; r++) {
                double t0 = now();
                if (sh->f64)
                    tt_gemm_f64(M, N, K, (double *)a, rsa, csa, (double *)b, rsb, csb,
                                (double *)c, N, 1, NULL, 0, 0, 0);
                else
                    tt_gemm_f32(M, N, K, (float *)a, rsa, csa, (float *)b, rsb, csb,
                                (float *)c, N, 1, NULL, 0, 0, 0);
                if (r >= 0) t[r] = now() - t0;
            }
            qsort(t, reps, sizeof(double), cmp);
            double med = t[reps / 2];
            printf("threads=%d %-22s %10.1f us %8.1f GFLOP/s  (best %.1f)\n", threads, sh->name,
                   med * 1e6, flops / med * 1e-9, flops / t[0] * 1e-9);
            fflush(stdout);
            free(t); free(a); free(b); free(c);
        }
    }
    return 0;
}
