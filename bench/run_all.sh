#!/usr/bin/env bash
# Regenerates bench/results/latest.md in one go (about 15 minutes on the 2-core machine; run it
# on a quiet machine):
#
#   bash bench/run_all.sh
#
# 1. every operation row, tinytensor / NumPy / PyTorch, threads pinned equal (TT_BENCH_THREADS,
#    default 2), plus the MLP training step and its GEMM floor;
# 2. the threading rows (matmul 128x784x512, the MLP step) beside a busy neighbour
#    (TT_BENCH_BUSY=1: one CPU-bound process for the run), at 1 thread and at the default count;
# 3. one MNIST epoch per library (bench/bench_mnist.py; BENCH_MNIST_N images, default 60000).
# The JSON files stay in bench/results/ beside latest.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/results
threads="${TT_BENCH_THREADS:-2}"
mkdir -p "$out"

python -m pytest bench/bench_ops.py bench/bench_mlp_step.py -q -p no:randomly \
    --benchmark-json="$out/latest.json"
python bench/report.py "$out/latest.json" --out "$out/latest.md"

busy_sel="mm-mnist-fwd or step"
for n in 1 "$threads"; do
    TT_BENCH_BUSY=1 TT_BENCH_THREADS="$n" python -m pytest bench/bench_ops.py bench/bench_mlp_step.py \
        -q -k "$busy_sel" --benchmark-json="$out/busy-$n.json"
    python bench/report.py "$out/busy-$n.json" --no-chart --out "$out/busy-$n.md" >/dev/null
done
{
    echo
    echo "## Busy neighbour (one CPU-bound process beside the run)"
    for n in 1 "$threads"; do
        echo
        echo "### $n thread(s)"
        echo
        sed -n '/^| op /,/^$/p' "$out/busy-$n.md"
    done
    echo
    echo "## MNIST one epoch (bench/bench_mnist.py, $threads threads)"
    echo
    echo '```'
    for busy in 0 1; do
        for n in 1 "$threads"; do
            BENCH_BUSY=$busy OMP_NUM_THREADS="$n" OPENBLAS_NUM_THREADS="$n" \
                python bench/bench_mnist.py "${BENCH_MNIST_N:-60000}"
        done
    done
    echo '```'
} >> "$out/latest.md"
rm -f "$out"/busy-*.md      # folded into latest.md above
echo "wrote $out/latest.md"
