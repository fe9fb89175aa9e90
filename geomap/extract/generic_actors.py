"""Actors the lexicon does not list by name, recognised by their shape (``[shapes]`` of the
language lexicon): a country's forces or weapons ("Iraqi forces", "l'armée turque", "a
Russian missile"), a coalition led by someone ("Saudi-led coalition", "la coalition menée
par Washington"), a militia named by its people ("a Dogon militia"); and the actor of a
role in a given country ("government forces" in a report on Mali)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import cast

from gazetteer import Gazetteer
from geomap.extract.lexicon import ActorEntry, Lexicon, body_of

__all__ = ["GenericActor", "find_generic_actors", "national_actor"]


@dataclass(frozen=True)
class GenericActor:
    """An actor found by its shape at ``start..end`` of the text."""

    entry: ActorEntry
    start: int
    end: int


def _compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern.replace("'", "['’]").replace(" ", r"\s+"), flags)


@cache
def _patterns(gazetteer: Gazetteer, lang: str) -> tuple[re.Pattern[str], bool, dict[str, str],
                                                       list[re.Pattern[str]],
                                                       list[re.Pattern[str]]]:
    """(the forces words, whether the nationality stands before them, the demonyms,
    the led-coalition and the militia patterns) of a language."""
    lex = Lexicon.load(lang)
    table = gazetteer.lexicon.demonyms.get(lang, {})
    shapes = lex.raw.get("shapes", {})
    forces = re.compile(rf"(?<!\w)(?:{body_of(shapes.get('forces', []))})(?!\w)", re.IGNORECASE)
    first = bool(shapes.get("nationality_first", True))
    led = [_compile(p) for p in shapes.get("led", [])]
    militia = [_compile(p, 0 if first else re.IGNORECASE) for p in shapes.get("militia", [])]
    return forces, first, table, led, militia


_BEFORE = re.compile(r"(?:(?<=\s)|^)([\w’'-]+)(?:\s+([\w’'-]+))?\s+$")
_AFTER = re.compile(r"\s+([\w’'-]+)(?:\s+([\w’'-]+))?")
#: A second nationality sharing the forces word ("Armenian and Azerbaijani forces", "les
#: forces arméniennes et azerbaïdjanaises").
_PAIRED_BEFORE = re.compile(r"(?:(?<=\s)|^)([\w’'-]+)\s+(?:and|et|&)\s+$")
_PAIRED_AFTER = re.compile(r"\s+(?:and|et|&)\s+([\w’'-]+)")


def _nationality(table: dict[str, str], words: tuple[str | None, str | None], first: bool
                 ) -> tuple[str, int] | None:
    """The country of the one or two words next to a forces word ("Saudi Arabian", "Iraqi";
    "irakiennes"), the longest that is a demonym, and how many words it took."""
    one, two = words
    pairs = [(f"{one} {two}", 2), (two if first else one, 1)] if one and two else \
        [(one or two or "", 1)]
    for name, n in pairs:
        cc = table.get(name.casefold())
        if cc:
            return cc, n
    return None


_POSSESSIVE = re.compile(r"^(?P<name>[A-Z][\w-]+)['’]s$")


def _possessive_country(gazetteer: Gazetteer, word: str) -> tuple[str, int] | None:
    """The country a possessive names before a forces word ("Myanmar's military",
    "Sudan's army"), and the one word it took; None for any other word."""
    m = _POSSESSIVE.match(word)
    if m is None:
        return None
    found = gazetteer.lookup(m.group("name"), limit=1, fuzzy=False)
    if found and found[0].kind == "country" and found[0].country_code:
        return found[0].country_code, 1
    return None


def _country(gazetteer: Gazetteer | None, cc: str) -> str:
    place = gazetteer.country(cc) if gazetteer is not None else None
    return place.name if place is not None else cc


def _capital_country(gazetteer: Gazetteer, name: str) -> str | None:
    """The country a leader named by its capital or its own name stands for ("la coalition
    menée par Riyad", "Washington")."""
    found = gazetteer.lookup(name, limit=1, fuzzy=False)
    if found and found[0].kind in ("country", "city") and (
            found[0].kind == "country" or found[0].population >= 1_000_000):
        return found[0].country_code
    return None


def national_actor(entry: ActorEntry, cc: str, lex: Lexicon,
                   gazetteer: Gazetteer | None) -> ActorEntry:
    """The actor of ``entry``'s role in country ``cc``: the lexicon's own (Syria's
    government forces) when it has one, else one named after the country ("Mali military
    forces", "Unidentified Armed Group (Mali)")."""
    for own in lex.actors:
        if not own.is_source and not own.by_country and own.role == entry.role \
                and own.nation == cc:
            return own
    country = _country(gazetteer, cc)
    name = f"{country} military forces" if entry.role == "state" else f"{entry.name} ({country})"
    return ActorEntry(id=f"{entry.role}:{cc}", name=name, kind=entry.kind,
                      pattern=entry.pattern, colour=entry.colour, nation=cc,
                      role=entry.role)


def _role(lex: Lexicon, role: str) -> ActorEntry | None:
    return next((e for e in lex.actors if e.role == role and e.by_country), None)


def find_generic_actors(text: str, start: int, end: int, lex: Lexicon,
                        gazetteer: Gazetteer) -> list[GenericActor]:
    """State forces named by nationality, led coalitions and militias named by their people
    in ``text[start:end]``."""
    forces, first, table, led, militia = _patterns(gazetteer, lex.lang)
    out: list[GenericActor] = []
    found_state = _role(lex, "state")
    state = cast(ActorEntry, found_state)  # used below only when the lexicon has one
    for m in forces.finditer(text, start, end) if found_state is not None else ():
        if first:  # "Iraqi forces", "Saudi Arabian jets": capitalised, before
            near = _BEFORE.search(text, max(start, m.start() - 40), m.start())
            if near is None:
                continue
            found = _nationality(table, (near.group(1), near.group(2)), first) or \
                _possessive_country(gazetteer, near.group(2) or near.group(1))
            if found is None:
                continue
            cc, n = found
            at = near.start(2) if n == 1 and near.group(2) else near.start(1)
            if not text[at].isupper():
                continue
            out.append(GenericActor(national_actor(state, cc, lex, gazetteer), at, m.end()))
            other = _PAIRED_BEFORE.search(text, max(start, at - 40), at)  # "Armenian and …"
            if other is not None and other.group(1)[0].isupper() and \
                    table.get(other.group(1).casefold()):
                out.append(GenericActor(national_actor(state, table[other.group(1).casefold()],
                                                       lex, gazetteer),
                                        other.start(1), other.end(1)))
        else:  # "forces irakiennes", "un missile russe": after
            near = _AFTER.match(text, m.end(), end)
            if near is None:
                continue
            found = _nationality(table, (near.group(1), near.group(2)), first)
            if found is None:
                continue
            cc, n = found
            stop = near.end(2) if n == 2 else near.end(1)
            out.append(GenericActor(national_actor(state, cc, lex, gazetteer), m.start(), stop))
            other = _PAIRED_AFTER.match(text, stop, end)  # "… arméniennes et azerbaïdjanaises"
            if other is not None and table.get(other.group(1).casefold()):
                out.append(GenericActor(national_actor(state, table[other.group(1).casefold()],
                                                       lex, gazetteer),
                                        other.start(1), other.end(1)))
    for regex in led:
        for m in regex.finditer(text, start, end):
            who = m.group("who")
            led_cc = table.get(who.casefold()) or _capital_country(gazetteer, who)
            leader = (_country(gazetteer, led_cc) or who) if led_cc else who
            entry = ActorEntry(id=f"coalition:{leader.casefold()}",
                               name=f"{leader}-led coalition", kind="external",
                               category="coalition", pattern=re.compile(re.escape(m.group())))
            out.append(GenericActor(entry, m.start(), m.end()))
    for regex in militia:
        for m in regex.finditer(text, start, end):
            who = m.group("who")
            if table.get(who.casefold()):
                continue  # "Iraqi militias": a state's, found above
            if who.islower() and len(who) > 4 and who.endswith("s"):
                who = who[:-1]  # an adjective agreeing in the plural: "chasseurs dogons"
            name = f"{who[:1].upper()}{who[1:]} militia"
            entry = ActorEntry(id=f"militia:{who.casefold()}", name=name, kind="militia",
                               pattern=re.compile(re.escape(m.group())))
            out.append(GenericActor(entry, m.start(), m.end()))
    return out
