"""The explorer and the embed in a real Chromium, from a live server: the map appears over
geomap's own basemap without a request outside the server, zones and markers are drawn in
the expected numbers, a marker's popup shows its quote, the date control moves the zones,
legends list what the view shows, the phone layout folds the legend away, and a report
written to inject script runs nothing."""

from __future__ import annotations

import html
import io
import json
import os
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from sqlalchemy import update

from geomap.demo import seed_demo
from geomap.models import Event, Report
from geomap.store import open_store

from ..live import ROOT, database_url, live_server
from .basemap import basemap_drawn
from .conftest import wait_until

XSS = "<script>alert('quote')</script><img src=x onerror=\"alert('img')\">"
#: The README's pictures are refreshed with GEOMAP_UPDATE_SCREENSHOTS=1; otherwise the tests'
#: screenshots go to var/, out of version control.
PICTURES = ROOT / "docs" if os.environ.get("GEOMAP_UPDATE_SCREENSHOTS") == "1" else ROOT / "var"
SCREENSHOT = PICTURES / "screenshot.png"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = database_url(tmp_path_factory, "browser")
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


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server of the demo alone (the README's pictures credit no hostile wire)."""
    with live_server(database_url(tmp_path_factory, "demo")) as base:
        yield base


def _json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def _ready(page: Any) -> None:
    wait_until(page, "window.geomapReady === true", timeout=20_000)


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
    """Move the map and wait until it has finished moving and redrawn its layers (the
    events, once the data tiles of the new view have come)."""
    page.evaluate("""([center, zoom]) => new Promise(done => {
        const layer = window.geomapLayer, map = layer.map;
        const painted = () => requestAnimationFrame(() => requestAnimationFrame(done));
        if (layer.opts.clustersUrl) {
            document.addEventListener('geomap:drawn', painted, {once: true});
        } else {
            map.once('moveend', painted);
        }
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
    basemap_drawn(page)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    page.evaluate("""() => { const s = document.getElementById('geomap-time');
        s.value = Math.round(Date.UTC(2016, 10, 15) / 86400000);
        s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change')); }""")
    wait_until(page, "document.getElementById('geomap-time-label').textContent"
                     " === '2016-11-15'")
    wait_until(page, f"[...document.querySelectorAll('path.geomap-zone-rebels')]"
                     f".reduce((a, p) => a + p.getBBox().width * p.getBBox().height, 0)"
                     f" > {late} * 1.5", timeout=10_000)
    # … and the events: those up to that day, no later one, whichever tiles they come in
    wait_until(page, "window.geomapLayer.params.to === '2016-11-15'")
    shown = _redrawn(page, "window.geomapLayer.map.setView([35.4, 37.7], 7, {animate: false})")
    early = _json(f"{server}/maps/events.json?to=2016-11-15")["rows"]
    assert shown == len(early) < len(_json(f"{server}/maps/events.json?to=2016-12-11")["rows"])
    drawn = _drawn(page)
    assert drawn["singles"] + drawn["clustered"] + drawn["tallies"] == len(early)
    assert w.errors == [] and w.dialogs == []
    assert w.outside == []  # geomap's own basemap: nothing outside


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
    assert "Natural Earth" in attribution and "GeoNames" in attribution
    assert "OpenStreetMap" not in attribution
    assert w.errors == [] and w.dialogs == []
    assert w.outside == []


def _colour_at(page: Any, latlng: list[float], screenshot: bytes) -> tuple[int, ...]:
    """The commonest colour of the 15 × 15 pixels around a point of the map (a label or a
    line across it does not change it)."""
    from collections import Counter

    from PIL import Image

    x, y = page.evaluate("""([lat, lon]) => {
        const map = window.geomapLayer.map, p = map.latLngToContainerPoint([lat, lon]);
        const box = map.getContainer().getBoundingClientRect();
        return [Math.round(box.left + p.x), Math.round(box.top + p.y)];
    }""", latlng)
    image = Image.open(io.BytesIO(screenshot)).convert("RGB")
    patch = [image.getpixel((x + dx, y + dy)) for dx in range(-7, 8) for dy in range(-7, 8)]
    return Counter(patch).most_common(1)[0][0]


def _css_colour(page: Any, name: str) -> tuple[int, ...]:
    return tuple(page.evaluate("""name => {
        const probe = document.createElement('div');
        probe.style.color = getComputedStyle(document.documentElement).getPropertyValue(name);
        document.body.appendChild(probe);
        const rgb = getComputedStyle(probe).color.match(/[0-9.]+/g).slice(0, 3).map(Number);
        probe.remove();
        return rgb;
    }""", name))


def _near(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 3) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


@contextmanager
def _own_page(browser: Any, server: str, *, width: int = 1280, height: int = 800,
              scheme: str = "light") -> Iterator[tuple[Any, list[str]]]:
    """A page in a browser context of its own (size, colour scheme), and the list of the
    requests it tried outside the server (each refused)."""
    context = browser.new_context(viewport={"width": width, "height": height},
                                  color_scheme=scheme)
    outside: list[str] = []
    try:
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server)
                   else (outside.append(r.request.url), r.abort()))
        yield page, outside
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_embed_draws_its_own_basemap_and_asks_nothing_outside(
        browser: Any, demo: str, scheme: str) -> None:
    """Land where there is land, sea where there is sea, in the page's colours, from tiles
    geomap serves: not one request leaves the server."""
    with _own_page(browser, demo, scheme=scheme) as (page, outside):
        page.goto(f"{demo}/embed?to=2016-12-11&title=Aleppo%20and%20Palmyra")
        _ready(page)
        basemap_drawn(page)
        shot = page.screenshot()
        land = _css_colour(page, "--geomap-basemap-land")
        sea = _css_colour(page, "--geomap-basemap-sea")
        assert land != sea
        assert _near(_colour_at(page, [34.2, 39.6], shot), land)  # the Syrian desert
        assert _near(_colour_at(page, [35.2, 35.3], shot), sea)  # the sea off Tartus
        assert outside == []
        if scheme == "light":
            PICTURES.mkdir(exist_ok=True)
            (PICTURES / "embed-desktop.png").write_bytes(shot)


def test_the_map_opens_fitted_to_its_events_and_zones(server: str, watch: Any) -> None:
    w = watch(server)
    page = w.page
    page.goto(f"{server}/embed?to=2016-12-11")
    _ready(page)
    fitted = page.evaluate("""() => {
        const layer = window.geomapLayer, map = layer.map;
        const b = layer.zones.getBounds();
        layer.rows.forEach(r => b.extend([r[2], r[1]]));
        return {inside: map.getBounds().contains(b), zoom: map.getZoom(),
                best: Math.min(12, map.getBoundsZoom(b, false, L.point(48, 48)))};
    }""")
    assert fitted["inside"] and fitted["zoom"] == fitted["best"], fitted


def test_tolls_stand_apart(server: str, watch: Any) -> None:
    """The 139 and 413 tolls of West and East Aleppo lie 6 km apart: at the opening zoom
    their squares and counts would overlap ("1'413"); they are drawn apart."""
    w = watch(server)
    page = w.page
    page.goto(f"{server}/embed?to=2016-12-11")
    _ready(page)
    boxes = page.evaluate("""() => [...document.querySelectorAll('.geomap-tally')].map(t => {
        const a = t.getBoundingClientRect(), c = t.querySelector('.geomap-count');
        const b = c ? c.getBoundingClientRect() : a;
        return [Math.min(a.left, b.left), Math.min(a.top, b.top), Math.max(a.right, b.right),
                Math.max(a.bottom, b.bottom), c ? c.textContent : ''];
    })""")
    assert sorted(b[4] for b in boxes) == ["139", "413"]
    (a, b) = boxes
    assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], boxes


def test_the_legend_lists_what_the_view_shows(server: str, watch: Any) -> None:
    w = watch(server)
    page = w.page
    page.goto(f"{server}/?to=2016-12-11")
    _ready(page)
    legend = page.locator("#geomap-legend")
    assert "armed clash" in legend.inner_text()  # Deir ez-Zor's
    assert "protest" not in legend.inner_text() and "bombing" not in legend.inner_text()
    _set_view(page, [36.2, 37.15], 12)  # Aleppo alone
    text = legend.inner_text()
    assert "armed clash" not in text and "air/drone strike" in text
    assert "Islamic State" not in text and "Syrian government" in text
    _set_view(page, [35.0, 38.5], 7)
    assert "armed clash" in legend.inner_text()
    assert w.errors == [] and w.dialogs == []


def test_dark_legend_keys_match_the_zones_fills(browser: Any, server: str) -> None:
    """A zone's key in the legend is its colour over the basemap's land as the map draws
    it: the same pixels in the dark scheme as on the map."""
    with _own_page(browser, server, scheme="dark") as (page, _):
        page.goto(f"{server}/embed?to=2016-12-11")
        _ready(page)
        _set_view(page, [36.2, 37.15], 12)
        basemap_drawn(page)
        # a point of the government's zone on the map, away from its outline
        faction, latlng = page.evaluate("""() => {
            const map = window.geomapLayer.map;
            let best = null;
            window.geomapLayer.zones.eachLayer(l => {
                const b = l.getBounds(), f = l.feature.properties.faction;
                const size = map.latLngToContainerPoint(b.getSouthEast())
                    .distanceTo(map.latLngToContainerPoint(b.getNorthWest()));
                if (!best || size > best.size) best = {l, f, size};
            });
            const b = best.l.getBounds(), box = map.getContainer().getBoundingClientRect();
            for (let i = 1; i < 40; i++) for (let j = 1; j < 40; j++) {
                const ll = L.latLng(b.getSouth() + (b.getNorth() - b.getSouth()) * i / 40,
                                    b.getWest() + (b.getEast() - b.getWest()) * j / 40);
                const p = map.latLngToContainerPoint(ll);
                const ok = [[-9, -9], [9, -9], [-9, 9], [9, 9], [0, 0]].every(([dx, dy]) => {
                    const hit = document.elementFromPoint(box.left + p.x + dx, box.top + p.y + dy);
                    return hit && hit.classList && hit.classList.contains('geomap-zone-' + best.f);
                });
                if (ok) return [best.f, [ll.lat, ll.lng]];
            }
            return [best.f, null];
        }""")
        assert latlng is not None, "no clear point inside the zone"
        shot = page.screenshot()
        on_map = _colour_at(page, latlng, shot)
        swatch = page.locator(f"li[data-faction='{faction}'] .geomap-swatch").bounding_box()
        from PIL import Image

        image = Image.open(io.BytesIO(shot)).convert("RGB")
        key = image.getpixel((round(swatch["x"] + swatch["width"] / 2),
                              round(swatch["y"] + swatch["height"] / 2)))
        assert _near(key, on_map, 4), (faction, key, on_map)


def test_a_phone_folds_the_legend_away(browser: Any, demo: str) -> None:
    """At 375 × 480 the legend hides behind a button (it once covered the map), the title
    wraps, and the credits keep to one line."""
    with _own_page(browser, demo, width=375, height=480) as (page, outside):
        tiles: list[str] = []
        page.on("request", lambda r: tiles.append(r.url) if "/maps/basemap/" in r.url else None)
        title = "Aleppo and Palmyra: the regime retakes the east, Islamic State the desert city"
        page.goto(f"{demo}/embed?to=2016-12-11&title={title}")
        _ready(page)
        basemap_drawn(page)
        # it opens where it stays: no tile of a first, wider view is fetched for nothing
        zoom = page.evaluate("window.geomapLayer.map.getZoom()")
        assert tiles and {url.split("/maps/basemap/")[1].split("/")[0] for url in tiles} == {
            str(zoom)}
        legend, button = page.locator("#geomap-legend"), page.locator(".geomap-legend-toggle")
        assert not legend.is_visible() and button.is_visible()
        heading = page.locator("h1.geomap-title").bounding_box()
        assert heading["height"] > 30 and heading["x"] + heading["width"] <= 375  # wrapped
        credits = page.locator(".leaflet-control-attribution").bounding_box()
        assert credits["height"] < 20 and credits["width"] <= 375
        button.click()
        assert legend.is_visible() and button.get_attribute("aria-expanded") == "true"
        assert "air/drone strike" in legend.inner_text()
        button.click()
        assert not legend.is_visible()
        page.set_viewport_size({"width": 375, "height": 640})
        basemap_drawn(page)
        PICTURES.mkdir(exist_ok=True)
        page.screenshot(path=str(PICTURES / "embed-phone.png"))
        assert outside == []


def test_the_embed_weighs_under_300_kb(browser: Any, demo: str) -> None:
    """Everything the embed loads, its basemap tiles with it, on the wire."""
    with _own_page(browser, demo) as (page, outside):
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        sizes: dict[str, int] = {}
        cdp.on("Network.loadingFinished",
               lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
        page.goto(f"{demo}/embed?to=2016-12-11&title=Aleppo%20and%20Palmyra")
        _ready(page)
        basemap_drawn(page)
        page.wait_for_load_state("networkidle")
        assert 0 < sum(sizes.values()) < 300_000, sizes
        png = page.request.get(f"{demo}/embed.png?to=2016-12-11&title=Aleppo%20and%20Palmyra")
        assert png.ok and png.headers["content-type"] == "image/png"
        PICTURES.mkdir(exist_ok=True)
        (PICTURES / "embed-static.png").write_bytes(png.body())
        assert outside == []


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
        wait_until(embed, "window.geomapReady === true", timeout=20_000)
        # within 2 s of the embed being ready, the iframe has the height it asked for …
        wait_until(page, f"document.querySelector('iframe').offsetHeight === {wanted}",
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
