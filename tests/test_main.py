"""`python -m tinytensor`: show_config() and the self-check, whose exit status tells."""
import os
import subprocess
import sys

import pytest

import tinytensor as tt
from tinytensor import __main__ as selfcheck

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_python_m_tinytensor_prints_config_and_passes(tmp_path):
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    res = subprocess.run([sys.executable, "-m", "tinytensor"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    lines = res.stdout.splitlines()
    assert lines[0] == f"tinytensor {tt.__version__}"
    for field in ("cpu level", "threads", "pool"):
        assert any(line.strip().startswith(field) for line in lines), field
    checks = [line for line in lines if line.startswith("  ok") or line.startswith("  FAILED")]
    assert len(checks) == len(selfcheck.GEMM_CASES) + 1
    assert all(line.startswith("  ok") for line in checks), res.stdout
    assert lines[-1].startswith("self-check passed in ")
    assert list(tmp_path.iterdir()) == []            # writes nothing where it runs


@pytest.mark.parametrize("case", selfcheck.GEMM_CASES, ids=lambda c: f"{c[0]}x{c[1]}x{c[2]}-{c[3]}")
def test_gemm_check_measures_a_real_error(case):
    m, k, n, dtype, transpose_a, _ = case
    error, bound = selfcheck.check_gemm(m, k, n, dtype, transpose_a)
    assert 0.0 <= error <= bound
    if dtype == "int64":
        assert bound == 0.0
    else:
        assert bound > 0.0


def test_wrong_matmul_fails_the_check_with_exit_status_1(monkeypatch, capsys):
    real = tt.matmul
    monkeypatch.setattr(tt, "matmul", lambda a, b: _corrupt(real(a, b)))
    assert selfcheck.main([]) == 1
    out = capsys.readouterr().out
    assert out.count("FAILED matmul") == len(selfcheck.GEMM_CASES)
    assert "self-check FAILED: " in out      # (the gradient check multiplies with tt.matmul too)
    assert "self-check passed" not in out


def _corrupt(out):
    out[0, 0] = out[0, 0] + 1          # one wrong element
    return out


def test_wrong_gradient_fails_the_check(monkeypatch, capsys):
    real_loss = selfcheck.two_layer_loss

    # the second factor leaves the graph: autograd then sees d(w*w)/dw as w instead of 2w
    def half_gradient_loss(x, w1, b1, w2, target):
        return (real_loss(x, w1, b1, w2, target)
                + (w1 * w1.detach()).sum() * 0.5)
    worst, count = selfcheck.check_gradient(half_gradient_loss)
    assert count == 4 * 5 + 5 + 5 * 3
    assert worst > 1e-3
    monkeypatch.setattr(selfcheck, "two_layer_loss", half_gradient_loss)
    assert selfcheck.main([]) == 1
    out = capsys.readouterr().out
    assert "FAILED gradient of a two-layer network" in out
    assert out.count("ok     matmul") == len(selfcheck.GEMM_CASES)


def test_a_check_that_raises_is_a_failure_not_a_crash(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise ValueError("kernel exploded")
    monkeypatch.setattr(selfcheck, "check_gradient", broken)
    assert selfcheck.main([]) == 1
    assert "FAILED gradient of a two-layer network vs central differences: ValueError: kernel exploded" \
        in capsys.readouterr().out


def test_gradient_check_is_accurate_on_the_real_network():
    worst, count = selfcheck.check_gradient()
    assert count == 40
    assert worst < 1e-6
