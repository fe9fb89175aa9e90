"""Benchmark of the maps: with 1,000, 10,000 and 100,000 events, the explorer's and the
embed's HTML size and server time, the event data they fetch, and Chromium's time until the
markers are drawn; beside plain Folium (one Marker per event inlined in the page), in the
same run.

For each size a temporary SQLite store is filled (bench/store.py's bulk loader), ``geomap
serve`` answers on 127.0.0.1, and Debian's Chromium (Playwright, no browser download) opens
the pages. Plain Folium's page is rendered in this process from the same events, with its
Leaflet pointed at the server's vendored copy (there is no CDN here), and opened as a file;
it is given ``--plain-timeout`` seconds to draw its markers.

Run: ``.venv/bin/python bench/maps.py`` (a few minutes; ``--sizes 1000,10000`` for fewer,
``--quick`` for 1,000 only). Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import benchlib  # noqa: F401  (first: puts the project on sys.path)
import numpy as np  # noqa: E402
from benchlib import HERE, ROOT, row  # noqa: E402

from geomap.store import EventQuery, open_store  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage"]


def _bulk_loader() -> Any:
    spec = importlib.util.spec_from_file_location("bench_store", HERE / "store.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.bulk_load


def _get(url: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
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


def browser_time(browser: Any, url: str, *, ready: str, timeout_s: float) -> float | None:
    """Seconds from navigation to ``ready`` being true (None: not within the timeout)."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.route("**/tile.openstreetmap.org/**", lambda r: r.abort())
    try:
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_function(ready, timeout=timeout_s * 1000, polling=100)
        return time.perf_counter() - t0
    except Exception:  # noqa: BLE001 - a page that never draws is a figure, not a failure
        return None
    finally:
        page.close()


def run_size(n: int, browser: Any, plain_timeout: float, workdir: Path) -> None:
    db_url = f"sqlite:///{workdir / f'maps-{n}.db'}"
    store = open_store(db_url)
    store.init()
    _bulk_loader()(store, n, np.random.default_rng(11))
    events, _ = store.query_events(EventQuery())
    store.close()
    proc, base = _start(db_url)
    try:
        print(f"\n== {n:,} events")
        for label, path in (("explorer /", "/"), ("embed /embed", "/embed"),
                            ("event rows /maps/events.json", "/maps/events.json")):
            _get(base + path)  # warm
            seconds, size = _get(base + path)
            row(label, f"{size / 1024:,.1f} KB, server {seconds * 1000:,.0f} ms")
        plain_path = workdir / f"plain-{n}.html"
        if n <= 10_000 or plain_timeout > 0:
            seconds, size = plain_folium(events, base, plain_path)
            row("plain Folium (Marker per event)", f"{size / 1024:,.1f} KB, "
                f"render {seconds * 1000:,.0f} ms")
        if browser is None:
            row("browser", "skipped: no Chromium at /usr/bin/chromium")
            return
        ready = "window.geomapReady === true && document.querySelector('.geomap-cluster, " \
                ".geomap-event') !== null"
        for label, path in (("explorer", "/"), ("embed", "/embed")):
            t = browser_time(browser, base + path, ready=ready, timeout_s=60)
            row(f"Chromium: {label} until markers drawn",
                f"{t:.2f} s" if t is not None else "not within 60 s")
        if plain_path.exists():
            t = browser_time(browser, plain_path.as_uri(),
                             ready=f"document.querySelectorAll('.leaflet-marker-icon')"
                                   f".length >= {len(events)}", timeout_s=plain_timeout)
            row("Chromium: plain Folium until markers drawn",
                f"{t:.2f} s" if t is not None else f"not within {plain_timeout:.0f} s")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--quick", action="store_true", help="1,000 events only")
    parser.add_argument("--plain-timeout", type=float, default=60.0,
                        help="seconds plain Folium gets to draw its markers")
    args = parser.parse_args()
    sizes = [1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    print("maps benchmark: geomap's explorer and embed vs plain Folium")
    workdir = Path(tempfile.mkdtemp(prefix="geomap-maps-"))
    try:
        if shutil.which(CHROMIUM):
            from playwright.sync_api import sync_playwright

            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for n in sizes:
                    run_size(n, browser, args.plain_timeout, workdir)
                browser.close()
        else:
            for n in sizes:
                run_size(n, None, args.plain_timeout, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
