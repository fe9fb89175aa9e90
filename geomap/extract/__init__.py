"""Events from news reports: typed (ACLED), dated, placed, counted, with their sentence.

>>> from datetime import date
>>> from geomap.extract import extract_events
>>> events = extract_events(text, published=date(2016, 12, 11), lang="fr")  # doctest: +SKIP

The report is read once (names of actors and sources, triggers, time expressions, places),
then sentence by sentence (``drafts``: one draft per trigger; ``tolls``: figures to the
events that caused them; ``placing``: where), and the drafts that tell one event twice are
folded before the events are built (``assemble``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from gazetteer import Gazetteer, Mention
from gazetteer.text import detect_language, tokenize
from geomap.extract.assemble import build_event, is_background, merge_drafts
from geomap.extract.capitals import capital_mentions
from geomap.extract.clean import decode_entities, for_geoparse
from geomap.extract.context import (
    ActorHit,
    NameScan,
    PlaceHit,
    ReportMemory,
    SourceHit,
    find_actors,
    find_sources,
    of_source,
    pronoun_subject,
    remember_places,
    resolve_generic,
    scan_names,
    speaking_place,
    subject_country,
)
from geomap.extract.dates import TimeScan, find_times
from geomap.extract.drafts import (
    NEXT_TO,
    SPECIFICITY,
    Draft,
    draft_event,
    find_triggers,
    tense,
    trigger_matches,
)
from geomap.extract.generic_actors import national_actor
from geomap.extract.lexicon import LANGS, ActorEntry, Lexicon
from geomap.extract.numbers import Quantity, find_quantities
from geomap.extract.placing import each_place, place_draft, report_country, sentence_places
from geomap.extract.segment import Sentence, sentences
from geomap.extract.tolls import attach_tolls, attribute, elliptic_figures
from geomap.models import Event

__all__ = ["extract_events", "detect_report_language", "report_focus"]



def detect_report_language(text: str, gazetteer: Gazetteer | None = None) -> str:
    """The report's language among those the lexicons cover (English by default)."""
    gz = gazetteer or Gazetteer.default()
    words = {k: v for k, v in gz.lexicon.function_words.items() if k in LANGS}
    return detect_language(tokenize(text[:5000]), words, default="en")


def _setting_focus() -> tuple[str, ...]:
    from geomap.config import setting

    return tuple(c.strip().upper() for c in (setting("GEOMAP_FOCUS") or "").split(",")
                 if c.strip())


def report_focus(scan: NameScan, focus: Sequence[str] = ()) -> tuple[str, ...]:
    """The countries a report is about before its places are read: those the caller names,
    then ``GEOMAP_FOCUS``, then those its actors and sources imply ("SDF" → SY), most named
    first."""
    out = [c.upper() for c in focus] + list(_setting_focus()) + [
        c for c, _ in scan.countries().most_common()]
    return tuple(dict.fromkeys(out))


def extract_events(text: str, *, published: date, lang: str | None = None,
                   gazetteer: Gazetteer | None = None, focus: Sequence[str] = ()
                   ) -> list[Event]:
    """The events a report tells, in the order it first tells them.

    ``focus`` names countries (ISO 3166-1 alpha-2) the caller knows the report is about
    (with ``GEOMAP_FOCUS`` and the countries its actors imply, evidence for the
    gazetteer: "Manbij" in a short text about Syria is Syria's). Offsets (``quote_start``,
    ``quote_end``) index ``text`` as given; quotes have HTML entities decoded. Empty text,
    or text that reports no event, gives an empty list.
    """
    if not isinstance(published, date):
        raise TypeError(f"published must be a date, not {type(published).__name__}")
    if not text.strip():
        return []
    gz = gazetteer or Gazetteer.default()
    decoded = decode_entities(text)
    body = decoded.text
    lang = lang or detect_report_language(body, gz)
    lex = Lexicon.load(lang)
    sents = sentences(body, lex)
    if not sents:
        return []
    article = body[:sents[-1].end]
    scan = scan_names(body, len(article), lex, gz)
    matches = trigger_matches(body, len(article), lex)
    time_scan = TimeScan(body, len(article), lang)
    countries = report_focus(scan, focus)
    geo_text = for_geoparse(body)
    mentions = gz.geoparse(geo_text[:len(article)], lang=lang, focus=countries)
    memory = ReportMemory(country=report_country(article, mentions, lex, scan, countries))
    known = tuple(dict.fromkeys(([memory.country] if memory.country else []) + list(countries)))
    mentions = sorted(mentions + capital_mentions(article, mentions, lex, gz, known),
                      key=lambda m: m.start)  # "in the capital", "la capitale syrienne"
    drafts: list[Draft] = []
    for sent in sents:
        drafts += _sentence_drafts(body, sent, mentions, lex, memory, published, gz, known,
                                   geo_text, scan, matches, time_scan)
    for d in drafts:
        d.background = is_background(d, published, lex, d.pluperfect)
    merged = merge_drafts(drafts, published, lex)
    received = decoded.original if decoded.changed else None
    events = [build_event(d, body, published, lex, received) for d in merged]
    return [e for e in events if e is not None]


def _sentence_drafts(text: str, sent: Sentence, mentions: list[Mention], lex: Lexicon,
                     memory: ReportMemory, published: date, gazetteer: Gazetteer,
                     countries: tuple[str, ...] = (), geo_text: str | None = None,
                     scan: NameScan | None = None,
                     matches: list[tuple[str, int, int]] | None = None,
                     time_scan: TimeScan | None = None) -> list[Draft]:
    times = find_times(text, sent.start, sent.end, published, lex.lang, memory.offensive_start,
                       time_scan)
    for t in times:  # "depuis le début de l'offensive du régime le 15 novembre"
        if t.since and t.kind == "day" and lex.regex("time", "offensive_start").search(
                text, max(sent.start, t.start - 60), t.start):
            memory.offensive_start = t.day
    quantities = find_quantities(text, sent.start, sent.end, lex,
                                 skip=[(t.start, t.end) for t in times])
    scan = scan if scan is not None else scan_names(text, sent.end, lex, gazetteer)
    sources = find_sources(text, sent, lex, memory, scan)
    named = [m for m in mentions if sent.start <= m.start < sent.end]
    sources += [SourceHit(m.place.name, m.start, m.end) for m in named
                if speaking_place(text, sent, m, lex)]  # "Moscou a annoncé…"
    pre_places = [PlaceHit(m.place, m.start, m.end) for m in named]
    actors = find_actors(text, sent, lex, memory, gazetteer, pre_places, scan)
    # the group a source belongs to speaks through it ("le ministère de la Santé du Hamas")
    actors = [a for a in actors if not any(
        of_source(text, s.end, a.start, lex) or (s.start <= a.start < s.end
                                                 and s.name == a.entry.name)
        for s in sources)]
    # a place inside an actor's or a source's name names them, not where anything happened
    # ("Tahrir al-Sham", "forces de Damas", "US-led coalition", "the Gaza health ministry")
    # … and so does a country whose possessive opens an actor's name ("Yemen's Houthi
    # movement")
    named = [m for m in named
             if not any(a.start <= m.start and m.end <= a.end for a in actors)
             and not any(s.start <= m.start and m.end <= s.end and (s.start, s.end) != (
                 m.start, m.end) for s in sources)
             and not _possessive_of_actor(text, m, actors)]
    taken = [(t.start, t.end) for t in times] + [(a.start, a.end) for a in actors] + \
        [(s.start, s.end) for s in sources] + [(m.start, m.end) for m in named]
    places, unresolved = sentence_places(text, sent, named, lex, memory, gazetteer,
                                         countries, taken, geo_text or text)
    attribute(text, quantities, sources, sent, lex)
    elliptic_figures(text, sent, quantities, sources, lex)
    drafts: list[Draft] = []
    if not sent.heading:
        pronoun_led = pronoun_subject(text, sent, lex.lang)
        triggers = find_triggers(text, sent, lex, matches)
        said_killed = [t for t in triggers if t[0] == "casualties"]
        triggers = [t for t in triggers if t[0] != "casualties"]
        trigger_clauses = {sent.clause_of(start) for _, start, _ in triggers}
        for kind, start, end in triggers:
            draft = draft_event(kind, start, end, text, sent, times, quantities, actors,
                                places, sources, memory, trigger_clauses, lex, pronoun_led,
                                [s for _, s, _ in triggers])
            tense(draft, text, lex)
            same_clause = [d for d in drafts if lex.violent(d.kind) and lex.violent(draft.kind)
                           and sent.clause_of(d.trigger[0]) == sent.clause_of(start)
                           and start - d.trigger[1] <= NEXT_TO
                           and not any(d.trigger[1] <= h.start < start for h in places)]
            if same_clause:  # "bombardements aériens et d'artillerie": one event
                _join(same_clause[0], draft)
                continue
            drafts.append(draft)
        _unshare(drafts)
        _subject_countries(drafts, text, sent, places, lex, gazetteer)
        told = list(drafts)
        for n, draft in enumerate(told):
            upto = told[n + 1].trigger[0] if n + 1 < len(told) else sent.end
            drafts += each_place(draft, places, text, upto, lex)
        attach_tolls(text, sent, quantities, drafts, places, times, memory, lex, published,
                      trigger_clauses, actors, sources, said_killed)
        if drafts and pronoun_led:
            drafts[0].continuation = True
    for d in drafts:
        place_draft(d, places, unresolved, memory, gazetteer, lex.violent(d.kind))
        if d.kind == "dislodged" and d.taker is None:
            d.taker = _state_taker(lex, memory, gazetteer)
    remember_places(places, memory)
    if actors:
        memory.last_actors = [a.entry for a in actors]
    memory.last_violent = [d for d in drafts if lex.violent(d.kind)] if not sent.heading \
        else memory.last_violent
    return drafts


def _subject_countries(drafts: list[Draft], text: str, sent: Sentence, places: list[PlaceHit],
                       lex: Lexicon, gazetteer: Gazetteer) -> None:
    """"Israel bombed Rafah": a country that is a trigger's subject is its forces, the doer,
    and not the event's place."""
    state = next((a for a in lex.actors if a.role == "state" and a.by_country), None)
    for draft in drafts:
        subject = subject_country(text, sent, places, draft.trigger, lex)
        if subject is None:
            continue
        if draft.actor1 is None and state is not None and subject.place.country_code:
            draft.actor1 = national_actor(state, subject.place.country_code, lex, gazetteer)
        if draft.place is subject:
            rest = [h for h in places if h is not subject]
            draft.place = next((h for h in rest if h.start > draft.trigger[0]),
                               rest[-1] if rest else None)


_POSSESSIVE = re.compile(r"['’]s?\s+")


def _possessive_of_actor(text: str, m: Mention, actors: list[ActorHit]) -> bool:
    """Whether a country's name in the possessive opens an actor's ("Yemen's Houthis")."""
    if m.place.kind != "country":
        return False
    tail = _POSSESSIVE.match(text, m.end)
    return tail is not None and any(a.start == tail.end() for a in actors)


def _unshare(drafts: list[Draft]) -> None:
    """A figure two triggers of one clause could claim is the nearest one's ("shell the
    north of Homs and the warplanes kill 6": the warplanes' toll)."""
    for d in drafts:
        for q in list(d.quantities):
            holders = [o for o in drafts if any(x is q for x in o.quantities)]
            if len(holders) < 2:
                continue

            def distance(o: Draft, q: Quantity = q) -> float:
                gap = q.start - o.trigger[1]
                return gap if gap >= 0 else 1000 - gap

            keep = min(holders, key=distance)
            for o in holders:
                if o is not keep:
                    o.quantities = [x for x in o.quantities if x is not q]


def _join(into: Draft, other: Draft) -> None:
    """Two violent triggers of one clause tell one event: the more specific kind names it
    ("airstrikes target…" is an air strike, not a generic attack)."""
    if SPECIFICITY.index(other.kind) < SPECIFICITY.index(into.kind):
        into.also.append(into.kind.replace("_", " "))
        into.kind = other.kind
    else:
        into.also.append(other.kind.replace("_", " "))
    units = {q.unit for q in into.quantities}
    into.quantities += [q for q in other.quantities if q.unit not in units]
    into.actor1 = into.actor1 or other.actor1
    into.actor2 = into.actor2 or other.actor2
    into.civilians = into.civilians or other.civilians


def _state_taker(lex: Lexicon, memory: ReportMemory, gz: Gazetteer) -> ActorEntry | None:
    """Who drove the dislodged out when the text does not say: the state forces of the
    report's country."""
    state = next((a for a in lex.actors if a.role == "state" and a.by_country), None)
    return resolve_generic(state, lex, memory, gz) if state is not None else None
