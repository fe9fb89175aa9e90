"""Fixtures of the web tests: an app on a temporary SQLite store with known events and
zones, its test client, and bearer-token headers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from geomap.models import ControlZone, Event, Report
from geomap.store import Store, open_store
from web import create_app

TOKENS = "alice:alice-secret-token,bare-secret-token"
#: (place_id, location, lat, lon): East and West Aleppo, Palmyra, Idlib, and far away Paris.
PLACES = [
    ("geomap:alep-est", "East Aleppo", 36.20329, 37.18481),
    ("geomap:alep-ouest", "West Aleppo", 36.20549, 37.11722),
    ("geonames:163808", "Tadmur", 34.5624, 38.28402),
    ("geonames:169389", "Idlib", 35.93062, 36.63393),
    ("geonames:2988507", "Paris", 48.85341, 2.3488),
]
TYPES = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Strategic developments", "Displacement"),
]
ACTORS = ["Syrian government forces", "Syrian rebels", "Islamic State", None]
N_EVENTS = 40


def sample_events(n: int = N_EVENTS) -> list[Event]:
    """``n`` events spread over places, types, actors and the first days of December 2016;
    the last one has no coordinates."""
    events = []
    for i in range(n):
        place_id, location, lat, lon = PLACES[i % len(PLACES)]
        event_type, sub = TYPES[i % len(TYPES)]
        located = i != n - 1
        events.append(Event(
            event_date=date(2016, 12, 1) + timedelta(days=i % 30), event_type=event_type,
            sub_event_type=sub,
            actor1=ACTORS[i % len(ACTORS)], actor2=ACTORS[(i + 1) % len(ACTORS)],
            fatalities=i % 7 or None, counts={"displaced": 100 * i} if i % 4 == 3 else {},
            place_id=place_id if located else None, location=location,
            lat=lat + i * 1e-4 if located else None, lon=lon + i * 1e-4 if located else None,
            quote=f"Sentence {i} <b>with markup</b>.", status="verified" if i % 5 == 0
            else "extracted", id=f"ev{i:03d}"))
    return events


def clockwise_square(lon: float, lat: float, size: float) -> dict[str, Any]:
    """A square polygon wound clockwise (the writer must re-orient it)."""
    ring = [[lon, lat], [lon, lat + size], [lon + size, lat + size], [lon + size, lat],
            [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def sample_zones() -> list[ControlZone]:
    return [
        ControlZone("Syrian government forces", clockwise_square(37.10, 36.15, 0.05),
                    date(2016, 1, 1), None, "test", "west", "zone-gov"),
        ControlZone("Syrian rebels", clockwise_square(37.16, 36.15, 0.08), date(2016, 1, 1),
                    date(2016, 12, 13), "test", "east until the 13th", "zone-reb"),
    ]


def fill(store: Store) -> None:
    store.add_report(Report(text="Test report one.", published=date(2016, 12, 11),
                            id="rep1"), sample_events())
    store.add_zones(sample_zones())


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'geomap.db'}"


@pytest.fixture
def app(db_url: str) -> Iterator[Flask]:
    with open_store(db_url) as store:
        store.init()
        fill(store)
    app = create_app({"TESTING": True, "DATABASE_URL": db_url, "API_TOKENS": TOKENS})
    yield app
    opened = app.extensions.get("geomap.store")
    if opened is not None:
        opened.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class Auth:
    """Authorization headers for the test tokens."""

    alice = {"Authorization": "Bearer alice-secret-token"}
    bare = {"Authorization": "Bearer bare-secret-token"}
    wrong = {"Authorization": "Bearer not-a-token"}


@pytest.fixture
def auth() -> type[Auth]:
    return Auth


SEED_EN_TEXT = (Path(__file__).resolve().parents[2] / "seeds" / "reports"
                / "001_en_wire_aleppo_palmyra.txt").read_text(encoding="utf-8")
