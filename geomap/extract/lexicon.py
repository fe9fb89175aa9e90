"""The extraction lexicons (``seeds/lexicons/``), compiled into regular expressions.

Every word the rules read lives in the TOML files: a language is added by adding its file
(``xx.toml``, the same sections as ``en.toml``) and its aliases in ``actors.toml``.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

__all__ = ["Lexicon", "ActorEntry", "lexicon_dir", "any_of", "body_of", "name_words", "LANGS"]

def lexicon_dir() -> Path:
    """``$GEOMAP_SEEDS_DIR/lexicons``, else ``seeds/lexicons`` beside the package."""
    env = os.environ.get("GEOMAP_SEEDS_DIR")
    base = Path(env) if env else Path(__file__).resolve().parents[2] / "seeds"
    return base / "lexicons"


def _languages() -> tuple[str, ...]:
    """The languages with a lexicon: every ``xx.toml`` of the lexicon folder (a two-letter
    ISO 639-1 name), French and English first."""
    found = sorted(p.stem for p in lexicon_dir().glob("??.toml"))
    return tuple(sorted(found, key=lambda lang: (lang not in ("fr", "en"), lang)))


#: The languages extraction reads (one TOML file each in ``seeds/lexicons/``).
LANGS = _languages() or ("fr", "en")


def _pattern(text: str) -> str:
    """A lexicon phrase as a regex: ' matches ' and ’, a space any run of white space
    (inside a character class, ' also admits ’ and a space stays a space)."""
    out: list[str] = []
    in_class = escaped = False
    i = 0
    while i < len(text):
        ch = text[i]
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif in_class:
            out.append("'’" if ch == "'" else ch)
            in_class = ch != "]"
        elif ch == "[":
            out.append(ch)
            in_class = True
        elif ch == "'":
            out.append("['’]")
        elif ch == " " and text[i + 1:i + 2] == "?":
            out.append(r"\s?")
            i += 1
        elif ch == " ":
            out.append(r"\s+")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def body_of(patterns: list[str] | tuple[str, ...]) -> str:
    """The alternation of ``patterns`` (longest first), without word boundaries."""
    if not patterns:
        return r"(?!x)x"
    return "|".join(_pattern(p) for p in sorted(patterns, key=len, reverse=True))


def any_of(patterns: list[str] | tuple[str, ...], *, flags: int = re.IGNORECASE
           ) -> re.Pattern[str]:
    """One regex matching any of ``patterns`` as whole words (longest alternatives first)."""
    if not patterns:
        return re.compile(r"(?!x)x")
    return re.compile(rf"(?<![\w]){'(?:' + body_of(patterns) + ')'}(?![\w])", flags)


@dataclass(frozen=True)
class ActorEntry:
    """An actor or a source, with its names in one language compiled.

    ``country`` is where it fights (evidence of what a text is about); ``role`` and
    ``by_country`` mark a generic name ("government forces") that stands for the actor of
    that role in the report's country; ``unnamed`` the actor a generic word stands for when
    the report named no specific group; ``refs`` the words that point back to a source once
    named ("the Observatory")."""

    id: str
    name: str
    kind: str
    pattern: re.Pattern[str]
    category: str | None = None
    generic: str | None = None
    colour: str = "#777777"
    is_source: bool = False
    acts_for: str | None = None  # a source that speaks for an actor (a defence ministry)
    country: str | None = None
    nation: str | None = None  # the state whose forces it is (Russia's, wherever they fight)
    role: str | None = None
    by_country: bool = False
    unnamed: str | None = None
    refs: re.Pattern[str] | None = None
    names: tuple[str, ...] = ()


@dataclass
class Lexicon:
    """Everything extraction needs to know about one language."""

    lang: str
    raw: dict[str, Any]
    kinds: dict[str, dict[str, Any]]
    triggers: dict[str, re.Pattern[str]] = field(default_factory=dict)
    actors: list[ActorEntry] = field(default_factory=list)
    rules: dict[str, Any] = field(default_factory=dict)
    _words: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    @cache
    def load(cls, lang: str) -> Lexicon:
        """The lexicon of ``lang`` (fr or en; anything else falls back to en)."""
        lang = lang if lang in LANGS else "en"
        folder = lexicon_dir()
        raw = tomllib.loads((folder / f"{lang}.toml").read_text(encoding="utf-8"))
        kinds_file = tomllib.loads((folder / "kinds.toml").read_text(encoding="utf-8"))
        lex = cls(lang, raw, kinds_file["kinds"], rules=kinds_file.get("rules", {}))
        lex.triggers = {kind: any_of(p) for kind, p in raw["triggers"].items()}
        actors = tomllib.loads((folder / "actors.toml").read_text(encoding="utf-8"))
        for table, is_source in (("actor", False), ("source", True)):
            for entry in actors.get(table, ()):
                names = entry.get("aliases", {}).get(lang, [])
                if not names:
                    continue
                refs = entry.get("refs", {}).get(lang, [])
                lex.actors.append(ActorEntry(
                    id=entry["id"], name=entry["name"], kind=entry.get("kind", "source"),
                    pattern=_names_pattern(names), category=entry.get("category"),
                    generic=entry.get("generic"), colour=entry.get("colour", "#777777"),
                    is_source=is_source, acts_for=entry.get("actor"),
                    country=entry.get("country"), role=entry.get("role"),
                    nation=entry.get("nation", entry.get("country")),
                    by_country=bool(entry.get("by_country", False)),
                    unnamed=entry.get("unnamed"), refs=any_of(refs) if refs else None,
                    names=tuple(names)))
        return lex

    def words(self, section: str, key: str) -> list[str]:
        """A list from the lexicon (empty when absent); ``section`` may be dotted."""
        found = self._words.get((section, key))
        if found is None:
            table: Any = self.raw
            for part in section.split("."):
                table = table.get(part, {}) if isinstance(table, dict) else {}
            value = table.get(key, []) if isinstance(table, dict) else []
            found = tuple(value) if isinstance(value, list) else ()
            self._words[(section, key)] = found
        return list(found)

    def regex(self, section: str, key: str) -> re.Pattern[str]:
        """The whole-word regex of a list of the lexicon."""
        return _compiled(self.lang, section, key)

    def tail(self, section: str, key: str) -> re.Pattern[str]:
        """A regex matching when the text ends with one of the list's phrases (searched
        in the few words before a position)."""
        return _tail(self.lang, section, key)

    def head(self, section: str, key: str) -> re.Pattern[str]:
        """A regex that ``match``es where one of the list's phrases begins (after spaces)."""
        return _head(self.lang, section, key)

    @cached_property
    def by_id(self) -> dict[str, ActorEntry]:
        """The actors (not the sources) by id."""
        return {e.id: e for e in self.actors if not e.is_source}

    @cached_property
    def trigger_anchors(self) -> dict[str, tuple[str, ...] | None]:
        """Kind → the literal beginnings of its trigger patterns (case folded), one of which
        a text must hold for the kind to match at all; None when a pattern has no literal
        beginning to check."""
        out: dict[str, tuple[str, ...] | None] = {}
        for kind, patterns in self.raw["triggers"].items():
            anchors = [literal_prefix(p) for p in patterns]
            out[kind] = None if any(a is None for a in anchors) else \
                tuple(sorted(set(a for a in anchors if a)))
        return out

    @cached_property
    def instruments(self) -> list[tuple[str, re.Pattern[str]]]:
        """(kind, regex of its weapons), in the lexicon's order."""
        return [(kind, any_of(words)) for kind, words in self.raw.get("instruments", {}).items()]

    @cached_property
    def source_refs(self) -> dict[str, re.Pattern[str]]:
        """Source kind → the words that point back to the last source of that kind."""
        return {kind: any_of(words)
                for kind, words in self.raw.get("sources", {}).get("refs", {}).items()}

    @cached_property
    def names_index(self) -> dict[str, list[tuple[tuple[str, ...], int, bool]]]:
        """Every actor's and source's names as word sequences, by their first word:
        first word → [(words, entry number, whether the name is short capitals such as
        "IS" or "EI", matched in capitals only)], the longest names first."""
        index: dict[str, list[tuple[tuple[str, ...], int, bool]]] = {}
        for k, entry in enumerate(self.actors):
            for name in entry.names:
                caps = name.isupper() and len(name) <= 4
                words = tuple(name_words(name, caps))
                if words:
                    index.setdefault(words[0], []).append((words, k, caps))
        for options in index.values():
            options.sort(key=lambda o: -len(o[0]))
        return index

    def kind_spec(self, kind: str) -> dict[str, Any]:
        """kinds.toml's table for ``kind`` (an attack on civilians when unknown)."""
        return self.kinds.get(kind) or self.kinds["attack_civilians"]

    def violent(self, kind: str) -> bool:
        """Whether events of ``kind`` hurt people (air strikes, clashes, attacks)."""
        return bool(self.kind_spec(kind).get("violent", False)) and kind in self.kinds


_WORD = re.compile(r"\w+|[^\w\s]")


def name_words(text: str, caps: bool = False) -> list[str]:
    """The words of a name as the actor index compares them: words and single marks
    ("al", "-", "Nusra"), case folded unless ``caps``, ’ read as '."""
    words = [w.replace("’", "'").replace("‘", "'").replace("`", "'")
             for w in _WORD.findall(text)]
    return words if caps else [w.casefold() for w in words]


def literal_prefix(pattern: str) -> str | None:
    """The longest run of letters a text must hold for a regex of the lexicon to match,
    case folded ("raids?" → "raid", "(?:ont|a) évacué" → "évacué", "air ?strikes?" →
    "strike"), or None when no run of three letters is sure (an alternation at the top)."""
    runs: list[str] = []
    current: list[str] = []
    depth = 0
    i = 0

    def close() -> None:
        if current:
            runs.append("".join(current))
            current.clear()

    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            close()
            i += 2
            continue
        if ch == "(":
            close()
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "[":
            close()
            i = pattern.find("]", i + 1)
            if i < 0:
                return None
        elif depth == 0 and ch == "|":
            return None
        elif depth == 0 and (ch.isalnum() or ch == "-"):
            current.append(ch)
        elif depth == 0 and ch in "?*{" and current:
            current.pop()  # the character before was optional
            close()
        else:
            close()
        i += 1
    close()
    best = max(runs, key=len, default="")
    return best.casefold() if len(best) >= 3 else None


def _names_pattern(names: list[str]) -> re.Pattern[str]:
    """Names matched whatever their case, except short capitals (EI, IS, HTS): "is" and "ei"
    are words."""
    caps = [n for n in names if n.isupper() and len(n) <= 4]
    words = [n for n in names if n not in caps]
    parts = ["(?i:" + any_of(words, flags=0).pattern + ")"] if words else []
    if caps:
        parts.append(any_of(caps, flags=0).pattern)
    return re.compile("|".join(parts))


@cache
def _compiled(lang: str, section: str, key: str) -> re.Pattern[str]:
    return any_of(Lexicon.load(lang).words(section, key))


@cache
def _tail(lang: str, section: str, key: str) -> re.Pattern[str]:
    body = body_of(Lexicon.load(lang).words(section, key))
    return re.compile(rf"(?<![\w'’-])(?:{body})\s*$", re.IGNORECASE)


@cache
def _head(lang: str, section: str, key: str) -> re.Pattern[str]:
    body = body_of(Lexicon.load(lang).words(section, key))
    return re.compile(rf"\s*(?:{body})(?![\w])", re.IGNORECASE)
