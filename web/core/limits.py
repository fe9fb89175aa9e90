"""Failed sign-ins and bearer tokens, counted: past ``AUTH_FAILURES`` failures within
``AUTH_WINDOW`` seconds, further attempts are refused with 429 and ``Retry-After`` before
any token is compared, so that guessing costs time and shows in the log.

Failures are counted per client address and per token name (a configured token's name, or
``token-<digest>`` for one that is not configured, as :mod:`web.core.auth` names them):
one address trying many tokens is held, and so is one token tried from many addresses (a
revoked token left in a script, a stolen one). Counts live in the process's memory, a
sliding window per key with at most ``AUTH_FAILURES`` times kept; with ``geomap serve
--workers N`` each process counts on its own.

Every failure and every refusal is logged on ``web.auth`` (WARNING), with the address and
the token's name, never the token.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable

from flask import Flask, current_app, request

from .errors import ApiError

__all__ = ["FailureLimiter", "TooManyAttempts", "init_app", "check_allowed", "failed",
           "client_address", "LOG"]

LOG = logging.getLogger("web.auth")


class TooManyAttempts(ApiError):
    """429: too many failed attempts from this address or with this token; ``Retry-After``
    says in how many seconds the next one is counted."""

    def __init__(self, retry_after: int):
        super().__init__(f"too many failed sign-ins or tokens: try again in {retry_after} s",
                         429, {"Retry-After": str(retry_after)})
        self.retry_after = retry_after


class FailureLimiter:
    """Failures per key within a sliding window of ``window`` seconds; at ``limit`` of them a
    key is held until the oldest leaves the window. At most ``max_keys`` keys are
    remembered (the least recently failed go first), so that a flood of addresses cannot
    grow it without bound. ``limit`` 0 holds nobody."""

    def __init__(self, limit: int, window: float, *, max_keys: int = 100_000,
                 clock: Callable[[], float] = time.monotonic):
        if limit < 0 or window <= 0:
            raise ValueError("the limit must be 0 or more and the window positive")
        self.limit, self.window, self.max_keys, self.clock = limit, window, max_keys, clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float] | None:
        times = self._failures.get(key)
        if times is None:
            return None
        while times and now - times[0] >= self.window:
            times.popleft()
        if not times:
            del self._failures[key]
            return None
        return times

    def retry_after(self, keys: Iterable[str]) -> int | None:
        """Seconds until ``keys`` may try again (the longest of them), None when they may."""
        if self.limit == 0:
            return None
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if times is not None and len(times) >= self.limit:
                    wait = max(wait, self.window - (now - times[0]))
        return max(1, int(wait + 0.999)) if wait > 0 else None

    def failed(self, keys: Iterable[str]) -> int:
        """Count a failure against each of ``keys``; the most failures any of them has."""
        if self.limit == 0:
            return 0
        now = self.clock()
        most = 0
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if times is None:
                    times = self._failures[key] = deque(maxlen=self.limit)
                times.append(now)
                self._failures.move_to_end(key)
                most = max(most, len(times))
            while len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)
        return most


def init_app(app: Flask) -> None:
    """A limiter for the app from its ``AUTH_FAILURES`` and ``AUTH_WINDOW`` settings.

    Raises:
        ValueError: a setting that is not a whole number (the window: a positive one).
    """
    try:
        limit = int(str(app.config.get("AUTH_FAILURES") or 0))
        window = float(str(app.config.get("AUTH_WINDOW") or 0))
        limiter = FailureLimiter(limit, window)
    except ValueError:
        raise ValueError("GEOMAP_AUTH_FAILURES must be a whole number (0: no limit) and "
                         "GEOMAP_AUTH_WINDOW a number of seconds above 0") from None
    app.extensions["geomap.limiter"] = limiter


def client_address() -> str:
    """The address the request came from (the socket's peer: the server trusts no
    forwarding header)."""
    return request.remote_addr or "unknown"


def _keys(name: str | None) -> list[str]:
    return [f"address {client_address()}"] + ([f"token {name}"] if name else [])


def check_allowed(what: str, name: str | None) -> None:
    """Refuse the attempt when its address or token name has failed too often.

    Raises:
        TooManyAttempts: 429, with ``Retry-After``.
    """
    limiter: FailureLimiter = current_app.extensions["geomap.limiter"]
    wait = limiter.retry_after(_keys(name))
    if wait is not None:
        LOG.warning("%s refused: too many failures from %s%s; retry after %d s", what,
                    client_address(), f" or with {name}" if name else "", wait)
        raise TooManyAttempts(wait)


def failed(what: str, name: str | None) -> None:
    """Count and log a failed attempt (``name``: the token's name, when one was given)."""
    limiter: FailureLimiter = current_app.extensions["geomap.limiter"]
    count = limiter.failed(_keys(name))
    LOG.warning("%s failed from %s%s (%d of %d allowed in %g s)", what, client_address(),
                f" with {name}" if name else "", count, limiter.limit, limiter.window)
