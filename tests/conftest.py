"""Shared fixtures: the real gazetteer (GeoNames + overlay), compiled once and cached."""

from __future__ import annotations

from pathlib import Path

import pytest

from gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent
SEED_FR = ROOT / "seeds" / "reports" / "000_9dd8d2171a1b86b4.txt"
SEED_EN = ROOT / "seeds" / "reports" / "001_en_wire_aleppo_palmyra.txt"


@pytest.fixture(scope="session")
def gz() -> Gazetteer:
    """The default gazetteer (the index is compiled on first use and cached on disk)."""
    return Gazetteer.default()


@pytest.fixture(scope="session")
def seed_fr() -> str:
    return SEED_FR.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_en() -> str:
    return SEED_EN.read_text(encoding="utf-8")
