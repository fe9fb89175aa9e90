"""The extraction lexicons (``seeds/lexicons/``), compiled into regular expressions."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["Lexicon", "ActorEntry", "lexicon_dir", "any_of", "LANGS"]

LANGS = ("fr", "en")


def lexicon_dir() -> Path:
    """``$GEOMAP_SEEDS_DIR/lexicons``, else ``seeds/lexicons`` beside the package."""
    env = os.environ.get("GEOMAP_SEEDS_DIR")
    base = Path(env) if env else Path(__file__).resolve().parents[2] / "seeds"
    return base / "lexicons"


def _pattern(text: str) -> str:
    return text.replace("'", "['’]").replace(" ?", r"\s?").replace(" ", r"\s+")


def any_of(patterns: list[str] | tuple[str, ...], *, flags: int = re.IGNORECASE
           ) -> re.Pattern[str]:
    """One regex matching any of ``patterns`` as whole words (longest alternatives first)."""
    if not patterns:
        return re.compile(r"(?!x)x")
    body = "|".join(_pattern(p) for p in sorted(patterns, key=len, reverse=True))
    return re.compile(rf"(?<![\w]){'(?:' + body + ')'}(?![\w])", flags)


@dataclass(frozen=True)
class ActorEntry:
    """An actor or a source, with its names in one language compiled."""

    id: str
    name: str
    kind: str
    pattern: re.Pattern[str]
    category: str | None = None
    generic: str | None = None
    colour: str = "#777777"
    is_source: bool = False
    acts_for: str | None = None  # a source that speaks for an actor (a defence ministry)


@dataclass
class Lexicon:
    """Everything extraction needs to know about one language."""

    lang: str
    raw: dict[str, Any]
    kinds: dict[str, dict[str, str]]
    triggers: dict[str, re.Pattern[str]] = field(default_factory=dict)
    actors: list[ActorEntry] = field(default_factory=list)

    @classmethod
    @cache
    def load(cls, lang: str) -> Lexicon:
        """The lexicon of ``lang`` (fr or en; anything else falls back to en)."""
        lang = lang if lang in LANGS else "en"
        folder = lexicon_dir()
        raw = tomllib.loads((folder / f"{lang}.toml").read_text(encoding="utf-8"))
        kinds = tomllib.loads((folder / "kinds.toml").read_text(encoding="utf-8"))["kinds"]
        lex = cls(lang, raw, kinds)
        lex.triggers = {kind: any_of(p) for kind, p in raw["triggers"].items()}
        actors = tomllib.loads((folder / "actors.toml").read_text(encoding="utf-8"))
        for table, is_source in (("actor", False), ("source", True)):
            for entry in actors.get(table, ()):
                names = entry.get("aliases", {}).get(lang, [])
                if not names:
                    continue
                lex.actors.append(ActorEntry(
                    id=entry["id"], name=entry["name"], kind=entry.get("kind", "source"),
                    pattern=_names_pattern(names), category=entry.get("category"),
                    generic=entry.get("generic"), colour=entry.get("colour", "#777777"),
                    is_source=is_source, acts_for=entry.get("actor")))
        return lex

    def words(self, section: str, key: str) -> list[str]:
        """A list from the lexicon (empty when absent)."""
        value = self.raw.get(section, {}).get(key, [])
        return list(value) if isinstance(value, list) else []

    def regex(self, section: str, key: str) -> re.Pattern[str]:
        """The whole-word regex of a list of the lexicon."""
        return _compiled(self.lang, section, key)


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
