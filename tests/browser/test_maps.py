"""The explorer and the embed in a real Chromium, from a live server: the map appears, zones
and markers are drawn in the expected numbers, a marker's popup shows its quote, the date
control moves the zones, and a report written to inject script runs nothing."""

from __future__ import annotations

import html
import json
import os
import urllib.request
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import update

from geomap.demo import seed_demo
from geomap.models import Event, Report
from geomap.store import open_store

from ..live import ROOT, live_server

XSS = "<script>alert('quote')</script><img src=x onerror=\"alert('img')\">"
#: The README's picture is refreshed with GEOMAP_UPDATE_SCREENSHOTS=1; otherwise the test's
#: screenshot goes to var/, out of version control.
SCREENSHOT = (ROOT / "docs" if os.environ.get("GEOMAP_UPDATE_SCREENSHOTS") == "1"
              else ROOT / "var") / "screenshot.png"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'geomap.db'}"
    with open_store(url) as store:
        store.init()
        seed_demo(store)
        hostile = Event(
            event_date=date(2016, 12, 9), event_type="Explosions/Remote violence",
            sub_event_type="Shelling/artillery/missile attack", actor1=XSS,
            place_id="geomap:aleppo-hanano", location=f"Hanano {XSS}", lat=36.228,
            lon=37.183, quote=f"Shells hit Hanano. {XSS}", source=f"Hostile Wire {XSS}",
            notes=XSS)
        added = store.add_report(Report(text=f"Shells hit Hanano. {XSS}",
                                        published=date(2016, 12, 9), title=XSS,
                                        url="https://x.example/", source_name=XSS), [hostile])
        # the store refuses a javascript: link now; one written before must stay harmless
        with store.engine.begin() as conn:
            reports = store.tables.reports
            conn.execute(update(reports).where(reports.c.id == added.report_id)
                         .values(url="javascript:alert('url')"))
    with live_server(url) as base:
        yield base


def _json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def _ready(page: Any) -> None:
    page.wait_for_function("window.geomapReady === true", timeout=20_000)


def _drawn(page: Any) -> dict[str, int]:
    """What the map shows: zones, lone events, and the events its clusters hold (each
    cluster says how many in ``data-count``), cumulative tolls apart."""
    return page.evaluate("""() => {
        const held = (selector) => [...document.querySelectorAll(selector)]
          .reduce((n, c) => n + parseInt(c.dataset.count, 10), 0);
        return {
          zones: document.querySelectorAll('path.geomap-zone').length,
          singles: document.querySelectorAll('.geomap-event:not(.geomap-tally)').length,
          tallies: document.querySelectorAll('.geomap-event.geomap-tally').length
            + held('.geomap-cluster.geomap-tally'),
          clustered: held('.geomap-cluster:not(.geomap-tally)'),
        };
    }""")


def _set_view(page: Any, center: list[float], zoom: int) -> None:
    """Move the map and wait until it has finished moving and redrawn its layers."""
    page.evaluate("""([center, zoom]) => new Promise(done => {
        const map = window.geomapLayer.map;
        map.once('moveend', () => requestAnimationFrame(() => requestAnimationFrame(done)));
        map.setView(center, zoom, {animate: false});
        map.fire('moveend');  // setView to the current view fires nothing by itself
    })""", [center, zoom])


def _redrawn(page: Any, action: str) -> int:
    """Run ``action`` (JavaScript) and wait until the map has drawn the events it asked
    for (``geomap:drawn``); how many events its markers hold."""
    return int(page.evaluate("""(action) => new Promise(done => {
        document.addEventListener('geomap:drawn', e => done(e.detail.events), {once: true});
        (new Function(action))();
    })""", action))


def _rebel_extent(page: Any) -> float:
    return page.evaluate("""() => [...document.querySelectorAll('path.geomap-zone-rebels')]
        .reduce((a, p) => { const b = p.getBBox(); return a + b.width * b.height; }, 0)""")


def _check_counts(page: Any, base: str, query: str, at: str) -> None:
    rows = _json(f"{base}/maps/events.json?{query}")["rows"]
    zones = _json(f"{base}/maps/zones.json?at={at}")["features"]
    drawn = _drawn(page)
    assert drawn["zones"] == len(zones) > 0
    assert drawn["tallies"] == sum(1 for r in rows if r[5])
    assert drawn["singles"] + drawn["clustered"] == sum(1 for r in rows if not r[5]) > 0


def test_explorer(server: str, watch: Any) -> None:
    w = watch(server)
    page = w.page
    page.goto(f"{server}/?to=2016-12-11")
    _ready(page)
    assert page.locator(".leaflet-container").count() == 1
    _check_counts(page, server, "to=2016-12-11", "2016-12-11")
    assert page.locator(".geomap-legend").inner_text().count("Rebels") == 1

    # events at one spot are one marker listing them; each opens with its quote
    page.evaluate("window.geomapLayer.map.setView([34.5624, 38.28402], 17)")
    page.locator(".geomap-cluster").first.click()
    page.locator(".geomap-list-item").first.click()
    popup = page.wait_for_selector(".geomap-popup", timeout=10_000)
    assert "Palmyr" in popup.inner_text() or "Palmyre" in popup.inner_text()
    assert page.locator(".geomap-quote").count() == 1

    # the date control moves the zones: on 15 November the rebels held more of Aleppo
    page.evaluate("window.geomapLayer.map.closePopup()")
    _set_view(page, [36.2, 37.15], 12)
    late = _rebel_extent(page)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    page.evaluate("""() => { const s = document.getElementById('geomap-time');
        s.value = Math.round(Date.UTC(2016, 10, 15) / 86400000);
        s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change')); }""")
    page.wait_for_function("document.getElementById('geomap-time-label').textContent"
                           " === '2016-11-15'")
    page.wait_for_function(f"[...document.querySelectorAll('path.geomap-zone-rebels')]"
                           f".reduce((a, p) => a + p.getBBox().width * p.getBBox().height, 0)"
                           f" > {late} * 1.5", timeout=10_000)
    # … and the events: those up to that day, no later one, whichever tiles they come in
    page.wait_for_function("window.geomapLayer.params.to === '2016-11-15'")
    shown = _redrawn(page, "window.geomapLayer.map.setView([35.4, 37.7], 7, {animate: false})")
    early = _json(f"{server}/maps/events.json?to=2016-11-15")["rows"]
    assert shown == len(early) < len(_json(f"{server}/maps/events.json?to=2016-12-11")["rows"])
    _check_counts(page, server, "to=2016-11-15", "2016-11-15")
    assert w.errors == [] and w.dialogs == []
    assert all("tile" in url for url in w.outside), w.outside  # tiles are the only outside


def test_hostile_report_runs_nothing(server: str, watch: Any) -> None:
    w = watch(server)
    page = w.page
    page.goto(f"{server}/?to=2016-12-11")
    _ready(page)
    page.evaluate("window.geomapLayer.map.setView([36.228, 37.183], 18)")
    marker = page.locator(".geomap-event[title*='2016-12-09']").first
    marker.click()
    popup = page.wait_for_selector(".geomap-popup", timeout=10_000)
    assert "<script>" in popup.inner_text()  # shown as text
    assert page.locator(".geomap-popup script, .geomap-popup img").count() == 0
    assert page.locator(".geomap-popup a[href^='javascript']").count() == 0
    w.assert_quiet()


def test_embed(server: str, watch: Any) -> None:
    w = watch(server)
    page = w.page
    page.goto(f"{server}/embed?to=2016-12-11&title=Aleppo%20and%20Palmyra")
    _ready(page)
    _check_counts(page, server, "to=2016-12-11", "2016-12-11")
    figure = page.locator("figure.geomap-embed")
    assert "reported events" in (figure.get_attribute("aria-label") or "")
    assert "Map of" in page.locator("figcaption").inner_text()
    assert page.locator("h1.geomap-title").inner_text() == "Aleppo and Palmyra"
    attribution = page.locator(".leaflet-control-attribution").inner_text()
    assert "OpenStreetMap" in attribution and "GeoNames" in attribution
    assert w.errors == [] and w.dialogs == []
    assert all("tile" in url for url in w.outside), w.outside


def test_embed_snippet_page(server: str, watch: Any) -> None:
    w = watch(server)
    w.page.goto(f"{server}/embed/snippet?to=2016-12-11")
    snippet = w.page.locator("#geomap-snippet").input_value()
    assert snippet.startswith("<iframe") and "/embed?" in snippet and "geomap-height" in snippet


def _host_page(server: str, query: str) -> str:
    """A newsroom page on its own origin with the embed code pasted in (as the snippet page
    gives it) between two paragraphs."""
    snippet = _snippet(server, query)
    return ("<!DOCTYPE html><html><body style='margin:0'><p>Story text above.</p>"
            f"{snippet}<p id='after'>Story text below.</p></body></html>")


def _snippet(server: str, query: str) -> str:
    with urllib.request.urlopen(f"{server}/embed/snippet?{query}", timeout=30) as response:
        page = response.read().decode()
    start = page.index("<textarea")
    return html.unescape(page[page.index(">", start) + 1:page.index("</textarea>")])


@pytest.mark.parametrize("viewport, query, wanted", [
    ({"width": 1280, "height": 800}, "to=2016-12-11", 720),   # width-led, capped
    ({"width": 375, "height": 640}, "to=2016-12-11", 360),    # a phone: the floor
    ({"width": 1280, "height": 800}, "to=2016-12-11&height=550", 550),  # asked for
])
def test_embed_in_a_host_page_settles(browser: Any, server: str, viewport: dict[str, int],
                                      query: str, wanted: int) -> None:
    """The iframe takes the height the embed asks for, once, and keeps it: the resize
    handshake must not feed back on itself (it once grew 803 → 6,838 px in 10 s)."""
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server)
                   else r.abort())
        page.set_content(_host_page(server, query))
        frame = page.locator("iframe")
        embed = frame.element_handle().content_frame()
        embed.wait_for_load_state("load")
        embed.wait_for_function("window.geomapReady === true", timeout=20_000)
        # within 2 s of the embed being ready, the iframe has the height it asked for …
        page.wait_for_function(f"document.querySelector('iframe').offsetHeight === {wanted}",
                               timeout=2_000)
        heights = []
        for _ in range(10):  # … and keeps it for the next 2 s
            heights.append(frame.evaluate("f => f.offsetHeight"))
            page.wait_for_timeout(200)
        assert set(heights) == {wanted}, heights
        content = embed.evaluate("document.documentElement.scrollHeight")
        assert content == wanted
        assert embed.evaluate("window.geomapWantedHeight()") == wanted
    finally:
        context.close()


def test_the_watch_catches_a_late_dialog(server: str, watch: Any) -> None:
    """The check the hostile-input tests rely on: an alert that comes after the page has
    loaded (an image's onerror, a timer) is seen, not missed by a fixed wait."""
    w = watch(server)
    w.page.set_content("<img src='/missing.png' onerror=\"setTimeout(() => alert('late'), 400)\">")
    w.page.wait_for_function("document.images[0].complete")
    with pytest.raises(AssertionError, match="late"):
        w.page.wait_for_event("dialog", timeout=5_000)
        w.assert_quiet()
    w.dialogs.clear()  # seen; the fixture's own end-of-test check would fail on it otherwise
