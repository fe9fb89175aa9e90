"""Building blocks of the curated overlay's GeoJSON features (Syria's tools share them).

A feature carries ``id``, ``name``, ``names`` per language, ``kind``, ``country_code``,
``admin1``, ``parent_id``, ``point`` ([lat, lon], inside its polygon), ``population`` and
``source``, as ``gazetteer/sources/overlay.py`` reads them. Polygons are made valid, snapped to
5 decimals and oriented counter-clockwise (RFC 7946); collections are written one feature a
line, so the files diff well.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import shapely
from pyproj import Geod
from shapely.geometry import MultiPolygon, Point, Polygon, mapping
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

Feature = dict[str, Any]
Names = dict[str, list[str]]

GRID = 1e-5  # 5 decimals
GEOD = Geod(ellps="WGS84")
ARTICLE = re.compile(r"(?<![\w'’‘])([Aa](?:l|[tdrzsnj]|th|dh|sh))-(?=\w)")


def slugify(text: str) -> str:
    """An ASCII slug: ``Sheikh Sa’eed`` -> ``sheikh-saeed``."""
    text = re.sub(r"['’‘`]", "", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def unique(names: Iterable[str]) -> list[str]:
    """Names in first-seen order, stripped, without duplicates or empties."""
    out: list[str] = []
    for name in names:
        name = name.strip()
        if name and name not in out:
            out.append(name)
    return out


def spelling_variants(name: str) -> list[str]:
    """Forms of a transliterated name reporters also write.

    ``ash-Sheikh Fares`` -> ``al-Sheikh Fares``, ``Sheikh Fares``; ``Sheikh Sa’eed`` ->
    ``Sheikh Sa'eed``, ``Sheikh Saeed``; ``Beit Muheb / Jdeydeh`` -> both halves;
    ``as-Siryan (Syriac Quarter)`` -> ``as-Siryan``, ``Siryan``, ``Syriac Quarter``.
    """
    out = [name]
    bases = [re.sub(r"\s*\(.*?\)", "", name)]
    bases += re.findall(r"\((.*?)\)", name)
    if " / " in bases[0]:
        bases += bases[0].split(" / ")
    for base in bases:
        for form in unique([re.sub(r"[’‘]", "'", base), re.sub(r"['’‘]", "", base)]):
            out += [form, ARTICLE.sub("al-", form)]
            if ARTICLE.match(form):
                bare = ARTICLE.sub("", form, count=1)
                out.append(bare[:1].upper() + bare[1:])
    return unique(out)


def polygons_of(geom: BaseGeometry) -> list[Polygon]:
    """The non-empty polygons in any geometry (collections included)."""
    if isinstance(geom, Polygon):
        return [] if geom.is_empty else [geom]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in polygons_of(g)]
    return []


def as_area(polys: Sequence[Polygon]) -> Polygon | MultiPolygon:
    """One Polygon, or a MultiPolygon of several, each oriented counter-clockwise."""
    oriented = [orient(p, 1.0) for p in polys]
    if not oriented:
        raise ValueError("empty geometry")
    return oriented[0] if len(oriented) == 1 else MultiPolygon(oriented)


def finish(geom: BaseGeometry, tolerance: float = 0.0) -> Polygon | MultiPolygon:
    """Valid, lightly simplified, snapped to 5 decimals, counter-clockwise."""
    geom = shapely.make_valid(geom)
    if tolerance:
        geom = geom.simplify(tolerance, preserve_topology=True)
    geom = shapely.make_valid(shapely.set_precision(geom, GRID))
    polys = [p for p in polygons_of(geom) if p.area > GRID * GRID]
    out = as_area(polys)
    if not out.is_valid:
        raise ValueError(f"invalid after finishing: {shapely.is_valid_reason(out)}")
    return out


def _round(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_round(v) for v in value]
    return round(float(value), 5)


def geometry_json(geom: BaseGeometry) -> dict[str, Any]:
    """A GeoJSON geometry with coordinates rounded to 5 decimals."""
    gj = mapping(geom)
    return {"type": gj["type"], "coordinates": _round(gj["coordinates"])}


def inner_point(geom: BaseGeometry) -> list[float]:
    """[lat, lon] of a point inside ``geom``, rounded to 5 decimals (and still inside)."""
    candidates = [geom.representative_point()]
    candidates += [p.representative_point() for p in
                   sorted(polygons_of(geom), key=lambda p: -p.area)]
    for cand in candidates:
        lat, lon = round(cand.y, 5), round(cand.x, 5)
        if geom.contains(Point(lon, lat)):
            return [lat, lon]
    raise ValueError("no inner point survives rounding")


def make_feature(pid: str, name: str, names: Names, kind: str, geom: BaseGeometry,
                 admin1: str, parent_id: str, source: str, *, population: int = 0,
                 direction: str | None = None, point: list[float] | None = None) -> Feature:
    """A feature in the overlay's format (see the module docstring of gazetteer's loader)."""
    props: dict[str, Any] = {
        "id": pid,
        "name": name,
        "names": {lang: unique(ns) for lang, ns in names.items() if unique(ns)},
        "kind": kind,
        "country_code": "SY",
        "admin1": admin1,
        "parent_id": parent_id,
    }
    if direction:
        props["direction"] = direction
    props.update({
        "point": point or inner_point(geom),
        "population": int(population),
        "source": source,
    })
    return {"type": "Feature", "id": pid, "geometry": geometry_json(geom), "properties": props}


def write_collection(path: Path, name: str, features: list[Feature]) -> int:
    """Write a FeatureCollection (compact, one feature a line); return its size in bytes."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    head = json.dumps({"type": "FeatureCollection", "name": name}, ensure_ascii=False)[:-1]
    text = head + ', "features": [\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def load_features(path: Path) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["features"]
    return features


def area_km2(geom: BaseGeometry) -> float:
    area, _ = GEOD.geometry_area_perimeter(geom)
    return abs(area) / 1e6
