"""Benchmark of the SQLite store: bulk ingest, size, bbox+date queries beside a geopandas scan.

What it measures, in one run (figures are printed, nothing is asserted):

1. ingest: N generated events (default 1,000,000) written through the store's schema with
   ``executemany`` in batches of 20,000 (one transaction each; the R*Tree triggers and every
   index at work), in events per second; then a sample of whole reports through
   ``Store.add_report`` (checks, duplicate merging, one transaction per report);
2. the database size on disk, in MB (after a WAL checkpoint);
3. ~200 random bbox+date queries (boxes of 0.1°–1.5° around places where events are, windows
   of 1–120 days), answered by ``Store.query_events`` (every match, as Event objects, and a
   first page of 100 with the total): median and 99th percentile latency;
4. the same queries as a full scan in geopandas: every event loaded once into a
   GeoDataFrame (load time printed), then per query ``GeoDataFrame.cx`` plus a date mask;
   the ratio of medians; and, for reference, the same with geopandas' STRtree ``sindex``;
   the counts of both methods are compared query by query.

Events are spread like a conflict's: most around twenty Syrian cities, the rest anywhere in
the country, dated 2011-2024 (written in date order, as reports arrive), one in ten over a
range of days and one in fifty a tally.

Run: ``.venv/bin/python bench/store.py`` from the project root (a full run takes a minute or
two); ``--events N`` to choose the size, ``--quick`` for 50,000 events.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's directory comes first on sys.path, and bench/gazetteer.py
# would shadow the gazetteer package the store imports. Put the project root there instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent), *(p for p in sys.path
                                   if Path(p or ".").resolve() not in (_HERE, _HERE.parent))]
sys.modules.pop("gazetteer", None)

import argparse  # noqa: E402
import json  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from geomap.models import EVENT_TYPES, Event, Report  # noqa: E402
from geomap.store import EventQuery, open_store  # noqa: E402
from geomap.store.features import row_feature  # noqa: E402
from geomap.store.schema import SHORT_SPAN_DAYS  # noqa: E402
from geomap.store.sqlite import SQLiteStore  # noqa: E402
from geomap.store.tiles import cell_key  # noqa: E402

CITIES = [  # (lon, lat) of Syrian cities and towns, weights roughly by how often they appear
    (37.16, 36.20, 20), (36.29, 33.51, 15), (36.72, 34.73, 10), (38.27, 34.55, 5),
    (40.14, 35.33, 6), (39.01, 35.95, 6), (36.63, 35.93, 8), (36.10, 32.62, 6),
    (36.75, 35.13, 4), (40.75, 37.05, 3), (35.79, 35.52, 2), (36.85, 34.98, 3),
    (41.20, 36.50, 2), (36.40, 33.40, 4), (37.05, 36.00, 3), (36.95, 36.35, 3),
    (38.01, 36.52, 2), (40.43, 34.45, 2), (36.57, 32.71, 2), (37.53, 36.58, 2),
]
LON0, LAT0, LON1, LAT1 = 35.7, 32.3, 42.4, 37.3
DAY0, DAYS = date(2011, 3, 15), (date(2024, 12, 31) - date(2011, 3, 15)).days
TYPES = [(t, s) for t, subs in EVENT_TYPES.items() for s in subs]
BATCH = 20_000


def generate(n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Columns of ``n`` events: coordinates, dates, spans, types (in date order, as an
    archive is ingested: reports come in as they are published)."""
    weights = np.array([w for _, _, w in CITIES], dtype=float)
    city = rng.choice(len(CITIES), size=n, p=weights / weights.sum())
    near = rng.random(n) < 0.8
    lon = np.where(near, np.array([c[0] for c in CITIES])[city] + rng.normal(0, 0.08, n),
                   rng.uniform(LON0, LON1, n))
    lat = np.where(near, np.array([c[1] for c in CITIES])[city] + rng.normal(0, 0.08, n),
                   rng.uniform(LAT0, LAT1, n))
    kind = rng.random(n)
    span = np.where(kind < 0.02, rng.integers(7, 90, n),
                    np.where(kind < 0.12, rng.integers(1, 7, n), -1))
    return {"lon": np.clip(lon, -180, 180), "lat": np.clip(lat, -90, 90),
            "day": np.sort(rng.integers(0, DAYS, n)), "span": span, "tally": kind < 0.02,
            "type": rng.integers(0, len(TYPES), n), "fatalities": rng.integers(-3, 40, n)}


def bulk_load(store: SQLiteStore, n: int, rng: np.random.Generator) -> float:
    """Write ``n`` events (and one report per 100) in batches; return the seconds taken."""
    cols = generate(n, rng)
    t = store.tables
    days = [DAY0 + timedelta(days=int(d)) for d in range(DAYS + 1)]
    now = time.time()
    start = time.perf_counter()
    for first in range(0, n, BATCH):
        last = min(n, first + BATCH)
        reports, events, links = [], [], []
        for r in range(first // 100, (last + 99) // 100):
            reports.append({"id": f"r{r}", "text": f"Generated report {r}.",
                            "checksum": f"bench-{r}", "published": days[r % DAYS],
                            "ingested_at": _utc(now)})
        for i in range(first, last):
            event_type, sub = TYPES[cols["type"][i]]
            d, span = int(cols["day"][i]), int(cols["span"][i])
            fat = int(cols["fatalities"][i])
            row = {
                "id": f"e{i}", "report_id": f"r{i // 100}", "event_date": days[d],
                "date_end": days[min(DAYS, d + span)] if span >= 0 else None,
                "time_precision": 1 if span < 0 else 2, "event_type": event_type,
                "sub_event_type": sub, "actor1": "Syrian government forces", "actor2": None,
                "fatalities": fat if fat >= 0 else None, "counts": "{}",
                "lower_bounds": "[]", "tally": bool(cols["tally"][i]),
                "place_id": f"geonames:{i % 5000}", "location": None,
                "lat": float(cols["lat"][i]), "lon": float(cols["lon"][i]),
                "geo_precision": 1, "quote": "Generated.", "quote_start": None,
                "quote_end": None, "confidence": 0.5, "status": "extracted", "source": None,
                "notes": None, "controlled_by": None,
                "sources": json.dumps([f"r{i // 100}"]),
                "date_last": days[min(DAYS, d + span)] if span >= 0 else days[d],
                "long_span": span > SHORT_SPAN_DAYS,
                "cell": cell_key(float(cols["lon"][i]), float(cols["lat"][i])),
                "extra": "{}", "background": False, "claims": "[]", "origin": "report"}
            row["feature"] = row_feature(row)  # what the store writes of every event
            events.append(row)
            links.append({"event_id": f"e{i}", "report_id": f"r{i // 100}",
                          "position": i % 100, "added_at": _utc(now)})
        # a batch's last report may continue in the next batch: insert it once
        reports = [r for r in reports if int(r["id"][1:]) * 100 >= first]
        with store.engine.begin() as conn:
            conn.execute(t.reports.insert(), reports)
            conn.execute(t.events.insert(), events)
            conn.execute(t.event_sources.insert(), links)
    return time.perf_counter() - start


def _utc(ts: float) -> Any:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(ts, UTC)


def add_report_sample(store: SQLiteStore, reports: int, rng: np.random.Generator
                      ) -> tuple[int, float]:
    """Whole reports through ``add_report``; return (events, seconds)."""
    total, seconds = 0, 0.0
    for r in range(reports):
        k = int(rng.integers(3, 25))
        lon, lat, _ = CITIES[r % len(CITIES)]
        evs = [Event(event_date=DAY0 + timedelta(days=int(rng.integers(0, DAYS))),
                     event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                     place_id=f"sample:{r}:{j}", lat=lat + float(rng.normal(0, 0.05)),
                     lon=lon + float(rng.normal(0, 0.05)), fatalities=int(rng.integers(0, 9)),
                     quote=f"Sample strike {j} of report {r}.") for j in range(k)]
        report = Report(text=f"Sample report {r}: " + "wire copy " * 200)
        start = time.perf_counter()
        store.add_report(report, evs)
        seconds += time.perf_counter() - start
        total += k
    return total, seconds


def random_queries(count: int, rng: np.random.Generator
                   ) -> list[tuple[tuple[float, float, float, float], date, date]]:
    queries = []
    for _ in range(count):
        lon, lat, _ = CITIES[int(rng.integers(0, len(CITIES)))]
        lon += float(rng.normal(0, 0.3))
        lat += float(rng.normal(0, 0.3))
        half = float(rng.uniform(0.05, 0.75))
        start = DAY0 + timedelta(days=int(rng.integers(0, DAYS - 120)))
        queries.append(((lon - half, lat - half, lon + half, lat + half), start,
                        start + timedelta(days=int(rng.integers(0, 120)))))
    return queries


def percentiles(times: list[float]) -> tuple[float, float]:
    """Median and 99th percentile, in milliseconds."""
    ms = sorted(t * 1000 for t in times)
    return statistics.median(ms), ms[min(len(ms) - 1, int(round(0.99 * (len(ms) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events to generate")
    parser.add_argument("--quick", action="store_true", help="50,000 events")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--db", type=Path, help="keep the database at this path (new file)")
    args = parser.parse_args()
    n = 50_000 if args.quick else args.events
    rng = np.random.default_rng(20161211)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        if path.exists():
            parser.error(f"{path} exists; give a new file")
        run(path, n, args.queries, rng)


def run(path: Path, n: int, n_queries: int, rng: np.random.Generator) -> None:
    import geopandas as gpd
    import pandas as pd

    store = open_store(f"sqlite:///{path}")
    assert isinstance(store, SQLiteStore)
    store.init()
    print(f"SQLite {sqlite3.sqlite_version}, {n:,} generated events, {path}")

    seconds = bulk_load(store, n, rng)
    print(f"bulk ingest (executemany, {BATCH:,} a transaction): {n / seconds:,.0f} events/s "
          f"({seconds:.1f} s)")
    sample_events, sample_seconds = add_report_sample(store, 300, rng)
    print(f"add_report (one transaction a report, merge checks): "
          f"{sample_events / sample_seconds:,.0f} events/s ({sample_events:,} events in 300 "
          f"reports, {sample_seconds:.1f} s)")
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    total = store.count_events()
    print(f"database size: {size / 1e6:,.1f} MB for {total:,} events "
          f"({size / total:,.0f} bytes an event, R*Tree and indexes included)")

    queries = random_queries(n_queries, rng)
    for bbox, start, end in queries[:5]:  # warm the page cache
        store.query_events(EventQuery(bbox=bbox, start=start, end=end))
    full, paged, counts = [], [], []
    for bbox, start, end in queries:
        t0 = time.perf_counter()
        found, count = store.query_events(EventQuery(bbox=bbox, start=start, end=end))
        full.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        store.query_events(EventQuery(bbox=bbox, start=start, end=end, limit=100))
        paged.append(time.perf_counter() - t0)
        counts.append(count)
    store.close()

    t0 = time.perf_counter()
    with sqlite3.connect(path) as conn:
        df = pd.read_sql_query(
            "SELECT id, event_date, date_end, event_type, sub_event_type, actor1, actor2, "
            "fatalities, status, place_id, lat, lon FROM events WHERE lat IS NOT NULL", conn)
    df["event_date"] = pd.to_datetime(df["event_date"])
    df["last"] = pd.to_datetime(df["date_end"]).fillna(df["event_date"])
    gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df.lon, df.lat), crs="EPSG:4326")
    load = time.perf_counter() - t0
    print(f"geopandas: all {len(gdf):,} events into a GeoDataFrame in {load:.1f} s")

    def scan(bbox: tuple[float, float, float, float], start: date, end: date) -> int:
        inside = gdf.cx[bbox[0]:bbox[2], bbox[1]:bbox[3]]
        hit = inside[(inside["event_date"] <= pd.Timestamp(end))
                     & (inside["last"] >= pd.Timestamp(start))]
        return len(hit)

    t0 = time.perf_counter()
    tree = gdf.sindex
    tree.query(gdf.geometry.iloc[0])  # built lazily: force it
    sindex_build = time.perf_counter() - t0

    def indexed(bbox: tuple[float, float, float, float], start: date, end: date) -> int:
        from shapely.geometry import box

        rows = gdf.iloc[tree.query(box(*bbox), predicate="intersects")]
        return len(rows[(rows["event_date"] <= pd.Timestamp(end))
                        & (rows["last"] >= pd.Timestamp(start))])

    scans, agree, sindexed = [], 0, []
    for (bbox, start, end), count in zip(queries, counts, strict=True):
        t0 = time.perf_counter()
        got = scan(bbox, start, end)
        scans.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        indexed(bbox, start, end)
        sindexed.append(time.perf_counter() - t0)
        agree += got == count

    med_full, p99_full = percentiles(full)
    med_page, p99_page = percentiles(paged)
    med_scan, p99_scan = percentiles(scans)
    med_idx, p99_idx = percentiles(sindexed)
    print(f"{len(queries)} bbox+date queries, {statistics.median(counts):,.0f} matches "
          f"(median; max {max(counts):,}):")
    print(f"  store, every match as Events  median {med_full:7.2f} ms   p99 {p99_full:7.2f} ms")
    print(f"  store, first 100 + total      median {med_page:7.2f} ms   p99 {p99_page:7.2f} ms")
    print(f"  geopandas full scan (cx+mask) median {med_scan:7.2f} ms   p99 {p99_scan:7.2f} ms")
    print(f"  geopandas sindex (STRtree)    median {med_idx:7.2f} ms   p99 {p99_idx:7.2f} ms "
          f"(+{sindex_build:.1f} s to build)")
    print(f"  full scan / store: {med_scan / med_full:.1f}x the median latency "
          f"(first page: {med_scan / med_page:.1f}x); counts agree on {agree}/{len(queries)}")


if __name__ == "__main__":
    main()
