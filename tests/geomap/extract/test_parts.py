"""The parts of extraction: cleaning, sentences, numbers, dates."""

from __future__ import annotations

from datetime import date

import pytest

from gazetteer import Gazetteer
from geomap.extract import detect_report_language, extract_events
from geomap.extract.clean import decode_entities, for_geoparse
from geomap.extract.dates import find_times
from geomap.extract.lexicon import Lexicon
from geomap.extract.numbers import find_quantities, parse_number
from geomap.extract.segment import article_end, sentences
from geomap.extract.spellings import variants

SUNDAY = date(2016, 12, 11)


def test_boilerplate_is_cut_and_offsets_kept(seed_fr: str) -> None:
    lex = Lexicon.load("fr")
    end = article_end(seed_fr, lex)
    assert seed_fr[end:].startswith("A LIRE AUSSI")
    sents = sentences(seed_fr, lex)
    assert all(seed_fr[s.start:s.end] == s.text for s in sents)
    assert not any("Envie" in s.text or "Contactez" in s.text for s in sents)


def test_repeated_and_advert_lines_are_dropped() -> None:
    lex = Lexicon.load("en")
    text = ("Shelling hit Homs on Monday.\nAdvertisement\nThe army said so.\n"
            "Top story\nTop story\nRead more\nAnother story about Idlib.")
    got = [s.text for s in sentences(text, lex)]
    assert got == ["Shelling hit Homs on Monday.", "The army said so."]


@pytest.mark.parametrize("lang, text, count", [
    ("fr", "M. Assad a parlé. Plus de 10.000 civils ont fui. Selon l'OSDH, c'est grave.", 3),
    ("en", "Mr. Smith met Dr. Jones in the U.S. on Monday. They spoke. It was 3.5 km away.", 3),
    ("fr", "« Ils meurent », a dit le porte-parole. La ville est tombée.", 2),
])
def test_sentences_survive_abbreviations_and_numbers(lang: str, text: str, count: int) -> None:
    assert len(sentences(text, Lexicon.load(lang))) == count


@pytest.mark.parametrize("token, lang, value", [
    ("10.000", "fr", 10000), ("10 000", "fr", 10000), ("10\u202f000", "fr", 10000),
    ("10,000", "en", 10000), ("1,5", "fr", 1.5), ("139", "en", 139),
])
def test_number_formats(token: str, lang: str, value: float) -> None:
    assert parse_number(token, lang) == value


@pytest.mark.parametrize("lang, text, value, unit, lower", [
    ("fr", "plus de 300 membres de l'EI ont été tués", 300, "fatalities", True),
    ("fr", "au moins 139 civils ont péri", 139, "fatalities", True),
    ("fr", "dix civils tués", 10, "fatalities", False),
    ("en", "at least 139 civilians were killed", 139, "fatalities", True),
    ("en", "some 2,000 people fled", 2000, "displaced", False),
    ("en", "destroying 11 tanks", 11, "tanks", False),
])
def test_counts_and_lower_bounds(lang: str, text: str, value: int, unit: str,
                                 lower: bool) -> None:
    (q,) = find_quantities(text, 0, len(text), Lexicon.load(lang))
    assert (q.value, q.unit, q.lower_bound) == (value, unit, lower)


@pytest.mark.parametrize("lang, text, day, end_day, since", [
    ("fr", "samedi", date(2016, 12, 10), None, False),
    ("fr", "dimanche", SUNDAY, None, False),
    ("fr", "depuis minuit", SUNDAY, None, True),
    ("fr", "durant la nuit", date(2016, 12, 10), SUNDAY, False),
    ("fr", "depuis le 15 novembre", date(2016, 11, 15), None, True),
    ("fr", "en mars dernier", date(2016, 3, 1), None, False),
    ("fr", "en mai 2005", date(2005, 5, 1), None, False),
    ("en", "last Saturday", date(2016, 12, 10), None, False),
    ("en", "since November 15", date(2016, 11, 15), None, True),
    ("en", "overnight", date(2016, 12, 10), SUNDAY, False),
])
def test_times_relative_to_publication(lang: str, text: str, day: date,
                                       end_day: date | None, since: bool) -> None:
    (ref,) = find_times(text, 0, len(text), SUNDAY, lang)
    assert (ref.day, ref.end_day, ref.since) == (day, end_day, since)


def test_empty_and_eventless_text(gz: Gazetteer) -> None:
    assert extract_events("", published=SUNDAY, gazetteer=gz) == []
    assert extract_events("   \n", published=SUNDAY, gazetteer=gz) == []
    assert extract_events("The weather in Paris was mild on Sunday.", published=SUNDAY,
                          gazetteer=gz) == []
    with pytest.raises(TypeError):
        extract_events("x", published="2016-12-11", gazetteer=gz)  # type: ignore[arg-type]


def test_language_is_detected(gz: Gazetteer, seed_fr: str, seed_en: str) -> None:
    assert detect_report_language(seed_fr, gz) == "fr"
    assert detect_report_language(seed_en, gz) == "en"
    assert extract_events(seed_fr, published=SUNDAY, gazetteer=gz) == extract_events(
        seed_fr, published=SUNDAY, lang="fr", gazetteer=gz)


def test_a_cause_is_no_event(gz: Gazetteer) -> None:
    text = "Plus de 200 civils ont fui Homs samedi en raison des combats et des bombardements."
    events = extract_events(text, published=SUNDAY, lang="fr", gazetteer=gz)
    assert [e.sub_event_type for e in events] == ["Displacement"]


@pytest.mark.parametrize("lang, text, value, subset, cumulative", [
    ("en", "at least 50 killed, five of them children", 5, True, False),
    ("fr", "au moins 50 morts, dont 5 enfants", 5, True, False),
    ("en", "74 persons were killed including 13 members of the regime forces", 13, True, False),
    ("fr", "74 personnes tuées, parmi lesquelles 13 soldats", 13, True, False),
    ("en", "raising the death toll to 94", 94, False, True),
    ("fr", "portant le bilan à 94 morts", 94, False, True),
])
def test_parts_and_running_totals_are_marked(lang: str, text: str, value: int, subset: bool,
                                             cumulative: bool) -> None:
    q = next(q for q in find_quantities(text, 0, len(text), Lexicon.load(lang))
             if q.value == value)
    assert (q.unit, q.subset, q.cumulative) == ("fatalities", subset, cumulative)


@pytest.mark.parametrize("lang, text, value, unit", [
    ("en", "kill and injure about 20 persons", 20, "casualties"),
    ("fr", "20 personnes tuées ou blessées", 20, "casualties"),
    ("en", "claim the lives of 4 displaced people", 4, "fatalities"),
    ("fr", "coûté la vie à 4 déplacés", 4, "fatalities"),
    ("en", "17 members of IS, including a commander, were killed", 17, "fatalities"),
    ("fr", "17 membres de l'EI, dont un chef, ont été tués", 17, "fatalities"),
    ("en", "the warplanes kill 6 citizens of one family", 1, None),
    ("en", "leaving 12 wounded", 12, "injured"),
    ("en", "the bombardment kills two women, two children", 4, "fatalities"),
    ("fr", "tuant deux femmes et trois enfants", 5, "fatalities"),
    ("fr", "laissant 12 blessés", 12, "injured"),
])
def test_what_a_number_counts(lang: str, text: str, value: int, unit: str | None) -> None:
    q = next(q for q in find_quantities(text, 0, len(text), Lexicon.load(lang))
             if q.value == value)
    assert q.unit == unit


@pytest.mark.parametrize("lang, text, day, precision", [
    ("fr", "le mois dernier", date(2016, 11, 1), 3),
    ("en", "last month", date(2016, 11, 1), 3),
    ("fr", "le 20 décembre", date(2015, 12, 20), 1),  # no year: the last one before Sunday
    ("en", "on December 20", date(2015, 12, 20), 1),
    ("en", "November 15, 2016", date(2016, 11, 15), 1),
])
def test_months_and_dates_without_a_year(lang: str, text: str, day: date,
                                         precision: int) -> None:
    (ref,) = find_times(text, 0, len(text), SUNDAY, lang)
    assert (ref.day, ref.precision) == (day, precision)


def test_entities_are_decoded_with_offsets_back_to_the_text() -> None:
    text = "Clashes in al-Bab&#8217;s countryside &amp; Idlib."
    decoded = decode_entities(text)
    assert decoded.text == "Clashes in al-Bab’s countryside & Idlib."
    at = decoded.text.index("Idlib")
    assert text[decoded.original(at):decoded.original(at) + 5] == "Idlib"
    assert decoded.original(len(decoded.text)) == len(text)
    assert for_geoparse("near al-Bab and d'al-Tabqa, El-Arish") == \
        "near Al-Bab and d'Al-Tabqa, El-Arish"


@pytest.mark.parametrize("name, variant", [
    ("Tel Rifaat", "Tall Rifat"), ("Jisr Al-Shoghor", "Jisr Al-Shughur"),
    ("Talbiseh", "Talbisah"), ("El-Facher", "El-Fasher"), ("Hammuriyya", "Hamuriya"),
])
def test_spelling_variants_of_transliterated_names(name: str, variant: str) -> None:
    assert variant in variants(name)


def test_languages_have_the_same_lexicon_sections() -> None:
    """Adding a language means adding a TOML file with the same sections: each file has
    every key the other has, and every list of patterns compiles."""
    en, fr = Lexicon.load("en"), Lexicon.load("fr")

    def keys(raw: dict[str, object], prefix: str = "") -> set[str]:
        out = set()
        for k, v in raw.items():
            out.add(prefix + k)
            if isinstance(v, dict) and k not in ("months", "weekdays", "words", "multipliers",
                                                 "compound_parts"):
                out |= keys(v, f"{prefix}{k}.")
        return out

    assert keys(en.raw) - {"lang"} == keys(fr.raw) - {"lang"}
    for lex in (en, fr):
        for section, table in lex.raw.items():
            if isinstance(table, dict) and section != "sources":
                for key, value in table.items():
                    if isinstance(value, list) and all(isinstance(v, str) for v in value):
                        lex.regex(section, key)
                        lex.tail(section, key)
