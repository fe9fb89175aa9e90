"""The words that made the extractor see an event, as it sees them: for showing a report
with its triggers marked (the desk's review page)."""

from __future__ import annotations

__all__ = ["triggers"]


def triggers(text: str, lang: str | None) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each trigger in the article's sentences, headings left out;
    empty for a language the extractor lacks."""
    from .drafts import find_triggers
    from .lexicon import LANGS, Lexicon
    from .segment import sentences

    if lang not in LANGS:
        return []
    lex = Lexicon.load(lang)
    return [t for sent in sentences(text, lex) if not sent.heading
            for t in find_triggers(text, sent, lex)]
