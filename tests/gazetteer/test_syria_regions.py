"""The named regions of Syria's war (seeds/gazetteer/syria_regions.geojson): found by their
English, French and Arabic names and transliterations, read in text in the three languages,
and outlined around the towns they are made of, inside the places that hold them."""

from __future__ import annotations

import pytest
from shapely.geometry import Point, shape

from gazetteer import Gazetteer
from gazetteer.place import Place


def _region(slug: str) -> str:
    return f"geomap:sy-region-{slug}"


def _shape(gz: Gazetteer, place_id: str):  # type: ignore[no-untyped-def]
    place = gz.get(place_id)
    assert place is not None and place.geometry is not None, place_id
    return shape(place.geometry)


@pytest.mark.parametrize("name, lang, slug", [
    ("Eastern Ghouta", "en", "eastern-ghouta"),
    ("al-Ghouta al-Sharqiya", "en", "eastern-ghouta"),
    ("East Ghuta", "en", "eastern-ghouta"),
    ("Ghouta orientale", "fr", "eastern-ghouta"),
    ("الغوطة الشرقية", "ar", "eastern-ghouta"),
    ("Western Ghouta", "en", "western-ghouta"),
    ("Ghouta occidentale", "fr", "western-ghouta"),
    ("الغوطة الغربية", "ar", "western-ghouta"),
    ("Ghouta", "en", "ghouta"),
    ("Qalamoun Mountains", "en", "qalamoun"),
    ("monts Qalamoun", "fr", "qalamoun"),
    ("القلمون", "ar", "qalamoun"),
    ("Eastern Qalamoun", "en", "eastern-qalamoun"),
    ("القلمون الشرقي", "ar", "eastern-qalamoun"),
    ("Barada valley", "en", "wadi-barada"),
    ("vallée de Barada", "fr", "wadi-barada"),
    ("وادي بردى", "ar", "wadi-barada"),
    ("Yarmouk Basin", "en", "yarmouk-basin"),
    ("bassin du Yarmouk", "fr", "yarmouk-basin"),
    ("حوض اليرموك", "ar", "yarmouk-basin"),
    ("Sahl al-Ghab", "en", "ghab-plain"),
    ("plaine du Ghab", "fr", "ghab-plain"),
    ("سهل الغاب", "ar", "ghab-plain"),
    ("Jabal al-Zawiyah", "en", "jabal-al-zawiya"),
    ("djebel Zawiya", "fr", "jabal-al-zawiya"),
    ("جبل الزاوية", "ar", "jabal-al-zawiya"),
    ("Jebel Akrad", "en", "jabal-al-akrad"),
    ("جبل الأكراد", "ar", "jabal-al-akrad"),
    ("Jabal Turkman", "en", "jabal-al-turkman"),
    ("Afrin canton", "en", "afrin-region"),
    ("canton d'Afrin", "fr", "afrin-region"),
    ("منطقة عفرين", "ar", "afrin-region"),
    ("Kobani canton", "en", "kobani-region"),
    ("Jazira region", "en", "jazira-region"),
    ("Djézireh syrienne", "fr", "jazira-region"),
    ("Euphrates River valley", "en", "euphrates-valley"),
    ("vallée de l'Euphrate", "fr", "euphrates-valley"),
    ("وادي الفرات", "ar", "euphrates-valley"),
    ("Syrian Desert", "en", "syrian-desert"),
    ("Badia", "en", "syrian-desert"),
    ("désert syrien", "fr", "syrian-desert"),
    ("بادية الشام", "ar", "syrian-desert"),
    ("desert of Homs", "en", "homs-desert"),
    ("désert de Homs", "fr", "homs-desert"),
    ("بادية حمص", "ar", "homs-desert"),
    ("Deir Ezzor desert", "en", "deir-ez-zor-desert"),
    ("Jabal al-Druze", "en", "jabal-al-arab"),
    ("جبل العرب", "ar", "jabal-al-arab"),
    ("Idlib de-escalation zone", "en", "idlib-de-escalation-zone"),
    ("Putin-Erdogan area", "en", "idlib-de-escalation-zone"),
    ("zone démilitarisée d'Idleb", "fr", "idlib-de-escalation-zone"),
    ("Euphrates Shield area", "en", "euphrates-shield-area"),
    ("zone du Bouclier de l'Euphrate", "fr", "euphrates-shield-area"),
    ("منطقة درع الفرات", "ar", "euphrates-shield-area"),
    ("Olive Branch areas", "en", "afrin-region"),
    ("Peace Spring area", "en", "peace-spring-area"),
    ("منطقة نبع السلام", "ar", "peace-spring-area"),
])
def test_a_region_is_found_by_its_names_in_each_language(gz: Gazetteer, name: str, lang: str,
                                                        slug: str) -> None:
    best = gz.lookup(name, lang=lang)
    assert best and best[0].id == _region(slug), (name, [p.id for p in best])
    assert best[0].kind == "region" and best[0].country_code == "SY"


@pytest.mark.parametrize("lang, text, slugs", [
    ("en", "Government forces shelled the Eastern Ghouta on Tuesday and clashes continued in "
           "Wadi Barada.", ["eastern-ghouta", "wadi-barada"]),
    ("en", "IS fighters attacked army posts in the desert of Homs and in the Yarmouk Basin.",
     ["homs-desert", "yarmouk-basin"]),
    ("en", "Air strikes hit villages in Sahl al-Ghab and Jabal al-Zawiya as the SDF advanced "
           "in the Euphrates Valley.", ["ghab-plain", "jabal-al-zawiya", "euphrates-valley"]),
    ("fr", "Des combats ont eu lieu dans les monts Qalamoun et dans la plaine du Ghab.",
     ["qalamoun", "ghab-plain"]),
    ("fr", "Les FDS avancent dans la vallée de l'Euphrate, l'EI se replie dans le désert de Homs.",
     ["euphrates-valley", "homs-desert"]),
    # French puts the direction after the name, in lower case
    ("fr", "Des frappes ont visé la Ghouta orientale et la Ghouta occidentale, près de Damas.",
     ["eastern-ghouta", "western-ghouta"]),
    ("ar", "قصفت قوات النظام الغوطة الشرقية واشتباكات في حوض اليرموك",
     ["eastern-ghouta", "yarmouk-basin"]),
    ("ar", "غارات على جبل الزاوية وسهل الغاب", ["jabal-al-zawiya", "ghab-plain"]),
])
def test_regions_are_read_in_text(gz: Gazetteer, lang: str, text: str,
                                  slugs: list[str]) -> None:
    found = [m.place.id for m in gz.geoparse(text, lang) if m.place is not None]
    assert [p for p in found if p.startswith("geomap:sy-region-")] == [_region(s) for s in slugs]


@pytest.mark.parametrize("lang, text", [
    ("fr", "Des frappes ont visé la Ghouta, près de Damas."),
    ("en", "Heavy shelling on the Ghouta, east of Damascus."),
])
def test_the_ghouta_alone_is_the_oasis_that_holds_its_east(gz: Gazetteer, lang: str,
                                                           text: str) -> None:
    (ghouta, damascus) = [m.place for m in gz.geoparse(text, lang)]
    assert ghouta is not None and ghouta.id == _region("ghouta")
    assert damascus is not None and damascus.id == "geonames:170654"
    assert _shape(gz, ghouta.id).buffer(1e-3).contains(_shape(gz, _region("eastern-ghouta")))


def test_region_names_take_no_town_name_away(gz: Gazetteer) -> None:
    assert gz.lookup("Afrin")[0].id == "geonames:174186"  # the town, not the canton
    assert gz.lookup("Kobani")[0].id == "geonames:172256"
    assert gz.lookup("Yarmouk", country="SY")[0].id == "geonames:166716"  # the camp
    assert not gz.geoparse("The minister told Al Jazeera that talks would resume.", "en")


@pytest.mark.parametrize("slug, town", [
    ("eastern-ghouta", "geonames:170592"),  # Douma
    ("western-ghouta", "geonames:170892"),  # Darayya
    ("qalamoun", "geonames:162627"),  # Yabroud
    ("wadi-barada", "geonames:172232"),  # Ain al-Fijah
    ("afrin-region", "geonames:174186"),  # Afrin
    ("kobani-region", "geonames:172256"),  # Kobani
    ("jazira-region", "geonames:173377"),  # Qamishli
    ("euphrates-valley", "geonames:170794"),  # Deir ez-Zor
    ("euphrates-valley", "geonames:172955"),  # Raqqa
    ("syrian-desert", "geonames:163808"),  # Palmyra
    ("homs-desert", "geonames:172425"),  # As Sukhnah
])
def test_a_region_holds_the_towns_it_is_made_of(gz: Gazetteer, slug: str, town: str) -> None:
    place = gz.get(town)
    assert place is not None
    assert _shape(gz, _region(slug)).contains(Point(place.lon, place.lat))


def _ancestor_ids(gz: Gazetteer, place: Place) -> list[str]:
    return [p.id for p in gz.ancestors(place)]


def test_regions_sit_inside_the_places_that_hold_them(gz: Gazetteer) -> None:
    east = gz.get(_region("eastern-ghouta"))
    assert east is not None
    assert _ancestor_ids(gz, east)[:4] == [_region("ghouta"), "geomap:sy-gov-rif-dimashq",
                                           "geonames:163843", "geonames:6255147"]
    homs_desert = _shape(gz, _region("homs-desert"))
    assert _shape(gz, "geomap:sy-gov-homs").buffer(1e-3).contains(homs_desert)
    assert _shape(gz, _region("syrian-desert")).buffer(1e-3).contains(homs_desert)
    syria = _shape(gz, "geomap:sy-gov-aleppo")
    for gov in ("idlib", "hama", "homs", "latakia", "tartus", "raqqa", "deir-ez-zor",
                "hasakah", "damascus", "rif-dimashq", "quneitra", "daraa", "as-suwayda"):
        syria = syria.union(_shape(gz, f"geomap:sy-gov-{gov}"))
    for place in gz.overlay_places():
        if place.id.startswith("geomap:sy-region-"):
            outline = _shape(gz, place.id)
            assert syria.buffer(1e-3).contains(outline), place.id
            assert outline.contains(Point(place.lon, place.lat)), place.id


@pytest.mark.parametrize(("text", "lang", "found"), [
    ("Violent clashes continue around the Barada valley", "en", "Barada valley"),
    ("Shelling in the Euphrates valley and the Homs desert", "en", "Euphrates valley"),
    ("Shelling in the Euphrates valley and the Homs desert", "en", "Homs desert"),
    ("A massacre in the Yarmouk basin", "en", "Yarmouk basin"),
    ("Des combats dans la vallée du Barada", "fr", "vallée du Barada"),
])
def test_a_landform_word_in_lower_case_ends_a_regions_name(gz: Gazetteer, text: str,
                                                          lang: str, found: str) -> None:
    """Wire copy writes "the Barada valley" and "the Homs desert": the landform word ends
    the region's name though it is not capitalised (a word of feature_words)."""
    mentions = {m.text: m.place for m in gz.geoparse(text, lang=lang)}
    assert found in mentions and mentions[found].kind == "region", mentions


def test_a_landform_word_makes_no_name_of_its_own(gz: Gazetteer) -> None:
    assert [m.text for m in gz.geoparse("They crossed the valley and the desert.")] == []
    assert [m.text for m in gz.geoparse("Fighting in Homs and the plain.")] == ["Homs"]


@pytest.mark.parametrize("text, lang, slug", [
    ("Shelling in the Idlib de-escalation zone kills 4", "en", "idlib-de-escalation-zone"),
    ("35 persons were killed within the Putin – Erdogan area", "en",
     "idlib-de-escalation-zone"),
    ("Des tirs dans la zone du Bouclier de l'Euphrate", "fr", "euphrates-shield-area"),
    ("An explosion in the Euphrates Shield areas wounds 3", "en", "euphrates-shield-area"),
])
def test_zones_of_agreements_and_operations_are_read_in_text(gz: Gazetteer, text: str,
                                                             lang: str, slug: str) -> None:
    """The zones the Russian-Turkish agreements and Turkey's operations drew are named
    regions ("the Idlib de-escalation zone", "the Euphrates Shield areas"); a name ending on
    a lower-case "zone" or "area" and a dash between spaces ("Putin – Erdogan") are read."""
    assert _region(slug) in {m.place.id for m in gz.geoparse(text, lang=lang)}
