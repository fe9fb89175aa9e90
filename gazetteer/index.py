"""The compiled name index: flat arrays on disk, memory-mapped on load.

A process opens it in milliseconds and shares its pages with every other process that
opens it: no Python dict of a million names is ever built. Keys are 64-bit hashes of
normalised names, sorted for binary search; postings name the place row, which of its
names matched, and how (exact key, without article, compact).
"""

from __future__ import annotations

import hashlib
import json
import mmap
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from gazetteer.memo import remembered
from gazetteer.place import KINDS, Place

__all__ = ["NameIndex", "Posting", "StringTable", "key_hash", "MATCH_EXACT", "MATCH_ARTICLE",
           "MATCH_COMPACT", "MATCH_FUZZY", "MATCH_TRANSLIT", "FORMAT_VERSION",
           "NAME_UNRELATED", "NAME_ABBREVIATION", "NAME_CAPITALS", "NAME_ALL_CAPS",
           "ROW_CURATED", "ROW_CAPITAL"]

FORMAT_VERSION = 4
MATCH_EXACT, MATCH_ARTICLE, MATCH_COMPACT, MATCH_FUZZY = 0, 1, 2, 3
#: Matched through :func:`gazetteer.normalize.translit_key` (above every fuzzy code).
MATCH_TRANSLIT = 200
#: Bits of ``name_flags``: what the build learnt about each name, so that the geoparser
#: never decodes or compares names at run time.
NAME_UNRELATED, NAME_ABBREVIATION, NAME_CAPITALS, NAME_ALL_CAPS = 1, 2, 4, 8
#: Bits of ``row_flags``.
ROW_CURATED, ROW_CAPITAL = 1, 2


@remembered(262144)
def key_hash(key: str) -> int:
    """The 64-bit hash a normalised key is stored under (stable across processes)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


class StringTable:
    """Many strings in one UTF-8 blob with an offsets array: cheap to store and to map."""

    def __init__(self, blob: bytes | mmap.mmap, offsets: npt.NDArray[np.int64]):
        self._blob = blob
        self._offsets = offsets

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, i: int) -> str:
        start, end = self._offsets[i:i + 2].tolist()
        return self._blob[start:end].decode("utf-8")

    def range(self, first: int, stop: int) -> list[str]:
        """Strings ``first`` .. ``stop - 1``, read in one go."""
        bounds = self._offsets[first:stop + 1].tolist()
        if not bounds:
            return []
        chunk = self._blob[bounds[0]:bounds[-1]]
        base = bounds[0]
        return [chunk[a - base:b - base].decode("utf-8")
                for a, b in zip(bounds, bounds[1:], strict=False)]

    @staticmethod
    def write(directory: Path, stem: str, strings: Iterable[str]) -> None:
        """Write ``<stem>.bin`` and ``<stem>.off.npy``."""
        encoded = [s.encode("utf-8") for s in strings]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in encoded], out=offsets[1:])
        (directory / f"{stem}.bin").write_bytes(b"".join(encoded))
        np.save(directory / f"{stem}.off.npy", offsets)

    @classmethod
    def open(cls, directory: Path, stem: str) -> StringTable:
        path = directory / f"{stem}.bin"
        blob: bytes | mmap.mmap = b""
        if path.stat().st_size:
            with path.open("rb") as fh:  # the mapping outlives the file object
                blob = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        return cls(blob, np.asarray(np.load(directory / f"{stem}.off.npy", mmap_mode="r")))


class Posting(NamedTuple):
    """A key's hit: place ``row``, the global index of the ``name`` matched, ``match`` type."""

    row: int
    name: int
    match: int


class NameIndex:
    """Read access to a compiled index directory."""

    ARRAYS = ("lat", "lon", "population", "kind", "cc", "parent", "name_start", "name_lang",
              "direction", "geom", "keys", "key_start", "post_row", "post_name", "post_match",
              "id_hash", "id_row", "name_flags", "row_flags")

    def __init__(self, directory: Path):
        self.directory = directory
        self.meta: dict[str, Any] = json.loads((directory / "meta.json").read_text("utf-8"))
        # plain ndarray views of the mapped files: numpy's memmap subclass makes every
        # scalar read a Python-level call
        arrays = {n: np.asarray(np.load(directory / f"{n}.npy", mmap_mode="r"))
                  for n in self.ARRAYS}
        self.lat = arrays["lat"]
        self.lon = arrays["lon"]
        self.population = arrays["population"]
        self.kind = arrays["kind"]
        self.cc = arrays["cc"]
        self.parent = arrays["parent"]
        self.name_start = arrays["name_start"]
        self.name_lang = arrays["name_lang"]
        self.direction = arrays["direction"]
        self.geom = arrays["geom"]
        self._keys = arrays["keys"]
        self._key_start = arrays["key_start"]
        self._post_row = arrays["post_row"]
        self._post_name = arrays["post_name"]
        self._post_match = arrays["post_match"]
        self._id_hash = arrays["id_hash"]
        self._id_row = arrays["id_row"]
        self.name_flags = arrays["name_flags"]
        self.row_flags = arrays["row_flags"]
        self.ids = StringTable.open(directory, "ids")
        self.names = StringTable.open(directory, "names")
        self.admin1 = StringTable.open(directory, "admin1")
        self.sources = StringTable.open(directory, "sources")
        self.geometries = StringTable.open(directory, "geometries")
        self.langs: list[str] = self.meta["langs"]
        self.ccs: list[str] = self.meta["ccs"]
        self.directions: list[str] = self.meta["directions"]
        self.kind_codes = {k: i for i, k in enumerate(KINDS)}
        self._places: dict[int, Place] = {}
        self._ancestors: dict[int, tuple[int, ...]] = {}
        self._admin1: dict[int, str] = {}
        self._remembered: dict[str, dict[Any, Any]] = {}

    def __len__(self) -> int:
        return len(self.lat)

    @property
    def lexicon(self) -> dict[str, Any]:
        """Words around place names (terms, common words, demonyms), from the overlay."""
        return self._lexicon

    @cached_property
    def _lexicon(self) -> dict[str, Any]:
        path = self.directory / "lexicon.json"
        data: dict[str, Any] = json.loads(path.read_text("utf-8"))
        return data

    def remembered_table(self, table: str) -> dict[Any, Any]:
        """A table of results the geoparser remembers about this index's names and places
        (one per ``table``); it lives and dies with the index."""
        found = self._remembered.get(table)
        if found is None:
            found = self._remembered[table] = {}
        return found

    def postings(self, key: str) -> list[Posting]:
        """Every place whose name folds to ``key`` (a new list the caller may change)."""
        if not key:
            return []
        a, b = self._bounds(key_hash(key))
        return list(map(Posting, self._post_row[a:b].tolist(), self._post_name[a:b].tolist(),
                        self._post_match[a:b].tolist()))

    def rows(self, key: str) -> list[int]:
        """The rows of the places whose name folds to ``key``, without their postings."""
        a, b = self._bounds(key_hash(key)) if key else (0, 0)
        found: list[int] = self._post_row[a:b].tolist()
        return found

    def _bounds(self, h: int) -> tuple[int, int]:
        """Where a key hash's postings lie in the posting arrays (an empty range if none)."""
        i = int(self._keys.searchsorted(np.uint64(h)))  # the method: no dispatch
        if i >= len(self._keys) or int(self._keys[i]) != h:
            return 0, 0
        a, b = self._key_start[i:i + 2].tolist()
        return a, b

    def has_keys(self, hashes: Sequence[int]) -> npt.NDArray[np.bool_]:
        """Which of many key hashes are in the index (one vectorised search)."""
        if not hashes:
            return np.zeros(0, dtype=bool)
        arr = np.fromiter(hashes, dtype=np.uint64, count=len(hashes))
        pos = self._keys.searchsorted(arr)
        pos[pos >= len(self._keys)] = 0
        found: npt.NDArray[np.bool_] = self._keys[pos] == arr
        return found

    def row_of(self, place_id: str) -> int | None:
        """The row of a place id, or None."""
        h = np.uint64(key_hash(place_id))
        i = int(self._id_hash.searchsorted(h))
        if i < len(self._id_hash) and self._id_hash[i] == h:
            return int(self._id_row[i])
        return None

    def kind_of(self, row: int) -> str:
        return self._kinds[row]

    def cc_of(self, row: int) -> str | None:
        return self._ccs[row]

    @cached_property
    def _kinds(self) -> tuple[str, ...]:
        """Every row's kind (reading numpy scalars one by one is slow); a tuple of strings,
        which the cyclic garbage collector stops scanning, unlike a list."""
        return tuple(KINDS[k] for k in self.kind.tolist())

    @cached_property
    def _ccs(self) -> tuple[str | None, ...]:
        return tuple(self.ccs[c] or None for c in self.cc.tolist())

    def name_flag(self, name: int, bit: int) -> bool:
        """Whether a name carries one of the ``NAME_*`` bits."""
        return bool(self.name_flags[name] & bit)

    def name_lang_of(self, name: int) -> str | None:
        return self.langs[int(self.name_lang[name])] or None

    def direction_of(self, row: int) -> str | None:
        return self.directions[int(self.direction[row])] or None

    def _name_bounds(self, row: int) -> tuple[int, int]:
        first, stop = self.name_start[row:row + 2].tolist()
        return first, stop

    def name_rows(self, row: int) -> range:
        return range(int(self.name_start[row]), int(self.name_start[row + 1]))

    def place(self, row: int) -> Place:
        """The Place at ``row`` (built once, then cached)."""
        place = self._places.get(row)
        if place is None:
            parent = int(self.parent[row])
            geom = int(self.geom[row])
            admin1 = self.admin1_of(row)
            first, stop = self._name_bounds(row)
            texts = self.names.range(first, stop)
            langs = self.langs
            place = Place(
                id=self.ids[row],
                name=texts[0],
                kind=self.kind_of(row),
                lat=float(self.lat[row]),
                lon=float(self.lon[row]),
                country_code=self.cc_of(row),
                admin1=admin1 or None,
                population=int(self.population[row]),
                parent_id=self.ids[parent] if parent >= 0 else None,
                source=self.sources[row],
                names=tuple(zip(texts, [langs[c] or None for c in
                                        self.name_lang[first:stop].tolist()], strict=True)),
                geometry=json.loads(self.geometries[geom]) if geom >= 0 else None,
            )
            self._places[row] = place
        return place

    def ancestors(self, row: int) -> tuple[int, ...]:
        """The rows of a place's parents, nearest first (remembered: they never change)."""
        found = self._ancestors.get(row)
        if found is None:
            out: list[int] = []
            parent = int(self.parent[row])
            while parent >= 0 and parent not in out and len(out) < 10:
                out.append(parent)
                parent = int(self.parent[parent])
            found = self._ancestors[row] = tuple(out)
        return found

    def admin1_of(self, row: int) -> str:
        """A place's admin-1 code ("SY.09"), or "" (remembered)."""
        code = self._admin1.get(row)
        if code is None:
            code = self._admin1[row] = self.admin1[row]
        return code

    def rows_with_geometry(self) -> list[int]:
        """Rows that carry a polygon (the overlay's areas and the countries)."""
        return [int(r) for r in np.nonzero(np.asarray(self.geom) >= 0)[0]]
