"""The newsroom desk in a real Chromium, from a live server: sign in, paste the seed article,
verify two events, reject one, correct a place by searching "Alep-Ouest", publish a story map,
and find exactly the verified events in its embed from a fresh browser (no session), also
after a further report and a later correction. A hostile report runs nothing."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import update

from geomap.store import open_store
from geomap.zones import demo_zones

from ..conftest import SEED_EN, SEED_FR
from ..live import ROOT, database_url, live_server
from .basemap import basemap_drawn
from .conftest import PageWatch, wait_until

TOKEN = "alice-browser-token"
#: The README's picture is refreshed with GEOMAP_UPDATE_SCREENSHOTS=1; otherwise the test's
#: screenshot goes to var/, out of version control.
SCREENSHOT = (ROOT / "docs" if os.environ.get("GEOMAP_UPDATE_SCREENSHOTS") == "1"
              else ROOT / "var") / "screenshot-review.png"
HOSTILE = "<script>alert('text')</script><img src=x onerror=\"alert('img')\">"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    return database_url(tmp_path_factory, "desk")


@pytest.fixture(scope="module")
def server(database: str) -> Iterator[str]:
    url = database
    with open_store(url) as store:  # zones only: the server seeds no demo reports then
        store.init()
        store.add_zones(demo_zones())
    with live_server(url, extra_env={"GEOMAP_API_TOKENS": f"alice:{TOKEN}"}) as base:
        yield base


def _api(base: str, path: str, body: Any = None, method: str = "GET") -> Any:
    request = urllib.request.Request(
        base + path, method=method, data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def _raw(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        data: bytes = response.read()
        return data


def _sign_in(page: Any, base: str) -> None:
    page.goto(f"{base}/desk")
    page.fill("input[name=token]", TOKEN)
    page.click("button[type=submit]")
    page.wait_for_selector(".desk-who")


def _card(page: Any, text: str) -> Any:
    shown = page.locator("h2, .desk-facts, .desk-quote-line", has_text=text)
    card = page.locator("article.desk-event").filter(has=shown)
    assert card.count() == 1, text
    return card


def _message(page: Any) -> str:
    page.wait_for_selector(".desk-msg")
    return " ".join(page.locator(".desk-msg").all_inner_texts())


def test_review_publish_and_a_pinned_embed(server: str, watch: Any, browser: Any) -> None:
    w = watch(server)
    page = w.page
    _sign_in(page, server)
    page.click("text=Add a report")
    page.fill("textarea[name=text]", SEED_FR.read_text(encoding="utf-8"))
    page.fill("input[name=published]", "2016-12-11")
    page.fill("input[name=source_name]", "AFP")
    page.click("text=Extract the events")
    wait_until(page, "window.geomapReady === true", timeout=30_000)
    report_id = page.url.rsplit("/", 1)[1]
    assert page.locator("mark.desk-place").count() > 10
    assert page.locator("mark.desk-trigger").count() > 5
    title = page.locator("mark.desk-place", has_text="Alep-Est").first.get_attribute("title")
    assert title is not None and "East Aleppo (district" in title
    basemap_drawn(page)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))

    # the air strikes heard from Alep-Ouest: placed in West Aleppo by searching its name
    card = _card(page, "Un correspondant de l'AFP")
    card.locator("summary").click()
    card.locator(".desk-place-q").fill("Alep-Ouest")
    option = card.locator(".desk-place-option").first
    option.wait_for()
    assert "West Aleppo" in option.inner_text()
    option.click()
    card.locator("button[value=verify]").click()
    assert "verified; changed place" in _message(page)
    _card(page, "Displacement").locator("button[value=verify]").click()
    assert "verified" in _message(page)
    _card(page, "2005-05-01").locator("button[value=reject]").click()  # history, not news
    assert "rejected" in _message(page)

    verified = _api(server, f"/api/events?report={report_id}&status=verified")["features"]
    assert len(verified) == 2
    assert {f["properties"]["location"] for f in verified} == {"West Aleppo", "East Aleppo"}
    ids = sorted(f["id"] for f in verified)
    audit = _api(server, f"/api/events/{ids[0]}/audit")["entries"]
    assert audit and {a["who"] for a in audit} == {"alice"}

    page.click("text=Publish a map of this report's verified events")
    wait_until(page, "window.geomapReady === true", timeout=30_000)
    page.fill("input[name=title]", "Aleppo, 11 December 2016")
    page.click("button[value=publish]")
    assert "Published" in _message(page)
    slug = page.url.rsplit("/", 1)[1]
    snippet = page.locator("#desk-snippet").input_value()
    assert f"/embed/{slug}" in snippet and "geomap-height" in snippet
    assert w.errors == [] and w.dialogs == []

    # a fresh browser context: no session, no cookie
    fresh = browser.new_context(viewport={"width": 1000, "height": 700})
    try:
        reader = PageWatch(fresh.new_page(), server)
        embed = reader.page
        embed.goto(f"{server}/embed/{slug}")
        wait_until(embed, "window.geomapReady === true", timeout=30_000)
        assert sorted(embed.evaluate("window.geomapLayer.rows.map(r => r[0])")) == ids
        assert embed.locator("h1.geomap-title").inner_text() == "Aleppo, 11 December 2016"
        pinned = _raw(f"{server}/embed/{slug}/events.json")

        # later: another report, and a correction of a published event
        _api(server, "/api/reports", {"text": SEED_EN.read_text(encoding="utf-8"),
                                      "published": "2016-12-11", "lang": "en"}, "POST")
        _api(server, f"/api/events/{ids[0]}", {"status": "rejected"}, "PATCH")
        assert _raw(f"{server}/embed/{slug}/events.json") == pinned
        embed.reload()
        wait_until(embed, "window.geomapReady === true", timeout=30_000)
        assert sorted(embed.evaluate("window.geomapLayer.rows.map(r => r[0])")) == ids
        assert reader.errors == [] and reader.dialogs == []
        assert reader.outside == []  # geomap's own basemap: nothing outside
    finally:
        fresh.close()


def test_a_hostile_report_runs_nothing(server: str, database: str, watch: Any) -> None:
    report = {"text": f"Des frappes aériennes ont touché Alep-Est dimanche. {HOSTILE}",
              "published": "2016-12-11", "title": HOSTILE, "source_name": HOSTILE}
    with pytest.raises(urllib.error.HTTPError) as refused:  # the store takes http(s) only
        _api(server, "/api/reports", {**report, "url": "javascript:alert('url')"}, "POST")
    assert refused.value.code == 400
    added = _api(server, "/api/reports", {**report, "url": "https://x.example/"}, "POST")
    # a link written before the store refused such links must stay harmless
    with open_store(database) as store, store.engine.begin() as conn:
        reports = store.tables.reports
        conn.execute(update(reports).where(reports.c.id == added["report_id"])
                     .values(url="javascript:alert('url')"))
    w = watch(server)
    page = w.page
    _sign_in(page, server)
    page.goto(f"{server}/desk/reports/{added['report_id']}")
    wait_until(page, "window.geomapReady === true", timeout=30_000)
    assert "<script>" in page.locator(".desk-text").inner_text()  # shown as text
    assert page.locator(".desk-text script, .desk-text img, h1 script").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    page.goto(f"{server}/desk?show=all")
    assert page.locator(".desk-report script, .desk-report img").count() == 0
    w.assert_quiet()


def test_a_place_picked_on_the_map(server: str, watch: Any) -> None:
    added = _api(server, "/api/reports", {
        "text": "Des obus sont tombés dimanche sur Alep-Est, selon l'OSDH.",
        "published": "2016-12-11", "lang": "fr"}, "POST")
    w = watch(server)
    page = w.page
    _sign_in(page, server)
    page.goto(f"{server}/desk/reports/{added['report_id']}")
    wait_until(page, "window.geomapReady === true", timeout=30_000)
    card = page.locator("article.desk-event").first
    card.locator("summary").click()
    card.locator(".desk-pick-map").click()
    assert page.locator("#desk-pick-note").is_visible()
    page.evaluate("window.geomapLayer.map.setView([36.205, 37.10], 15, {animate: false})")
    box = page.locator(".desk-map .folium-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.7)
    wait_until(page, "document.querySelector('.desk-place-chosen').textContent"
                     ".includes('West Aleppo')")
    assert card.locator("input[name=place]").input_value() == "geomap:alep-ouest"
    card.locator("button[value=save]").click()
    assert "changed place" in _message(page)
    assert w.errors == [] and w.dialogs == []
