"""Defect 8 of issue #14: expensive requests could stall everything (8 clients on /embed.png:
2 images/s and /api/events from 22 ms to 2.4 s; 4 reports of 200,000 characters held every
thread for 20 s). Drawing is now bounded (``GEOMAP_PNG_RENDERS`` at once, in worker
processes; past that 503 with Retry-After at once), and reports are capped by one setting,
``GEOMAP_MAX_REPORT_CHARS``, on every path in. bench/load.py measures the latencies."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from geomap.cli import cli
from geomap.config import SETTINGS
from tests.web.conftest import SEED_EN_TEXT, Auth
from tests.web.desk_helpers import sign_in, state
from web.maps import png

RETRY_AFTER = 5  # what web.maps.png tells a refused request

PNG = b"\x89PNG\r\n\x1a\n"


def _slots_taken(app: Flask, slots: Callable[[], AbstractContextManager[object]]
                 ) -> Iterator[threading.Event]:
    """Every slot of ``slots`` taken by another thread (in the app's context) until the
    event yielded is set."""
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        with app.app_context(), slots():
            taken.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(10)
    yield release
    release.set()
    thread.join(10)


@pytest.fixture
def held(app: Flask) -> Iterator[threading.Event]:
    """Every drawing slot of the app taken by another thread until the event is set."""
    yield from _slots_taken(app, png.rendering)


def test_a_drawing_past_the_bound_is_refused_at_once(client: FlaskClient,
                                                    held: threading.Event,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        busy = client.get("/embed.png?title=Aleppo")
    refusals = [r for r in caplog.records if "/embed.png" in r.getMessage()]
    assert refusals and {r.levelno for r in refusals} == {logging.WARNING}  # not a failure
    assert busy.status_code == 503
    assert int(busy.headers["Retry-After"]) == RETRY_AFTER
    assert "being drawn" in busy.get_data(as_text=True)
    assert client.get("/healthz").status_code == 200  # reads are not held
    assert client.get("/api/events?limit=5").status_code == 200
    held.set()


def test_a_drawing_within_the_bound_is_drawn_by_a_worker(app: Flask,
                                                        client: FlaskClient) -> None:
    first = client.get("/embed.png?title=Aleppo")
    assert first.status_code == 200 and first.data.startswith(PNG)
    with app.app_context():
        pool = png.DRAWINGS.pool()
    assert pool.submit(os.getpid).result(timeout=60) != os.getpid()
    again = client.get("/embed.png?title=Aleppo&place=Idlib")
    assert again.status_code == 200 and again.data.startswith(PNG)


def test_the_bound_is_a_setting(app: Flask, held: threading.Event) -> None:
    app.config["PNG_RENDERS"] = "2"  # a second slot: one is free
    response = app.test_client().get("/embed.png?title=two")
    assert response.status_code == 200 and response.data.startswith(PNG)
    held.set()


def _report(chars: int) -> dict[str, str]:
    text = (SEED_EN_TEXT * (chars // len(SEED_EN_TEXT) + 1))[:chars]
    return {"text": text, "published": "2016-12-11", "lang": "en"}


def test_the_default_cap_is_well_under_200000_characters() -> None:
    (default,) = [s.default for s in SETTINGS if s.name == "GEOMAP_MAX_REPORT_CHARS"]
    assert int(str(default)) <= 50_000


def test_the_api_refuses_a_report_past_the_cap(app: Flask, client: FlaskClient) -> None:
    before = state(app)
    response = client.post("/api/reports", json=_report(200_000), headers=Auth.alice)
    assert response.status_code == 413
    assert "GEOMAP_MAX_REPORT_CHARS" in response.get_json()["description"]
    assert state(app) == before
    app.config["MAX_REPORT_CHARS"] = 3000
    assert client.post("/api/reports", json=_report(3001),
                       headers=Auth.alice).status_code == 413
    assert client.post("/api/reports", json=_report(3000),
                       headers=Auth.alice).status_code == 201


def test_the_desk_refuses_a_report_past_the_cap(app: Flask, client: FlaskClient) -> None:
    app.config["MAX_REPORT_CHARS"] = 3000
    token = sign_in(client)
    before = state(app)
    response = client.post("/desk/new", data={"csrf_token": token, **_report(3001)})
    assert response.status_code == 400
    assert "at most 3,000" in response.get_data(as_text=True)
    assert state(app) == before


def test_ingest_refuses_a_report_past_the_cap(tmp_path: Path) -> None:
    long, short = tmp_path / "long.txt", tmp_path / "short.txt"
    long.write_text(_report(3001)["text"], encoding="utf-8")
    short.write_text(_report(3000)["text"], encoding="utf-8")
    database = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner(env={"GEOMAP_MAX_REPORT_CHARS": "3000"})
    result = runner.invoke(cli, ["ingest", str(long), str(short), "--published", "2016-12-11",
                                 "--database", database])
    assert result.exit_code == 2, result.output
    assert "3,001 characters long" in result.stderr and "long.txt" in result.stderr
    assert "ingested 1 report(s) of 2" in result.stderr + result.stdout


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")
def test_drawing_processes_end_with_a_killed_server(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    from geomap.demo import seed_demo
    from geomap.store import open_store
    from tests.live import ROOT, free_port, wait_for

    database = f"sqlite:///{tmp_path / 'geomap.db'}"
    with open_store(database) as store:
        store.init()
        seed_demo(store)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "geomap.cli", "serve", "--port", str(port),
                               "--database", database], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", server)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/embed.png", timeout=120) as image:
            assert image.read().startswith(PNG)
        workers = _descendants(server.pid)
        assert workers, "the image was drawn by a worker process"
    finally:
        server.send_signal(signal.SIGKILL)  # no clean-up in the server
        server.communicate(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(map(_alive, workers)):
        time.sleep(0.2)
    assert [p for p in workers if _alive(p)] == []


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture
def reading(app: Flask) -> Iterator[threading.Event]:
    """Every extraction slot of the app taken by another thread until the event is set."""
    from web.core.bounds import EXTRACTIONS

    yield from _slots_taken(app, EXTRACTIONS.hold)


def test_reports_are_read_a_few_at_a_time(app: Flask, client: FlaskClient,
                                          reading: threading.Event) -> None:
    before = state(app)
    busy = client.post("/api/reports", json=_report(3000), headers=Auth.alice)
    assert busy.status_code == 503 and int(busy.headers["Retry-After"]) >= 1
    assert "being read" in busy.get_json()["description"]
    token = sign_in(client)
    form = client.post("/desk/new", data={"csrf_token": token, **_report(3000)})
    page = form.get_data(as_text=True)
    assert "being read" in page and _report(3000)["text"][:200] in page  # the text is kept
    assert state(app) == before
    reading.set()
    app.config["REPORT_EXTRACTIONS"] = "2"
    assert client.post("/api/reports", json=_report(3000), headers=Auth.alice
                       ).status_code == 201
