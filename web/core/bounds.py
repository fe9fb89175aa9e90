"""How many expensive things a server process does at once, and where it does them.

Work that takes seconds of CPU (extracting the events of a long report, drawing an image)
holds the interpreter's lock most of that time: run in the server's threads, a few of them
at once make every other request wait. A :class:`Bound` gives at most its setting's number
of slots, and runs the work in as many worker processes (:meth:`Bound.run`) at a lower CPU
priority, so that the server's threads keep answering. A request that finds no slot free is
refused at once with 503 and ``Retry-After`` (:class:`~.errors.Busy`) rather than queued on
one of the server's few threads. Workers start on first use, and end with the server
however it ends.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from datetime import date
from typing import Any, TypeVar

from flask import current_app

from geomap.models import Event

from .errors import Busy

__all__ = ["Bound", "EXTRACTIONS", "extract_events"]

T = TypeVar("T")
#: The CPU priority of the workers (``nice``): below the server's threads.
WORKER_NICE = 10


def _start_worker(warm: Callable[[], None] | None) -> None:
    """A worker yields the CPU to the server, ends with the server however the server ends
    (a killed server cannot shut its pool down), and loads what it needs before the first
    piece of work."""
    from multiprocessing.connection import wait

    if hasattr(os, "nice"):
        os.nice(WORKER_NICE)
    server = multiprocessing.parent_process()
    if server is not None:
        sentinel = server.sentinel
        threading.Thread(target=lambda: (wait([sentinel]), os._exit(0)), daemon=True,
                         name="geomap-exit-with-server").start()
    if warm is not None:
        warm()


class Bound:
    """Slots for ``what``, as many as the app's ``setting`` (per process); a thread that
    holds one may enter again. ``warm`` (a module-level function) prepares each worker."""

    def __init__(self, what: str, setting: str, *, retry_after: int = 5,
                 warm: Callable[[], None] | None = None, timeout: float = 120.0):
        self.what, self.setting, self.retry_after = what, setting, retry_after
        self.warm, self.timeout = warm, timeout
        self._slots: dict[int, threading.BoundedSemaphore] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._pool_size = 0
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

    def pool(self) -> ProcessPoolExecutor:
        """The worker processes, as many as the slots (started on first use)."""
        size = self.size()
        with self._lock:
            if self._pool is None or self._pool_size != size:
                if self._pool is not None:
                    self._pool.shutdown(wait=False)
                methods = multiprocessing.get_all_start_methods()
                context = multiprocessing.get_context(
                    "forkserver" if "forkserver" in methods else "spawn")
                self._pool = ProcessPoolExecutor(size, mp_context=context,
                                                 initializer=_start_worker,
                                                 initargs=(self.warm,))
                self._pool_size = size
            return self._pool

    def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in a worker process, within a slot (``fn``, its arguments
        and its result travel by pickle; its exceptions come back as they were raised).

        Raises:
            Busy: 503 when every slot is taken, or when the work found no worker alive or
                outlasted ``timeout``.
        """
        with self.hold():
            try:
                result: T = self.pool().submit(fn, *args, **kwargs).result(self.timeout)
            except BrokenProcessPool:
                with self._lock:
                    if self._pool is not None:
                        self._pool.shutdown(wait=False, cancel_futures=True)
                    self._pool = None
                raise Busy(f"{self.what}: a worker ended; try again", self.retry_after) \
                    from None
            except TimeoutError:
                raise Busy(f"{self.what}: it took too long; try again", self.retry_after) \
                    from None
            return result


def _warm_extraction() -> None:
    """Compile the lexicons and open the gazetteer in a new worker."""
    from geomap.extract import extract_events as extract

    extract("Warm-up: shelling hit Aleppo on Saturday.", published=date(2016, 12, 11),
            lang="en")


#: Reports whose events are being extracted (``POST /api/reports``, the desk's intake).
EXTRACTIONS = Bound("report(s) being read", "REPORT_EXTRACTIONS", retry_after=2,
                    warm=_warm_extraction)


def extract_events(text: str, *, published: date, lang: str | None) -> list[Event]:
    """``geomap.extract.extract_events``, within a slot of :data:`EXTRACTIONS`, in one of its
    workers."""
    from geomap.extract import extract_events as extract

    return EXTRACTIONS.run(extract, text, published=published, lang=lang)
