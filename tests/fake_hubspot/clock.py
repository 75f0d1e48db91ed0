"""A virtual clock shared by the fake and the client under test."""

from __future__ import annotations

import threading
import time


class VirtualClock:
    """Epoch seconds that only move when told to.

    The client's retry sleeps call :meth:`sleep`, so backoff is asserted without waiting.
    """

    def __init__(self, start: float = 1_790_000_000.0) -> None:
        self._now = float(start)
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a virtual clock cannot go back")
        with self._lock:
            self._now += seconds

    def sleep(self, seconds: float) -> None:
        """Advance by ``seconds`` (negative counts as zero, like ``time.sleep`` callers expect)."""
        self.advance(max(0.0, float(seconds)))

    def __repr__(self) -> str:
        return f"VirtualClock(now={self.now()!r})"


class RealClock:
    """The fake's clock on real time, for benchmarks: its rate limiter must see real seconds."""

    def now(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds))

    def advance(self, seconds: float) -> None:
        self.sleep(seconds)


def iso(ts: float) -> str:
    """HubSpot's timestamp format: UTC, milliseconds, ``Z``."""
    import datetime as dt

    moment = dt.datetime.fromtimestamp(ts, tz=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
