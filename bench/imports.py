"""Benchmark of ``geomap import``: ACLED CSV files of 10k / 100k (/ 1M) rows into a new store.

What it measures, in one run (figures are printed, nothing is asserted):

1. ``geomap import FILE`` as a user runs it (a subprocess: read, validate, who held each place
   that day, duplicate merging, one transaction), in rows per second at each size; then a
   newer export of the same source (a tenth of the rows: half of them revisions of stored
   rows, with the same ids and new figures, half new rows), which must revise, not add;
2. the plain alternative on the same file: ``pandas.read_csv`` then ``DataFrame.to_sql`` into
   a new SQLite table (no validation, no merging, no spatial index), and the ratio.

Rows are spread like a conflict's (most around Syrian cities, 2011-2024), with ACLED's
columns. Run: ``.venv/bin/python bench/imports.py`` from the project root;
``--sizes 10000,100000,1000000`` for the million (about five minutes).
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from benchlib import ROOT, row

from geomap.models import EVENT_TYPES

CITIES = [  # (lon, lat, weight): Syrian cities and towns
    (37.16, 36.20, 20), (36.29, 33.51, 15), (36.72, 34.73, 10), (38.27, 34.55, 5),
    (40.14, 35.33, 6), (39.01, 35.95, 6), (36.63, 35.93, 8), (36.10, 32.62, 6),
    (36.75, 35.13, 4), (40.75, 37.05, 3), (35.79, 35.52, 2), (36.85, 34.98, 3),
]
ACTORS = ["Military Forces of Syria (2000-)", "Opposition Rebels (Syria)",
          "Islamic State (Syria)", "SDF: Syrian Democratic Forces", "Civilians (Syria)", ""]
TYPES = [(t, s) for t, subs in EVENT_TYPES.items() for s in subs if s != "Displacement"]
HEADER = ["event_id_cnty", "event_date", "year", "time_precision", "event_type",
          "sub_event_type", "actor1", "actor2", "country", "admin1", "location", "latitude",
          "longitude", "geo_precision", "source", "notes", "fatalities"]


def write_acled(path: Path, n: int, seed: int = 1, first_id: int = 1) -> None:
    """``n`` ACLED rows with ids ``SYR<first_id>`` on."""
    rng = np.random.default_rng(seed)
    weights = np.array([c[2] for c in CITIES], dtype=float)
    city = rng.choice(len(CITIES), n, p=weights / weights.sum())
    jitter = rng.normal(0, 0.02, (n, 2))
    days = np.sort(rng.integers(0, 5000, n))
    kinds = rng.integers(0, len(TYPES), n)
    a1 = rng.integers(0, len(ACTORS) - 1, n)
    a2 = rng.integers(0, len(ACTORS), n)
    deaths = rng.poisson(2, n)
    day0 = date(2011, 3, 15)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for i in range(n):
            lon, lat = CITIES[city[i]][0] + jitter[i, 0], CITIES[city[i]][1] + jitter[i, 1]
            day = day0 + timedelta(days=int(days[i]))
            event_type, sub = TYPES[kinds[i]]
            writer.writerow([f"SYR{first_id + i}", day.isoformat(), day.year, 1, event_type,
                             sub, ACTORS[a1[i]], ACTORS[a2[i]], "Syria", "Aleppo",
                             f"Place {city[i]}", f"{lat:.4f}", f"{lon:.4f}", 1,
                             "Generated", f"Row {i}", int(deaths[i])])


def geomap_import(csv_path: Path, db: Path) -> tuple[float, str]:
    """Seconds for ``geomap import`` into a new store, and its last line on stderr."""
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "geomap.cli", "import", str(csv_path), "--database",
         f"sqlite:///{db}"], capture_output=True, text=True, cwd=ROOT, check=False)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"geomap import failed: {done.stderr.strip()}")
    return seconds, done.stderr.strip().splitlines()[-1]


def plain_import(csv_path: Path, db: Path) -> float:
    import pandas as pd

    t0 = time.perf_counter()
    frame = pd.read_csv(csv_path)
    with sqlite3.connect(db) as conn:
        frame.to_sql("events", conn, index=False, chunksize=50_000)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000",
                        help="comma-separated row counts (default 10000,100000)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print("geomap import of generated ACLED CSV files (one run, this machine)")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"acled_{n}.csv"
            write_acled(path, n)
            update = Path(tmp) / f"acled_{n}_update.csv"
            write_acled(update, n // 10, seed=2, first_id=n - n // 20 + 1)  # half are stored
            db = Path(tmp) / f"geomap_{n}.db"
            ours, said = geomap_import(path, db)
            again, said_again = geomap_import(update, db)
            plain = plain_import(path, Path(tmp) / f"plain_{n}.db")
            print(f"{n:,} rows ({path.stat().st_size / 1e6:.1f} MB)")
            row("geomap import", f"{ours:.1f} s, {n / ours:,.0f} rows/s")
            row("  it said", said.removeprefix("geomap: "))
            row(f"geomap import of a newer export ({n // 10:,} rows)",
                f"{again:.1f} s, {n // 10 / again:,.0f} rows/s")
            row("  it said", said_again.removeprefix("geomap: "))
            row("pandas read_csv + to_sql (no checks, no merging)",
                f"{plain:.1f} s, {n / plain:,.0f} rows/s")
            row("ratio", f"{ours / plain:.1f}x the plain load's time")


if __name__ == "__main__":
    main()
