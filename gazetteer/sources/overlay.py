"""The curated overlay in ``seeds/gazetteer/``: places GeoNames lacks, names it lacks, and the
words that surround place names in text. All of it is data; this module only reads it."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shapely.geometry import shape

from gazetteer.records import Record

__all__ = ["Overlay", "load_overlay"]


@dataclass
class Overlay:
    """Everything read from an overlay directory."""

    records: list[Record] = field(default_factory=list)
    aliases: list[tuple[str, list[tuple[str, str | None]]]] = field(default_factory=list)
    terms: dict[str, Any] = field(default_factory=dict)
    common_words: dict[str, frozenset[str]] = field(default_factory=dict)
    given_names: dict[str, frozenset[str]] = field(default_factory=dict)
    ranker: dict[str, float] = field(default_factory=dict)
    demonyms: dict[str, dict[str, str]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def _feature_record(feature: dict[str, Any], path: Path) -> Record:
    props = feature.get("properties") or {}
    pid = props.get("id") or feature.get("id")
    if not pid or not props.get("name") or not props.get("kind"):
        raise ValueError(f"{path.name}: a feature lacks id, name or kind: {props!r}")
    geometry = feature.get("geometry")
    point = props.get("point")
    if point:
        lat, lon = float(point[0]), float(point[1])
    elif geometry:
        rep = shape(geometry).representative_point()
        lat, lon = rep.y, rep.x
    else:
        raise ValueError(f"{path.name}: {pid} has neither a point nor a geometry")
    rec = Record(
        id=pid, name=props["name"], kind=props["kind"], lat=lat, lon=lon,
        country_code=props.get("country_code"), admin1=props.get("admin1"),
        population=int(props.get("population") or 0), parent_id=props.get("parent_id"),
        source=props.get("source") or path.name,
        geometry=geometry if geometry and geometry.get("type") != "Point" else None,
        direction=props.get("direction"),
    )
    rec.add_names([props["name"]])
    for lang, names in (props.get("names") or {}).items():
        rec.add_names(list(names), lang or None)
    return rec


def _read_words(path: Path) -> frozenset[str]:
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(line.casefold())
    return frozenset(words)


def load_overlay(directory: Path) -> Overlay:
    """Read the overlay: ``*.geojson`` places, ``aliases.toml``, ``place_terms.toml``,
    ``demonyms.toml``, ``common_words/<lang>.txt``, ``given_names/<lang>.txt`` and the
    learned ranker's ``ranker.toml``.

    Raises:
        ValueError: on a malformed entry, naming the file.
    """
    out = Overlay()
    for path in sorted(directory.glob("*.geojson")):
        out.files.append(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        out.records.extend(_feature_record(f, path) for f in data.get("features", ()))
    aliases = directory / "aliases.toml"
    if aliases.exists():
        out.files.append(aliases)
        for entry in tomllib.loads(aliases.read_text(encoding="utf-8")).get("alias", ()):
            names = [(n, lang or None) for lang, ns in entry["names"].items() for n in ns]
            out.aliases.append((entry["place"], names))
    terms = directory / "place_terms.toml"
    if terms.exists():
        out.files.append(terms)
        out.terms = tomllib.loads(terms.read_text(encoding="utf-8"))
    demonyms = directory / "demonyms.toml"
    if demonyms.exists():
        out.files.append(demonyms)
        table = tomllib.loads(demonyms.read_text(encoding="utf-8")).get("demonyms", {})
        for lang, by_country in table.items():
            out.demonyms[lang] = {w: cc for cc, words in by_country.items() for w in words}
    for path in sorted((directory / "common_words").glob("*.txt")):
        out.files.append(path)
        out.common_words[path.stem] = _read_words(path)
    for path in sorted((directory / "given_names").glob("*.txt")):
        out.files.append(path)
        out.given_names[path.stem] = _read_words(path)
    ranker = directory / "ranker.toml"
    if ranker.exists():
        out.files.append(ranker)
        out.ranker = {k: float(v) for k, v in tomllib.loads(
            ranker.read_text(encoding="utf-8")).get("ranker", {}).items()}
    return out


def iter_overlay_files(directory: Path) -> Iterator[Path]:
    """Every file the overlay is read from (for the index's fingerprint)."""
    yield from sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix != ".md")
