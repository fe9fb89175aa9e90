"""Place labels for the basemap, chosen by zoom and population from the gazetteer.

A place is labelled at a zoom when it passes that zoom's population floor and no place of
higher rank (countries, then cities by population, then districts, then neighbourhoods)
has a label box overlapping its own. The rule looks only at a place's neighbours, never at
the order labels happen to be drawn in, so two tiles that share a label agree on it, and
two labels shown never overlap.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from gazetteer import Gazetteer

from .mercator import lat_of, lon_of, to_pixels

__all__ = ["Label", "STYLES", "place_labels", "city_floor", "MARGIN"]

COUNTRY, BIG_CITY, CITY, TOWN, DISTRICT, NEIGHBOURHOOD = range(6)


@dataclass(frozen=True, slots=True)
class Style:
    """How a class of label is drawn: font size (px), whether it is centred on its point
    (else it stands right of a dot), and whether it is written in capitals."""

    size: float
    centred: bool = False
    caps: bool = False
    bold: bool = False
    italic: bool = False

    def box(self, x: float, y: float, text: str) -> tuple[float, float, float, float]:
        """The label's box around world pixel (x, y): a generous estimate of the text."""
        width = len(text) * self.size * (0.72 if self.caps else 0.6) + 4
        half = self.size * 0.75
        if self.centred:
            return x - width / 2, y - half, x + width / 2, y + half
        return x - 3, y - half, x + 6 + width, y + half


#: Drawing styles by label class (the tiles send the class; the browser and the PNG draw).
STYLES: dict[int, Style] = {
    COUNTRY: Style(11, centred=True, caps=True),
    BIG_CITY: Style(13, bold=True),
    CITY: Style(12),
    TOWN: Style(11),
    DISTRICT: Style(11, centred=True, italic=True),
    NEIGHBOURHOOD: Style(10, centred=True, italic=True),
}
#: How far (pixels) around a frame the places that may hide its labels are looked for: the
#: widest label box expected.
MARGIN = 280
_CITY_FLOORS = ((3, 5_000_000), (4, 2_000_000), (5, 1_000_000), (6, 400_000), (7, 150_000),
                (8, 50_000), (9, 20_000), (10, 8_000), (11, 3_000))
_NAMES: OrderedDict[tuple[int, str], str] = OrderedDict()
_NAMES_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Label:
    """A label at world pixel (x, y) of its zoom."""

    text: str
    x: float
    y: float
    style: int


def city_floor(zoom: int) -> int | None:
    """The smallest population a city needs for a label at ``zoom`` (None: no cities)."""
    if zoom < _CITY_FLOORS[0][0]:
        return None
    for upto, floor in _CITY_FLOORS:
        if zoom <= upto:
            return floor
    return 0


def _display_name(gazetteer: Gazetteer, row: int, lang: str) -> str:
    key = (row, lang)
    with _NAMES_LOCK:
        name = _NAMES.get(key)
    if name is None:
        name = gazetteer.index.place(row).display_name(lang)
        with _NAMES_LOCK:
            _NAMES[key] = name
            while len(_NAMES) > 50_000:
                _NAMES.popitem(last=False)
    return name


def _style(kind: str, population: int) -> int:
    if kind == "country":
        return COUNTRY
    if kind == "city":
        return BIG_CITY if population >= 1_000_000 else CITY if population >= 100_000 else TOWN
    return DISTRICT if kind == "district" else NEIGHBOURHOOD


def place_labels(gazetteer: Gazetteer, frame: tuple[float, float, float, float], zoom: int,
                 *, lang: str = "en") -> list[Label]:
    """The labels whose point lies in ``frame`` (world pixels x0, y0, x1, y1 at ``zoom``)."""
    x0, y0, x1, y1 = frame
    west, east = lon_of(max(x0 - MARGIN, 0), zoom), lon_of(x1 + MARGIN, zoom)
    north, south = lat_of(max(y0 - MARGIN, 0), zoom), lat_of(y1 + MARGIN, zoom)
    index = gazetteer.index
    lat, lon = index.lat, index.lon
    rows = np.nonzero((lat >= south) & (lat <= north) & (lon >= west) & (lon <= east))[0]
    if not len(rows):
        return []
    codes = index.kind_codes
    kinds = index.kind[rows]
    population = index.population[rows].astype(np.int64)
    floor = city_floor(zoom)
    keep = np.zeros(len(rows), dtype=bool)
    if floor is not None:
        keep |= (kinds == codes["city"]) & (population >= floor)
    if 2 <= zoom <= 5:
        keep |= (kinds == codes["country"]) & (population >= (5_000_000 if zoom < 4 else 0))
    if zoom >= 11:
        keep |= kinds == codes["district"]
    if zoom >= 12:
        keep |= kinds == codes["neighbourhood"]
    rows, kinds, population = rows[keep], kinds[keep], population[keep]
    group = np.select([kinds == codes["country"], kinds == codes["city"],
                       kinds == codes["district"]], [0, 1, 2], 3)
    order = np.lexsort((rows, -population, group))[:4000]
    rows, population = rows[order], population[order]
    xs, ys = to_pixels(lon[rows], lat[rows], zoom)
    labels = []
    boxes = np.empty((len(rows), 4))
    for i, row in enumerate(rows):
        style = _style(index.kind_of(int(row)), int(population[i]))
        text = _display_name(gazetteer, int(row), lang)
        labels.append(Label(text, float(xs[i]), float(ys[i]), style))
        boxes[i] = STYLES[style].box(float(xs[i]), float(ys[i]), text)
    overlap = ((boxes[:, None, 0] < boxes[None, :, 2]) & (boxes[:, None, 2] > boxes[None, :, 0])
               & (boxes[:, None, 1] < boxes[None, :, 3]) & (boxes[:, None, 3] > boxes[None, :, 1]))
    hidden = np.tril(overlap, k=-1).any(axis=1)  # by a place ranked before it
    inside = (xs >= x0) & (xs < x1) & (ys >= y0) & (ys < y1)
    return [label for label, h, i in zip(labels, hidden, inside, strict=True) if i and not h]
