"""geomap's own basemap: land, sea and country borders from Natural Earth (the npm package
``world-atlas``, public domain data, installed by ``make``), first-level borders, districts
and neighbourhoods from the curated overlay in ``seeds/gazetteer/``, and place labels from
the gazetteer (:mod:`web.maps.labels`).

The browser draws it from tiles of compact JSON (``/maps/basemap/{z}/{x}/{y}.json``, see
:mod:`web.maps.tiles` and ``static/basemap.js``): each tile holds only what lies in it,
clipped and simplified to half a pixel at its zoom, in the tile's own pixels. The PNG
(:mod:`web.maps.png`) draws the same frames. No tile comes from a third party unless
``GEOMAP_TILE_URL`` asks for one.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from gazetteer import Gazetteer
from geomap.errors import NotFound

from ..core.responses import dumps
from ..core.vendor import NODE_MODULES
from .labels import Label, place_labels
from .mercator import lat_of, lon_of, to_pixels
from .topojson import Topology

__all__ = ["TILE_SIZE", "MAX_ZOOM", "ATTRIBUTION", "Frame", "Basemap", "basemap_for"]

#: Tiles are 512 pixels square; their ``z`` is the map's zoom (a world 256 · 2^z wide).
TILE_SIZE = 512
MAX_ZOOM = 19
#: Pixels drawn beyond a tile's edge, so that clipped outlines and labels meet their
#: neighbours' without a seam.
BUFFER = 8
#: Horizontal reach (pixels) of labels whose point lies in a neighbouring tile.
LABEL_REACH = 200
#: Natural Earth's resolutions in ``world-atlas`` and the zooms each serves up to.
LEVELS = ((2, "110m"), (4, "50m"), (MAX_ZOOM, "10m"))
#: Overlay areas drawn as borders: kind, from which zoom.
OVERLAY_BORDERS = (("admin1", 5), ("district", 10), ("neighbourhood", 12))
ATLAS = NODE_MODULES / "world-atlas"
ATTRIBUTION = "Basemap: Natural Earth"
#: Bumped when what a tile holds changes (it is part of the tiles' URL).
FORMAT = "1"
_SIMPLIFY = 0.5  # pixels


@dataclass(frozen=True)
class _Lines:
    """Geometries with a spatial index (shapely's STRtree)."""

    geometries: npt.NDArray[Any]
    tree: Any = field(repr=False)

    @classmethod
    def of(cls, geometries: list[Any]) -> _Lines:
        from shapely import STRtree

        array = np.empty(len(geometries), dtype=object)
        array[:] = geometries
        return cls(array, STRtree(array))

    def within(self, west: float, south: float, east: float, north: float) -> npt.NDArray[Any]:
        from shapely import box

        return self.geometries[self.tree.query(box(west, south, east, north))]


@dataclass(frozen=True)
class Frame:
    """What the basemap draws in a rectangle of world pixels at a zoom, in those pixels:
    land polygons, country borders, first-level borders, districts' borders, labels."""

    zoom: int
    land: list[Any]
    borders: list[Any]
    admin: list[Any]
    districts: list[Any]
    labels: list[Label]


class Basemap:
    """The basemap's data, read once per process: Natural Earth at three resolutions (the
    finest only when a zoom needs it), the overlay's borders, the gazetteer's places."""

    def __init__(self, gazetteer: Gazetteer, atlas: Path = ATLAS):
        self.gazetteer = gazetteer
        self.atlas = atlas
        self._levels: dict[str, tuple[_Lines, _Lines]] = {}
        self._lock = threading.Lock()
        self._tiles: OrderedDict[tuple[int, int, int, str], bytes] = OrderedDict()

    @functools.cached_property
    def version(self) -> str:
        """Digest of the data behind the tiles (atlas, gazetteer index, tile format)."""
        package = json.loads((self.atlas / "package.json").read_text("utf-8"))["version"]
        text = "|".join([FORMAT, package, self.gazetteer.index.directory.name])
        return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()

    def _level(self, zoom: int) -> tuple[_Lines, _Lines]:
        """Land and country borders at the resolution ``zoom`` needs."""
        name = next(level for upto, level in LEVELS if zoom <= upto)
        with self._lock:
            found = self._levels.get(name)
            if found is None:
                path = self.atlas / f"countries-{name}.json"
                if not path.exists():
                    raise FileNotFoundError(f"{path} is missing: run `make` (npm ci) to "
                                            "install the basemap's data (world-atlas)")
                topology = Topology(json.loads(path.read_text("utf-8")))
                found = (_Lines.of(topology.polygons("land")),
                         _Lines.of(topology.mesh("countries")))
                self._levels[name] = found
        return found

    @functools.cached_property
    def _overlay(self) -> dict[str, _Lines]:
        """The overlay's areas of each kind in :data:`OVERLAY_BORDERS` as border lines, a
        border two areas share drawn once."""
        from shapely import line_merge, union_all
        from shapely.geometry import shape

        out = {}
        for kind, _ in OVERLAY_BORDERS:
            outlines = [shape(p.geometry).boundary for p in self.gazetteer.overlay_places()
                        if p.kind == kind and p.geometry]
            merged = line_merge(union_all(outlines)) if outlines else None
            parts = [] if merged is None or merged.is_empty else list(
                getattr(merged, "geoms", [merged]))
            out[kind] = _Lines.of(parts)
        return out

    def frame(self, x0: float, y0: float, x1: float, y1: float, zoom: int, *,
              lang: str = "en", labels: tuple[float, float, float, float] | None = None
              ) -> Frame:
        """The basemap in world pixels ``x0, y0, x1, y1`` at ``zoom``, simplified to half a
        pixel; labels whose point lies in ``labels`` (a rectangle, the frame by default)."""
        import shapely

        size = 256.0 * 2.0 ** zoom
        x0, y0, x1, y1 = max(x0, 0.0), max(y0, 0.0), min(x1, size), min(y1, size)
        west, east = lon_of(x0, zoom), lon_of(x1, zoom)
        north, south = lat_of(y0, zoom), lat_of(y1, zoom)
        if y1 >= size:
            south = -90.0  # Antarctica reaches below Mercator's edge
        land, borders = self._level(zoom)

        def pixels(coords: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
            x, y = to_pixels(coords[:, 0], coords[:, 1], zoom)
            return np.column_stack([x, y])

        def clip(layer: _Lines) -> list[Any]:
            found = layer.within(west, south, east, north)
            if not len(found):
                return []
            clipped = shapely.clip_by_rect(found, west, south, east, north)
            projected = shapely.transform(clipped[~shapely.is_empty(clipped)], pixels)
            simple = shapely.simplify(projected, _SIMPLIFY, preserve_topology=False)
            return [g for g in simple if not g.is_empty]

        overlay = self._overlay
        shown = {kind: clip(overlay[kind]) if zoom >= minzoom else []
                 for kind, minzoom in OVERLAY_BORDERS}
        return Frame(zoom=zoom, land=clip(land), borders=clip(borders),
                     admin=shown["admin1"],
                     districts=shown["district"] + shown["neighbourhood"],
                     labels=place_labels(self.gazetteer, labels or (x0, y0, x1, y1), zoom,
                                         lang=lang))

    def tile(self, z: int, x: int, y: int, lang: str = "en") -> dict[str, Any]:
        """Tile (z, x, y) as compact JSON: coordinates in the tile's pixels (integers, a
        few beyond its edge), land as polygons of rings, borders as lines, labels as
        ``[x, y, text, class]`` (:data:`web.maps.labels.STYLES`).

        Raises:
            NotFound: a tile outside the world or a zoom beyond :data:`MAX_ZOOM`.
        """
        count = max(1, math.ceil(256 * 2 ** z / TILE_SIZE)) if 0 <= z <= MAX_ZOOM else 0
        if not (0 <= x < count and 0 <= y < count):
            raise NotFound(f"no basemap tile {z}/{x}/{y}")
        ox, oy = x * TILE_SIZE, y * TILE_SIZE
        reach = (ox - LABEL_REACH, oy - 16, ox + TILE_SIZE + LABEL_REACH, oy + TILE_SIZE + 16)
        frame = self.frame(ox - BUFFER, oy - BUFFER, ox + TILE_SIZE + BUFFER,
                           oy + TILE_SIZE + BUFFER, z, lang=lang, labels=reach)

        def ring(coords: Any) -> list[int]:
            points = np.rint(np.asarray(coords)[:, :2] - (ox, oy)).astype(np.int64)
            keep = np.ones(len(points), dtype=bool)
            keep[1:] = (points[1:] != points[:-1]).any(axis=1)
            return [int(v) for v in points[keep].ravel()]

        def polygons(geoms: list[Any]) -> list[list[list[int]]]:
            out = []
            for g in geoms:
                for part in getattr(g, "geoms", [g]):
                    if part.geom_type != "Polygon":
                        continue
                    rings = [ring(r.coords) for r in (part.exterior, *part.interiors)]
                    rings = [r for r in rings if len(r) >= 6]
                    if rings:
                        out.append(rings)
            return out

        def lines(geoms: list[Any]) -> list[list[int]]:
            out = []
            for g in geoms:
                for part in getattr(g, "geoms", [g]):
                    if part.geom_type == "LineString":
                        flat = ring(part.coords)
                        if len(flat) >= 4:
                            out.append(flat)
            return out

        return {"size": TILE_SIZE, "land": polygons(frame.land), "borders": lines(frame.borders),
                "admin": lines(frame.admin), "districts": lines(frame.districts),
                "labels": [[round(lb.x - ox), round(lb.y - oy), lb.text, lb.style]
                           for lb in frame.labels]}

    def tile_gzip(self, z: int, x: int, y: int, lang: str = "en") -> bytes:
        """Tile (z, x, y) as gzip-compressed JSON, remembered (the last few thousand)."""
        key = (z, x, y, lang)
        with self._lock:
            found = self._tiles.get(key)
            if found is not None:
                self._tiles.move_to_end(key)
                return found
        data = gzip.compress(dumps(self.tile(z, x, y, lang)).encode("utf-8"), compresslevel=6)
        with self._lock:
            self._tiles[key] = data
            while len(self._tiles) > 4096:
                self._tiles.popitem(last=False)
        return data


@functools.lru_cache(maxsize=4)
def basemap_for(gazetteer: Gazetteer) -> Basemap:
    """The basemap of a gazetteer (one per process)."""
    return Basemap(gazetteer)
