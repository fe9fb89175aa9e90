"""MatchCounts: counts kept per query and change counter, paging aside, bounded."""

from __future__ import annotations

from datetime import date

from geomap.store import EventQuery
from geomap.store.counts import MatchCounts

BOX = EventQuery(bbox=(37.0, 36.0, 37.5, 36.5), start=date(2016, 1, 1), limit=500)


def test_a_count_is_of_its_query_whatever_the_page() -> None:
    counts = MatchCounts()
    counts.put(7, BOX, 1200)
    assert counts.get(7, EventQuery(bbox=(37.0, 36.0, 37.5, 36.5), start=date(2016, 1, 1),
                                    limit=20, offset=500)) == 1200
    assert counts.get(7, EventQuery(bbox=(37.0, 36.0, 37.5, 36.6), start=date(2016, 1, 1),
                                    limit=500)) is None
    assert counts.get(7, EventQuery(bbox=(37.0, 36.0, 37.5, 36.5), limit=500)) is None
    within = {"type": "Polygon", "coordinates": [[[37, 36], [38, 36], [38, 37], [37, 36]]]}
    counts.put(7, EventQuery(within=within), 3)  # a mapping in the query
    assert counts.get(7, EventQuery(within=dict(within), offset=3)) == 3


def test_a_count_is_given_only_at_its_counter() -> None:
    counts = MatchCounts()
    counts.put(7, BOX, 1200)
    assert counts.get(8, BOX) is None and counts.get(6, BOX) is None
    counts.put(8, BOX, 1201)  # a newer state: the older counts go
    assert counts.get(8, BOX) == 1201 and counts.get(7, BOX) is None
    counts.put(2, BOX, 5)  # the counter went back (the database made anew)
    assert counts.get(2, BOX) == 5 and counts.get(8, BOX) is None


def test_the_least_recently_used_go_first() -> None:
    counts = MatchCounts(size=2)
    queries = [EventQuery(limit=1, event_types=(name,)) for name in ("Battles", "Protests",
                                                                     "Riots")]
    counts.put(1, queries[0], 10)
    counts.put(1, queries[1], 20)
    assert counts.get(1, queries[0]) == 10  # used: the other one is older now
    counts.put(1, queries[2], 30)
    assert [counts.get(1, q) for q in queries] == [10, None, 30]
