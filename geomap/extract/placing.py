"""Where events happen: the country a report is about, the places a sentence names or
points to (with the names the geoparser left unresolved looked up again by spelling), one
event per place told together, and the fallbacks when a sentence names none — the last
place, the report's country (precision 3), or no coordinates at all for a place the
gazetteer lacks."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from gazetteer import Gazetteer, Mention
from geomap.extract.context import (
    KIND_CLASS,
    NameScan,
    PlaceHit,
    ReportMemory,
    find_places,
    not_place_before,
    precision,
)
from geomap.extract.drafts import Draft
from geomap.extract.lexicon import Lexicon
from geomap.extract.segment import Sentence
from geomap.extract.spellings import NameInPlace, names_in_place, respell

__all__ = ["report_country", "sentence_places", "each_place", "place_draft"]


def report_country(text: str, mentions: list[Mention], lex: Lexicon, scan: NameScan,
                    focus: tuple[str, ...]) -> str | None:
    """The country the report is about: the one its places and its actors point to most
    (an actor named counts twice: "SDF" says Syria more surely than an ambiguous name);
    the caller's focus breaks ties, and stands alone when nothing else says."""
    counts: Counter[str] = Counter()
    for m in mentions:
        if m.place.country_code and not _describes_actor(text, m, lex):
            counts[m.place.country_code] += 1
    for cc, n in scan.countries().items():
        counts[cc] += 2 * n
    if counts:
        best = max(counts.values())
        tied = [c for c, n in counts.items() if n == best]
        return next((c for c in focus if c in tied), tied[0])
    return focus[0] if focus else None


def _describes_actor(text: str, m: Mention, lex: Lexicon) -> bool:
    """"Ankara-loyal", "backed by Iran": a place named for an actor's allegiance."""
    if lex.words("places", "not_place_after") and lex.head(
            "places", "not_place_after").match(text, m.end):
        return True
    return bool(not_place_before(lex.lang).search(text, max(0, m.start - 40), m.start))


def sentence_places(text: str, sent: Sentence, mentions: list[Mention], lex: Lexicon,
                     memory: ReportMemory, gz: Gazetteer, countries: tuple[str, ...],
                     taken: list[tuple[int, int]], geo_text: str
                     ) -> tuple[list[PlaceHit], list[NameInPlace]]:
    """The sentence's places, with the names in a place's position the geoparser left
    unresolved looked up again by spelling; (places, names still unresolved)."""
    places = find_places(text, sent, mentions, lex, memory)
    unresolved: list[NameInPlace] = []
    spans = taken + [(h.start, h.end) for h in places]
    named = {h.place.id for h in places} | {p.id for p in memory.last_place.values()}
    for name in names_in_place(geo_text, sent, lex, spans, gz):
        place = respell(name, gz, countries)
        if place is not None and place.kind in _PART_OF_CITY and not named.intersection(
                a.id for a in gz.ancestors(place)):
            place = None  # a city's quarter only where the report names its city
        if place is not None:
            places.append(PlaceHit(place, name.start, name.end, via="spelling",
                                   precision=precision(text, sent, place, name.start, name.end,
                                                       lex)))
        else:
            unresolved.append(name)
    places.sort(key=lambda h: h.start)
    _mark_qualifiers(places, gz)
    return places, unresolved


#: Kinds of place that lie within a city.
_PART_OF_CITY = frozenset({"neighbourhood", "district"})


def _mark_qualifiers(places: list[PlaceHit], gz: Gazetteer) -> None:
    """A place that contains another place the sentence names qualifies it ("near Tafas,
    in Daraa province"): the event is at the smaller one."""
    named = [h for h in places if h.via in ("name", "spelling")]
    if len(named) < 2:
        return
    ids = {h.place.id for h in named}
    for h in named:
        for ancestor in gz.ancestors(h.place):
            if ancestor.id in ids and ancestor.id != h.place.id:
                for q in named:
                    if q.place.id == ancestor.id:
                        q.qualifier = True


@cache
def _gap_words(lang: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(words that may stand between places told together, the coordinators among them,
    the directions that make the second a landmark)."""
    lex = Lexicon.load(lang)
    coordinators = {w.casefold() for w in lex.words("grammar", "coordination")}
    filler = set(coordinators)
    for section, key in (("grammar", "articles"), ("places", "near_after"),
                         ("places", "itself_after"), ("places", "unnamed_after"),
                         ("locatives", "words"), ("grammar", "both")):
        for w in lex.words(section, key):
            filler |= set(re.sub(r"[^\w'’ ]|\?", " ", w.casefold()).split())
    landmarks = frozenset(w.casefold() for w in lex.words("places", "landmark"))
    return frozenset(filler), frozenset(coordinators), landmarks


def each_place(draft: Draft, places: list[PlaceHit], text: str, upto: int,
                lex: Lexicon) -> list[Draft]:
    """One event per place: the places told together with the draft's ("shelling on the
    countryside of Idlib, Hama and Latakia") give copies of it, without its counts (a toll
    told for them together is not each one's)."""
    if draft.place is None or draft.place.via not in ("name", "spelling"):
        return []
    filler, coordinators, landmarks = _gap_words(lex.lang)

    def told_together(a: PlaceHit, b: PlaceHit) -> bool:
        gap = re.findall(r"[\w'’-]+|,", text[a.end:b.start].casefold())
        return bool(gap) and len(gap) <= 6 and all(
            w in filler or w == "," or w in landmarks for w in gap) \
            and ("," in gap or bool(coordinators.intersection(gap))) \
            and (not landmarks.intersection(gap) or bool(coordinators.intersection(gap)))
        # "Gressier, south of Port-au-Prince" is one place; "north of Homs and west of
        # Tabqa" two

    named = [h for h in places if h.via in ("name", "spelling") and h.start < upto
             and not (h.qualifier and h is not draft.place)]
    if draft.place not in named:
        return []
    at = named.index(draft.place)
    chain = [draft.place]
    for k in range(at + 1, len(named)):  # after it: "Idlib, Hama and Latakia"
        if not told_together(chain[-1], named[k]):
            break
        chain.append(named[k])
    for k in range(at - 1, -1, -1):  # before it: "Afrin and Deir Ezzor" when the second won
        if named[k].start < draft.trigger[1] or not told_together(named[k], chain[0]):
            break
        chain.insert(0, named[k])
    out: list[Draft] = []
    seen = {draft.place.place.id}
    for hit in chain:
        if hit.place.id in seen:
            continue
        seen.add(hit.place.id)
        out.append(Draft(draft.kind, draft.sentence, draft.trigger, time=draft.time,
                         actor1=draft.actor1, actor2=draft.actor2, place=hit,
                         sources=list(draft.sources), in_quote=draft.in_quote,
                         pluperfect=draft.pluperfect))
    return out


def place_draft(d: Draft, places: list[PlaceHit], unresolved: list[NameInPlace],
                 memory: ReportMemory, gz: Gazetteer, violent: bool) -> None:
    """A draft without a place takes the report's last event place, else its country
    (precision 3); a draft whose clause names a place the gazetteer lacks goes to the
    smallest unit named that it has, with the precision of "near" or "in the region"."""
    if d.place is None and memory.last_event_place is not None and not d.in_quote:
        fallback = memory.last_event_place
        d.place = PlaceHit(fallback.place, fallback.start, fallback.end,
                           precision=max(2, fallback.precision), via="fallback")
    named = memory.last_place.get("district") or memory.last_place.get("city") or \
        memory.last_place.get("region")
    if d.place is None and named is not None and not d.in_quote:
        d.place = PlaceHit(named, d.trigger[0], d.trigger[0], via="fallback",
                           precision=3 if KIND_CLASS.get(named.kind) == "region" else 2)
    if d.place is None and memory.country and not d.in_quote:
        country = gz.country(memory.country)
        if country is not None:
            d.place = PlaceHit(country, d.trigger[0], d.trigger[0], precision=3, via="report")
    missing = _missing_place(d, unresolved)
    if d.place is None and unresolved and not d.in_quote:
        d.unplaced = min(unresolved, key=lambda u: abs(u.start - d.trigger[0])).name
    if d.place is not None and missing is not None:
        coarse = 2 if KIND_CLASS.get(d.place.place.kind) in ("city", "district") else 3
        d.place = PlaceHit(d.place.place, d.place.start, d.place.end,
                           precision=max(d.place.precision, coarse), via=d.place.via,
                           unresolved=missing.name)
    if d.place is not None:
        memory.last_event_place = d.place
        if violent:
            memory.violent_kinds[d.place.place.id] = d.kind
            memory.last_kind = d.kind


def _missing_place(d: Draft, unresolved: list[NameInPlace]) -> NameInPlace | None:
    """The name the gazetteer lacks that is the draft's place: nearer its trigger than the
    place found, or the only place its sentence names."""
    if not unresolved or d.place is None:
        return None  # no place at all: the draft keeps the name, unplaced
    pos = d.trigger[0]

    def distance(start: int) -> float:
        return start - pos if start >= pos else 1.5 * 40 + (pos - start)

    nearest = min(unresolved, key=lambda u: distance(u.start))
    if d.place.via not in ("name", "spelling", "anaphora"):
        return nearest
    return nearest if distance(nearest.start) < distance(d.place.start) else None
