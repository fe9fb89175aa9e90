"""The events of the seed article (AFP, 11 December 2016) and of its English counterpart."""

from __future__ import annotations

from datetime import date

import pytest

from gazetteer import Gazetteer
from geomap.extract import extract_events
from geomap.models import Event

PUBLISHED = date(2016, 12, 11)
TADMUR, EAST, WEST = "geonames:163808", "geomap:alep-est", "geomap:alep-ouest"


@pytest.fixture(scope="module", params=["fr", "en"])
def seed(request: pytest.FixtureRequest, seed_fr: str, seed_en: str) -> tuple[str, str]:
    """The language and the text of one of the two seed reports."""
    return request.param, seed_fr if request.param == "fr" else seed_en


@pytest.fixture(scope="module")
def events(seed: tuple[str, str], gz: Gazetteer) -> list[Event]:
    lang, text = seed
    return extract_events(text, published=PUBLISHED, lang=lang, gazetteer=gz)


def on_map(events: list[Event]) -> list[Event]:
    """What maps, embeds and exports show by default: no background."""
    return [e for e in events if not e.background]


def _find(events: list[Event], **want: object) -> list[Event]:
    return [e for e in events if all(getattr(e, k) == v for k, v in want.items())]


def test_isis_takes_palmyra_on_saturday(events: list[Event]) -> None:
    (e,) = _find(events, sub_event_type="Non-state actor overtakes territory",
                 place_id=TADMUR, event_date=date(2016, 12, 10))
    assert e.actor1 == "Islamic State" and e.event_type == "Battles"


def test_russian_strikes_on_palmyra_overnight(events: list[Event]) -> None:
    (e,) = _find(events, sub_event_type="Air/drone strike", place_id=TADMUR)
    assert (e.event_date, e.date_end) == (date(2016, 12, 10), date(2016, 12, 11))
    assert e.actor1 == "Russian military forces" and e.actor2 == "Islamic State"
    assert e.counts["strikes"] == 64
    assert e.fatalities == 300 and "fatalities" in e.lower_bounds
    assert (e.counts["tanks"], e.counts["vehicles"]) == (11, 31)
    assert "Russian defence ministry" in (e.source or "")


def test_isis_withdraws_at_dawn(events: list[Event]) -> None:
    (e,) = _find(events, sub_event_type="Non-violent transfer of territory", place_id=TADMUR)
    assert e.event_date == PUBLISHED and e.actor1 == "Islamic State"


def test_more_than_10000_flee_east_aleppo(events: list[Event]) -> None:
    (e,) = _find(events, sub_event_type="Displacement")
    assert e.place_id == EAST and e.event_date == PUBLISHED
    assert e.counts["displaced"] == 10000 and "displaced" in e.lower_bounds
    assert e.event_type == "Strategic developments"


def test_night_bombardment_of_rebel_districts(events: list[Event]) -> None:
    (e,) = [e for e in events if e.place_id == EAST and not e.tally
            and e.event_type == "Explosions/Remote violence"]
    assert (e.event_date, e.date_end) == (date(2016, 12, 10), date(2016, 12, 11))
    assert e.sub_event_type in ("Air/drone strike", "Shelling/artillery/missile attack")


def test_cumulative_tolls_are_tallies(events: list[Event]) -> None:
    east = _find(events, tally=True, place_id=EAST)
    west = _find(events, tally=True, place_id=WEST)
    assert [e.fatalities for e in east] == [413] and [e.fatalities for e in west] == [139]
    for e in east + west:
        assert (e.event_date, e.date_end) == (date(2016, 11, 15), PUBLISHED)
        assert e.actor2 == "Civilians"
    assert west[0].actor1 == "Syrian rebels"
    assert west[0].sub_event_type == "Shelling/artillery/missile attack"
    assert "fatalities" in west[0].lower_bounds


def test_regime_holds_85_percent_of_east_aleppo(events: list[Event]) -> None:
    (e,) = _find(events, sub_event_type="Government regains territory", place_id=EAST)
    assert e.counts["share_percent"] == 85 and e.event_date == PUBLISHED
    assert e.actor1 == "Syrian government forces"


def test_no_event_in_moscow_or_from_boilerplate(events: list[Event], seed: tuple[str, str]
                                                 ) -> None:
    assert not [e for e in events if e.location in ("Moscow", "Paris")]
    lang, text = seed
    # the French copy ends in site boilerplate (A LIRE AUSSI, adverts); the English has none
    cut = text.index("A LIRE AUSSI") if lang == "fr" else len(text)
    assert events and all(e.quote_start is not None and e.quote_start < cut for e in events)


def test_background_keeps_its_own_dates(events: list[Event]) -> None:
    (ousted,) = _find(events, sub_event_type="Government regains territory", place_id=TADMUR)
    assert (ousted.event_date, ousted.time_precision) == (date(2016, 3, 1), 3)
    assert ousted.actor2 == "Islamic State"
    (first,) = [e for e in _find(events, sub_event_type="Non-state actor overtakes territory",
                                 place_id=TADMUR) if e.event_date.year < 2016]
    assert first.event_date in (date(2005, 5, 1), date(2015, 5, 1))  # as printed
    assert first.time_precision == 3
    for history in (ousted, first):  # told as context: kept, off the map
        assert history.background and history.confidence <= 0.3


def test_the_map_shows_the_eight_events_and_nothing_else(events: list[Event],
                                                         seed: tuple[str, str]) -> None:
    shown = on_map(events)
    assert not [e for e in shown if e.event_date.year < 2016]  # "mai 2005" is not on the map
    assert all(e.confidence > 0.3 for e in shown)
    around = [e for e in shown if e.location in ("Idlib", "Deir ez-Zor", "Ar Raqqah")]
    if seed[0] == "fr":
        assert len(shown) == 8 and not around
    else:  # the English report adds the day's fighting elsewhere, in its last paragraph
        assert len(shown) == 8 + len(around)
        assert {e.location for e in around} == {"Idlib", "Deir ez-Zor", "Ar Raqqah"}
        assert all(e.event_date == PUBLISHED and e.geo_precision == 2 for e in around)


def test_every_event_keeps_its_sentence(events: list[Event], seed_fr: str, seed_en: str
                                        ) -> None:
    for e in events:
        text = seed_fr if e.quote in seed_fr else seed_en
        assert text[e.quote_start:e.quote_end] == e.quote
        assert e.status == "extracted" and 0 < e.confidence <= 1
        assert e.lat is not None and e.lon is not None
