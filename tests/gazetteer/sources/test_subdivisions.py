"""First-level regions get their French names from ISO 3166-2's translations."""

from __future__ import annotations

import pytest

from gazetteer import Gazetteer
from gazetteer.records import Record
from gazetteer.sources.subdivisions import add_translated_names


def _region(admin1: str, name: str) -> Record:
    return Record(id=f"admin1:{admin1}", name=name, kind="admin1", lat=0.0, lon=0.0,
                  country_code=admin1[:2], admin1=admin1)


def test_a_us_state_is_matched_by_its_postal_code() -> None:
    florida = _region("US.FL", "Florida")
    add_translated_names([florida])
    assert ("Floride", "fr") in florida.names


def test_elsewhere_a_region_is_matched_by_a_name_iso_gives() -> None:
    bc, other = _region("CA.02", "British Columbia"), _region("CA.01", "Alberta")
    add_translated_names([bc, other])
    assert ("Colombie-Britannique", "fr") in bc.names
    assert all(lang != "fr" or name == "Alberta" for name, lang in other.names)


@pytest.mark.parametrize("admin1, geonames, french", [
    ("DE.02", "Bavaria", "Bavière"),  # ISO's "Bayern", in English
    ("DE.01", "Baden-Wuerttemberg", "Bade-Wurtemberg"),  # umlauts as GeoNames writes them
    ("RU.17", "Dagestan", "Daguestan"),  # ISO's "Dagestan, Respublika"
    ("FI.10", "Lapland", "Laponie"),  # ISO's "Lappi"
])
def test_local_english_and_inverted_names_meet(admin1: str, geonames: str, french: str) -> None:
    region = _region(admin1, geonames)
    add_translated_names([region])
    assert (french, "fr") in region.names


def test_an_inverted_translation_is_no_name() -> None:
    madrid = _region("ES.29", "Madrid")  # ISO's "Madrid, Comunidad de"
    add_translated_names([madrid])
    assert all("," not in name for name, _ in madrid.names)


def test_a_name_two_regions_bear_gives_neither_a_translation() -> None:
    twins = [_region("CA.02", "British Columbia"), _region("CA.99", "British Columbia")]
    assert add_translated_names(twins) == 0


@pytest.mark.parametrize("text, name, admin1", [
    ("Des incendies ravagent la Californie et la Floride.", "Floride", "US.FL"),
    ("Un ouragan a frappé Atlanta, en Géorgie.", "Géorgie", "US.GA"),
    ("Des tempêtes en Colombie-Britannique.", "Colombie-Britannique", "CA.02"),
    ("Des inondations en Bavière et en Bade-Wurtemberg.", "Bavière", "DE.02"),
    ("Des inondations en Bavière et en Bade-Wurtemberg.", "Bade-Wurtemberg", "DE.01"),
])
def test_french_texts_name_regions_in_french(gz: Gazetteer, text: str, name: str,
                                             admin1: str) -> None:
    found = {m.text: m.place for m in gz.geoparse(text, lang="fr")}
    assert found[name].kind == "admin1" and found[name].admin1 == admin1, found


def test_georgia_the_country_stays_a_country(gz: Gazetteer) -> None:
    found = {m.text: m.place for m in gz.geoparse("La Géorgie et la Russie.", lang="fr")}
    assert found["Géorgie"].kind == "country"


def test_the_french_name_is_the_display_name(gz: Gazetteer) -> None:
    florida = next(p for p in gz.lookup("Florida") if p.kind == "admin1")
    assert florida.display_name("fr") == "Floride"
    assert florida.display_name("en") == "Florida"
