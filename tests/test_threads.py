"""Threads: operations called from several Python threads at once give correct results (large
kernels run with the GIL released), a process forked after threaded kernels ran does not hang,
results do not depend on when (or whether) the pool's workers show up, the thread count is
validated, and threadpoolctl's limits reach tinytensor.

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
        else:
            tt.set_num_threads(2)
        threads = tt.get_num_threads()
        a = tt.ones((300, 300), dtype=tt.float32)
        for _ in range(3):                      # the parent runs threaded kernels first
            (a @ a).sum(); (a * 2.0 + 1.0).exp().sum()
        if mode == "spawn":
            import multiprocessing as mp
            with mp.get_context("spawn").Pool(1) as pool:
                return 0 if pool.apply(child_work) else 3
        pid = os.fork()
        if pid == 0:    # the child keeps the thread count and starts its own workers
            ok = child_work() and tt.get_num_threads() == threads
            os._exit(0 if ok and (threads == 1 or tt._core._pool_workers() >= 1) else 3)
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
    """os.fork after threaded kernels ran: the child's own kernels finish with 2 threads (the
    pool's fork handler, csrc/threads.c, forgets the parent's workers and the child starts its
    own), with set_num_threads(1) before the fork, and with the 'spawn' start method
    (docs/errors.md, "Threads and fork")."""
    if mode == "default" and not tt._core._have_threads():
        pytest.skip("serial build: no pool to inherit")
    res = _run_fork_script(tmp_path, mode)
    assert res != "hang", f"forked child hung ({mode})"
    assert res[0] == 0, f"forked child failed ({mode}): {res[1]}"


# ---- the pool: workers that come late or never change no result --------------------------

POOL_SCRIPT = textwrap.dedent("""
    import sys
    import numpy as np
    import tinytensor as tt

    tt.set_num_threads(int(sys.argv[1]))
    rng = np.random.default_rng(5)
    out = {}
    a = rng.standard_normal((300, 784)).astype(np.float32)
    b = rng.standard_normal((784, 520)).astype(np.float32)
    w10 = rng.standard_normal((784, 10)).astype(np.float32)
    big = rng.standard_normal((1024, 1030)).astype(np.float32)
    ta, tb, tbig = tt.asarray(a), tt.asarray(b), tt.asarray(big)
    out["mm"] = ta @ tb
    out["mm_T"] = ta.T.copy().T @ tb                      # A not contiguous in k
    out["mm_narrow"] = ta @ tt.asarray(w10)
    out["mm_narrow_T"] = tt.asarray(np.asfortranarray(a)) @ tt.asarray(w10)
    out["mm_f64"] = tt.asarray(a.astype(np.float64)) @ tt.asarray(b.astype(np.float64))
    out["sum_all"] = tbig.sum()
    out["sum_0"] = tbig.sum(axis=0)
    out["sum_1"] = tbig.sum(axis=1)
    out["isum_all"] = tt.asarray((big * 100).astype(np.int32)).sum()
    out["max_0"] = tbig.max(axis=0)
    out["argmax_0"] = tt.argmax(tbig, 0)
    out["add_bcast"] = tbig + tt.asarray(big[0])
    out["add_T"] = tbig[:, :1024].T + tbig[:, :1024]
    out["tanh"] = tt.tanh(tbig)
    # 32K-128K elements: threaded only for the vectorised transcendental loops
    tmid = tt.asarray(big[:48])
    out["sigmoid_mid"] = tt.sigmoid(tmid)
    out["atan2_mid"] = tt.atan2(tmid, tmid + 1.0)
    out["exp_mid_f64"] = tt.exp(tt.asarray(big[:48].astype(np.float64)))
    out["add_mid"] = tmid + tmid
    out["softmax"] = tt.softmax(tbig, axis=1)
    out["log_softmax"] = tt.log_softmax(tbig, axis=1)
    labels = tt.asarray(rng.integers(0, 1030, 1024))
    out["xent"] = tt.softmax_cross_entropy(tbig, labels)
    p = tt.asarray(rng.standard_normal(1 << 21).astype(np.float32))
    g = tt.asarray(rng.standard_normal(1 << 21).astype(np.float32))
    v = tt.zeros(1 << 21, dtype=tt.float32)
    tt._core._rmsprop_update_(p, g, v, 1e-3, 0.9, 1e-7, True)
    out["rmsprop_p"] = p
    out["rmsprop_v"] = v
    np.savez(sys.argv[2], **{k: np.asarray(x) for k, x in out.items()})
    # the pool started workers unless they were switched off (or one thread was asked for)
    print(tt._core._pool_workers())
""")


def _run_pool_script(tmp_path, threads, name, **env_extra):
    script = tmp_path / "pool_check.py"
    script.write_text(POOL_SCRIPT)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([PKG_PARENT, os.environ.get("PYTHONPATH", "")]))
    env.update(env_extra)
    out = tmp_path / (name + ".npz")
    proc = subprocess.run([sys.executable, str(script), str(threads), str(out)], env=env,
                          cwd=str(tmp_path), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return dict(np.load(out)), int(proc.stdout.split()[-1])


def test_results_do_not_depend_on_when_workers_come(tmp_path):
    """The same kernels with workers on time, workers that sleep 3 ms after every wake-up
    (they find most or all chunks taken), and no workers at all (the caller runs every chunk):
    the results are bit-for-bit the same, because the work is cut into chunks by the thread
    count alone and partial results are combined in chunk order. One thread gives the same
    answers up to the order of the partial sums."""
    normal, started = _run_pool_script(tmp_path, 2, "normal")
    late, _ = _run_pool_script(tmp_path, 2, "late", TINYTENSOR_WORKER_DELAY_US="3000")
    never, none_started = _run_pool_script(tmp_path, 2, "never", TINYTENSOR_WORKERS_OFF="1")
    many, _ = _run_pool_script(tmp_path, 7, "many", TINYTENSOR_WORKER_DELAY_US="500")
    many_never, _ = _run_pool_script(tmp_path, 7, "many_never", TINYTENSOR_WORKERS_OFF="1")
    serial, _ = _run_pool_script(tmp_path, 1, "serial")
    if tt._core._have_threads():
        assert started >= 1
    assert none_started == 0
    for key, want in normal.items():
        assert late[key].dtype == want.dtype and late[key].shape == want.shape
        np.testing.assert_array_equal(late[key], want, err_msg=key)
        np.testing.assert_array_equal(never[key], want, err_msg=key)
        np.testing.assert_array_equal(many_never[key], many[key], err_msg=key)
        tol = 0 if want.dtype.kind in "iub" else 1e-5
        np.testing.assert_allclose(many[key], want, rtol=tol, atol=tol * max(1, np.abs(want).max()),
                                   err_msg=key)
        np.testing.assert_allclose(serial[key], want, rtol=tol, atol=tol * max(1, np.abs(want).max()),
                                   err_msg=key)


@pytest.mark.parametrize("bad", [0, -1, -(2**31), tt._core.MAX_THREADS + 1, 100000, 2**31 - 1, 2**64])
def test_set_num_threads_rejects_out_of_range(bad):
    prev = tt.get_num_threads()
    with pytest.raises(ValueError, match="between 1 and 1024"):
        tt.set_num_threads(bad)
    assert tt.get_num_threads() == prev
    np.testing.assert_array_equal(np.asarray(tt.ones(10**6) + 1), np.full(10**6, 2.0, np.float32))


@pytest.mark.parametrize("bad", [1.5, "2", None, 2.0])
def test_set_num_threads_rejects_non_integers(bad):
    prev = tt.get_num_threads()
    with pytest.raises(TypeError, match="integer"):
        tt.set_num_threads(bad)
    assert tt.get_num_threads() == prev


def test_largest_thread_count_works():
    """MAX_THREADS is accepted and kernels stay right (the pool starts only as many workers as
    a kernel has chunks); done in a subprocess so this process keeps a small pool."""
    code = ("import numpy as np, tinytensor as tt\n"
            "tt.set_num_threads(tt._core.MAX_THREADS)\n"
            "assert tt.get_num_threads() == 1024\n"
            "x = np.arange(10**6, dtype=np.float32)\n"
            "assert (np.asarray(tt.asarray(x) + 1) == x + 1).all()\n"
            "a = np.ones((200, 300), np.float32)\n"
            "assert (np.asarray(tt.asarray(a) @ tt.asarray(a.T)) == 300).all()\n"
            "assert tt.ones(10**6).sum().item() == 10**6\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([PKG_PARENT, os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_default_follows_omp_num_threads():
    code = "import tinytensor as tt; print(tt.get_num_threads())"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([PKG_PARENT, os.environ.get("PYTHONPATH", "")]))
    for value, want in (("3", 3), ("5,2", 5), ("1", 1)):
        env["OMP_NUM_THREADS"] = value
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        assert int(out.stdout) == want


# ---- threadpoolctl ---------------------------------------------------------------------------

TPC_SCRIPT = textwrap.dedent("""
    import sys
    order = sys.argv[1]
    if order == "threadpoolctl-first":
        import threadpoolctl
    import numpy as np
    import tinytensor as tt
    from threadpoolctl import threadpool_info, threadpool_limits
    out = []
    if sys.argv[2] == "read-first":
        out.append(tt.get_num_threads())            # tinytensor has read its count already
    with threadpool_limits(limits=1):
        out.append(tt.get_num_threads())            # a first read may happen inside the limit
        a = tt.ones((200, 300)); assert (np.asarray(a @ a.T) == 300).all()
    out.append(tt.get_num_threads())                # and the count comes back after it
    with threadpool_limits(limits=1, user_api="openmp"):
        out.append(tt.get_num_threads())
    out.append(tt.get_num_threads())
    with threadpool_limits(limits=1, user_api="blas"):
        out.append(tt.get_num_threads())            # a BLAS limit is not ours
    tt.set_num_threads(3)
    with threadpool_limits(limits=2):
        out.append(tt.get_num_threads())
    out.append(tt.get_num_threads())
    mine = [i for i in threadpool_info() if i["internal_api"] == "tinytensor"]
    out.append(len(mine))
    out.append(mine[0]["user_api"])
    out.append(mine[0]["num_threads"])
    print(" ".join(map(str, out)))
""")


@pytest.mark.parametrize("order", ["tinytensor-first", "threadpoolctl-first"])
@pytest.mark.parametrize("read", ["read-first", "limit-first"])
def test_threadpoolctl_limits_reach_tinytensor(tmp_path, order, read):
    """threadpool_limits(1) takes effect whether or not tinytensor has read its thread count,
    whichever of the two was imported first, and the count in force before comes back after
    the limit (a first read inside the limit does not pin it)."""
    pytest.importorskip("threadpoolctl")
    script = tmp_path / "tpc.py"
    script.write_text(TPC_SCRIPT)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([PKG_PARENT, os.environ.get("PYTHONPATH", "")]),
               OMP_NUM_THREADS="2")
    proc = subprocess.run([sys.executable, str(script), order, read], env=env, cwd=str(tmp_path),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = proc.stdout.split()
    want = (["2"] if read == "read-first" else []) + ["1", "2", "1", "2", "2", "2", "3", "1", "openmp", "3"]
    assert got == want
