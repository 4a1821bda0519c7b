"""The README's commands and CI stay one story."""
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _block_after(marker):
    text = open(os.path.join(ROOT, "README.md")).read()
    m = re.search(re.escape(marker) + r"\s*```\n(.*?)\n```", text, re.S)
    assert m, f"README.md has no command block after {marker}"
    return m.group(1).strip()


def test_readme_has_both_commands():
    assert "pip install" in _block_after("<!-- main-command -->")
    test_cmd = _block_after("<!-- test-command -->")
    assert "pytest" in test_cmd and "pip install" in test_cmd


def test_ci_runs_the_readme_test_command():
    ci = open(os.path.join(ROOT, ".ci", "run")).read()
    assert "test_cmd='" + _block_after("<!-- test-command -->") + "'" in ci
    assert "<!-- test-command -->" in ci and 'bash -c "$test_cmd"' in ci


def test_main_command_script_exists():
    cmd = _block_after("<!-- main-command -->")
    for script in re.findall(r"python (\S+\.py)", cmd):
        assert os.path.exists(os.path.join(ROOT, script)), script
