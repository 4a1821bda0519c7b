"""tinytensor against NumPy, PyTorch (when installed) and, at small sizes, the naive Python
loops, in one run.

    python -m pytest bench/bench_ops.py --benchmark-json=bench/results/latest.json
    python bench/report.py bench/results/latest.json

Every case is one pytest-benchmark *group* (a row of the report) holding one benchmark per
library. The library is the test's ``lib`` parameter and is also written in
``extra_info["lib"]`` ("tinytensor", "numpy", "torch" or "naive"); ``extra_info["p90"]`` is the
90th percentile of the round times (beside pytest-benchmark's median); ``extra_info`` carries the row's
target (largest allowed median-time ratio tinytensor / NumPy), the shape, the dtype and, for
products, the flop count. Both libraries get the same data: the NumPy array and
``tt.asarray`` of it (which shares its memory).

Timing: each benchmark is first called once (warm-up, and the tinytensor result is checked
against NumPy's), then timed a few times to plan the run (median of up to 7 samples): calls
shorter than 200 us are batched into rounds of about 200 us (``iterations``), and the number
of rounds fills the case's time budget within its [min_rounds, max_rounds]. A tenth as many
rounds (1 to 50) are run as warm-up, then the rounds are timed with the garbage collector
off. The report uses the median round.

Naive loops run only where one call is predicted to take less than --tt-naive-limit
seconds (0.5): the scaling series predicts each size from the previous one's median.
"""
import os
import time
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np
import pytest

import tinytensor as tt
from tinytensor import naive

try:
    import torch
except ImportError:          # the PyTorch column is optional
    torch = None

pytestmark = pytest.mark.benchmark(disable_gc=True, warmup=False)

SEED = 20261124

# time plans: (budget seconds, min_rounds, max_rounds)
FAST = (0.5, 50, 5000)      # microsecond ops: many rounds
MEDIUM = (1.0, 15, 300)     # millisecond ops
HEAVY = (1.5, 7, 200)       # large products
HUGE = (2.0, 5, 30)         # 2048^3: a handful
NAIVE = (1.0, 3, 50)        # Python loops


@dataclass
class Case:
    id: str                       # pytest id stem
    group: str                    # the report row
    make: Callable                # rng -> tuple of numpy arrays
    np_fn: Callable               # the NumPy expression
    tt_fn: Callable               # the same in tinytensor (gets tt.asarray of each array)
    naive_fn: Optional[Callable] = None
    torch_fn: Optional[Callable] = None     # the same in PyTorch (gets torch.from_numpy of each array)
    target: Optional[float] = None
    shape: str = ""
    dtype: str = "float32"
    flops: Optional[int] = None
    plan: tuple = MEDIUM
    series: Optional[str] = None  # scaling series name (chart), with size
    size: Optional[int] = None
    exact: bool = False           # integer result: compare exactly
    extra: dict = field(default_factory=dict)


def normal(rng, *shape, dtype=np.float32):
    return rng.standard_normal(shape, dtype=np.float64).astype(dtype)


def mm_flops(m, k, n):
    return 2 * m * k * n


def _sigmoid_np(x):
    return 1 / (1 + np.exp(-x))


def _torch(name):
    """torch.<name>, looked up at call time (None-safe when torch is not installed)."""
    return lambda *args: getattr(torch, name)(*args)


def _read_probe():
    """tinytensor's read-bandwidth probe (csrc/reduce.c, tt_read_probe): reads an array once
    with vector loads on the same threads as a sum, through ctypes on the loaded _core."""
    import ctypes
    fn = ctypes.CDLL(tt._core.__file__).tt_read_probe
    fn.restype = ctypes.c_uint64
    fn.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    return lambda x: fn(x.ctypes.data, x.nbytes)


CASES = []


def case(**kw):
    CASES.append(Case(**kw))


# ---- elementwise add ------------------------------------------------------------------
case(id="add-3x3", group="add 3x3 (call overhead)", shape="(3,3)+(3,3)", target=1.0, plan=FAST,
     make=lambda r: (normal(r, 3, 3), normal(r, 3, 3)),
     np_fn=np.add, tt_fn=tt.add, naive_fn=naive.naive_add, torch_fn=_torch("add"))
case(id="add-32x32", group="add 32x32 (naive size)", shape="(32,32)+(32,32)", plan=FAST,
     make=lambda r: (normal(r, 32, 32), normal(r, 32, 32)),
     np_fn=np.add, tt_fn=tt.add, naive_fn=naive.naive_add, torch_fn=_torch("add"))
case(id="add-1e6", group="add 1e6 contiguous", shape="(1000000,)+(1000000,)", target=0.5,
     make=lambda r: (normal(r, 10**6), normal(r, 10**6)), np_fn=np.add, tt_fn=tt.add, torch_fn=_torch("add"))
case(id="add-1e7", group="add 1e7 contiguous", shape="(10000000,)+(10000000,)", target=0.9,
     make=lambda r: (normal(r, 10**7), normal(r, 10**7)), np_fn=np.add, tt_fn=tt.add, torch_fn=_torch("add"))
case(id="add-bcast-row", group="add broadcast (1024,1024)+(1024,)", shape="(1024,1024)+(1024,)",
     target=0.4, make=lambda r: (normal(r, 1024, 1024), normal(r, 1024)), np_fn=np.add, tt_fn=tt.add, torch_fn=_torch("add"))
case(id="add-bcast-col", group="add broadcast (1024,1024)+(1024,1)", shape="(1024,1024)+(1024,1)",
     target=0.4, make=lambda r: (normal(r, 1024, 1024), normal(r, 1024, 1)), np_fn=np.add, tt_fn=tt.add, torch_fn=_torch("add"))
case(id="add-bcast-32", group="add broadcast (32,32)+(32,) (naive size)", shape="(32,32)+(32,)", plan=FAST,
     make=lambda r: (normal(r, 32, 32), normal(r, 32)),
     np_fn=np.add, tt_fn=tt.add, naive_fn=naive.naive_add_matrix_and_vector, torch_fn=_torch("add"))
case(id="add-strided", group="add strided A.T+A 1024x1024", shape="A.T+A, A (1024,1024)", target=0.4,
     make=lambda r: (normal(r, 1024, 1024),), np_fn=lambda a: a.T + a, tt_fn=lambda a: a.T + a, torch_fn=lambda a: a.T + a)

# ---- activations ------------------------------------------------------------------------
case(id="relu", group="relu (128,512)", shape="(128,512)", target=0.4, plan=FAST,
     make=lambda r: (normal(r, 128, 512),), np_fn=lambda x: np.maximum(x, 0), tt_fn=tt.relu, torch_fn=_torch("relu"))
case(id="relu-32x32", group="relu 32x32 (naive size)", shape="(32,32)", plan=FAST,
     make=lambda r: (normal(r, 32, 32),), np_fn=lambda x: np.maximum(x, 0), tt_fn=tt.relu,
     naive_fn=naive.naive_relu, torch_fn=_torch("relu"))
case(id="exp", group="exp (128,512)", shape="(128,512)", target=0.3, plan=FAST,
     make=lambda r: (normal(r, 128, 512),), np_fn=np.exp, tt_fn=tt.exp, torch_fn=_torch("exp"))
case(id="tanh", group="tanh (128,512)", shape="(128,512)", target=0.5, plan=FAST,
     make=lambda r: (normal(r, 128, 512),), np_fn=np.tanh, tt_fn=tt.tanh, torch_fn=_torch("tanh"))
case(id="sigmoid", group="sigmoid (128,512)", shape="(128,512)", target=0.25, plan=FAST,
     make=lambda r: (normal(r, 128, 512),), np_fn=_sigmoid_np, tt_fn=tt.sigmoid, torch_fn=_torch("sigmoid"),
     extra={"numpy_expr": "1/(1+np.exp(-x))"})

# ---- transcendental functions (csrc/vmath.c, vectorised per CPU level) ------------------
# (1024,1024) float32 inside each function's domain; ids "vm-<name>" (-k vm- runs them all)
_VM_INPUTS = {
    "asin": lambda r: np.tanh(normal(r, 1024, 1024)), "acos": lambda r: np.tanh(normal(r, 1024, 1024)),
    "atanh": lambda r: np.tanh(normal(r, 1024, 1024)), "acosh": lambda r: 1 + np.abs(normal(r, 1024, 1024)) * 4,
    "log1p": lambda r: np.abs(normal(r, 1024, 1024)) * 4, "log2": lambda r: np.abs(normal(r, 1024, 1024)) * 4,
    "log10": lambda r: np.abs(normal(r, 1024, 1024)) * 4,
}
_VM_NUMPY = {"asin": "arcsin", "acos": "arccos", "atan": "arctan", "atan2": "arctan2",
             "asinh": "arcsinh", "acosh": "arccosh", "atanh": "arctanh"}
for _name in ("sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh",
              "exp2", "expm1", "log1p", "log2", "log10", "atan2", "hypot", "logaddexp"):
    _binary = _name in ("atan2", "hypot", "logaddexp")
    _make = _VM_INPUTS.get(_name, lambda r: normal(r, 1024, 1024) * 4)
    case(id="vm-" + _name, group="%s (1024,1024)" % _name,
         shape="(1024,1024)" + (" x2" if _binary else ""), target=1.0,
         make=(lambda r, m=_make: (m(r), m(r))) if _binary else (lambda r, m=_make: (m(r),)),
         np_fn=getattr(np, _VM_NUMPY.get(_name, _name)), tt_fn=getattr(tt, _name), torch_fn=_torch(_name))

# ---- reductions ---------------------------------------------------------------------------
_big = lambda r: (normal(r, 4096, 4096),)  # noqa: E731
_probe = _read_probe()
case(id="read-probe", group="read bandwidth probe 4096x4096 (64 MB)", shape="(4096,4096)", make=_big,
     np_fn=_probe, tt_fn=lambda x: 0, extra={"bytes": 4096 * 4096 * 4, "probe": True}, exact=True)
case(id="sum-all", group="sum 4096x4096 all", shape="(4096,4096)", target=0.2,
     make=_big, np_fn=lambda x: x.sum(), tt_fn=lambda x: x.sum(), torch_fn=lambda x: x.sum(),
     extra={"bytes": 4096 * 4096 * 4, "probe_target": 0.9})
case(id="sum-axis0", group="sum 4096x4096 axis 0", shape="(4096,4096)", target=0.5,
     make=_big, np_fn=lambda x: x.sum(axis=0), tt_fn=lambda x: x.sum(axis=0),
     torch_fn=lambda x: x.sum(dim=0), extra={"bytes": 4096 * 4096 * 4})
case(id="sum-axis1", group="sum 4096x4096 axis 1", shape="(4096,4096)", target=0.3,
     make=_big, np_fn=lambda x: x.sum(axis=1), tt_fn=lambda x: x.sum(axis=1),
     torch_fn=lambda x: x.sum(dim=1), extra={"bytes": 4096 * 4096 * 4, "probe_target": 0.9})
case(id="argmax-small", group="argmax (128,10) axis 1", shape="(128,10)", target=1.0, plan=FAST, exact=True,
     make=lambda r: (normal(r, 128, 10),), np_fn=lambda x: np.argmax(x, 1), tt_fn=lambda x: tt.argmax(x, 1),
     torch_fn=lambda x: torch.argmax(x, 1))
case(id="argmax-big", group="argmax (1024,1024) axis 0", shape="(1024,1024)", target=0.2, exact=True,
     make=lambda r: (normal(r, 1024, 1024),), np_fn=lambda x: np.argmax(x, 0), tt_fn=lambda x: tt.argmax(x, 0),
     torch_fn=lambda x: torch.argmax(x, 0))

# ---- sorting and scans (the targets: sort of 1e6 float32 within 1.5x NumPy) ----------
case(id="sort-1e6", group="sort 1e6 float32", shape="(1000000,)", target=1.5, exact=True,
     make=lambda r: (normal(r, 10**6),), np_fn=np.sort, tt_fn=tt.sort,
     torch_fn=lambda x: torch.sort(x).values,
     extra={"numpy_expr": "np.sort(x) (default kind: AVX2 quicksort); tinytensor: stable radix"})
case(id="sort-1e6-stable", group="sort 1e6 float32, stable", shape="(1000000,)", target=1.5, exact=True,
     make=lambda r: (normal(r, 10**6),), np_fn=lambda x: np.sort(x, kind="stable"), tt_fn=tt.sort,
     torch_fn=lambda x: torch.sort(x, stable=True).values)
case(id="argsort-1e6", group="argsort 1e6 float32, stable", shape="(1000000,)", target=1.0, exact=True,
     make=lambda r: (normal(r, 10**6),), np_fn=lambda x: np.argsort(x, kind="stable"), tt_fn=tt.argsort,
     torch_fn=lambda x: torch.argsort(x, stable=True))
case(id="sort-rows", group="sort (1024,1024) float32 axis 1", shape="(1024,1024)", target=1.5, exact=True,
     make=lambda r: (normal(r, 1024, 1024),), np_fn=lambda x: np.sort(x, axis=1), tt_fn=lambda x: tt.sort(x, axis=1),
     torch_fn=lambda x: torch.sort(x, dim=1).values)
case(id="cumsum-axis0", group="cumsum (1024,1024) float32 axis 0", shape="(1024,1024)", target=1.0,
     make=lambda r: (normal(r, 1024, 1024),), np_fn=lambda x: np.cumsum(x, 0), tt_fn=lambda x: tt.cumsum(x, 0),
     torch_fn=lambda x: torch.cumsum(x, 0))
case(id="cumsum-axis1", group="cumsum (1024,1024) float32 axis 1", shape="(1024,1024)", target=1.0,
     make=lambda r: (normal(r, 1024, 1024),), np_fn=lambda x: np.cumsum(x, 1), tt_fn=lambda x: tt.cumsum(x, 1),
     torch_fn=lambda x: torch.cumsum(x, 1))

# ---- matrix products ----------------------------------------------------------------------
_mm = lambda a, b: a @ b  # noqa: E731


def mm_case(id, group, m, k, n, target, dtype=np.float32, plan=MEDIUM, **kw):
    dt = np.dtype(dtype)
    case(id=id, group=group, shape=kw.pop("shape", "(%d,%d)@(%d,%d)" % (m, k, k, n)), target=target,
         dtype=dt.name, flops=mm_flops(m, k, n), plan=plan,
         make=kw.pop("make", lambda r: (normal(r, m, k, dtype=dt), normal(r, k, n, dtype=dt))),
         np_fn=kw.pop("np_fn", _mm), tt_fn=kw.pop("tt_fn", _mm), torch_fn=kw.pop("torch_fn", _mm),
         **kw)


mm_case("mm-mnist-fwd", "matmul 128x784 @ 784x512", 128, 784, 512, 0.75)
mm_case("mm-XT-dY", "matmul X.T @ dY (784x128 @ 128x512)", 784, 128, 512, 0.9,
        shape="X.T@dY, X (128,784), dY (128,512)",
        make=lambda r: (normal(r, 128, 784), normal(r, 128, 512)),
        np_fn=lambda x, dy: x.T @ dy, tt_fn=lambda x, dy: x.T @ dy, torch_fn=lambda x, dy: x.T @ dy)
mm_case("mm-dY-WT", "matmul dY @ W.T (128x512 @ 512x784)", 128, 512, 784, 0.7,
        shape="dY@W.T, dY (128,512), W (784,512)",
        make=lambda r: (normal(r, 128, 512), normal(r, 784, 512)),
        np_fn=lambda dy, w: dy @ w.T, tt_fn=lambda dy, w: dy @ w.T, torch_fn=lambda dy, w: dy @ w.T)
mm_case("mm-512", "matmul 512^3", 512, 512, 512, 0.85)
mm_case("mm-1024", "matmul 1024^3", 1024, 1024, 1024, 0.87, plan=HEAVY, extra={"peak_target": 0.75})
mm_case("mm-2048", "matmul 2048^3", 2048, 2048, 2048, 0.95, plan=HUGE)
mm_case("mm-1024-f64", "matmul float64 1024^3", 1024, 1024, 1024, 0.87, dtype=np.float64, plan=HEAVY)
mm_case("mm-mnist-out", "matmul 128x512 @ 512x10", 128, 512, 10, 0.7, plan=FAST)
mm_case("mm-16", "matmul 16x16 (naive size)", 16, 16, 16, None, plan=FAST, naive_fn=naive.naive_matrix_dot)

# ---- einsum: contractions through the GEMM (NumPy: np.einsum as users call it, and optimize=True)
def einsum_case(id, subs, shapes, flops, optimize=False, **kw):
    case(id=id, group="einsum %s %s%s" % (subs, " ".join(str(s) for s in shapes), " (np optimize)" if optimize else ""),
         shape=" ".join(str(s) for s in shapes), flops=flops, dtype="float32",
         make=lambda r: tuple(normal(r, *s) for s in shapes),
         np_fn=lambda *a: np.einsum(subs, *a, optimize=optimize), tt_fn=lambda *a: tt.einsum(subs, *a),
         extra={"numpy_expr": "np.einsum(%r, ..., optimize=%s)" % (subs, optimize)}, **kw)


einsum_case("einsum-mm", "ij,jk->ik", [(256, 256), (256, 256)], mm_flops(256, 256, 256))
einsum_case("einsum-mm-opt", "ij,jk->ik", [(256, 256), (256, 256)], mm_flops(256, 256, 256), optimize=True)
einsum_case("einsum-bmm", "bij,bjk->bik", [(32, 64, 64), (32, 64, 64)], 32 * mm_flops(64, 64, 64))
einsum_case("einsum-rowdot", "ij,ij->i", [(1024, 1024), (1024, 1024)], 2 * 1024 * 1024)
einsum_case("einsum-chain", "ij,jk,kl->il", [(64, 512), (512, 512), (512, 64)],
            mm_flops(64, 512, 512) + mm_flops(64, 512, 64))
einsum_case("einsum-chain-opt", "ij,jk,kl->il", [(64, 512), (512, 512), (512, 64)],
            mm_flops(64, 512, 512) + mm_flops(64, 512, 64), optimize=True)
einsum_case("einsum-trace", "ii->", [(2048, 2048)], 2048, plan=FAST)

# ---- scaling series (the chart) -------------------------------------------------------------
ADD_SIZES = [8, 16, 32, 64, 128, 256, 512, 1024]
MM_SIZES = [8, 16, 32, 64, 128, 256, 512]
for n in ADD_SIZES:
    case(id="scale-add-%d" % n, group="scaling add %dx%d" % (n, n), shape="(%d,%d)+(%d,%d)" % (n, n, n, n),
         plan=FAST if n <= 256 else MEDIUM, series="add", size=n,
         make=lambda r, n=n: (normal(r, n, n), normal(r, n, n)),
         np_fn=np.add, tt_fn=tt.add, naive_fn=naive.naive_add, torch_fn=_torch("add"))
for n in MM_SIZES:
    mm_case("scale-mm-%d" % n, "scaling matmul %d^3" % n, n, n, n, None,
            plan=FAST if n <= 128 else MEDIUM, series="matmul", size=n, naive_fn=naive.naive_matrix_dot)

# how a naive call's time grows with the series' size n (to predict the next size)
SERIES_EXPONENT = {"add": 2, "matmul": 3}

BY_ID = {c.id: c for c in CASES}
assert len(BY_ID) == len(CASES), "case ids must be unique"
PARAMS = []
for c in CASES:
    for lib in ("numpy", "tinytensor", "torch", "naive"):
        if lib == "naive" and c.naive_fn is None:
            continue
        if lib == "torch" and (torch is None or c.torch_fn is None):
            continue
        if c.extra.get("probe") and lib != "numpy":
            continue                      # the probe is one C function: one benchmark
        marks = [pytest.mark.naive] if lib == "naive" else []
        PARAMS.append(pytest.param(c.id, lib, id="%s-%s" % (c.id, lib), marks=marks))


# ---- machinery -------------------------------------------------------------------------------
_data = {}           # the current case's inputs (one case at a time: the big ones are 64 MB)
_naive_medians = {}  # series -> (size, median seconds) of the last naive run


def inputs(c):
    if c.id not in _data:
        _data.clear()
        arrays = c.make(np.random.default_rng(SEED))
        _data[c.id] = (arrays, tuple(tt.asarray(a) for a in arrays),
                       tuple(torch.from_numpy(a) for a in arrays) if torch is not None else None)
    return _data[c.id]


def check(c, lib, result, expected):
    got = np.asarray(result)
    if c.exact:
        np.testing.assert_array_equal(got, expected)
        return
    scale = float(np.max(np.abs(expected))) if np.size(expected) else 1.0
    tol = 1e-3 if c.flops or c.id.startswith(("sum", "cumsum")) else 1e-5
    np.testing.assert_allclose(got.astype(np.float64), np.asarray(expected, dtype=np.float64),
                               rtol=tol, atol=tol * scale, err_msg="%s: %s differs from NumPy" % (c.group, lib))


def plan_rounds(fn, args, plan, scale):
    """(rounds, iterations, seconds per call) that fill the case's time budget.

    The call time is the median of up to 7 samples (batches of about 2 ms for small ops),
    so that a plan made during a burst of load from other processes neither over- nor
    under-shoots the budget by much."""
    budget, min_rounds, max_rounds = plan
    t0 = time.perf_counter()
    fn(*args)
    first = time.perf_counter() - t0
    k = max(1, int(2e-3 / max(first, 1e-7)))
    samples = [first]
    spent = first
    while len(samples) < 7 and spent < 0.1 * budget * scale + 0.05:
        t0 = time.perf_counter()
        for _ in range(k):
            fn(*args)
        dt = time.perf_counter() - t0
        spent += dt
        samples.append(dt / k)
    samples.sort()
    one = samples[len(samples) // 2]
    iterations = max(1, int(2e-4 / max(one, 1e-9))) if one < 2e-4 else 1
    rounds = int(budget * scale / (one * iterations))
    return max(min_rounds, min(max_rounds, rounds)), iterations, one


@pytest.mark.parametrize("case, lib", PARAMS)
def test_op(benchmark, bench_options, case, lib):
    c = BY_ID[case]
    benchmark.group = c.group
    arrays, tensors, torch_tensors = inputs(c)
    if lib == "numpy":
        fn, args = c.np_fn, arrays
    elif lib == "tinytensor":
        fn, args = c.tt_fn, tensors
    elif lib == "torch":
        fn, args = c.torch_fn, torch_tensors
    else:
        fn, args = c.naive_fn, tensors
        prev = _naive_medians.get(c.series)
        if c.series and prev:
            predicted = prev[1] * (c.size / prev[0]) ** SERIES_EXPONENT[c.series]
            if predicted > bench_options["naive_limit"]:
                pytest.skip("naive %s at %d predicted %.2f s a call (limit %.2f s)"
                            % (c.series, c.size, predicted, bench_options["naive_limit"]))

    result = fn(*args)  # warm-up call, and the answer is checked once
    if lib != "numpy":
        check(c, lib, result.numpy() if lib == "torch" else result, c.np_fn(*arrays))

    plan = NAIVE if lib == "naive" else c.plan
    rounds, iterations, one = plan_rounds(fn, args, plan, bench_options["time_scale"])
    benchmark.extra_info.update({
        "lib": lib, "op": c.id, "shape": c.shape, "dtype": c.dtype,
        "target": c.target, "flops": c.flops, "series": c.series, "size": c.size,
        "rounds_planned": rounds, "iterations": iterations, "planned_call_s": one,
        "threads": tt.get_num_threads(), "loadavg_1min": os.getloadavg()[0],
        **c.extra,
    })
    benchmark.pedantic(fn, args=args, rounds=rounds, iterations=iterations,
                       warmup_rounds=max(1, min(rounds // 10, 50)))
    data = sorted(benchmark.stats.stats.data)
    benchmark.extra_info["p90"] = data[min(len(data) - 1, int(0.9 * len(data)))] if data else None
    if lib == "naive" and c.series:
        _naive_medians[c.series] = (c.size, benchmark.stats.stats.median)
