"""Recording reports and reviewing events: control of the place, and verified territorial
changes redrawing the zones."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from gazetteer import Gazetteer
from geomap.models import Event, Report
from geomap.pipeline import record_report, review_event
from geomap.store import Store, open_store
from geomap.zones import demo_zones, zone_of

SUKKARI = "geomap:aleppo-as-sukkari"


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = open_store(f"sqlite:///{tmp_path / 'p.db'}")
    s.init()
    s.add_zones(demo_zones())
    return s


def _event(place: str, gz: Gazetteer, day: date, sub: str = "Air/drone strike",
           main: str = "Explosions/Remote violence", **kw: object) -> Event:
    p = gz.get(place)
    assert p is not None
    return Event(event_date=day, event_type=main, sub_event_type=sub, place_id=place,
                 location=p.name, lat=p.lat, lon=p.lon, **kw)  # type: ignore[arg-type]


def test_recorded_events_know_who_held_their_place(store: Store, gz: Gazetteer) -> None:
    east = _event("geomap:alep-est", gz, date(2016, 11, 20))
    west = _event("geomap:alep-ouest", gz, date(2016, 11, 20))
    nowhere = _event("geonames:2988507", gz, date(2016, 11, 20))  # Paris: no zone
    result = record_report(store, Report(text="x", published=date(2016, 11, 21)),
                           [east, west, nowhere])
    got = [store.get_event(i).controlled_by for i in result.event_ids]
    assert got == ["rebels", "government", None]


def test_verifying_a_territorial_change_redraws_the_zones(store: Store, gz: Gazetteer) -> None:
    place = gz.get(SUKKARI)
    assert place is not None and place.geometry is not None
    day = date(2016, 12, 12)
    retaken = _event(SUKKARI, gz, day, "Government regains territory", "Battles",
                     actor1="Syrian government forces")
    (event_id,) = record_report(store, Report(text="y", published=day), [retaken]).event_ids
    after = date(2016, 12, 13)
    assert zone_of(store.query_zones(), place.lat, place.lon, after) == "rebels"

    def polygon(pid: str) -> dict | None:  # type: ignore[type-arg]
        found = gz.get(pid)
        return found.geometry if found else None

    review_event(store, event_id, {"notes": "checked"}, who="desk", polygon_of=polygon)
    assert zone_of(store.query_zones(), place.lat, place.lon, after) == "rebels"  # unverified
    review_event(store, event_id, {"status": "verified"}, who="desk", polygon_of=polygon)
    zones = store.query_zones()
    assert zone_of(zones, place.lat, place.lon, after) == "government"
    assert zone_of(zones, place.lat, place.lon, date(2016, 12, 11)) == "rebels"  # not before
    assert {e.field for e in store.audit_trail(event_id)} >= {"notes", "status"}


def test_moving_an_event_looks_control_up_again(store: Store, gz: Gazetteer) -> None:
    ev = _event("geomap:alep-est", gz, date(2016, 11, 20))
    (event_id,) = record_report(store, Report(text="z", published=date(2016, 11, 21)),
                                [ev]).event_ids
    west = gz.get("geomap:alep-ouest")
    assert west is not None
    moved = review_event(store, event_id, {"place_id": west.id, "lat": west.lat,
                                           "lon": west.lon, "location": west.name},
                         who="desk", polygon_of=lambda _: None)
    assert moved.controlled_by == "government"
