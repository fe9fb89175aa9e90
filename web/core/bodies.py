"""JSON that people send: a request's body, or JSON text a form carries. Parsed at the edge,
so that whatever the bytes hold the answer is a 4xx that says why, never a 500.

Python's parser has edges of its own: a number of more than 4,300 digits is a
``ValueError`` (the integer-string limit), nesting deeper than the interpreter's stack a
``RecursionError``. Both are refused here as the client's error, with the size limits of
:data:`MAX_DIGITS` and :data:`MAX_DEPTH`, well before Python's.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import request

from .errors import ApiError

__all__ = ["parse_json", "json_body", "MAX_DIGITS", "MAX_DEPTH"]

#: the longest number accepted (digits): 2^63 has 19, and no field takes more than 32 bits
MAX_DIGITS = 40
#: the deepest nesting of arrays and objects accepted (a review body nests 2 levels)
MAX_DEPTH = 32
_NUMBER_RUN = re.compile(rb"[0-9]{%d,}" % (MAX_DIGITS + 1))
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # unrolled: fast on long text
_BRACKET = re.compile(rb"[\[\]{}]")


def _strings_blanked(data: bytes) -> bytes:
    """``data`` with every JSON string emptied (what strings hold is text, not structure)."""
    return _STRING.sub(b'""', data)


def _depth(data: bytes) -> int:
    """The deepest nesting of ``[`` and ``{`` outside strings (a linear scan, skipped when
    the body has too few brackets to nest that deep)."""
    if data.count(b"[") + data.count(b"{") <= MAX_DEPTH:
        return 0
    depth = deepest = 0
    for match in _BRACKET.finditer(_strings_blanked(data)):
        if match.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def parse_json(data: bytes | str, what: str = "the body") -> Any:
    """The value of JSON ``data``.

    Raises:
        ApiError: 400 for bytes that are not UTF-8 or JSON, a number longer than
            :data:`MAX_DIGITS` digits, or nesting deeper than :data:`MAX_DEPTH`.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if _NUMBER_RUN.search(raw) and any(len(m) > MAX_DIGITS for m in
                                       re.findall(rb"-?[0-9]+", _strings_blanked(raw))):
        raise ApiError(f"{what} holds a number of more than {MAX_DIGITS} digits", 400)
    if _depth(raw) > MAX_DEPTH:
        raise ApiError(f"{what} is nested more than {MAX_DEPTH} levels deep", 400)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ApiError(f"{what} is not UTF-8 (byte {error.start})", 400) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ApiError(f"{what} is not JSON: {error.msg} at line {error.lineno} "
                       f"column {error.colno}", 400) from None
    except (ValueError, RecursionError) as error:  # Python's own limits, should ours miss
        raise ApiError(f"{what} cannot be read: {str(error)[:80]}", 400) from None


def json_body() -> dict[str, Any]:
    """The request's body as a JSON object.

    Raises:
        ApiError: 415 for another content type, 400 for bytes that are not UTF-8 or JSON
            (see :func:`parse_json`) or a value that is not an object (413 comes from
            Flask's size limit).
    """
    if request.mimetype not in ("application/json", "application/merge-patch+json"):
        raise ApiError(f"send JSON (Content-Type: application/json), not "
                       f"{request.mimetype or 'no content type'}", 415)
    value = parse_json(request.get_data(cache=False))
    if not isinstance(value, dict):
        raise ApiError(f"the body must be a JSON object, not {type(value).__name__}", 400)
    return value
