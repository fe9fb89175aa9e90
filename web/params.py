"""Query parameters of the web API: ``geomap.filters``' parsers, answering 400 (an
:class:`~web.errors.ApiError` with the parser's message) instead of raising InvalidQuery."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from geomap import filters
from geomap.filters import CRS84, EVENT_FILTERS, MAX_OFFSET, Args, filter_args, place_filter
from geomap.store import InvalidQuery

from .errors import ApiError

__all__ = [
    "EVENT_FILTERS", "MAX_OFFSET", "Args", "CRS84", "parse_bbox", "parse_datetime", "parse_day",
    "parse_int", "parse_limit", "parse_offset", "parse_types", "parse_statuses", "parse_list",
    "resolve_place", "place_filter", "event_query", "filter_args",
]

P = ParamSpec("P")
R = TypeVar("R")


def _answering_400(parse: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(parse)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return parse(*args, **kwargs)
        except InvalidQuery as error:
            raise ApiError(str(error), 400) from None

    return wrapper


parse_bbox = _answering_400(filters.parse_bbox)
parse_datetime = _answering_400(filters.parse_datetime)
parse_day = _answering_400(filters.parse_day)
parse_int = _answering_400(filters.parse_int)
parse_limit = _answering_400(filters.parse_limit)
parse_offset = _answering_400(filters.parse_offset)
parse_types = _answering_400(filters.parse_types)
parse_statuses = _answering_400(filters.parse_statuses)
parse_list = _answering_400(filters.parse_list)
resolve_place = _answering_400(filters.resolve_place)
event_query = _answering_400(filters.event_query)
