"""seeds/ is what `make seeds` writes: every generated file matches its curated source in
seeds/src/ and the generators' packages, byte for byte (``tools/make_seeds.py --check``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE_SEEDS = ROOT / "tools" / "make_seeds.py"


def _check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(MAKE_SEEDS), "--check", *args],
                          capture_output=True, text=True, timeout=900,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_committed_seeds_are_what_the_generators_write() -> None:
    result = _check()
    assert result.returncode == 0, result.stderr
    assert "seeds/ matches what `make seeds` writes" in result.stderr


def test_the_check_names_a_generated_file_edited_by_hand(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds, ignore=shutil.ignore_patterns("src"))
    edited = seeds / "gazetteer" / "world_regions.geojson"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace('"Sahel"', '"Sahil"', 1), encoding="utf-8")
    result = _check("--against", str(seeds), "--step", "make_world_regions")
    assert result.returncode == 1, result.stderr
    assert "gazetteer/world_regions.geojson" in result.stderr
    assert "gazetteer/aliases.toml" not in result.stderr
