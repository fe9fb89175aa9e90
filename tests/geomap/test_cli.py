"""The command line: output formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
            "score"} == set(lines[0])
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
