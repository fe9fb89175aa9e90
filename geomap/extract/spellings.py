"""Names that stand where a report names a place but that the geoparser left unresolved:
"in Safsafa area", "the village of Ogossagou", "near Tel Rifaat". Each is looked up again
with the spelling variants of transliterated names (``seeds/lexicons/spellings.toml``) in the
countries the report is about; what still resolves nowhere is a place the gazetteer lacks,
and the event goes to the smallest unit the text names that it has (and says so)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from gazetteer import Gazetteer, Place
from geomap.extract.lexicon import Lexicon, body_of, lexicon_dir
from geomap.extract.segment import Sentence

__all__ = ["NameInPlace", "names_in_place", "respell", "variants"]

_UNFIT = ("country", "continent", "region")
#: "NW Daraa: …", "ALEPPO — …": a place opening a line as its dateline
_DATELINE = re.compile(r"\s*(?::|—|–|\s-\s)")


@dataclass
class NameInPlace:
    """A capitalised name at ``start..end`` in a place's position; ``place`` when a
    spelling variant found it."""

    name: str
    start: int
    end: int
    place: Place | None = None


@cache
def _rules() -> tuple[list[tuple[re.Pattern[str], str]], list[str]]:
    data = tomllib.loads((lexicon_dir() / "spellings.toml").read_text(encoding="utf-8"))
    rules = [(re.compile(r["find"]), r["replace"]) for r in data.get("rule", [])]
    return rules, list(data.get("particles", []))


def variants(name: str) -> list[str]:
    """``name`` respelled by each rule alone, then by all of them in order (no repeats)."""
    rules, _ = _rules()
    out: list[str] = []
    every = name
    for pattern, replacement in rules:
        one = pattern.sub(replacement, name)
        if one != name and one not in out:
            out.append(one)
        every = pattern.sub(replacement, every)
    if every != name and every not in out:
        out.append(every)
    return out


@cache
def _patterns(lang: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str],
                                  re.Pattern[str]]:
    lex = Lexicon.load(lang)
    _, particles = _rules()
    joined = body_of(particles)
    word = r"[A-Z][\w'’‘`-]*"
    # a name, after a space or an elided article ("d'Ogossagou", "l'Ogossagou")
    run = re.compile(rf"(?:(?<=\s[dlDL]['’])|(?<![\w'’-])){word}"
                     rf"(?:[ \t]+(?:(?:{joined})[-‐ ])?{word}){{0,3}}")
    articles = body_of(lex.words("grammar", "articles"))
    before = body_of(lex.words("locatives", "words") + lex.words("places", "unnamed_before")
                     + lex.words("places", "near_before"))
    lead = re.compile(rf"(?<![\w'’])(?:{before})\s*(?:(?:{articles})\s*)?$", re.IGNORECASE)
    after = body_of(lex.words("places", "unnamed_after") + lex.words("places", "near_after"))
    tail = re.compile(rf"\s+(?:{after})(?!\w)", re.IGNORECASE)
    named = re.compile(rf"(?<![\w'’])(?:{body_of(lex.words('places', 'unnamed_before'))})\s*$",
                       re.IGNORECASE)
    return run, lead, tail, named


def names_in_place(text: str, sent: Sentence, lex: Lexicon, taken: list[tuple[int, int]],
                   gazetteer: Gazetteer) -> list[NameInPlace]:
    """Capitalised names of the sentence after a locative ("in", "near", "the village
    of") or before a place word ("X village", "X countryside") that no mention, actor or
    source covers; common words are not names."""
    run, lead, tail, _ = _patterns(lex.lang)
    out: list[NameInPlace] = []
    for m in run.finditer(text, sent.start, sent.end):
        a, b = m.span()
        if any(x < b and a < y for x, y in taken):
            continue
        last = tail.search(m.group())  # "Kabul University": the name, then a place word
        if last is not None and last.end() == b - a and last.start() > 0:
            b = a + last.start()
        placed = lead.search(text, max(sent.start, a - 40), a) or tail.match(text, b, sent.end) \
            or (a == sent.start and _DATELINE.match(text, b, sent.end))
        if not placed:
            continue
        words = text[a:b].split()
        if all(gazetteer.lexicon.is_common(w.strip("'’‘"), lex.lang) for w in words):
            continue
        out.append(NameInPlace(text[a:b], a, b))
    return out


def respell(name: NameInPlace, gazetteer: Gazetteer, countries: tuple[str, ...]) -> Place | None:
    """The place the name, or a spelling variant of it, finds in one of ``countries``
    (with no country known, the likeliest place of the first that finds one: as written,
    anywhere; respelled, only in a country whose names are romanised, the variants being
    those of romanisation: "al-Fu'aa" is no French "Foix")."""
    romanised = gazetteer.lexicon.translit_countries
    for variant in [name.name, *variants(name.name)]:
        if not countries:  # nothing to check a variant against: its likeliest place
            found = gazetteer.lookup(variant, fuzzy=False, limit=1)
            if found and found[0].kind not in _UNFIT and (
                    variant == name.name or found[0].country_code in romanised):
                return found[0]
            continue
        for place in gazetteer.lookup(variant, fuzzy=False, limit=5, focus=countries):
            if place.country_code in countries and place.kind not in _UNFIT:
                return place
    return None
