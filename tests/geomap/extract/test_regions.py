"""Events told of a named region of the war (the Eastern Ghouta, the desert of Homs, the
Yarmouk Basin ...) land in the region, with the precision of a region, in English and
French; a village the gazetteer lacks goes to the region the sentence names."""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import Point, shape

from gazetteer import Gazetteer
from geomap.extract import extract_events
from geomap.models import Event

TUESDAY = date(2017, 6, 13)


def _extract(gz: Gazetteer, text: str, lang: str) -> list[Event]:
    return extract_events(text, published=TUESDAY, lang=lang, gazetteer=gz)


def _lands_in(gz: Gazetteer, event: Event, place_id: str) -> bool:
    place = gz.get(place_id)
    assert place is not None and place.geometry is not None
    assert event.lat is not None and event.lon is not None
    return bool(shape(place.geometry).contains(Point(event.lon, event.lat)))


@pytest.mark.parametrize("lang, text", [
    ("en", "Government warplanes struck the Eastern Ghouta on Monday, killing 12 civilians."),
    ("en", "Regime aircraft bombed eastern Ghouta on Monday, killing 12 civilians."),
    ("fr", "Des avions du régime ont frappé lundi la Ghouta-Est, tuant 12 civils."),
])
def test_an_event_in_the_eastern_ghouta_lands_in_it(gz: Gazetteer, lang: str,
                                                    text: str) -> None:
    (strike,) = _extract(gz, text, lang)
    assert strike.place_id == "geomap:sy-region-eastern-ghouta"
    assert _lands_in(gz, strike, "geomap:sy-region-eastern-ghouta")
    assert strike.geo_precision == 3 and strike.fatalities == 12


def test_the_ghouta_orientale_of_french_copy_is_the_eastern_ghouta(gz: Gazetteer) -> None:
    # French puts the direction after the name, in lower case
    (strike,) = _extract(gz, "Des avions du régime ont frappé lundi la Ghouta orientale, "
                             "tuant 12 civils.", "fr")
    assert strike.place_id == "geomap:sy-region-eastern-ghouta"
    assert _lands_in(gz, strike, "geomap:sy-region-eastern-ghouta")
    assert strike.geo_precision == 3


@pytest.mark.parametrize("lang, text", [
    ("en", "Regime forces shelled the town of Zamalka in the Eastern Ghouta on Monday, "
           "killing five people."),
    ("fr", "Les forces du régime ont pilonné lundi la ville de Zamalka, dans la Ghouta-Est, "
           "tuant cinq personnes."),
])
def test_a_village_the_gazetteer_lacks_goes_to_its_region(gz: Gazetteer, lang: str,
                                                         text: str) -> None:
    (shelling,) = _extract(gz, text, lang)
    assert shelling.place_id == "geomap:sy-region-eastern-ghouta"
    assert shelling.geo_precision == 3 and shelling.fatalities == 5
    assert "Zamalka" in (shelling.notes or "")


@pytest.mark.parametrize("lang, text, region", [
    ("en", "Islamic State fighters attacked an army checkpoint in the desert of Homs on Monday, "
           "killing 8 soldiers.", "homs-desert"),
    ("fr", "Des jihadistes de l'EI ont attaqué lundi un poste de l'armée dans le désert de "
           "Homs, tuant 8 soldats.", "homs-desert"),
    ("en", "Clashes erupted on Monday in the Yarmouk Basin between rebels and IS, leaving 8 "
           "dead.", "yarmouk-basin"),
    ("fr", "Des combats ont éclaté lundi dans le bassin du Yarmouk entre rebelles et EI, "
           "faisant 8 morts.", "yarmouk-basin"),
    ("en", "Fighting raged on Monday in the Euphrates Valley, where 8 fighters were killed.",
     "euphrates-valley"),
    ("fr", "De violents combats ont fait 8 morts lundi dans la vallée de l'Euphrate.",
     "euphrates-valley"),
])
def test_an_event_in_a_named_region_lands_in_it(gz: Gazetteer, lang: str, text: str,
                                                region: str) -> None:
    (event,) = _extract(gz, text, lang)
    assert event.place_id == f"geomap:sy-region-{region}"
    assert _lands_in(gz, event, event.place_id) and event.geo_precision == 3
    assert event.fatalities == 8
