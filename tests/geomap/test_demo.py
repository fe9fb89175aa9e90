"""The demo: seeding is idempotent and fills an empty store with reports, events, zones."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from geomap.cli import cli
from geomap.demo import DemoOutcome, seed_demo, store_is_empty
from geomap.store import EventQuery, open_store


def test_seed_demo_is_idempotent(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'demo.db'}") as store:
        assert store_is_empty(store)
        first = seed_demo(store)
        assert first.reports == 2 and first.events >= 10 and first.zones > 0
        assert not first.errors
        assert not store_is_empty(store)
        counts = (store.count_reports(), store.count_events(), len(store.query_zones()))
        assert seed_demo(store) == DemoOutcome(0, 0, 0)
        assert (store.count_reports(), store.count_events(),
                len(store.query_zones())) == counts
        sources = {store.get_report(e.report_id).source_name
                   for e in store.query_events(EventQuery())[0]
                   if e.report_id}
        assert sources <= {"AFP", "wire"}


def test_serve_refuses_bad_arguments() -> None:
    result = CliRunner().invoke(cli, ["serve", "--port", "70000"])
    assert result.exit_code == 2
    result = CliRunner().invoke(cli, ["serve", "--database", "nosuch://x"])
    assert result.exit_code == 1 and "no store" in result.output


def test_demo_events_know_who_held_their_place(tmp_path: Path) -> None:
    """controlled_by is filled wherever a demo zone covers an event's place on its day:
    the zones are in the store before the reports are recorded."""
    from geomap.zones import ZoneMap

    with open_store(f"sqlite:///{tmp_path / 'demo.db'}") as store:
        seed_demo(store)
        events, _ = store.query_events(EventQuery())
        zones = ZoneMap(store.query_zones())
    covered = [e for e in events if e.lat is not None
               and zones.faction_at(e.lat, e.lon, e.event_date) is not None]
    assert covered, "no demo event lies in a demo zone"
    for event in covered:
        assert event.controlled_by == zones.faction_at(event.lat, event.lon, event.event_date)
    assert {e.controlled_by for e in covered} >= {"government", "rebels"}
