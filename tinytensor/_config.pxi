# ---- threads and CPU dispatch ----------------------------------------------------------

MAX_THREADS = TT_MAX_THREADS


def set_num_threads(n):
    """Sets how many threads the kernels may use, ``1 <= n <= tinytensor._core.MAX_THREADS`` (1024).

    The default is ``OMP_NUM_THREADS`` when set, else the number of CPUs this process may run
    on. Kernels share out their work in chunks that the calling thread and tinytensor's own
    worker threads claim (csrc/threads.h); a count above the number of cores is allowed but
    only adds threads that wait for a core. ``threadpoolctl.threadpool_limits`` changes this
    count too (tinytensor registers a controller for it, see tinytensor/_threadpool.py).

    Parameters
    ----------
    n : int
        The number of threads, the calling one included.

    Returns
    -------
    None

    Raises
    ------
    TypeError
        When `n` is not an integer.
    ValueError
        When `n` is outside ``[1, MAX_THREADS]``. Nothing changes when it raises.

    See Also
    --------
    tinytensor.get_num_threads

    Examples
    --------
    >>> before = tt.get_num_threads()
    >>> tt.set_num_threads(1)
    >>> tt.get_num_threads()
    1
    >>> tt.set_num_threads(before)
    >>> tt.set_num_threads(0)
    Traceback (most recent call last):
        ...
    ValueError: the number of threads must be between 1 and 1024, got 0
    """
    try:
        count = operator.index(n)
    except TypeError:
        raise TypeError(f"the number of threads must be an integer, not {type(n).__name__}") from None
    if count < 1 or count > TT_MAX_THREADS:
        raise ValueError(f"the number of threads must be between 1 and {TT_MAX_THREADS}, got {count}")
    tt_set_num_threads(count)


def get_num_threads():
    """The number of threads the kernels may use (see ``set_num_threads``).

    Returns
    -------
    int
        At least 1.

    See Also
    --------
    tinytensor.set_num_threads

    Examples
    --------
    >>> tt.get_num_threads() >= 1
    True
    """
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


def _have_threads():
    """True when the kernels were built with tinytensor's thread pool (not a serial build)."""
    return bool(tt_have_threads())


def _pool_workers():
    """How many worker threads the pool has started in this process (0 before the first
    parallel kernel, and in a serial build)."""
    return tt_pool_workers()
