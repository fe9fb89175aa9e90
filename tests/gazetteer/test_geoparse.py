"""Geoparsing running text: every place found, resolved in context, nothing else."""

from __future__ import annotations

import re

import pytest

from gazetteer import Gazetteer, Mention

ALEPPO, TADMUR, SYRIA = "geonames:170063", "geonames:163808", "geonames:163843"
EAST, WEST = "geomap:alep-est", "geomap:alep-ouest"


def _by_text(mentions: list[Mention]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in mentions:
        out.setdefault(m.text, set()).add(m.place.id)
    return out


def test_seed_article_places(gz: Gazetteer, seed_fr: str) -> None:
    mentions = gz.geoparse(seed_fr, lang="fr")
    found = _by_text(mentions)
    assert found == {
        "Syrie": {SYRIA},
        "Palmyre": {TADMUR},
        "Alep": {ALEPPO},
        "Alep-Est": {EAST},
        "Alep-Ouest": {WEST},
        "la partie ouest d'Alep": {WEST},
        "Paris": {"geonames:2988507"},
        "Moscou": {"geonames:524901"},
    }
    for m in mentions:  # offsets point into the text
        assert seed_fr[m.start:m.end] == m.text
    assert sum(m.text == "Palmyre" for m in mentions) == seed_fr.count("Palmyre")
    assert sum(m.text == "Syrie" for m in mentions) == len(re.findall(r"\bSyrie\b", seed_fr))


@pytest.mark.parametrize("name", [
    "Rami Abdel Rahmane", "Ibrahim Abou al-Leith", "Yezid Sayigh", "Centre Carnegie Moyen-Orient",
    "Observatoire syrien des droits de l'Homme", "Casques Blancs", "Envie", "Contactez",
])
def test_seed_people_and_organisations_are_no_places(gz: Gazetteer, seed_fr: str,
                                                     name: str) -> None:
    mentions = gz.geoparse(seed_fr, lang="fr")
    starts = [m.start() for m in re.finditer(re.escape(name), seed_fr)]
    assert starts, f"{name!r} is not in the seed"
    for start in starts:
        end = start + len(name)
        assert not [m.text for m in mentions if m.start < end and start < m.end]


@pytest.mark.parametrize("text, lang", [
    ("Mais le régime avance. Plus de 300 morts. Est-ce la fin ? Envie de partir.", "fr"),
    ("Nice work, he said. May was cold. Reading the report, officials wept. Police came.",
     "en"),
])
def test_common_words_are_no_places(gz: Gazetteer, text: str, lang: str) -> None:
    assert gz.geoparse(text) == []
    assert gz.geoparse(text, lang=lang) == []


def test_common_words_that_name_major_places(gz: Gazetteer) -> None:
    found = {m.text: m.place.country_code for m in gz.geoparse(
        "Protesters gathered in Nice and Reading on Sunday. Nice a voté.", lang="en")}
    assert found == {"Nice": "FR", "Reading": "GB"}


def test_district_phrases(gz: Gazetteer) -> None:
    text = ("Les civils ont fui vers la partie ouest d'Alep, puis vers les quartiers rebelles "
            "d'Alep-Est.")
    found = {m.text: m.place.id for m in gz.geoparse(text, lang="fr")}
    assert found == {"la partie ouest d'Alep": WEST, "Alep-Est": EAST}
    text = "Shelling hit eastern Aleppo and the western part of Aleppo overnight."
    found = {m.text: m.place.id for m in gz.geoparse(text, lang="en")}
    assert found == {"eastern Aleppo": EAST, "the western part of Aleppo": WEST}


def test_english_parity(gz: Gazetteer, seed_en: str) -> None:
    found = _by_text(gz.geoparse(seed_en))
    assert found["Palmyra"] == {TADMUR}
    assert found["East Aleppo"] == {EAST}
    assert found["West Aleppo"] == {WEST}
    assert found["western Aleppo"] == {WEST}
    assert found["Moscow"] == {"geonames:524901"}
    for name in ("Idlib", "Deir ez-Zor", "Raqqa", "Homs"):
        (place,) = {gz.get(pid) for pid in found[name]}
        assert place is not None and place.country_code == "SY" and place.kind == "city", name
    assert not any(name in found for name in ("Ibrahim", "Abu Laith", "Laith", "White Helmets"))


@pytest.mark.parametrize("text", [
    "Government forces shelled Deir Ezzor and Dayr az Zawr province overnight.",
    "Air strikes on Idleb, Rakka and Deir ez-Zor killed civilians in Syria.",
])
def test_syrian_spellings_in_text(gz: Gazetteer, text: str) -> None:
    mentions = gz.geoparse(text)
    assert len(mentions) >= 2
    assert all(m.place.country_code == "SY" for m in mentions)


def test_palmyra_new_york(gz: Gazetteer) -> None:
    text = ("The storm hit Palmyra, a village near Rochester, New York, on Tuesday. "
            "Palmyra officials said roads to Syracuse were closed.")
    palmyras = [m for m in gz.geoparse(text) if m.text == "Palmyra"]
    assert len(palmyras) == 2
    assert all(m.place.country_code == "US" and m.place.admin1 == "US.NY" for m in palmyras)


def test_people_are_no_places(gz: Gazetteer) -> None:
    text = ("Paris Hilton arrived in London. Jordan Henderson scored. "
            "Bruce Ivins worked in Maryland; Ivins said nothing.")
    found = {m.text for m in gz.geoparse(text, lang="en")}
    assert found == {"London", "Maryland"}


def test_candidates_and_scores(gz: Gazetteer, seed_fr: str) -> None:
    for m in gz.geoparse(seed_fr, lang="fr"):
        assert 0 < m.score <= 1
        assert all(p.id != m.place.id for p, _ in m.candidates)


def test_one_unresolvable_name_does_not_empty_the_rest(gz: Gazetteer) -> None:
    text = "Fighting near Qzxwvbtt and in Homs, Syria."
    assert {m.text for m in gz.geoparse(text)} == {"Homs", "Syria"}


def test_arabic_text(gz: Gazetteer) -> None:
    text = "قصف الطيران الروسي مدينة تدمر في سوريا وأحياء شرق حلب"
    found = {m.place.id for m in gz.geoparse(text)}
    assert {TADMUR, SYRIA, EAST} <= found


def test_empty_and_odd_input(gz: Gazetteer) -> None:
    assert gz.geoparse("") == []
    assert gz.geoparse("   \n\n ") == []
    assert gz.geoparse("1234 5678 !!!") == []
    assert gz.geoparse("<script>alert(1)</script> " * 100) == []


def test_context_bonuses_are_the_weighted_features(gz: Gazetteer, seed_en: str) -> None:
    """geoparse sums the context bonuses directly; resolution() keeps the features they
    weigh: both must score every candidate the same."""
    from gazetteer.resolve import WEIGHTS, dot

    texts = [seed_en, "Lebanon, Pa., Paris, Ky. and Athens, in Georgia, near Atlanta.",
             "Shelling hit Homs and Hama, Syria, and Tripoli in Lebanon."]
    for text in texts:
        fast = gz._resolve(text, None, (), explain=False)
        slow = gz.resolution(text)
        assert fast[2] == [best for _, _, best in slow]
        for cands, (_, explained, _) in zip(fast[1], slow, strict=True):
            for c, e in zip(cands, explained, strict=True):
                assert abs(c.score - e.score) < 1e-9
                assert abs(e.score - e.prior - dot(WEIGHTS, e.context)) < 1e-9
