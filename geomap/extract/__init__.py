"""Events from news reports: typed (ACLED), dated, placed, counted, with their sentence.

>>> from datetime import date
>>> from geomap.extract import extract_events
>>> events = extract_events(text, published=date(2016, 12, 11), lang="fr")  # doctest: +SKIP
"""

from __future__ import annotations

from datetime import date

from gazetteer import Gazetteer
from gazetteer.text import detect_language, tokenize
from geomap.extract.assemble import build_event, merge_drafts
from geomap.extract.context import (
    ReportMemory,
    find_actors,
    find_places,
    find_sources,
    pronoun_subject,
    remember_places,
)
from geomap.extract.dates import find_times
from geomap.extract.drafts import VIOLENT_KINDS, Draft, draft_event, find_triggers
from geomap.extract.lexicon import LANGS, Lexicon
from geomap.extract.numbers import find_quantities
from geomap.extract.segment import sentences
from geomap.models import Event

__all__ = ["extract_events", "detect_report_language"]


def detect_report_language(text: str, gazetteer: Gazetteer | None = None) -> str:
    """The report's language among those the lexicons cover (English by default)."""
    gz = gazetteer or Gazetteer.default()
    words = {k: v for k, v in gz.lexicon.function_words.items() if k in LANGS}
    return detect_language(tokenize(text[:5000]), words, default="en")


def extract_events(text: str, *, published: date, lang: str | None = None,
                   gazetteer: Gazetteer | None = None) -> list[Event]:
    """The events a report tells, in the order it first tells them.

    Empty text, or text that reports no event, gives an empty list.
    """
    if not isinstance(published, date):
        raise TypeError(f"published must be a date, not {type(published).__name__}")
    if not text.strip():
        return []
    gz = gazetteer or Gazetteer.default()
    lang = lang or detect_report_language(text, gz)
    lex = Lexicon.load(lang)
    sents = sentences(text, lex)
    if not sents:
        return []
    mentions = gz.geoparse(text[:sents[-1].end], lang=lang)
    memory = ReportMemory()
    drafts: list[Draft] = []
    for sent in sents:
        drafts += _sentence_drafts(text, sent, mentions, lex, memory, published, gz)
    merged = merge_drafts(drafts, published, lex)
    events = [build_event(d, text, published, lex) for d in merged]
    return [e for e in events if e is not None]


def _sentence_drafts(text: str, sent, mentions, lex: Lexicon,  # type: ignore[no-untyped-def]
                     memory: ReportMemory, published: date,
                     gazetteer: Gazetteer | None = None) -> list[Draft]:
    times = find_times(text, sent.start, sent.end, published, lex.lang, memory.offensive_start)
    for t in times:  # "depuis le début de l'offensive du régime le 15 novembre"
        if t.since and t.kind == "day" and lex.regex("time", "offensive_start").search(
                text, max(sent.start, t.start - 60), t.start):
            memory.offensive_start = t.day
    quantities = find_quantities(text, sent.start, sent.end, lex,
                                 skip=[(t.start, t.end) for t in times])
    actors = find_actors(text, sent, lex, memory, gazetteer)
    places = find_places(text, sent, mentions, lex, memory)
    sources = find_sources(text, sent, lex, memory)
    drafts: list[Draft] = []
    if not sent.heading:
        triggers = find_triggers(text, sent, lex)
        trigger_clauses = {sent.clause_of(start) for _, start, _ in triggers}
        claimed: set[int] = set()
        for kind, start, end in triggers:
            draft = draft_event(kind, start, end, text, sent, times, quantities, actors,
                                places, sources, memory, trigger_clauses)
            same_clause = [d for d in drafts if d.kind in VIOLENT_KINDS and kind in VIOLENT_KINDS
                           and sent.clause_of(d.trigger[0]) == sent.clause_of(start)]
            if same_clause:  # "bombardements aériens et d'artillerie": one event
                same_clause[0].also.append(kind.replace("_", " "))
                continue
            claimed |= {id(q) for q in draft.quantities}
            drafts.append(draft)
        casualties = [q for q in quantities if q.unit == "fatalities" and id(q) not in claimed
                      and sent.clause_of(q.start) not in trigger_clauses]
        if casualties:
            drafts.append(_casualty_draft(text, sent, times, casualties[:1], actors, places,
                                          sources, memory, trigger_clauses))
        if drafts and pronoun_subject(text, sent):
            drafts[0].continuation = True
    for d in drafts:
        if d.place is None and memory.last_event_place is not None and not d.in_quote:
            fallback = memory.last_event_place
            d.place = type(fallback)(fallback.place, fallback.start, fallback.end,
                                     precision=max(2, fallback.precision), via="fallback")
        if d.place is not None:
            memory.last_event_place = d.place
            if d.kind in VIOLENT_KINDS:
                memory.violent_kinds[d.place.place.id] = d.kind
    remember_places(places, memory)
    if actors:
        memory.last_actors = [a.entry for a in actors]
    return drafts


def _casualty_draft(text: str, sent, times, casualties, actors, places,  # type: ignore
                    sources, memory: ReportMemory, trigger_clauses) -> Draft:
    """A toll with no attack word ("413 civils tués à Alep-Est"): the report's last
    explosive or violent kind of event at that place gives its type."""
    draft = draft_event("casualties", casualties[0].start, casualties[0].end, text, sent,
                        times, casualties, actors, places, sources, memory, trigger_clauses)
    draft.kind = memory_kind(memory, draft) or "attack_civilians"
    return draft


def memory_kind(memory: ReportMemory, draft: Draft) -> str | None:
    """The kind of the last violent event the report placed where this draft is."""
    if draft.place is None:
        return None
    return memory.violent_kinds.get(draft.place.place.id)
