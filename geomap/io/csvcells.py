"""CSV cells a spreadsheet will not run: OWASP's rule against formula injection, reversibly.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to
Excel, LibreOffice and Google Sheets (``=HYPERLINK(…)``, ``=2+5+cmd|' /C calc'!A0``). Report
text and actor names are untrusted, so such a cell is written with a leading apostrophe,
which spreadsheets show as text. A plain number ("-12.5", a longitude) is no formula and is
written as it is, so GIS tools still read numbers. Reading our own CSV takes the apostrophe
off again, so an export imported back is unchanged.
"""

from __future__ import annotations

import re

__all__ = ["safe_cell", "unsafe_cell"]

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: str) -> str:
    """``value`` as a spreadsheet will show it, never run it.

    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell("-37.2"), safe_cell("'=1")
    ('\\'=HYPERLINK("http://x")', '-37.2', "''=1")
    """
    if value.startswith(_TRIGGERS) and not _NUMBER.fullmatch(value):
        return "'" + value
    if value.startswith("'") and value[1:].startswith(("'", *_TRIGGERS)):
        return "'" + value  # so that reading it back gives this very value
    return value


def unsafe_cell(value: str) -> str:
    """The value :func:`safe_cell` was given.

    >>> unsafe_cell(safe_cell("=1+2")), unsafe_cell(safe_cell("'=1")), unsafe_cell("'tis")
    ('=1+2', "'=1", "'tis")
    """
    if value.startswith("'") and value[1:].startswith(("'", *_TRIGGERS)):
        return value[1:]
    return value
