"""A live ``geomap serve`` for tests that need a real HTTP server (GDAL, Chromium)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_url(tmp_path_factory: pytest.TempPathFactory, name: str) -> str:
    """The URL of a new, empty SQLite store in a temporary folder of its own."""
    return f"sqlite:///{tmp_path_factory.mktemp(name) / 'geomap.db'}"


def wait_for(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0,
             log: Path | None = None) -> None:
    """Poll ``url`` until it answers 200; fail with the server's output (from its pipes, or
    from ``log`` where it writes) if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    proc.terminate()
    out, err = proc.communicate(timeout=10)
    written = log.read_text(encoding="utf-8", errors="replace") if log else ""
    pytest.fail(f"server did not come up on {url}:\n{(out or b'').decode()}\n"
                f"{(err or b'').decode()}{written}")


def stop(proc: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    """Stop a server: asked, then killed if it has not ended within ``timeout`` seconds."""
    proc.terminate()
    try:
        proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()


@contextmanager
def live_server(database_url: str, *, extra_env: dict[str, str] | None = None
                ) -> Iterator[str]:
    """``geomap serve`` on a free port over ``database_url`` (seeded with the demo when
    empty); yields its base URL and stops it afterwards."""
    port = free_port()
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
           **(extra_env or {})}
    # the server writes to a file, never to a pipe nobody reads while the tests run (a full
    # pipe would block it); what it wrote is printed when it stops, for a failing test's report
    with tempfile.TemporaryDirectory(prefix="geomap-serve-") as folder:
        log = Path(folder) / "serve.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "geomap.cli", "serve", "--port", str(port),
                 "--threads", "4", "--database", database_url],
                stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{base}/healthz", proc, log=log)
            yield base
        finally:
            stop(proc)
            sys.stderr.write(f"geomap serve on {base} wrote:\n"
                             f"{log.read_text(encoding='utf-8', errors='replace')}")
