"""``geomap import``: an ACLED CSV into the store and out again with every field; bad files
listed row by row and imported not at all."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import warnings
from pathlib import Path

from click.testing import CliRunner

from geomap.cli import cli
from geomap.store import EventQuery, open_store

from .test_acled import ACLED


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'imp.db'}"


def test_acled_csv_store_csv_round_trip_keeps_every_field(tmp_path: Path) -> None:
    src = tmp_path / "acled.csv"
    src.write_text(ACLED, encoding="utf-8")
    db = _db(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(src), "--database", db])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out.csv"
    result = runner.invoke(cli, ["export", "-o", str(out), "--database", db])
    assert result.exit_code == 0, result.output
    before = list(csv.DictReader(io.StringIO(ACLED)))
    with out.open(encoding="utf-8", newline="") as fh:  # keep the \r\n inside a note
        after = {r["event_id_cnty"]: r for r in csv.DictReader(fh)}
    for old in before:
        new = after[old["event_id_cnty"]]
        for column, value in old.items():
            if column == "event_date":
                assert new[column][:4] == old["year"]
            elif column in ("latitude", "longitude"):
                assert float(new[column]) == float(value)
            else:
                assert new[column] == value, column
    # importing the same file again adds nothing
    assert runner.invoke(cli, ["import", str(src), "--database", db]).exit_code == 0
    with open_store(db) as store:
        assert store.count_events() == 2 and store.count_reports() == 1
        (first, _), _ = store.query_events(EventQuery())
        assert first.extra["admin1"] == "Aleppo"


def test_a_bad_file_imports_nothing(tmp_path: Path) -> None:
    lines = ACLED.split("\r\n")
    bad = "\r\n".join([lines[0], lines[1].replace("11 December 2016", "sometime")] + lines[2:])
    src = tmp_path / "bad.csv"
    src.write_text(bad, encoding="utf-8")
    db = _db(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "geomap.cli", "import", str(src),
                           "--database", db], capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "line 2" in proc.stderr and "nothing imported" in proc.stderr
    with open_store(db) as store:
        assert store.count_events() == 0


def _gis_file(path: Path, crs: str | None, *, layer: str = "events", x: float = 37.16,
              y: float = 36.2, extra_layer: str | None = None) -> None:
    import geopandas as gpd
    from shapely.geometry import Point

    frame = gpd.GeoDataFrame(
        {"event_date": ["2016-12-11"], "event_type": ["Battles"],
         "sub_event_type": ["Armed clash"], "location": ["Aleppo"], "fatalities": [4]},
        geometry=[Point(x, y)], crs=crs)
    with warnings.catch_warnings():  # GDAL warns that a file without a CRS is of little use
        warnings.simplefilter("ignore", UserWarning)
        frame.to_file(path, layer=layer, driver="GPKG")
    if extra_layer:
        frame.to_file(path, layer=extra_layer, driver="GPKG")


def test_a_layer_in_web_mercator_is_reprojected(tmp_path: Path) -> None:
    """Metres are not degrees: a GeoPackage in EPSG:3857 lands where it should."""
    from pyproj import Transformer

    x, y = Transformer.from_crs(4326, 3857, always_xy=True).transform(37.16, 36.2)
    src = tmp_path / "mercator.gpkg"
    _gis_file(src, "EPSG:3857", layer="strikes", x=x, y=y)  # its only layer, any name
    db = _db(tmp_path)
    result = CliRunner().invoke(cli, ["import", str(src), "--database", db])
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        (event,), _ = store.query_events(EventQuery())
    assert (round(event.lon, 6), round(event.lat, 6)) == (37.16, 36.2)


def test_gis_files_that_cannot_be_placed_are_refused_in_one_line(tmp_path: Path) -> None:
    no_crs, layers = tmp_path / "nocrs.gpkg", tmp_path / "layers.gpkg"
    _gis_file(no_crs, None)
    _gis_file(layers, "EPSG:4326", layer="a", extra_layer="b")
    db = _db(tmp_path)
    for src, said in ((no_crs, "has no coordinate reference system"),
                      (layers, "layers.gpkg: no layer 'events' (its layers: a, b)")):
        result = CliRunner().invoke(cli, ["import", str(src), "--database", db])
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and said in lines[0] and "Traceback" not in result.output
    with open_store(db) as store:
        assert store.count_events() == 0 and store.count_reports() == 0


def test_a_large_import_into_sqlite_gets_a_larger_page_cache(tmp_path: Path) -> None:
    from geomap.commands.import_cmds import BULK_CACHE_MB, OPTIMIZE_AFTER, _bulk_options

    db = _db(tmp_path)
    assert _bulk_options(db, OPTIMIZE_AFTER) == {"cache_mb": BULK_CACHE_MB}
    assert _bulk_options(db, 10) == {}  # a small file: the store's own defaults
    assert _bulk_options("postgresql+psycopg://u@localhost/x", OPTIMIZE_AFTER) == {}
    with open_store(db, **_bulk_options(db, OPTIMIZE_AFTER)) as store:
        assert store.count_events() == 0  # the option opens a working store
