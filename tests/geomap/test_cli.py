"""The command line: output formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import cli

from ..conftest import SEED_FR


def test_geocode_text_and_json() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["geocode", "Alep-Est"])
    assert result.exit_code == 0 and "geomap:alep-est" in result.output
    result = runner.invoke(cli, ["geocode", "Palmyre", "--json", "--limit", "1"])
    record = json.loads(result.output)
    assert record["id"] == "geonames:163808" and record["country_code"] == "SY"


def test_geocode_unknown_name_exits_1() -> None:
    result = CliRunner().invoke(cli, ["geocode", "Qqqzzzxxxvvv"])
    assert result.exit_code == 1


def test_geoparse_file_json_lines() -> None:
    result = CliRunner().invoke(cli, ["geoparse", str(SEED_FR), "--lang", "fr"])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert {"start", "end", "text", "place_id", "name", "lat", "lon", "country_code", "kind",
            "score", "display_name"} == set(lines[0])
    assert {r["text"]: r["display_name"] for r in lines}["Palmyre"] == "Palmyre"
    text = SEED_FR.read_text(encoding="utf-8")
    assert all(text[r["start"]:r["end"]] == r["text"] for r in lines)


def test_geoparse_stdin_and_bad_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["geoparse", "-"], input="Bombardements sur Alep.")
    assert json.loads(result.output)["place_id"] == "geonames:170063"
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"\xff\xfe\x00garbage\x80")
    for args in (["geoparse", str(tmp_path / "missing.txt")], ["geoparse", str(binary)]):
        proc = subprocess.run([sys.executable, "-m", "geomap.cli", *args], capture_output=True,
                              text=True, check=False)
        assert proc.returncode == 2
        assert proc.stdout == "" and len(proc.stderr.strip().splitlines()) == 1


def test_extract_prints_geojson(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["extract", str(SEED_FR), "--published", "2016-12-11"])
    assert result.exit_code == 0, result.output
    collection = json.loads(result.output)
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    assert len(collection["features"]) >= 8
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 35 < lon < 42 and 32 < lat < 38  # Syria, in lon, lat order
        assert feature["properties"]["quote"]


def test_extract_empty_text_is_an_empty_collection() -> None:
    result = CliRunner().invoke(cli, ["extract", "-", "--published", "2016-12-11"],
                                input="Il faisait beau.")
    assert result.exit_code == 0 and json.loads(result.output)["features"] == []


def test_extract_needs_a_good_publication_date() -> None:
    for args in ([str(SEED_FR)], [str(SEED_FR), "--published", "11/12/2016"],
                 [str(SEED_FR), "--published", "2016-02-30"]):
        proc = subprocess.run([sys.executable, "-m", "geomap.cli", "extract", *args],
                              capture_output=True, text=True, check=False)
        assert proc.returncode == 2 and proc.stdout == ""
        assert len(proc.stderr.strip().splitlines()) == 1


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("geomap: error:")]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


def test_ingest_of_bad_files_exits_2(tmp_path: Path) -> None:
    """Bad input exits 2 as the README says: a missing file, a binary one, an endless one;
    the good report beside them is stored all the same."""
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    good = tmp_path / "good.txt"
    good.write_text("Government forces shelled Idlib on Saturday.", encoding="utf-8")
    for bad in (tmp_path / "missing.txt", binary, Path("/dev/zero")):
        result = CliRunner().invoke(cli, ["ingest", str(bad), str(good), "--published",
                                          "2016-12-11", "--database", _db(tmp_path)])
        assert result.exit_code == 2, (bad, result.output)
        assert str(bad) in _one_error_line(result.stderr)
    from geomap.store import open_store

    with open_store(_db(tmp_path)) as store:
        assert store.count_reports() == 1


def test_reading_a_report_never_reads_past_the_cap() -> None:
    from geomap.store.ingest import read_report

    with pytest.raises(ValueError, match="larger than 1,000 bytes"):
        read_report("/dev/zero", max_bytes=1000)


@pytest.mark.parametrize(("content", "said"), [
    ("event_id_cnty,event_date,event_type,sub_event_type\r\n", "no events in it"),
    ("[" * 100_000 + "]" * 100_000, "nested too deep"),
])
def test_import_refuses_empty_and_pathological_files(tmp_path: Path, content: str, said: str
                                                     ) -> None:
    path = tmp_path / ("h.csv" if content.startswith("event") else "deep.geojson")
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(path), "--database", _db(tmp_path)])
    assert result.exit_code == 2
    assert said in _one_error_line(result.stderr)
    assert not (tmp_path / "cli.db").exists() or _count_reports(_db(tmp_path)) == 0


def _count_reports(url: str) -> int:
    from geomap.store import open_store

    with open_store(url) as store:
        return store.count_reports()


def test_db_check_does_not_create_a_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["db", "check", "--database", _db(tmp_path)])
    assert result.exit_code == 1 and "no database at" in result.stderr
    assert not (tmp_path / "cli.db").exists()
    assert CliRunner().invoke(cli, ["db", "init", "--database", _db(tmp_path)]).exit_code == 0
    assert CliRunner().invoke(cli, ["db", "check", "--database", _db(tmp_path)]).exit_code == 0


def test_a_served_app_is_settled_out_of_the_collectors_sight() -> None:
    """What a worker keeps for its life is frozen (a full collection no longer walks it),
    and the youngest generation is collected less often."""
    import gc

    from geomap.commands.serve_cmds import YOUNG_OBJECTS, settled

    app = object()
    threshold = gc.get_threshold()
    try:
        assert settled(app) is app
        assert gc.get_freeze_count() > 10_000  # the gazetteer and the modules, at least
        assert gc.get_threshold() == (YOUNG_OBJECTS, *threshold[1:])
        tracked = len(gc.get_objects())
        assert tracked < gc.get_freeze_count()  # a full collection walks the rest only
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
