"""Benchmark session set-up: one thread count for every library, recorded with the results.

This file is imported by pytest before any benchmark module, so the environment variables
below are in place before NumPy loads OpenBLAS (which reads them once, at load) and before
tinytensor's OpenMP runtime starts. The count comes from TT_BENCH_THREADS (default 2, the
cores of the machine the targets were set for) and is given, the same, to:

    OPENBLAS_NUM_THREADS, OMP_NUM_THREADS, MKL_NUM_THREADS   (environment, before import)
    tinytensor.set_num_threads(n), torch.set_num_threads(n)  (after import; torch if installed)

TT_BENCH_BUSY=1 runs the whole session beside one CPU-bound process (a "busy neighbour", as on
a laptop or a shared server), started before the first benchmark and stopped at the end (it
also stops by itself after TT_BENCH_BUSY_LIMIT seconds, default 3600).

If NumPy was imported earlier anyway, OpenBLAS is set through its own set_num_threads.
What each library really uses is read back (OpenBLAS through its own get_num_threads) and
saved in the run's machine_info["bench"], with the load average, the CPU, the clock and the
commit, so a saved JSON says under which conditions it was measured.
"""
import os
import sys

THREADS = int(os.environ.get("TT_BENCH_THREADS", "2"))
_ALREADY = sorted(m for m in ("numpy", "tinytensor") if m in sys.modules)
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = str(THREADS)

import ctypes  # noqa: E402
import datetime  # noqa: E402
import glob  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import tinytensor as tt  # noqa: E402

tt.set_num_threads(THREADS)
try:                                  # PyTorch is optional: its column is left out without it
    import torch  # noqa: E402
    torch.set_num_threads(THREADS)
except ImportError:
    torch = None

BUSY = os.environ.get("TT_BENCH_BUSY", "") not in ("", "0")
BUSY_LIMIT_S = float(os.environ.get("TT_BENCH_BUSY_LIMIT", "3600"))
_NEIGHBOUR = {"proc": None}


def start_busy_neighbour(limit_s=BUSY_LIMIT_S):
    """Starts one CPU-bound process (a Python spin loop) that stops by itself after limit_s
    seconds; returns it. The caller stops it (stop_busy_neighbour); the time limit is the
    guarantee that it never outlives a crashed run by much."""
    code = "import time\nend = time.monotonic() + %r\nwhile time.monotonic() < end:\n    pass\n" % limit_s
    return subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.DEVNULL)


def stop_busy_neighbour(proc):
    if proc is not None and proc.poll() is None:
        proc.kill()
        proc.wait()
_START = {"uptime": None, "loadavg": None, "utc": None}  # filled at session start


def _openblas_fn(stem):
    """The OpenBLAS function `stem` (e.g. "get_num_threads") of the library NumPy loaded, or None."""
    libdir = os.path.dirname(np.__file__) + ".libs"
    for path in glob.glob(os.path.join(libdir, "*openblas*")):
        try:
            lib = ctypes.CDLL(path)  # already loaded by NumPy: the same handle
        except OSError:
            continue
        for prefix, suffix in (("scipy_openblas_", "64_"), ("scipy_openblas_", ""),
                               ("openblas_", "64_"), ("openblas_", "")):
            fn = getattr(lib, prefix + stem + suffix, None)
            if fn is not None:
                return fn
    return None


def _openblas():
    """(threads, config, core) of the OpenBLAS NumPy loaded, or Nones when it can't be asked."""
    out = []
    for stem, restype in (("get_num_threads", ctypes.c_int), ("get_config", ctypes.c_char_p),
                          ("get_corename", ctypes.c_char_p)):
        fn = _openblas_fn(stem)
        value = None
        if fn is not None:
            fn.restype = restype
            value = fn()
            value = value.decode() if isinstance(value, bytes) else value
        out.append(value)
    return tuple(out)


if _openblas()[0] not in (None, THREADS):  # NumPy was loaded before the variables were set
    _set = _openblas_fn("set_num_threads")
    if _set is not None:
        _set.argtypes = [ctypes.c_int]
        _set(THREADS)


def cpu_info():
    """Model name, the 'cpu MHz' /proc/cpuinfo shows, family/model numbers, logical CPUs and
    the vector flags."""
    info = {"model": platform.processor() or platform.machine(), "mhz": None, "logical_cpus": os.cpu_count()}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                key, value = key.strip(), value.strip()
                if key == "model name":
                    info["model"] = value
                elif key == "cpu MHz" and info["mhz"] is None:
                    info["mhz"] = float(value)
                elif key == "cpu family" and "family" not in info:
                    info["family"] = value
                elif key == "model" and "model_number" not in info:
                    info["model_number"] = value
                elif key == "flags":
                    info["avx512f"] = "avx512f" in value.split()
                    info["avx2"] = "avx2" in value.split()
                    break
    except OSError:
        pass
    return info


def _git_commit():
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        return subprocess.check_output(["git", "-C", here, "describe", "--always", "--dirty"],
                                       stderr=subprocess.DEVNULL, text=True).strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def _uptime():
    try:
        return subprocess.check_output(["uptime"], text=True).strip()
    except (OSError, subprocess.CalledProcessError):
        return "load average: %.2f, %.2f, %.2f" % os.getloadavg()


def pytest_addoption(parser):
    group = parser.getgroup("tinytensor bench")
    group.addoption("--tt-time-scale", type=float, default=float(os.environ.get("TT_BENCH_TIME_SCALE", "1")),
                    help="multiply every case's time budget (e.g. 0.1 for a quick check of the suite)")
    group.addoption("--tt-naive-limit", type=float, default=0.5,
                    help="seconds: a naive loop is run only at sizes whose one call is predicted below this")


def pytest_report_header(config):
    threads, _, core = _openblas()
    return ("tinytensor bench: threads %d (tinytensor %d, OpenBLAS %s, core %s, torch %s)%s; %s"
            % (THREADS, tt.get_num_threads(), threads, core,
               torch.get_num_threads() if torch is not None else "not installed",
               "; BUSY NEIGHBOUR" if BUSY else "", _uptime()))


def pytest_benchmark_update_machine_info(config, machine_info):
    threads, config_str, core = _openblas()
    machine_info["bench"] = {
        "threads": THREADS,
        "env": {v: os.environ.get(v) for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")},
        "tinytensor_threads": tt.get_num_threads(),
        "tinytensor_version": tt.__version__,
        "tinytensor_cpu_level": tt._core._cpu_level(),
        "tinytensor_pool": bool(tt._core._have_threads()),
        "torch_version": getattr(torch, "__version__", None),
        "torch_threads": torch.get_num_threads() if torch is not None else None,
        "busy_neighbour": BUSY,
        "tinytensor_commit": _git_commit(),
        "numpy_version": np.__version__,
        "openblas_threads": threads,
        "openblas_config": config_str,
        "openblas_core": core,
        "imported_before_conftest": _ALREADY,
        "cpu": cpu_info(),
        "uptime_at_start": _START["uptime"],
        "loadavg_at_start": _START["loadavg"],
        "started_utc": _START["utc"],
    }


def pytest_benchmark_update_json(config, benchmarks, output_json):
    bench = output_json.setdefault("machine_info", {}).setdefault("bench", {})
    bench["uptime_at_end"] = _uptime()
    bench["loadavg_at_end"] = list(os.getloadavg())


def pytest_collect_file(file_path, parent):
    """Collects bench/bench_*.py (pytest's default pattern is test_*.py), so that
    `python -m pytest bench/` runs every benchmark module here; a file named on the command
    line is collected by pytest itself."""
    if (file_path.suffix == ".py" and file_path.name.startswith("bench_")
            and str(file_path.parent) == os.path.dirname(os.path.abspath(__file__))
            and not parent.session.isinitpath(file_path)):
        return pytest.Module.from_parent(parent, path=file_path)
    return None


def pytest_configure(config):
    config.addinivalue_line("markers", "naive: a naive Python loop benchmark (deselect with -m 'not naive')")


def pytest_sessionstart(session):
    if BUSY:
        _NEIGHBOUR["proc"] = start_busy_neighbour()
    _START.update(uptime=_uptime(), loadavg=list(os.getloadavg()),
                  utc=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"))
    if _ALREADY:
        print("warning: %s imported before bench/conftest.py; threads read back: OpenBLAS %s, tinytensor %d"
              % (", ".join(_ALREADY), _openblas()[0], tt.get_num_threads()))


def pytest_sessionfinish(session, exitstatus):
    stop_busy_neighbour(_NEIGHBOUR["proc"])


@pytest.fixture(scope="session")
def bench_options(request):
    return {"time_scale": request.config.getoption("--tt-time-scale"),
            "naive_limit": request.config.getoption("--tt-naive-limit")}
