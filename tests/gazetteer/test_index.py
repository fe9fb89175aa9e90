"""Compiling and reading an index, on a handful of records (no GeoNames needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gazetteer import Gazetteer
from gazetteer.build import compile_index
from gazetteer.index import MATCH_ARTICLE, MATCH_EXACT, NameIndex, StringTable
from gazetteer.lexicon import Lexicon
from gazetteer.mentions import _candidates, _join_key
from gazetteer.normalize import ARTICLES, normalize_name, strip_article
from gazetteer.records import Record
from gazetteer.sources.overlay import Overlay
from gazetteer.text import joins, tokenize


@pytest.fixture()
def small(tmp_path: Path) -> NameIndex:
    syria = Record("geonames:163843", "Syria", "country", 35.0, 38.0, "SY", population=22_000_000)
    raqqa = Record("geonames:172955", "Ar Raqqah", "city", 35.95, 39.01, "SY", "SY.04",
                   population=177_000, parent_id="geonames:163843")
    syria.add_names(["Syria"], "en")
    syria.add_names(["Syrie"], "fr")
    raqqa.add_names(["Ar Raqqah", "Raqqa", "الرقة"])
    compile_index([syria, raqqa], Overlay(), tmp_path)
    return NameIndex(tmp_path)


def test_postings_and_names(small: NameIndex) -> None:
    (hit,) = small.postings("raqqa")
    assert small.place(hit.row).name == "Ar Raqqah" and hit.match == MATCH_EXACT
    assert {p.match for p in small.postings("raqqah")} == {MATCH_ARTICLE}
    (fr,) = small.postings("syrie")
    assert small.name_lang_of(fr.name) == "fr"
    assert small.postings("damascus") == []


def test_places_by_id_and_parents(small: NameIndex) -> None:
    row = small.row_of("geonames:172955")
    assert row is not None
    place = small.place(row)
    assert place.parent_id == "geonames:163843" and place.admin1 == "SY.04"
    assert [small.ids[r] for r in small.ancestors(row)] == ["geonames:163843"]
    assert small.row_of("geonames:1") is None


def test_a_small_index_geoparses(small: NameIndex) -> None:
    gz = Gazetteer(small)
    assert [m.place.name for m in gz.geoparse("Fighting in Raqqa, Syria.")] == ["Ar Raqqah",
                                                                                 "Syria"]


def test_a_rebuilt_index_remembers_nothing_of_the_last(tmp_path: Path) -> None:
    """The geoparser's remembered tables belong to their index: an index opened after
    another one died (maybe at the same address) starts with empty tables."""
    def index_of(directory: Path, lat: float) -> NameIndex:
        town = Record("geonames:1", "Kafr Nabl", "city", lat, 36.5, "SY", population=50_000)
        town.add_names(["Kafr Nabl"])
        compile_index([town], Overlay(), directory)
        return NameIndex(directory)

    first = index_of(tmp_path / "first", 35.0)
    assert [m.place.lat for m in Gazetteer(first).geoparse("Shelling in Kafr Nabl.")] == [35.0]
    assert first.remembered_table("named_postings")
    del first
    second = index_of(tmp_path / "second", 36.0)
    assert not second.remembered_table("named_postings")
    assert [m.place.lat for m in Gazetteer(second).geoparse("Shelling in Kafr Nabl.")] == [36.0]
    assert second.remembered_table("named_postings") is second.remembered_table("named_postings")


@given(st.lists(st.text(min_size=0, max_size=12), max_size=30))
def test_string_table_round_trip(tmp_path_factory: pytest.TempPathFactory,
                                 strings: list[str]) -> None:
    directory = tmp_path_factory.mktemp("strings")
    StringTable.write(directory, "t", strings)
    table = StringTable.open(directory, "t")
    assert [table[i] for i in range(len(table))] == strings


@settings(max_examples=200)
@example("AZ A")  # found by Hypothesis: "az" is an article like "al", "el" and "ez"
@example("Deir ez-Zor")
@given(st.lists(st.sampled_from(list("Aa Ee-'’.ZzÉéلا ") + ["al-", "Deir ", "ez-", "U.S."]),
                min_size=1, max_size=20).map("".join))
def test_ngram_keys_fold_like_whole_names(text: str) -> None:
    """The geoparser builds n-gram keys token by token; they must equal the whole span's.

    A span opening on an article ("al-", "az", "ez" …: :data:`ARTICLES`) is also offered
    without it, and that second key must be the whole span's key with the article stripped.
    """
    lex = Lexicon.from_data({"terms": {"connectors": {"words": ["al", "ez", "de"]}}})
    tokens = tokenize(text)
    for i, j, key in _candidates(text, tokens, lex):
        whole = normalize_name(text[tokens[i].start:tokens[j - 1].end])
        assert key == whole or (tokens[i].low in ARTICLES and key == strip_article(whole)), \
            (key, whole)
    assert _join_key(["deir", "ez", "zor"], ["", " ", " "]) == "deir al zor"
    assert joins("'") == "" and joins(", ") is None


def test_building_an_index_keeps_the_others_in_use(tmp_path: Path) -> None:
    """Checkouts of different versions share one cache: building one index removes only the
    indexes nobody has opened for a week."""
    import os
    import time

    from gazetteer.build import STALE_AFTER_S, _prune

    for name in ("gazetteer-new", "gazetteer-recent", "gazetteer-stale"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "meta.json").write_text("{}", encoding="utf-8")
    old = time.time() - STALE_AFTER_S - 60
    os.utime(tmp_path / "gazetteer-stale" / "meta.json", (old, old))
    (tmp_path / "gazetteer-broken").mkdir()  # an interrupted copy: no meta.json
    _prune(tmp_path, keep=tmp_path / "gazetteer-new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gazetteer-new", "gazetteer-recent"]
