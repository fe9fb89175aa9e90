"""ACLED-format CSV: real ACLED files in (every column kept), our CSV out, bad rows listed."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date
from pathlib import Path

import pyogrio
import pytest

from geomap.io import ACLED_COLUMNS, BadRecordsError, read_acled_csv, write_acled_csv
from geomap.io.acled import BASE_COLUMNS, OUR_COLUMNS, csv_columns
from geomap.models import Event

# Two rows in ACLED's own export layout (all 31 columns), one with its "11 December 2016"
# dates, a note spanning two lines with commas and quotes, fatalities 0 and tags.
ACLED = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp\r\n"
    "SYR12345,11 December 2016,2016,1,Political violence,Explosions/Remote violence,"
    "Air/drone strike,Military Forces of Russia (2000-),,8,Islamic State (Syria),,2,28,,760,"
    "Middle East,Syria,Homs,Tadmor,Tadmor,Tadmor,34.5624,38.2840,1,SOHR; AFP,"
    "Other-National,\"On 10 December 2016, Russian jets struck IS positions in \"\"Palmyra\"\","
    "\r\nkilling more than 300.\",300,\"local source, estimate\",1618225452\r\n"
    "SYR12346,2016-11-15,2016,2,Political violence,Violence against civilians,Attack,"
    "Military Forces of Syria (2000-),,1,Civilians (Syria),,7,17,Civilian targeting,760,"
    "Middle East,Syria,Aleppo,Jebel Saman,Jebel Saman,Aleppo - East,36.2033,37.1848,2,"
    "SOHR,National,,0,,1618225460\r\n"
)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_read_real_acled_columns() -> None:
    first, second = read_acled_csv(ACLED)
    assert first.id == "SYR12345" and first.event_date == date(2016, 12, 11)
    assert (first.event_type, first.sub_event_type) == ("Explosions/Remote violence",
                                                        "Air/drone strike")
    assert (first.lat, first.lon, first.fatalities) == (34.5624, 38.284, 300)
    assert first.notes == ('On 10 December 2016, Russian jets struck IS positions in '
                           '"Palmyra",\r\nkilling more than 300.')
    assert first.source == "SOHR; AFP" and first.location == "Tadmor"
    extra = first.extra
    assert extra["admin1"] == "Homs" and extra["tags"] == "local source, estimate"
    assert extra["inter1"] == "8" and extra["assoc_actor_1"] == ""
    assert "year" not in extra and "latitude" not in extra
    assert second.event_date == date(2016, 11, 15) and second.fatalities == 0
    assert second.time_precision == 2 and second.geo_precision == 2


def test_acled_csv_to_events_to_csv_keeps_every_field() -> None:
    events = read_acled_csv(ACLED)
    out = io.StringIO()
    assert write_acled_csv(events, out) == 2
    before, after = _rows(ACLED), _rows(out.getvalue())
    assert list(after[0])[:len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    for old, new, event in zip(before, after, events, strict=True):
        for column, value in old.items():
            if column == "event_date":  # written as ISO
                assert new[column] == event.event_date.isoformat()
            elif column in ("latitude", "longitude"):
                assert float(new[column]) == float(value)
            else:
                assert new[column] == value, column
    assert read_acled_csv(out.getvalue()) == events


def test_our_csv_columns_and_round_trip(events: list[Event]) -> None:
    out = io.StringIO()
    write_acled_csv(events, out)
    header = out.getvalue().splitlines()[0].split(",")
    assert header == list(BASE_COLUMNS) + list(OUR_COLUMNS) + ["WKT"]
    assert csv_columns([]) == list(BASE_COLUMNS) + list(OUR_COLUMNS) + ["WKT"]
    row = _rows(out.getvalue())[0]
    assert row["counts"] == '{"displaced": 10000}' and row["tally"] == "false"
    assert row["latitude"] == "36.20329" and row["year"] == "2016"
    assert row["WKT"] == "POINT (37.18481 36.20329)"
    assert read_acled_csv(out.getvalue()) == events


FORMULAS = ["=2+5+cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example","click")',
            "+SUM(A1)", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "'=already quoted"]


@pytest.mark.parametrize("hostile", FORMULAS)
def test_no_cell_is_a_formula_and_the_text_comes_back(events: list[Event], hostile: str
                                                     ) -> None:
    """OWASP: a cell starting with = + - @ tab or CR is written as text (a leading
    apostrophe); numbers stay numbers; reading our CSV back gives the text as it was."""
    event = dataclasses.replace(events[0], actor1=hostile, quote=hostile, notes=hostile,
                                lon=-37.5, extra={"admin1": hostile})
    out = io.StringIO()
    write_acled_csv([event], out)
    row = _rows(out.getvalue())[0]
    for column in ("actor1", "quote", "notes", "admin1"):
        assert row[column].startswith("'") and row[column][1:] == hostile
    assert row["longitude"] == "-37.5"  # a number, not escaped
    assert read_acled_csv(out.getvalue()) == [event]


def test_gdal_opens_the_csv_as_points(tmp_path: Path, events: list[Event]) -> None:
    """No open options: QGIS and ogr2ogr find the geometry in the WKT column."""
    path = tmp_path / "events.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_acled_csv(events, out)
    frame = pyogrio.read_dataframe(path)
    located = [e for e in events if e.lat is not None]
    assert len(frame) == len(events) and frame.geometry.notna().sum() == len(located)
    point = frame.geometry.iloc[0]
    assert (point.x, point.y) == (events[0].lon, events[0].lat)


def test_bom_and_blank_lines_are_tolerated() -> None:
    events = read_acled_csv("\ufeff" + ACLED + "\r\n")
    assert len(events) == 2


def test_bad_rows_are_all_listed_with_their_lines() -> None:
    header = "event_id_cnty,event_date,year,event_type,sub_event_type,latitude,longitude," \
             "fatalities,notes\n"
    rows = [
        'A1,2016-12-11,2016,Battles,Armed clash,36.2,37.1,3,"two\nlines"\n',   # line 2-3 ok
        "A2,31 Febuary 2016,2016,Battles,Armed clash,,,,\n",                    # line 4
        "A3,2016-12-11,2016,Battles,Air/drone strike,,,,\n",                    # line 5
        "A4,2016-12-11,2015,Battles,Armed clash,,,,\n",                         # line 6
        "A5,2016-12-11,2016,Battles,Armed clash,136.2,37.1,,\n",                # line 7
        "A6,2016-12-11,2016,Battles,Armed clash,,,many,\n",                     # line 8
        "A7,2016-12-11,2016,Battles\n",                                         # line 9
        "A8,2016-12-11,2016,Battles,Armed clash,36.2,,,\n",                     # line 10
    ]
    with pytest.raises(BadRecordsError) as caught:
        read_acled_csv(header + "".join(rows), name="acled.csv")
    problems = {p.line: p.message for p in caught.value.problems}
    assert list(problems) == [4, 5, 6, 7, 8, 9, 10]
    assert "Febuary" in problems[4]
    assert "not a sub-event type of 'Battles'" in problems[5]
    assert "year 2015 does not match" in problems[6]
    assert "latitude" in problems[7]
    assert "fatalities 'many' is not a whole number" in problems[8]
    assert "4 values for 9 columns" in problems[9]
    assert "go together" in problems[10]
    assert "acled.csv: 7 bad records, nothing imported" in str(caught.value)


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty file"),
    ("event_id_cnty,event_type\nA,Battles\n", "missing column(s) event_date, sub_event_type"),
    ("event_date,event_type,sub_event_type,notes,notes\n", "repeated column(s) notes"),
])
def test_bad_headers(text: str, message: str) -> None:
    with pytest.raises(BadRecordsError) as caught:
        read_acled_csv(text)
    [problem] = caught.value.problems
    assert problem.line == 1 and message in problem.message


@pytest.mark.parametrize("text", ["11 December 2016", "11-Dec-2016", "2016-12-11",
                                  "2016-12-11T00:00:00", "11 dec 2016"])
def test_acled_dates(text: str) -> None:
    [event] = read_acled_csv(f"event_date,event_type,sub_event_type\n{text},Battles,"
                             "Armed clash\n")
    assert event.event_date == date(2016, 12, 11)
