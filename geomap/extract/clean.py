"""Text as extraction reads it: HTML entities decoded (``&#8217;`` → ’), with a map back to
the offsets of the text as received, and a copy for the geoparser in which lower-case
Arabic articles before a name are capitalised ("al-Tabqa" → "Al-Tabqa", same length;
the articles are listed in ``seeds/lexicons/spellings.toml``)."""

from __future__ import annotations

import html
import re
import tomllib
from functools import cache

from geomap.extract.lexicon import lexicon_dir

__all__ = ["Decoded", "decode_entities", "for_geoparse"]

_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")


@cache
def _article() -> re.Pattern[str]:
    """"al-Tabqa", "ad-Dana", "ash-Shaddadi": an article joined to a capitalised name
    (after a space or an elided French article: "d'al-Bab")."""
    data = tomllib.loads((lexicon_dir() / "spellings.toml").read_text(encoding="utf-8"))
    words = "|".join(sorted(map(re.escape, data.get("articles", [])), key=len, reverse=True))
    return re.compile(rf"\b(?:{words or '(?!x)x'})(?=[-‐‑][A-Z])")


class Decoded:
    """``text`` with entities decoded; ``original(i)`` is the offset in the received text of
    offset ``i`` of the decoded one."""

    def __init__(self, received: str):
        self.received = received
        pieces: list[str] = []
        starts: list[tuple[int, int]] = []  # (decoded offset, received offset) of each cut
        pos = out = 0
        for m in _ENTITY.finditer(received):
            decoded = html.unescape(m.group())
            if decoded == m.group():
                continue
            pieces.append(received[pos:m.start()])
            out += m.start() - pos
            starts.append((out, m.start()))
            pieces.append(decoded)
            out += len(decoded)
            starts.append((out, m.end()))
            pos = m.end()
        pieces.append(received[pos:])
        self.text = "".join(pieces)
        self._cuts = starts

    @property
    def changed(self) -> bool:
        return bool(self._cuts)

    def original(self, i: int) -> int:
        """The received text's offset for decoded offset ``i``."""
        shift = 0
        for decoded_at, received_at in self._cuts:
            if decoded_at > i:
                break
            shift = received_at - decoded_at
        return i + shift


def decode_entities(text: str) -> Decoded:
    """The text with its HTML entities decoded (numeric and named)."""
    return Decoded(text)


_DOUBLE_QUOTES = frozenset('"“”„«»')


def for_geoparse(text: str) -> str:
    """``text`` with lower-case Arabic articles before a capitalised name capitalised, so
    that the name is found where the press writes it lower-case, and double quotes made
    spaces, so that a quoted name goes on into the word after it ("the “Euphrates Shield”
    areas", "« Bouclier de l'Euphrate »") (same length, same offsets)."""
    out = [" " if ch in _DOUBLE_QUOTES else ch for ch in text]
    for m in _article().finditer(text):
        a = m.start()
        before = text[a - 1] if a else " "
        elided = before in "'’" and a >= 2 and text[a - 2] in "dlDL" and (
            a == 2 or text[a - 3].isspace())
        if before.isspace() or not (before.isalnum() or before in "'’-") or elided:
            out[a] = text[a].upper()  # after a space, or an elided article ("d'al-Bab")
    return "".join(out)
