"""Cleaning and segmentation: the article's own text, its sentences and clauses, with
character offsets into the original text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from geomap.extract.lexicon import Lexicon

__all__ = ["Sentence", "article_end", "sentences"]

_END = re.compile(r"[.!?…]+[\"»”’)\]]*(?=\s)|;(?=[^\s\d])|;(?=\d+\s)")
_CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d)|[;:()\[\]—–…]|\s-\s")  # not "10,000"
_QUOTE = re.compile(r"[\"“«]([^\"”»]{3,}?)[\"”»]")


@dataclass
class Sentence:
    """``text[start:end]``; ``heading`` for a title line; its clauses and quoted spans."""

    start: int
    end: int
    text: str
    heading: bool = False
    clauses: list[tuple[int, int]] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)
    index: int = 0

    def clause_of(self, pos: int) -> tuple[int, int]:
        """The clause holding absolute offset ``pos``."""
        for a, b in self.clauses:
            if a <= pos < b:
                return a, b
        return self.start, self.end

    def in_quote(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.quotes)


def article_end(text: str, lex: Lexicon) -> int:
    """Where the article stops: the first line opening site boilerplate ("A LIRE AUSSI")."""
    cut = [c.casefold() for c in lex.words("boilerplate", "cut")]
    pos = 0
    for line in text.splitlines(keepends=True):
        bare = line.strip().casefold().rstrip(" .:")
        if bare and any(bare == c or bare.startswith(c + " ") or bare.startswith(c + ":")
                        for c in cut):
            return pos
        pos += len(line)
    return len(text)


def _dropped_lines(text: str, end: int, lex: Lexicon) -> list[tuple[int, int]]:
    """Lines of boilerplate (adverts, comment notices) and lines repeated verbatim."""
    drop = [d.casefold() for d in lex.words("boilerplate", "drop")]
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for line in text[:end].splitlines(keepends=True):
        lines.append((pos, pos + len(line), line.strip()))
        pos += len(line)
    repeated = Counter(t for _, _, t in lines if t)
    out = []
    for a, b, t in lines:
        low = t.casefold()
        if t and (repeated[t] > 1 or any(low.startswith(d) or d in low[:60] for d in drop)):
            out.append((a, b))
    return out


def _splits(text: str, start: int, end: int, abbreviations: frozenset[str]) -> list[int]:
    cuts = []
    for match in _END.finditer(text, start, end):
        before = text[start:match.start()].split()
        word = before[-1].casefold().strip("(\"«“") if before else ""
        if match.group().startswith(".") and (word in abbreviations or
                                              (len(word) == 1 and word.isalpha())):
            continue  # "M. Assad", "J. Smith"
        nxt = text[match.end():match.end() + 3].lstrip()
        if nxt and (nxt[0].islower() or nxt[0] in ",;") and not match.group().startswith(";"):
            continue
        cuts.append(match.end())
    return cuts


@cache
def _sentence_words(lang: str) -> tuple[frozenset[str], re.Pattern[str]]:
    """(abbreviations whose full stop ends no sentence, the words that open a clause)."""
    lex = Lexicon.load(lang)
    abbreviations = frozenset(a.casefold() for a in lex.words("sentences", "abbreviations"))
    relatives = re.compile(
        r"\s(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+")
                            for w in lex.words("sentences", "relatives")) + r")\s",
        re.IGNORECASE)
    return abbreviations, relatives


def _is_heading(line: str) -> bool:
    """A short line without final punctuation: a title or a cross-heading."""
    stripped = line.strip()
    return len(stripped.split()) <= 10 and not re.search(r"[.!?…:»\"”]$", stripped)


def sentences(text: str, lex: Lexicon) -> list[Sentence]:
    """The article's sentences (boilerplate removed), headings marked. A text of headings
    alone (a headline, a monitor's list of titles) has no heading: its lines are what it
    reports."""
    end = article_end(text, lex)
    dropped = _dropped_lines(text, end, lex)
    abbreviations, relatives = _sentence_words(lex.lang)
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for line in text[:end].splitlines(keepends=True):
        a, b = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        if line.strip() and not any(x <= a < y for x, y in dropped):
            lines.append((a, b, line))
    body = any(not _is_heading(line) for _, _, line in lines)
    out: list[Sentence] = []
    for a, b, line in lines:
        heading = body and _is_heading(line)
        bounds = [a, *_splits(text, a, b, abbreviations), b]
        for s, e in zip(bounds, bounds[1:], strict=False):
            while s < e and text[s].isspace():
                s += 1
            if s >= e:
                continue
            sent = Sentence(s, e, text[s:e], heading=heading, index=len(out))
            marks = [s] + [s + m.start() for m in _CLAUSE_BREAK.finditer(sent.text)] + \
                [s + m.start() for m in relatives.finditer(sent.text)] + [e]
            marks = sorted(set(marks))
            sent.clauses = [(x, y) for x, y in zip(marks, marks[1:], strict=False) if y > x]
            sent.quotes = [(s + m.start(), s + m.end()) for m in _QUOTE.finditer(sent.text)]
            out.append(sent)
    return out
