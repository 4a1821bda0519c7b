"""Turns saved pytest-benchmark runs into a Markdown report and a scaling chart.

    python bench/report.py bench/results/latest.json            # -> bench/results/latest.md
    python bench/report.py run.json --out x.md --chart x.png --ghz 3.72

Works on any pytest-benchmark JSON (several files are merged). The convention it reads:

* a row of the table is a benchmark ``group``; rows keep the order of their first appearance;
* in a group, each benchmark's library is ``extra_info["lib"]``, else ``params["lib"]``, else
  a word of its name or param id: ``tinytensor``/``tt``, ``numpy``/``np``, ``naive``/``python``
  (so ``test_add[numpy]``, ``test_add_tt``, ``test_x[1024-naive]`` all work);
* a benchmark found in several of the files (same group and library) counts with its best
  median: load from other processes only ever adds time;
* optional ``extra_info`` keys: ``target`` (largest allowed median-time ratio
  tinytensor / NumPy: the pass/miss column), ``shape``, ``dtype`` (default float32),
  ``flops`` (flops of one call: GFLOP/s and % of peak), ``peak_target`` (fraction of peak the
  tinytensor row must reach), ``series`` and ``size`` (scaling rows: a table and the chart
  instead of the main table).

Peak: cores x flops/cycle/core x clock. Cores are the run's thread count (machine_info
bench.threads, else 2). Flops/cycle/core: 64 for float32 (2 FMA units x 16 float32 lanes x
2 flops, AVX-512), half for float64; --flops-per-cycle changes it. The clock is --ghz, else
3.72 GHz (the boost clock: /proc/cpuinfo's 'cpu MHz' in this VM shows a fixed nominal 2596
and is printed beside it for reference; --ghz cpuinfo uses it instead). 2 x 64 x 3.72 =
476 GFLOP/s float32, 238 float64. On Zen 4 (AMD family 25 with AVX-512: two 256-bit FMA units)
the report adds a column for the FMA units' own peak, 32 float32 flops/cycle/core
(--hw-flops-per-cycle sets it on any machine).
"""
import argparse
import datetime as _dt
import json
import os
import re
import sys

LIBS = ("tinytensor", "numpy", "torch", "naive")
ALIASES = {"tinytensor": "tinytensor", "tt": "tinytensor", "numpy": "numpy", "np": "numpy",
           "torch": "torch", "pytorch": "torch",
           "naive": "naive", "python": "naive", "py": "naive"}
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_GHZ = 3.72


def lib_of(b):
    """'tinytensor', 'numpy', 'naive' or None for a benchmark record (see the module docstring)."""
    for source in ((b.get("extra_info") or {}).get("lib"), (b.get("params") or {}).get("lib")):
        if isinstance(source, str) and source.lower() in ALIASES:
            return ALIASES[source.lower()]
    for text in (b.get("param") or "", b.get("name") or ""):
        for word in re.split(r"[^A-Za-z0-9]+", text.lower()):
            if word in ALIASES:
                return ALIASES[word]
    return None


def fmt_time(t):
    if t is None:
        return "—"
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if t >= scale or unit == "ns":
            v = t / scale
            return ("%.3g" % v if v < 1000 else "%.0f" % v) + " " + unit
    return str(t)


def fmt_ratio(r):
    return "—" if r is None else ("%.2f" % r if r < 10 else "%.0f" % r)


def load(paths):
    benchmarks, infos = [], []
    for p in paths:
        with open(p) as f:
            d = json.load(f)
        infos.append((p, d))
        benchmarks.extend(d.get("benchmarks", []))
    return benchmarks, infos


def collect(benchmarks):
    """{group: {"libs": {lib: median}, "p90": {lib: p90 of the run with that median},
    "info": merged extra_info}} in order of appearance."""
    groups = {}
    for b in benchmarks:
        group = b.get("group") or b.get("name")
        lib = lib_of(b)
        g = groups.setdefault(group, {"libs": {}, "p90": {}, "info": {}, "unmatched": [], "runs": {}})
        info = dict(b.get("extra_info") or {})
        info.pop("lib", None)
        p90 = info.pop("p90", None)
        for k, v in info.items():
            if v is not None:
                g["info"].setdefault(k, v)
        median = b["stats"]["median"]
        if lib is None:
            g["unmatched"].append((b.get("name"), median))
        else:
            # the same benchmark in several runs: keep the best median (load only adds time)
            if median <= g["libs"].get(lib, median):
                g["libs"][lib] = median
                g["p90"][lib] = p90
            g["runs"][lib] = g["runs"].get(lib, 0) + 1
    return groups


def peak_gflops(dtype, cores, ghz, fpc32):
    fpc = fpc32 if dtype != "float64" else fpc32 / 2
    return cores * fpc * ghz


def cpuinfo_ghz():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("cpu MHz"):
                    return float(line.split(":")[1]) / 1000
    except (OSError, ValueError):
        pass
    return None


def fmt_cell(libs, p90s, lib):
    """'median (p90)' of one library."""
    t = libs.get(lib)
    if t is None:
        return "—"
    p = p90s.get(lib)
    return fmt_time(t) + (" (%s)" % fmt_time(p) if p else "")


def main_table(groups, peak):
    lines = ["| op | shape | dtype | tinytensor | NumPy | PyTorch | naive | tt / NumPy | tt / PyTorch | "
             "target ≤ (vs NumPy) | result |",
             "|---|---|---|---:|---:|---:|---:|---:|---:|---:|:---:|"]
    passed = total = 0
    for name, g in groups.items():
        if g["info"].get("series") is not None:
            continue
        libs, info, p90s = g["libs"], g["info"], g["p90"]
        tt_t, np_t, th_t = libs.get("tinytensor"), libs.get("numpy"), libs.get("torch")
        ratio = tt_t / np_t if tt_t and np_t else None
        ratio_torch = tt_t / th_t if tt_t and th_t else None
        target = info.get("target")
        if target is not None and ratio is not None:
            total += 1
            ok = ratio <= target
            passed += ok
            result = "pass" if ok else "**miss**"
        else:
            result = "—"
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            name, info.get("shape", ""), info.get("dtype", ""), fmt_cell(libs, p90s, "tinytensor"),
            fmt_cell(libs, p90s, "numpy"), fmt_cell(libs, p90s, "torch"),
            fmt_time(libs.get("naive")), fmt_ratio(ratio), fmt_ratio(ratio_torch),
            "—" if target is None else "%g" % target, result))
        for uname, med in g["unmatched"]:
            lines.append("| %s: %s (library not recognised) | | | | | | | | | | |" % (name, uname))
    return lines, passed, total


def bandwidth_table(groups):
    """GB/s of the rows that declare the bytes they read, against the read-bandwidth probe."""
    probe = next((min(g["libs"].values()) for g in groups.values()
                  if g["info"].get("probe") and g["libs"]), None)
    rows = [(n, g) for n, g in groups.items() if g["info"].get("bytes") and not g["info"].get("probe")]
    if not rows:
        return []
    nbytes = rows[0][1]["info"]["bytes"]
    lines = ["Read-bandwidth probe (one vectorised read of the same array, same threads): %s" % (
        "%s, %.1f GB/s" % (fmt_time(probe), nbytes / probe / 1e9) if probe else "not in this run"), "",
        "| op | tinytensor GB/s | % of probe | NumPy GB/s | PyTorch GB/s | target |", "|---|---:|---:|---:|---:|---|"]
    for name, g in rows:
        b = g["info"]["bytes"]
        gbs = {lib: b / t / 1e9 for lib, t in g["libs"].items() if t}
        pct = "%.0f%%" % (100 * probe / g["libs"]["tinytensor"]) if probe and g["libs"].get("tinytensor") else "—"
        goal = g["info"].get("probe_target")
        lines.append("| %s | %s | %s | %s | %s | %s |" % (
            name, *("%.1f" % gbs[lib] if lib in gbs else "—" for lib in ("tinytensor",)), pct,
            *("%.1f" % gbs[lib] if lib in gbs else "—" for lib in ("numpy", "torch")),
            ">= %d%% of probe" % (100 * goal) if goal else "—"))
    return lines


def gemm_table(groups, cores, ghz, fpc32, hw_fpc32=None):
    """GFLOP/s and % of peak per product row; with hw_fpc32, also % of the FMA units' own peak."""
    hw = hw_fpc32 is not None
    head = "| op | dtype | tinytensor GFLOP/s | % of peak | NumPy GFLOP/s | % of peak |"
    rule = "|---|---|---:|---:|---:|---:|"
    if hw:
        head += " tinytensor % of FMA-unit peak | NumPy % of FMA-unit peak |"
        rule += "---:|---:|"
    lines = [head + " peak target | result |", rule + "---:|:---:|"]
    any_row = False
    for name, g in groups.items():
        info, libs = g["info"], g["libs"]
        flops = info.get("flops")
        if not flops or info.get("series") is not None:
            continue
        any_row = True
        dtype = info.get("dtype", "float32")
        peak = peak_gflops(dtype, cores, ghz, fpc32)
        gf = {lib: flops / libs[lib] / 1e9 if libs.get(lib) else None for lib in ("tinytensor", "numpy")}
        pct = lambda x, p: "—" if x is None else "%.0f%%" % (100 * x / p)  # noqa: E731
        cells = []
        for lib in ("tinytensor", "numpy"):
            cells += ["—" if gf[lib] is None else "%.1f" % gf[lib], pct(gf[lib], peak)]
        if hw:
            hw_peak = peak_gflops(dtype, cores, ghz, hw_fpc32)
            cells += [pct(gf["tinytensor"], hw_peak), pct(gf["numpy"], hw_peak)]
        pt = info.get("peak_target")
        result = "—"
        if pt is not None and gf["tinytensor"]:
            result = "pass" if gf["tinytensor"] / peak >= pt else "**miss**"
        lines.append("| " + " | ".join([name, dtype] + cells + ["—" if pt is None else "≥ %.0f%%" % (100 * pt),
                                                              result]) + " |")
    return lines if any_row else []


def zen4(infos):
    """True when the run's CPU is AMD family 25 with AVX-512, i.e. Zen 4 (512-bit FMA as 2 x 256)."""
    for _, d in infos:
        cpu = d.get("machine_info", {}).get("bench", {}).get("cpu", {})
        if str(cpu.get("family")) == "25" and cpu.get("avx512f"):
            return True
    return False


def series_of(groups):
    """{series: [(size, {lib: median}, info)]} sorted by size."""
    out = {}
    for name, g in groups.items():
        s, n = g["info"].get("series"), g["info"].get("size")
        if s is None or n is None:
            continue
        out.setdefault(s, []).append((n, g["libs"], g["info"]))
    for s in out:
        out[s].sort(key=lambda row: row[0])
    return out


def series_tables(series):
    lines = []
    for s, rows in series.items():
        lines += ["", "**%s** (n x n%s, %s)" % (s, " @ n x n" if s == "matmul" else " + n x n",
                                               rows[0][2].get("dtype", "float32")), "",
                  "| n | tinytensor | NumPy | naive | tinytensor / NumPy | naive / tinytensor |",
                  "|---:|---:|---:|---:|---:|---:|"]
        for n, libs, _ in rows:
            tt_t, np_t, nv = libs.get("tinytensor"), libs.get("numpy"), libs.get("naive")
            lines.append("| %d | %s | %s | %s | %s | %s |" % (
                n, fmt_time(tt_t), fmt_time(np_t), fmt_time(nv),
                fmt_ratio(tt_t / np_t if tt_t and np_t else None),
                fmt_ratio(nv / tt_t if nv and tt_t else None)))
    return lines


def chart(series, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no chart (pip install matplotlib, or the 'plot' extra)")
        return False
    if not series:
        print("no scaling series in the run: no chart")
        return False
    fig, axes = plt.subplots(1, len(series), figsize=(6 * len(series), 4.5), squeeze=False)
    style = {"tinytensor": ("tinytensor", "C0", "o"), "numpy": ("NumPy", "C1", "s"),
             "torch": ("PyTorch", "C3", "D"), "naive": ("naive Python loops", "C2", "^")}
    for ax, (s, rows) in zip(axes[0], series.items()):
        for lib in LIBS:
            pts = [(n, libs[lib]) for n, libs, _ in rows if lib in libs]
            if pts:
                label, color, marker = style[lib]
                ax.plot([p[0] for p in pts], [p[1] for p in pts], marker=marker, color=color, label=label)
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        sizes = [n for n, _, _ in rows]
        ax.set_xticks(sizes)
        ax.set_xticklabels([str(n) for n in sizes])
        ax.set_xlabel("n")
        ax.set_ylabel("median time per call (s)")
        what = "n x n @ n x n" if s == "matmul" else "n x n + n x n"
        ax.set_title("%s (%s, %s)" % (s, what, rows[0][2].get("dtype", "float32")))
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def header(infos, cores, ghz, fpc32, ghz_source):
    lines = []
    for path, d in infos:
        mi = d.get("machine_info", {})
        bench = mi.get("bench", {})
        cpu = bench.get("cpu", {})
        ci = d.get("commit_info", {})
        lines.append("- run: `%s`, %s to %s UTC" % (
            os.path.relpath(path), (bench.get("started_utc") or "?")[:19], (d.get("datetime") or "?")[:19]))
        if not bench:  # a run without bench/conftest.py's machine_info
            brand = mi.get("cpu", {}).get("brand_raw")
            lines.append("- commit %s; CPU %s (no thread/load record)" % ((ci.get("id") or "?")[:10], brand or "?"))
            continue
        commit = bench.get("tinytensor_commit") or (ci.get("id") or "?")[:10]
        lines.append("- tinytensor %s (commit %s, kernels: %s, thread pool %s); NumPy %s, OpenBLAS %s (%s); "
                     "PyTorch %s" % (
            bench.get("tinytensor_version", "?"), commit, bench.get("tinytensor_cpu_level", "?"),
            "on" if bench.get("tinytensor_pool", bench.get("tinytensor_openmp")) else "off",
            bench.get("numpy_version", "?"),
            (bench.get("openblas_config") or "?").split()[1] if bench.get("openblas_config") else "?",
            bench.get("openblas_core", "?"), bench.get("torch_version") or "not installed"))
        if bench.get("busy_neighbour"):
            lines.append("- **busy neighbour: one CPU-bound process ran beside this whole run (TT_BENCH_BUSY=1)**")
        if bench:
            lines.append("- threads: %s for every library (OPENBLAS_NUM_THREADS=%s, OMP_NUM_THREADS=%s, "
                         "tinytensor %s, OpenBLAS reports %s, PyTorch %s)" % (
                             bench.get("threads"), bench.get("env", {}).get("OPENBLAS_NUM_THREADS"),
                             bench.get("env", {}).get("OMP_NUM_THREADS"), bench.get("tinytensor_threads"),
                             bench.get("openblas_threads"), bench.get("torch_threads") or "—"))
        lines.append("- CPU: %s (family %s, model %s), %s logical CPUs, /proc/cpuinfo %s MHz; Python %s" % (
            cpu.get("model", mi.get("cpu", {}).get("brand_raw", "?")), cpu.get("family", cpu.get("cpu family", "?")),
            cpu.get("model_number", "?"), cpu.get("logical_cpus", mi.get("cpu", {}).get("count", "?")),
            cpu.get("mhz", "?"), mi.get("python_version", "?")))
        # the run's own threads add about `threads` to the load; more than that is other work
        ncpu = cpu.get("logical_cpus") or 2
        start = (bench.get("loadavg_at_start") or [0])[0]
        end = (bench.get("loadavg_at_end") or [0])[0]
        if start > 0.5 * ncpu or end > ncpu + 0.5:
            lines.append("- **warning: 1-minute load average %.1f at start, %.1f at end on %d CPUs (the run "
                         "itself adds about %s): other processes shared the cores, so these timings are "
                         "noisy**" % (start, end, ncpu, bench.get("threads", "?")))
        if bench.get("uptime_at_start"):
            lines.append("- load: at start `%s`; at end `%s`" % (
                bench["uptime_at_start"].split("load average:")[-1].strip(),
                bench.get("uptime_at_end", "?").split("load average:")[-1].strip()))
    lines.append("- peak: %d cores x %g flops/cycle (float32; half for float64) x %.2f GHz (%s) = "
                 "%.0f GFLOP/s float32, %.0f float64" % (
                     cores, fpc32, ghz, ghz_source, peak_gflops("float32", cores, ghz, fpc32),
                     peak_gflops("float64", cores, ghz, fpc32)))
    return lines


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("json", nargs="+", help="pytest-benchmark JSON file(s) (--benchmark-json=...)")
    ap.add_argument("--out", help="Markdown file (default: the first JSON's path with .md)")
    ap.add_argument("--chart", default=os.path.join(ROOT, "docs", "images", "bench_scaling.png"),
                    help="PNG of the scaling series (default docs/images/bench_scaling.png)")
    ap.add_argument("--no-chart", action="store_true")
    ap.add_argument("--ghz", default=None, help="clock for the peak, GHz, or 'cpuinfo' (default 3.72)")
    ap.add_argument("--flops-per-cycle", type=float, default=64.0,
                    help="float32 flops per cycle per core (default 64 = 2 FMA x 16 lanes x 2)")
    ap.add_argument("--hw-flops-per-cycle", type=float, default=None,
                    help="also show %% of this float32 flops/cycle/core peak (default: 32 on Zen 4, "
                         "whose FMA units are 256 bits wide; else not shown)")
    ap.add_argument("--cores", type=int, default=None, help="cores for the peak (default: the run's threads)")
    args = ap.parse_args(argv)

    benchmarks, infos = load(args.json)
    groups = collect(benchmarks)
    cores = args.cores or infos[0][1].get("machine_info", {}).get("bench", {}).get("threads") or 2
    info_ghz = cpuinfo_ghz()
    if args.ghz is None:
        ghz, ghz_source = DEFAULT_GHZ, "boost clock; /proc/cpuinfo shows %s" % (
            "%.2f GHz" % info_ghz if info_ghz else "nothing")
    elif args.ghz == "cpuinfo":
        ghz, ghz_source = (info_ghz or DEFAULT_GHZ), "/proc/cpuinfo" if info_ghz else "default"
    else:
        ghz, ghz_source = float(args.ghz), "--ghz"

    table, passed, total = main_table(groups, None)
    hw_fpc = args.hw_flops_per_cycle or (32.0 if zen4(infos) else None)
    gemm = gemm_table(groups, cores, ghz, args.flops_per_cycle, hw_fpc)
    series = series_of(groups)

    out = ["# tinytensor benchmarks", "",
           "Median time per call, with the 90th percentile in brackets; ratios = tinytensor median / "
           "NumPy (or PyTorch) median in the same run "
           "(lower is faster; a row passes when the ratio to NumPy is at most its target). "
           "Generated by `python bench/report.py` on %s UTC." % _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M"),
           ""]
    out += header(infos, cores, ghz, args.flops_per_cycle, ghz_source)
    most = max((n for g in groups.values() for n in g["runs"].values()), default=1)
    if most > 1:
        out.append("- %d runs merged: each cell is the best of its runs' medians" % most)
    out += ["", "## Operations (%d of %d targets met)" % (passed, total), ""] + table
    bandwidth = bandwidth_table(groups)
    if bandwidth:
        out += ["", "## Memory-bound reductions against the read bandwidth", ""] + bandwidth
    if gemm:
        out += ["", "## Matrix products: GFLOP/s and fraction of peak", ""] + gemm
        if hw_fpc:
            out += ["", "Peak = the formula above (%.0f GFLOP/s float32). FMA-unit peak = %d cores x %g "
                    "float32 flops/cycle x %.2f GHz = %.0f GFLOP/s float32 (%.0f float64)%s." % (
                        peak_gflops("float32", cores, ghz, args.flops_per_cycle), cores, hw_fpc, ghz,
                        peak_gflops("float32", cores, ghz, hw_fpc), peak_gflops("float64", cores, ghz, hw_fpc),
                        ": this CPU (AMD family 25 with AVX-512: Zen 4) has two 256-bit FMA "
                        "units, and a 512-bit FMA takes both" if zen4(infos) and not args.hw_flops_per_cycle else "")]
    if series:
        out += ["", "## Scaling (chart: `docs/images/bench_scaling.png`)"] + series_tables(series)
        out.append("")
        out.append("Naive loops run only at sizes where one call is predicted under 0.5 s.")
    text = "\n".join(out) + "\n"

    md = args.out or os.path.splitext(args.json[0])[0] + ".md"
    os.makedirs(os.path.dirname(os.path.abspath(md)), exist_ok=True)
    with open(md, "w") as f:
        f.write(text)
    print(text)
    print("wrote %s" % md)
    if not args.no_chart and chart(series, args.chart):
        print("wrote %s" % args.chart)
    return 0


if __name__ == "__main__":
    sys.exit(main())
