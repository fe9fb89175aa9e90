"""One selection of events for every caller: filters as people write them, defaults that
leave rejected events out, places by the one place rule (the users' places too), actors by
any of their names, the as-of day of a map, zones."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gazetteer import Gazetteer, Place
from gazetteer.place import Name
from geomap.errors import InvalidQuery, UnknownPlace
from geomap.models import ControlZone, Event, Report
from geomap.query import (
    DEFAULTS,
    as_of_day,
    cluster_levels,
    select_clusters,
    select_events,
    select_extent,
    select_points,
    select_zones,
)
from geomap.store import Store, open_store
from geomap.store.tiles import tile_of

ALEP_EST = ("geomap:alep-est", 36.20329, 37.18481)
ALEP_OUEST = ("geomap:alep-ouest", 36.20549, 37.11722)
PALMYRA = ("geonames:163808", 34.5624, 38.28402)
CITADEL = Place(id="user:citadel", name="Citadel of Aleppo", kind="site", lat=36.1993,
                lon=37.1628, country_code="SY", source="desk",
                names=(Name("Citadelle d'Alep", "fr"),))


def _event(eid: str, where: tuple[str, float, float], day: int, **kw: Any) -> Event:
    place_id, lat, lon = where
    base: dict[str, Any] = {
        "event_date": date(2016, 12, day), "event_type": "Battles",
        "sub_event_type": "Armed clash", "place_id": place_id, "lat": lat, "lon": lon,
        "actor1": "Syrian government forces", "actor2": "Syrian rebels", "id": eid}
    return Event(**(base | kw))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'q.db'}") as store:
        store.init()
        store.add_place(CITADEL)
        store.add_report(Report(text="r", published=date(2016, 12, 11), id="rep"), [
            _event("east", ALEP_EST, 1, status="verified"),
            _event("west", ALEP_OUEST, 2, actor2="Islamic State"),
            _event("palmyra", PALMYRA, 3, actor1="Islamic State", actor2=None),
            _event("gone", ALEP_EST, 4, status="rejected"),
            _event("citadel", ("user:citadel", 36.1993, 37.1628), 5, actor1="islamic state"),
            _event("tally", PALMYRA, 1, date_end=date(2016, 12, 20), tally=True,
                   fatalities=40),
            _event("history", PALMYRA, 1, event_date=date(2015, 5, 1), time_precision=3,
                   actor1="Islamic State", actor2=None, background=True, confidence=0.3,
                   sub_event_type="Non-state actor overtakes territory",
                   event_type="Battles"),
        ])
        store.add_zones([ControlZone("rebels", {"type": "Polygon", "coordinates": [[
            [37.1, 36.1], [37.3, 36.1], [37.3, 36.3], [37.1, 36.3], [37.1, 36.1]]]},
            date(2016, 1, 1), date(2016, 12, 13), id="reb")])
        yield store


def _ids(store: Store, gz: Gazetteer | None, **filters: str) -> set[str]:
    return {e.id for e in select_events(store, gz, filters).events if e.id}


def test_rejected_events_are_out_unless_asked(store: Store) -> None:
    assert DEFAULTS["status"] == ("extracted", "verified")
    assert "gone" not in _ids(store, None)
    assert _ids(store, None, status="rejected") == {"gone"}
    assert "gone" in _ids(store, None, status="extracted,verified,rejected")
    assert "gone" not in {p.id for p in select_points(store, None, {})}


def test_background_is_out_unless_asked(store: Store, gz: Gazetteer) -> None:
    """History a report tells as context (IS first took Palmyra in May 2015) is no new
    event: off every list, map and count unless background= asks for it."""
    assert DEFAULTS["background"] is False
    assert "history" not in _ids(store, gz)
    assert "history" not in _ids(store, gz, place="Palmyre")
    assert "history" not in {p.id for p in select_points(store, gz, {})}
    assert _ids(store, gz, background="true") == {"history"}
    assert "history" in _ids(store, gz, background="any")
    assert as_of_day(store, gz, {"place": "Palmyre"}) == date(2016, 12, 20)
    with pytest.raises(InvalidQuery, match="background must be"):
        select_events(store, gz, {"background": "maybe"})


@pytest.mark.parametrize("name", ["ISIS", "EI", "Daech", "islamic state", "ÉTAT ISLAMIQUE",
                                  "  Etat   islamique "])
def test_actors_by_any_of_their_names(store: Store, name: str) -> None:
    found = select_events(store, None, {"actor": name})
    assert {e.id for e in found.events} == {"west", "palmyra", "citadel"}
    assert found.resolved.actors == {name.strip(): ("Islamic State", "islamic state")}
    assert found.resolved.to_dict()["actors"] == {
        name.strip(): ["Islamic State", "islamic state"]}


def test_actors_outside_the_lexicon_match_whatever_their_case(store: Store) -> None:
    store.add_report(Report(text="s", published=date(2016, 12, 11)), [
        _event("hez", PALMYRA, 6, actor1="Hezbollah", actor2=None)])
    found = select_events(store, None, {"actor": "HEZBOLLAH, Nobody Known"})
    assert [e.id for e in found.events] == ["hez"]
    assert found.resolved.actors == {"HEZBOLLAH": ("Hezbollah",), "Nobody Known": ()}
    assert select_events(store, None, {"actor": "Nobody Known"}).events == []


@pytest.mark.parametrize("name", ["Alep", "Aleppo", "حلب", "geonames:170063"])
def test_a_place_in_any_language_takes_in_its_districts(store: Store, gz: Gazetteer,
                                                        name: str) -> None:
    found = select_events(store, gz, {"place": name})
    assert {e.id for e in found.events} >= {"east", "west"}
    assert found.resolved.place is not None and found.resolved.place.id == "geonames:170063"


def test_a_place_with_an_outline_takes_in_what_lies_inside(store: Store, gz: Gazetteer) -> None:
    assert _ids(store, gz, place="Alep-Est") == {"east", "citadel"}  # the citadel is in it


@pytest.mark.parametrize("name", ["user:citadel", "Citadel of Aleppo", "citadelle d'alep"])
def test_a_users_place_resolves_everywhere_alike(store: Store, gz: Gazetteer,
                                                 name: str) -> None:
    assert _ids(store, gz, place=name) == {"citadel"}
    assert [p.id for p in select_points(store, gz, {"place": name})] == ["citadel"]
    assert as_of_day(store, gz, {"place": name}) == date(2016, 12, 5)


def test_an_unknown_place_is_refused_with_suggestions(store: Store, gz: Gazetteer) -> None:
    with pytest.raises(UnknownPlace) as error:
        select_events(store, gz, {"place": "Atlantide"})
    assert str(error.value).startswith("no place matches 'Atlantide'; did you mean ")
    assert "geonames:3370352" in [p.id for p in error.value.suggestions]  # Atlantis, ZA
    with pytest.raises(UnknownPlace, match="no place matches 'Xanadu'$"):
        select_points(store, gz, {"place": "Xanadu"})
    with pytest.raises(UnknownPlace):
        as_of_day(store, gz, {"place": "Xanadu"})


def test_paging_and_the_whole_query(store: Store, gz: Gazetteer) -> None:
    found = select_events(store, gz, {"bbox": "36,34,39,37", "datetime": "2016-12-02/..",
                                      "type": "Battles", "status": "extracted",
                                      "limit": "1", "offset": "1"},
                          default_limit=20, max_limit=100)
    assert (found.matched, found.offset, found.limit) == (4, 1, 1)  # tally, west, palmyra…
    assert [e.id for e in found.events] == ["west"]
    assert select_events(store, gz, {}).limit is None
    assert select_events(store, gz, {}, default_limit=20).limit == 20
    assert _ids(store, gz, **{"from": "2016-12-02", "to": "2016-12-03"}) == {
        "west", "palmyra", "tally"}


@pytest.mark.parametrize("filters", [
    {"datetime": "2016-12-01", "from": "2016-12-01"}, {"status": "deleted"},
    {"from": "2016-12-05", "to": "2016-12-01"}, {"bbox-crs": "CRS84"}, {"actor": "a\x00b"},
    {"limit": "101"}, {"place": ""}, {"place": "x" * 3000},
])
def test_bad_filters_are_refused(store: Store, gz: Gazetteer, filters: dict[str, str]) -> None:
    with pytest.raises(InvalidQuery):
        select_events(store, gz, filters, default_limit=10, max_limit=100)


def test_place_needs_a_gazetteer(store: Store) -> None:
    with pytest.raises(InvalidQuery, match="place is not a filter here"):
        select_events(store, None, {"place": "Alep"})


def test_the_as_of_day_of_a_map(store: Store, gz: Gazetteer) -> None:
    assert as_of_day(store, gz, {}, at=date(2016, 6, 1)) == date(2016, 6, 1)
    assert as_of_day(store, gz, {"to": "2016-12-03"}) == date(2016, 12, 3)
    # the last day of the events shown, a tally's end included; rejected events left out
    assert as_of_day(store, gz, {}) == date(2016, 12, 20)
    assert as_of_day(store, gz, {"place": "Alep-Ouest"}) == date(2016, 12, 2)
    assert as_of_day(store, gz, {"type": "Riots"}) == date.today()


def _clusters(store: Store, gz: Gazetteer | None, zoom: int, filters: dict[str, str]
              ) -> list[Any]:
    """Every cluster a map at ``zoom`` draws, over the data tiles holding events."""
    level, _ = cluster_levels(zoom)
    every = select_points(store, gz, {"status": "extracted,verified,rejected"})
    tiles = {tile_of(p.lon, p.lat, level) for p in every}
    return [c for t in sorted(tiles)
            for c in select_clusters(store, gz, filters, zoom=zoom, x=t.x, y=t.y)]


@pytest.mark.parametrize("filters", [
    {}, {"actor": "Daech"}, {"place": "Alep"}, {"place": "Alep-Est"}, {"type": "Battles"},
    {"from": "2016-12-02", "to": "2016-12-04"}, {"status": "rejected"},
    {"bbox": "37.0,36.0,37.17,36.3", "limit": "1", "offset": "3"},
])
@pytest.mark.parametrize("zoom", [0, 6, 12, 18])
def test_a_cluster_counts_the_events_it_covers(store: Store, gz: Gazetteer,
                                               filters: dict[str, str], zoom: int) -> None:
    clusters = _clusters(store, gz, zoom, filters)  # paging is no part of a map
    whole = {k: v for k, v in filters.items() if k not in ("limit", "offset")}
    everything = select_events(store, gz, whole)
    located = {e.id for e in everything.events if e.lat is not None}
    assert sum(c.size for c in clusters) == len(located)
    covered: set[str] = set()
    for c in clusters:
        inside = [p for p in select_points(store, gz, whole, tile=c.cell)
                  if p.tally == c.tally]
        assert len(inside) == c.size
        assert c.point is None or [c.point] == inside
        covered |= {p.id for p in inside}
    assert covered == located


def test_clusters_of_a_map_at_a_zoom(store: Store) -> None:
    assert cluster_levels(0) == (0, 2) and cluster_levels(7) == (5, 9)
    with pytest.raises(InvalidQuery):
        cluster_levels(23)
    with pytest.raises(InvalidQuery):  # data tiles of zoom 5 have x < 32
        select_clusters(store, None, {}, zoom=7, x=32, y=0)
    whole = select_clusters(store, None, {}, zoom=0, x=0, y=0)
    # Aleppo's three events and Palmyra's one share a cell of zoom 2; the tally apart
    assert sorted((c.size, c.tally) for c in whole) == [(1, True), (4, False)]


def test_the_extent_of_a_selection(store: Store, gz: Gazetteer) -> None:
    extent = select_extent(store, gz, {"place": "Alep-Est", "limit": "1"})
    assert extent is not None
    assert (extent.first, extent.last) == (date(2016, 12, 1), date(2016, 12, 5))
    assert extent.bbox == (37.1628, 36.1993, ALEP_EST[2], ALEP_EST[1])
    assert as_of_day(store, gz, {}, extent=extent) == date(2016, 12, 5)
    assert select_extent(store, gz, {"type": "Riots"}) is None


def test_zones_by_day_period_box_and_faction(store: Store) -> None:
    assert [z.id for z in select_zones(store, {"at": "2016-12-11"})] == ["reb"]
    assert select_zones(store, {"at": "2016-12-13"}) == []
    assert [z.id for z in select_zones(store, {"datetime": "2016-12-12/.."})] == ["reb"]
    assert select_zones(store, {"from": "2016-12-13", "to": "2016-12-20"}) == []
    assert select_zones(store, {"faction": "government, kurdish"}) == []
    assert select_zones(store, {"bbox": "0,0,1,1"}) == []
    with pytest.raises(InvalidQuery, match="at"):
        select_zones(store, {"at": "tomorrow"})


def test_events_are_located_by_the_names_readers_know(store: Store, gz: Gazetteer) -> None:
    """GeoNames calls Palmyra "Tadmur": every selection says Palmyra (Palmyre in French
    through Place.display_name), and keeps a location someone wrote."""
    store.add_report(Report(text="s", published=date(2016, 12, 11), id="named"), [
        _event("tadmur", PALMYRA, 6, location="Tadmur"),
        _event("outskirts", PALMYRA, 20, location="outskirts of Palmyra",
               event_type="Explosions/Remote violence", sub_event_type="Air/drone strike"),
        _event("unnamed", ALEP_EST, 8, location=None)])
    found = {e.id: e.location for e in select_events(store, gz, {"report": "named"}).events}
    assert found == {"tadmur": "Palmyra", "outskirts": "outskirts of Palmyra",
                     "unnamed": "East Aleppo"}
    raw = {e.id: e.location for e in select_events(store, None, {"report": "named"}).events}
    assert raw["tadmur"] == "Tadmur"  # without a gazetteer, as stored
