"""Legends list what the map shows: the factions of the zones it draws and the kinds of its
events, in the embed and in a story (a Ukraine story lists no Syrian faction), and the
zones a map of events draws are those around them."""

from __future__ import annotations

import re
from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from geomap.models import Event, Report
from geomap.store import open_store

from ..desk_helpers import sign_in

_ITEM = re.compile(r'<li data-(faction|glyph)="([^"]+)"( hidden)?>')


def _shown(html: str) -> dict[str, set[str]]:
    """The legend's entries shown (not hidden), by kind."""
    out: dict[str, set[str]] = {"faction": set(), "glyph": set()}
    for kind, name, hidden in _ITEM.findall(html):
        if not hidden:
            out[kind].add(name)
    return out


def test_the_embed_lists_its_kinds_of_event(client: FlaskClient) -> None:
    everything = _shown(client.get("/embed").get_data(as_text=True))
    assert {"clash", "strike", "shelling", "displacement"} <= everything["glyph"]
    assert "protest" not in everything["glyph"] and "tally" not in everything["glyph"]
    # on the 11th, before the rebels' zone closed
    clashes = _shown(client.get("/embed?type=Armed%20clash&to=2016-12-11")
                     .get_data(as_text=True))
    assert clashes["glyph"] == {"clash"}
    assert clashes["faction"] == {"Syrian government forces", "Syrian rebels"}


def _ukraine(app: Flask) -> None:
    """A report of shelling in Kharkiv (the Syrian zones of the test store are still open
    in 2022)."""
    with open_store(app.config["DATABASE_URL"]) as store:
        store.add_report(Report(text="Shelling hit Kharkiv.", published=date(2022, 3, 1),
                                id="ua1"), [
            Event(event_date=date(2022, 3, 1), event_type="Explosions/Remote violence",
                  sub_event_type="Shelling/artillery/missile attack", place_id="geonames:706483",
                  location="Kharkiv", lat=49.98081, lon=36.25272, status="verified",
                  id="ua-ev1")])


def test_a_ukraine_story_lists_no_syrian_faction(app: Flask, client: FlaskClient) -> None:
    _ukraine(app)
    token = sign_in(client)
    response = client.post("/desk/publish", data={
        "csrf_token": token, "action": "publish", "title": "Kharkiv", "slug": "kharkiv",
        "report": "ua1", "layers": ["zones", "events", "tallies"]})
    assert response.status_code == 303, response.get_data(as_text=True)
    for path in ("/embed/kharkiv", "/maps/kharkiv"):
        html = client.get(path).get_data(as_text=True)
        shown = _shown(html)
        assert shown == {"faction": set(), "glyph": {"shelling"}}, path
        assert '<section data-legend="factions" hidden>' in html
    rows = client.get("/embed/kharkiv.geojson").get_json()["features"]
    assert [f["id"] for f in rows] == ["ua-ev1"]  # no zone of Syria with it


def test_an_embed_of_ukraine_draws_no_syrian_zone(app: Flask, client: FlaskClient) -> None:
    _ukraine(app)
    html = client.get("/embed?from=2022-01-01").get_data(as_text=True)
    assert _shown(html)["faction"] == set()
    assert "Syrian rebels" not in html.split("<aside")[0]  # not among the page's zones
    assert "Map of 1 reported events" in html and "areas of control" not in html


def test_a_syrian_story_lists_its_factions_and_tolls(app: Flask, client: FlaskClient) -> None:
    with open_store(app.config["DATABASE_URL"]) as store:
        store.add_report(Report(text="A toll in Aleppo.", published=date(2016, 12, 11),
                                id="toll"), [
            Event(event_date=date(2016, 11, 15), date_end=date(2016, 12, 11),
                  event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                  place_id="geomap:alep-est", location="East Aleppo", lat=36.2, lon=37.18,
                  fatalities=413, tally=True, status="verified", id="toll-1")])
    token = sign_in(client)
    client.post("/desk/publish", data={
        "csrf_token": token, "action": "publish", "title": "Aleppo", "slug": "aleppo",
        "report": "toll", "at": "2016-12-11", "layers": ["zones", "events", "tallies"]})
    shown = _shown(client.get("/embed/aleppo").get_data(as_text=True))
    # the toll's square bears its kind's glyph: both keys
    assert shown == {"faction": {"Syrian government forces", "Syrian rebels"},
                     "glyph": {"strike", "tally"}}
