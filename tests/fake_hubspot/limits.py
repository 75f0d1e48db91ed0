"""Rate limits (§4.2, §8.6) on the virtual clock, and injectable transient faults."""

from __future__ import annotations

import math
import re
from collections import deque
from dataclasses import dataclass
from email.utils import formatdate

from .errors import ApiError
from .settings import Settings

FAULTS: set[int | str] = {423, 429, 477, 500, 502, 503, 504, "daily", "reset", "slow"}
_MESSAGES = {
    423: ("LOCKED", "Too many simultaneous writes to the same record; try again in 2 seconds"),
    477: ("MIGRATION_IN_PROGRESS", "This account is being migrated; try again later"),
    500: ("INTERNAL_ERROR", "Internal error"),
    502: ("BAD_GATEWAY", "Bad gateway: the request took too long to process"),
    503: ("SERVICE_UNAVAILABLE", "Service unavailable"),
    504: ("GATEWAY_TIMEOUT", "Gateway timeout: the request took too long to process"),
}


def retry_after(policy: str | None, seconds: float, now: float) -> dict[str, str]:
    """A Retry-After header per ``policy``: absent, delta seconds, HTTP-date, or a literal."""
    wait = max(1, math.ceil(seconds - 1e-9))
    if policy is None:
        return {}
    if policy == "seconds":
        return {"Retry-After": str(wait)}
    if policy == "date":
        return {"Retry-After": formatdate(now + wait, usegmt=True)}
    return {"Retry-After": policy}


def rate_limited(policy_name: str, message: str, headers: dict[str, str]) -> ApiError:
    return ApiError(
        429,
        "RATE_LIMITS",
        message,
        extra={"errorType": "RATE_LIMIT", "policyName": policy_name},
        headers=headers,
    )


def burst_error(wait: float, now: float, policy: str | None) -> ApiError:
    return rate_limited(
        "TEN_SECONDLY_ROLLING",
        "You have reached your ten_secondly_rolling limit.",
        retry_after(policy, wait, now),
    )


def daily_error(now: float, policy: str | None) -> ApiError:
    to_midnight = 86_400 - now % 86_400
    return rate_limited(
        "DAILY", "You have reached your daily limit.", retry_after(policy, to_midnight, now)
    )


class RateLimiter:
    """Burst window per token, one daily count per account (static tokens), search per second."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._burst: dict[str, deque[float]] = {}
        self._search: deque[float] = deque()
        self._daily_day = -1
        self._daily_used = 0

    def _daily(self, now: float) -> None:
        day = int(now // 86_400)  # the daily count resets at midnight (UTC here)
        if day != self._daily_day:
            self._daily_day, self._daily_used = day, 0

    def check(self, token: str, static: bool, search: bool, now: float) -> dict[str, str]:
        """Count one request; return its rate-limit headers or raise the 429."""
        s = self.settings
        self._daily(now)
        if static and s.daily_max is not None and self._daily_used >= s.daily_max:
            raise daily_error(now, s.retry_after)
        if search:
            while self._search and self._search[0] <= now - 1.0:
                self._search.popleft()
            if len(self._search) >= s.search_per_second:
                wait = self._search[0] + 1.0 - now
                raise rate_limited(
                    "SECONDLY",
                    "You have reached your secondly limit.",
                    retry_after(s.retry_after, wait, now),
                )
            self._search.append(now)
            self._daily_used += static
            return {}  # search responses carry no X-HubSpot-RateLimit-* headers
        window = self._burst.setdefault(token, deque())
        while window and window[0] <= now - s.burst_window:
            window.popleft()
        headers = {
            "X-HubSpot-RateLimit-Max": str(s.burst_max),
            "X-HubSpot-RateLimit-Interval-Milliseconds": str(int(s.burst_window * 1000)),
        }
        if static and s.daily_max is not None:
            headers["X-HubSpot-RateLimit-Daily"] = str(s.daily_max)
        if len(window) >= s.burst_max:
            headers["X-HubSpot-RateLimit-Remaining"] = "0"
            if static and s.daily_max is not None:
                headers["X-HubSpot-RateLimit-Daily-Remaining"] = str(s.daily_max - self._daily_used)
            err = burst_error(window[0] + s.burst_window - now, now, s.retry_after)
            err.headers = headers | err.headers
            raise err
        window.append(now)
        self._daily_used += static
        headers["X-HubSpot-RateLimit-Remaining"] = str(s.burst_max - len(window))
        if static and s.daily_max is not None:
            headers["X-HubSpot-RateLimit-Daily-Remaining"] = str(s.daily_max - self._daily_used)
        return headers


@dataclass
class Fault:
    method: str | None  # None or "*": any method
    pattern: re.Pattern[str]
    kind: int | str
    remaining: int
    retry_after: str | None
    delay: float
    after: bool

    def error(self, settings: Settings, now: float) -> ApiError:
        """The response this fault sends (not for "reset" and "slow")."""
        if self.kind == 429:
            policy = self.retry_after if self.retry_after is not None else settings.retry_after
            return burst_error(settings.burst_window, now, policy)
        if self.kind == "daily":
            policy = self.retry_after if self.retry_after is not None else settings.retry_after
            return daily_error(now, policy)
        assert isinstance(self.kind, int)
        category, message = _MESSAGES[self.kind]
        policy = (
            self.retry_after
            if self.retry_after is not None
            else ("3" if self.kind == 477 else None)
        )
        return ApiError(self.kind, category, message, headers=retry_after(policy, 3, now))


class Faults:
    """Rules matched in the order added; each fires ``count`` times, then is spent."""

    def __init__(self) -> None:
        self.rules: list[Fault] = []

    def add(self, fault: Fault) -> None:
        if fault.kind not in FAULTS:
            raise ValueError(f"unknown fault {fault.kind!r}; use one of {sorted(map(str, FAULTS))}")
        self.rules.append(fault)

    def take(self, method: str, path: str) -> Fault | None:
        for rule in self.rules:
            if rule.remaining <= 0:
                continue
            if rule.method not in (None, "*", method.upper()):
                continue
            if rule.pattern.search(path):
                rule.remaining -= 1
                return rule
        return None
