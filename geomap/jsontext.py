"""Compact JSON text: the one writer the store, the GeoJSON files, story digests and the web
answers share (UTF-8 kept as is, no NaN, no spaces)."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["compact_json"]


def compact_json(value: Any, *, sort_keys: bool = False) -> str:
    """``value`` as compact JSON text.

    >>> compact_json({"b": [1, 2], "a": "Alep"}, sort_keys=True)
    '{"a":"Alep","b":[1,2]}'

    Raises:
        ValueError: for NaN or infinite numbers (JSON has none).
    """
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                      sort_keys=sort_keys)
