"""Actors the lexicon does not list by name, recognised by their shape: a country's forces
("Iraqi forces", "l'armée turque") and a coalition led by someone ("Saudi-led coalition",
"la coalition menée par Washington")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from gazetteer import Gazetteer
from geomap.extract.lexicon import ActorEntry

__all__ = ["GenericActor", "find_generic_actors"]

_FORCES_EN = (r"(?:government\s+|security\s+|special\s+|armed\s+)?(?:forces|troops|army|"
              r"military|soldiers|police|jets|warplanes|aircraft|air\s+force|navy|militias?)")
_FORCES_FR = (r"(?:forces(?:\s+armées)?|troupes|armée(?:\s+de\s+l['’]air)?|militaires|soldats|"
              r"police|aviation|avions|policiers|marine)")


@dataclass(frozen=True)
class GenericActor:
    """An actor found by its shape at ``start..end`` of the text."""

    entry: ActorEntry
    start: int
    end: int


@cache
def _patterns(gazetteer: Gazetteer, lang: str) -> tuple[re.Pattern[str], dict[str, str]]:
    table = gazetteer.lexicon.demonyms.get(lang, {})
    # the longest names first ("Saudi Arabian" before "Saudi")
    words = sorted(table, key=len, reverse=True)
    body = "|".join(re.escape(w) for w in words) or r"(?!x)x"
    if lang == "fr":
        pattern = re.compile(rf"(?<!\w){_FORCES_FR}\s+(?P<dem>{body})(?!\w)", re.IGNORECASE)
    else:  # English nationalities are capitalised ("Iraqi forces", not "iraqi")
        pattern = re.compile(rf"(?<!\w)(?=[A-Z])(?P<dem>{body})\s+{_FORCES_EN}(?!\w)",
                             re.IGNORECASE)
    return pattern, table


_LED = {
    "en": re.compile(r"(?<!\w)(?P<who>[A-Z][\w.]+)-led\s+(?:military\s+)?coalition(?!\w)"),
    "fr": re.compile(r"(?<!\w)coalition\s+(?:militaire\s+)?(?:menée|dirigée|conduite)\s+par\s+"
                     r"(?:l['’]|la\s+|le\s+|les\s+)?(?P<who>[A-ZÉ][\w-]+)"),
}


def _country(gazetteer: Gazetteer, cc: str) -> str:
    place = gazetteer.country(cc)
    return place.name if place is not None else cc


def find_generic_actors(text: str, start: int, end: int, lang: str,
                        gazetteer: Gazetteer) -> list[GenericActor]:
    """State forces named by nationality, and led coalitions, in ``text[start:end]``."""
    pattern, table = _patterns(gazetteer, lang)
    out: list[GenericActor] = []
    for m in pattern.finditer(text, start, end):
        cc = table.get(m.group("dem").casefold())
        if not cc:
            continue
        name = f"{_country(gazetteer, cc)} military forces"
        entry = ActorEntry(id=f"state:{cc}", name=name, kind="state",
                           pattern=re.compile(re.escape(m.group())))
        out.append(GenericActor(entry, m.start(), m.end()))
    led = _LED.get(lang)
    if led is not None:
        for m in led.finditer(text, start, end):
            who = m.group("who")
            cc = table.get(who.casefold())
            leader = _country(gazetteer, cc) if cc else who
            name = f"{leader}-led coalition"
            entry = ActorEntry(id=f"coalition:{leader.casefold()}", name=name, kind="external",
                               pattern=re.compile(re.escape(m.group())))
            out.append(GenericActor(entry, m.start(), m.end()))
    return out
