"""Events from news reports: typed (ACLED), dated, placed, counted, with their sentence.

>>> from datetime import date
from functools import cache
>>> from geomap.extract import extract_events
>>> events = extract_events(text, published=date(2016, 12, 11), lang="fr")  # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from functools import cache

from gazetteer import Gazetteer, Mention
from gazetteer.text import detect_language, tokenize
from geomap.extract.assemble import build_event, is_background, merge_drafts
from geomap.extract.clean import decode_entities, for_geoparse
from geomap.extract.context import (
    KIND_CLASS,
    NameScan,
    PlaceHit,
    ReportMemory,
    SourceHit,
    find_actors,
    find_places,
    find_sources,
    not_place_before,
    precision,
    pronoun_subject,
    remember_places,
    resolve_generic,
    scan_names,
    speaking_place,
)
from geomap.extract.dates import TimeScan, find_times
from geomap.extract.drafts import (
    SPECIFICITY,
    Draft,
    draft_dates,
    draft_event,
    find_triggers,
    trigger_matches,
)
from geomap.extract.lexicon import LANGS, Lexicon
from geomap.extract.numbers import Quantity, find_quantities
from geomap.extract.segment import Sentence, sentences
from geomap.extract.spellings import NameInPlace, names_in_place, respell
from geomap.models import Event

__all__ = ["extract_events", "detect_report_language", "report_focus"]

#: Two violent triggers of one clause this close tell one event ("air strikes and artillery
#: fire", "airstrikes target"); farther apart, two ("clashes in X … and shelling targets Y").
_JOINED = 25


def detect_report_language(text: str, gazetteer: Gazetteer | None = None) -> str:
    """The report's language among those the lexicons cover (English by default)."""
    gz = gazetteer or Gazetteer.default()
    words = {k: v for k, v in gz.lexicon.function_words.items() if k in LANGS}
    return detect_language(tokenize(text[:5000]), words, default="en")


def _setting_focus() -> tuple[str, ...]:
    from geomap.config import setting

    return tuple(c.strip().upper() for c in setting("GEOMAP_FOCUS").split(",") if c.strip())


def report_focus(scan: NameScan, focus: Sequence[str] = ()) -> tuple[str, ...]:
    """The countries a report is about before its places are read: those the caller names,
    then ``GEOMAP_FOCUS``, then those its actors and sources imply ("SDF" → SY), most named
    first."""
    out = [c.upper() for c in focus] + list(_setting_focus()) + [
        c for c, _ in scan.countries().most_common()]
    return tuple(dict.fromkeys(out))


def _report_country(text: str, mentions: list[Mention], lex: Lexicon, scan: NameScan,
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
    memory = ReportMemory(country=_report_country(article, mentions, lex, scan, countries))
    known = tuple(dict.fromkeys(([memory.country] if memory.country else []) + list(countries)))
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


def _sentence_places(text: str, sent: Sentence, mentions: list[Mention], lex: Lexicon,
                     memory: ReportMemory, gz: Gazetteer, countries: tuple[str, ...],
                     taken: list[tuple[int, int]], geo_text: str
                     ) -> tuple[list[PlaceHit], list[NameInPlace]]:
    """The sentence's places, with the names in a place's position the geoparser left
    unresolved looked up again by spelling; (places, names still unresolved)."""
    places = find_places(text, sent, mentions, lex, memory)
    unresolved: list[NameInPlace] = []
    spans = taken + [(h.start, h.end) for h in places]
    for name in names_in_place(geo_text, sent, lex, spans, gz):
        place = respell(name, gz, countries)
        if place is not None:
            places.append(PlaceHit(place, name.start, name.end, via="spelling",
                                   precision=precision(text, sent, place, name.start, name.end,
                                                       lex)))
        else:
            unresolved.append(name)
    places.sort(key=lambda h: h.start)
    _mark_qualifiers(places, gz)
    return places, unresolved


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
    taken = [(t.start, t.end) for t in times] + [(a.start, a.end) for a in actors] + \
        [(s.start, s.end) for s in sources] + [(m.start, m.end) for m in named]
    places, unresolved = _sentence_places(text, sent, mentions, lex, memory, gazetteer,
                                          countries, taken, geo_text or text)
    _attribute(text, quantities, sources, sent, lex)
    _elliptic_figures(text, sent, quantities, sources, lex)
    drafts: list[Draft] = []
    if not sent.heading:
        pronoun_led = pronoun_subject(text, sent, lex.lang)
        triggers = find_triggers(text, sent, lex, matches)
        said_killed = [t for t in triggers if t[0] == "casualties"]
        triggers = [t for t in triggers if t[0] != "casualties"]
        trigger_clauses = {sent.clause_of(start) for _, start, _ in triggers}
        for kind, start, end in triggers:
            draft = draft_event(kind, start, end, text, sent, times, quantities, actors,
                                places, sources, memory, trigger_clauses, lex, pronoun_led)
            _tense(draft, text, lex)
            same_clause = [d for d in drafts if lex.violent(d.kind) and lex.violent(draft.kind)
                           and sent.clause_of(d.trigger[0]) == sent.clause_of(start)
                           and start - d.trigger[1] <= _JOINED
                           and not any(d.trigger[1] <= h.start < start for h in places)]
            if same_clause:  # "bombardements aériens et d'artillerie": one event
                _join(same_clause[0], draft)
                continue
            drafts.append(draft)
        _unshare(drafts)
        told = list(drafts)
        for n, draft in enumerate(told):
            upto = told[n + 1].trigger[0] if n + 1 < len(told) else sent.end
            drafts += _each_place(draft, places, text, upto, lex)
        _attach_tolls(text, sent, quantities, drafts, places, times, memory, lex, published,
                      trigger_clauses, actors, sources, said_killed)
        if drafts and pronoun_led:
            drafts[0].continuation = True
    for d in drafts:
        _place_draft(d, places, unresolved, memory, gazetteer, lex.violent(d.kind))
        if d.kind == "dislodged" and d.taker is None:
            d.taker = _state_taker(lex, memory, gazetteer)
    remember_places(places, memory)
    if actors:
        memory.last_actors = [a.entry for a in actors]
    memory.last_violent = [d for d in drafts if lex.violent(d.kind)] if not sent.heading \
        else memory.last_violent
    return drafts


@cache
def _gap_words(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """(words that may stand between places told together, the coordinators among them)."""
    lex = Lexicon.load(lang)
    coordinators = {w.casefold() for w in lex.words("grammar", "coordination")}
    filler = set(coordinators)
    for section, key in (("grammar", "articles"), ("places", "near_after"),
                         ("places", "itself_after"), ("places", "unnamed_after"),
                         ("locatives", "words"), ("grammar", "both")):
        for w in lex.words(section, key):
            filler |= set(re.sub(r"[^\w'’ ]|\?", " ", w.casefold()).split())
    return frozenset(filler), frozenset(coordinators)


def _each_place(draft: Draft, places: list[PlaceHit], text: str, upto: int,
                lex: Lexicon) -> list[Draft]:
    """One event per place: the places told together with the draft's ("shelling on the
    countryside of Idlib, Hama and Latakia") give copies of it, without its counts (a toll
    told for them together is not each one's)."""
    if draft.place is None or draft.place.via not in ("name", "spelling"):
        return []
    filler, coordinators = _gap_words(lex.lang)

    def told_together(a: PlaceHit, b: PlaceHit) -> bool:
        gap = re.findall(r"[\w'’]+|,", text[a.end:b.start].casefold())
        return bool(gap) and len(gap) <= 6 and all(w in filler or w == "," for w in gap) \
            and ("," in gap or bool(coordinators.intersection(gap)))

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


def _tense(draft: Draft, text: str, lex: Lexicon) -> None:
    """Whether the trigger is told as history: a pluperfect ("had been fleeing", "avait
    pris", "s'était emparé") or a phrase of the past ("for the first time since") in its
    clause before it, not in reported speech ("said it had recaptured")."""
    sent = draft.sentence
    start, end = draft.trigger
    a, _ = sent.clause_of(start)
    window = text[max(a, start - 40):end]
    told_before = lex.regex("background", "auxiliaries").search(window) or \
        lex.regex("background", "phrases").search(text, max(sent.start, start - 60), start)
    reported = lex.regex("statement_places", "verbs").search(text, sent.start, start)
    draft.pluperfect = bool(told_before) and not reported


def _attribute(text: str, quantities: list[Quantity], sources: list,  # type: ignore[type-arg]
               sent: Sentence, lex: Lexicon) -> None:
    """Each figure's claimant: the source named in its clause, the nearest; else one
    named by its role just before it ("the ministry said 12", "medics said 19")."""
    claimants = {w.casefold() for w in lex.words("sources", "organisation_words")}
    for q in quantities:
        a, b = sent.clause_of(q.start)
        own = [s for s in sources if a <= s.start < b]
        if not own:  # "the ministry said 12": the source may open the clause before
            own = [s for s in sources if s.end <= q.start and q.start - s.end <= 40]
        if own:
            q.source = min(own, key=lambda s: abs(s.start - q.start)).name
            continue
        said = lex.regex("statement_places", "verbs").search(text, max(a, q.start - 40),
                                                             q.start)
        if said is not None:
            roles = [w for w in re.findall(r"[\w-]+", text[max(a, said.start() - 40):
                                                         said.start()])
                     if w.casefold() in claimants]
            if roles:
                q.source = roles[-1]


def _elliptic_figures(text: str, sent: Sentence, quantities: list[Quantity],
                      sources: list, lex: Lexicon) -> None:  # type: ignore[type-arg]
    """A bare figure a claimant gives beside another's toll is a toll too ("the ministry
    said 12 were killed, medics said 19", "… de 12 morts, les secouristes de 19")."""
    deaths = [q for q in quantities if q.unit == "fatalities" and not q.subset]
    if not deaths:
        return
    claimants = {w.casefold() for w in lex.words("sources", "organisation_words")}
    for q in quantities:
        if q.unit is not None or q.subset:
            continue
        a, b = sent.clause_of(q.start)
        if any(a <= o.start < b for o in quantities if o is not q):
            continue
        words = re.findall(r"[\w-]+", text[a:b])
        said = [w for w in words if w.casefold() in claimants]
        if any(a <= s.start < b for s in sources) or said:
            q.unit = "fatalities"
            if q.source is None:
                q.source = next((s.name for s in sources if a <= s.start < b), None) or \
                    said[0]


def _compatible_toll(q: Quantity, draft: Draft, sent: Sentence, places: list[PlaceHit],
                     times: list, published: date) -> bool:  # type: ignore[type-arg]
    """Whether a toll the text gives apart can be the toll of ``draft``: not a running
    total over a period, not of another day, not at another place its clause names."""
    a, b = sent.clause_of(q.start)
    own_time = next((t for t in times if a <= t.start < b), None)
    if own_time is not None and own_time.since:
        return False
    if own_time is not None and draft.time is not None and own_time.day != draft.time.day:
        return False
    here = [h for h in places if a <= h.start < b]
    if here and draft.place is not None and all(
            h.place.id != draft.place.place.id for h in here):
        return False
    return not (draft_dates(draft, published)[3])


def _same_day(q: Quantity, draft: Draft, sent: Sentence, times: list) -> bool:  # type: ignore
    """Whether a toll told in the next sentence can be the last sentence's event's: it
    gives no day of its own, or the same day ("29 were killed yesterday" is another
    count)."""
    a, b = sent.clause_of(q.start)
    own = next((t for t in times if a <= t.start < b), None)
    return own is None or (draft.time is not None and own.day == draft.time.day)


def _add_toll(draft: Draft, q: Quantity, later: bool = False) -> None:
    """``q`` on ``draft``: its toll if it has none; a rival claim when another source
    gives another figure; told ``later`` as a running total ("More casualties raise to
    15"), the report's update of the toll."""
    have = [x for x in draft.quantities if x.unit == q.unit and not x.subset]
    if have and later and q.cumulative and q.value > have[0].value and q.source == have[0].source:
        draft.quantities = [x for x in draft.quantities if x is not have[0]] + [q]
        return
    if not have:
        draft.quantities.append(q)
        draft.civilians = draft.civilians or q.civilians
    elif q.unit == "fatalities" and q.value != have[0].value and (
            q.source != have[0].source or later):
        draft.rivals.append(q)  # "the ministry said 12, medics said 19": both are claims


def _attach_tolls(text: str, sent: Sentence, quantities: list[Quantity], drafts: list[Draft],
                  places: list[PlaceHit], times: list, memory: ReportMemory,  # type: ignore
                  lex: Lexicon, published: date, trigger_clauses: set[tuple[int, int]],
                  actors: list, sources: list,  # type: ignore[type-arg]
                  said_killed: list[tuple[str, int, int]]) -> None:
    """A killed or wounded count the sentence gives apart from any trigger goes to the
    event that caused it: in this sentence ("At least 12 people were killed when warplanes
    struck…") or the sentence before ("…; 12 people were killed"); only when nothing in the
    text caused it is it an event of its own (a toll, a daily tally)."""
    claimed = {id(q) for d in drafts for q in d.quantities}
    loose = [q for q in quantities if q.unit in ("fatalities", "injured") and
             id(q) not in claimed and not q.subset]
    alone: list[Quantity] = []
    for q in loose:
        here = [d for d in drafts if lex.violent(d.kind)
                and _compatible_toll(q, d, sent, places, times, published)]
        before = [d for d in memory.last_violent
                  if _compatible_toll(q, d, sent, places, times, published)
                  and _same_day(q, d, sent, times)] \
            if not [d for d in drafts if lex.violent(d.kind)] else []
        if here:
            _add_toll(min(here, key=lambda d: abs(d.trigger[0] - q.start)), q)
        elif before and not places:
            _add_toll(before[-1], q, later=True)
        else:
            alone.append(q)
    violent = [d for d in drafts if lex.violent(d.kind)]
    if violent:  # "airstrikes … kill 5": the strike's toll; "… and casualties in Daraa": not
        told = [t for t in said_killed if _elsewhere(t[1], places, violent)]
    elif memory.last_violent and not places and not alone:
        told = []  # "…; 12 people were killed": the last sentence's attack, told again
    else:
        told = list(said_killed)
    # a toll word with no figure is news only where it names its place ("Casualties in
    # Idlib city"); "Those killed had been fleeing…" points back
    told = [t for t in told if alone or any(h.start > t[1] and h.via in ("name", "spelling")
                                            for h in places)]
    deaths = [q for q in alone if q.unit == "fatalities"]
    if deaths and not told:
        told = [("casualties", deaths[0].start, deaths[0].end)]
    made: list[Draft] = []
    for _, start, end in told:
        draft = draft_event("casualties", start, end, text, sent, times, [], actors,
                            places, sources, memory, trigger_clauses, lex)
        draft.kind = _memory_kind(memory, draft) or "attack_civilians"
        draft.toll_only = True
        _tense(draft, text, lex)
        made.append(draft)
    for q in alone:
        if made:
            _add_toll(min(made, key=lambda d: abs(d.trigger[0] - q.start)), q)
    for draft in made:
        draft.civilians = any(q.civilians for q in draft.quantities if q.unit == "fatalities")
        drafts.append(draft)
        drafts += _each_place(draft, places, text, sent.end, lex)


def _elsewhere(pos: int, places: list[PlaceHit], violent: list[Draft]) -> bool:
    """Whether a toll word at ``pos`` names a place of its own, where none of the
    sentence's attacks is ("Warplanes bomb X and casualties in Y")."""
    ahead = [h for h in places if h.start > pos
             and not any(pos < d.trigger[0] < h.start for d in violent)]
    if not ahead:
        return False
    own = min(ahead, key=lambda h: h.start)
    return all(d.place is None or d.place.place.id != own.place.id for d in violent)


def _memory_kind(memory: ReportMemory, draft: Draft) -> str | None:
    """The kind of the last violent event the report placed where this draft is."""
    if draft.place is None:
        return None
    return memory.violent_kinds.get(draft.place.place.id)


def _place_draft(d: Draft, places: list[PlaceHit], unresolved: list[NameInPlace],
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


def _state_taker(lex: Lexicon, memory: ReportMemory, gz: Gazetteer):  # type: ignore[no-untyped-def]
    """Who drove the dislodged out when the text does not say: the state forces of the
    report's country."""
    state = next((a for a in lex.actors if a.role == "state" and a.by_country), None)
    return resolve_generic(state, lex, memory, gz) if state is not None else None
