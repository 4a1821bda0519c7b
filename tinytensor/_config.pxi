# ---- threads and CPU dispatch ----------------------------------------------------------

def set_num_threads(int n):
    """How many threads the kernels may use (default: OMP_NUM_THREADS, else all cores)."""
    if n < 1:
        raise ValueError("the number of threads must be at least 1")
    tt_set_num_threads(n)


def get_num_threads():
    return tt_get_num_threads()


def _cpu_level():
    return tt_cpu_level_name(tt_cpu_level()).decode()


def _cpu_detected():
    return tt_cpu_level_name(tt_cpu_detected()).decode()


def _set_cpu_level(name):
    levels = {"baseline": 0, "avx2": 1, "avx512": 2}
    if name not in levels:
        raise ValueError(f"unknown CPU level {name!r}; expected one of {sorted(levels)}")
    return tt_cpu_level_name(tt_cpu_set_level(levels[name])).decode()


def _have_openmp():
    return bool(tt_have_openmp())
