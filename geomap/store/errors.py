"""Exceptions of the store: one root, with builtins mixed in where the meaning is the same.

The web layer maps them to HTTP statuses in one table (``NotFound`` → 404, ``InvalidQuery``
and ``InvalidData`` → 400); the store itself knows nothing of HTTP.
"""

from __future__ import annotations

__all__ = ["StoreError", "NotFound", "InvalidQuery", "InvalidData", "SchemaVersionError"]


class StoreError(Exception):
    """Something went wrong in the store (the write, if any, was rolled back)."""


class NotFound(StoreError, LookupError):
    """No record has that id."""


class InvalidQuery(StoreError, ValueError):
    """A query's parameters make no sense (a bbox upside down, an unknown event type …)."""


class InvalidData(StoreError, ValueError):
    """A record to write is invalid (wrong type, out of range, unknown field …)."""


class SchemaVersionError(StoreError):
    """The database was made by another version of geomap's schema (or by something else)."""
