"""Who we are to HubSpot: a static bearer token, or OAuth tokens that refresh themselves.

Neither provider ever shows a secret in ``repr``/``str`` or a log line.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

import requests

from plugin.crm.hubspot.errors import AuthenticationError, TransientError
from plugin.crm.hubspot.retry import Clock, SystemClock

log = logging.getLogger(__name__)

# HubSpot: refresh with expires_in rather than waiting for a 401; we refresh 5 minutes early.
REFRESH_MARGIN_SECONDS = 300.0


class AuthProvider(Protocol):
    """Supplies the Authorization header for each request."""

    def headers(self) -> dict[str, str]:
        """Headers to send now (may refresh an OAuth access token first)."""
        ...

    def refresh(self) -> bool:
        """Get a new access token after HubSpot said ours expired; False if this provider
        cannot refresh (a static token)."""
        ...


class StaticToken:
    """A service key, private-app token or static-auth project app token (``pat-…``)."""

    def __init__(self, token: str) -> None:
        if not token or not token.strip():
            raise ValueError(
                "empty HubSpot token: set CARDFOLLOW_HUBSPOT_TOKEN or keep it in the keyring"
            )
        self._token = token.strip()

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"}

    def refresh(self) -> bool:
        return False

    def secrets(self) -> tuple[str, ...]:
        return (self._token,)

    def __repr__(self) -> str:
        return "StaticToken(token=***)"


RotateCallback = Callable[[str, str, float], None]


class OAuthTokens:
    """OAuth 2 tokens for one installed account, refreshed when less than 5 minutes remain
    and once more when HubSpot answers 401 EXPIRED_AUTHENTICATION.

    ``token_url`` is the full URL of ``/oauth/v3/token`` (or ``/oauth/2026-03/token``);
    parameters go form-encoded in the body, never in the query. ``on_rotate(access, refresh,
    expires_at)`` is called after every refresh so the caller can keep the (possibly new)
    refresh token, e.g. in the OS keyring.
    """

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        refresh_token: str,
        clock: Clock | None = None,
        access_token: str | None = None,
        expires_at: float | None = None,
        on_rotate: RotateCallback | None = None,
        *,
        session: requests.Session | None = None,
        timeout: float = 30.0,
    ) -> None:
        if not (client_id and client_secret and refresh_token):
            raise ValueError(
                "HubSpot OAuth needs client_id, client_secret and refresh_token: "
                "set CARDFOLLOW_HUBSPOT_CLIENT_ID, "
                "CARDFOLLOW_HUBSPOT_CLIENT_SECRET and CARDFOLLOW_HUBSPOT_REFRESH_TOKEN"
            )
        self.token_url = token_url
        self.client_id = client_id
        self._client_secret = client_secret
        self._refresh_token = refresh_token
        self._access_token = access_token
        self.expires_at = expires_at
        self.clock: Clock = clock or SystemClock()
        self.on_rotate = on_rotate
        self.timeout = timeout
        self._session = session or requests.Session()
        self._lock = threading.Lock()
        self.refreshes = 0  # token-endpoint calls made, for the benchmark's call count

    def headers(self) -> dict[str, str]:
        with self._lock:
            if self._needs_refresh():
                self._refresh_locked()
            return {"Authorization": f"Bearer {self._access_token}"}

    def refresh(self) -> bool:
        with self._lock:
            self._refresh_locked()
        return True

    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self._access_token, self._refresh_token, self._client_secret) if s)

    def _needs_refresh(self) -> bool:
        if not self._access_token or self.expires_at is None:
            return True
        return self.expires_at - self.clock.now() < REFRESH_MARGIN_SECONDS

    def _refresh_locked(self) -> None:
        # Refresh tokens may be single use, hence the lock: two threads refreshing at once
        # would leave one of them holding a revoked token.
        form = {
            "grant_type": "refresh_token",
            "client_id": self.client_id,
            "client_secret": self._client_secret,
            "refresh_token": self._refresh_token,
        }
        self.refreshes += 1
        try:
            resp = self._session.post(
                self.token_url,
                data=form,
                headers={"Accept": "application/json"},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise TransientError(
                None, "NETWORK", f"cannot reach the OAuth token endpoint ({type(exc).__name__})"
            ) from None
        body = _json(resp)
        if resp.status_code >= 500 or resp.status_code == 429:
            raise TransientError(
                resp.status_code,
                body.get("category") or body.get("status"),
                "the OAuth token endpoint is unavailable; try again later",
                body.get("correlationId"),
            )
        if resp.status_code != 200 or not body.get("access_token"):
            category = body.get("category") or body.get("status") or body.get("error")
            raise AuthenticationError(
                resp.status_code,
                category,
                f"HubSpot refused the OAuth refresh ({category or resp.status_code}): "
                "install the app again and set the new CARDFOLLOW_HUBSPOT_REFRESH_TOKEN",
                body.get("correlationId"),
            )
        self._access_token = str(body["access_token"])
        self._refresh_token = str(body.get("refresh_token") or self._refresh_token)
        self.expires_at = self.clock.now() + float(body.get("expires_in") or 1800)
        log.info("HubSpot OAuth access token refreshed; valid until %.0f", self.expires_at)
        if self.on_rotate is not None:
            self.on_rotate(self._access_token, self._refresh_token, self.expires_at)

    def __repr__(self) -> str:
        return f"OAuthTokens(client_id={self.client_id!r}, expires_at={self.expires_at!r})"


def _json(resp: requests.Response) -> dict[str, Any]:
    try:
        data = resp.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
