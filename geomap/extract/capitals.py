""""The capital": a place a report names by its role. Wire copy writes "in the capital",
"the Syrian capital", "la capitale yéménite" for the capital of the country the report is
about (or of the one the adjective names); the phrases are the lexicon's
(``[places] capital`` and ``capital_named``). A phrase next to a name ("Sanaa, the capital",
"the capital, Kabul") adds nothing: the name is there already."""

from __future__ import annotations

from collections.abc import Sequence

from gazetteer import Gazetteer, Mention
from geomap.extract.lexicon import Lexicon

__all__ = ["capital_mentions"]

#: How far (characters) a name may stand from the phrase to be the capital's own name.
_APPOSED = 3


def capital_mentions(text: str, mentions: Sequence[Mention], lex: Lexicon, gz: Gazetteer,
                     countries: Sequence[str]) -> list[Mention]:
    """Mentions of capitals the text names by role: that of the country an adjective names,
    else that of ``countries[0]`` (the report's country); none when no country is known."""
    named: list[tuple[int, int, str]] = []
    for m in lex.regex("places", "capital_named").finditer(text):
        code = gz.lexicon.demonym_country(m.group("dem"), lex.lang)
        if code:
            named.append((m.start(), m.end(), code))
    if countries:
        named += [(m.start(), m.end(), countries[0])
                  for m in lex.regex("places", "capital").finditer(text)
                  if not any(s <= m.start() < e for s, e, _ in named)]
    out: list[Mention] = []
    for start, end, code in sorted(named):
        place = gz.capital(code)
        if place is None or any(_apposed(start, end, n) for n in mentions):
            continue
        out.append(Mention(start, end, text[start:end], place, 0.8, matched="capital"))
    return out


def _apposed(start: int, end: int, m: Mention) -> bool:
    """``m`` names the place the phrase at start:end describes ("Kabul, the capital")."""
    return (m.start < end and start < m.end) or 0 <= m.start - end <= _APPOSED \
        or 0 <= start - m.end <= _APPOSED
