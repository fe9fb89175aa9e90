"""The words around place names, per language, as the geoparser uses them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

__all__ = ["Lexicon"]


def _lower_set(values: Any) -> frozenset[str]:
    return frozenset(str(v).casefold() for v in values or ())


def _union(table: dict[str, Any]) -> frozenset[str]:
    out: set[str] = set()
    for words in table.values():
        out |= _lower_set(words)
    return frozenset(out)


def _merged(demonyms: dict[str, dict[str, str]]) -> dict[str, str]:
    """Word -> country over every language, the first language's reading first."""
    out: dict[str, str] = {}
    for table in demonyms.values():
        for word, cc in table.items():
            out.setdefault(word.casefold(), cc)
    return out


@dataclass(frozen=True)
class Lexicon:
    """Compiled from the overlay's ``place_terms.toml``, ``common_words`` and ``demonyms``."""

    common: dict[str, frozenset[str]]
    place_words: frozenset[str]
    admin_words: frozenset[str]
    titles: frozenset[str]
    connectors: frozenset[str]
    directions: dict[str, str]  # word (any language) -> east|west|north|south
    part_phrases: dict[str, list[tuple[re.Pattern[str], str]]]  # lang -> (regex, direction)
    org_heads: frozenset[str]
    style_suffixes: frozenset[str]
    institution_words: frozenset[str]
    speech_verbs: frozenset[str]
    function_words: dict[str, list[str]]
    demonyms: dict[str, dict[str, str]]  # lang -> word (casefolded) -> country code
    modifiers: frozenset[str] = frozenset()
    of_words: frozenset[str] = frozenset()
    inner_words: frozenset[str] = frozenset()
    direction_adjectives: frozenset[str] = frozenset()
    thresholds: dict[str, int] = field(default_factory=dict)
    given_names: frozenset[str] = frozenset()
    any_demonyms: dict[str, str] = field(default_factory=dict)  # every language's, merged
    translit_countries: frozenset[str] = frozenset()
    list_words: frozenset[str] = frozenset()
    admin_plurals: frozenset[str] = frozenset()
    feature_words: frozenset[str] = frozenset()
    surroundings: frozenset[str] = frozenset()
    qualifier_gap: frozenset[str] = frozenset()
    qualifier_lead: frozenset[str] = frozenset()
    any_function_words: frozenset[str] = frozenset()  # every language's, merged
    locatives: frozenset[str] = frozenset()
    place_prepositions: frozenset[str] = frozenset()
    calendar_words: frozenset[str] = frozenset()

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Lexicon:
        terms = data.get("terms", {})
        directions: dict[str, str] = {}
        by_lang: dict[str, list[tuple[str, str]]] = {}
        for direction, langs in terms.get("directions", {}).items():
            for lang, words in langs.items():
                for word in words:
                    directions[word.casefold()] = direction
                    by_lang.setdefault(lang, []).append((word, direction))
        phrases: dict[str, list[tuple[re.Pattern[str], str]]] = {}
        for lang, templates in terms.get("part_phrases", {}).items():
            for template in templates:
                for word, direction in by_lang.get(lang, ()):
                    text = re.escape(template.replace("{dir}", word)).replace("'", "['’]")
                    pattern = re.compile(r"(?:^|(?<=\W))" + text.replace(r"\ ", r"\s+")
                                         + r"\s*$", re.IGNORECASE)
                    phrases.setdefault(lang, []).append((pattern, direction))
        return cls(
            common={lang: frozenset(words) for lang, words in
                    data.get("common_words", {}).items()},
            place_words=_union(terms.get("place_words", {})),
            admin_words=_union(terms.get("admin_words", {})),
            titles=_union(terms.get("person_titles", {})),
            connectors=_lower_set(terms.get("connectors", {}).get("words")),
            directions=directions,
            part_phrases=phrases,
            org_heads=_union(terms.get("org_heads", {})),
            style_suffixes=_union(terms.get("style_suffixes", {})),
            institution_words=_union(terms.get("institution_words", {})),
            speech_verbs=_union(terms.get("speech_verbs", {})),
            function_words={k: list(v) for k, v in terms.get("function_words", {}).items()},
            any_function_words=_union(terms.get("function_words", {})),
            locatives=_union(terms.get("locatives", {})),
            place_prepositions=_union(terms.get("place_prepositions", {})),
            calendar_words=_union(terms.get("calendar_words", {})),
            demonyms={lang: {w.casefold(): cc for w, cc in table.items()}
                      for lang, table in data.get("demonyms", {}).items()},
            modifiers=_union(terms.get("modifiers", {})),
            of_words=_union(terms.get("of_words", {})),
            inner_words=_lower_set(terms.get("inner_words", {}).get("words")),
            direction_adjectives=_union(terms.get("direction_adjectives", {})),
            thresholds={k: int(v) for k, v in terms.get("thresholds", {}).items()},
            given_names=_union(data.get("given_names", {})),
            list_words=_lower_set(terms.get("list_words", {}).get("words")),
            admin_plurals=_union(terms.get("admin_plurals", {})),
            feature_words=_union(terms.get("feature_words", {})),
            surroundings=_union(terms.get("surroundings", {})),
            qualifier_gap=_union(terms.get("qualifier_gap", {})),
            qualifier_lead=_union(terms.get("qualifier_lead", {})),
            any_demonyms=_merged(data.get("demonyms", {})),
            translit_countries=frozenset(
                terms.get("transliteration", {}).get("countries", ())),
        )

    def threshold(self, name: str) -> int:
        """A population cut-off of the mention filters (``[thresholds]`` in the terms); 0,
        which filters nothing, when the terms set none."""
        return self.thresholds.get(name, 0)

    def is_common(self, word: str, lang: str | None) -> bool:
        """Whether ``word`` is usually a common word in ``lang`` (any known language if None)."""
        low = word.casefold()
        if lang and lang in self.common:
            return low in self.common[lang]
        return any(low in words for words in self.common.values())

    def romanised_demonyms(self, lang: str | None) -> frozenset[str]:
        """The nationality words, in ``lang``, of the countries whose place names are
        romanised from Arabic script ("Syrian", "irakien")."""
        found = self._romanised.get(lang)
        if found is None:
            table = self.demonyms.get(lang) if lang else None
            table = self.any_demonyms if table is None else table
            found = self._romanised[lang] = frozenset(
                w for w, cc in table.items() if cc in self.translit_countries)
        return found

    @cached_property
    def inner_ok(self) -> frozenset[str]:
        """Lowercase words that may stand inside a name."""
        return self.connectors | self.inner_words | frozenset(self.directions)

    @cached_property
    def lowercase_starts(self) -> frozenset[str]:
        """Lowercase words that may open a name ("eastern Aleppo", "golfe du Mexique")."""
        return frozenset(self.directions) | self.direction_adjectives | self.feature_words

    @cached_property
    def _romanised(self) -> dict[str | None, frozenset[str]]:
        return {}

    def demonym_country(self, word: str, lang: str | None) -> str | None:
        """The country a nationality adjective points to ("Syrian", "syrienne" → SY)."""
        table = self.demonyms.get(lang) if lang else None
        return (table if table is not None else self.any_demonyms).get(word.casefold())
