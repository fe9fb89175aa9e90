"""Reports of other wars, written for these tests in English and French (an air strike in
Yemen, a missile on a Ukrainian station, a massacre in a Malian village, an RSF drone in
Sudan): what an analyst would code from them, and nothing else."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from gazetteer import Gazetteer
from geomap.extract import extract_events
from geomap.models import Event

REPORTS = Path(__file__).with_name("reports")
MONDAY = date(2024, 4, 8)
LANGS = ["en", "fr"]


def _events(gz: Gazetteer, name: str, lang: str) -> list[Event]:
    text = (REPORTS / f"{name}_{lang}.txt").read_text(encoding="utf-8")
    return extract_events(text, published=MONDAY, lang=lang, gazetteer=gz)


def _news(events: list[Event]) -> list[Event]:
    return [e for e in events if not e.background]


@pytest.mark.parametrize("lang", LANGS)
def test_yemen_one_strike_its_whole_toll_and_no_place_from_a_description(
        gz: Gazetteer, lang: str) -> None:
    events = _events(gz, "yemen", lang)
    (strike,) = _news(events)
    assert strike.sub_event_type == "Air/drone strike"
    assert strike.fatalities == 50  # "five of them children" is part of the toll
    assert strike.actor1 == "Saudi Arabia-led coalition"
    assert strike.event_date == date(2024, 4, 2)  # "mardi" in Monday's paper
    assert 16.5 < strike.lat < 17.5 and 43 < strike.lon < 44.5  # Saada, Yemen
    # "Iran-aligned", "soutenus par l'Iran", "led by Riyadh" name no place of an event
    assert not [e for e in events if e.location in ("Iran", "Riyadh", "United States")]
    # the coalition's denial is no event; last month's missiles are history, off the map
    (history,) = [e for e in events if e.background]
    assert history.location == "Jizan" and history.confidence <= 0.3
    assert history.event_date == date(2024, 3, 1) and history.time_precision == 3


@pytest.mark.parametrize("lang", LANGS)
def test_ukraine_missile_keeps_both_claims_and_the_lowest_toll(gz: Gazetteer,
                                                               lang: str) -> None:
    events = _events(gz, "ukraine", lang)
    (strike,) = _news(events)
    assert strike.location == "Kramatorsk" and strike.actor1 == "Russian military forces"
    assert strike.event_type == "Explosions/Remote violence"
    assert strike.event_date == date(2024, 4, 5)
    assert strike.fatalities == 12
    assert sorted(c["value"] for c in strike.claims) == [12, 19]
    assert all(c["field"] == "fatalities" for c in strike.claims)
    # the denial in Moscow is no event, and Moscow no event place
    assert not [e for e in events if e.location == "Moscow"]
    # "had been fleeing for weeks": background, off the map
    assert all(e.confidence <= 0.3 for e in events if e.background)
    assert [e.sub_event_type for e in events if e.background] in ([], ["Displacement"])


@pytest.mark.parametrize("lang", LANGS)
def test_mali_village_outside_the_gazetteer_goes_to_its_region(gz: Gazetteer,
                                                               lang: str) -> None:
    events = _news(_events(gz, "mali", lang))
    (massacre,) = [e for e in events if e.event_type == "Violence against civilians"]
    assert gz.lookup("Ogossagou", fuzzy=False) == []  # the premise of the test
    assert massacre.location == "Mopti" and massacre.geo_precision in (2, 3)
    assert "Ogossagou" in (massacre.notes or "")
    assert massacre.fatalities == 37 and massacre.actor2 == "Civilians"
    # the attacker the text names ("a Dogon militia") fills actor1 over unnamed "gunmen"
    assert massacre.actor1 == "Dogon militia"
    (retaken,) = [e for e in events if e.event_type == "Battles"]
    assert retaken.sub_event_type == "Government regains territory"
    assert retaken.location == "Bankass" and retaken.actor1 == "Mali military forces"
    assert retaken.event_date == date(2024, 4, 7)


@pytest.mark.parametrize("lang", LANGS)
def test_sudan_rsf_drone_named_attacker_and_its_country(gz: Gazetteer, lang: str) -> None:
    (strike,) = _news(_events(gz, "sudan", lang))
    assert strike.sub_event_type == "Air/drone strike"
    assert strike.actor1 == "Rapid Support Forces"
    assert strike.location == "El Fasher" and strike.fatalities == 8
    assert strike.geo_precision in (1, 2)
