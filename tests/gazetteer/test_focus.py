"""Short texts: the countries a caller knows a text is about are evidence, not a filter."""

from __future__ import annotations

import pytest

from gazetteer import Gazetteer


@pytest.mark.parametrize("text, lang", [
    ("Clashes in Tripoli killed three.", "en"),
    ("Des combats à Tripoli ont fait trois morts.", "fr"),
])
def test_focus_chooses_the_namesake_in_the_focus_country(gz: Gazetteer, text: str,
                                                         lang: str) -> None:
    (plain,) = gz.geoparse(text, lang=lang)
    (focused,) = gz.geoparse(text, lang=lang, focus=("LB",))
    assert plain.place.country_code == "LY"
    assert focused.place.country_code == "LB"
    assert (focused.start, focused.end) == (plain.start, plain.end)


@pytest.mark.parametrize("text, lang, country", [
    ("Talks opened in Geneva on Monday.", "en", "CH"),
    ("Les pourparlers ont repris à Genève lundi.", "fr", "CH"),
])
def test_focus_filters_nothing(gz: Gazetteer, text: str, lang: str, country: str) -> None:
    (mention,) = gz.geoparse(text, lang=lang, focus=("SY",))
    assert mention.place.country_code == country


def test_focus_in_lookup_is_evidence(gz: Gazetteer) -> None:
    assert gz.lookup("Alexandria")[0].country_code == "EG"
    assert gz.lookup("Alexandria", focus=("US",))[0].country_code == "US"
    # a name with no place in the focus country still finds its places
    assert gz.lookup("Geneva", focus=("SY",))[0].country_code == "CH"
    # codes are read in any case, and a single code may be passed as a string
    assert gz.lookup("Tripoli", focus="lb")[0].country_code == "LB"


def test_focus_raises_a_neighbours_places_less_than_its_own(gz: Gazetteer) -> None:
    own = {c.posting.row: c.score for c in gz.candidates("Tripoli", focus=("LB",))}
    near = {c.posting.row: c.score for c in gz.candidates("Tripoli", focus=("SY",))}
    plain = {c.posting.row: c.score for c in gz.candidates("Tripoli")}
    lebanese = next(r for r in plain if gz.index.cc_of(r) == "LB")
    assert plain[lebanese] < near[lebanese] < own[lebanese]
