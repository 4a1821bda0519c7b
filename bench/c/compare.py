"""tinytensor's GEMM against NumPy, shape by shape, alternating the two so that both see the
same machine load; several rounds, and the best round's median is kept for each.

Usage (after sh bench/c/run_bench.sh has built build/cbench/bench_gemm):
    python3 bench/c/compare.py [rounds] [quick|full] [cpu1]
cpu1: time the 1-thread runs with the process CPU clock (steadier on a machine others load).
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
NAMES = ["128x784@784x512", "(128x784)^T@128x512", "128x512@(784x512)^T", "128x512@512x10",
         "512^3", "1024^3", "2048^3", "f64 1024^3"]
LINE = re.compile(r"threads=\S+ +(.+?) +([\d.]+) us +([\d.]+) GFLOP/s")


def run(cmd, env):
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout
    return {m.group(1): (float(m.group(2)), float(m.group(3))) for m in map(LINE.search, out.splitlines()) if m}


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    quick = sys.argv[2] if len(sys.argv) > 2 else "full"
    cpu1 = len(sys.argv) > 3 and sys.argv[3] == "cpu1"
    ours_bin = os.path.join(ROOT, "build", "cbench", "bench_gemm")
    best = {}
    for _ in range(rounds):
        for threads in (1, 2):
            env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
            env.pop("BENCH_CPU_TIME", None)
            if cpu1 and threads == 1:
                env["BENCH_CPU_TIME"] = "1"
            for name in NAMES:
                ours = run([ours_bin, str(threads), quick, name], env)
                theirs = run([sys.executable, os.path.join(HERE, "bench_numpy.py"), str(threads), quick, name], env)
                for key, res in (("tt", ours), ("np", theirs)):
                    for n, (us, gf) in res.items():
                        if n != name:
                            continue
                        k = (threads, name, key)
                        best[k] = min(best.get(k, (1e99, 0)), (us, gf))
    print(f"{'threads':>7} {'shape':22s} {'tinytensor us':>14} {'GFLOP/s':>8} {'numpy us':>10} {'GFLOP/s':>8} {'ratio':>6}")
    for threads in (1, 2):
        for name in NAMES:
            t, n = best.get((threads, name, "tt")), best.get((threads, name, "np"))
            if t and n:
                print(f"{threads:>7} {name:22s} {t[0]:14.1f} {t[1]:8.1f} {n[0]:10.1f} {n[1]:8.1f} {t[0] / n[0]:6.2f}")


if __name__ == "__main__":
    main()
