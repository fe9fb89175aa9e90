"""Ranking the places a name could mean: a prior from the place alone, then the context of
the text (the countries it is about, the regions and places it names around each mention).

Scores are additive log-odds-like figures; :data:`WEIGHTS` holds every weight in one place.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from gazetteer.index import MATCH_ARTICLE, MATCH_COMPACT, MATCH_FUZZY, NameIndex, Posting
from gazetteer.normalize import normalize_name

__all__ = ["WEIGHTS", "Candidate", "prior", "resolve_spans", "Context", "focus_bonus",
           "focus_countries"]

WEIGHTS = {
    "continent": 9.0,
    "region": 7.2,
    "country": 7.5,
    "district": 5.5,
    "neighbourhood": 3.5,
    "site": 4.0,
    "admin1_slope": 0.75,
    "admin1_base": 1.6,
    "admin2_slope": 0.6,
    "admin2_base": 0.9,
    "article": -0.7,
    "compact": -1.2,
    "fuzzy_point": -0.15,
    "primary_name": 0.6,
    "unrelated_alternate": -1.2,
    "same_lang": 0.8,
    "context_country": 2.2,
    "context_admin1": 1.4,
    "neighbour_country": 0.8,
    "ancestor": 1.5,
    "neighbourhood_without_city": -3.0,
    "near_50km": 1.0,
    "near_300km": 0.4,
    "admin_word": 2.5,
    "region_named_after_city": -2.0,
    "accept": 3.6,
}


@dataclass
class Candidate:
    """One place a mention could mean, with its prior and its score in context."""

    posting: Posting
    prior: float
    score: float = 0.0


@dataclass
class Context:
    """What a set of mentions says about where the text is."""

    countries: Counter[str] = field(default_factory=Counter)
    admin1: Counter[str] = field(default_factory=Counter)
    rows: Counter[int] = field(default_factory=Counter)
    points: list[tuple[float, float]] = field(default_factory=list)

    def add(self, index: NameIndex, row: int) -> None:
        cc = index.cc_of(row)
        if cc:
            self.countries[cc] += 1
        admin1 = index.admin1_of(row)
        if admin1:
            self.admin1[admin1] += 1
        self.rows[row] += 1
        for anc in index.ancestors(row):
            self.rows[anc] += 1
        self.points.append((float(index.lat[row]), float(index.lon[row])))


def prior(index: NameIndex, p: Posting, lang: str | None) -> float:
    """How likely the place is meant by this name, before reading the rest of the text."""
    row = p.row
    kind = index.kind_of(row)
    pop = int(index.population[row])
    logpop = math.log10(pop + 10)
    if kind == "city":
        score = logpop
    elif kind == "admin1":
        score = WEIGHTS["admin1_base"] + WEIGHTS["admin1_slope"] * logpop
    elif kind == "admin2":
        score = WEIGHTS["admin2_base"] + WEIGHTS["admin2_slope"] * logpop
    elif kind == "country":
        score = WEIGHTS["country"] + 0.1 * logpop
    else:
        score = WEIGHTS[kind]
    if p.match == MATCH_ARTICLE:
        score += WEIGHTS["article"]
    elif p.match == MATCH_COMPACT:
        score += WEIGHTS["compact"]
    elif p.match >= MATCH_FUZZY:  # fuzzy: MATCH_FUZZY + the points of similarity lost
        score += WEIGHTS["compact"] + WEIGHTS["fuzzy_point"] * (p.match - MATCH_FUZZY)
    name_lang = index.name_lang_of(p.name)
    primary = int(index.name_start[row])
    if p.name == primary:
        score += WEIGHTS["primary_name"]
    elif name_lang is None and fuzz.ratio(normalize_name(index.names[p.name]),
                                          normalize_name(index.names[primary])) < 50:
        # an untagged alternate name unlike the place's name: a former name, a district,
        # a twin town's nickname ("Santa Ana" for Taguig); weaker evidence than the name
        score += WEIGHTS["unrelated_alternate"]
    if lang and name_lang == lang:
        score += WEIGHTS["same_lang"]
    return score


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


def _contexts(index: NameIndex, chosen: Sequence[int | None], groups: Sequence[str],
              extra_countries: Counter[str]) -> dict[str, Context]:
    """For each group of mentions (the same name), the context the *other* names make:
    a name repeated five times must not vouch for itself. Built once for the whole text,
    then each group's own part taken off."""
    own: dict[str, Context] = {g: Context() for g in groups}
    for row, g in zip(chosen, groups, strict=True):
        if row is not None:
            own[g].add(index, row)
    total = Context(countries=Counter(extra_countries))
    tagged: list[tuple[str, tuple[float, float]]] = []
    for g, ctx in own.items():
        total.countries.update(ctx.countries)
        total.admin1.update(ctx.admin1)
        total.rows.update(ctx.rows)
        tagged += [(g, p) for p in ctx.points]
    return {g: Context(countries=total.countries - ctx.countries,
                       admin1=total.admin1 - ctx.admin1, rows=total.rows - ctx.rows,
                       points=[p for other, p in tagged if other != g])
            for g, ctx in own.items()}


def _haversine_matrix(lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64],
                      plat: npt.NDArray[np.float64], plon: npt.NDArray[np.float64]
                      ) -> npt.NDArray[np.float64]:
    """Distances in km between every candidate (rows) and every context point (columns)."""
    p1, p2 = np.radians(lat)[:, None], np.radians(plat)[None, :]
    dlon = np.radians(plon)[None, :] - np.radians(lon)[:, None]
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    out: npt.NDArray[np.float64] = 12742.0 * np.arcsin(np.sqrt(np.minimum(1.0, h)))
    return out


def _in_context(index: NameIndex, cands: Sequence[Candidate], ctx: Context,
                neighbours: dict[str, list[str]]) -> list[float]:
    """The context bonus of each candidate of a mention, against the other names' context."""
    near = np.full(len(cands), math.inf)
    if ctx.points:
        rows = [c.posting.row for c in cands]
        plat, plon = np.array(ctx.points).T
        near = _haversine_matrix(index.lat[rows], index.lon[rows], plat, plon).min(axis=1)
    bonuses = []
    for cand, nearest in zip(cands, near, strict=True):
        row = cand.posting.row
        kind = index.kind_of(row)
        bonus = 0.0
        cc = index.cc_of(row)
        if cc and ctx.countries[cc] > 0:
            bonus += WEIGHTS["context_country"]
        elif cc and any(ctx.countries[n] for n in neighbours.get(cc, ())):
            bonus += WEIGHTS["neighbour_country"]
        admin1 = index.admin1_of(row)
        if admin1 and ctx.admin1[admin1] > 0 and kind not in ("country", "continent"):
            bonus += WEIGHTS["context_admin1"]
        ancestors = index.ancestors(row)
        if any(ctx.rows[anc] > 0 for anc in ancestors):
            bonus += WEIGHTS["ancestor"]
        if kind == "neighbourhood" and not any(
                ctx.rows[anc] > 0 and index.kind_of(anc) not in ("country", "continent")
                for anc in ancestors):
            # a neighbourhood ("Old City", "Hanano") only in a text about its city
            bonus += WEIGHTS["neighbourhood_without_city"]
        if kind not in ("continent", "region", "country"):
            if nearest < 50:
                bonus += WEIGHTS["near_50km"]
            elif nearest < 300:
                bonus += WEIGHTS["near_300km"]
        bonuses.append(bonus)
    return bonuses


def resolve_spans(index: NameIndex, candidates: Sequence[list[Candidate]],
                  groups: Sequence[str], extra_countries: Counter[str],
                  neighbours: dict[str, list[str]], rounds: int = 3) -> list[int | None]:
    """Choose a candidate per mention (its index in the list, or None if none is plausible).

    Each round scores every candidate as prior + context from the other mentions' current
    choices, until the choices settle.
    """
    choice: list[int | None] = [
        int(np.argmax([c.prior for c in cands])) if cands else None for cands in candidates
    ]
    for _ in range(rounds):
        chosen_rows = [cands[c].posting.row if c is not None else None
                       for cands, c in zip(candidates, choice, strict=True)]
        contexts = _contexts(index, chosen_rows, groups, extra_countries)
        for cands, group in zip(candidates, groups, strict=True):
            bonuses = _in_context(index, cands, contexts[group], neighbours)
            for cand, bonus in zip(cands, bonuses, strict=True):
                cand.score = cand.prior + bonus
        new = [int(np.argmax([c.score for c in cands])) if cands else None
               for cands in candidates]
        if new == choice:
            break
        choice = new
    return choice


def confidence(cands: Sequence[Candidate], best: int) -> float:
    """A score in (0, 1]: how far the best candidate stands above the bar and its rivals."""
    scores = np.array([c.score for c in cands])
    top = scores[best]
    share = 1.0 / float(np.exp(scores - top).sum())
    plausible = 1.0 / (1.0 + math.exp(-(top - WEIGHTS["accept"])))
    return max(1e-3, min(1.0, share * plausible))
