"""``ingest_files`` and the ``geomap ingest`` / ``geomap db`` commands."""

from __future__ import annotations

import subprocess
import sys
import types
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from geomap.cli import cli
from geomap.models import Event, Report
from geomap.store import EventQuery, open_store
from geomap.store.ingest import ingest_files
from geomap.store.schema import SCHEMA_VERSION

from ...conftest import SEED_EN, SEED_FR
from .contract import ev

DAY = date(2016, 12, 11)


def fake_extract(text: str, *, published: date, lang: str | None = None) -> list[Event]:
    """One event per line of the text, at a place named after the line; "boom" fails."""
    if "boom" in text:
        raise RuntimeError("the extractor broke")
    return [ev(published, place_id=f"line:{line.strip()}", quote=line.strip())
            for line in text.splitlines() if line.strip()]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "a": tmp_path / "a.txt", "b": tmp_path / "b.txt", "bom": tmp_path / "bom.txt",
        "latin1": tmp_path / "latin1.txt", "boom": tmp_path / "boom.txt",
        "empty": tmp_path / "empty.txt", "missing": tmp_path / "missing.txt",
    }
    paths["a"].write_text("Frappes sur Alep-Est.\nCombats à Palmyre.\n", encoding="utf-8")
    paths["b"].write_text("Shelling in Sheikh Maqsoud.\n", encoding="utf-8")
    paths["bom"].write_bytes("\ufeffQuartier de Bustan al-Qasr.\n".encode())
    paths["latin1"].write_bytes("Alep, quartiers assiégés.\n".encode("latin-1"))
    paths["boom"].write_text("boom\n", encoding="utf-8")
    paths["empty"].write_text("  \n", encoding="utf-8")
    return paths


def test_ingest_files_stores_the_good_reports_and_names_the_bad(
        tmp_path: Path, files: dict[str, Path]) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'geomap.db'}")
    errors: list[tuple[str, str]] = []
    order = ["a", "latin1", "b", "boom", "missing", "empty", "bom"]
    outcomes = ingest_files(store, [files[k] for k in order], published=DAY, lang="fr",
                            source_name="AFP", extractor=fake_extract,
                            on_error=lambda path, msg: errors.append((path, msg)))
    assert [o.path for o in outcomes] == [str(files[k]) for k in order]
    failed = {Path(o.path).stem: o.error for o in outcomes if o.error}
    assert set(failed) == {"latin1", "boom", "missing", "empty"}
    assert "UTF-8" in failed["latin1"] and "extraction failed" in failed["boom"]
    assert "cannot read" in failed["missing"] and "empty" in failed["empty"]
    assert [Path(p).stem for p, _ in errors] == ["latin1", "boom", "missing", "empty"]
    assert store.count_reports() == 3 and store.count_events() == 4
    a = next(o.result for o in outcomes if o.path == str(files["a"]))
    assert a is not None
    rep = store.get_report(a.report_id)
    assert (rep.published, rep.lang, rep.source_name) == (DAY, "fr", "AFP")
    bom = store.query_events(EventQuery(place_ids=["line:Quartier de Bustan al-Qasr."]))[0]
    assert len(bom) == 1  # the byte-order mark is not part of the text
    again = ingest_files(store, [files["a"], files["b"]], published=DAY, extractor=fake_extract)
    assert all(o.result is not None and o.result.duplicate for o in again)
    assert store.count_reports() == 3


def test_a_report_the_store_refuses_leaves_nothing(tmp_path: Path, files: dict[str, Path]
                                                   ) -> None:
    def bad_extract(text: str, *, published: date, lang: str | None = None) -> list[Event]:
        good, bad = ev(place_id="x"), ev(place_id="y")
        bad.fatalities = -4  # dataclasses do not re-validate on assignment
        return [good, bad]

    store = open_store(f"sqlite:///{tmp_path / 'geomap.db'}")
    (outcome,) = ingest_files(store, [files["a"]], published=DAY, extractor=bad_extract)
    assert outcome.error is not None and "not stored" in outcome.error
    assert store.count_reports() == 0 and store.count_events() == 0


@pytest.fixture
def fake_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    """``geomap.extract`` replaced by ``fake_extract`` for the command."""
    module = types.ModuleType("geomap.extract")
    module.extract_events = fake_extract  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "geomap.extract", module)


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


@pytest.mark.usefixtures("fake_extractor")
def test_ingest_command(tmp_path: Path, files: dict[str, Path]) -> None:
    db = f"sqlite:///{tmp_path / 'geomap.db'}"
    result = invoke("ingest", str(files["a"]), str(files["boom"]), str(files["b"]),
                    "--published", "2016-12-11", "--lang", "fr", "--database", db)
    assert result.exit_code == 1
    assert f"geomap: error: {files['boom']}: extraction failed" in result.stderr
    assert "ingest" in result.stderr  # the progress bar
    assert "ingested 2 report(s) of 3: 3 new event(s)" in result.stdout
    assert "1 failed" in result.stdout
    result = invoke("ingest", str(files["a"]), "--published", "2016-12-11", "--database", db,
                    "--no-progress")
    assert result.exit_code == 0 and result.stderr == ""
    assert "1 already stored" in result.stdout


@pytest.mark.usefixtures("fake_extractor")
@pytest.mark.parametrize("args", [
    ["FILE"], ["FILE", "--published", "11/12/2016"], ["FILE", "--published", "2016-02-30"],
    ["FILE", "--published", "20161211"], ["--published", "2016-12-11"],
    ["FILE", "--published", "2016-12-11", "--lang", "French"],
    ["FILE", "--published", "2016-12-11", "--database", "mysql://h/db"],
], ids=["no-date", "us-date", "no-such-day", "compact", "no-file", "bad-lang", "bad-db"])
def test_ingest_bad_arguments_exit_2_with_one_line(files: dict[str, Path],
                                                   args: list[str]) -> None:
    result = invoke("ingest", *[str(files["a"]) if a == "FILE" else a for a in args])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("geomap: error: ")


def test_db_init_and_check(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'geomap.db'}"
    result = invoke("db", "init", "--database", db)
    assert result.exit_code == 0 and f"schema version {SCHEMA_VERSION}" in result.stdout
    assert invoke("db", "init", "--database", db).exit_code == 0
    result = invoke("db", "check", "--database", db)
    assert result.exit_code == 0 and result.stdout.strip().endswith(": ok")
    store = open_store(db)
    store.add_report(Report("x"), [ev()])
    with store.engine.begin() as conn:  # type: ignore[attr-defined]
        conn.exec_driver_sql("DELETE FROM event_rtree")
    result = invoke("db", "check", "--database", db)
    assert result.exit_code == 1 and "event_rtree" in result.stderr
    result = invoke("db", "optimize", "--database", db)  # the R*Tree is built again
    assert result.exit_code == 0 and result.stdout.strip().endswith(": optimised")
    assert invoke("db", "check", "--database", db).exit_code == 0
    missing = f"sqlite:///{tmp_path / 'none.db'}"
    assert invoke("db", "optimize", "--database", missing).exit_code == 1


def test_ingest_the_seed_reports_with_the_real_extractor(tmp_path: Path) -> None:
    """End to end, in a subprocess as a user would run it."""
    db = f"sqlite:///{tmp_path / 'geomap.db'}"
    proc = subprocess.run(
        [sys.executable, "-m", "geomap.cli", "ingest", str(SEED_FR), str(SEED_EN),
         "--published", "2016-12-11", "--database", db],
        capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "ingested 2 report(s) of 2" in proc.stdout
    with open_store(db) as store:
        events, total = store.query_events(EventQuery())
        assert total > 0 and store.count_reports() == 2
        texts = {SEED_FR.read_text(encoding="utf-8"), SEED_EN.read_text(encoding="utf-8")}
        assert all(any(e.quote in t for t in texts) for e in events)
        assert store.integrity_check() == []
