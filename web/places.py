"""Place search as you type: a name in any language, whole or begun.

Whole names come from the gazetteer's hash index (``Alep``, ``Aleppo``, ``حلب``). Begun names
("Ale", "حل") are completed from the sorted list of folded names the gazetteer keeps for
near-miss lookups (places that are not villages: every non-city place and the larger
cities): two binary searches give the run of names with that prefix, and the places they
name are ranked by the gazetteer's own prior. A few milliseconds a keystroke, no new index.
"""

from __future__ import annotations

import bisect
from typing import Any

from gazetteer import Gazetteer, normalize_name
from gazetteer.index import Posting
from gazetteer.resolve import prior

__all__ = ["search_places", "MAX_PREFIX_KEYS"]

#: Names with the typed prefix looked at, at most (a two-letter prefix begins thousands).
MAX_PREFIX_KEYS = 400


def _sorted_keys(gazetteer: Gazetteer) -> list[str]:
    # The gazetteer's sorted near-miss keys (built with the index, loaded once per process).
    keys: list[str] = gazetteer._fuzzy_keys  # noqa: SLF001 - see the report of issue 5
    return keys


def _prefix_postings(gazetteer: Gazetteer, key: str) -> list[Posting]:
    keys = _sorted_keys(gazetteer)
    lo = bisect.bisect_left(keys, key)
    hi = bisect.bisect_left(keys, key + "\U0010ffff", lo)
    out: list[Posting] = []
    for k in keys[lo:min(hi, lo + MAX_PREFIX_KEYS)]:
        out.extend(gazetteer.index.postings(k))
    return out


def _record(gazetteer: Gazetteer, posting: Posting) -> dict[str, Any]:
    place = gazetteer.index.place(posting.row)
    record = place.to_dict()
    record["matched"] = gazetteer.index.names[posting.name]
    if place.geometry is not None:
        from shapely.geometry import shape

        record["bbox"] = [round(v, 6) for v in shape(place.geometry).bounds]
    return record


def search_places(gazetteer: Gazetteer, query: str, *, limit: int = 10,
                  lang: str | None = None) -> list[dict[str, Any]]:
    """Places named ``query`` first, then places with a name beginning with it, then near
    misses; each as ``Place.to_dict()`` plus ``matched`` (the name that matched) and
    ``bbox`` for places with an outline."""
    key = normalize_name(query.strip()[:200])
    if not key:
        return []
    ranked: dict[int, tuple[int, float, Posting]] = {}

    def add(scored: list[tuple[Posting, float]], tier: int) -> None:
        for p, score in scored:
            best = ranked.get(p.row)
            if best is None or (tier, -score) < (best[0], -best[1]):
                ranked[p.row] = (tier, score, p)

    add([(c.posting, c.score) for c in gazetteer.candidates(query, lang=lang, limit=limit,
                                                             fuzzy=False)], 0)
    if len(ranked) < limit and len(key) >= 2:
        add([(p, prior(gazetteer.index, p, lang)) for p in _prefix_postings(gazetteer, key)], 1)
    if len(ranked) < limit and len(key) >= 4:
        add([(c.posting, c.score) for c in gazetteer.candidates(query, lang=lang,
                                                                 limit=limit)], 2)
    best = sorted(ranked.values(), key=lambda t: (t[0], -t[1]))[:limit]
    return [_record(gazetteer, p) for _, _, p in best]
