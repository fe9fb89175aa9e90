"""The curated overlay is well-formed data: valid polygons, sources, names, parents."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from gazetteer import Gazetteer
from gazetteer.core import default_overlay_dir
from gazetteer.place import KINDS

OVERLAY = default_overlay_dir()
FEATURES = [(path.name, f) for path in sorted(OVERLAY.glob("*.geojson"))
            for f in json.loads(path.read_text(encoding="utf-8"))["features"]]


@pytest.mark.parametrize("file, feature", FEATURES,
                         ids=[f["properties"]["id"] for _, f in FEATURES])
def test_feature_is_well_formed(file: str, feature: dict) -> None:  # type: ignore[type-arg]
    props = feature["properties"]
    assert props["id"].startswith("geomap:")
    assert props["kind"] in KINDS
    assert props["source"], f"{props['id']} has no source note"
    assert props["names"].get("en") or props["names"].get("fr")
    geom = shape(feature["geometry"])
    assert geom.is_valid and not geom.is_empty
    lat, lon = props["point"]
    if geom.geom_type != "Point":
        assert geom.buffer(1e-6).contains(Point(lon, lat)), "point outside its polygon"


def test_syria_overlay_content(gz: Gazetteer) -> None:
    ids = {f["properties"]["id"] for _, f in FEATURES}
    assert sum(f["properties"]["kind"] == "admin1" for _, f in FEATURES
               if f["properties"]["country_code"] == "SY") == 14
    assert {"geomap:alep-est", "geomap:alep-ouest", "geomap:palmyra-ancient-site"} <= ids
    neighbourhoods = [f for _, f in FEATURES if f["properties"]["kind"] == "neighbourhood"]
    assert len(neighbourhoods) >= 15
    for name in ("Hanano", "Masaken Hanano", "Sakhour", "Bustan al-Qasr", "al-Sukkari",
                 "Salaheddine", "Sheikh Maqsoud", "al-Ansari", "al-Mashhad", "Karm al-Jabal",
                 "Sheikh Saeed", "old city"):
        best = gz.lookup(name, country="SY")
        assert best and best[0].kind == "neighbourhood", name
    for _, f in FEATURES:  # every parent exists
        parent = f["properties"].get("parent_id")
        assert parent is None or gz.get(parent) is not None, parent


def test_east_and_west_aleppo_do_not_overlap(gz: Gazetteer) -> None:
    east = shape(gz.get("geomap:alep-est").geometry)  # type: ignore[union-attr]
    west = shape(gz.get("geomap:alep-ouest").geometry)  # type: ignore[union-attr]
    assert east.intersection(west).area < 0.001 * east.area


def test_aliases_and_terms_parse() -> None:
    aliases = tomllib.loads((OVERLAY / "aliases.toml").read_text(encoding="utf-8"))
    assert all(a["place"] and a["names"] for a in aliases["alias"])
    terms = tomllib.loads((OVERLAY / "place_terms.toml").read_text(encoding="utf-8"))
    assert {"place_words", "person_titles", "part_phrases", "function_words"} <= set(terms)
    for lang in ("en", "fr"):
        words = (OVERLAY / "common_words" / f"{lang}.txt").read_text(encoding="utf-8")
        assert len(words.splitlines()) > 1000


def test_overlay_dir_is_shipped() -> None:
    assert OVERLAY == Path(__file__).resolve().parents[2] / "seeds" / "gazetteer"
