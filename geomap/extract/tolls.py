"""Figures and the events they belong to: who gives each figure, a toll told apart from
its attack attached to the event that caused it (in its sentence or the one before), rival
figures kept as claims, and tolls with no attack told as events of their own."""

from __future__ import annotations

import re
from datetime import date

from geomap.extract.context import ActorHit, PlaceHit, ReportMemory, SourceHit
from geomap.extract.dates import TimeRef
from geomap.extract.drafts import Draft, draft_dates, draft_event, tense
from geomap.extract.lexicon import Lexicon
from geomap.extract.numbers import Quantity
from geomap.extract.placing import each_place
from geomap.extract.segment import Sentence

__all__ = ["attribute", "elliptic_figures", "attach_tolls", "memory_kind"]


def attribute(text: str, quantities: list[Quantity], sources: list[SourceHit],
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


#: What may follow a bare figure: the end of its clause ("… medics said 19.").
_BARE_END = re.compile(r"[\s\"”»)]*(?:[,.;:!?)]|$)")


def elliptic_figures(text: str, sent: Sentence, quantities: list[Quantity],
                      sources: list[SourceHit], lex: Lexicon) -> None:
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
        if not _BARE_END.match(text, q.end, max(q.end, b)):
            continue  # a figure that counts something ("Two car bombs") is no bare figure
        words = re.findall(r"[\w-]+", text[a:b])
        said = [w for w in words if w.casefold() in claimants]
        if any(a <= s.start < b for s in sources) or said:
            q.unit = "fatalities"
            if q.source is None:
                q.source = next((s.name for s in sources if a <= s.start < b), None) or \
                    said[0]


def _compatible_toll(q: Quantity, draft: Draft, sent: Sentence, places: list[PlaceHit],
                     times: list[TimeRef], published: date) -> bool:
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


def _same_day(q: Quantity, draft: Draft, sent: Sentence, times: list[TimeRef]) -> bool:
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


def attach_tolls(text: str, sent: Sentence, quantities: list[Quantity], drafts: list[Draft],
                  places: list[PlaceHit], times: list[TimeRef], memory: ReportMemory,
                  lex: Lexicon, published: date, trigger_clauses: set[tuple[int, int]],
                  actors: list[ActorHit], sources: list[SourceHit],
                  said_killed: list[tuple[str, int, int]]) -> None:
    """A killed or wounded count the sentence gives apart from any trigger goes to the
    event that caused it: in this sentence ("At least 12 people were killed when warplanes
    struck…") or the sentence before ("…; 12 people were killed"); only when nothing in the
    text caused it is it an event of its own (a toll, a daily tally)."""
    violent = [d for d in drafts if lex.violent(d.kind)]
    # a toll word naming a place of its own keeps the figures of its clause after it ("…
    # and the death of a young man in al-Mayadin"), whichever trigger claimed them
    told_elsewhere = [t for t in said_killed if violent and _elsewhere(t[1], places, violent)]
    own = [t for t in told_elsewhere if _place_in_clause(sent, t[1], places)]

    def owned(q: Quantity) -> bool:
        return any(t[2] <= q.start and sent.clause_of(t[1]) == sent.clause_of(q.start)
                   for t in own)

    for d in drafts:
        d.quantities = [q for q in d.quantities
                        if not (owned(q) and any(d.trigger[1] <= t[1] for t in own))]
    claimed = {id(q) for d in drafts for q in d.quantities}
    loose = [q for q in quantities if q.unit in ("fatalities", "injured") and
             id(q) not in claimed and not q.subset]
    alone: list[Quantity] = []
    for q in loose:
        if owned(q):
            alone.append(q)
            continue
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
    if violent:  # "airstrikes … kill 5": the strike's toll; "… and casualties in Daraa": not
        told = told_elsewhere
    elif memory.last_violent and not places and not alone:
        told = []  # "…; 12 people were killed": the last sentence's attack, told again
    else:
        told = list(said_killed)
    # a toll word with no figure is news only where it names its place ("Casualties in
    # Idlib city", "Chaos in Idlib kills activists": in its clause, right before it);
    # "Those killed had been fleeing…" points back
    told = [t for t in told if alone or any(
        h.via in ("name", "spelling") and (h.start > t[1] or (
            0 <= t[1] - h.end <= _OWN_PLACE_BEFORE and sent.clause_of(h.start) == sent.clause_of(
                t[1]))) for h in places)]
    deaths = [q for q in alone if q.unit == "fatalities"]
    if deaths and not told:
        told = [("casualties", deaths[0].start, deaths[0].end)]
    made: list[Draft] = []
    for _, start, end in told:
        draft = draft_event("casualties", start, end, text, sent, times, [], actors,
                            places, sources, memory, trigger_clauses, lex)
        armed = draft.actor2 is not None and draft.actor2.kind != "civilians"
        # a toll of an armed group's men ("the army said it killed 20 Boko Haram fighters")
        # is a battle's; of anyone else, an attack on civilians
        draft.kind = memory_kind(memory, draft) or ("clash" if armed else "attack_civilians")
        draft.toll_only = True
        dated = [d for d in drafts if d.time is not None]
        if draft.time is None and dated:  # "… at protesters on Thursday, killing four"
            draft.time = min(dated, key=lambda d: abs(d.trigger[0] - start)).time
        tense(draft, text, lex)
        made.append(draft)
    for q in alone:
        if made:
            _add_toll(min(made, key=lambda d: abs(d.trigger[0] - q.start)), q)
    for draft in made:
        draft.civilians = any(q.civilians for q in draft.quantities if q.unit == "fatalities")
        drafts.append(draft)
        drafts += each_place(draft, places, text, sent.end, lex)


def _elsewhere(pos: int, places: list[PlaceHit], violent: list[Draft]) -> bool:
    """Whether a toll word at ``pos`` names a place of its own, where none of the
    sentence's attacks is ("Warplanes bomb X and casualties in Y")."""
    ahead = [h for h in places if h.start > pos
             and not any(pos < d.trigger[0] < h.start for d in violent)]
    if not ahead:
        return False
    own = min(ahead, key=lambda h: h.start)
    if own.start - pos > _OWN_PLACE_CHARS:
        return False  # "killed 50 as civilians tried to flee eastern Ukraine": not its place
    if own.place.kind == "country" and any(
            d.place is not None and d.place.place.country_code == own.place.country_code
            for d in violent):
        return False  # the country of the attack's place: the same event
    return all(d.place is None or d.place.place.id != own.place.id for d in violent)


def _place_in_clause(sent: Sentence, pos: int, places: list[PlaceHit]) -> bool:
    """Whether the clause of the toll word at ``pos`` names a place after it."""
    clause = sent.clause_of(pos)
    return any(h.start > pos and sent.clause_of(h.start) == clause for h in places)


#: How far after a toll word the place it names may stand ("casualties in Daraa").
_OWN_PLACE_CHARS = 60
#: How far before it, in its clause ("chaos in Idlib kills…").
_OWN_PLACE_BEFORE = 20


def memory_kind(memory: ReportMemory, draft: Draft) -> str | None:
    """The kind of the last violent event the report placed where this draft is."""
    if draft.place is None:
        return None
    return memory.violent_kinds.get(draft.place.place.id)
