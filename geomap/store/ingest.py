"""Reports from files into the store: read, extract events, add — one transaction per report.

A report that cannot be read, is not UTF-8 text, makes the extractor fail or is refused by
the store is reported by name and leaves nothing written; the others go on.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from tqdm import tqdm

from ..config import max_report_chars
from ..models import Event, Report
from .base import AddResult, Store
from .errors import StoreError

__all__ = ["Extractor", "IngestOutcome", "ingest_files", "read_report"]


class Extractor(Protocol):
    """What ``geomap.extract.extract_events`` looks like."""

    def __call__(self, text: str, *, published: date,
                 lang: str | None = None) -> list[Event]: ...




@dataclass(frozen=True)
class IngestOutcome:
    """What became of one file: ``result`` when stored (or a duplicate), else ``error``;
    ``bad_input`` when the file itself was at fault (unreadable, not text, too big) rather
    than the extraction or the store."""

    path: str
    result: AddResult | None = None
    error: str | None = None
    bad_input: bool = False


def read_report(path: str | Path, *, max_chars: int | None = None,
                max_bytes: int | None = None) -> str:
    """The text of a report file (UTF-8, with or without a byte-order mark), at most
    ``max_chars`` characters (default ``GEOMAP_MAX_REPORT_CHARS``, the API's and the desk's
    limit too) and ``max_bytes`` bytes (default: what that many characters can take).

    Raises:
        OSError: the file cannot be read.
        ValueError: it is not UTF-8 text, holds NUL bytes, is empty, or is longer than
            either limit (a book is not a report, and /dev/zero never ends: the file is
            never read further than the bytes limit).
    """
    chars = max_report_chars(max_chars)
    if max_bytes is None:
        max_bytes = 4 * chars + 3  # UTF-8 takes at most 4 bytes a character, a BOM 3
    with open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(f"larger than {max_bytes:,} bytes: not a report")
    if b"\x00" in data:
        raise ValueError("not text (it holds NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text (byte {error.start})") from error
    if not text.strip():
        raise ValueError("the file is empty")
    if len(text) > chars:
        raise ValueError(f"{len(text):,} characters long: a report holds at most {chars:,} "
                         f"(GEOMAP_MAX_REPORT_CHARS)")
    if "\x00" in text:
        raise ValueError("not text (it holds NUL bytes)")
    return text


def _ingest_one(store: Store, path: str, *, published: date, lang: str | None,
                source_name: str | None, extractor: Extractor) -> IngestOutcome:
    try:
        text = read_report(path)
    except OSError as error:
        return IngestOutcome(path, error=f"cannot read it: {error.strerror or error}",
                             bad_input=True)
    except ValueError as error:
        return IngestOutcome(path, error=str(error), bad_input=True)
    try:
        events = extractor(text, published=published, lang=lang)
    except Exception as error:  # an extractor bug must not stop the other reports
        return IngestOutcome(path, error=f"extraction failed: {type(error).__name__}: {error}")
    report = Report(text=text, published=published, lang=lang, source_name=source_name)
    from ..pipeline import record_report

    try:
        return IngestOutcome(path, result=record_report(store, report, events))
    except StoreError as error:
        return IngestOutcome(path, error=f"not stored: {error}")


def ingest_files(store: Store, paths: Iterable[str | Path], *, published: date,
                 lang: str | None = None, source_name: str | None = None,
                 extractor: Extractor | None = None, progress: bool = False,
                 on_error: Callable[[str, str], None] | None = None) -> list[IngestOutcome]:
    """Extract and store each file's events; one outcome per file, in order.

    ``extractor`` defaults to ``geomap.extract.extract_events``. ``progress`` shows a tqdm
    bar on stderr; ``on_error(path, message)`` is called for each failed file as it fails.
    """
    if extractor is None:
        from ..extract import extract_events

        extractor = extract_events
    names = [str(p) for p in paths]
    outcomes: list[IngestOutcome] = []
    failed = 0
    bar = tqdm(names, desc="ingest", unit="report", file=sys.stderr, disable=not progress,
               dynamic_ncols=True)
    try:
        for path in bar:
            outcome = _ingest_one(store, path, published=published, lang=lang,
                                  source_name=source_name, extractor=extractor)
            outcomes.append(outcome)
            if outcome.error is not None:
                failed += 1
                bar.set_postfix(failed=failed)
                if on_error is not None:
                    on_error(path, outcome.error)
    finally:
        bar.close()
    return outcomes
