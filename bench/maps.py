"""Benchmark of the maps: with 1,000, 10,000 and 100,000 events (1,000,000 with ``--sizes``),
the explorer and the embed beside the row download they replaced and beside plain Folium,
in one run.

For each size a temporary SQLite store is filled (bench/store.py's bulk loader: events
spread like a conflict's around twenty Syrian cities, 2011-2024) and optimised as ``geomap
import`` leaves it; ``geomap serve`` answers on 127.0.0.1 and Debian's Chromium (Playwright,
no browser download, a new browser context for every load: nothing cached in the browser)
opens the pages, once the server has shown a view of the same events under another URL
(its gazetteer and basemap read, the database's pages in memory). For each map it prints:

- the page: its size, and the server's time for it, computed then answered from the cache;
- the first view: bytes on the wire (encoded, every request: page, scripts, styles, the
  events' data, the basemap's tiles), the events' data's share and how many requests
  fetched it, the basemap's share, the server's time for the slowest request of the
  events' data, and the time until the markers are drawn;
- the same view again: the server answers from its cache (the browser is new again).

"First view" is thus the first time these filters are asked of a running server: its
answers computed, not cached.

The maps:

- **explorer** ``/`` and **embed** ``/embed``: the browser asks for the clusters of the data
  tiles in view, counted by the store;
- **row download**: what the explorer and embed did before (the same page, built here with
  the layer's rows mode): every matching event as compact rows (``/maps/events.json``),
  clustered in the browser with supercluster; the page is served on the server's origin;
- **plain Folium**: one Marker per event inlined in the page, rendered in this process from
  the same events (Leaflet from the server's vendored copy: there is no CDN here), opened as
  a file, up to ``--plain-max`` events (beyond, its page takes minutes to render and
  never paints).

Run: ``.venv/bin/python bench/maps.py`` (``--sizes 1000,10000,100000,1000000``, ``--quick``
for 1,000 only). Figures are printed; nothing is asserted. The machine's load is printed
with them: other processes share its cores.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import benchlib  # noqa: F401  (first: puts the project on sys.path)
import numpy as np
from benchlib import HERE, ROOT, row

from geomap.store import EventQuery, open_store

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage"]
READY = ("window.geomapReady === true && "
         "document.querySelector('.geomap-cluster, .geomap-event') !== null")
TIMEOUT = 90.0


def _bulk_loader() -> Any:
    spec = importlib.util.spec_from_file_location("bench_store", HERE / "store.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.bulk_load


def _get(url: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as response:
        size = len(response.read())
    return time.perf_counter() - t0, size


def _start(db_url: str) -> tuple[subprocess.Popen[bytes], str]:
    sys.path.insert(0, str(ROOT))
    from tests.live import free_port, wait_for

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "geomap.cli", "serve", "--no-demo",
                             "--port", str(port), "--database", db_url],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/healthz", proc)
    return proc, base


def rows_page(db_url: str) -> str:
    """The embed as it was before the clusters: the same page, its layer in rows mode (all
    compact rows from /maps/events.json, clustered in the browser)."""
    from flask import render_template

    from web import create_app
    from web.maps import render

    app = create_app({"DATABASE_URL": db_url})
    with app.test_request_context("/embed"):
        layer = render.EventLayer(data_url="/maps/events.json", params={}, zones={
            "type": "FeatureCollection", "features": []}, event_url="/maps/events/__id__.json",
            collapsed=True, fit=True)
        page = render_template("maps/embed.html", map=render.page_map(layer),
                               title="Reported events", alt="", summary="", at="",
                               height=None, png_url="/embed.png", **render.legend_context())
    return str(page)


def plain_folium(events: list[Any], base: str, path: Path) -> tuple[float, int]:
    """Plain Folium: one Marker (with a tooltip) per event, rendered to ``path``. Folium's
    popups need jQuery from a CDN, which this machine cannot reach: tooltips keep the
    baseline drawable (and a little lighter than it would be with popups)."""
    import folium

    t0 = time.perf_counter()
    m = folium.Map(location=[35.0, 38.5], zoom_start=7, tiles=None)
    for e in events:
        folium.Marker([e.lat, e.lon], tooltip=f"{e.sub_event_type}, {e.event_date}").add_to(m)
    html = m.get_root().render()
    seconds = time.perf_counter() - t0
    # no CDN here: Leaflet from the server's vendored copy, the rest left out
    for name, url in folium.Map.default_js:
        repl = f"{base}/vendor/leaflet/dist/leaflet.js" if name == "leaflet" else ""
        html = html.replace(f'<script src="{url}"></script>', f'<script src="{repl}"></script>'
                            if repl else "")
    for name, url in folium.Map.default_css:
        repl = f"{base}/vendor/leaflet/dist/leaflet.css" if name == "leaflet_css" else ""
        html = html.replace(f'<link rel="stylesheet" href="{url}"/>',
                            f'<link rel="stylesheet" href="{repl}"/>' if repl else "")
    path.write_text(html, encoding="utf-8")
    return seconds, len(html.encode())


def load(browser: Any, url: str, *, ready: str, timeout_s: float,
         html: str | None = None) -> dict[str, Any]:
    """One load in a new browser context: seconds until ``ready`` (None: not within the
    timeout), bytes on the wire, the data requests (their sizes and the server's time);
    ``html`` is served as the page at ``url`` (on the server's origin)."""
    # the pages' Content-Security-Policy forbids eval, which wait_for_function compiles
    # its predicate with: the measuring browser is exempt from it (the pages are the same)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.route("**/tile.openstreetmap.org/**", lambda r: r.abort())
    if html is not None:
        page.route(url, lambda r: r.fulfill(status=200, content_type="text/html",
                                            body=html))
    done: list[Any] = []
    page.on("requestfinished", lambda request: done.append(request))
    out: dict[str, Any] = {"seconds": None}
    try:
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_function(ready, timeout=timeout_s * 1000, polling=50)
        out["seconds"] = time.perf_counter() - t0
        page.wait_for_load_state("networkidle", timeout=timeout_s * 1000)
    except Exception:  # noqa: BLE001 - a page that never draws is a figure, not a failure
        pass
    wire = data = basemap = 0
    waits = []
    count = 0
    for request in done:
        try:
            sizes = request.sizes()
        except Exception:  # noqa: BLE001 - a request the page aborted
            continue
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        wire += size
        path = request.url.split("?")[0]
        if "/maps/basemap/" in path:
            basemap += size
        elif "/maps/clusters/" in path or path.endswith("/maps/events.json"):
            data += size
            count += 1
            timing = request.timing
            waits.append(timing["responseStart"] - timing["requestStart"])
    out.update(wire=wire, data=data, basemap=basemap, requests=count,
               server=max(waits, default=0.0))
    context.close()
    return out


def _kb(size: float) -> str:
    return f"{size / 1024:,.1f} KB" if size < 10 * 1024 * 1024 else f"{size / 2**20:,.1f} MB"


def _seconds(value: float | None, timeout: float) -> str:
    return f"{value:.2f} s" if value is not None else f"not within {timeout:.0f} s"


def report(label: str, first: dict[str, Any], again: dict[str, Any], timeout: float) -> None:
    row(f"{label}: painted, first view / again",
        f"{_seconds(first['seconds'], timeout)} / {_seconds(again['seconds'], timeout)}")
    row(f"{label}: on the wire (events' data in requests; basemap)",
        f"{_kb(first['wire'])} ({_kb(first['data'])} in {first['requests']}; "
        f"{_kb(first['basemap'])})")
    row(f"{label}: server, slowest data answer first / again",
        f"{first['server']:,.0f} / {again['server']:,.0f} ms")


def run_size(n: int, browser: Any, args: argparse.Namespace, workdir: Path) -> None:
    db_url = f"sqlite:///{workdir / f'maps-{n}.db'}"
    store = open_store(db_url)
    store.init()
    t0 = time.perf_counter()
    _bulk_loader()(store, n, np.random.default_rng(11))
    store.optimize()
    filled = time.perf_counter() - t0
    events = (store.event_points(EventQuery()) if n <= args.plain_max else [])
    store.close()
    proc, base = _start(db_url)
    try:
        print(f"\n== {n:,} events (stored and optimised in {filled:.0f} s; load average "
              f"{os.getloadavg()[0]:.1f})")
        for label, path in (("explorer /", "/"), ("embed /embed", "/embed")):
            cold, size = _get(base + path)
            cached, _ = _get(base + path)
            row(f"page {label}", f"{_kb(size)}, server {cold * 1000:,.0f} ms computed, "
                f"{cached * 1000:,.0f} ms cached")
        seconds, size = _get(base + "/maps/events.json")
        row("row download: /maps/events.json", f"{_kb(size)}, server {seconds * 1000:,.0f} ms")
        if browser is None:
            row("browser", "skipped: no Chromium at /usr/bin/chromium")
            return
        # a process warmed up (its gazetteer and basemap tiles read, the database's pages
        # in memory) by a view of the same events under another URL; then the same events
        # (the last is on 2024-12-31) under URLs of their own: each map's answers start cold
        load(browser, base + "/?to=2025-06-30", ready=READY, timeout_s=TIMEOUT)
        for label, path in (("explorer", "/?to=2024-12-31"), ("embed", "/embed?to=2025-01-01")):
            first = load(browser, base + path, ready=READY, timeout_s=TIMEOUT)
            again = load(browser, base + path, ready=READY, timeout_s=TIMEOUT)
            report(label, first, again, TIMEOUT)
        html = rows_page(db_url)
        first = load(browser, base + "/bench/rows", ready=READY, timeout_s=TIMEOUT, html=html)
        again = load(browser, base + "/bench/rows", ready=READY, timeout_s=TIMEOUT, html=html)
        report("row download", first, again, TIMEOUT)
        if n <= args.plain_max:
            plain_path = workdir / f"plain-{n}.html"
            seconds, size = plain_folium(events, base, plain_path)
            row("plain Folium (Marker per event)", f"page {_kb(size)}, rendered in "
                f"{seconds * 1000:,.0f} ms")
            t = load(browser, plain_path.as_uri(), timeout_s=args.plain_timeout,
                     ready=f"document.querySelectorAll('.leaflet-marker-icon').length "
                           f">= {len(events)}")
            row("plain Folium: painted", _seconds(t["seconds"], args.plain_timeout))
        else:
            row("plain Folium", f"not attempted above {args.plain_max:,} events "
                "(its page takes minutes to render; 100,000 never painted)")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--quick", action="store_true", help="1,000 events only")
    parser.add_argument("--plain-timeout", type=float, default=60.0,
                        help="seconds plain Folium gets to draw its markers")
    parser.add_argument("--plain-max", type=int, default=100_000,
                        help="the most events plain Folium is tried with")
    args = parser.parse_args()
    sizes = [1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    print("maps benchmark: geomap's explorer and embed, the row download they replaced, "
          f"plain Folium ({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})")
    workdir = Path(tempfile.mkdtemp(prefix="geomap-maps-"))
    try:
        if shutil.which(CHROMIUM):
            from playwright.sync_api import sync_playwright

            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for n in sizes:
                    run_size(n, browser, args, workdir)
                browser.close()
        else:
            for n in sizes:
                run_size(n, None, args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
