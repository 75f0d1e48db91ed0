"""The fake HubSpot *proxy*: what ``hubspot.fetch`` does between the sidebar card and our backend
(section 8.7 of the reference). It signs each request with v3 (and adds the legacy v2 headers,
which the backend must ignore), sends JSON only, refuses bodies over 1 MB (413), allows 20
requests at once (the 21st: 429), honours a timeout, and retries once after a connection failure
or a 5xx. ``lose_responses`` drops answers after the backend processed the request, as a network
that fails on the way back: the retry then tests the backend's idempotency.

The signing here is written out on its own, not imported from the plugin: a mistake in the
plugin's decode list must not be repeated on both sides of the test.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

MAX_BODY = 1_000_000
MAX_CONCURRENT = 20
# HubSpot's table: the escapes decoded before signing (upper and lower case alike).
DECODED = (
    ("%3A", ":"), ("%2F", "/"), ("%3F", "?"), ("%40", "@"), ("%21", "!"), ("%24", "$"),
    ("%27", "'"), ("%28", "("), ("%29", ")"), ("%2A", "*"), ("%2C", ","), ("%3B", ";"),
)  # fmt: skip


def decode_for_signing(url: str) -> str:
    for escape, char in DECODED:
        url = url.replace(escape, char).replace(escape.lower(), char)
    return url


def sign_v3(method: str, url: str, body: bytes | str, secret: str, ts_ms: int | str) -> str:
    raw = body if isinstance(body, bytes) else body.encode()
    source = method.upper().encode() + decode_for_signing(url).encode() + raw + str(ts_ms).encode()
    return base64.b64encode(hmac.new(secret.encode(), source, hashlib.sha256).digest()).decode()


def sign_v2(method: str, url: str, body: bytes | str, secret: str) -> str:
    raw = body if isinstance(body, bytes) else body.encode()
    return hashlib.sha256(secret.encode() + method.encode() + url.encode() + raw).hexdigest()


def signed_headers(
    method: str, url: str, body: bytes, secret: str, ts_ms: int, *, v3: bool = True
) -> dict[str, str]:
    headers = {
        "X-HubSpot-Signature": sign_v2(method, url, body, secret),
        "X-HubSpot-Signature-Version": "v2",
    }
    if v3:
        headers["X-HubSpot-Signature-v3"] = sign_v3(method, url, body, secret, ts_ms)
        headers["X-HubSpot-Request-Timestamp"] = str(ts_ms)
    return headers


@dataclass
class FetchResult:
    status: int
    data: Any
    attempts: int


class HubSpotFetch:
    """``fetch(url)`` as the card calls ``hubspot.fetch``; ``url`` is the public address HubSpot
    signs, ``route_to`` where the request really goes (a reverse proxy's job)."""

    def __init__(
        self,
        secret: str,
        *,
        route_to: str | None = None,
        forwarded: bool = False,
        timeout: float = 15.0,
        clock_ms: Any = None,
    ) -> None:
        self.secret = secret
        self.route_to = route_to
        self.forwarded = forwarded  # add X-Forwarded-Proto/-Host, as a reverse proxy does
        self.timeout = timeout
        self.clock_ms = clock_ms or (lambda: int(time.time() * 1000))
        self.lose_responses = 0  # answers to drop after the backend acted on the request
        self.calls = 0  # requests that reached the backend
        self._slots = threading.BoundedSemaphore(MAX_CONCURRENT)

    def fetch(
        self,
        url: str,
        *,
        method: str = "GET",
        body: Any = None,
        timeout: float | None = None,
        sign_as: str | None = None,
    ) -> FetchResult:
        """``sign_as``: the spelling of the URL HubSpot signs, when it differs from the one
        sent (the same address, escaped otherwise)."""
        raw = b"" if body is None else json.dumps(body).encode()
        if len(raw) > MAX_BODY:
            return FetchResult(413, {"error": "request body over 1 MB"}, 0)
        if not self._slots.acquire(blocking=False):
            return FetchResult(429, {"error": "too many concurrent requests"}, 0)
        try:
            attempts = 0
            while True:
                attempts += 1
                status, data = self._once(method, url, raw, timeout, sign_as)
                failed = status is None or status >= 500
                if not failed or attempts == 2:
                    return FetchResult(status or 502, data, attempts)
        finally:
            self._slots.release()

    def _once(
        self, method: str, url: str, raw: bytes, timeout: float | None, sign_as: str | None
    ) -> tuple[int | None, Any]:
        headers = signed_headers(method, sign_as or url, raw, self.secret, self.clock_ms())
        if raw:
            headers["Content-Type"] = "application/json"
        target = url
        if self.route_to:
            parts = urlsplit(url)
            target = self.route_to.rstrip("/") + url[len(f"{parts.scheme}://{parts.netloc}") :]
            if self.forwarded:
                headers["X-Forwarded-Proto"] = parts.scheme
                headers["X-Forwarded-Host"] = parts.netloc
        try:
            resp = requests.request(
                method, target, data=raw or None, headers=headers, timeout=timeout or self.timeout
            )
        except requests.RequestException:
            return None, None
        self.calls += 1
        if self.lose_responses > 0:
            self.lose_responses -= 1
            return None, None  # processed, but the answer never came back
        try:
            return resp.status_code, resp.json()
        except ValueError:
            return resp.status_code, resp.text
