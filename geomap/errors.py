"""The domain's exceptions, in one place. None carries an HTTP status: the web layer maps
them in one table (``web/core/errors.py``), the command line to exit codes.

- :class:`~geomap.store.StoreError` and its kinds (``NotFound``, ``InvalidQuery``,
  ``InvalidData``, ``SchemaVersionError``) come from the store;
- :class:`UnknownPlace` is an ``InvalidQuery`` that names no place, with suggestions;
- :class:`TooLarge` is ``InvalidData`` past a size limit (a report longer than
  ``GEOMAP_MAX_REPORT_CHARS``).
"""

from __future__ import annotations

from collections.abc import Sequence

from gazetteer import Place

from .store.errors import InvalidData, InvalidQuery, NotFound, SchemaVersionError, StoreError

__all__ = ["StoreError", "NotFound", "InvalidQuery", "InvalidData", "SchemaVersionError",
           "UnknownPlace", "TooLarge", "place_label"]


def place_label(place: Place) -> str:
    """A place for people: ``Atlanta (city, US)``."""
    where = ", ".join(x for x in (place.kind, place.country_code) if x)
    return f"{place.name} ({where})" if where else place.name


class TooLarge(InvalidData):
    """A value larger than a limit allows (nothing was written)."""


class UnknownPlace(InvalidQuery):
    """No place has this name or id; ``suggestions`` are places with names like it."""

    def __init__(self, name: str, suggestions: Sequence[Place] = (), *,
                 parameter: str = "place"):
        self.name = name
        self.parameter = parameter
        self.suggestions = list(suggestions)
        message = f"no place matches {name!r}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(map(place_label, self.suggestions)) + "?"
        super().__init__(message)
