"""Filters at the edge: days outside the calendar any record may carry are refused with a
reason (they once answered 500: date arithmetic overflows near year 1 and 9999)."""

from __future__ import annotations

from datetime import date

import pytest

from geomap.filters import parse_datetime, parse_day
from geomap.store import InvalidQuery


@pytest.mark.parametrize("value", ["0001-01-01", "0001-01-31", "1899-12-31", "2101-01-01",
                                   "9999-12-31"])
def test_days_outside_1900_2100_are_refused(value: str) -> None:
    with pytest.raises(InvalidQuery, match="outside 1900-2100"):
        parse_day("at", value)
    with pytest.raises(InvalidQuery, match="outside 1900-2100"):
        parse_datetime(f"{value}/..")


def test_the_first_and_last_days_are_fine() -> None:
    assert parse_day("from", "1900-01-01") == date(1900, 1, 1)
    assert parse_datetime("2016-12-11T08:00:00Z/2100-12-31") == (date(2016, 12, 11),
                                                                 date(2100, 12, 31))
