"""The centres of first-level regions' areas, from their towns and their country's outline.

No package on the registries ships the outlines of the world's first-level regions, and the
middle of a region's towns lies far from the middle of its land where the towns keep to one
part of it (southern Ontario, Queensland's coast, Scotland's Shetland). So each country's
outline is cut among its regions by the nearest town (a grid of cells over the outline,
each given to the region of the town nearest to it), and a region's point is the centre of
the cells it gets: where atlases, GeoNames and Wikipedia put it, give or take a cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape

__all__ = ["area_centres"]

#: Grid cells laid over a country's outline: enough that a small region gets some.
CELLS_PER_COUNTRY = 4000
#: The finest cell, in degrees (city-states need no finer grid than this).
MIN_CELL_DEG = 0.02
#: A region that gets fewer cells is too small for the grid to place (Rhode Island, the
#: islands of Hawaii): its towns place it better.
MIN_CELLS = 25


def area_centres(towns: Iterable[tuple[str, float, float, str]],
                 outlines: Mapping[str, dict[str, Any] | None]) -> dict[str, tuple[float, float]]:
    """Region code → (lat, lon) of the centre of its share of its country's outline.

    ``towns`` are (country code, lat, lon, region code); ``outlines`` GeoJSON geometries by
    country code. A region with no cell (one town beside a larger region's, or a country
    without an outline or across the antimeridian) is left out: its caller keeps its own
    point."""
    by_country: dict[str, list[tuple[float, float, str]]] = {}
    for cc, lat, lon, code in towns:
        by_country.setdefault(cc, []).append((lat, lon, code))
    out: dict[str, tuple[float, float]] = {}
    for cc, rows in by_country.items():
        geometry = outlines.get(cc)
        if geometry is not None:
            out.update(_centres_in(shape(geometry), rows))
    return out


def _centres_in(outline: Any, towns: list[tuple[float, float, str]]
                ) -> dict[str, tuple[float, float]]:
    minx, miny, maxx, maxy = outline.bounds
    if maxx - minx > 180:  # across the antimeridian: the plane grid would be wrong
        return {}
    step = max(((maxx - minx) * (maxy - miny) / CELLS_PER_COUNTRY) ** 0.5, MIN_CELL_DEG)
    xs, ys = np.meshgrid(np.arange(minx + step / 2, maxx, step),
                         np.arange(miny + step / 2, maxy, step))
    x, y = xs.ravel(), ys.ravel()
    inside = shapely.contains_xy(outline, x, y)
    x, y = x[inside], y[inside]
    if not len(x):
        return {}
    # nearest town on a plane whose longitudes are shrunk by the cosine of the middle
    # latitude (exact enough inside one country)
    shrink = float(np.cos(np.radians((miny + maxy) / 2)))
    lat = np.array([t[0] for t in towns])
    lon = np.array([t[1] for t in towns])
    codes, label = np.unique([t[2] for t in towns], return_inverse=True)
    tree = shapely.STRtree(shapely.points(lon * shrink, lat))
    cell, town = tree.query_nearest(shapely.points(x * shrink, y), all_matches=False)
    region = label[town]
    weight = np.cos(np.radians(y[cell]))  # a cell's area shrinks towards the poles
    total = np.bincount(region, weights=weight, minlength=len(codes))
    cells = np.bincount(region, minlength=len(codes))
    sum_lat = np.bincount(region, weights=weight * y[cell], minlength=len(codes))
    sum_lon = np.bincount(region, weights=weight * x[cell], minlength=len(codes))
    return {str(codes[k]): (float(sum_lat[k] / total[k]), float(sum_lon[k] / total[k]))
            for k in np.flatnonzero(cells >= MIN_CELLS)}
