"""From a sentence to event drafts: triggers, and for each its time, counts, actors, place."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence, Set
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache

from geomap.extract.context import ActorHit, PlaceHit, ReportMemory, SourceHit
from geomap.extract.dates import TimeRef
from geomap.extract.lexicon import ActorEntry, Lexicon, body_of
from geomap.extract.numbers import Quantity
from geomap.extract.segment import Sentence

__all__ = ["Draft", "find_triggers", "trigger_matches", "draft_event", "draft_dates",
           "resolve_kind", "tense", "SPECIFICITY", "NEXT_TO"]

#: Among kinds told in one clause ("airstrikes and shelling kill 5"), the one that names the
#: event best comes first.
SPECIFICITY = ("chemical", "suicide_bomb", "air_strike", "shelling", "ied", "attack_civilians",
               "riot", "clash", "strike", "attack")


@dataclass
class Draft:
    """An event before merging: its kind, where in the text, what was found for it."""

    kind: str
    sentence: Sentence
    trigger: tuple[int, int]
    time: TimeRef | None = None
    quantities: list[Quantity] = field(default_factory=list)
    actor1: ActorEntry | None = None
    actor2: ActorEntry | None = None
    place: PlaceHit | None = None
    sources: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # kinds folded in ("and artillery")
    in_quote: bool = False
    continuation: bool = False
    civilians: bool = False
    background: bool = False
    pluperfect: bool = False  # told as history ("had been fleeing", "avait pris")
    taker: ActorEntry | None = None  # who drove the dislodged out, when nobody is named
    toll_only: bool = False  # a toll told with no attack ("74 persons were killed yesterday")
    unplaced: str | None = None  # the only place named, one the gazetteer lacks
    rivals: list[Quantity] = field(default_factory=list)  # other claimants' figures


@cache
def _cause_patterns(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = Lexicon.load(lang)
    not_after = re.compile(rf"(?<![\w'’])(?:{body_of(lex.words('not_after', 'words'))})\s*$",
                           re.IGNORECASE)
    coordination = body_of(lex.words("grammar", "coordination"))
    articles = body_of(lex.words("grammar", "articles"))
    # "en raison des combats et des bombardements": the cause runs on through "et des"
    runs_on = re.compile(rf"\s*(?:,|(?:{coordination}))?\s*(?:(?:{articles})\s*)?(?:\w+\s+)?",
                         re.IGNORECASE)
    return not_after, runs_on


def trigger_matches(text: str, end: int, lex: Lexicon) -> list[tuple[str, int, int]]:
    """Every match of every trigger kind in ``text[:end]``, by start (found once for a whole
    report; :func:`find_triggers` takes a sentence's share)."""
    folded = text[:end].casefold()
    anchors = lex.trigger_anchors
    out = [(kind, m.start(), m.end()) for kind, pattern in lex.triggers.items()
           if (words := anchors.get(kind)) is None or any(a in folded for a in words)
           for m in pattern.finditer(text, 0, end)]
    out.sort(key=lambda t: t[1])
    return out


def find_triggers(text: str, sent: Sentence, lex: Lexicon,
                  matches: list[tuple[str, int, int]] | None = None
                  ) -> list[tuple[str, int, int]]:
    """(kind, start, end) of every trigger in the sentence; causes ("en raison des
    combats"), hedged ("could strike") and denied ("denied that its jets struck") ones
    and overlapping weaker matches left out. ``matches`` are the report's
    :func:`trigger_matches`, when already found."""
    if matches is None:
        raw = [(kind, m.start(), m.end()) for kind, pattern in lex.triggers.items()
               for m in pattern.finditer(text, sent.start, sent.end)]
    else:
        lo = bisect_left(matches, sent.start, key=lambda t: t[1])
        hi = bisect_left(matches, sent.end, key=lambda t: t[1])
        raw = [t for t in matches[lo:hi] if t[2] <= sent.end]
    not_after, runs_on = _cause_patterns(lex.lang)
    hedges = lex.regex("hedges", "words")
    negations = lex.regex("negations", "words")
    denials = [sent.clause_of(m.start()) + (m.start(),)
               for m in lex.regex("denials", "words").finditer(text, sent.start, sent.end)]
    found: list[tuple[str, int, int]] = []
    causes: list[tuple[int, int]] = []
    tolls = [e for kind, _, e in raw if kind == "casualties"]
    superlative = lex.tail("not_after", "superlatives")
    first = min((s for _, s, _ in raw), default=sent.end)
    for kind, start, end in raw:
        if start > first and superlative.search(text, max(sent.start, start - 30), start):
            continue  # "…, killing 320 in the deadliest attack in its history"
        cause = not_after.search(text, max(sent.start, start - 30), start)
        if cause and not any(0 <= cause.start() - e <= 3 for e in tolls):
            causes.append((start, end))
            continue  # "because of the fighting"; but "casualties due to a mine" is one
        if any(_denied(sent, start, d) for d in denials):
            continue
        a, _ = sent.clause_of(start)
        if hedges.search(text, a, start) or negations.search(text, a, start):
            continue
        found.append((kind, start, end))
    found = [t for t in found if not any(
        runs_on.fullmatch(text, end, t[1]) for _, end in causes if end <= t[1])]
    found.sort(key=lambda t: (-(t[2] - t[1]), t[1]))
    kept: list[tuple[str, int, int]] = []
    for trig in found:
        if not any(k[1] < trig[2] and trig[1] < k[2] for k in kept):
            kept.append(trig)
    return sorted(kept, key=lambda t: t[1])


def _denied(sent: Sentence, pos: int, denial: tuple[int, int, int]) -> bool:
    """Whether a denial verb governs the trigger at ``pos``: after it, in its clause ("denied
    that its jets had struck…"); a denial told in passing in another clause does not."""
    a, b, at = denial
    return at < pos and a <= pos < b


def resolve_kind(kind: str, text: str, sent: Sentence, pos: int, lex: Lexicon,
                 civilians: bool, told: str | None = None) -> str:
    """A generic attack ("targets", "the strike") takes the kind of the weapon its clause
    names ("warplanes target…" is an air strike); with none, the kind of the attack the
    report last told there (``told``: "The strike hit the market…"); else it is a clash,
    or an attack on civilians when civilians are its victims."""
    if kind not in ("attack", "strike"):
        return kind
    a, b = sent.clause_of(pos)
    for weapon_kind, weapons in lex.instruments:
        if weapons.search(text, a, b):
            return weapon_kind
    if told is not None:
        return told
    if kind == "strike":
        return "air_strike"
    return "attack_civilians" if civilians else "clash"


def _nearest_time(times: list[TimeRef], sent: Sentence, pos: int,
                  trigger_clauses: Set[tuple[int, int]]) -> TimeRef | None:
    """The time expression of the trigger's clause nearest to it; else one from a clause
    with no trigger of its own ("…, où 139 civils ont péri depuis le début de l'opération");
    a time in another trigger's clause is that trigger's ("dont il s'était emparé samedi")."""
    a, b = sent.clause_of(pos)
    same = [t for t in times if a <= t.start < b]
    if same:
        return min(same, key=lambda t: abs(t.start - pos))
    free = [t for t in times if sent.clause_of(t.start) not in trigger_clauses]
    return min(free, key=lambda t: abs(t.start - pos)) if free else None


def _doer(pool: list[ActorHit], pos: int, pronoun_led: bool, armed: int = 0
          ) -> ActorEntry | None:
    """The doer among ``pool``: named as agent right after the trigger ("raids de
    l'aviation russe"), else the last named before it, else the first named. A trigger that
    opens on its weapon ("… and warplanes bombed Saraqib") has its own subject: its doer is
    only one named right before it ("Russian warplanes"), within it ("les avions russes
    ont bombardé": ``armed`` is where it ends) or as its agent."""
    doers = [h for h in pool if not h.target]
    agents = [h for h in doers if h.agent and 0 <= h.start - pos < 60]
    before = [h for h in doers if h.end <= pos] if not armed else \
        [h for h in doers if (h.start < pos and pos - h.end <= _OWNER_GAP)
         or pos <= h.start < armed]
    if agents:
        return agents[0].entry
    if before:
        return before[-1].entry
    if doers and not pronoun_led and not armed:
        return doers[0].entry
    return None


#: How far before a weapon its owner stands ("the regime's helicopters", "Russian jets").
_OWNER_GAP = 12


def _pick_actors(actors: list[ActorHit], sent: Sentence, pos: int, memory: ReportMemory,
                 kind: str, pronoun_led: bool, armed: int = 0, lang: str | None = None
                 ) -> tuple[ActorEntry | None, ActorEntry | None]:
    """actor1 the doer, looked for in the trigger's clause, then in the sentence, then in
    the sentence before; actor2 the other party of the clause. Civilians are victims, not
    doers, except of their own displacement."""
    a, b = sent.clause_of(pos)
    usable = [h for h in actors if h.entry.kind != "civilians" or kind == "displacement"]
    if kind == "displacement":  # "10,000 civilians have fled": counted, yet the ones who fled
        usable = [replace(h, target=False) if h.entry.kind == "civilians" else h
                  for h in usable]
    clause = [h for h in usable if a <= h.start < b]
    actor1 = _doer(clause, pos, pronoun_led, armed) or _doer(usable, pos, pronoun_led, armed)
    if actor1 is None and memory.last_actors:
        actor1 = next((e for e in reversed(memory.last_actors)
                       if e.kind != "civilians" or kind == "displacement"), None)
    actor2 = next((h.entry for h in actors if h.entry != actor1 and h.entry.kind != "civilians"
                   and (h.target or (h.start > pos and a <= h.start < b))), None)
    if actor2 is None and kind == "clash" and lang is not None:
        # "the RSF and the army clashed": two parties named together, the first first
        pair = _pair_before(actors, sent, pos, lang)
        if pair is not None:
            actor1, actor2 = pair
    return actor1, actor2


@cache
def _pair_gap(lang: str) -> re.Pattern[str]:
    """What may join two parties named together ("the RSF and the army", "Les FSR et
    l'armée"): a comma or a coordinator, then an article."""
    lex = Lexicon.load(lang)
    return re.compile(rf"\s*(?:,|{body_of(lex.words('grammar', 'coordination'))})\s+"
                      rf"(?:(?:{body_of(lex.words('grammar', 'articles'))})\s*)?",
                      re.IGNORECASE)


def _pair_before(actors: list[ActorHit], sent: Sentence, pos: int, lang: str
                 ) -> tuple[ActorEntry, ActorEntry] | None:
    """Two parties named together right before a clash in its clause, in their order."""
    a, _ = sent.clause_of(pos)
    before = [h for h in actors if a <= h.start and h.end <= pos and h.entry.kind != "civilians"]
    for first, second in zip(before, before[1:], strict=False):
        if first.entry != second.entry and _pair_gap(lang).fullmatch(
                sent.text, first.end - sent.start, second.start - sent.start):
            return first.entry, second.entry
    return None


#: Two violent triggers of one clause this close tell one event ("air strikes and artillery
#: fire", "airstrikes target"); farther apart, two ("clashes in X … and shelling targets Y").
NEXT_TO = 25


def _pick_place(places: list[PlaceHit], pos: int, others: Sequence[int] = (),
                clause: tuple[int, int] = (0, 0)) -> PlaceHit | None:
    """The place the trigger governs: after it in its clause or the next ones, the most
    specific at equal distance; before it when nothing follows. A place after a later
    trigger is that trigger's; so is one after an earlier trigger when this one's
    ``clause`` names a place after it ("shell Hama and clashes continue in the Eastern
    Ghouta"; but "pulled out of Palmyra, hours after seizing parts of it"). A trigger
    right next to this one tells the same event."""
    if not places:
        return None
    apart = [o for o in others if abs(o - pos) > NEXT_TO]
    if not any(pos < h.start < clause[1] for h in places):
        apart = [o for o in apart if o > pos]

    def cost(h: PlaceHit) -> float:
        distance = h.start - pos
        c = distance / 40.0 if distance >= 0 else 1.5 + (-distance) / 40.0
        if any(o < pos for o in apart) if distance < 0 else any(pos < o < h.start
                                                                 for o in apart):
            c += 1.5
        c += {1: 0.0, 2: 0.3, 3: 1.5}[h.precision]
        if h.place.kind == "country":
            c += 1.0
        if h.via not in ("name", "spelling"):
            c += 0.2
        if h.qualifier:
            c += 1.0
        return c

    return min(places, key=cost)


def _own_quantities(quantities: list[Quantity], allowed: set[str], sent: Sentence, pos: int,
                    trigger_clauses: Set[tuple[int, int]]) -> list[Quantity]:
    """The counts a trigger carries: those of its clause; for a unit its clause lacks, those
    of the clauses after it that have no trigger of their own ("…, où 139 civils ont péri")."""
    own_clause = sent.clause_of(pos)
    mine = [q for q in quantities if q.unit in allowed and sent.clause_of(q.start) == own_clause]
    units = {q.unit for q in mine if not q.subset}
    for q in quantities:
        clause = sent.clause_of(q.start)
        if q.unit in allowed and q.unit not in units and q.start > pos and \
                clause not in trigger_clauses and not q.subset:
            mine.append(q)
            units.add(q.unit)
    return mine


def draft_event(kind: str, start: int, end: int, text: str, sent: Sentence,
                times: list[TimeRef], quantities: list[Quantity], actors: list[ActorHit],
                places: list[PlaceHit], sources: list[SourceHit], memory: ReportMemory,
                trigger_clauses: Set[tuple[int, int]] = frozenset(),
                lex: Lexicon | None = None, pronoun_led: bool = False,
                others: Sequence[int] = ()) -> Draft:
    """Everything the sentence says about the event its trigger at ``start..end`` reports
    (``others``: where the sentence's other triggers start)."""
    draft = Draft(kind, sent, (start, end), in_quote=sent.in_quote(start))
    draft.time = _nearest_time(times, sent, start, trigger_clauses)
    spec = lex.kind_spec(kind) if lex is not None else {}
    allowed = set(spec.get("counts", ()))
    draft.quantities = _own_quantities(quantities, allowed, sent, start, trigger_clauses)
    draft.civilians = any(q.civilians for q in draft.quantities if q.unit == "fatalities")
    draft.place = _pick_place(places, start, others, sent.clause_of(start))
    if lex is not None:
        told = None
        if lex.tail("grammar", "definite").search(text, max(sent.start, start - 8), start):
            told = (memory.violent_kinds.get(draft.place.place.id) if draft.place else None) \
                or memory.last_kind  # "The strike hit…", "La frappe a touché…": told before
        draft.kind = resolve_kind(kind, text, sent, start, lex, draft.civilians, told)
    # a trigger that opens on its weapon and goes on to a verb names its subject
    armed = end if lex is not None and any(
        (m := w.match(text, start, end)) is not None and m.end() < end
        for _, w in lex.instruments) else 0
    draft.actor1, draft.actor2 = _pick_actors(actors, sent, start, memory, draft.kind,
                                              pronoun_led, armed,
                                              lex.lang if lex is not None else None)
    dead = [q for q in draft.quantities if q.unit == "fatalities" and not q.subset]
    if kind == "attack" and draft.kind == "clash" and draft.actor2 is None and dead and all(
            q.armed is False for q in dead):
        draft.kind = "attack_civilians"  # "129 people were killed in attacks": no battle
    draft.sources = list(dict.fromkeys(s.name for s in sources))
    return draft


def draft_dates(draft: Draft, published: date) -> tuple[date, date | None, int, bool, bool]:
    """(event_date, date_end, time_precision, tally, dated) of a draft: a range opened by
    "depuis"/"since" more than a day back is a cumulative toll to the publication date."""
    ref = draft.time
    if ref is None:
        return published, None, 1, False, False
    if ref.since and ref.kind != "night":
        if published - ref.day > timedelta(days=1):
            cumulative = any(q.unit in ("fatalities", "displaced", "injured")
                             for q in draft.quantities)
            return ref.day, published, 2, cumulative, True
        return published, None, 1, False, True
    return ref.day, ref.end_day, ref.precision, False, True


def tense(draft: Draft, text: str, lex: Lexicon) -> None:
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
