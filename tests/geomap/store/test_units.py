"""The store's pure parts: query validation, merging, record checks, the schema's columns."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.models import SUB_EVENT_TYPES, Event, Report
from geomap.store import EventQuery, InvalidData, InvalidQuery
from geomap.store.geometry import parse_polygon, split_bbox
from geomap.store.merge import MergeIndex, merge_events, same_event
from geomap.store.schema import EVENT_COLUMNS
from geomap.store.tiles import (
    MAX_LAT,
    Tile,
    cell_key,
    cell_tile,
    check_tile,
    tile_bounds,
    tile_of,
    tile_range,
)
from geomap.store.validate import check_changes, check_event, check_report

from .contract import ev, square
from .strategies import bboxes, events


def test_event_columns_are_the_event_fields() -> None:
    assert list(EVENT_COLUMNS) == [f.name for f in dataclasses.fields(Event)]


@pytest.mark.parametrize("kw", [
    {"bbox": (1, 2, 3)}, {"bbox": (0, 10, 1, 5)}, {"bbox": (0, 0, 200, 1)},
    {"bbox": (0, float("nan"), 1, 1)}, {"bbox": "1,2,3,4"},
    {"start": date(2016, 12, 2), "end": date(2016, 12, 1)}, {"start": "last week"},
    {"event_types": ["Battle"]}, {"sub_event_types": ["Armed clashes"]}, {"status": "ok"},
    {"limit": -1}, {"offset": -5}, {"limit": 1.5}, {"limit": True}, {"actors": [1]},
    {"within": {"type": "Point", "coordinates": [1, 2]}},
    {"within": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}},
])
def test_bad_queries_are_refused(kw: dict[str, Any]) -> None:
    with pytest.raises(InvalidQuery):
        EventQuery(**kw)


def test_queries_take_plain_values() -> None:
    q = EventQuery(bbox=[37, 36, 38, 37], start="2016-12-01",  # type: ignore[arg-type]
                   end=datetime(2016, 12, 11, 8),
                   event_types="Battles", actors=["Rebels"], status=["verified"])
    assert q.bbox == (37.0, 36.0, 38.0, 37.0) and q.start == date(2016, 12, 1)
    assert q.end == date(2016, 12, 11) and q.event_types == ("Battles",)
    assert q.actors == ("Rebels",) and q.status == ("verified",)
    assert isinstance(EventQuery(bbox=(170, 0, -170, 1)).bbox, tuple)  # antimeridian


@given(bboxes())
def test_split_bbox_covers_the_same_longitudes(bbox: tuple[float, float, float, float]
                                               ) -> None:
    parts = split_bbox(bbox)
    assert all(p[0] <= p[2] for p in parts) and len(parts) == (1 if bbox[0] <= bbox[2] else 2)


def test_parse_polygon_explains_what_is_wrong() -> None:
    assert parse_polygon(square(37, 36, 1)).area == 1
    bowtie = [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]
    cases: list[tuple[dict[str, Any], str]] = [
        ({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, "not"),
        ({"type": "Polygon", "coordinates": []}, "empty"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1]]]}, "malformed"),
        (square(179.5, 0, 1), "outside"),
        ({"type": "Polygon", "coordinates": bowtie}, "make_valid"),
    ]
    for bad, why in cases:
        with pytest.raises(InvalidData, match=why):
            parse_polygon(bad)


def test_merge_follows_acled() -> None:
    a = ev(fatalities=10, counts={"displaced": 100}, lower_bounds=["displaced"], source="AFP",
           sources=["r1"], report_id="r1", id="e1")
    b = ev(fatalities=7, counts={"displaced": 100, "tanks": 3}, source="AFP")
    assert same_event(a, b)
    merged = merge_events(a, b, "r2")
    assert merged.fatalities == 7 and merged.counts == {"displaced": 100, "tanks": 3}
    assert merged.lower_bounds == []  # equal figures: a bound only if both say "at least"
    assert merged.sources == ["r1", "r2"] and merged.source == "AFP"
    assert (merged.id, merged.report_id) == ("e1", "r1")
    assert merge_events(merged, b, "r2").sources == ["r1", "r2"]
    assert not same_event(ev(place_id=None), ev(place_id=None))


def test_merge_keeps_every_claim_and_news_wins_over_background() -> None:
    ministry = {"field": "fatalities", "value": 300, "lower_bound": True,
                "source": "Russian defence ministry"}
    monitor = {"field": "fatalities", "value": 50, "lower_bound": False, "source": "SOHR"}
    told_as_history = ev(fatalities=300, claims=[ministry], background=True, id="e1",
                         report_id="r1", sources=["r1"])
    told_as_news = ev(fatalities=50, claims=[monitor, ministry])
    merged = merge_events(told_as_history, told_as_news, "r2")
    assert merged.claims == [ministry, monitor] and merged.fatalities == 50
    assert merged.background is False
    both_history = merge_events(told_as_history, ev(background=True), "r3")
    assert both_history.background is True and both_history.claims == [ministry]
    with pytest.raises(ValueError, match="claim"):
        ev(claims=[{"field": "fatalities", "value": -1, "lower_bound": False, "source": None}])
    with pytest.raises(ValueError, match="claim"):
        ev(claims=[{"value": 3}])


@given(events(), events())
def test_merge_keeps_the_lowest_figures(a: Event, b: Event) -> None:
    merged = merge_events(a, b, "r")
    given_ = [f for f in (a.fatalities, b.fatalities) if f is not None]
    assert merged.fatalities == (min(given_) if given_ else None)
    assert set(merged.counts) == set(a.counts) | set(b.counts)
    for key, value in merged.counts.items():
        assert value == min(c[key] for c in (a.counts, b.counts) if key in c)
    check_event(merged)


def test_check_event_and_changes() -> None:
    e = ev()
    e.tally = "yes"  # type: ignore[assignment]
    with pytest.raises(InvalidData, match="tally"):
        check_event(e)
    assert check_changes({"event_date": "2016-12-01"}) == {"event_date": date(2016, 12, 1)}
    for bad in ({"id": "x"}, {"fatalities": 1.5}, {"quote": None}, {"event_date": "soon"}):
        with pytest.raises(InvalidData):
            check_changes(bad)


_small = st.builds(
    lambda day, place, sub, actor, tally, end: ev(
        event_date=date(2016, 12, 1) + timedelta(days=day), place_id=place,
        event_type=SUB_EVENT_TYPES[sub], sub_event_type=sub, actor1=actor, tally=tally,
        date_end=date(2016, 12, 1) + timedelta(days=day + end) if tally else None),
    st.integers(0, 6), st.sampled_from(["p1", "p2", None]),
    st.sampled_from(["Air/drone strike", "Armed clash"]), st.sampled_from(["A", "B", None]),
    st.booleans(), st.integers(0, 2))


@given(st.lists(_small, max_size=40), _small)
def test_merge_index_finds_what_a_full_scan_finds(stored: list[Event], new: Event) -> None:
    """The index that makes a big import linear answers as comparing every pair would: some
    duplicate when there is one (the nearest in date), none when there is none."""
    index = MergeIndex()
    for event in stored:
        index.add(event)
    found = index.find(new)
    matches = [e for e in stored if same_event(e, new)]
    if not matches:
        assert found is None
    else:
        assert found is not None and same_event(index[found], new)
        nearest = min(abs((e.event_date - new.event_date).days) for e in matches)
        assert abs((index[found].event_date - new.event_date).days) == nearest


@pytest.mark.parametrize(("changes", "said"), [
    ({"event_date": date(1, 1, 1)}, "event_date 0001-01-01 is outside 1900-2100"),
    ({"date_end": date(9999, 12, 31)}, "outside 1900-2100"),
    ({"fatalities": 2**63}, "fatalities = 9223372036854775808 is not of type"),
    ({"fatalities": 2**31}, "fatalities = 2147483648 is more than 2,147,483,647"),
    ({"counts": {"displaced": 10**25}}, "counts"),
    ({"actor1": "Forces \ud800"}, "unpaired surrogate"),
    ({"location": "x" * 1_000_000}, "location is 1,000,000 characters long"),
])
def test_every_record_meets_the_same_edges(changes: dict[str, Any], said: str) -> None:
    """What once answered 500 (a year 1 date, a 64-bit figure, a lone surrogate, a 1 MB
    field) is refused with a reason, whichever path it came by."""
    with pytest.raises(InvalidData, match=re.escape(said)):
        check_event(dataclasses.replace(ev(), **changes))


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>",
                                 "ftp://x.example/a", "//x.example"])
def test_report_links_are_web_links(url: str) -> None:
    with pytest.raises(InvalidData, match="url must be an http"):
        check_report(Report(text="Report.", url=url))
    assert check_report(Report(text="Report.", url="https://x.example/a?b=1")).url


def test_report_text_with_a_lone_surrogate_is_refused() -> None:
    with pytest.raises(InvalidData, match="unpaired surrogate"):
        check_report(Report(text="Shelling \udc00 in Aleppo"))


# -- Web Mercator tiles and cell keys ---------------------------------------------------------

@given(lon=st.floats(-180, 180), lat=st.floats(-90, 90), z=st.integers(0, 24))
def test_a_point_s_cell_key_lies_in_its_tile(lon: float, lat: float, z: int) -> None:
    key = cell_key(lon, lat)
    assert key is not None
    tile = tile_of(lon, lat, z)
    low, high = tile_range(tile)
    assert low <= key < high
    assert cell_tile(key, z) == tile
    west, south, east, north = tile_bounds(tile)
    clamped = max(-MAX_LAT, min(MAX_LAT, lat))
    assert west - 1e-9 <= lon <= east + 1e-9 or (lon == 180.0 and east == 180.0)
    assert south - 1e-9 <= clamped <= north + 1e-9


@given(z=st.integers(0, 10), data=st.data())
def test_the_tiles_of_a_zoom_split_their_parent(z: int, data: st.DataObject) -> None:
    x, y = data.draw(st.integers(0, 2**z - 1)), data.draw(st.integers(0, 2**z - 1))
    low, high = tile_range(Tile(z, x, y))
    children = sorted(tile_range(Tile(z + 1, 2 * x + dx, 2 * y + dy))
                      for dx in (0, 1) for dy in (0, 1))
    assert children[0][0] == low and children[-1][1] == high
    assert all(a[1] == b[0] for a, b in zip(children, children[1:], strict=False))


def test_tiles_are_numbered_as_leaflet_numbers_them() -> None:
    assert tile_of(-180.0, MAX_LAT, 1) == (1, 0, 0)  # the north-west corner
    assert tile_of(179.999, -MAX_LAT, 1) == (1, 1, 1)
    assert tile_of(37.16, 36.2, 7) == (7, 77, 50)
    assert tile_bounds(Tile(0, 0, 0)) == pytest.approx((-180.0, -MAX_LAT, 180.0, MAX_LAT))
    assert cell_key(None, 36.2) is None and cell_key(0.0, 0.0) == 3 << 46


@pytest.mark.parametrize("tile", [(25, 0, 0), (-1, 0, 0), (2, 4, 0), (2, 0, -1), (1.5, 0, 0),
                                  (True, 0, 0), (3, 1)])
def test_bad_tiles_are_refused(tile: Any) -> None:
    with pytest.raises(InvalidQuery):
        EventQuery(tile=tile)
    if len(tile) == 3:
        with pytest.raises(InvalidQuery):
            check_tile(*tile)
