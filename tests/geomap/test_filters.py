"""Filters as people write them, without HTTP: each parser accepts what it should and
names what is wrong with the rest (``InvalidQuery``, which the web answers with 400), days
outside the calendar any record may carry included (they once answered 500: date
arithmetic overflows near year 1 and 9999)."""

from __future__ import annotations

from datetime import date

import pytest

from geomap.errors import InvalidQuery
from geomap.filters import (
    parse_bbox,
    parse_datetime,
    parse_day,
    parse_limit,
    parse_offset,
    parse_tile,
    parse_types,
)


def test_bbox_four_or_six_numbers() -> None:
    assert parse_bbox("36.5,35,38.5,37") == (36.5, 35.0, 38.5, 37.0)
    assert parse_bbox(" 36.5, 35, 0, 38.5, 37, 100") == (36.5, 35.0, 38.5, 37.0)
    assert parse_bbox("170,-10,-170,10") == (170.0, -10.0, -170.0, 10.0)  # antimeridian


@pytest.mark.parametrize(("value", "says"), [
    ("1,2,3", "four numbers"), ("1,2,3,4,5", "four numbers"), ("a,b,c,d", "four numbers"),
    ("0,0,10,91", "latitudes"), ("-181,0,10,10", "longitudes"), ("0,10,10,0", "above"),
    ("nan,0,1,1", "finite"), ("inf,0,1,1", "finite"), ("", "four numbers"),
])
def test_bad_bbox_says_why(value: str, says: str) -> None:
    with pytest.raises(InvalidQuery, match=says):
        parse_bbox(value)


def test_bbox_crs() -> None:
    assert parse_bbox("1,2,3,4", crs="http://www.opengis.net/def/crs/OGC/1.3/CRS84")
    with pytest.raises(InvalidQuery, match="bbox-crs"):
        parse_bbox("1,2,3,4", crs="http://www.opengis.net/def/crs/EPSG/0/3857")


@pytest.mark.parametrize(("value", "expected"), [
    ("2016-12-11", (date(2016, 12, 11), date(2016, 12, 11))),
    ("2016-12-11T08:30:00Z", (date(2016, 12, 11), date(2016, 12, 11))),
    ("2016-12-11T23:30:00.5+02:00", (date(2016, 12, 11), date(2016, 12, 11))),
    ("2016-12-01/2016-12-11", (date(2016, 12, 1), date(2016, 12, 11))),
    ("2016-12-01/..", (date(2016, 12, 1), None)),
    ("../2016-12-11", (None, date(2016, 12, 11))),
    ("/2016-12-11", (None, date(2016, 12, 11))),
    ("2016-12-01T00:00:00Z/", (date(2016, 12, 1), None)),
    ("../..", (None, None)),
])
def test_datetime_instants_and_intervals(value: str, expected: tuple[date, date]) -> None:
    assert parse_datetime(value) == expected


@pytest.mark.parametrize("value", [
    "yesterday", "2016-13-01", "2016-02-30", "2016-12-11T25:00:00Z", "2016-12-11T08:00:00",
    "2016-12-11/2016-12-01", "2016-12-01/2016-12-05/2016-12-09", "11/12/2016", "",
])
def test_bad_datetime(value: str) -> None:
    with pytest.raises(InvalidQuery, match="datetime"):
        parse_datetime(value)


def test_limit_and_offset_bounds() -> None:
    assert parse_limit(None, default=10, maximum=100) == 10
    assert parse_limit("100", default=10, maximum=100) == 100
    for bad in ("0", "-1", "101", str(10**9), "1.5", "ten", "1e3", ""):
        with pytest.raises(InvalidQuery, match="limit"):
            parse_limit(bad, default=10, maximum=100)
    assert parse_offset(None) == 0 and parse_offset("25") == 25
    for bad in ("-1", "x", str(10**12)):
        with pytest.raises(InvalidQuery, match="offset"):
            parse_offset(bad)


def test_types_any_case_main_or_sub() -> None:
    assert parse_types("battles,riots") == (("Battles", "Riots"), None)
    assert parse_types("air/drone strike") == (None, ("Air/drone strike",))
    types, subs = parse_types("riots,air/drone strike")
    assert types is None and subs == ("Air/drone strike", "Violent demonstration",
                                      "Mob violence")
    assert parse_types(None) == (None, None)
    with pytest.raises(InvalidQuery, match="unknown event type 'Picnic'"):
        parse_types("Battles,Picnic")


def test_only_ascii_digits() -> None:
    for bad in ("١٠", "１０"):  # Arabic-Indic and full-width digits
        with pytest.raises(InvalidQuery):
            parse_limit(bad, default=10, maximum=100)
    with pytest.raises(InvalidQuery):
        parse_datetime("٢٠١٦-١٢-١١")


@pytest.mark.parametrize("value", ["0001-01-01", "0001-01-31", "1899-12-31", "2101-01-01",
                                   "9999-12-31"])
def test_days_outside_1900_2100_are_refused(value: str) -> None:
    with pytest.raises(InvalidQuery, match="outside 1900-2100"):
        parse_day("at", value)
    with pytest.raises(InvalidQuery, match="outside 1900-2100"):
        parse_datetime(f"{value}/..")


def test_the_first_and_last_days_are_fine() -> None:
    assert parse_day("from", "1900-01-01") == date(1900, 1, 1)
    assert parse_datetime("2016-12-11T08:00:00Z/2100-12-31") == (date(2016, 12, 11),
                                                                 date(2100, 12, 31))


def test_tiles_as_maps_name_them() -> None:
    assert parse_tile("tile", "7/78/50") == (7, 78, 50)
    assert parse_tile("tile", " 0/0/0 ") == (0, 0, 0)
    for bad in ("7/78", "7/128/0", "25/0/0", "-1/0/0", "7/x/1", "7/1/1/1", "٧/1/1"):
        with pytest.raises(InvalidQuery, match="tile"):
            parse_tile("tile", bad)
