"""A kill -9 in the middle of a large ingest leaves a store that opens, passes its integrity
check and holds only whole reports (SQLite: WAL and one transaction per report)."""

from __future__ import annotations

import dataclasses
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geomap.store import EventQuery, open_store

from .contract import ev, report

WORKER = Path(__file__).with_name("kill9_worker.py")
ROOT = Path(__file__).resolve().parents[3]


def _committed_reports(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM reports").fetchone()[0])
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0


def _ingest_then_kill(url: str, path: Path, first: int, at_least: int) -> None:
    """Start a worker ingesting reports from ``first``; SIGKILL it once ``at_least`` more
    reports are committed (it would go on for 100,000)."""
    start = _committed_reports(path)
    proc = subprocess.Popen([sys.executable, str(WORKER), url, str(first), "100000"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        give_up = time.monotonic() + 300  # a safety net for a stuck worker, not a timing test
        while _committed_reports(path) < start + at_least:
            if proc.poll() is not None:
                pytest.fail(f"the worker stopped by itself ({proc.returncode}): "
                            f"{proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
            if time.monotonic() > give_up:
                pytest.fail("the worker committed too few reports in 5 minutes")
            time.sleep(0.02)
        assert proc.poll() is None, "the worker finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()
    assert proc.returncode == -signal.SIGKILL


def test_kill_9_mid_ingest_leaves_whole_reports(tmp_path: Path) -> None:
    path = tmp_path / "geomap.db"
    url = f"sqlite:///{path}"
    for round_ in range(3):  # kill, recover, ingest again on the recovered file, kill ...
        _ingest_then_kill(url, path, first=round_ * 100_000, at_least=40)
        with open_store(url) as store:
            assert store.integrity_check() == []
            reports = store.count_reports()
            assert reports >= 40 * (round_ + 1)
            with store.engine.connect() as conn:  # type: ignore[attr-defined]
                titles = conn.exec_driver_sql("SELECT id, title FROM reports").all()
            expected_events = 0
            for report_id, title in titles:
                k = int(title.rsplit(":", 1)[1])
                _, told = store.query_events(EventQuery(report_ids=[report_id], limit=0))
                assert told == k, f"report {title} has {told} of its {k} events"
                expected_events += k
            assert store.count_events() == expected_events
            # and the store still takes writes
            after = dataclasses.replace(report("after the crash"), title="after:1")
            assert not store.add_report(after, [ev(place_id=f"after{round_}")]).duplicate
