"""Ranking the places a name could mean: a prior from the place alone, then the context of
the text (the countries it is about, the regions and places it names around each mention).

Scores are additive log-odds-like figures; :data:`WEIGHTS` holds every weight in one place.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gazetteer.index import (
    MATCH_ARTICLE,
    MATCH_COMPACT,
    MATCH_FUZZY,
    MATCH_TRANSLIT,
    NAME_UNRELATED,
    ROW_CAPITAL,
    NameIndex,
    Posting,
)
from gazetteer.memo import keep
from gazetteer.place import LARGE_KINDS, WIDE_KINDS

__all__ = ["WEIGHTS", "FEATURES", "Candidate", "prior", "prior_features", "candidate",
           "mark_largest", "dot", "prior_value", "resolve_spans", "focus_bonus",
           "focus_countries", "unrelated_alternate"]

WEIGHTS = {
    # the place alone: its kind and size
    "continent": 9.0,
    "region": 7.2,
    "country": 7.5,
    "country_logpop": 0.1,
    "district": 5.5,
    "neighbourhood": 3.5,
    "site": 4.0,
    "admin1": 1.6,
    "admin1_logpop": 0.75,
    "admin2": 0.9,
    "admin2_logpop": 0.6,
    "city_logpop": 1.0,
    "capital": 1.0,
    "largest": 0.0,
    # how the name matched
    "article": -0.7,
    "compact": -1.2,
    "fuzzy": -1.2,
    "fuzzy_point": -0.15,
    "translit": -1.5,
    "weak_script_match": -2.0,
    "foreign_article": -2.5,
    "primary_name": 0.6,
    "unrelated_alternate": -1.2,
    "same_lang": 0.8,
    # the words around the name
    "admin_word": 2.5,
    "qualifier": 6.0,
    "outside_qualifier": -6.0,
    "region_named_after_city": -2.0,
    "list_kind": 2.5,
    # the other places of the text
    "context_country": 2.2,
    "context_admin1": 1.4,
    "country_share": 0.0,
    "admin1_share": 0.0,
    "neighbour_country": 0.8,
    "ancestor": 1.5,
    "neighbourhood_without_city": -3.0,
    "near_50km": 1.0,
    "near_300km": 0.4,
    "pair_near": 0.8,
    # a mention is kept when its best candidate scores this much
    "accept": 3.6,
}

#: What a candidate's score is made of: the names of the features :data:`WEIGHTS` weighs.
FEATURES = tuple(k for k in WEIGHTS if k != "accept")
Features = dict[str, float]


def dot(weights: dict[str, float], features: Features) -> float:
    """The score some weights give some features."""
    total = 0.0
    for k, v in features.items():
        total += weights.get(k, 0.0) * v
    return total


@dataclass(slots=True)
class Candidate:
    """One place a mention could mean: its prior, its score in context, and the features
    both are sums of: the prior's come from the place and the name (:meth:`features_in`)
    plus ``extra`` ones the words around add (:meth:`bump`); ``context`` holds the last
    round's context features when they are kept; ``rank`` is the learned ranker's score,
    when there is one."""

    posting: Posting
    prior: float
    score: float = 0.0
    extra: Features = field(default_factory=dict)
    context: Features = field(default_factory=dict)
    rank: float = 0.0
    rank_prior: float = 0.0
    lang: str | None = None

    def features_in(self, index: NameIndex) -> Features:
        """Every feature of the prior: the place's and the name's, and the extra ones."""
        f = prior_features(index, self.posting, self.lang)
        for k, v in self.extra.items():
            f[k] = f.get(k, 0.0) + v
        return f

    def rank_in(self, context: Features, ranker: dict[str, float]) -> float:
        """The learned score in this context."""
        self.rank = self.rank_prior + dot(ranker, context)
        return self.rank

    def bump(self, feature: str, by: float = 1.0) -> None:
        """Add a feature (a word around the name, a qualifier) to the candidate."""
        self.prior += WEIGHTS[feature] * by
        self.extra = {**self.extra, feature: self.extra.get(feature, 0.0) + by}


#: The population a city without one (an administrative seat) is ranked as.
UNKNOWN_SEAT_POPULATION = 5000


def prior_features(index: NameIndex, p: Posting, lang: str | None) -> Features:
    """What is known of a candidate before reading the rest of the text."""
    row = p.row
    kind = index.kind_of(row)
    pop = int(index.population[row])
    if kind == "city" and pop == 0:
        # cities500 holds places of 500 people and more, and seats of administration whose
        # population GeoNames does not know (0): a seat is no hamlet
        pop = UNKNOWN_SEAT_POPULATION
    logpop = math.log10(pop + 10)
    f: Features = {}
    if kind == "city":
        f["city_logpop"] = logpop
        if index.row_flags[row] & ROW_CAPITAL and p.name == int(index.name_start[row]):
            f["capital"] = 1.0  # a capital by its own name ("Washington", not "Mexico")
    elif kind in ("admin1", "admin2", "country"):
        f[kind] = 1.0
        f[f"{kind}_logpop"] = logpop
    else:
        f[kind] = 1.0
    if p.match == MATCH_ARTICLE:
        f["article"] = 1.0
    elif p.match == MATCH_COMPACT:
        f["compact"] = 1.0
    elif p.match == MATCH_TRANSLIT:
        f["translit"] = 1.0
    elif p.match >= MATCH_FUZZY:  # fuzzy: MATCH_FUZZY + the points of similarity lost
        f["fuzzy"] = 1.0
        f["fuzzy_point"] = float(p.match - MATCH_FUZZY)
    name_lang = index.name_lang_of(p.name)
    if p.name == int(index.name_start[row]):
        f["primary_name"] = 1.0
    elif name_lang is None and unrelated_alternate(index, p):
        # an untagged alternate name unlike the place's name: a former name, a district,
        # a twin town's nickname ("Santa Ana" for Taguig); weaker evidence than the name
        f["unrelated_alternate"] = 1.0
    if lang and name_lang == lang:
        f["same_lang"] = 1.0
    return f


def prior(index: NameIndex, p: Posting, lang: str | None) -> float:
    """How likely the place is meant by this name, before reading the rest of the text."""
    return dot(WEIGHTS, prior_features(index, p, lang))


def prior_value(index: NameIndex, p: Posting, lang: str | None) -> float:
    """:func:`prior` summed without building the features (a test holds the two equal)."""
    w = WEIGHTS
    row = p.row
    kind = index.kind_of(row)
    pop = int(index.population[row])
    primary = p.name == int(index.name_start[row])
    if kind == "city":
        logpop = math.log10((pop or UNKNOWN_SEAT_POPULATION) + 10)
        score = w["city_logpop"] * logpop
        if primary and index.row_flags[row] & ROW_CAPITAL:
            score += w["capital"]
    elif kind in ("admin1", "admin2", "country"):
        score = w[kind] + w[_LOGPOP[kind]] * math.log10(pop + 10)
    else:
        score = w[kind]
    match = p.match
    if match == MATCH_ARTICLE:
        score += w["article"]
    elif match == MATCH_COMPACT:
        score += w["compact"]
    elif match == MATCH_TRANSLIT:
        score += w["translit"]
    elif match >= MATCH_FUZZY:
        score += w["fuzzy"] + w["fuzzy_point"] * (match - MATCH_FUZZY)
    name_lang = index.name_lang_of(p.name)
    if primary:
        score += w["primary_name"]
    elif name_lang is None and unrelated_alternate(index, p):
        score += w["unrelated_alternate"]
    if lang and name_lang == lang:
        score += w["same_lang"]
    return score


_LOGPOP = {"admin1": "admin1_logpop", "admin2": "admin2_logpop", "country": "country_logpop"}


def candidate(index: NameIndex, p: Posting, lang: str | None) -> Candidate:
    """A candidate and its prior."""
    return Candidate(p, prior_value(index, p, lang), lang=lang)


def mark_largest(index: NameIndex, cands: Sequence[Candidate]) -> None:
    """Flag the most populous candidate of a name (the one a reader thinks of first)."""
    if len(cands) > 1:
        top = max(cands, key=lambda c: int(index.population[c.posting.row]))
        top.bump("largest")


def focus_countries(focus: Sequence[str] | str) -> Counter[str]:
    """The caller's focus as country codes (upper case, once each; blanks dropped)."""
    if isinstance(focus, str):
        focus = [focus]
    return Counter({code.strip().upper(): 1 for code in focus if code and code.strip()})


def focus_bonus(cc: str | None, focus: Counter[str], neighbours: dict[str, list[str]]
                ) -> float:
    """What a caller's focus countries add to a place in country ``cc``."""
    if not cc or not focus:
        return 0.0
    if focus[cc]:
        return WEIGHTS["context_country"]
    if any(focus[n] for n in neighbours.get(cc, ())):
        return WEIGHTS["neighbour_country"]
    return 0.0


def unrelated_alternate(index: NameIndex, p: Posting) -> bool:
    """Whether the posting matched an alternate name unlike the place's own name (under
    half its letters in common): "Passover" for Mountain City, "Franklin" for El Paso."""
    return bool(index.name_flags[p.name] & NAME_UNRELATED)


@dataclass(slots=True)
class _Places:
    """What the context scoring reads of a mention's candidates, looked up once a text."""

    # tuples, not lists: a tuple of numbers and strings leaves the cyclic garbage
    # collector's watch, and tens of thousands of these stay cached
    rows: tuple[int, ...]
    cc: tuple[str | None, ...]
    admin1: tuple[str, ...]
    kind: tuple[str, ...]
    ancestors: tuple[tuple[int, ...], ...]
    local_ancestors: tuple[tuple[int, ...], ...]  # ancestors below the country
    lat: tuple[float, ...]
    lon: tuple[float, ...]
    coslat: tuple[float, ...]

    @classmethod
    def of(cls, index: NameIndex, cands: Sequence[Candidate]) -> _Places:
        rows = [c.posting.row for c in cands]
        memo = index.remembered_table("places")
        key = tuple(rows)
        found: _Places | None = memo.get(key)
        if found is None:
            found = keep(memo, key, cls._build(index, rows), _PLACES_CACHE)
        return found

    @classmethod
    def _build(cls, index: NameIndex, rows: list[int]) -> _Places:
        # a continent is too wide to tie two places ("Frankenstein-esque" is no reason for
        # an English Newark)
        ancestors = tuple(tuple(a for a in index.ancestors(r)
                                if index.kind_of(a) != "continent") for r in rows)
        lats = index.lat[rows]
        return cls(tuple(rows), tuple(index.cc_of(r) for r in rows),
                   tuple(index.admin1_of(r) for r in rows),
                   tuple(index.kind_of(r) for r in rows), ancestors,
                   tuple(tuple(a for a in anc if index.kind_of(a) not in WIDE_KINDS)
                         for anc in ancestors),
                   tuple(lats.tolist()), tuple(index.lon[rows].tolist()),
                   tuple(np.cos(np.radians(lats)).tolist()))


_PLACES_CACHE = 50_000


@dataclass(slots=True)
class _GroupContext:
    """The context the *other* names of a text make for one group (one name)."""

    countries: frozenset[str]
    neighbour_countries: set[str]  # the countries bordering those
    admin1: frozenset[str]
    rows: frozenset[int]
    lats: list[float]  # the points of the other names' places, by latitude
    lons: list[float]
    country_counts: dict[str, int] = field(default_factory=dict)  # the whole text's
    admin1_counts: dict[str, int] = field(default_factory=dict)
    own_countries: dict[str, int] = field(default_factory=dict)  # this group's own part
    own_admin1: dict[str, int] = field(default_factory=dict)

    @property
    def others(self) -> int:
        """How many places the other names are."""
        return len(self.lats)

    def country_share(self, cc: str | None) -> float:
        """The share of the other names' places that lie in country ``cc``."""
        if not cc or not self.lats:
            return 0.0
        return (self.country_counts.get(cc, 0) - self.own_countries.get(cc, 0)) / len(self.lats)

    def admin1_share(self, code: str) -> float:
        """The share of the other names' places that lie in region ``code``."""
        if not code or not self.lats:
            return 0.0
        return (self.admin1_counts.get(code, 0) - self.own_admin1.get(code, 0)) / len(self.lats)


def _contexts(places: Sequence[_Places], chosen: Sequence[int | None],
              groups: Sequence[str], extra_countries: Counter[str],
              neighbours: dict[str, list[str]]) -> _TextContext:
    """For each group of mentions (the same name), the context the *other* names make:
    a name repeated five times must not vouch for itself. Counted once for the whole
    text, then each group's own part taken off."""
    countries: dict[str, int] = {c: v for c, v in extra_countries.items() if v > 0}
    admin1: dict[str, int] = {}
    rows: dict[int, int] = {}
    own: dict[str, tuple[dict[str, int], dict[str, int], dict[int, int]]] = {}
    points: list[tuple[float, float, str]] = []
    for pl, k, g in zip(places, chosen, groups, strict=True):
        if k is None:
            continue
        mine = own.get(g)
        if mine is None:
            mine = own[g] = ({}, {}, {})
        oc, oa, orows = mine
        cc, a1 = pl.cc[k], pl.admin1[k]
        if cc:
            countries[cc] = countries.get(cc, 0) + 1
            oc[cc] = oc.get(cc, 0) + 1
        if a1:
            admin1[a1] = admin1.get(a1, 0) + 1
            oa[a1] = oa.get(a1, 0) + 1
        for r in (pl.rows[k], *pl.ancestors[k]):
            rows[r] = rows.get(r, 0) + 1
            orows[r] = orows.get(r, 0) + 1
        points.append((pl.lat[k], pl.lon[k], g))
    points.sort(key=lambda p: p[0])
    return _TextContext(countries, admin1, rows, own, points, neighbours)


class _TextContext:
    """The context of one text, each group's own part taken off when first asked for."""

    def __init__(self, countries: dict[str, int], admin1: dict[str, int],
                 rows: dict[int, int],
                 own: dict[str, tuple[dict[str, int], dict[str, int], dict[int, int]]],
                 points: list[tuple[float, float, str]], neighbours: dict[str, list[str]]):
        self.countries, self.admin1, self.rows, self.own = countries, admin1, rows, own
        self.points = points  # (lat, lon, group), by latitude
        self.neighbours = neighbours
        self.all = (frozenset(countries), frozenset(admin1), frozenset(rows))
        self._done: dict[str, _GroupContext] = {}

    def __getitem__(self, group: str) -> _GroupContext:
        found = self._done.get(group)
        if found is None:
            found = self._done[group] = self._make(group)
        return found

    def _make(self, group: str) -> _GroupContext:
        all_cc, all_a1, all_rows = self.all
        mine = self.own.get(group)
        points = self.points
        if mine is None:
            return self._context(all_cc, all_a1, all_rows, points, {}, {})
        oc, oa, orows = mine
        countries, admin1, rows = self.countries, self.admin1, self.rows
        gone_cc = [c for c, v in oc.items() if countries[c] <= v]
        gone_a1 = [a for a, v in oa.items() if admin1[a] <= v]
        gone_rows = [r for r, v in orows.items() if rows[r] <= v]
        return self._context(
            all_cc.difference(gone_cc) if gone_cc else all_cc,
            all_a1.difference(gone_a1) if gone_a1 else all_a1,
            all_rows.difference(gone_rows) if gone_rows else all_rows,
            [p for p in points if p[2] != group], oc, oa)

    def _context(self, ccs: frozenset[str], a1s: frozenset[str], rs: frozenset[int],
                 points: list[tuple[float, float, str]], oc: dict[str, int], oa: dict[str, int]
                 ) -> _GroupContext:
        return _GroupContext(ccs, _neighbours_of(ccs, self.neighbours), a1s, rs,
                             [p[0] for p in points], [p[1] for p in points], self.countries,
                             self.admin1, oc, oa)


def _neighbours_of(countries: frozenset[str], neighbours: dict[str, list[str]]) -> set[str]:
    """The countries bordering any of ``countries`` (remembered)."""
    near = _NEARBY.get(countries)
    if near is None:
        near = set()
        for c in countries:
            near.update(neighbours.get(c, ()))
        keep(_NEARBY, countries, near, 10_000)
    return near


#: Countries -> their neighbours, remembered (texts name the same few sets of countries).
_NEARBY: dict[frozenset[str], set[str]] = {}

#: Kilometres in a degree of latitude.
_KM_PER_DEGREE = 111.195


#: Squared distances, in degrees of latitude, of the two nearness bonuses.
_NEAR_50 = (50.0 / _KM_PER_DEGREE) ** 2
_NEAR_300 = (300.0 / _KM_PER_DEGREE) ** 2
_SPAN_300 = 300.0 / _KM_PER_DEGREE
#: The band of latitudes searched is this much wider than 300 km, so that rounding never
#: leaves out a point the distance test would keep.
_BAND_SLACK = 1e-6


def _nearness(pl: _Places, ctx: _GroupContext) -> list[int]:
    """For each candidate, 2 when a context point lies within 50 km, 1 within 300 km, else 0
    (equirectangular distances: exact enough at these ranges). Only the points in the band
    of latitudes within 300 km are measured: the context's points are sorted by latitude."""
    lats, lons = ctx.lats, ctx.lons
    if not lats:
        return [0] * len(pl.rows)
    out = []
    span = _SPAN_300 + _BAND_SLACK
    for lat, lon, cos in zip(pl.lat, pl.lon, pl.coslat, strict=True):
        best = 0
        for q in range(bisect_left(lats, lat - span), bisect_right(lats, lat + span)):
            dy = lat - lats[q]
            if -_SPAN_300 < dy < _SPAN_300:
                dx = abs(lon - lons[q])
                dx = min(dx, 360.0 - dx) * cos
                d = dy * dy + dx * dx
                if d < _NEAR_50:
                    best = 2
                    break
                if d < _NEAR_300:
                    best = 1
        out.append(best)
    return out


def _in_context(pl: _Places, ctx: _GroupContext) -> list[Features]:
    """The context features of each candidate of a mention, against the other names'."""
    near = _nearness(pl, ctx)
    out = []
    for k, nearest in enumerate(near):
        kind = pl.kind[k]
        f: Features = {}
        cc = pl.cc[k]
        if cc in ctx.countries:
            f["context_country"] = 1.0
        elif cc in ctx.neighbour_countries:
            f["neighbour_country"] = 1.0
        if pl.admin1[k] in ctx.admin1 and kind not in WIDE_KINDS:
            f["context_admin1"] = 1.0
            f["admin1_share"] = ctx.admin1_share(pl.admin1[k])
        if cc in ctx.countries:
            f["country_share"] = ctx.country_share(cc)
        if not ctx.rows.isdisjoint(pl.ancestors[k]):
            f["ancestor"] = 1.0
        if kind == "neighbourhood" and ctx.rows.isdisjoint(pl.local_ancestors[k]):
            # a neighbourhood ("Old City", "Hanano") only in a text about its city
            f["neighbourhood_without_city"] = 1.0
        if nearest and kind not in ("continent", "region", "country"):
            f["near_50km" if nearest == 2 else "near_300km"] = 1.0
        out.append(f)
    return out


def _context_bonus(pl: _Places, ctx: _GroupContext) -> list[float]:
    """What the context adds to each candidate's score: the hand-set weights of
    :func:`_in_context`'s features, summed without building them (a test holds the two
    equal)."""
    w = WEIGHTS
    country, neighbour, admin1, ancestor = (w["context_country"], w["neighbour_country"],
                                            w["context_admin1"], w["ancestor"])
    admin1_share, country_share = w["admin1_share"], w["country_share"]
    near_bonus = (0.0, w["near_300km"], w["near_50km"])
    out = []
    for k, nearest in enumerate(_nearness(pl, ctx)):
        kind = pl.kind[k]
        cc = pl.cc[k]
        bonus = 0.0
        if cc in ctx.countries:
            bonus += country
            if country_share:
                bonus += country_share * ctx.country_share(cc)
        elif cc in ctx.neighbour_countries:
            bonus += neighbour
        if pl.admin1[k] in ctx.admin1 and kind not in WIDE_KINDS:
            bonus += admin1
            if admin1_share:
                bonus += admin1_share * ctx.admin1_share(pl.admin1[k])
        if not ctx.rows.isdisjoint(pl.ancestors[k]):
            bonus += ancestor
        if kind == "neighbourhood" and ctx.rows.isdisjoint(pl.local_ancestors[k]):
            bonus += w["neighbourhood_without_city"]
        if nearest and kind not in ("continent", "region", "country"):
            bonus += near_bonus[nearest]
        out.append(bonus)
    return out


#: Two names' candidates this close tell one locality (a county and its seat, two
#: neighbouring towns), and a candidate this far below its name's best is no reading of it.
PAIR_KM = 30.0
PAIR_PRIOR_GAP = 3.0
_PAIR_CELL = PAIR_KM / _KM_PER_DEGREE
_NEAR_PAIR = _PAIR_CELL ** 2


def mark_pairs(candidates: Sequence[list[Candidate]], places: Sequence[_Places],
               groups: Sequence[str]) -> None:
    """Bump the candidates of an ambiguous name that lie within :data:`PAIR_KM` of a
    plausible candidate of another name: "Gainesville" and "Hall County" are the Georgia
    pair, whatever each would be alone. The other names' choices are not needed, so two
    ambiguous names settle each other where the rounds of :func:`resolve_spans`, which read
    only the current choices, would keep each one's first reading."""
    if all(len(cands) < 2 for cands in candidates):
        return
    cells: dict[tuple[int, int], list[tuple[str, float, float]]] = {}
    plausible: list[tuple[int, int, float, float]] = []
    for m, cands in enumerate(candidates):
        if not cands:
            continue
        floor = max(c.prior for c in cands) - PAIR_PRIOR_GAP
        pl, group = places[m], groups[m]
        for k, c in enumerate(cands):
            if c.prior < floor or pl.kind[k] in LARGE_KINDS:
                continue
            lat, lon = pl.lat[k], pl.lon[k]
            plausible.append((m, k, lat, lon))
            cell = (math.floor(lat / _PAIR_CELL), math.floor(lon / _PAIR_CELL))
            cells.setdefault(cell, []).append((group, lat, lon))
    near = _NEAR_PAIR
    for m, k, lat, lon in plausible:
        if len(candidates[m]) < 2:
            continue
        group, cos = groups[m], places[m].coslat[k]
        cy, cx = math.floor(lat / _PAIR_CELL), math.floor(lon / _PAIR_CELL)
        if any(g != group and (lat - olat) ** 2 + ((lon - olon) * cos) ** 2 < near
               for dy in (-1, 0, 1) for dx in (-1, 0, 1)
               for g, olat, olon in cells.get((cy + dy, cx + dx), ())):
            candidates[m][k].bump("pair_near")


def resolve_spans(index: NameIndex, candidates: Sequence[list[Candidate]],
                  groups: Sequence[str], extra_countries: Counter[str],
                  neighbours: dict[str, list[str]], rounds: int = 3,
                  ranker: dict[str, float] | None = None, explain: bool = False
                  ) -> list[int | None]:
    """Choose a candidate per mention (its index in the list, or None if none is plausible).

    Each round scores every candidate as prior + context from the other mentions' current
    choices, until the choices settle. With a learned ``ranker`` (weights of the same
    features), its score chooses; the hand-set score still says how plausible the choice is.
    ``explain`` keeps each candidate's context features (``Candidate.context``).
    """
    features = explain or ranker is not None
    places = [_Places.of(index, cands) for cands in candidates]
    mark_pairs(candidates, places, groups)
    if ranker:
        for cands in candidates:
            for c in cands:
                c.rank = c.rank_prior = dot(ranker, c.features_in(index))
    def best_of(cands: Sequence[Candidate]) -> int | None:
        if not cands:
            return None
        return max(range(len(cands)),
                   key=lambda k: cands[k].rank if ranker else cands[k].prior)

    choice: list[int | None] = [best_of(cands) for cands in candidates]
    # a mention with one candidate has no choice to make: its score is needed once, at the end
    open_ = [m for m, cands in enumerate(candidates) if len(cands) > 1]
    def context_of(choice: Sequence[int | None]) -> _TextContext:
        return _contexts(places, choice, groups, extra_countries, neighbours)

    contexts = context_of(choice)
    before: list[int | None] | None = None
    for _ in range(rounds):
        new = list(choice)
        for m, feats in _context_features(open_, places, groups, contexts,
                                          features).items():
            new[m] = _score(candidates[m], feats, ranker)
        if new == choice:
            break
        if new == before:  # two readings follow each other's last ones
            contexts = _settle(candidates, [m for m in open_ if new[m] != choice[m]], choice,
                               context_of, places, groups, features, ranker)
            break
        before, choice = choice, new
        contexts = context_of(choice)
    single = [m for m, cands in enumerate(candidates) if len(cands) == 1]
    for m, feats in _context_features(single, places, groups, contexts, features).items():
        _score(candidates[m], feats, ranker)
    return choice


def _settle(candidates: Sequence[list[Candidate]], swapping: list[int],
            choice: list[int | None], context_of: Callable[[Sequence[int | None]], _TextContext],
            places: Sequence[_Places], groups: Sequence[str], features: bool,
            ranker: dict[str, float] | None) -> _TextContext:
    """Settle mentions whose readings swap each round (Richmond and Berea each following
    the other's last reading): one at a time, the change that gains most in the current
    context, until none gains. ``choice`` is changed in place; the last context is returned."""
    contexts = context_of(choice)
    for _ in swapping:
        best_gain, best_move = 0.0, None
        for m in swapping:
            feats = _context_features([m], places, groups, contexts, features)[m]
            k = _score(candidates[m], feats, ranker)
            current = choice[m]
            gain = candidates[m][k].score - (candidates[m][current].score
                                             if current is not None else -math.inf)
            if gain > best_gain:
                best_gain, best_move = gain, (m, k)
        if best_move is None:
            break
        choice[best_move[0]] = best_move[1]
        contexts = context_of(choice)
    for m, feats in _context_features(swapping, places, groups, contexts, features).items():
        _score(candidates[m], feats, ranker)  # their scores in the context they settled in
    return contexts


def _score(cands: Sequence[Candidate], feats: Sequence[Features] | Sequence[float],
           ranker: dict[str, float] | None) -> int:
    """Score a mention's candidates in context (from their context features, or the
    bonuses those weigh to); the index of the best."""
    best, top = 0, -math.inf
    for k, cand in enumerate(cands):
        f = feats[k]
        value: float
        if isinstance(f, float):
            cand.score = value = cand.prior + f
        else:
            cand.context = f
            cand.score = cand.prior + dot(WEIGHTS, f)
            value = cand.rank_in(f, ranker) if ranker else cand.score
        if value > top:
            best, top = k, value
    return best


def _context_features(mentions: Sequence[int], places: Sequence[_Places],
                      groups: Sequence[str], contexts: _TextContext, features: bool
                      ) -> dict[int, list[Features]] | dict[int, list[float]]:
    """The context features (or, when ``features`` is false, just the bonuses) of these
    mentions' candidates; a name repeated with the same candidates is looked at once."""
    look = _in_context if features else _context_bonus
    done: dict[tuple[str, int], list[Any]] = {}
    out = {}
    for m in mentions:
        memo = (groups[m], id(places[m]))
        if memo not in done:
            done[memo] = look(places[m], contexts[groups[m]])
        out[m] = done[memo]
    return out


def confidence(cands: Sequence[Candidate], best: int, *, ranked: bool = False) -> float:
    """A score in (0, 1]: how far the best candidate stands above the bar and its rivals
    (the rivals by the learned ranker's scores when ``ranked``)."""
    scores = [c.rank if ranked else c.score for c in cands]
    top = scores[best]
    share = 1.0 / sum(math.exp(v - top) for v in scores)
    plausible = 1.0 / (1.0 + math.exp(-(cands[best].score - WEIGHTS["accept"])))
    return max(1e-3, min(1.0, share * plausible))
