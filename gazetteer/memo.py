"""Remembering the results of the geoparser's pure functions of one word or key.

:func:`functools.lru_cache` keeps each entry in a linked list that the cyclic garbage
collector walks at every full collection: the hundred thousand keys a long text stream
leaves there cost each of those collections about 16 ms. A plain dict of strings and
numbers drops out of the collector's sight, and reads faster; when full, it starts afresh
instead of evicting the least recently used entry.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import update_wrapper
from typing import Any, Protocol, TypeVar, cast

__all__ = ["remembered", "Remembered", "keep"]

K = TypeVar("K", bound=Hashable, contravariant=True)
V = TypeVar("V", covariant=True)
T = TypeVar("T")


def keep(table: dict[Any, Any], key: Hashable, value: T, maxsize: int) -> T:
    """Store ``value`` under ``key`` in a table of remembered results, which starts afresh
    once it holds ``maxsize`` of them; the value, for chaining."""
    if len(table) >= maxsize:
        table.clear()
    table[key] = value
    return value


class Remembered(Protocol[K, V]):
    """A function of one argument that remembers its results (in ``table``)."""

    table: dict[Any, Any]

    def __call__(self, arg: K, /) -> V: ...

    def cache_clear(self) -> None:
        """Forget every result."""


def remembered(maxsize: int) -> Callable[[Callable[[K], V]], Remembered[K, V]]:
    """Decorate a pure function of one hashable argument (a string, a number) so that it
    remembers its last results, up to ``maxsize`` of them."""
    if maxsize < 1:
        raise ValueError(f"maxsize must be at least 1, not {maxsize!r}")

    def wrap(fn: Callable[[K], V]) -> Remembered[K, V]:
        table: dict[K, V] = {}

        def call(arg: K) -> V:  # a closure: a call costs half a method's
            try:
                return table[arg]
            except KeyError:
                pass
            return keep(table, arg, fn(arg), maxsize)

        call.table = table  # type: ignore[attr-defined]
        call.cache_clear = table.clear  # type: ignore[attr-defined]
        return cast(Remembered[K, V], update_wrapper(call, fn))

    return wrap
