"""The API under load: bbox + datetime queries, each answering a page of 500 events out of
100,000 (or ``--events``).

The events are written as an import writes them, then the store is optimised as ``geomap
import`` leaves it (its R*Tree packed, statistics taken). Two servers (waitress, on
127.0.0.1) answer over the same SQLite file: the real store (R*Tree on lon/lat/days/status,
date index), and the same store with every index bypassed (a full scan of the events
table). Every request asks for another box (2 x 1.5 degrees, anywhere in Syria) and year,
so that no answer comes from the server's cache; the same request again and again, which the
cache answers, is measured apart. A load generator with concurrent keep-alive clients
measures requests/s and latency percentiles: ``wrk`` when installed (``apt-get install
wrk``), else a Python thread pool; both bounded in time and request count. Server CPU per
request is the servers' own user+system time over the requests they answered.

    .venv/bin/python bench/api.py [--events 100000] [--clients 4] [--seconds 10]
"""

from __future__ import annotations

import argparse
import dataclasses
import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import benchlib  # noqa: F401  (before the project: fixes sys.path)
from benchlib import row

from geomap.models import EVENT_TYPES, Event, Report
from geomap.store import EventQuery, open_store
from geomap.store.sql import SQLStore
from geomap.store.sqlite import SQLiteStore
from tests.live import free_port, stop, wait_for

#: The query measured alone and repeated: northern Syria (around Aleppo) during 2016, one
#: page of 500; the load asks for the same page of other boxes and years.
QUERY = "/api/events?bbox=36.5,35.5,38.5,37.0&datetime=2016-01-01/2016-12-31&limit=500"
SYRIA = (35.7, 32.3, 42.4, 37.3)


def queries(count: int, seed: int = 11) -> list[str]:
    """``count`` distinct queries like QUERY: boxes of 2 x 1.5 degrees inside Syria, years
    2011-2020."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        lon = rng.uniform(SYRIA[0], SYRIA[2] - 2.0)
        lat = rng.uniform(SYRIA[1], SYRIA[3] - 1.5)
        year = rng.randrange(2011, 2021)
        out.append(f"/api/events?bbox={lon:.4f},{lat:.4f},{lon + 2:.4f},{lat + 1.5:.4f}"
                   f"&datetime={year}-01-01/{year}-12-31&limit=500")
    return out
ACTORS = ("Syrian government forces", "Syrian rebels", "Islamic State", "SDF",
          "Russian military forces", None)


class ScanStore(SQLiteStore):
    """The store with its indexes bypassed: no R*Tree, and date tests the date index cannot
    serve (``coalesce``), so every query scans the whole events table."""

    def _page_rows(self, conn: Any, q: EventQuery, columns: Any = (), *,
                   count: bool = True) -> tuple[list[Any], int]:
        return SQLStore._page_rows(self, conn, q, columns, count=count)  # not the R*Tree

    def _conditions(self, q: EventQuery) -> list[Any]:
        from sqlalchemy import func

        ev = self.tables.events.c
        conds = super()._conditions(dataclasses.replace(q, bbox=None, start=None, end=None))
        if q.start is not None:
            conds.append(func.coalesce(ev.date_end, ev.event_date) >= q.start)
        if q.end is not None:
            conds.append(func.coalesce(ev.event_date, ev.event_date) <= q.end)
        if q.bbox is not None:
            minlon, minlat, maxlon, maxlat = q.bbox
            conds += [ev.lon.between(minlon, maxlon), ev.lat.between(minlat, maxlat)]
        return conds


def generate(n: int, seed: int = 7) -> list[Event]:
    """``n`` events over Syria, 2011–2020, of every type."""
    rng = random.Random(seed)
    pairs = [(t, s) for t, subs in EVENT_TYPES.items() for s in subs]
    start = date(2011, 1, 1)
    out = []
    for i in range(n):
        event_type, sub = pairs[i % len(pairs)]
        out.append(Event(
            event_date=start + timedelta(days=rng.randrange(3650)), event_type=event_type,
            sub_event_type=sub, actor1=rng.choice(ACTORS), actor2=rng.choice(ACTORS),
            fatalities=rng.choice((None, 0, 1, 3, 12)), lat=rng.uniform(SYRIA[1], SYRIA[3]),
            lon=rng.uniform(SYRIA[0], SYRIA[2]), location=f"place {i % 5000}",
            quote=f"Generated sentence number {i}, about as long as a wire sentence is.",
            id=f"gen{i:07d}"))
    return out


def fill(url: str, n: int) -> tuple[float, float]:
    """Write ``n`` generated events in one transaction (executemany), then optimise the
    store as ``geomap import`` does; seconds taken by each.

    Goes to the store's tables directly (``engine``/``tables`` are public for tools): the
    per-report de-duplication of ``add_report`` is not what is measured here.
    """
    from sqlalchemy import insert

    t0 = time.perf_counter()
    store = open_store(url)
    assert isinstance(store, SQLiteStore)
    store.init()
    store.add_report(Report(text="bench report", id="bench"), [])
    events = [dataclasses.replace(e, report_id="bench", sources=["bench"])
              for e in generate(n)]
    t = store.tables
    with store.engine.begin() as conn:
        conn.execute(insert(t.events), [store._event_row(e) for e in events])  # noqa: SLF001
        now = datetime.now(UTC)
        conn.execute(insert(t.event_sources), [
            {"event_id": e.id, "report_id": "bench", "position": i, "added_at": now}
            for i, e in enumerate(events)])
    written = time.perf_counter() - t0
    t0 = time.perf_counter()
    store.optimize()
    store.close()
    return written, time.perf_counter() - t0


def serve(url: str, port: int, scan: bool, workers: int, threads: int) -> None:
    """(Subprocess) the app on 127.0.0.1:port, over the real or the scanning store."""
    import logging

    from geomap.commands.serve_cmds import run_server
    from web import create_app

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth is 1"

    def factory() -> Any:
        app = create_app({"DATABASE_URL": url})
        if scan:
            store = ScanStore(url)
            store.init()
            app.extensions["geomap.store"] = store
        return app

    run_server(factory, host="127.0.0.1", port=port, threads=threads, workers=workers)


def start(url: str, scan: bool,
          args: argparse.Namespace) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, __file__, "--serve", url, str(port),
                             "--workers", str(args.workers), "--threads", str(args.threads)]
                            + (["--scan"] if scan else []))
    wait_for(f"http://127.0.0.1:{port}/healthz", proc)
    return proc, port


def python_load(port: int, clients: int, seconds: float, max_requests: int,
                paths: list[str]) -> dict[str, Any]:
    """Keep-alive clients in threads, each request the next of ``paths``; latencies of
    every request."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    count = [0]

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < stop:
            with lock:
                if count[0] >= max_requests:
                    break
                path = paths[count[0] % len(paths)]
                count[0] += 1
            t0 = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            took = time.perf_counter() - t0
            assert response.status == 200, body[:200]
            with lock:
                latencies.append(took)
        conn.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - t0
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"requests": len(latencies), "rps": len(latencies) / wall, "p50": q[49] * 1000,
            "p90": q[89] * 1000, "p99": q[98] * 1000, "tool": "python threads"}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk_load(port: int, clients: int, seconds: float, paths: list[str]) -> dict[str, Any]:
    """``wrk`` with ``clients`` connections on 1 thread, for ``seconds``, each request the
    next of ``paths`` (a Lua script)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write("local paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n"
                     "local n = 0\n"
                     "request = function()\n"
                     "  n = n + 1\n"
                     "  return wrk.format('GET', paths[(n - 1) % #paths + 1])\n"
                     "end\n")
    try:
        out = subprocess.run(
            ["wrk", "-t1", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--latency",
             "--timeout", "30s", "-s", script.name, f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    finally:
        os.unlink(script.name)
    pct = dict(re.findall(r"^ +(50|90|99)% +(\S+)", out, re.M))
    if len(pct) < 3:
        raise SystemExit(f"cannot read wrk output:\n{out}")
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    if "Non-2xx" in out:
        raise SystemExit(f"errors under load:\n{out}")
    return {"requests": requests, "rps": rps, "p50": _ms(pct["50"]), "p90": _ms(pct["90"]),
            "p99": _ms(pct["99"]), "tool": "wrk"}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children (the forked workers)."""
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    ticks = 0
    for p in pids:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _get(port: int, path: str) -> Any:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=120) as r:
        return json.load(r)


def measure(url: str, scan: bool, args: argparse.Namespace,
            paths: list[str]) -> dict[str, Any]:
    """Load on a server: every request another query of ``paths`` (or ``paths`` is the
    one query, again and again)."""
    proc, port = start(url, scan, args)
    try:
        for path in CHECKED:  # warms every worker, and the answers are compared
            body = _get(port, path)
        pages = [[f["id"] for f in _get(port, path)["features"]] for path in CHECKED]
        seconds = args.seconds if not scan else min(args.seconds, 10)
        cpu0 = cpu_seconds(proc.pid)
        if shutil.which("wrk") and not args.python_load:
            result = wrk_load(port, args.clients, seconds, paths)
        else:
            result = python_load(port, args.clients, seconds,
                                 args.max_requests if not scan else 200, paths)
        result["cpu_ms"] = (cpu_seconds(proc.pid) - cpu0) * 1000 / max(1, result["requests"])
        result["returned"], result["matched"] = body["numberReturned"], body["numberMatched"]
        result["pages"] = pages
        return result
    finally:
        stop(proc, timeout=30)


#: Queries whose pages both servers must agree on.
CHECKED = [*queries(4, seed=3), QUERY]


def query_alone(url: str) -> dict[str, float]:
    """Median ms of the store query alone (no HTTP, no GeoJSON), indexed and scanning."""
    q = EventQuery(bbox=(36.5, 35.5, 38.5, 37.0), start=date(2016, 1, 1),
                   end=date(2016, 12, 31), limit=500)
    out = {}
    for name, store in (("indexed", open_store(url)), ("full scan", ScanStore(url))):
        store.query_events(q)
        times = []
        for _ in range(15):
            t0 = time.perf_counter()
            store.query_events(q)
            times.append(time.perf_counter() - t0)
        store.close()
        out[name] = statistics.median(times) * 1000
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="server processes (geomap serve --workers)")
    parser.add_argument("--threads", type=int, default=4, help="threads per process")
    parser.add_argument("--python-load", action="store_true", help="never use wrk")
    parser.add_argument("--db", type=Path,
                        help="keep the database at this path, and use it as it is if it "
                             "exists already (made by this benchmark)")
    parser.add_argument("--serve", nargs=2, metavar=("URL", "PORT"), help=argparse.SUPPRESS)
    parser.add_argument("--scan", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]), args.scan, args.workers, args.threads)
        return
    with tempfile.TemporaryDirectory(prefix="geomap-bench-") as tmp:
        path = args.db or Path(tmp) / "bench.db"
        url = f"sqlite:///{path}"
        written = optimised = 0.0
        if not path.exists():
            written, optimised = fill(url, args.events)
        print(f"API under load: {args.events:,} events in SQLite, {args.clients} concurrent "
              f"clients, {args.workers} waitress process(es) x {args.threads} threads, "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before")
        if written:
            row("insert (one transaction, executemany)",
                f"{written:.1f} s ({args.events / written:,.0f} events/s)")
            row("optimise (pack the R*Tree, statistics, vacuum)", f"{optimised:.1f} s")
        else:
            row("database", f"{path} as it was")
        size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
        row("database size (file and write-ahead log)", f"{size / 1e6:,.0f} MB")
        row("query (the load asks for other boxes and years)", QUERY)
        alone = query_alone(url)
        row("store query alone, indexed / full scan (median)",
            f"{alone['indexed']:.1f} / {alone['full scan']:.1f} ms "
            f"({alone['full scan'] / alone['indexed']:.0f}x)")
        varied = queries(20_000)
        results = {}
        for name, scan, paths in (("indexed", False, varied), ("full scan", True, varied),
                                  ("indexed, the same query (cached)", False, [QUERY])):
            results[name] = r = measure(url, scan, args, paths)
            row(f"{name}: page / matched (first query)", f"{r['returned']} / {r['matched']:,}")
            row(f"{name}: requests/s ({r['tool']}, {r['requests']:,} requests)",
                f"{r['rps']:.1f}")
            row(f"{name}: latency p50 / p90 / p99",
                f"{r['p50']:.1f} / {r['p90']:.1f} / {r['p99']:.1f} ms")
            row(f"{name}: server CPU per request", f"{r['cpu_ms']:.1f} ms")
        same = results["indexed"]["pages"] == results["full scan"]["pages"]
        row(f"same pages from both ({len(CHECKED)} queries)", "yes" if same else "NO")
        ratio = results["indexed"]["rps"] / results["full scan"]["rps"]
        row("indexed / full scan throughput", f"{ratio:.1f}x")
        cpu_ratio = results["full scan"]["cpu_ms"] / results["indexed"]["cpu_ms"]
        row("full scan / indexed CPU per request", f"{cpu_ratio:.1f}x")
        p99, cpu = results["indexed"]["p99"], results["indexed"]["cpu_ms"]
        row("load average after", f"{os.getloadavg()[0]:.1f} (other processes share the cores)")
        row("target p99 < 100 ms (indexed)", f"{'met' if p99 < 100 else 'MISSED'} ({p99:.1f} ms)")
        row("target CPU <= 8 ms per request (indexed)",
            f"{'met' if cpu <= 8 else 'MISSED'} ({cpu:.1f} ms)")
        if not same:
            raise SystemExit("the two stores disagree")


if __name__ == "__main__":
    main()
