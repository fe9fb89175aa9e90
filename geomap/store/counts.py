"""How many events a query matches, remembered while the store is unchanged.

A page's ``numberMatched`` is a count of every match, which costs about as much as the
matches are many (SQLite's R*Tree: 0.1 µs each; a table scan more): 1,000,000 events
matched cost a page 60-110 ms however small the page. Paging through them (``offset``)
or asking again with another page size counts the same matches again. The count is
kept, per process, under the store's change counter (``Store.change_counter``), which every
write bumps in its own transaction: read in the same read transaction as the count, it
says which state of the store the count is of, so a count is never given for a state it
was not made in. Only the counts of one counter, the last one counted at, are kept.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict

from .base import EventQuery

__all__ = ["MatchCounts"]


def _key(q: EventQuery) -> str:
    """What a count depends on: the query's filters, not its page (``within`` is a
    mapping, so the key is the text of the query)."""
    return repr(dataclasses.replace(q, limit=None, offset=0))


class MatchCounts:
    """The counts of the last ``size`` queries counted at the store's latest change
    counter (least recently used out). Safe to share between threads."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._counter = -1
        self._counts: OrderedDict[str, int] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, counter: int, q: EventQuery) -> int | None:
        """The count of ``q`` at ``counter``, None when it is not known."""
        key = _key(q)
        with self._lock:
            if counter != self._counter:
                return None
            total = self._counts.get(key)
            if total is not None:
                self._counts.move_to_end(key)
            return total

    def put(self, counter: int, q: EventQuery, total: int) -> None:
        """``q`` matches ``total`` events at ``counter``. The counts of any other counter are
        dropped: older ones are stale, and a counter that went back (the database made
        anew) makes every kept count stale."""
        key = _key(q)
        with self._lock:
            if counter != self._counter:
                self._counter = counter
                self._counts.clear()
            self._counts[key] = total
            self._counts.move_to_end(key)
            while len(self._counts) > self.size:
                self._counts.popitem(last=False)
