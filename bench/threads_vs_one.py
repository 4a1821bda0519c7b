"""Does tinytensor's default thread count ever lose to one thread? The 128x784x512 matmul and
the MNIST recipe's training step (784-512 relu-10, batch 128, RMSprop) at 1 and 2 threads,
interleaved (6 alternating blocks, so slow drifts of the machine's load hit both alike), on the
machine as it is ("quiet") or beside one CPU-bound process started for the run ("busy", always
stopped). Prints the median and p90 per thread count and the ratio 2 threads / 1 thread.

    python bench/threads_vs_one.py quiet
    python bench/threads_vs_one.py busy

Target (issue 15): the ratio <= 1.1 with one busy neighbour.
"""
import os, sys, time, subprocess
import numpy as np
import tinytensor as tt
from tinytensor import layers, models
rng = np.random.default_rng(0)
a = tt.asarray(rng.random((128, 784), dtype=np.float32)); b = tt.asarray(rng.random((784, 512), dtype=np.float32))
x = rng.random((128, 784), dtype=np.float32); y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 128)]
net = models.Sequential(); net.add(layers.Dense(512, activation="relu", input_shape=(784,))); net.add(layers.Dense(10, activation="softmax"))
net.compile(optimizer="rmsprop", loss="categorical_crossentropy"); net._bind_optimizer(); opt = net.optimizer
xb, yb = tt.asarray(x), tt.asarray(y)
def step():
    loss, _, _ = net._loss_and_output(xb, yb); opt.zero_grad(); loss.backward(); opt.step()
def mm(): a @ b
res = {}
busy = len(sys.argv) > 1 and sys.argv[1] == "busy"
p = subprocess.Popen([sys.executable, "-c", "import time\nend=time.monotonic()+300\nwhile time.monotonic()<end: pass"]) if busy else None
try:
    time.sleep(0.2)
    for rep in range(6):
        for nt in (1, 2):
            tt.set_num_threads(nt)
            for name, f, n in (("matmul", mm, 60), ("step", step, 30)):
                for _ in range(3): f()
                for _ in range(n):
                    t0 = time.perf_counter(); f(); res.setdefault((name, nt), []).append(time.perf_counter() - t0)
finally:
    if p: p.kill(); p.wait()
for name in ("matmul", "step"):
    row = []
    for nt in (1, 2):
        d = sorted(res[(name, nt)]); med = d[len(d) // 2]; p90 = d[int(0.9 * len(d))]
        row.append((med, p90))
    print("%s %-6s 1 thread median %.3f ms p90 %.3f | 2 threads median %.3f ms p90 %.3f | 2t/1t %.2f" % (
        "busy " if busy else "quiet", name, row[0][0]*1e3, row[0][1]*1e3, row[1][0]*1e3, row[1][1]*1e3, row[1][0]/row[0][0]))
