"""Reading TopoJSON (the format of Natural Earth's ``world-atlas``) into shapely geometries:
arcs decoded once (quantised, delta-encoded positions), polygons stitched from them, and the
mesh of arcs two geometries share (the borders between countries, without the coasts)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["Topology"]


class Topology:
    """One TopoJSON topology, its arcs decoded to lon/lat arrays."""

    def __init__(self, data: Mapping[str, Any]):
        if data.get("type") != "Topology":
            raise ValueError("not a TopoJSON topology")
        self.objects: Mapping[str, Any] = data["objects"]
        transform = data.get("transform")
        self.arcs: list[npt.NDArray[np.float64]] = []
        for arc in data["arcs"]:
            points = np.asarray(arc, dtype=np.float64)[:, :2]
            if transform:
                points = np.cumsum(points, axis=0) * transform["scale"] + transform["translate"]
            self.arcs.append(points)

    def _arc(self, index: int) -> npt.NDArray[np.float64]:
        return self.arcs[index] if index >= 0 else self.arcs[~index][::-1]

    def _ring(self, indices: Sequence[int]) -> npt.NDArray[np.float64]:
        parts = [self._arc(i) if n == 0 else self._arc(i)[1:] for n, i in enumerate(indices)]
        return np.concatenate(parts)

    def _polygons(self, geometry: Mapping[str, Any]) -> list[Any]:
        from shapely.geometry import Polygon

        kind = geometry.get("type")
        if kind == "Polygon":
            rings_list = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            rings_list = geometry["arcs"]
        elif kind == "GeometryCollection":
            return [p for g in geometry["geometries"] for p in self._polygons(g)]
        else:
            return []
        out = []
        for rings in rings_list:
            shell, *holes = (self._ring(r) for r in rings)
            if len(shell) >= 4:
                out.append(Polygon(shell, [h for h in holes if len(h) >= 4]))
        return out

    def polygons(self, name: str) -> list[Any]:
        """Every polygon of object ``name``, as shapely Polygons (multi-polygons split)."""
        return self._polygons(self.objects[name])

    def mesh(self, name: str) -> list[Any]:
        """The arcs that two different geometries of collection ``name`` share, as shapely
        LineStrings: for countries, the land borders (coasts belong to one country only)."""
        from shapely.geometry import LineString

        users: dict[int, set[int]] = {}

        def walk(value: Any, owner: int) -> None:
            if isinstance(value, int):
                users.setdefault(value if value >= 0 else ~value, set()).add(owner)
            else:
                for item in value:
                    walk(item, owner)

        for n, geometry in enumerate(self.objects[name].get("geometries", [])):
            walk(geometry.get("arcs", []), n)
        return [LineString(self.arcs[i]) for i, owners in sorted(users.items())
                if len(owners) > 1 and len(self.arcs[i]) >= 2]
