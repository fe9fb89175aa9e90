"""Answers from the cache while the store is unchanged: a tag (ETag) that a client sends back
gets 304, a repeated request gets the kept body without the view running again, and any
write, through any process, makes every tag stale."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from geomap.models import Event, Report
from geomap.store import open_store
from geomap.store.sql import SQLStore
from web import create_app
from web.core.cache import ResponseCache, app_token

from ..conftest import TOKENS

READS = ["/", "/embed", "/embed.png", "/maps/events.json", "/maps/clusters/3/1/0.json",
         "/maps/zones.json?at=2016-12-11", "/maps/events/ev001.json", "/api/events",
         "/api/events/ev001", "/api/zones", "/ogc", "/ogc/collections/events/items",
         "/ogc/collections/events/items/ev001"]


def _quietly_move(app: Flask, event_id: str, lon: float) -> None:
    """Change an event behind the store's back: no write transaction, so no new count."""
    with open_store(app.config["DATABASE_URL"]) as store:
        assert isinstance(store, SQLStore)
        with store.engine.begin() as conn:
            events = store.tables.events
            conn.execute(update(events).where(events.c.id == event_id).values(lon=lon))


def _write(app: Flask) -> None:
    with open_store(app.config["DATABASE_URL"]) as store:
        store.add_report(Report(text="A later report.", published=date(2016, 12, 12)), [
            Event(event_date=date(2016, 12, 12), event_type="Battles",
                  sub_event_type="Armed clash", lat=36.2, lon=37.15, id="later")])


@pytest.mark.parametrize("url", READS)
def test_a_tag_sent_back_is_answered_304(client: FlaskClient, url: str) -> None:
    first = client.get(url)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "public, no-cache"
    tag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == tag


def test_a_write_makes_every_tag_stale(app: Flask, client: FlaskClient) -> None:
    tags = {url: client.get(url).headers["ETag"] for url in READS}
    _write(app)
    for url, tag in tags.items():
        fresh = client.get(url, headers={"If-None-Match": tag})
        assert fresh.status_code == 200, url
        assert fresh.headers["ETag"] != tag
    assert "later" in {r[0] for r in client.get("/maps/events.json").get_json()["rows"]}


def test_kept_bodies_are_served_until_a_write(app: Flask, client: FlaskClient) -> None:
    before = client.get("/maps/events.json").get_json()["rows"]
    _quietly_move(app, "ev001", 30.0)  # the store did not count this: the cache answers
    assert client.get("/maps/events.json").get_json()["rows"] == before
    _write(app)
    moved = {r[0]: r[1] for r in client.get("/maps/events.json").get_json()["rows"]}
    assert moved["ev001"] == 30.0


def test_a_write_through_one_worker_reaches_the_others(app: Flask, db_url: str) -> None:
    """Two apps on one database are two worker processes: each keeps its own bodies, and
    the count they both read makes a write through either one seen by both."""
    other = create_app({"TESTING": True, "DATABASE_URL": db_url, "API_TOKENS": TOKENS})
    one, two = app.test_client(), other.test_client()
    tag = one.get("/api/events?limit=1000").headers["ETag"]
    assert two.get("/api/events?limit=1000").headers["ETag"] == tag  # the same answer
    posted = two.post("/api/reports", headers={"Authorization": "Bearer alice-secret-token"},
                      json={"text": "Shelling hit East Aleppo on 12 December 2016.",
                            "published": "2016-12-12", "lang": "en"})
    assert posted.status_code == 201, posted.get_data(as_text=True)
    fresh = one.get("/api/events?limit=1000", headers={"If-None-Match": tag})
    assert fresh.status_code == 200 and fresh.headers["ETag"] != tag
    other.extensions["geomap.store"].close()


def test_tags_follow_what_is_asked(client: FlaskClient) -> None:
    json_tag = client.get("/ogc/collections").headers["ETag"]
    html = client.get("/ogc/collections", headers={"Accept": "text/html"})
    assert html.mimetype == "text/html" and html.headers["ETag"] != json_tag
    gzip = client.get("/maps/events.json", headers={"Accept-Encoding": "gzip"})
    plain = client.get("/maps/events.json")
    assert gzip.headers["ETag"] != plain.headers["ETag"]
    assert client.get("/api/events?limit=2").headers["ETag"] != client.get(
        "/api/events?limit=3").headers["ETag"]


def test_errors_and_health_are_never_kept(client: FlaskClient) -> None:
    assert "ETag" not in client.get("/api/events?bbox=1,2").headers
    assert "ETag" not in client.get("/healthz").headers
    assert "ETag" not in client.get("/maps/clusters/30/0/0.json").headers


def test_a_pinned_story_keeps_its_own_cache_rule(client: FlaskClient, app: Flask) -> None:
    from ..desk_helpers import sign_in

    token = sign_in(client)
    client.post("/desk/publish", data={"csrf_token": token, "action": "publish",
                                       "title": "Aleppo", "description": "",
                                       "slug": "aleppo", "to": "2016-12-31",
                                       "layers": ["zones", "events"]})
    pinned = client.get("/embed/aleppo.png?version=1")
    assert pinned.status_code == 200
    assert pinned.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    again = client.get("/embed/aleppo.png?version=1",
                       headers={"If-None-Match": pinned.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_the_cache_keeps_within_its_bytes() -> None:
    cache = ResponseCache(limit=100)
    for i in range(5):
        cache.put(f"k{i}", 200, [], b"x" * 40)
    assert cache.size <= 100 and cache.get("k0") is None and cache.get("k4") is not None
    cache.get("k3")  # used after k4: k4 is now the least recently used, and goes first
    cache.put("k5", 200, [], b"y" * 40)
    assert cache.get("k3") is not None and cache.get("k4") is None


def test_the_token_follows_the_code(tmp_path: pytest.TempPathFactory) -> None:
    root = tmp_path
    for folder in ("web", "geomap", "gazetteer", "seeds"):
        (root / folder).mkdir()  # type: ignore[operator]
    (root / "web" / "page.html").write_text("one")  # type: ignore[operator]
    first = app_token(root)  # type: ignore[arg-type]
    (root / "web" / "page.html").write_text("two!")  # type: ignore[operator]
    assert app_token(root) != first  # type: ignore[arg-type]


def test_a_kept_page_runs_its_scripts_under_a_nonce_of_its_own(client: FlaskClient) -> None:
    """A page given again from the cache names a new nonce in its policy, and its inline
    scripts carry that one (an old nonce would let nothing run, or be guessable)."""
    nonces = []
    for _ in range(2):
        response = client.get("/embed")
        found = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
        assert found is not None
        nonce = found.group(1)
        html = response.get_data(as_text=True)
        assert f'nonce="{nonce}"' in html
        nonces.append(nonce)
    assert nonces[0] != nonces[1] and nonces[0] not in html
