"""Extraction beyond the seed's war: forces named by nationality, led coalitions, other
countries' places (a wire report written for this test, in the style of Reuters copy)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from gazetteer import Gazetteer
from geomap.extract import extract_events
from geomap.models import Event

REPORT = Path(__file__).with_name("reuters_mosul_hodeidah.txt")
WEDNESDAY = date(2017, 3, 15)


@pytest.fixture(scope="module")
def events(gz: Gazetteer) -> list[Event]:
    return extract_events(REPORT.read_text(encoding="utf-8"), published=WEDNESDAY,
                          gazetteer=gz)


def test_state_forces_named_by_nationality(events: list[Event]) -> None:
    (retaken,) = [e for e in events if e.sub_event_type == "Government regains territory"]
    assert retaken.actor1 == "Iraq military forces" and retaken.actor2 == "Islamic State"
    assert retaken.location == "Mosul" and retaken.event_date == date(2017, 3, 14)
    (clash,) = [e for e in events if e.sub_event_type == "Armed clash"]
    assert (clash.actor1, clash.actor2) == ("Iraq military forces", "Islamic State")


def test_a_led_coalition(events: list[Event]) -> None:
    (strike,) = [e for e in events if e.sub_event_type == "Air/drone strike"]
    assert strike.actor1 == "Saudi Arabia-led coalition"
    assert strike.fatalities == 20 and "fatalities" in strike.lower_bounds
    assert strike.event_date == WEDNESDAY and 14 < strike.lat < 16  # Hodeidah, Yemen


def test_near_a_town_and_no_syrian_places(events: list[Event]) -> None:
    (bomb,) = [e for e in events if e.sub_event_type == "Suicide bomb"]
    assert bomb.geo_precision == 2 and bomb.fatalities == 5
    assert bomb.event_date == date(2017, 3, 13)
    assert not [e for e in events if (e.place_id or "").startswith("geomap:aleppo")]
