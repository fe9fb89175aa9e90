"""``geomap serve --workers 2``: forked waitress processes share the socket and stop with
their parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ..live import free_port, wait_for
from .test_gdal_live import get_json


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_workers_serve_and_stop_with_the_parent(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "geomap.cli", "serve", "--port", str(port), "--workers", "2",
         "--threads", "2", "--no-demo", "--database", f"sqlite:///{tmp_path / 'g.db'}"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[2])
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", proc)
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        assert len(children) == 2
        for _ in range(10):
            assert get_json(f"http://127.0.0.1:{port}/healthz") == {
                "status": "ok", "events": 0, "reports": 0}
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err.decode()
    for pid in children:
        assert not Path(f"/proc/{pid}").exists() or \
            "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
