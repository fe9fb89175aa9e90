"""What the seed generators share: where the curated sources are, where the output goes.

Every ``tools/make_*.py`` reads its curated tables from ``seeds/src/`` (TOML, CSV and the
external geodata in ``seeds/src/geodata/``) and writes under a seeds directory, ``seeds/``
unless ``--seeds`` says otherwise (``tools/make_seeds.py --check`` writes to a scratch copy).
"""

from __future__ import annotations

import argparse
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SRC = SEEDS / "src"
GEODATA = SRC / "geodata"


def read_toml(name: str, src: Path = SRC) -> dict[str, Any]:
    """A curated table of ``seeds/src/`` (``name`` without the suffix)."""
    return tomllib.loads((src / f"{name}.toml").read_text(encoding="utf-8"))


def parse_args(doc: str | None, argv: Sequence[str] | None) -> argparse.Namespace:
    """``--seeds DIR``: the seeds directory to write into (and read generated inputs from)."""
    parser = argparse.ArgumentParser(description=(doc or "").strip().splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS,
                        help="the seeds directory to write (default: seeds/)")
    return parser.parse_args(argv)


def write(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 with Unix newlines, making the directory if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
