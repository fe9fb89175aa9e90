"""Abuse can't stall the server: /healthz and /api/events under a flood of expensive requests.

A ``geomap serve`` (waitress, 4 threads, 127.0.0.1 only) over a store of the demo and 3,000
generated events. For ``--seconds`` (15) eight clients run at once, each with keep-alive
and a 60 s timeout:

- 4 ask for ``/embed.png`` (a title of their own each time, so no cache could answer);
- 2 post reports of 200,000 characters (``POST /api/reports``, a valid token;
  ``--report-chars`` sets another length, e.g. one just under the cap);
- 1 asks ``/healthz`` and 1 ``/api/events`` (a page of 500) again and again: their
  latencies are the figures (p50, p99, max), beside the same requests on an idle server
  (after one image and one short report, so that their libraries are loaded in both
  runs).

``--before PATH`` runs the same load first on the code of another checkout (e.g. a
worktree of main, without the bounds) and prints both, with the ratio of their p99s.

    .venv/bin/python bench/load.py [--seconds 15] [--before /tmp/geomap-main]
"""

from __future__ import annotations

import argparse
import functools
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import benchlib
from benchlib import row

from tests.live import free_port, wait_for
from tests.live import stop as stop_server

TOKEN = "bench-token"
SEED = """
import random, sys
from datetime import date, timedelta
from geomap.demo import seed_demo
from geomap.models import EVENT_TYPES, Event, Report
from geomap.store import open_store
rng = random.Random(7)
pairs = [(t, s) for t, subs in EVENT_TYPES.items() for s in subs]
with open_store(sys.argv[1]) as store:
    store.init()
    seed_demo(store)
    for batch in range(6):
        events = [Event(event_date=date(2016, 1, 1) + timedelta(days=rng.randrange(366)),
                        event_type=pairs[i % len(pairs)][0],
                        sub_event_type=pairs[i % len(pairs)][1],
                        actor1="Syrian government forces", fatalities=rng.choice((None, 1, 5)),
                        lat=rng.uniform(35.5, 37.0), lon=rng.uniform(36.5, 38.5),
                        location=f"place {i}", quote=f"Generated sentence {batch}-{i}.",
                        status="verified") for i in range(500)]
        store.add_report(Report(text=f"bench report {batch}", published=date(2016, 12, 31)),
                         events)
"""


def start(tree: Path, database: str) -> tuple[subprocess.Popen[bytes], int]:
    """``geomap serve`` from ``tree`` over ``database`` (seeded by that tree's code)."""
    env = {**os.environ, "PYTHONPATH": str(tree), "GEOMAP_API_TOKENS": f"bench:{TOKEN}",
           "GEOMAP_LOG_LEVEL": "ERROR", "NO_PROXY": "127.0.0.1"}
    subprocess.run([sys.executable, "-c", SEED, database], env=env, cwd=tree, check=True)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "geomap.cli", "serve", "--port", str(port),
                             "--threads", "4", "--database", database, "--no-demo"],
                            env=env, cwd=tree, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    wait_for(f"http://127.0.0.1:{port}/healthz", proc, timeout=90)
    return proc, port


class Client(threading.Thread):
    """One keep-alive client asking ``request(n)`` (method, path, body) until ``stop``."""

    def __init__(self, port: int, name: str, request: Any, stop: float):
        super().__init__(daemon=True)
        self.port, self.name, self.request, self.stop = port, name, request, stop
        self.latencies: list[float] = []
        self.statuses: Counter[str] = Counter()

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        n = 0
        while time.monotonic() < self.stop:
            method, path, body = self.request(n)
            n += 1
            headers = {"Authorization": f"Bearer {TOKEN}",
                       "Content-Type": "application/json"} if body is not None else {}
            t0 = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                self.statuses[str(response.status)] += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as error:
                self.statuses[type(error).__name__] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.latencies.append(time.perf_counter() - t0)
        conn.close()


@functools.cache
def _report_text(chars: int) -> str:
    """``chars`` characters of report: the English seed over and over, its places changed,
    so that every sentence is news to the extractor."""
    base = (benchlib.ROOT / "seeds" / "reports" / "001_en_wire_aleppo_palmyra.txt").read_text(
        encoding="utf-8")
    places = ("Aleppo", "Idlib", "Homs", "Hama", "Raqqa", "Palmyra", "Douma", "Manbij")
    parts, i = [], 0
    while sum(map(len, parts)) < chars:
        parts.append(base.replace("Aleppo", places[i % len(places)])
                     .replace("Palmyra", places[(i + 3) % len(places)]))
        i += 1
    return "\n".join(parts)


def _report(n: int, who: str, chars: int) -> tuple[str, str, bytes]:
    """A report of ``chars`` characters that no earlier request sent."""
    text = (f"{who} {n} {time.time()}.\n" + _report_text(chars))[:chars]
    body = {"text": text, "published": "2016-12-11", "lang": "en"}
    return "POST", "/api/reports", json.dumps(body).encode()


def figures(latencies: list[float]) -> dict[str, float]:
    """p50, p99 and max in milliseconds."""
    if len(latencies) < 2:
        value = latencies[0] * 1000 if latencies else float("nan")
        return {"p50": value, "p99": value, "max": value}
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"p50": q[49] * 1000, "p99": q[98] * 1000, "max": max(latencies) * 1000}


def measure(tree: Path, seconds: float, chars: int) -> dict[str, dict[str, Any]]:
    """The idle figures, then the figures under load, of the server from ``tree``."""
    with tempfile.TemporaryDirectory() as tmp:
        proc, port = start(tree, f"sqlite:///{tmp}/geomap.db")
        try:
            out: dict[str, dict[str, Any]] = {}
            # warm up: the first image and the first report load their libraries (and
            # start their workers)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/embed.png", timeout=120):
                pass
            _, path, body = _report(0, "warm-up", 2000)
            with urllib.request.urlopen(urllib.request.Request(
                    f"http://127.0.0.1:{port}{path}", data=body, method="POST",
                    headers={"Authorization": f"Bearer {TOKEN}",
                             "Content-Type": "application/json"}), timeout=120):
                pass
            for name, path in (("healthz", "/healthz"), ("events", "/api/events")):
                idle = Client(port, name, lambda n, p=path: ("GET", p, None),
                              time.monotonic() + 3)
                idle.run()
                out[f"{name} idle"] = {"n": len(idle.latencies), **figures(idle.latencies),
                                       "statuses": dict(idle.statuses)}
            stop = time.monotonic() + seconds
            clients = [Client(port, "png", lambda n, i=i: (
                "GET", f"/embed.png?title=bench-{i}-{n}-{time.time()}", None), stop)
                for i in range(4)]
            clients += [Client(port, "report", lambda n, i=i: _report(n, f"client-{i}", chars),
                               stop) for i in range(2)]
            clients += [Client(port, "healthz", lambda n: ("GET", "/healthz", None), stop),
                        Client(port, "events", lambda n: ("GET", "/api/events", None), stop)]
            for client in clients:
                client.start()
            for client in clients:
                client.join(timeout=seconds + 120)
            for name in ("healthz", "events", "png", "report"):
                mine = [c for c in clients if c.name == name]
                latencies = [x for c in mine for x in c.latencies]
                statuses: Counter[str] = sum((c.statuses for c in mine), Counter())
                out[f"{name} under load"] = {"n": len(latencies), **figures(latencies),
                                             "statuses": dict(statuses)}
            return out
        finally:
            stop_server(proc, timeout=30)


def show(label: str, results: dict[str, dict[str, Any]]) -> None:
    print(f"{label}:")
    for name, r in results.items():
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(r["statuses"].items()))
        row(name, f"{r['n']:>5} requests  p50 {r['p50']:>8.1f} ms  p99 {r['p99']:>8.1f} ms  "
                  f"max {r['max']:>8.1f} ms  ({statuses})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--before", type=Path, help="a checkout without the bounds")
    parser.add_argument("--report-chars", type=int, default=200_000,
                        help="the length of the reports posted (200,000)")
    args = parser.parse_args()
    print(f"load average before: {Path('/proc/loadavg').read_text().split()[:3]}, "
          f"{os.cpu_count()} cores")
    results = {}
    if args.before:
        results["before"] = measure(args.before.resolve(), args.seconds, args.report_chars)
        show(f"before ({args.before})", results["before"])
    results["after"] = measure(benchlib.ROOT, args.seconds, args.report_chars)
    show("after (this checkout)", results["after"])
    if args.before:
        print("p99 under load, before / after:")
        for name in ("healthz", "events"):
            b, a = (results[k][f"{name} under load"]["p99"] for k in ("before", "after"))
            row(name, f"{b:.0f} ms / {a:.0f} ms = {b / a:.1f}x")
    print(f"load average after: {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
