"""How cardfollow talks to HubSpot at all: one door for every request, with HubSpot-aware
retries, proactive rate-limit pacing, auth (and OAuth refresh), and errors mapped to our own
small exception set. ``client.py`` builds the endpoints on it.

Retries are a small loop rather than `tenacity`: each decision needs the response itself
(``Retry-After``, ``policyName``, whether the write may have happened) and a 401 may refresh an
OAuth token and try once more; as tenacity hooks that was more code than the loop. Every wait
goes through the injected `Clock`; nothing sleeps on its own.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Mapping
from typing import Any, Self
from urllib.parse import unquote

import requests

from plugin.crm.hubspot.auth import AuthProvider
from plugin.crm.hubspot.errors import AmbiguousWrite, HubSpotError, TransientError, error_for
from plugin.crm.hubspot.paths import HubSpotPaths
from plugin.crm.hubspot.retry import (
    BurstPacer,
    Clock,
    Decision,
    RetryPolicy,
    SearchPacer,
    SystemClock,
)

log = logging.getLogger("plugin.crm.hubspot.client")  # one logger name for the whole client
JSON = dict[str, Any]


class HubSpotTransport:
    """HubSpot over HTTP. ``request`` is the one door; the typed helpers below use it.

    ``idempotent`` on every request says whether sending it twice is harmless; a write that is
    not and fails after it may have been processed raises `AmbiguousWrite` instead of being
    retried. ``calls`` counts HTTP requests sent (retries included), for the benchmark.
    """

    def __init__(
        self,
        base_url: str,
        api_version: str = "v3",
        *,
        auth: AuthProvider,
        timeout: float = 30.0,
        clock: Clock | None = None,
        max_attempts: int = 5,
        session: requests.Session | None = None,
        rng: random.Random | None = None,
        files_version: str | None = None,
        oauth_version: str | None = None,
        associations_version: str = "v4",
        retry: RetryPolicy | None = None,
        pacing: bool = True,
        search_per_second: int = 5,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.paths = HubSpotPaths(api_version, files_version, oauth_version, associations_version)
        self.auth = auth
        self.timeout = timeout
        self.clock: Clock = clock or SystemClock()
        self.retry = retry or RetryPolicy(max_attempts=max_attempts)
        self.pacing = pacing
        self._session = session or requests.Session()
        self._rng = rng or random.Random()
        self._burst = BurstPacer()
        self._search = SearchPacer(per_second=search_per_second)
        self._lock = threading.Lock()
        self.calls = 0
        self.retries = 0
        self.waited = 0.0  # seconds spent in backoff and pacing waits

    @property
    def api_version(self) -> str:
        return self.paths.api_version

    def token_url(self) -> str:
        """The OAuth token endpoint for this client's base URL and OAuth version."""
        return self.base_url + self.paths.oauth_token()

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, api_version={self.api_version!r}, "
            f"auth={self.auth!r})"
        )

    # -- The one door -----------------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        idempotent: bool,
    ) -> requests.Response:
        """Send one call with retries; returns the 2xx response or raises a `HubSpotError`."""
        method = method.upper()
        shown = _safe_path(path)
        is_search = method == "POST" and path.rstrip("/").endswith("/search")
        attempt = 0
        refreshed = False
        while True:
            attempt += 1
            self._pace(is_search, method, shown)
            try:
                auth_headers = self.auth.headers()
            except TransientError as exc:  # the token endpoint is down; nothing was sent
                self._retry_or_raise(
                    Decision("retry", self.retry.backoff(attempt, self._rng), "OAuth refresh"),
                    exc,
                    attempt,
                    method,
                    shown,
                )
                continue
            secrets = tuple(v.split(" ", 1)[-1] for v in auth_headers.values())
            with self._lock:
                self.calls += 1
            if not is_search:
                self._burst.record(self.clock.now())
            try:
                resp = self._session.request(
                    method,
                    self.base_url + path,
                    json=json,
                    params=params,
                    files=files,
                    data=data,
                    headers={"Accept": "application/json", **auth_headers},
                    timeout=self.timeout,
                )
            except requests.RequestException as exc:
                decision = self.retry.for_exception(
                    exc, idempotent=idempotent, attempt=attempt, rng=self._rng
                )
                name = type(exc).__name__
                if decision.action == "ambiguous":
                    log.warning(
                        "HubSpot %s %s: %s after sending; not retried (attempt %d)",
                        method,
                        shown,
                        name,
                        attempt,
                    )
                    raise AmbiguousWrite(
                        None,
                        "NETWORK",
                        f"{name} after the request was sent; the write may have happened",
                        method=method,
                        path=shown,
                    ) from None
                err = TransientError(
                    None, "NETWORK", f"{name}: no response from HubSpot", method=method, path=shown
                )
                self._retry_or_raise(decision, err, attempt, method, shown)
                continue
            if not is_search:
                self._burst.observe(resp.headers)
            status = resp.status_code
            if status < 300:
                log.debug("HubSpot %s %s -> %d (attempt %d)", method, shown, status, attempt)
                return resp
            body = response_body(resp)
            category = body.get("category") if isinstance(body, dict) else None
            if status == 401 and category == "EXPIRED_AUTHENTICATION" and not refreshed:
                log.info("HubSpot %s %s -> 401 expired token; refreshing", method, shown)
                if self.auth.refresh():
                    refreshed = True
                    attempt -= 1  # the retry after a refresh is free
                    continue
            decision = self.retry.for_response(
                status,
                resp.headers,
                body,
                idempotent=idempotent,
                attempt=attempt,
                is_search=is_search,
                now=self.clock.now(),
                rng=self._rng,
            )
            err = error_for(status, body, method=method, path=shown, scrub=secrets)
            if decision.action == "ambiguous":
                log.warning(
                    "HubSpot %s %s -> %d; the write may have happened; not retried",
                    method,
                    shown,
                    status,
                )
                raise AmbiguousWrite(
                    status,
                    err.category,
                    f"{err.message} (HTTP {status}: the write may have happened)",
                    err.correlation_id,
                    err.context,
                    method=method,
                    path=shown,
                )
            self._retry_or_raise(decision, err, attempt, method, shown)

    def _retry_or_raise(
        self, decision: Decision, err: HubSpotError, attempt: int, method: str, shown: str
    ) -> None:
        """Sleep and return when the call should be tried again; raise ``err`` otherwise."""
        status = err.status if err.status is not None else "network"
        if decision.action != "retry":
            log.debug("HubSpot %s %s -> %s (attempt %d)", method, shown, status, attempt)
            raise err
        if decision.wait > self.retry.max_wait:
            log.warning(
                "HubSpot %s %s -> %s asks for %.0f s; handing back to the caller",
                method,
                shown,
                status,
                decision.wait,
            )
            err.retry_after = decision.wait
            raise err
        if attempt >= self.retry.max_attempts:
            log.warning(
                "HubSpot %s %s -> %s after %d attempts; giving up", method, shown, status, attempt
            )
            raise err
        log.info(
            "HubSpot %s %s -> %s (%s); retry in %.2f s (attempt %d/%d)",
            method,
            shown,
            status,
            decision.reason,
            decision.wait,
            attempt,
            self.retry.max_attempts,
        )
        with self._lock:
            self.retries += 1
        self._sleep(decision.wait)

    def _pace(self, is_search: bool, method: str, shown: str) -> None:
        if not self.pacing:
            return
        now = self.clock.now()
        wait = self._search.acquire(now) if is_search else self._burst.wait_before_send(now)
        if wait > 0:
            log.debug("HubSpot %s %s: pacing, wait %.2f s", method, shown, wait)
            self._sleep(wait)

    def _sleep(self, seconds: float) -> None:
        with self._lock:
            self.waited += seconds
        self.clock.sleep(seconds)

    # -- CRM objects ------------------------------------------------------------------------


def response_body(resp: requests.Response) -> Any:
    try:
        return resp.json()
    except ValueError:
        return resp.text[:500] if resp.text else None


def response_dict(resp: requests.Response) -> JSON:
    body = response_body(resp)
    return body if isinstance(body, dict) else {}


def _safe_path(path: str) -> str:
    """The path for logs and error messages: no query, and email ids masked (personal data)."""
    parts = path.split("?", 1)[0].split("/")
    return "/".join("{email}" if "@" in unquote(p) else p for p in parts)
