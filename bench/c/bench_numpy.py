"""NumPy (OpenBLAS) timings of np.matmul on the shapes of bench_gemm.c, same output format.

Usage: OPENBLAS_NUM_THREADS=2 python3 bench/c/bench_numpy.py [threads-label] [quick] [name-filter]
BENCH_CPU_TIME=1 times with the process CPU clock, as bench_gemm.c (for 1 thread on a busy machine).
"""
import os
import sys
import time

import numpy as np

SHAPES = [  # name, stored A, stored B, use A.T, use B.T, dtype
    ("128x784@784x512", (128, 784), (784, 512), False, False, np.float32),
    ("(128x784)^T@128x512", (128, 784), (128, 512), True, False, np.float32),
    ("128x512@(784x512)^T", (128, 512), (784, 512), False, True, np.float32),
    ("128x512@512x10", (128, 512), (512, 10), False, False, np.float32),
    ("512^3", (512, 512), (512, 512), False, False, np.float32),
    ("1024^3", (1024, 1024), (1024, 1024), False, False, np.float32),
    ("2048^3", (2048, 2048), (2048, 2048), False, False, np.float32),
    ("f64 1024^3", (1024, 1024), (1024, 1024), False, False, np.float64),
]


def main():
    label = sys.argv[1] if len(sys.argv) > 1 else "?"
    quick = len(sys.argv) > 2 and sys.argv[2] == "quick"
    only = sys.argv[3] if len(sys.argv) > 3 else ""
    clock = time.process_time if os.environ.get("BENCH_CPU_TIME") else time.perf_counter
    rng = np.random.default_rng(0)
    for name, sa, sb, ta, tb, dt in SHAPES:
        if only not in name:
            continue
        a = rng.standard_normal(sa).astype(dt)
        b = rng.standard_normal(sb).astype(dt)
        a = a.T if ta else a
        b = b.T if tb else b
        M, K = a.shape
        N = b.shape[1]
        flops = 2.0 * M * N * K
        reps = 400 if flops < 2e8 else 30 if flops < 3e9 else 8   # as bench_gemm.c
        if quick:
            reps = reps // 4 + 3
        c = np.empty((M, N), dt)
        for _ in range(2):
            np.matmul(a, b, out=c)
        times = []
        for _ in range(reps):
            t0 = clock()
            np.matmul(a, b, out=c)
            times.append(clock() - t0)
        times.sort()
        med = times[len(times) // 2]
        print(f"numpy threads={label} {name:22s} {med * 1e6:10.1f} us {flops / med * 1e-9:8.1f} "
              f"GFLOP/s  (best {flops / times[0] * 1e-9:.1f})", flush=True)


if __name__ == "__main__":
    main()
