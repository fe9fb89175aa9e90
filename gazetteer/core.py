"""The Gazetteer: look names up, find and resolve the places a text names, reverse-geocode."""

from __future__ import annotations

import bisect
import gc
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import Any, overload

import numpy as np

from gazetteer.build import cached_index_dir
from gazetteer.geo import haversine_km
from gazetteer.index import MATCH_FUZZY, MATCH_TRANSLIT, ROW_CAPITAL, NameIndex, Posting
from gazetteer.lexicon import Lexicon
from gazetteer.memo import keep
from gazetteer.mentions import HYPHENS, Span, admin_word_after, find_spans
from gazetteer.normalize import (
    ARTICLES,
    compact_key,
    normalize_name,
    strip_article,
    strip_elision,
)
from gazetteer.place import WIDE_KINDS, Mention, Place
from gazetteer.resolve import (
    WEIGHTS,
    Candidate,
    candidate,
    confidence,
    focus_bonus,
    focus_countries,
    mark_largest,
    resolve_spans,
    unrelated_alternate,
)
from gazetteer.text import Token, detect_language, tokenize

__all__ = ["Gazetteer", "default_overlay_dir", "REVERSE_AREAS"]

#: Candidates kept per mention: the most likely by prior (a name such as "San José" has
#: hundreds of places; the context only needs to choose among the plausible ones).
MAX_CANDIDATES = 40
_FUZZY_CUTOFF = 88.0
#: Names looked at when completing a prefix (two letters begin thousands of names).
_MAX_COMPLETIONS = 400
#: Kinds of curated area that :meth:`Gazetteer.reverse` answers with by default.
REVERSE_AREAS = ("district", "site")
_MAX_NAME_LENGTH = 256
#: Names whose ranked candidates a process remembers before it starts afresh.
_RANKED_CACHE = 50_000
#: A word of the gap between a place and its qualifier.
_GAP_WORD = re.compile(r"[^\s'’]+")
#: Kinds of place that qualify a place named before them ("Paris, Ky.").
_QUALIFIER_KINDS = frozenset({"country", "admin1", "admin2"})
#: How far from a region's point a city of its name may lie and still be the city it is
#: named after when the city is a region of its own (Kyiv in Kiev Oblast).
_REGION_AROUND_CITY_KM = 120.0
#: "Mosul's Old City": a possessive, then the name.
_POSSESSIVE_GAP = re.compile(r"['’]s?\s+")
#: How far from its city a part of it named after the city's possessive may lie.
_PART_OF_CITY_KM = 25.0
#: How far outside a curated region's outline a town still counts as in it (degrees).
_AREA_MARGIN_DEG = 0.05


def _arabic_article(span: Span, tokens: Sequence[Token]) -> bool:
    """Whether a lower-case Arabic article is tied to the name by a hyphen ("al-Khair",
    "ad-Dana"): the name is romanised from Arabic."""
    first = tokens[span.i]
    if span.i > 0 and first.sep in HYPHENS:
        before = tokens[span.i - 1]
        return before.low in ARTICLES and not before.capitalized
    return False


def default_overlay_dir() -> Path:
    """``$GEOMAP_SEEDS_DIR/gazetteer``, else ``seeds/gazetteer`` beside the package."""
    env = os.environ.get("GEOMAP_SEEDS_DIR")
    base = Path(env) if env else Path(__file__).resolve().parent.parent / "seeds"
    return base / "gazetteer"


#: The longest gap between two names of a list (", and in ", " et au ").
_LIST_GAP = 12


class Gazetteer:
    """Offline place names: GeoNames cities500, countries, continents, admin regions and the
    curated overlay, compiled into a memory-mapped index."""

    def __init__(self, index: NameIndex):
        self.index = index
        self.lexicon = Lexicon.from_data(index.lexicon)
        # a span's candidates, ranked: (row, name, match, prior, extra features) each
        self._ranked: dict[tuple[object, ...],
                           tuple[tuple[int, int, int, float, tuple[tuple[str, float], ...]],
                                 ...]] = {}
        #: the learned candidate ranker's weights (``seeds/gazetteer/ranker.toml``), if any
        self.ranker: dict[str, float] | None = index.lexicon.get("ranker") or None

    @classmethod
    def default(cls, *, overlay_dir: Path | None = None,
                cache_dir: Path | None = None) -> Gazetteer:
        """The gazetteer of the shipped sources, compiled on first use and cached on disk."""
        key = (overlay_dir, cache_dir)
        if key not in _DEFAULTS:
            overlay = overlay_dir or default_overlay_dir()
            _DEFAULTS[key] = cls(NameIndex(cached_index_dir(overlay, cache_dir)))
        return _DEFAULTS[key]

    # ---- places by id ------------------------------------------------------------------
    def get(self, place_id: str) -> Place | None:
        """The place with this id, or None."""
        row = self.index.row_of(place_id)
        return self.index.place(row) if row is not None else None

    def country(self, code: str) -> Place | None:
        """The country with this ISO 3166-1 alpha-2 code, or None."""
        row = self._countries.get(code.upper())
        return self.index.place(row) if row is not None else None

    def capital(self, code: str) -> Place | None:
        """The capital of the country with this ISO 3166-1 alpha-2 code, or None."""
        row = self._capitals.get(code.upper())
        return self.index.place(row) if row is not None else None

    @cached_property
    def _capitals(self) -> dict[str, int]:
        rows = np.nonzero(np.asarray(self.index.row_flags) & ROW_CAPITAL)[0]
        out: dict[str, int] = {}
        for r in rows.tolist():
            out.setdefault(self.index.cc_of(int(r)) or "", int(r))
        return out

    @cached_property
    def _countries(self) -> dict[str, int]:
        rows = np.nonzero(np.asarray(self.index.kind) == self.index.kind_codes["country"])[0]
        return {self.index.cc_of(int(r)) or "": int(r) for r in rows}

    def ancestors(self, place: Place) -> list[Place]:
        """The places containing ``place`` (city → region → country → continent)."""
        row = self.index.row_of(place.id)
        return [] if row is None else [self.index.place(r) for r in self.index.ancestors(row)]

    def children_ids(self, place_id: str) -> list[str]:
        """Ids of the places whose parent chain passes through ``place_id``, nearest first
        (the overlay's districts and neighbourhoods, a region's cities)."""
        row = self.index.row_of(place_id)
        if row is None:
            return []
        parents = np.asarray(self.index.parent)
        out: list[str] = []
        frontier = [row]
        while frontier and len(out) < 100_000:
            nxt = np.nonzero(np.isin(parents, frontier))[0].tolist()
            out.extend(self.index.ids[r] for r in nxt)
            frontier = nxt
        return out

    # ---- lookup ------------------------------------------------------------------------
    def lookup(self, name: str, *, country: str | None = None, lang: str | None = None,
               limit: int = 10, fuzzy: bool = True, focus: Sequence[str] = ()) -> list[Place]:
        """Places a name may mean, most likely first.

        ``country`` (ISO code) keeps only places in that country; "Paris, Texas" style
        qualifiers after a comma narrow the same way. ``focus`` names countries the caller
        knows the name is about: evidence that raises their places (and, less, their
        neighbours'), not a filter. Near misses are found with rapidfuzz when nothing
        matches exactly.
        """
        return [self.index.place(c.posting.row)
                for c in self.candidates(name, country=country, lang=lang, limit=limit,
                                         fuzzy=fuzzy, focus=focus)]

    def candidates(self, name: str, *, country: str | None = None, lang: str | None = None,
                   limit: int = 10, fuzzy: bool = True, focus: Sequence[str] = ()
                   ) -> list[Candidate]:
        """Like :meth:`lookup`, with the scores."""
        name = name.strip()[:_MAX_NAME_LENGTH]
        if not name:
            return []
        qualifier_rows: set[int] = set()
        if "," in name:
            head, _, tail = name.partition(",")
            qual = self.candidates(tail, lang=lang, limit=3, fuzzy=False)
            if qual and head.strip():
                qualifier_rows = {c.posting.row for c in qual}
                name = head.strip()
        postings = self._postings_for_name(name, fuzzy=fuzzy)
        cands = [candidate(self.index, p, lang) for p in postings]
        if country:
            cands = [c for c in cands if self.index.cc_of(c.posting.row) == country.upper()]
        if qualifier_rows:
            inside = [c for c in cands
                      if qualifier_rows & {c.posting.row, *self.index.ancestors(c.posting.row)}]
            cands = inside or cands
        self._prefer_city_over_its_region(cands)
        focus_cc = focus_countries(focus)
        neighbours = self.index.lexicon.get("neighbours", {})
        for c in cands:
            c.score = c.prior + focus_bonus(self.index.cc_of(c.posting.row), focus_cc,
                                            neighbours)
        cands.sort(key=lambda c: -c.score)
        return cands[:limit]

    def _prefer_city_over_its_region(self, cands: list[Candidate]) -> None:
        """A region named after its city ("Aleppo", "New York", "Paris") means the city
        unless the text says province, state or region; a small town that bears the name
        of its region (Maryland City) does not make the region its namesake."""
        index = self.index
        if not any(index.kind_of(c.posting.row) in ("admin1", "admin2") for c in cands):
            return  # no region to tell from its city
        cities: dict[str, int] = {}  # admin1 -> the population of its namesake city
        namesakes: list[int] = []
        for c in cands:
            row = c.posting.row
            if index.kind_of(row) == "city" and (
                    index.name_lang_of(c.posting.name) is not None
                    or not unrelated_alternate(index, c.posting)):
                a1 = index.admin1_of(row)
                cities[a1] = max(cities.get(a1, 0), int(index.population[row]))
                namesakes.append(row)
        share = self.lexicon.threshold("city_share_of_named_region")
        for c in cands:
            row = c.posting.row
            a1 = index.admin1_of(row)
            kind = index.kind_of(row)
            if kind not in ("admin1", "admin2"):
                continue
            # the city may be a region of its own inside its namesake (Kyiv in Kiev Oblast)
            town = cities[a1] if a1 in cities else max(
                (int(index.population[r]) for r in namesakes
                 if index.cc_of(r) == index.cc_of(row)
                 and self._km(r, row) <= _REGION_AROUND_CITY_KM), default=0)
            if town and (kind == "admin2" or town * 100 >= share * int(index.population[row])):
                c.bump("region_named_after_city")  # a bare county name is its town's

    def complete(self, prefix: str, *, lang: str | None = None, limit: int = 10
                 ) -> list[Candidate]:
        """Places with a name beginning with ``prefix`` ("Ale", "حل"), most likely first:
        search as you type. Only places that are not villages are completed (every place
        that is not a city, and cities of 15,000 people or more)."""
        key = normalize_name(prefix.strip()[:_MAX_NAME_LENGTH])
        if len(key) < 2:
            return []
        keys = self._fuzzy_keys
        lo = bisect.bisect_left(keys, key)
        hi = bisect.bisect_left(keys, key + "\U0010ffff", lo)
        best: dict[int, Candidate] = {}
        for k in keys[lo:min(hi, lo + _MAX_COMPLETIONS)]:
            for p in self.index.postings(k):
                cand = candidate(self.index, p, lang)
                cand.score = cand.prior
                if p.row not in best or best[p.row].score < cand.score:
                    best[p.row] = cand
        return sorted(best.values(), key=lambda c: -c.score)[:limit]

    def overlay_places(self) -> list[Place]:
        """The curated overlay's places (ids ``geomap:…``): districts, neighbourhoods,
        sites, regions, Syria's governorates."""
        return [self.index.place(r) for r in self.index.meta.get("overlay_rows", [])]

    def _postings_for_name(self, name: str, *, fuzzy: bool) -> list[Posting]:
        key = normalize_name(name)
        tried = [key, strip_article(key)]
        cut, rest = strip_elision(name)
        if cut:
            tried.append(normalize_name(rest))
        tried.append(compact_key(key))
        for k in tried:
            found = self.index.postings(k)
            if found:
                return found
        if fuzzy and len(key) >= 4:
            return self._fuzzy_postings(key)
        return []

    # tuples, not lists: the cyclic garbage collector stops walking a tuple of strings
    @cached_property
    def _fuzzy_keys(self) -> tuple[str, ...]:
        """The folded names of places that are not villages, sorted (written by the build)."""
        path = self.index.directory / "fuzzy.txt"
        return tuple(path.read_text(encoding="utf-8").split("\n"))

    @cached_property
    def _fuzzy_lengths(self) -> dict[int, tuple[str, ...]]:
        out: dict[int, list[str]] = defaultdict(list)
        for k in self._fuzzy_keys:
            out[len(k)].append(k)
        return {n: tuple(keys) for n, keys in out.items()}

    def _fuzzy_by_length(self, length: int) -> list[str]:
        # ratio = 2·matches / (len a + len b) >= cut-off bounds the length difference
        slack = int(length * (100 - _FUZZY_CUTOFF) / _FUZZY_CUTOFF) + 1
        return [k for n in range(length - slack, length + slack + 1)
                for k in self._fuzzy_lengths.get(n, ())]

    def _fuzzy_postings(self, key: str) -> list[Posting]:
        from rapidfuzz import fuzz, process

        # only keys of about the same length can reach the cut-off: compare those alone
        hits = process.extract(key, self._fuzzy_by_length(len(key)), scorer=fuzz.ratio,
                               limit=3, score_cutoff=_FUZZY_CUTOFF)
        out: dict[int, Posting] = {}
        for match, score, _ in hits:
            for p in self.index.postings(match):
                # the match code carries how far the spelling was: MATCH_FUZZY + points lost
                fuzzy = Posting(p.row, p.name, MATCH_FUZZY + round(100.0 - score))
                if p.row not in out or out[p.row].match > fuzzy.match:
                    out[p.row] = fuzzy
        return list(out.values())

    # ---- geoparsing --------------------------------------------------------------------
    def geoparse(self, text: str, lang: str | None = None, *, focus: Sequence[str] = ()
                 ) -> list[Mention]:
        """The places ``text`` names, with character offsets, each resolved in context.

        ``focus`` names countries (ISO 3166-1 alpha-2) the caller knows the text is about
        (a desk's region, the countries of the events in the store): they count as if the
        text named them, which helps a headline with no country in it; they filter nothing.
        """
        with _no_cyclic_gc():
            return self._geoparse(text, lang, focus)

    def _geoparse(self, text: str, lang: str | None, focus: Sequence[str]) -> list[Mention]:
        spans, cand_lists, choice, lang = self._resolve(text, lang, focus)
        mentions = []
        for span, cands, best in zip(spans, cand_lists, choice, strict=True):
            if best is None or cands[best].score < WEIGHTS["accept"]:
                continue
            row = cands[best].posting.row
            start = span.start
            row, start = self._part_of_city(text, lang, row, start)
            learned = self.ranker is not None
            others = sorted((k for k in range(len(cands)) if k != best),
                            key=lambda k: -(cands[k].rank if learned else cands[k].score))
            mentions.append(Mention(
                start=start, end=span.end, text=text[start:span.end],
                place=self.index.place(row), score=confidence(cands, best, ranked=learned),
                matched=self.index.names[cands[best].posting.name],
                candidates=Alternatives(self.index, tuple(
                    (cands[k].posting.row, round(cands[k].score, 2)) for k in others[:3])),
            ))
        return mentions

    def resolution(self, text: str, lang: str | None = None, *, focus: Sequence[str] = ()
                   ) -> list[tuple[Span, list[Candidate], int | None]]:
        """Every span of ``text`` that may name a place, its candidates with their features
        (prior and context) and scores, and the one chosen (None: none): what
        :meth:`geoparse` decides from, for tools that learn or explain its choices."""
        spans, cand_lists, choice, _ = self._resolve(text, lang, focus, explain=True)
        return list(zip(spans, cand_lists, choice, strict=True))

    def _resolve(self, text: str, lang: str | None, focus: Sequence[str], explain: bool = False
                 ) -> tuple[list[Span], list[list[Candidate]], list[int | None], str | None]:
        tokens = tokenize(text)
        if not tokens:
            return [], [], [], lang
        lang = lang or detect_language(tokens, self.lexicon.function_words)
        focus_cc = focus_countries(focus)
        spans = find_spans(text, tokens, self.index, self.lexicon, lang, set(focus_cc))
        if not spans:
            return [], [], [], lang
        cand_lists = [self._span_candidates(s, tokens, lang) for s in spans]
        lists = self._lists(text, spans)
        self._qualified_by_region(text, spans, cand_lists, lists)
        self._like_their_list(lists, cand_lists)
        self._part_of_city_named_before(text, spans, cand_lists)
        cand_lists = [cands[:MAX_CANDIDATES] for cands in cand_lists]
        extra = self._demonym_countries(tokens, lang)
        extra.update(focus_cc)
        choice = resolve_spans(self.index, cand_lists, [self._name_group(s.key) for s in spans],
                               extra,
                               self.index.lexicon.get("neighbours", {}), ranker=self.ranker,
                               explain=explain)
        choice = self._one_sense_per_name(spans, cand_lists, choice)
        choice = self._loose_matches_supported(cand_lists, choice, extra)
        return spans, cand_lists, choice, lang

    def _name_group(self, key: str) -> str:
        """The name a mention's key tells, for the rule that a name never vouches for
        itself: "Dublin City" (Council) and "Dublin", "Franklin County" and "Franklin" are
        one name."""
        head, _, last = key.rpartition(" ")
        return head if head and last in self.lexicon.place_words else key

    def _span_candidates(self, span: Span, tokens: Sequence[Token], lang: str | None
                         ) -> list[Candidate]:
        admin = self._admin_word_near(span, tokens)
        arabic_article = _arabic_article(span, tokens)
        # numbers and strings only, key and value: the collector stops watching them
        memo = (span.key, *chain.from_iterable(span.postings), lang, admin, arabic_article)
        ranked = self._ranked.get(memo)
        if ranked is None:
            postings = {p.row: p for p in self.index.postings(compact_key(span.key))} \
                if " " in span.key else {}
            postings.update((p.row, p) for p in span.postings)  # the exact key's match wins
            cands = [candidate(self.index, p, lang) for p in postings.values()]
            mark_largest(self.index, cands)
            if any(t.arabic for t in tokens[span.i:span.j]):
                # a word of Arabic script names many villages: the small ones need the text
                # to support them
                small = self.lexicon.threshold("arabic_script")
                for c in cands:
                    if self.index.kind_of(c.posting.row) == "city" and \
                            c.posting.match != MATCH_TRANSLIT and \
                            int(self.index.population[c.posting.row]) < small:
                        c.bump("weak_script_match")
            if arabic_article:  # "al-Khair": a romanised Arabic name, not India's Khair
                romanised = self.lexicon.translit_countries
                for c in cands:
                    cc = self.index.cc_of(c.posting.row)
                    if cc and cc not in romanised:
                        c.bump("foreign_article")
            if admin:
                for c in cands:
                    if self.index.kind_of(c.posting.row) in ("admin1", "admin2"):
                        c.bump("admin_word")
            else:
                self._prefer_city_over_its_region(cands)
            cands.sort(key=lambda c: -c.prior)
            # the extra features as pairs: the collector never stops walking a dict's tuple
            ranked = tuple((*c.posting, c.prior, tuple(c.extra.items())) for c in cands)
            keep(self._ranked, memo, ranked, _RANKED_CACHE)
        return [Candidate(Posting(row, name, match), pr, extra=dict(f), lang=lang)
                for row, name, match, pr, f in ranked]

    def _qualified_by_region(self, text: str, spans: Sequence[Span],
                             cand_lists: Sequence[list[Candidate]],
                             lists: Sequence[list[int]] = ()) -> None:
        """"Lebanon, Pa.", "Paris, Ky.", "Sault Ste. Marie, Ontario", "Homs, Syria": a
        region or country right after a place and a comma is the strongest constraint on
        it. The place's candidates inside one of the region's candidates, and those
        regions, are raised; but not in a list of regions (``lists``): "Utah, Washington,
        West Virginia and Wyoming" are four states, not Washington, West Virginia."""
        kind_of = self.index.kind_of
        run_of = {k: run for run in lists for k in run}
        for k in range(len(spans) - 1):
            gap = text[spans[k].end:spans[k + 1].start]
            worded = self._qualifier_gap(gap)
            if worded is None:
                continue
            place, region = cand_lists[k], cand_lists[k + 1]
            if place and kind_of(place[0].posting.row) in WIDE_KINDS:
                continue  # "au Mali, au Niger": a country is in no region of a list
            if self._list_of_regions(k, run_of.get(k, ()), cand_lists):
                continue
            areas = {c.posting.row for c in region
                     if self.index.kind_of(c.posting.row) in _QUALIFIER_KINDS
                     or c.posting.row in self._area_shapes}
            if not areas:
                continue
            held = set()
            outside = []
            for c in place:
                inside = self._areas_holding(c.posting.row, areas)
                if inside:
                    c.bump("qualifier")
                    held |= inside
                else:
                    outside.append(c)
            # "Solhan, in northern Burkina Faso" is not Turkey's Solhan; after a bare comma,
            # which may join a list ("Aleppo, Homs"), only when a candidate is inside
            if worded or held:
                for c in outside:
                    c.bump("outside_qualifier")
            for c in region:
                if c.posting.row in held:
                    c.bump("qualifier")
            if held:
                place.sort(key=lambda c: -c.prior)
                region.sort(key=lambda c: -c.prior)

    def _list_of_regions(self, k: int, run: Sequence[int],
                         cand_lists: Sequence[list[Candidate]]) -> bool:
        """Whether name ``k`` and the region after it are two items of a list of regions:
        ``k`` may be a region of that kind itself, and another item of the list reads
        first as one ("Washington, Pennsylvania and California")."""
        region = cand_lists[k + 1]
        if not region or k + 1 not in run:
            return False
        kind_of = self.index.kind_of
        kind = kind_of(region[0].posting.row)
        return any(kind_of(c.posting.row) == kind for c in cand_lists[k]) and any(
            cand_lists[m] and kind_of(cand_lists[m][0].posting.row) == kind
            for m in run if m not in (k, k + 1))

    def _like_their_list(self, lists: Sequence[list[int]],
                         cand_lists: Sequence[list[Candidate]]) -> None:
        """"Mali, Niger and Nigeria", "Georgia, Alabama and Tennessee": the names of a list
        are of one kind; a name whose other names read first as one kind, two thirds of
        them at least, has its candidates of that kind raised (Niger the country, Georgia
        the state)."""
        kind_of = self.index.kind_of
        for run in lists:
            firsts = {k: kind_of(cand_lists[k][0].posting.row) for k in run if cand_lists[k]}
            for k in run:
                others = Counter(v for m, v in firsts.items() if m != k)
                if not others:
                    continue
                kind, count = others.most_common(1)[0]
                if count * 3 < 2 * sum(others.values()):
                    continue
                raised = [c for c in cand_lists[k] if kind_of(c.posting.row) == kind]
                for c in raised:
                    c.bump("list_kind")
                if raised:
                    cand_lists[k].sort(key=lambda c: -c.prior)

    def _lists(self, text: str, spans: Sequence[Span]) -> list[list[int]]:
        """The runs of spans that form lists: names joined by commas and list words, with
        at most a preposition ("au Mali, au Niger et au Nigeria"), a list word at least once
        ("Athens, Georgia" is a place and its region)."""
        lex = self.lexicon
        joining = lex.list_words | lex.locatives
        runs: list[tuple[list[int], bool]] = []
        for k, span in enumerate(spans):
            gap = text[spans[k - 1].end:span.start].casefold() if k else ""
            words = gap.replace(",", " ").replace("'", " ").replace("’", " ").split() \
                if 0 < len(gap) <= _LIST_GAP else None
            if words is not None and len(words) <= 2 and all(w in joining for w in words) \
                    and (words or gap.strip() == ","):
                run, listed = runs[-1]
                run.append(k)
                runs[-1] = (run, listed or any(w in lex.list_words for w in words))
            else:
                runs.append(([k], False))
        return [run for run, listed in runs if listed and len(run) > 1]

    def _part_of_city_named_before(self, text: str, spans: Sequence[Span],
                                   cand_lists: Sequence[list[Candidate]]) -> None:
        """"Mosul's Old City": a name after a city's possessive is a part of that city, not
        Jerusalem's Old City; its places far from every city of the possessive's name are
        ruled out, and with none left the name is only the city's."""
        for k in range(len(spans) - 1):
            if not _POSSESSIVE_GAP.fullmatch(text, spans[k].end, spans[k + 1].start):
                continue
            cities = [c.posting.row for c in cand_lists[k]
                      if self.index.kind_of(c.posting.row) == "city"]
            if not cities:
                continue
            for c in cand_lists[k + 1]:
                if not any(self._km(c.posting.row, r) <= _PART_OF_CITY_KM for r in cities):
                    c.bump("outside_qualifier")

    def _km(self, a: int, b: int) -> float:
        """The distance between the places at rows ``a`` and ``b``."""
        lat, lon = self.index.lat, self.index.lon
        return haversine_km(float(lat[a]), float(lon[a]), float(lat[b]), float(lon[b]))

    def _areas_holding(self, row: int, areas: set[int]) -> set[int]:
        """Those of ``areas`` that hold the place at ``row``: an administrative region it
        lies in, or a curated area ("the Eastern Ghouta") whose outline holds its point."""
        held = areas.intersection(self.index.ancestors(row))
        shaped = [a for a in areas if a in self._area_shapes and a not in held]
        if shaped:
            from shapely.geometry import Point

            point = Point(float(self.index.lon[row]), float(self.index.lat[row]))
            held.update(a for a in shaped if self._area_shapes[a].contains(point))
        return held

    @cached_property
    def _area_shapes(self) -> dict[int, Any]:
        """The outlines of the curated regions (prepared, widened by a few kilometres for
        the towns on their edge), by row."""
        from shapely.prepared import prep

        return {row: prep(poly.buffer(_AREA_MARGIN_DEG)) for row, poly, _ in self._areas
                if self.index.kind_of(row) == "region"}

    def _qualifier_gap(self, gap: str) -> bool | None:
        """Whether ``gap`` joins a place to the region that may qualify it: None when it
        does not; False for a bare comma ("Homs, Syria", or a list: "Aleppo, Homs"); True
        for words that say so: after a comma ("in northern", "dans le nord du"), or without
        one when they name a direction ("Palma in northern Mozambique")."""
        if "\n" in gap:
            return None
        head, comma, rest = gap.partition(",")
        if comma and head.strip():
            return None
        lex = self.lexicon
        allowed, directional = self._qualifier_words
        words = []
        for match in _GAP_WORD.finditer((rest if comma else gap).casefold()):
            if match.group() not in allowed:
                return None  # (most gaps are sentences: the first word tells)
            words.append(match.group())
        if not comma:  # "Palma in northern Mozambique": "in", "dans", "au" and a direction;
            # "al-Marj area in the Eastern Ghouta": a kind of place, then "in"
            kind = bool(words) and words[0] in lex.place_words
            lead = words[1:2] if kind else words[:1]
            return True if lead and lead[0] in lex.qualifier_lead and (
                kind or any(w in directional for w in words)) else None
        return bool(words)

    @cached_property
    def _qualifier_words(self) -> tuple[frozenset[str], frozenset[str]]:
        """(the words a qualifier's gap may hold, the directions among them)."""
        lex = self.lexicon
        directional = lex.direction_adjectives | frozenset(lex.directions)
        return (lex.qualifier_gap | lex.qualifier_lead | lex.of_words | directional
                | lex.place_words, directional)

    def _admin_word_near(self, span: Span, tokens: Sequence[Token]) -> bool:
        words = self.lexicon.admin_words
        before = [t.low for t in tokens[max(0, span.i - 3):span.i]]
        return admin_word_after(tokens, span.j, self.lexicon) or any(w in words for w in before)

    def _demonym_countries(self, tokens: Sequence[Token], lang: str | None) -> Counter[str]:
        lex = self.lexicon
        table = lex.demonyms.get(lang) if lang else None
        table = lex.any_demonyms if table is None else table
        return Counter(cc for cc in map(table.get, (tok.low for tok in tokens)) if cc)

    def _one_sense_per_name(self, spans: Sequence[Span], cand_lists: Sequence[list[Candidate]],
                            choice: list[int | None]) -> list[int | None]:
        totals: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        for span, cands in zip(spans, cand_lists, strict=True):
            for c in cands:
                totals[span.key][c.posting.row] += c.score
        out: list[int | None] = []
        for span, cands, best in zip(spans, cand_lists, choice, strict=True):
            if best is None or len(totals[span.key]) < 2:
                out.append(best)
                continue
            scores = totals[span.key]
            row = max(scores, key=lambda r: (scores[r], -r))  # the first on a tie, as before
            out.append(next((k for k, c in enumerate(cands) if c.posting.row == row), best))
        return out

    def _loose_matches_supported(self, cand_lists: Sequence[list[Candidate]],
                                 choice: list[int | None], extra: Counter[str]
                                 ) -> list[int | None]:
        """A place found only through a transliteration key stays only if the text (its
        other places, nationalities, the caller's focus) names its country."""
        firm: Counter[str] = Counter(extra)
        for cands, best in zip(cand_lists, choice, strict=True):
            if best is not None and cands[best].posting.match != MATCH_TRANSLIT:
                firm[self.index.cc_of(cands[best].posting.row) or ""] += 1
        return [best if best is None or cands[best].posting.match != MATCH_TRANSLIT
                or firm[self.index.cc_of(cands[best].posting.row) or "-"] else None
                for cands, best in zip(cand_lists, choice, strict=True)]

    @cached_property
    def _districts(self) -> dict[tuple[int, str], int]:
        """(parent row, direction) → the overlay district lying that way in the parent."""
        rows = np.nonzero(np.asarray(self.index.direction) > 0)[0]
        return {(int(self.index.parent[r]), self.index.direction_of(int(r)) or ""): int(r)
                for r in rows}

    def _part_of_city(self, text: str, lang: str | None, row: int, start: int
                      ) -> tuple[int, int]:
        """"la partie ouest d'Alep" names West Aleppo: widen the mention to the phrase."""
        if not any(parent == row for parent, _ in self._districts):
            return row, start
        before = text[max(0, start - 60):start]
        for phrase_lang, patterns in self.lexicon.part_phrases.items():
            if lang and phrase_lang != lang:
                continue
            for pattern, direction in patterns:
                match = pattern.search(before)
                district = self._districts.get((row, direction))
                if match and district is not None:
                    return district, start - (len(before) - match.start())
        return row, start

    # ---- reverse -----------------------------------------------------------------------
    @cached_property
    def _areas(self) -> list[tuple[int, Any, float]]:
        from shapely.geometry import shape

        out: list[tuple[int, Any, float]] = []
        for row in self.index.rows_with_geometry():
            geom = self.index.place(row).geometry
            if geom:
                poly = shape(geom)
                out.append((row, poly, float(poly.area)))
        out.sort(key=lambda item: item[2])
        return out

    def reverse(self, lat: float, lon: float, *,
                areas: Sequence[str] = REVERSE_AREAS) -> Place | None:
        """The smallest curated area of one of the ``areas`` kinds that holds the point (a
        point in East Aleppo gives Alep-Est; pass ``areas=("neighbourhood", *REVERSE_AREAS)``
        for the neighbourhood), else the nearest populated place.

        Raises:
            ValueError: on coordinates out of range.
        """
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat + lon):
            raise ValueError(f"coordinates out of range: {lat!r}, {lon!r}")
        from shapely.geometry import Point

        point = Point(lon, lat)
        for row, poly, _ in self._areas:
            if self.index.kind_of(row) in areas and poly.contains(point):
                return self.index.place(row)
        lats = np.radians(np.asarray(self.index.lat))
        lons = np.radians(np.asarray(self.index.lon))
        p1, l1 = math.radians(lat), math.radians(lon)
        h = (np.sin((lats - p1) / 2) ** 2
             + math.cos(p1) * np.cos(lats) * np.sin((lons - l1) / 2) ** 2)
        h = np.where(np.asarray(self.index.kind) == self.index.kind_codes["city"], h, np.inf)
        return self.index.place(int(np.argmin(h)))


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while one text is parsed: parsing builds no
    reference cycles, and the collector's passes over the many short-lived containers of a
    parse cost about a sixth of its time. Reference counting frees them as usual; the
    collector resumes (if it was running) when the parse ends, even on an error."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Alternatives(Sequence[tuple[Place, float]]):
    """The places a mention could also have meant, with their scores, built when read
    (most callers never look at them). The rows are a tuple of numbers, which the cyclic
    garbage collector stops watching: a caller may keep many mentions."""

    __slots__ = ("_index", "_rows")

    def __init__(self, index: NameIndex, rows: tuple[tuple[int, float], ...]):
        self._index = index
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, k: int) -> tuple[Place, float]: ...

    @overload
    def __getitem__(self, k: slice) -> Sequence[tuple[Place, float]]: ...

    def __getitem__(self, k: int | slice) -> tuple[Place, float] | Sequence[tuple[Place, float]]:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        row, score = self._rows[k]
        return self._index.place(row), score

    def __repr__(self) -> str:
        return repr(list(self))


_DEFAULTS: dict[tuple[Path | None, Path | None], Gazetteer] = {}
