"""Who says what: a word that points back ("cette ONG", "the NGO", "le ministère") stands
for the organisation the report named, whichever it is; a city is no source by itself and a
capital speaks only when it is the subject of a verb of saying. Sentences written for these
tests."""

from __future__ import annotations

from datetime import date

import pytest

from gazetteer import Gazetteer
from geomap.extract import extract_events
from geomap.extract.context import ReportMemory, find_sources
from geomap.extract.lexicon import Lexicon
from geomap.extract.segment import sentences
from geomap.models import Event

SUNDAY = date(2017, 6, 11)
SOHR = "Syrian Observatory for Human Rights"


def _extract(gz: Gazetteer, text: str, lang: str) -> list[Event]:
    return extract_events(text, published=SUNDAY, lang=lang, gazetteer=gz)


def _sources(text: str, lang: str) -> list[list[str]]:
    """The sources of each sentence, as the report's memory resolves them."""
    lex = Lexicon.load(lang)
    memory = ReportMemory()
    return [[s.name for s in find_sources(text, sent, lex, memory)]
            for sent in sentences(text, lex)]


@pytest.mark.parametrize("lang, text, ngo", [
    ("fr", "Médecins sans frontières (MSF) soutient l'hôpital d'Idleb depuis 2015. Selon cette "
           "ONG, une frappe aérienne l'a touché samedi, tuant 9 patients.",
     "Médecins Sans Frontières (MSF)"),
    ("en", "Doctors Without Borders has supported the hospital in Idlib since 2015. An air "
           "strike hit it on Saturday, killing 9 patients, the NGO said.",
     "Médecins Sans Frontières (MSF)"),
    ("fr", "L'ONG OVD-Info suit les manifestations depuis 2011. Selon cette ONG, la police a "
           "interpellé 40 manifestants dimanche à Moscou.", "OVD-Info"),
    ("en", "The rights group OVD-Info has tracked protests since 2011. Police detained 40 "
           "protesters in Moscow on Sunday, the NGO said.", "OVD-Info"),
])
def test_the_ngo_is_the_one_the_report_named(gz: Gazetteer, lang: str, text: str,
                                             ngo: str) -> None:
    first, second = _sources(text, lang)
    assert second == [ngo]
    events = _extract(gz, text, lang)
    assert events and all(e.source == ngo for e in events)
    assert all(SOHR not in (e.source or "") for e in events)


@pytest.mark.parametrize("lang, text", [
    ("fr", "Des frappes ont tué 8 civils à Alep samedi, selon l'Observatoire syrien des droits "
           "de l'Homme (OSDH). D'après cette ONG, 3 enfants figurent parmi les morts."),
    ("en", "Strikes killed 8 civilians in Aleppo on Saturday, the Syrian Observatory for Human "
           "Rights said. Three children were among the dead, according to the Observatory."),
])
def test_the_observatory_when_the_report_named_it(lang: str, text: str) -> None:
    assert _sources(text, lang)[1] == [SOHR]


@pytest.mark.parametrize("lang, text", [
    ("fr", "Selon cette ONG, l'hôpital a été évacué."),
    ("en", "The hospital was evacuated, the NGO said."),
])
def test_a_word_that_points_back_to_nothing_names_nobody(lang: str, text: str) -> None:
    assert _sources(text, lang) == [[]]


@pytest.mark.parametrize("lang, text, ministry", [
    ("fr", "Le ministère ukrainien de la Défense a fait état de 5 soldats tués à Bakhmout "
           "samedi. Le ministère a précisé que les bombardements avaient cessé.",
     "ministère ukrainien de la Défense"),
    ("en", "The Ukrainian Defence Ministry said 5 soldiers were killed in Bakhmut on Saturday. "
           "The ministry said the shelling had stopped.", "Ukrainian Defence Ministry"),
])
def test_the_ministry_is_the_one_named(lang: str, text: str, ministry: str) -> None:
    first, second = _sources(text, lang)
    assert ministry in first and second == [ministry]
    assert "Russian defence ministry" not in first + second


@pytest.mark.parametrize("lang, text", [
    ("en", "Police detained 40 protesters in Moscow on Sunday."),
    ("fr", "La police a interpellé 40 manifestants dimanche à Moscou."),
    ("en", "A car bomb exploded in Moscow on Sunday, killing two people."),
    ("fr", "Une voiture piégée a explosé dimanche à Moscou, tuant deux personnes."),
])
def test_events_in_moscow_are_events_in_moscow(gz: Gazetteer, lang: str, text: str) -> None:
    events = _extract(gz, text, lang)
    assert events and all(e.location == "Moscow" for e in events)
    assert all(e.source is None and e.actor1 != "Russian military forces" for e in events)
