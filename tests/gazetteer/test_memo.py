"""The geoparser's remembered functions: same results, bounded, out of the collector's sight."""

from __future__ import annotations

import gc

import pytest

from gazetteer.memo import remembered


def test_results_are_remembered_and_bounded() -> None:
    calls: list[str] = []

    @remembered(3)
    def shout(word: str) -> str:
        """Upper case."""
        calls.append(word)
        return word.upper()

    assert [shout(w) for w in ("a", "b", "a", "c")] == ["A", "B", "A", "C"]
    assert calls == ["a", "b", "c"]  # "a" came from the table
    shout("d")  # the table was full: it starts afresh
    shout("a")
    assert calls == ["a", "b", "c", "d", "a"]
    shout.cache_clear()
    shout("d")
    assert calls[-1] == "d" and shout.__doc__ == "Upper case." and shout.__name__ == "shout"


def test_a_table_of_strings_is_not_walked_by_the_collector() -> None:
    @remembered(100)
    def fold(word: str) -> str:
        return word.casefold()

    for k in range(50):
        fold(f"Word{k}")
    gc.collect()
    assert len(fold.table) == 50 and not gc.is_tracked(fold.table)


def test_a_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        remembered(0)
