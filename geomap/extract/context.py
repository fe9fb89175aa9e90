"""What a report has said so far, and the sentence-level finders that use it: actors, places,
sources. Places come from the gazetteer's mentions; the report's memory resolves what a
sentence only points back to ("cette ville", "les quartiers gouvernementaux", "Ils")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from gazetteer import Gazetteer, Mention, Place
from geomap.extract.generic_actors import find_generic_actors
from geomap.extract.lexicon import ActorEntry, Lexicon
from geomap.extract.segment import Sentence

__all__ = ["ActorHit", "PlaceHit", "ReportMemory", "find_actors", "find_places",
           "find_sources"]

_KIND_CLASS = {"city": "city", "site": "city", "district": "district",
               "neighbourhood": "district", "admin1": "region", "admin2": "region",
               "country": "region", "region": "region", "continent": "region"}
_TARGET_BEFORE = re.compile(
    r"(?:contre|visant|sur|avec|against|targeting|on|with|membres?|members?|positions?|convois?|"
    r"convoys?|regroupements?|fighters?|combattants?)\s+(?:d[eu]s?\s+|of\s+(?:the\s+)?|"
    r"les\s+|l['’]|la\s+|le\s+|the\s+)?$", re.IGNORECASE)
_AGENT_BEFORE = re.compile(r"(?:\bd[eu]s?\s+|\bd['’]|\bpar\s+|\bby\s+|\bof\s+)"
                           r"(?:l['’]|la\s+|le\s+|les\s+|the\s+)?$", re.IGNORECASE)
_PRONOUN = re.compile(r"(?<!\w)(?:il|ils|elle|elles|it|they)(?!\w)", re.IGNORECASE)


@dataclass
class ActorHit:
    """An actor named at ``start..end``; ``target`` when the words before make it the one
    acted upon ("contre des positions de l'EI"), ``agent`` when they make it the doer
    ("raids de l'aviation russe")."""

    entry: ActorEntry
    start: int
    end: int
    target: bool = False
    agent: bool = False


@dataclass
class PlaceHit:
    """A place a sentence names or points to, with the precision of the reference."""

    place: Place
    start: int
    end: int
    precision: int = 1
    via: str = "name"  # name | anaphora | side | fallback


@dataclass
class ReportMemory:
    """The report so far: places by kind, which side holds which place, the actors of the
    last sentence, the last source, the start of the offensive."""

    last_place: dict[str, Place] = field(default_factory=dict)
    sides: dict[str, Place] = field(default_factory=dict)
    last_actors: list[ActorEntry] = field(default_factory=list)
    specific: dict[str, ActorEntry] = field(default_factory=dict)  # category -> actor
    last_source: str | None = None
    offensive_start: date | None = None
    last_event_place: PlaceHit | None = None
    violent_kinds: dict[str, str] = field(default_factory=dict)  # place id -> kind
    speakers: dict[str, str] = field(default_factory=dict)  # person -> source


def find_actors(text: str, sent: Sentence, lex: Lexicon, memory: ReportMemory,
                gazetteer: Gazetteer | None = None) -> list[ActorHit]:
    """Actors named in the sentence (sources excluded): the lexicon's, then those known by
    their shape ("Iraqi forces", "Saudi-led coalition"); a generic word ("les
    jihadistes", "militants") stands for the specific group the report named, and is part
    of its name right after it ("Islamic State militants")."""
    found: list[tuple[ActorEntry, int, int]] = []
    by_id = {e.id: e for e in lex.actors if not e.is_source}
    for entry in lex.actors:
        if entry.is_source:
            if entry.acts_for in by_id:  # "the Russian defence ministry said its bombers…"
                found += [(by_id[entry.acts_for], m.start(), m.end())
                          for m in entry.pattern.finditer(text, sent.start, sent.end)]
            continue
        found += [(entry, m.start(), m.end())
                  for m in entry.pattern.finditer(text, sent.start, sent.end)]
    if gazetteer is not None:
        found += [(g.entry, g.start, g.end)
                  for g in find_generic_actors(text, sent.start, sent.end, lex.lang, gazetteer)]
    sides = [m.span() for side in ("rebels", "government")
             for m in lex.regex("sides", side).finditer(text, sent.start, sent.end)]
    # "les quartiers rebelles" says whose the quarters are; the rebels do nothing there
    found = [f for f in found if not any(a <= f[1] < b for a, b in sides)]
    found.sort(key=lambda f: (f[1], -(f[2] - f[1])))
    kept: list[tuple[ActorEntry, int, int]] = []
    for f in found:  # longest at each place; "groupe Etat islamique" over "Etat islamique"
        if not any(k[1] <= f[1] < k[2] for k in kept):
            kept.append(f)
    for entry, _, _ in kept:
        if entry.category and not entry.generic:
            memory.specific[entry.category] = entry
    hits: list[ActorHit] = []
    for entry, start, end in kept:
        if entry.generic:
            if hits and hits[-1].entry.category == entry.generic and start - hits[-1].end <= 2:
                hits[-1].end = end  # "Islamic State militants": one mention
                continue
            entry = memory.specific.get(entry.generic, entry)
        before = text[max(sent.start, start - 40):start]
        hits.append(ActorHit(entry, start, end, target=bool(_TARGET_BEFORE.search(before)),
                             agent=bool(_AGENT_BEFORE.search(before))))
    return hits


def pronoun_subject(text: str, sent: Sentence) -> bool:
    """Whether the sentence's first clause is led by a personal pronoun ("Ils se sont…")."""
    a, b = sent.clauses[0] if sent.clauses else (sent.start, sent.end)
    head = text[a:min(b, a + 12)].lstrip(" \"«“")
    return bool(_PRONOUN.match(head))


@cache
def _before_statement(lang: str) -> re.Pattern[str]:
    words = Lexicon.load(lang).words("statement_places", "before")
    body = "|".join(w.replace("'", "['’]").replace(" ", r"\s+") for w in words)
    return re.compile(rf"(?<!\w)(?:{body})\s*$", re.IGNORECASE)


def _statement_place(text: str, sent: Sentence, m: Mention, lex: Lexicon) -> bool:
    """A place named only as where a statement was made or a reporter stands: "un
    correspondant de l'AFP à Alep-Ouest", "A Moscou, le ministère … a précisé"."""
    before = text[max(sent.start, m.start - 70):m.start]
    if _before_statement(lex.lang).search(before):
        return True
    lead = text[sent.start:m.start].strip(" \"«“").casefold()
    if lead in {w.casefold() for w in lex.words("statement_places", "lead")}:
        rest = text[m.end:sent.end]
        return rest.lstrip().startswith(",") and bool(
            lex.regex("statement_places", "verbs").search(rest))
    return False


def find_places(text: str, sent: Sentence, mentions: list[Mention], lex: Lexicon,
                memory: ReportMemory) -> list[PlaceHit]:
    """Places the sentence names (statement places left out), points back to, or puts on a
    side ("les quartiers gouvernementaux"); learns which side holds which place."""
    hits: list[PlaceHit] = []
    for m in mentions:
        if sent.start <= m.start < sent.end and not _statement_place(text, sent, m, lex):
            hits.append(PlaceHit(m.place, m.start, m.end,
                                 precision=3 if _KIND_CLASS.get(m.place.kind) == "region"
                                 and m.place.kind != "admin1" else 1))
    for side in ("rebels", "government"):
        for sm in lex.regex("sides", side).finditer(text, sent.start, sent.end):
            named = [h for h in hits if sm.end() <= h.start <= sm.end() + 45
                     and h.place.kind in ("district", "neighbourhood", "city")]
            if named:
                memory.sides[side] = named[0].place
            elif side in memory.sides:
                hits.append(PlaceHit(memory.sides[side], sm.start(), sm.end(), precision=2,
                                     via="side"))
    sides = [h for h in hits if h.via == "side"]
    for kind in ("district", "city", "region"):
        for am in lex.regex("anaphora", kind).finditer(text, sent.start, sent.end):
            if any(h.start <= am.start() < h.end for h in hits):
                continue
            if any(h.start - am.end() <= 25 and h.end > am.start() for h in sides):
                continue  # "les quartiers (encore) sous contrôle rebelle" names a side
            place = memory.last_place.get(kind)
            if place is not None:
                hits.append(PlaceHit(place, am.start(), am.end(), precision=1 if kind != "district"
                                     else 2, via="anaphora"))
    hits.sort(key=lambda h: h.start)
    return hits


def remember_places(hits: list[PlaceHit], memory: ReportMemory) -> None:
    """The sentence's places become what later sentences can point back to."""
    for h in hits:
        kind = _KIND_CLASS.get(h.place.kind)
        if kind == "district" and h.via == "name":
            memory.last_place["district"] = h.place
            memory.last_place.setdefault("city", h.place)
        elif kind == "city" and h.via == "name":
            memory.last_place["city"] = h.place
        elif kind == "region" and h.via == "name" and h.place.kind != "continent":
            memory.last_place["region"] = h.place


_SPEAKER = {
    "fr": re.compile(
        r"(?:a|avait|ont|avaient)\s+(?:précisé|indiqué|déclaré|affirmé|ajouté|dit|expliqué|"
        r"rapporté|confirmé|souligné|assuré)(?:\s+(?:samedi|dimanche|lundi|mardi|mercredi|jeudi|"
        r"vendredi|à\s+l['’]AFP|à\s+la\s+presse))*\s+(?P<name>[A-Z][\w-]+(?:\s+(?:[A-Z][\w-]+|"
        r"al-\w+|el-\w+|ben|bin|de|du)){1,4})"),
    "en": re.compile(
        r"(?:said|told|added|explained|stated)\s+(?P<name>[A-Z][\w-]+(?:\s+[A-Z][\w-]+){1,3})"
        r"|(?P<name2>[A-Z][\w-]+(?:\s+[A-Z][\w-]+){1,3}),?\s+(?:said|told|added)"),
}


def find_sources(text: str, sent: Sentence, lex: Lexicon, memory: ReportMemory) -> list[str]:
    """The sources behind the sentence: those it names ("selon l'OSDH"); else the source
    of the person it quotes, learnt where the report first named them ("Rami Abdel Rahmane,
    le directeur de cette ONG"); else, for reported speech, the last source cited."""
    named = [e.name for e in lex.actors
             if e.is_source and e.pattern.search(text, sent.start, sent.end)]
    speaker = _SPEAKER.get(lex.lang, _SPEAKER["en"]).search(text, sent.start, sent.end)
    person = (speaker.group("name") or speaker.groupdict().get("name2")) if speaker else None
    if named:
        memory.last_source = named[-1]
        if person:
            memory.speakers.setdefault(person, named[-1])
        return named
    if person:
        known = memory.speakers.get(person)
        return [known] if known else []
    if speech(text, sent, lex) and memory.last_source:
        return [memory.last_source]
    return []


def speech(text: str, sent: Sentence, lex: Lexicon) -> bool:
    """Whether the sentence reports speech (a verb of saying)."""
    return bool(lex.regex("statement_places", "verbs").search(text, sent.start, sent.end))

