"""``geomap export``: filters reach the store query, every format is written, bad arguments
exit 2 with one line on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import cli
from geomap.io import read_events, read_zones
from geomap.models import Event, Report
from geomap.zones import demo_zones


@pytest.fixture()
def database(tmp_path: Path, events: list[Event]) -> str:
    from geomap.store import open_store

    url = f"sqlite:///{tmp_path / 'store.db'}"
    with open_store(url) as store:
        store.add_report(Report(text="seed", published=date(2016, 12, 11)), events)
        store.add_zones(demo_zones())
    return url


def _export(database: str, *args: str) -> list[Event]:
    """``geomap export`` with ``args`` (history told as background included unless the
    arguments say otherwise: these tests are about formats and filters)."""
    if "--background" not in args:
        args = (*args, "--background", "any")
    result = CliRunner().invoke(cli, ["export", *args, "--database", database])
    assert result.exit_code == 0, result.output
    assert "written to" in result.stderr
    return read_events(args[args.index("-o") + 1])


def _quotes(events: list[Event]) -> set[str]:
    return {e.quote[:12] for e in events}


def _content(events: list[Event]) -> set[tuple[object, ...]]:
    """What an export must carry of each event, whatever the format."""
    return {(e.event_date, e.date_end, e.sub_event_type, e.actor1, e.actor2, e.fatalities,
             e.place_id, round(e.lat or 0, 5), round(e.lon or 0, 5), e.quote, e.tally)
            for e in events}


def test_every_format_from_the_suffix(tmp_path: Path, database: str, events: list[Event]
                                      ) -> None:
    for suffix in ("geojson", "gpkg", "csv", "kml", "fgb"):
        got = _export(database, "-o", str(tmp_path / f"all.{suffix}"))
        assert len(got) == len(events) == 4
        assert _content(got) == _content(events), suffix


def test_filters(tmp_path: Path, database: str) -> None:
    out = str(tmp_path / "x.geojson")
    assert _quotes(_export(database, "-o", out, "--type", "air/drone strike")) == {
        "64 raids … p"}
    assert len(_export(database, "-o", out, "--type", "Strategic developments")) == 2
    # a tally from 15 Nov to 11 Dec overlaps 1 Dec; the other events do not
    assert _quotes(_export(database, "-o", out, "--from", "2016-12-01", "--to",
                           "2016-12-01")) == {"413 civils t"}
    assert _quotes(_export(database, "-o", out, "--place", "Palmyre")) == {"64 raids … p"}
    assert len(_export(database, "-o", out, "--place", "geomap:alep-est")) == 2
    assert len(_export(database, "-o", out, "--bbox", "37,36,37.5,36.5")) == 2
    assert _quotes(_export(database, "-o", out, "--status", "verified")) == {"plus de 10.0"}
    assert _quotes(_export(database, "-o", out, "--actor", "Islamic State")) == {
        "64 raids … p"}


def test_rejected_events_only_when_asked(tmp_path: Path, database: str) -> None:
    from geomap.store import open_store

    with open_store(database) as store:
        store.add_report(Report(text="later", published=date(2016, 12, 12)), [Event(
            date(2016, 12, 12), "Battles", "Armed clash", quote="rejected clash",
            status="rejected", id="ev-5")])
    out = str(tmp_path / "x.geojson")
    assert "rejected clash" not in {e.quote for e in _export(database, "-o", out)}
    assert _quotes(_export(database, "-o", out, "--status", "rejected")) == {"rejected cla"}
    assert len(_export(database, "-o", out, "--status", "extracted,verified,rejected")) == 5


@pytest.mark.parametrize("name", ["ISIS", "EI", "Daech", "islamic state"])
def test_actors_by_any_of_their_names(tmp_path: Path, database: str, name: str) -> None:
    out = str(tmp_path / "x.geojson")
    result = CliRunner().invoke(cli, ["export", "-o", out, "--actor", name,
                                      "--database", database])
    assert result.exit_code == 0, result.output
    assert _quotes(read_events(out)) == {"64 raids … p"}
    assert f"actor {name}: Islamic State" in result.stderr


def test_an_unknown_place_says_so_and_writes_nothing(tmp_path: Path, database: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "geomap.cli", "export", "-o", "out.csv",
                           "--place", "Atlantide", "--database", database],
                          capture_output=True, text=True, check=False, cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith("geomap: error: --place: no place matches 'Atlantide'; did you mean")
    assert "Atlantis (city, ZA)" in line and not (tmp_path / "out.csv").exists()


def test_zones_between_two_days(tmp_path: Path, database: str) -> None:
    out = tmp_path / "zones.gpkg"
    result = CliRunner().invoke(cli, ["export", "--zones", "-o", str(out), "--from",
                                      "2016-12-11", "--to", "2016-12-11",
                                      "--database", database])
    assert result.exit_code == 0, result.output
    assert sorted(z.faction for z in read_zones(out)) == [
        "government", "isis", "kurdish", "rebels"]


def test_standard_output(database: str, events: list[Event]) -> None:
    result = CliRunner().invoke(cli, ["export", "-f", "geojson", "-o", "-", "--database",
                                      database])
    assert result.exit_code == 0
    features = json.loads(result.stdout)["features"]
    assert sorted(f["properties"]["quote"] for f in features) == sorted(
        e.quote for e in events if not e.background)  # history only when asked


@pytest.mark.parametrize("args", [
    ["--format", "csv"],
    ["-o", "out.txt"],
    ["-o", "out.csv", "--format", "shp"],
    ["-o", "out.csv", "--from", "11/12/2016"],
    ["-o", "out.csv", "--from", "2016-12-11", "--to", "2016-12-01"],
    ["-o", "out.csv", "--type", "bombing"],
    ["-o", "out.csv", "--bbox", "37,36,38"],
    ["-o", "out.csv", "--bbox", "37,96,38,97"],
    ["-o", "out.csv", "--status", "published"],
    ["-o", "out.csv", "--place", "Qqqzzzxxxvvv"],
    ["-o", "out.csv", "--zones", "--type", "Battles"],
])
def test_bad_arguments_exit_2_with_one_line(tmp_path: Path, database: str,
                                            args: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "geomap.cli", "export", *args,
                           "--database", database], capture_output=True, text=True,
                          check=False, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == "" and len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.csv").exists()


def test_exports_name_places_as_readers_know_them(tmp_path: Path) -> None:
    from geomap.store import open_store

    url = f"sqlite:///{tmp_path / 'named.db'}"
    with open_store(url) as store:
        store.add_report(Report(text="t", published=date(2016, 12, 11)), [
            Event(event_date=date(2016, 12, 11), event_type="Battles",
                  sub_event_type="Armed clash", place_id="geonames:163808", location="Tadmur",
                  lat=34.5624, lon=38.28402)])
    (event,) = _export(url, "-o", str(tmp_path / "named.csv"))
    assert event.location == "Palmyra"  # GeoNames' own name is Tadmur


def test_background_only_when_asked(tmp_path: Path) -> None:
    import dataclasses
    from datetime import date

    from geomap.store import open_store

    url = f"sqlite:///{tmp_path / 'bg.db'}"
    now = Event(date(2016, 12, 11), "Battles", "Armed clash", place_id="geonames:163808",
                lat=34.56, lon=38.28, quote="now")
    then = dataclasses.replace(now, event_date=date(2015, 5, 1), background=True,
                               confidence=0.3, quote="then")
    with open_store(url) as store:
        store.add_report(Report(text="r", published=date(2016, 12, 11)), [now, then])
    out = str(tmp_path / "x.geojson")
    assert _quotes(_export(url, "-o", out, "--background", "false")) == {"now"}
    result = CliRunner().invoke(cli, ["export", "-o", out, "--database", url])
    assert result.exit_code == 0 and _quotes(read_events(out)) == {"now"}  # the default
    assert _quotes(_export(url, "-o", out, "--background", "true")) == {"then"}
    assert _quotes(_export(url, "-o", out, "--background", "any")) == {"now", "then"}
