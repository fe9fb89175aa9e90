"""What a report has said so far, and the sentence-level finders that use it: actors, places,
sources. Places come from the gazetteer's mentions; the report's memory resolves what a
sentence only points back to ("cette ville", "les quartiers gouvernementaux", "Ils",
"cette ONG", "the ministry")."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from gazetteer import Gazetteer, Mention, Place
from geomap.extract.generic_actors import find_generic_actors, national_actor
from geomap.extract.lexicon import ActorEntry, Lexicon, body_of
from geomap.extract.numbers import number_words
from geomap.extract.segment import Sentence

__all__ = ["ActorHit", "PlaceHit", "SourceHit", "ReportMemory", "NameScan", "scan_names",
           "find_actors", "find_places", "find_sources", "pronoun_subject", "remember_places",
           "speech", "KIND_CLASS", "not_a_place", "statement_place", "resolve_generic",
           "not_place_before", "precision", "speaking_place", "subject_country", "of_source"]

KIND_CLASS = {"city": "city", "site": "city", "district": "district",
              "neighbourhood": "district", "admin1": "region", "admin2": "region",
              "country": "region", "region": "region", "continent": "region"}


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
    via: str = "name"  # name | anaphora | side | fallback | spelling | report
    unresolved: str | None = None  # a smaller place the text names and the gazetteer lacks
    qualifier: bool = False  # names the region of another place ("Tafas, in Daraa province")


@dataclass
class SourceHit:
    """A source named (or pointed back to) at ``start..end``."""

    name: str
    start: int
    end: int


@dataclass
class ReportMemory:
    """The report so far: places by kind, which side holds which place, the actors of the
    last sentence, the sources named, the start of the offensive, the country it is about."""

    last_place: dict[str, Place] = field(default_factory=dict)
    sides: dict[str, Place] = field(default_factory=dict)
    last_actors: list[ActorEntry] = field(default_factory=list)
    specific: dict[str, ActorEntry] = field(default_factory=dict)  # category -> actor
    last_source: str | None = None
    sources_by_kind: dict[str, str] = field(default_factory=dict)  # ngo -> last ngo named
    named_sources: set[str] = field(default_factory=set)
    offensive_start: date | None = None
    last_event_place: PlaceHit | None = None
    violent_kinds: dict[str, str] = field(default_factory=dict)  # place id -> kind
    last_kind: str | None = None  # the kind of the last violent event told
    speakers: dict[str, str] = field(default_factory=dict)  # person -> source
    country: str | None = None  # what the report is about (ISO 3166-1)
    last_violent: list[Any] = field(default_factory=list)  # the last sentence's violent drafts


# an anaphora word followed by the name it stands for ("the town of Dahyan")
_NAMED_AFTER = re.compile(r"(?:\s+[\w-]+){0,2}?\s+\w{1,3}['’\s]\s*[A-Z]")


@dataclass
class NameScan:
    """Every actor and source the report names (the lexicon's names, and the actors known
    by their shape), found once over the whole article; sentences take their share."""

    hits: list[tuple[ActorEntry, int, int]]
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.hits.sort(key=lambda h: (h[1], -(h[2] - h[1])))
        self.starts = [h[1] for h in self.hits]

    def between(self, a: int, b: int) -> list[tuple[ActorEntry, int, int]]:
        return self.hits[bisect_left(self.starts, a):bisect_left(self.starts, b)]

    def countries(self) -> Counter[str]:
        """The countries the named actors and sources imply, with how often they are named
        ("SDF" → SY, "RSF" → SD, "Houthis" → YE)."""
        return Counter(e.country for e, _, _ in self.hits if e.country)


_WORD_SPAN = re.compile(r"\w+|[^\w\s]")


def scan_names(text: str, end: int, lex: Lexicon, gazetteer: Gazetteer | None) -> NameScan:
    """The actors and sources named in ``text[:end]``: word sequences looked up in the
    lexicon's index of names (the longest at each word), then actors known by shape."""
    index = lex.names_index
    entries = lex.actors
    spans = [(m.start(), m.end(), m.group()) for m in _WORD_SPAN.finditer(text, 0, end)]
    exact = [w.replace("’", "'").replace("‘", "'").replace("`", "'") for _, _, w in spans]
    folded = [w.casefold() for w in exact]
    hits: list[tuple[ActorEntry, int, int]] = []
    for i, word in enumerate(folded):
        options = index.get(word, [])
        if exact[i] != word:  # short capitals are indexed as written ("RSF", "EI")
            options = sorted(options + index.get(exact[i], []), key=lambda o: -len(o[0]))
        if not options:
            continue
        for words, k, caps in options:
            n = len(words)
            got = exact[i:i + n] if caps else folded[i:i + n]
            if tuple(got) == words:
                hits.append((entries[k], spans[i][0], spans[i + n - 1][1]))
                break
    if gazetteer is not None:
        hits += [(g.entry, g.start, g.end)
                 for g in find_generic_actors(text, 0, end, lex, gazetteer)]
    return NameScan(hits)


@cache
def _grammar(lang: str) -> dict[str, re.Pattern[str]]:
    lex = Lexicon.load(lang)
    articles = body_of(lex.words("grammar", "articles"))
    counted = body_of(lex.words("grammar", "target_before")
                      + [re.escape(w) for w in number_words(lang)[0]])
    of = body_of(lex.words("grammar", "of_phrase"))
    determiners = body_of(lex.words("grammar", "subject_determiners") or ["some"])
    numbers = body_of([re.escape(w) for w in number_words(lang)[0]])
    count_nouns = body_of(lex.words("grammar", "count_nouns") or ["dozens"])
    return {
        # a force counted (by a figure in the lexicon or a number word: "two soldiers",
        # "une vingtaine de soldats") is the one a toll counts
        # … and so is the group its counted members belong to ("une vingtaine de jihadistes
        # de Boko Haram", "20 fighters of the Islamic State")
        "target": re.compile(rf"(?<![\w'’])(?:{counted})\s+(?:(?:{articles})\s*)*"
                             rf"(?:[\w-]+\s+(?:{of})\s*(?:(?:{articles})\s*)*)?$",
                             re.IGNORECASE),
        "agent": re.compile(rf"(?<![\w'’])(?:{body_of(lex.words('grammar', 'agent_before'))})"
                            rf"\s*(?:(?:{articles})\s*)*$", re.IGNORECASE),
        "pronoun": re.compile(rf"(?<!\w)(?:{body_of(lex.words('grammar', 'subject_pronouns'))})"
                              rf"(?!\w)", re.IGNORECASE),
        # a count: a counted force is a toll's even as the subject ("89 soldats ont été tués")
        "counted": re.compile(rf"\s*(?:\d|(?:{numbers}|{count_nouns})(?![\w'’]))",
                              re.IGNORECASE),
        # what may open a clause before its subject ("Des", "The", "Some")
        "subject_lead": re.compile(rf"[\W_]*(?:(?:{articles}|{determiners})\s*)?",
                                   re.IGNORECASE),
        # what joins a generic word to the group it names ("militiamen of the CODECO")
        "of_group": re.compile(rf"\s*(?:{of})\s*(?:(?:{articles})\s*)*", re.IGNORECASE),
        "locative": re.compile(rf"(?<![\w'’])(?:{body_of(lex.words('locatives', 'words'))})"
                               rf"\s*(?:(?:{articles})\s*)?$", re.IGNORECASE),
    }


def find_actors(text: str, sent: Sentence, lex: Lexicon, memory: ReportMemory,
                gazetteer: Gazetteer | None = None,
                places: list[PlaceHit] | None = None,
                scan: NameScan | None = None) -> list[ActorHit]:
    """Actors named in the sentence (sources excluded): the lexicon's, then those known by
    their shape ("Iraqi forces", "Saudi-led coalition", "a Russian missile"); a generic word
    ("les jihadistes", "militants") stands for the specific group the report named (an
    unidentified armed group when it named none), and is part of its name right after it
    ("Islamic State militants"); "government forces" are those of the report's country. A
    name used as a place ("in Russia") is no actor there."""
    if scan is None:
        scan = scan_names(text[:sent.end], sent.end, lex, gazetteer)
    found: list[tuple[ActorEntry, int, int]] = []
    by_id = lex.by_id
    for entry, a, b in scan.between(sent.start, sent.end):
        if entry.is_source:
            if entry.acts_for in by_id:  # "the Russian defence ministry said its bombers…"
                found.append((by_id[entry.acts_for], a, b))
            continue
        found.append((entry, a, b))
    sides = [m.span() for side in ("rebels", "government")
             for m in lex.regex("sides", side).finditer(text, sent.start, sent.end)]
    # "les quartiers rebelles" says whose the quarters are; the rebels do nothing there
    found = [f for f in found if not any(a <= f[1] < b for a, b in sides)]
    intro = _intro(lex.lang)  # "according to the Iran-aligned Houthi movement": a claimant
    found = [f for f in found if not intro.search(text, max(sent.start, f[1] - 50), f[1])]
    locative = _grammar(lex.lang)["locative"]
    for hit in places or ():
        if hit.via == "name" and locative.search(text, max(sent.start, hit.start - 20),
                                                 hit.start):
            found = [f for f in found if not (f[1] <= hit.start < f[2] or
                                              hit.start <= f[1] < hit.end)]
    found.sort(key=lambda f: (f[1], -(f[2] - f[1])))
    kept: list[tuple[ActorEntry, int, int]] = []
    for f in found:  # longest at each place; "groupe Etat islamique" over "Etat islamique"
        if not any(k[1] <= f[1] < k[2] for k in kept):
            kept.append(f)
    for entry, _, _ in kept:
        if entry.category and not entry.generic:
            memory.specific[entry.category] = entry
    grammar = _grammar(lex.lang)
    hits: list[ActorHit] = []
    loose = False  # whether the last hit is a generic word ("des miliciens")
    for entry, start, end in kept:
        if entry.generic:
            if hits and hits[-1].entry.category == entry.generic and start - hits[-1].end <= 2:
                hits[-1].end = end  # "Islamic State militants": one mention
                continue
        elif loose and hits and grammar["of_group"].fullmatch(text, hits[-1].end, start):
            hits[-1].entry, hits[-1].end = entry, end  # "des miliciens de la CODECO"
            loose = False
            continue
        loose = bool(entry.generic) or entry.role == "uag"
        entry = resolve_generic(entry, lex, memory, gazetteer)
        window = max(sent.start, start - 40)
        before = text[window:start]
        target = grammar["target"].search(before)
        if target and not grammar["counted"].match(target.group()) and \
                grammar["subject_lead"].fullmatch(text, sent.clause_of(start)[0],
                                                  window + target.start()):
            target = None  # "Des combattants de l'EI ont attaqué…": the clause's subject
        hits.append(ActorHit(entry, start, end, target=bool(target),
                             agent=bool(grammar["agent"].search(before))))
    return hits


def of_source(text: str, source_end: int, actor_start: int, lex: Lexicon) -> bool:
    """Whether an actor named at ``actor_start`` is the one a source right before it
    belongs to ("the health ministry of Hamas", "le ministère de la Santé du Hamas")."""
    return actor_start >= source_end and bool(
        _grammar(lex.lang)["of_group"].fullmatch(text, source_end, actor_start))


def subject_country(text: str, sent: Sentence, places: list[PlaceHit],
                    trigger: tuple[int, int], lex: Lexicon) -> PlaceHit | None:
    """A country named as the subject of a verb trigger ("Israel bombed Rafah", "La Russie
    a frappé Kiev"): at the head of its clause, a few words before a verb in the past
    (``[grammar] subject_verb``; "Syria clashes continue" has none). Its forces did it; it
    is not where."""
    pos, end = trigger
    clause_start = sent.clause_of(pos)[0]
    lead = _grammar(lex.lang)["subject_lead"]
    verb = lex.regex("grammar", "subject_verb")
    for h in places:
        if h.place.kind == "country" and h.via == "name" and \
                0 <= pos - h.end <= _SUBJECT_GAP and h.start >= clause_start and \
                lead.fullmatch(text, clause_start, h.start) and \
                not re.search(r"[,;:]", text[h.end:pos]) and verb.search(text, h.end, end):
            return h
    return None


#: How far a subject may stand before its verb ("Israel has again bombed").
_SUBJECT_GAP = 16


@cache
def _intro(lang: str) -> re.Pattern[str]:
    """Words that make the name after them a claimant, a few words between ("selon les
    rebelles", "according to the Iran-aligned Houthi movement")."""
    lex = Lexicon.load(lang)
    body = body_of(lex.words("sources", "intro"))
    org = body_of(lex.words("sources", "organisation_words"))
    word = r"(?:\s+[\w'’-]+|\s*\w['’])"
    # … or further when the words name an institution ("selon le ministère de la Santé du
    # Hamas": Hamas speaks)
    return re.compile(rf"(?<![\w'’])(?:{body})(?:{word}{{0,3}}|{word}{{0,2}}\s+(?:{org})"
                      rf"{word}{{0,4}})\s*$", re.IGNORECASE)


def resolve_generic(entry: ActorEntry, lex: Lexicon, memory: ReportMemory,
                    gazetteer: Gazetteer | None) -> ActorEntry:
    """The actor a generic name stands for: the specific group of its category the report
    named; else, for a name that has one, the unnamed actor (an unidentified armed group);
    a name of a role ("government forces") as that role's actor in the report's country."""
    if entry.generic:
        specific = memory.specific.get(entry.generic)
        if specific is not None:
            return specific
        if entry.unnamed and entry.unnamed in lex.by_id:
            entry = lex.by_id[entry.unnamed]
    if entry.by_country and entry.role and memory.country:
        return national_actor(entry, memory.country, lex, gazetteer)
    return entry


def pronoun_subject(text: str, sent: Sentence, lang: str = "fr") -> bool:
    """Whether the sentence's first clause is led by a personal pronoun ("Ils se sont…")."""
    a, b = sent.clauses[0] if sent.clauses else (sent.start, sent.end)
    head = text[a:min(b, a + 12)].lstrip(" \"«“")
    return bool(_grammar(lang)["pronoun"].match(head))


#: A dateline after a place that opens a report: an agency in brackets, perhaps a date
#: before it, then a dash.
_DATELINE = re.compile(r"\s*(?:,[^()\n]{0,30}?)?\s*\([A-Z][\w.&' -]{0,30}\)\s*[-–—]")


def statement_place(text: str, sent: Sentence, m: Mention, lex: Lexicon) -> bool:
    """A place named only as where a statement was made or a reporter stands: "un
    correspondant de l'AFP à Alep-Ouest", "A Moscou, le ministère … a précisé", a dateline
    ("Bamako (AFP) -"), or a capital speaking for its government ("Moscou a annoncé…")."""
    before = text[max(sent.start, m.start - 70):m.start]
    if lex.tail("statement_places", "before").search(before):
        return True
    if not text[sent.start:m.start].strip(" \"«“") and _DATELINE.match(text, m.end):
        return True  # "Bamako (AFP) -", "KHARTOUM, May 20 (Reuters) -": where it was filed
    if speaking_place(text, sent, m, lex):
        return True
    verbs = lex.regex("statement_places", "verbs")
    lead = text[sent.start:m.start].strip(" \"«“").casefold()
    if lead in _leads(lex.lang):
        rest = text[m.end:sent.end]
        return rest.lstrip().startswith(",") and bool(verbs.search(rest))
    return False


@cache
def _leads(lang: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in Lexicon.load(lang).words("statement_places", "lead"))


def speaking_place(text: str, sent: Sentence, m: Mention, lex: Lexicon) -> bool:
    """A capital or a country speaking for its government ("Moscou a annoncé…", "Kyiv
    said…")."""
    verbs = lex.regex("statement_places", "verbs")
    return m.place.kind in ("city", "country") and verbs.match(
        text, _skip_spaces(text, m.end, sent.end), sent.end) is not None


def not_a_place(text: str, sent: Sentence, m: Mention, lex: Lexicon) -> bool:
    """A place named only to describe an actor: "Iran-aligned", "US-led", "soutenus par
    l'Iran", "a London-based group"; or a name in quotation marks of a few words, the name
    of an operation or a group ("“Olive Branch” Operation", "l'opération « Bouclier de
    l'Euphrate »")."""
    if any(a <= m.start and m.end <= b and len(text[a:b].split()) <= 4
           for a, b in sent.quotes):
        return True
    if lex.words("places", "not_place_after") and lex.head(
            "places", "not_place_after").match(text, m.end, sent.end):
        return True
    return bool(not_place_before(lex.lang).search(text, max(sent.start, m.start - 40),
                                                   m.start))


@cache
def not_place_before(lang: str) -> re.Pattern[str]:
    lex = Lexicon.load(lang)
    articles = body_of(lex.words("grammar", "articles"))
    return re.compile(rf"(?<![\w'’])(?:{body_of(lex.words('places', 'not_place_before'))})\s*"
                      rf"(?:(?:{articles})\s*)?$", re.IGNORECASE)


def _skip_spaces(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] in " \t":
        pos += 1
    return pos


@cache
def _near_patterns(lang: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    lex = Lexicon.load(lang)
    articles = body_of(lex.words("grammar", "articles"))
    before = re.compile(rf"(?<![\w'’])(?:{body_of(lex.words('places', 'near_before'))})\s*"
                        rf"(?:(?:{articles})\s*)?$", re.IGNORECASE)
    after = re.compile(rf"(?:['’]s)?\s*(?:{body_of(lex.words('places', 'near_after'))})(?!\w)",
                       re.IGNORECASE)
    itself = re.compile(rf"\s*(?:{body_of(lex.words('places', 'itself_after'))})(?!\w)",
                        re.IGNORECASE)
    return before, after, itself


def precision(text: str, sent: Sentence, place: Place, start: int, end: int,
              lex: Lexicon) -> int:
    """1 the place itself; 2 near it or a part of it ("the countryside of Hama", "Idlib
    countryside", "east of Deir Ezzor"); 3 only a region (a country, a province: "the
    Kharkiv region", "la région du Sahel")."""
    if KIND_CLASS.get(place.kind) == "region":
        return 3
    before, after, itself = _near_patterns(lex.lang)
    if before.search(text, max(sent.start, start - 45), start):
        return 2
    if lex.words("places", "near_after") and after.match(text, end, sent.end) and not (
            lex.words("places", "itself_after") and itself.match(text, end, sent.end)):
        return 2
    return 1


def find_places(text: str, sent: Sentence, mentions: list[Mention], lex: Lexicon,
                memory: ReportMemory) -> list[PlaceHit]:
    """Places the sentence names (statement places and actors' descriptions left out),
    points back to, or puts on a side ("les quartiers gouvernementaux"); learns which side
    holds which place."""
    hits: list[PlaceHit] = []
    articles = {w.casefold().strip("'’") for w in lex.words("grammar", "articles")}
    for m in mentions:
        if m.text.casefold() in articles:
            continue  # "La frappe…": an article, not Los Angeles
        if sent.start <= m.start < sent.end and not statement_place(text, sent, m, lex) \
                and not not_a_place(text, sent, m, lex):
            hits.append(PlaceHit(m.place, m.start, m.end,
                                 precision=precision(text, sent, m.place, m.start, m.end, lex),
                                 via=getattr(m, "via", "name")))
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
            if _NAMED_AFTER.match(text, am.end(), min(sent.end, am.end() + 40)):
                continue  # "la ville saoudienne de Jizan", "the town of Dahyan": it names it
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
        kind = KIND_CLASS.get(h.place.kind)
        if h.via not in ("name", "spelling"):
            continue
        if kind == "district":
            memory.last_place["district"] = h.place
            memory.last_place.setdefault("city", h.place)
        elif kind == "city":
            memory.last_place["city"] = h.place
        elif kind == "region" and h.place.kind != "continent":
            memory.last_place["region"] = h.place


@cache
def _speaker(lang: str) -> re.Pattern[str]:
    """"a précisé Rami Abdel Rahmane", "said Ibrahim Abu Laith", "Ibrahim Abu Laith said"."""
    verbs = body_of(Lexicon.load(lang).words("grammar", "speech_verbs"))
    name = r"[A-Z][\w-]+(?:\s+(?:[A-Z][\w-]+|[a-z]{1,3}-[A-Z][\w-]+|[a-z]{2,3})){1,4}"
    return re.compile(rf"(?<!\w)(?:{verbs})(?:\s+[\w'’]+){{0,4}}?\s+(?P<name>{name})"
                      rf"|(?P<name2>[A-Z][\w-]+(?:\s+[A-Z][\w-]+){{1,3}}),?\s+(?:{verbs})(?!\w)")


@cache
def _org_patterns(lang: str) -> list[re.Pattern[str]]:
    return [re.compile(p) for p in Lexicon.load(lang).words("sources", "patterns")]


def find_sources(text: str, sent: Sentence, lex: Lexicon, memory: ReportMemory,
                 scan: NameScan | None = None) -> list[SourceHit]:
    """The sources behind the sentence: those it names ("selon l'OSDH", "according to
    Médecins sans frontières"), those it points back to ("cette ONG", "the ministry": the
    last source of that kind the report named); else the source of the person it quotes,
    learnt where the report first named them ("Rami Abdel Rahmane, le directeur de cette
    ONG"); else, for reported speech, the last source cited."""
    hits: list[SourceHit] = []
    if scan is None:
        scan = scan_names(text[:sent.end], sent.end, lex, None)
    for e, a, b in scan.between(sent.start, sent.end):
        if e.is_source:
            hits.append(SourceHit(e.name, a, b))
            memory.named_sources.add(e.name)
            memory.sources_by_kind[e.kind] = e.name
    for e in lex.actors:
        if e.is_source and e.refs is not None and e.name in memory.named_sources:
            hits += [SourceHit(e.name, m.start(), m.end())
                     for m in e.refs.finditer(text, sent.start, sent.end)]
    said = speech(text, sent, lex) or _names_an_organisation(text, sent, lex)
    for pattern in _org_patterns(lex.lang) if said else ():
        for m in pattern.finditer(text, sent.start, sent.end):
            name = _without_article(m.group("src").strip(), lex)
            lead = text[max(sent.start, m.start("src") - 25):m.start("src")]
            if any(h.start <= m.start("src") < h.end or m.start("src") <= h.start < m.end("src")
                   for h in hits) or not _organisation(name, lex, lead):
                continue
            hits.append(SourceHit(name, m.start("src"), m.end("src")))
            memory.named_sources.add(name)
            memory.sources_by_kind["ngo"] = name
    for kind, refs in lex.source_refs.items():
        known = memory.sources_by_kind.get(kind)
        if known is None:
            continue
        for m in refs.finditer(text, sent.start, sent.end):
            if not any(h.start <= m.start() < h.end for h in hits):
                hits.append(SourceHit(known, m.start(), m.end()))
    hits.sort(key=lambda h: h.start)
    speaker = _speaker(lex.lang).search(text, sent.start, sent.end)
    person = (speaker.group("name") or speaker.group("name2")) if speaker else None
    if hits:
        memory.last_source = hits[-1].name
        if person:
            memory.speakers.setdefault(person, hits[-1].name)
        return hits
    if person and speaker is not None:
        known_source = memory.speakers.get(person)
        return [SourceHit(known_source, speaker.start(), speaker.end())] if known_source else []
    if speech(text, sent, lex) and memory.last_source:
        return [SourceHit(memory.last_source, sent.start, sent.start)]
    return []


def _names_an_organisation(text: str, sent: Sentence, lex: Lexicon) -> bool:
    """Whether the sentence holds a word of organisations ("l'ONG X", "the group X"): the
    source patterns need it, or a verb of saying."""
    words = set(re.findall(r"[\w-]+", text[sent.start:sent.end].casefold()))
    return bool(words & _organisation_words(lex.lang))


@cache
def _organisation_words(lang: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in Lexicon.load(lang).words("sources",
                                                                     "organisation_words"))


def _without_article(name: str, lex: Lexicon) -> str:
    """"Les services de secours" → "services de secours"."""
    for article in sorted(lex.words("grammar", "articles"), key=len, reverse=True):
        a = article.replace("'", "")
        for sep in ("'", "’", " "):
            if name.casefold().startswith(a.casefold() + sep) and len(name) > len(a) + 2:
                return name[len(a) + 1:].lstrip()
    return name


def _organisation(name: str, lex: Lexicon, lead: str = "") -> bool:
    """Whether a name a source pattern caught names an organisation (an NGO, an agency, an
    authority), not a person or a place: by its words or those just before it ("the
    monitoring group OVD-Info", "l'ONG OVD-Info"), or short capitals ("MSF")."""
    words = _organisation_words(lex.lang)
    own = re.findall(r"[\w-]+", name.casefold())
    if all(t in words for t in own):
        return False  # "the NGO said": a word pointing back, not a name
    tokens = re.findall(r"[\w-]+", f"{lead} {name}".casefold())
    return bool(words.intersection(tokens)) or (name.isupper() and 2 <= len(name) <= 6)


def speech(text: str, sent: Sentence, lex: Lexicon) -> bool:
    """Whether the sentence reports speech (a verb of saying)."""
    return bool(lex.regex("statement_places", "verbs").search(text, sent.start, sent.end))
