"""Shared fixtures: the real gazetteer (GeoNames + overlay), compiled once and cached."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from gazetteer import Gazetteer

# Property tests: no per-example deadline (examples that write files take over a second on a
# slow machine). CI runs the "ci" profile: derandomised, so a run is reproducible and the same
# examples are tried on every machine; locally "dev" explores new examples each run.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, database=None,
                          print_blob=True, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

#: In CI (``GEOMAP_FAIL_ON_SKIP=1``, set by ``.ci/run``) a skipped test is a failed one: a
#: missing server, browser, GDAL driver or test extra must not pass silently.
FAIL_ON_SKIP = os.environ.get("GEOMAP_FAIL_ON_SKIP") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if FAIL_ON_SKIP and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, and GEOMAP_FAIL_ON_SKIP=1 forbids skips: {reason}"


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
