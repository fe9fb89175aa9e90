"""The demo as a reader meets it: the seed's history ("L'EI avait pris en mai 2005 le
contrôle de Palmyre") is no event on the map, in the counts or in the alt text."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient

from geomap.demo import seed_demo
from geomap.store import EventQuery, open_store
from web import create_app


def _client(tmp_path: Path) -> FlaskClient:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    with open_store(url) as store:
        seed_demo(store)
        stored, _ = store.query_events(EventQuery(background=True))
    assert stored, "the seed tells history; extraction should keep it as background"
    return create_app({"TESTING": True, "DATABASE_URL": url}).test_client()


def test_history_is_off_the_demo_maps_and_api(tmp_path: Path) -> None:
    client = _client(tmp_path)
    events = client.get("/api/events?limit=1000").get_json(force=True)["features"]
    assert events and all(f["properties"]["event_date"] >= "2016" for f in events)
    assert all(not f["properties"]["background"] for f in events)
    history = client.get("/api/events?background=true").get_json(force=True)["features"]
    assert history and all(f["properties"]["event_date"] < "2016-12" for f in history)
    embed = client.get("/embed").get_data(as_text=True)
    alt = embed.split('aria-label="', 1)[1].split('"', 1)[0]
    summary = embed.split("<figcaption", 1)[1].split("</figcaption>", 1)[0]
    for text in (alt, summary):
        assert "2016" in text and "2005" not in text and "2015" not in text, text
