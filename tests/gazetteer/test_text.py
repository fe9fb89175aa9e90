"""Tokens, offsets, sentence starts and language detection."""

from __future__ import annotations

from gazetteer import Gazetteer
from gazetteer.text import detect_language, tokenize


def test_offsets_point_into_the_text() -> None:
    text = "À Alep-Est, «les civils» fuient. U.S. officials"
    for tok in tokenize(text):
        assert text[tok.start:tok.end] == tok.text
    starts = {t.text: t.sentence_start for t in tokenize(text)}
    assert starts["À"] and starts["les"] and not starts["officials"] and not starts["civils"]


def test_detect_language(gz: Gazetteer, seed_fr: str, seed_en: str) -> None:
    words = gz.lexicon.function_words
    assert detect_language(tokenize(seed_fr), words) == "fr"
    assert detect_language(tokenize(seed_en), words) == "en"
    assert detect_language(tokenize("Los rebeldes y el ejército de Siria"), words) == "es"
    assert detect_language(tokenize("قصف على حلب"), words) == "ar"
    assert detect_language([], words) == "en"
