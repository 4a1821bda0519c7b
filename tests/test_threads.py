"""Threads: operations called from several Python threads at once give correct results (large
kernels run with the GIL released), and a process forked after OpenMP kernels ran does not hang.

The fork checks run in a subprocess with a timeout, so a hang fails the test instead of
stalling the run. See docs/errors.md ("Threads and fork") for the outcome and the safe settings.
"""
import os
import signal
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

import tinytensor as tt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PKG_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(tt.__file__)))


def _worker(seed, errors, rounds):
    rng = np.random.default_rng(seed)
    try:
        for _ in range(rounds):
            a = rng.standard_normal((96, 700)).astype(np.float32)    # 67k elements: GIL released
            b = rng.standard_normal((700, 80)).astype(np.float32)
            ta, tb = tt.tensor(a), tt.tensor(b)
            np.testing.assert_allclose(np.asarray(ta @ tb), a @ b, rtol=1e-4, atol=1e-3)
            np.testing.assert_allclose(np.asarray((ta * 2.0 + 1.0).exp().sum(axis=1)),
                                       np.exp(a * 2.0 + 1.0).sum(axis=1), rtol=1e-4)
            np.testing.assert_allclose(np.asarray(ta.T.copy().max(axis=0)), a.max(axis=1))
            np.testing.assert_array_equal(np.asarray(tt.where(ta > 0, ta, 0.0)), np.where(a > 0, a, 0))
            idx = rng.integers(0, 96, 50)
            np.testing.assert_array_equal(np.asarray(ta[tt.tensor(idx)]), a[idx])
    except BaseException as e:        # noqa: BLE001  -- reported by the main thread
        errors.append(e)


@pytest.mark.parametrize("nthreads", [1, 2])
def test_concurrent_ops_are_correct(nthreads):
    prev = tt.get_num_threads()
    tt.set_num_threads(nthreads)
    try:
        errors = []
        threads = [threading.Thread(target=_worker, args=(s, errors, 6)) for s in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not any(t.is_alive() for t in threads), "a worker thread hung"
        if errors:
            raise errors[0]
    finally:
        tt.set_num_threads(prev)


def test_shared_input_read_by_many_threads():
    x = tt.arange(200_000, dtype=tt.float64)
    want = float(np.arange(200_000, dtype=np.float64).sum())
    results, errors = [], []

    def run():
        try:
            for _ in range(20):
                results.append((x * 1.0).sum().item())
        except BaseException as e:     # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors
    assert results == [want] * 80


def test_gil_is_released_around_large_kernels():
    """While one thread runs big products, another keeps getting the GIL."""
    a = tt.ones((400, 400), dtype=tt.float64)
    ticks = []
    done = threading.Event()

    def counter():
        while not done.is_set():
            ticks.append(1)
            done.wait(0.001)

    t = threading.Thread(target=counter)
    t.start()
    try:
        for _ in range(10):
            a @ a
            (a * a + 1.0).sum()
    finally:
        done.set()
        t.join()
    assert len(ticks) > 1


FORK_SCRIPT = textwrap.dedent("""
    import os, sys
    import tinytensor as tt


    def child_work():
        b = tt.ones((300, 300), dtype=tt.float32)
        return (b @ b).sum().item() == 300.0 * 300 * 300 and (b * 2.0).exp().sum().item() > 0


    def main(mode):
        if mode == "one-thread":
            tt.set_num_threads(1)
        a = tt.ones((300, 300), dtype=tt.float32)
        for _ in range(3):                      # the parent runs OpenMP kernels first
            (a @ a).sum(); (a * 2.0 + 1.0).exp().sum()
        if mode == "spawn":
            import multiprocessing as mp
            with mp.get_context("spawn").Pool(1) as pool:
                return 0 if pool.apply(child_work) else 3
        pid = os.fork()
        if pid == 0:    # the fork handler left the child one thread; the parent keeps its own
            os._exit(0 if child_work() and tt.get_num_threads() == 1 else 3)
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)


    if __name__ == "__main__":
        sys.exit(main(sys.argv[1]))
""")


def _run_fork_script(tmp_path, mode, timeout=90):
    script = tmp_path / "fork_check.py"
    script.write_text(FORK_SCRIPT)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([PKG_PARENT, os.environ.get("PYTHONPATH", "")]))
    env.pop("OMP_NUM_THREADS", None)
    proc = subprocess.Popen([sys.executable, str(script), mode], env=env, cwd=str(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)     # the hung child too, not only the parent
        proc.communicate()
        return "hang"
    return proc.returncode, err[-2000:]


@pytest.mark.parametrize("mode", ["default", "one-thread", "spawn"])
def test_fork_after_threaded_kernels(tmp_path, mode):
    """os.fork after OpenMP kernels ran: the child's own kernels finish -- with the default
    thread count (the child runs on one thread: csrc/cpu.c's fork handler, since GCC's libgomp
    hangs in a child's first parallel region), with set_num_threads(1) before the fork, and with
    the 'spawn' start method (docs/errors.md, "Threads and fork")."""
    if tt.get_num_threads() < 2 and mode == "default" and not tt._core._have_openmp():
        pytest.skip("serial build: no OpenMP pool to inherit")
    res = _run_fork_script(tmp_path, mode)
    assert res != "hang", f"forked child hung ({mode})"
    assert res[0] == 0, f"forked child failed ({mode}): {res[1]}"
