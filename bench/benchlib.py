"""Shared bits of the benchmarks: import the project (not ``bench/gazetteer.py``, which
shadows the package when scripts run from this directory), time things, read memory."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [str(ROOT), *(p for p in sys.path
                            if Path(p or ".").resolve() not in (HERE, ROOT))]
sys.modules.pop("gazetteer", None)


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB, from /proc."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """(seconds, result) of one call."""
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def row(label: str, value: str) -> None:
    """One aligned line of figures."""
    print(f"  {label:<52} {value}")
