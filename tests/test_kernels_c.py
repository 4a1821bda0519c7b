"""The C-level harness of the GEMM kernels (tests/c/test_gemm.c): every ISA level forced in
turn, threads 1 and 2, edge tiles, odd shapes, transposed and negative strides, bias, relu and
accumulate, against a naive triple loop. Needs a C compiler (as the build itself does)."""
import os
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler")
def test_gemm_harness_all_levels_and_threads():
    res = subprocess.run(["sh", os.path.join(ROOT, "tests", "c", "run_tests.sh")], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout + res.stderr
    assert " 0 failures" in res.stdout, res.stdout


@pytest.mark.parametrize("level", ["baseline", "avx2", "avx512"])
def test_kernels_through_python_at_each_level(level):
    """The dispatch override reaches the kernels (GEMM and the elementwise loops): a forced level
    still gives NumPy's answers."""
    code = (
        "import numpy as np, tinytensor as tt\n"
        "from tinytensor import _core\n"
        "rng = np.random.default_rng(0)\n"
        "for m, k, n in [(1, 1, 1), (13, 17, 19), (128, 784, 10), (70, 300, 129)]:\n"
        "    a = rng.standard_normal((m, k)).astype(np.float32); b = rng.standard_normal((k, n)).astype(np.float32)\n"
        "    for x, y in ((a, b), (a.T.copy().T, b), (a, b.T.copy().T)):\n"
        "        r = np.asarray(tt.asarray(x) @ tt.asarray(y))\n"
        "        assert np.allclose(r, x @ y, rtol=1e-4, atol=1e-3), (m, k, n)\n"
        "x = rng.standard_normal((37, 129)).astype(np.float32); y = rng.standard_normal(129).astype(np.float32)\n"
        "tx, ty = tt.asarray(x), tt.asarray(y)\n"
        "assert np.array_equal(np.asarray(tx + ty), x + y) and np.array_equal(np.asarray(tx.T * 2.0), x.T * 2)\n"
        "assert np.array_equal(np.asarray(tt.relu(tx)), np.maximum(x, 0))\n"
        "assert np.array_equal(np.asarray(tt.maximum(tx, ty)), np.maximum(x, y))\n"
        "assert np.array_equal(np.asarray(tx.astype(tt.int32)), x.astype(np.int32))\n"
        "assert np.array_equal(np.asarray(tt.where(tx > 0, tx, ty)), np.where(x > 0, x, y))\n"
        "i = rng.integers(-50, 50, size=(64, 33)).astype(np.int64); ti = tt.asarray(i)\n"
        "assert np.array_equal(np.asarray(ti // 7), i // 7) and np.array_equal(np.asarray(ti % -3), i % -3)\n"
        "print(_core._cpu_level())\n")
    env = dict(os.environ, TINYTENSOR_CPU=level, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    res = subprocess.run(["python", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    detected = subprocess.run(["python", "-c", "from tinytensor import _core; print(_core._cpu_detected())"],
                              cwd=ROOT, env=env, capture_output=True, text=True).stdout.strip()
    order = ["baseline", "avx2", "avx512"]
    expected = level if order.index(level) <= order.index(detected) else detected
    assert res.stdout.strip() == expected
