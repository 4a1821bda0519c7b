"""tinytensor imports and computes without numpy installed (numpy is only a test oracle)."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(code):
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)


def test_import_and_matmul_without_numpy():
    p = run("import sys; sys.modules['numpy'] = None; import tinytensor as tt; "
            "print((tt.ones((2, 3)) @ tt.ones((3, 2))).sum())")
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "12.0"


def test_core_features_without_numpy():
    code = """
import sys
sys.modules['numpy'] = None
import tinytensor as tt
assert 'numpy' not in sys.modules or sys.modules['numpy'] is None
t = tt.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=tt.float32)
print(repr(t))
print((t.T * 2 + 1).tolist())
print(tt.arange(5).sum().item(), tt.zeros(3, dtype=float).dtype, tt.exp(tt.zeros(2)).tolist())
print(tt.asarray(memoryview(bytearray(b'\\x01\\x02'))).tolist())
print(t[::-1, 1].tolist(), t.mean(axis=0).tolist(), t.argmax().item())
"""
    p = run(code)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert lines[0] == "tensor([[1., 2.],"
    assert lines[1] == "        [3., 4.]], dtype=float32)"
    assert lines[2] == "[[3.0, 7.0], [5.0, 9.0]]"
    assert lines[3] == "10 float64 [1.0, 1.0]"
    assert lines[4] == "[1, 2]"
    assert lines[5] == "[4.0, 2.0] [2.0, 3.0] 3"
