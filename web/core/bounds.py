"""How many expensive things a server process does at once.

Work that takes seconds of CPU (drawing an image, extracting the events of a long report)
holds the interpreter's lock most of that time: a few of them at once and every other
request waits. A :class:`Bound` gives at most its setting's number of slots; a request that
finds none free is refused at once with 503 and ``Retry-After`` (:class:`~.errors.Busy`)
rather than queued on one of the server's few threads.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app

from .errors import Busy

__all__ = ["Bound", "EXTRACTIONS"]


class Bound:
    """Slots for ``what``, as many as the app's ``setting`` (per process); a thread that
    holds one may enter again."""

    def __init__(self, what: str, setting: str, *, retry_after: int = 5):
        self.what, self.setting, self.retry_after = what, setting, retry_after
        self._slots: dict[int, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()
        self._held = threading.local()

    def size(self) -> int:
        """The number of slots the app's setting gives.

        Raises:
            ValueError: a setting that is not a whole number above 0.
        """
        raw = current_app.config.get(self.setting)
        try:
            size = int(str(raw if raw is not None else 1))
        except ValueError:
            size = 0
        if size < 1:
            raise ValueError(f"GEOMAP_{self.setting} must be a whole number above 0, "
                             f"not {raw!r}")
        return size

    def _semaphore(self, size: int) -> threading.BoundedSemaphore:
        with self._lock:
            if size not in self._slots:
                self._slots[size] = threading.BoundedSemaphore(size)
            return self._slots[size]

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Hold a slot while the block runs.

        Raises:
            Busy: 503 with ``Retry-After`` when every slot is taken.
        """
        if getattr(self._held, "on", False):
            yield
            return
        size = self.size()
        slots = self._semaphore(size)
        if not slots.acquire(blocking=False):
            raise Busy(f"{size} {self.what} at once already: try again in a few seconds",
                       self.retry_after)
        self._held.on = True
        try:
            yield
        finally:
            self._held.on = False
            slots.release()


#: Reports whose events are being extracted (``POST /api/reports``, the desk's intake).
EXTRACTIONS = Bound("report(s) being read", "REPORT_EXTRACTIONS", retry_after=2)
