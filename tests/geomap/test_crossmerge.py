"""The same incident coded twice — an ACLED row imported and the event a report tells — is
kept once with both sources, reversibly; different incidents are not merged."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import cli
from geomap.crossmerge import find_incidents, same_incident
from geomap.models import Event, Report
from geomap.pipeline import record_report
from geomap.store import EventQuery, open_store

DAY = date(2017, 3, 14)
#: an ACLED row: its own actor names, no gazetteer id, ACLED's coordinates for the town
ACLED = Event(DAY, "Explosions/Remote violence", "Air/drone strike", origin="import",
              actor1="Military Forces of Russia (2000-)", actor2="Civilians (Syria)",
              location="Idlib", lat=35.9306, lon=36.6339, fatalities=12, id="SYR9001",
              geo_precision=1)
#: the same strike told by a report the next day, placed by the gazetteer
TOLD = Event(date(2017, 3, 15), "Explosions/Remote violence", "Shelling/artillery/missile attack",
             actor1="Russian military forces", location="Idlib", place_id="geonames:169389",
             lat=35.93062, lon=36.63393, fatalities=15, quote="Russian jets struck Idlib.")


@pytest.mark.parametrize(("change", "same"), [
    ({}, True),
    ({"event_date": date(2017, 3, 17)}, False),                       # three days later
    ({"event_type": "Battles", "sub_event_type": "Armed clash"}, False),
    ({"lat": 36.2, "lon": 37.16}, False),                             # Aleppo, 100 km off
    ({"lat": 36.0, "lon": 36.63}, True),                              # 8 km: the same town
    ({"lat": 36.1, "lon": 36.63, "geo_precision": 2}, True),          # 19 km, "near Idlib"
    ({"actor1": "Islamic State"}, False),                             # another attacker
    ({"actor1": "unnamed jets"}, True),                               # unknown: no conflict
    ({"origin": "import"}, False),                                    # two rows of a dataset
    ({"tally": True, "date_end": date(2017, 3, 20)}, False),          # a toll over days
])
def test_the_rule(change: dict[str, object], same: bool) -> None:
    assert same_incident(dataclasses.replace(TOLD, **change), ACLED) is same


def test_an_imported_row_and_a_report_are_kept_once_and_can_be_parted(tmp_path: Path
                                                                      ) -> None:
    with open_store(f"sqlite:///{tmp_path / 'x.db'}") as store:
        acled = record_report(store, Report(text="ACLED export", published=DAY), [ACLED])
        other = dataclasses.replace(ACLED, id="SYR9002", lat=36.2, lon=37.16,
                                    location="Aleppo")
        record_report(store, Report(text="ACLED export 2", published=DAY), [other])
        told = record_report(store, Report(text="Russian jets struck Idlib.",
                                           published=date(2017, 3, 15)), [TOLD])
        assert told.event_ids == ["SYR9001"] and told.merged == ["SYR9001"]
        kept = store.get_event("SYR9001")
        assert kept.sources == [acled.report_id, told.report_id]
        assert kept.fatalities == 12  # the lowest figure: 12 (ACLED) against 15
        assert store.count_events() == 2
        deaths = sum(e.fatalities or 0 for e in store.query_events(EventQuery())[0])
        assert deaths == 24  # not 39: the strike is counted once
        assert {t.who for t in store.audit_trail("SYR9001")} == {f"merge:{told.report_id}"}
        (again,) = store.unmerge("SYR9001", told.report_id, who="analyst")
        assert (again.fatalities, again.place_id) == (15, "geonames:169389")
        assert store.get_event("SYR9001").fatalities == 12 and store.count_events() == 3


def test_a_report_first_then_the_import(tmp_path: Path) -> None:
    """Either order: the import finds the event the text told, and one event each side
    finds at most one partner."""
    with open_store(f"sqlite:///{tmp_path / 'y.db'}") as store:
        told = record_report(store, Report(text="Russian jets struck Idlib.",
                                           published=date(2017, 3, 15)), [TOLD])
        rows = [ACLED, dataclasses.replace(ACLED, id="SYR9003", lat=35.94)]
        assert find_incidents(store, rows) == {0: told.event_ids[0]}
        result = record_report(store, Report(text="ACLED export", published=DAY), rows)
        assert result.event_ids == [told.event_ids[0], "SYR9003"]
        assert store.count_events() == 2


def test_geomap_import_marks_its_events_and_merges(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'z.db'}"
    with open_store(db) as store:
        record_report(store, Report(text="Russian jets struck Idlib.",
                                    published=date(2017, 3, 15)), [TOLD])
    src = tmp_path / "acled.csv"
    src.write_text(
        "event_id_cnty,event_date,event_type,sub_event_type,actor1,location,latitude,"
        "longitude,fatalities\r\n"
        "SYR9001,2017-03-14,Explosions/Remote violence,Air/drone strike,"
        "Military Forces of Russia (2000-),Idlib,35.9306,36.6339,12\r\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(src), "--database", db])
    assert result.exit_code == 0, result.output
    assert "1 merged" in result.stderr
    with open_store(db) as store:
        (event,), _ = store.query_events(EventQuery())
        assert event.fatalities == 12 and len(event.sources) == 2
        assert store.query_events(EventQuery(origins=["import"]))[1] == 0  # merged into


def test_merges_are_listed_and_undone_from_the_command_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    with open_store(db) as store:
        record_report(store, Report(text="ACLED export", published=DAY), [ACLED])
        told = record_report(store, Report(text="Russian jets struck Idlib.",
                                           published=date(2017, 3, 15)), [TOLD])
    runner = CliRunner()
    listed = runner.invoke(cli, ["db", "merges", "SYR9001", "--database", db])
    assert listed.exit_code == 0
    assert listed.stdout.split("\t")[:3] == [told.report_id, "2017-03-15",
                                             "Shelling/artillery/missile attack"]
    undone = runner.invoke(cli, ["db", "unmerge", "SYR9001", told.report_id, "--who",
                                 "analyst", "--database", db])
    assert undone.exit_code == 0, undone.output
    again = runner.invoke(cli, ["db", "unmerge", "SYR9001", told.report_id, "--database", db])
    assert again.exit_code == 1 and "was not merged" in again.stderr
    with open_store(db) as store:
        assert store.count_events() == 2
