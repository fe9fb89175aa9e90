"""Compact JSON text: the one writer the store, the GeoJSON files, story digests and the web
answers share (UTF-8 kept as is, no NaN, no spaces)."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["compact_json", "script_safe"]


def compact_json(value: Any, *, sort_keys: bool = False) -> str:
    """``value`` as compact JSON text.

    >>> compact_json({"b": [1, 2], "a": "Alep"}, sort_keys=True)
    '{"a":"Alep","b":[1,2]}'

    Raises:
        ValueError: for NaN or infinite numbers (JSON has none).
    """
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                      sort_keys=sort_keys)


def script_safe(data: bytes) -> bytes:
    """JSON text (UTF-8) that no ``<script>`` it is pasted in can be broken out of: ``<``,
    ``>``, ``&``, ``'`` and the line separators U+2028/U+2029 written as ``\\u`` escapes.
    Each is a whole character, so pieces made safe and then joined are the whole made safe.

    >>> script_safe('["</script>"]'.encode())
    b'["\\\\u003c/script\\\\u003e"]'
    """
    for raw, escaped in _SCRIPT_ESCAPES:
        if raw in data:
            data = data.replace(raw, escaped)
    return data


_SCRIPT_ESCAPES = [(b"<", b"\\u003c"), (b">", b"\\u003e"), (b"&", b"\\u0026"),
                   (b"'", b"\\u0027"), ("\u2028".encode(), b"\\u2028"),
                   ("\u2029".encode(), b"\\u2029")]
