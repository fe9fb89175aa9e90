"""The lexicons as data: actors named once, each kind a trigger list in every language."""

from __future__ import annotations

import tomllib
from collections import Counter

from geomap.config import seeds_dir
from geomap.extract.lexicon import LANGS, Lexicon
from geomap.models import EVENT_TYPES


def test_every_actor_is_declared_once() -> None:
    table = tomllib.loads((seeds_dir() / "lexicons" / "actors.toml").read_text(encoding="utf-8"))
    ids = Counter(a["id"] for a in table["actor"])
    assert [i for i, n in ids.items() if n > 1] == []


def test_every_kind_is_acleds_and_has_triggers_in_every_language() -> None:
    kinds = tomllib.loads((seeds_dir() / "lexicons" / "kinds.toml").read_text(
        encoding="utf-8"))["kinds"]
    for name, kind in kinds.items():
        assert kind["sub_event_type"] in EVENT_TYPES[kind["event_type"]], name
    triggers = {lang: Lexicon.load(lang).raw["triggers"] for lang in LANGS}
    for lang, table in triggers.items():  # the same kinds in every language, none empty
        assert set(table) == set(triggers["en"]), lang
        assert all(table.values()), lang
        assert "chemical" in table


def test_every_violent_kind_with_triggers_has_a_specificity() -> None:
    """Two violent triggers of one clause make the more specific kind's event: every such
    kind must be ranked (a new kind once crashed the extraction)."""
    from geomap.extract.drafts import SPECIFICITY

    lex = Lexicon.load("en")
    violent = {k for k in lex.raw["triggers"] if lex.violent(k)}
    assert violent <= set(SPECIFICITY), violent - set(SPECIFICITY)
