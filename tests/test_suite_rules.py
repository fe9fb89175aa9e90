"""The suite's own rules: in CI a skipped test fails the run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(tmp_path: Path, *, fail_on_skip: bool) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_sample.py").write_text(
        "import pytest\n\n"
        "def test_runs():\n    assert True\n\n"
        "def test_needs_a_server():\n    pytest.skip(reason='no server here')\n\n"
        "@pytest.mark.xfail(reason='known')\ndef test_known():\n    assert False\n",
        encoding="utf-8")
    env = {**os.environ, "GEOMAP_FAIL_ON_SKIP": "1" if fail_on_skip else "0",
           "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.conftest", "-c", os.devnull,
         "--rootdir", str(tmp_path), "-q", "-rf", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)


def test_a_skip_fails_the_run_in_ci(tmp_path: Path) -> None:
    result = _run(tmp_path, fail_on_skip=True)
    assert result.returncode == 1, result.stdout
    assert "1 failed, 1 passed, 1 xfailed" in result.stdout
    assert "GEOMAP_FAIL_ON_SKIP=1 forbids skips: Skipped: no server here" in result.stdout


def test_a_skip_is_a_skip_elsewhere(tmp_path: Path) -> None:
    result = _run(tmp_path, fail_on_skip=False)
    assert result.returncode == 0, result.stdout
    assert "1 passed, 1 skipped, 1 xfailed" in result.stdout
