"""When to retry a HubSpot call, how long to wait, and how to pace calls so we rarely need to.

Kept apart from the HTTP code so the rules read as one table: 429 by ``Retry-After`` or policy
(DAILY stops at once), 423 waits >= 2 s, 477 by ``Retry-After``, 5xx and network failures back
off exponentially, other 4xx never retry, and a write that may already have happened is never
retried unless the caller says it is idempotent. Every wait goes through an injected `Clock`.
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any, Literal, Protocol

import requests
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError

from plugin.crm.hubspot.errors import rate_limit_policy


class Clock(Protocol):
    """Wall time and waiting, injectable so tests assert backoff without sleeping."""

    def now(self) -> float:
        """Seconds since the epoch."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait this long (a virtual clock just advances)."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)

    def __repr__(self) -> str:
        return "SystemClock()"


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now)


Action = Literal["retry", "raise", "ambiguous"]

# Statuses that mean "not processed": safe to retry even for a create.
_SAFE_RETRY = frozenset({423, 429, 477, 503, 521, 522, 523})
# Statuses after which a write may have happened: retried only when idempotent.
_MAYBE_PROCESSED = frozenset({500, 502, 504, 524})


@dataclass(frozen=True)
class Decision:
    """What to do after one attempt: ``retry`` after ``wait`` seconds, ``raise`` the error, or
    report an ``ambiguous`` write."""

    action: Action
    wait: float = 0.0
    reason: str = ""


@dataclass(frozen=True)
class RetryPolicy:
    """Retry and backoff settings. Waits are never shorter than nominal: jitter only adds."""

    max_attempts: int = 5
    base_backoff: float = 0.5  # 5xx / network: base * 2**(attempt-1), capped at max_backoff
    max_backoff: float = 8.0
    jitter: float = 0.25  # up to +25 % on every wait, so clients do not retry in step
    ten_secondly_wait: float = 10.0  # 429 TEN_SECONDLY_ROLLING without Retry-After (x attempt)
    secondly_wait: float = 1.0  # 429 SECONDLY / search without Retry-After (x attempt)
    locked_wait: float = 2.0  # 423: HubSpot asks for at least 2 s
    migration_wait: float = 3.0  # 477 without Retry-After
    max_wait: float = 120.0  # a longer requested wait is handed to the caller instead

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")

    def _jittered(self, seconds: float, rng: random.Random) -> float:
        return seconds * (1.0 + rng.uniform(0.0, self.jitter))

    def backoff(self, attempt: int, rng: random.Random) -> float:
        nominal = min(self.max_backoff, self.base_backoff * 2 ** max(0, attempt - 1))
        return self._jittered(nominal, rng)

    def for_response(
        self,
        status: int,
        headers: Mapping[str, str],
        body: Any,
        *,
        idempotent: bool,
        attempt: int,
        is_search: bool,
        now: float,
        rng: random.Random,
    ) -> Decision:
        """The decision for an error response (never called for 2xx or 401)."""
        retry_after = parse_retry_after(headers.get("Retry-After"), now)
        if status == 429:
            policy = rate_limit_policy(body)
            if policy == "DAILY":
                return Decision("raise", reason="429 DAILY")
            if retry_after is not None:
                wait = retry_after
            elif policy == "SECONDLY" or (policy is None and is_search):
                wait = self.secondly_wait * attempt
            else:
                wait = self.ten_secondly_wait * attempt
            return Decision("retry", self._jittered(wait, rng), f"429 {policy or ''}".strip())
        if status == 423:
            wait = max(self.locked_wait, retry_after or 0.0)
            return Decision("retry", self._jittered(wait, rng), "423 locked")
        if status == 477:
            wait = retry_after if retry_after is not None else self.migration_wait
            return Decision("retry", self._jittered(wait, rng), "477 migration")
        if status in _SAFE_RETRY or status in _MAYBE_PROCESSED:
            if status in _MAYBE_PROCESSED and not idempotent:
                return Decision("ambiguous", reason=str(status))
            wait = max(self.backoff(attempt, rng), retry_after or 0.0)
            return Decision("retry", wait, str(status))
        return Decision("raise", reason=str(status))

    def for_exception(
        self, exc: requests.RequestException, *, idempotent: bool, attempt: int, rng: random.Random
    ) -> Decision:
        """The decision for a request that got no response."""
        if isinstance(exc, requests.exceptions.SSLError):
            return Decision("raise", reason="TLS")  # a set-up problem, not a passing one
        if before_send(exc):
            return Decision("retry", self.backoff(attempt, rng), type(exc).__name__)
        if isinstance(
            exc,
            requests.ConnectionError | requests.Timeout | requests.exceptions.ChunkedEncodingError,
        ):
            if not idempotent:
                return Decision("ambiguous", reason=type(exc).__name__)
            return Decision("retry", self.backoff(attempt, rng), type(exc).__name__)
        return Decision("raise", reason=type(exc).__name__)


def before_send(exc: BaseException) -> bool:
    """True when the request certainly never reached HubSpot: connection refused, DNS failure
    or a connect timeout. Anything later (read timeout, reset, broken response) is ambiguous."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    if not isinstance(exc, requests.ConnectionError):
        return False
    seen: set[int] = set()
    todo: list[Any] = [exc]
    while todo:
        cur = todo.pop()
        if cur is None or id(cur) in seen:
            continue
        seen.add(id(cur))
        if isinstance(cur, NewConnectionError | ConnectTimeoutError | ConnectionRefusedError):
            return True
        if isinstance(cur, MaxRetryError):
            todo.append(cur.reason)
        if isinstance(cur, BaseException):
            todo.extend(a for a in cur.args if isinstance(a, BaseException))
            todo.extend((cur.__cause__, cur.__context__))
    return False


class BurstPacer:
    """Proactive pacing from ``X-HubSpot-RateLimit-Max/-Remaining/-Interval-Milliseconds``.

    When a response says only ``reserve`` calls are left in the window, the next call waits
    until enough of our own recent calls have left the window (or a whole window when the
    usage is not ours), so a long run rarely meets a 429 at all.
    """

    def __init__(self, reserve_fraction: float = 0.05, margin: float = 0.1) -> None:
        self.reserve_fraction = reserve_fraction
        self.margin = margin
        self._lock = threading.Lock()
        self._sends: deque[float] = deque()
        self._max: int | None = None
        self._remaining: int | None = None
        self._interval = 10.0

    def record(self, sent_at: float) -> None:
        with self._lock:
            self._sends.append(sent_at)

    def observe(self, headers: Mapping[str, str]) -> None:
        max_ = _int(headers.get("X-HubSpot-RateLimit-Max"))
        remaining = _int(headers.get("X-HubSpot-RateLimit-Remaining"))
        interval_ms = _int(headers.get("X-HubSpot-RateLimit-Interval-Milliseconds"))
        with self._lock:
            if max_ is not None:
                self._max = max_
            if remaining is not None:
                self._remaining = remaining
            if interval_ms:
                self._interval = interval_ms / 1000.0

    def wait_before_send(self, now: float) -> float:
        """Seconds to wait before the next call (0 when the window has room)."""
        with self._lock:
            while self._sends and self._sends[0] <= now - self._interval:
                self._sends.popleft()
            if self._remaining is None or self._max is None:
                return 0.0
            reserve = max(1, int(self._max * self.reserve_fraction))
            if self._remaining > reserve:
                return 0.0
            need = reserve - self._remaining + 1
            if len(self._sends) >= need:
                wait = self._sends[need - 1] + self._interval + self.margin - now
                self._remaining += need
            else:
                wait = self._interval + self.margin
                self._remaining = self._max
            return max(0.0, wait)


class SearchPacer:
    """Client-side limit for search: at most ``per_second`` calls in any rolling second (HubSpot
    allows 5 per second per account, and search answers carry no rate-limit headers)."""

    def __init__(self, per_second: int = 5, window: float = 1.0, margin: float = 0.02) -> None:
        if per_second < 1:
            raise ValueError("per_second must be at least 1")
        self.per_second = per_second
        self.window = window
        self.margin = margin
        self._lock = threading.Lock()
        self._slots: deque[float] = deque()

    def acquire(self, now: float) -> float:
        """Reserve a slot; returns how long to wait before sending."""
        with self._lock:
            while self._slots and self._slots[0] <= now - self.window - self.margin:
                self._slots.popleft()
            wait = 0.0
            if len(self._slots) >= self.per_second:
                wait = max(0.0, self._slots[-self.per_second] + self.window + self.margin - now)
            self._slots.append(now + wait)
            return wait


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
