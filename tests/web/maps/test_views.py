"""The maps' pages: names readers know in popups, a report without a title called by its
first sentence, the embed's alt text counting what the map draws, and the embed page
staying small (its basemap comes by URL, in tiles)."""

from __future__ import annotations

import json
import re

from flask import Flask
from flask.testing import FlaskClient

from ..desk_helpers import sign_in


def test_a_popup_names_the_place_as_readers_know_it(client: FlaskClient) -> None:
    # ev002 is stored at GeoNames' "Tadmur"
    props = client.get("/maps/events/ev002.json").get_json()["properties"]
    assert props["location"] == "Palmyra"
    assert props["report"]["title"] == "Test report one."  # no title: its first sentence


def test_the_desk_calls_an_untitled_report_by_its_first_sentence(client: FlaskClient) -> None:
    sign_in(client)
    page = client.get("/desk/reports/rep1").get_data(as_text=True)
    assert '<h1 id="report-title">Test report one.</h1>' in page
    assert "Untitled" not in page
    queue = client.get("/desk?show=all").get_data(as_text=True)
    assert ">Test report one.</a></h2>" in queue


def test_the_embed_page_stays_small(client: FlaskClient) -> None:
    html = client.get("/embed?title=Aleppo").get_data()
    assert len(html) < 300_000
    assert b"/maps/basemap/{z}/{x}/{y}.json" in html and b"world-atlas" not in html


def test_geomaps_own_basemap_unless_a_tile_server_is_set(app: Flask, client: FlaskClient
                                                         ) -> None:
    own = client.get("/embed").get_data(as_text=True)
    assert "L.geomapBasemap(" in own and "L.tileLayer(" not in own
    assert "tile.openstreetmap.org" not in own
    app.config.update(TILE_URL="https://tiles.example/{z}/{x}/{y}.png",
                      TILE_ATTRIBUTION="© Example")
    outside = client.get("/embed").get_data(as_text=True)
    assert "https://tiles.example/{z}/{x}/{y}.png" in outside and "Example |" in outside
    assert "L.geomapBasemap(" not in outside


def _fitted_bounds(html: str) -> list[list[float]]:
    match = re.search(r"fitBounds\(\s*(\[\[.*?\]\])", html, re.S)
    assert match, "the map is not fitted"
    return json.loads(match.group(1))


def test_a_story_without_a_view_opens_on_its_events(client: FlaskClient) -> None:
    token = sign_in(client)
    response = client.post("/desk/publish", data={
        "csrf_token": token, "action": "publish", "title": "Idlib and Palmyra",
        "slug": "idlib-palmyra", "to": "2016-12-31", "status": "extracted,verified",
        "layers": ["events", "tallies"]})
    assert response.status_code == 303, response.get_data(as_text=True)
    html = client.get("/embed/idlib-palmyra").get_data(as_text=True)
    assert '"fit":true' in html
    (south, west), (north, east) = _fitted_bounds(html)
    rows = client.get("/embed/idlib-palmyra/events.json").get_json()["rows"]
    assert rows and all(south <= r[2] <= north and west <= r[1] <= east for r in rows)
    assert east - west < 40  # Syria to Paris, not the world
