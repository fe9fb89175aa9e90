"""Tokens of running text with their offsets, the separators between them, and the language."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from gazetteer.memo import remembered

__all__ = ["Token", "tokenize", "detect_language", "is_arabic"]

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_BREAK = re.compile(r"[.!?…\n«“\"]")
_APOSTROPHES = frozenset("'’ʼ")


@dataclass(slots=True)  # not frozen: a frozen dataclass is slow to build, and texts have many
class Token:
    """A word of the text: ``text[start:end]``, the separator before it, and its shape."""

    start: int
    end: int
    text: str
    sep: str  # the characters between the previous token and this one
    sentence_start: bool
    capitalized: bool
    upper: bool
    arabic: bool
    low: str  # casefolded


def is_arabic(word: str) -> bool:
    """Whether a word is written in Arabic script."""
    return bool(word) and ("\u0600" <= word[0] <= "\u06ff" or "\u0750" <= word[0] <= "\u077f"
                           or "\ufb50" <= word[0] <= "\ufeff")


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into word tokens, keeping offsets into it.

    A token starts a sentence after a full stop, a line break or an opening quote: its
    capital letter then says nothing about its being a name.

    >>> [t.text for t in tokenize("d'Alep-Est, U.S.")]
    ['d', 'Alep', 'Est', 'U', 'S']
    """
    tokens: list[Token] = []
    prev_end = 0
    prev_len = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        sep = text[prev_end:start]
        if sep == " ":
            starts = not tokens
        else:
            starts = not tokens or _breaks(sep)
            if starts and tokens and "\n" not in sep and sep.lstrip().startswith("."):
                starts = prev_len > 1  # "U.S. officials": an acronym's dot
        word = match.group()
        first = word[0]
        tokens.append(Token(start, end, word, sep, starts, first.isupper(), word.isupper(),
                            first >= "\u0600" and is_arabic(word), word.casefold()))
        prev_end = end
        prev_len = end - start
    return tokens


@remembered(4096)
def _breaks(sep: str) -> bool:
    return bool(_BREAK.search(sep))


@remembered(4096)
def joins(sep: str) -> str | None:
    """How a separator joins two tokens inside one name: "" (apostrophe), " " (space, hyphen),
    or None when it breaks the name (comma, full stop, line break …)."""
    if sep == "" or all(ch in _APOSTROPHES for ch in sep):
        return ""
    stripped = sep.replace("\u00a0", " ")
    if stripped in (" ", "-", "‐", "–", " - ", "- ", " -", " – ", "– ", " –", " ‐ "):
        return " "
    if stripped.strip() == "" and "\n" not in stripped and len(stripped) <= 3:
        return " "
    return None


def detect_language(tokens: Sequence[Token], function_words: Mapping[str, Sequence[str]],
                    default: str = "en") -> str:
    """The language whose most frequent words the text uses most (``default`` on a tie)."""
    found = _TABLES.get(id(function_words))
    if found is None or found[0] is not function_words:
        table = _language_table(tuple((lang, tuple(words))
                                      for lang, words in function_words.items()))
        found = _TABLES[id(function_words)] = (function_words, table)
    table = found[1]
    counts = dict.fromkeys(function_words, 0)
    for tok in tokens[:2000]:
        for lang in table.get(tok.low, ()):
            counts[lang] += 1
    if any(is_arabic(t.text) for t in tokens[:50]) and not any(counts.values()):
        return "ar"
    best = max(counts, key=lambda lang: (counts[lang], lang == default), default=default)
    return best if counts.get(best) else default


#: The word table of each function-word mapping seen (a lexicon's), kept with the mapping.
_TABLES: dict[int, tuple[Mapping[str, Sequence[str]], dict[str, tuple[str, ...]]]] = {}


@lru_cache(maxsize=8)
def _language_table(function_words: tuple[tuple[str, tuple[str, ...]], ...]
                    ) -> dict[str, tuple[str, ...]]:
    """Word (casefolded) -> the languages it is a frequent word of."""
    out: dict[str, list[str]] = {}
    for lang, words in function_words:
        for word in words:
            out.setdefault(word.casefold(), []).append(lang)
    return {w: tuple(dict.fromkeys(langs)) for w, langs in out.items()}
