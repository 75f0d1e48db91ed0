"""Bearer tokens (§1.1) and the OAuth 2 token endpoint (§1.2, §8.1)."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError

ACCESS_TTL = 1800  # seconds (§1.2)
_UNAUTHENTICATED = (
    "Authentication credentials not found. This API supports OAuth 2.0 authentication and you "
    "can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
)


@dataclass(frozen=True)
class Token:
    scopes: frozenset[str]
    kind: str  # "static" or "oauth"
    expires_at: float | None = None
    client_id: str | None = field(default=None)


@dataclass(frozen=True)
class OAuthApp:
    client_secret: str = field(repr=False)
    redirect_uri: str


@dataclass
class _Grant:
    client_id: str
    scopes: frozenset[str]
    used: bool = False


def oauth_error(status: str, message: str) -> ApiError:
    """OAuth errors name their kind in ``status`` (e.g. BAD_AUTH_CODE); mirrored in category."""
    err = ApiError(400, status, message)
    err.extra = {"status": status}
    return err


class TokenStore:
    """Known tokens, OAuth apps, auth codes and refresh tokens. The server serialises access."""

    def __init__(self) -> None:
        self.tokens: dict[str, Token] = {}
        self.apps: dict[str, OAuthApp] = {}
        self._codes: dict[str, _Grant] = {}
        self._refresh: dict[str, _Grant] = {}

    def add(
        self, token: str, scopes: set[str] | frozenset[str], kind: str, expires_at: float | None
    ) -> None:
        if kind not in ("static", "oauth"):
            raise ValueError("kind must be 'static' or 'oauth'")
        self.tokens[token] = Token(frozenset(scopes), kind, expires_at)

    def authenticate(self, header: str | None, now: float) -> tuple[str, Token]:
        scheme, _, value = (header or "").partition(" ")
        token = self.tokens.get(value.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            raise ApiError(401, "INVALID_AUTHENTICATION", _UNAUTHENTICATED)
        if token.expires_at is not None and now >= token.expires_at:
            ago = int(now - token.expires_at)
            raise ApiError(
                401,
                "EXPIRED_AUTHENTICATION",
                f"The OAuth token used to make this call expired {ago} second(s) ago.",
            )
        return value.strip(), token

    def issue_code(self, client_id: str, scopes: set[str]) -> str:
        if client_id not in self.apps:
            raise ValueError("unknown OAuth client id; call add_oauth_app first")
        code = str(uuid.uuid4())
        self._codes[code] = _Grant(client_id, frozenset(scopes))
        return code

    def _mint(self, grant: _Grant, refresh: str, now: float) -> dict[str, Any]:
        # Real access tokens run to ~300 characters; clients must not assume short ones.
        access = "C" + secrets.token_urlsafe(200)[:259]
        self.tokens[access] = Token(grant.scopes, "oauth", now + ACCESS_TTL, grant.client_id)
        return {
            "token_type": "bearer",
            "refresh_token": refresh,
            "access_token": access,
            "expires_in": ACCESS_TTL,
        }

    def exchange(self, form: dict[str, str], now: float) -> dict[str, Any]:
        """The token endpoint: ``authorization_code`` and ``refresh_token`` grants."""
        app = self.apps.get(form.get("client_id", ""))
        if app is None:
            raise oauth_error("BAD_CLIENT_ID", "missing or unknown client_id")
        if not secrets.compare_digest(form.get("client_secret", ""), app.client_secret):
            raise oauth_error("BAD_CLIENT_SECRET", "missing or invalid client_secret")
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            if form.get("redirect_uri") != app.redirect_uri:
                raise oauth_error("BAD_REDIRECT_URI", "redirect_uri does not match the app's")
            grant = self._codes.get(form.get("code", ""))
            if grant is None or grant.used or grant.client_id != form["client_id"]:
                raise oauth_error("BAD_AUTH_CODE", "missing or unknown auth code")
            grant.used = True  # single use
            refresh = f"na1-{uuid.uuid4()}"
            self._refresh[refresh] = _Grant(grant.client_id, grant.scopes)
            return self._mint(grant, refresh, now)
        if grant_type == "refresh_token":
            refresh = form.get("refresh_token", "")
            grant = self._refresh.get(refresh)
            if grant is None or grant.client_id != form["client_id"]:
                raise oauth_error("BAD_REFRESH_TOKEN", "missing or unknown refresh token")
            return self._mint(grant, refresh, now)
        raise oauth_error("BAD_GRANT_TYPE", f"unsupported grant_type {grant_type!r}")

    def describe(self, token: str, now: float, portal_id: int) -> dict[str, Any] | None:
        """What introspection tells about a token (None when unknown or expired)."""
        found = self.tokens.get(token)
        if found is None or (found.expires_at is not None and now >= found.expires_at):
            return None
        info: dict[str, Any] = {
            "token": token,
            "hub_id": portal_id,
            "user": "fake-user@example.com",
            "scopes": sorted(found.scopes),
            "token_type": "access",
            "app_id": found.client_id,
        }
        if found.expires_at is not None:
            info["expires_in"] = int(found.expires_at - now)
        return info

    def introspect(self, form: dict[str, str], now: float, portal_id: int) -> dict[str, Any]:
        app = self.apps.get(form.get("client_id", ""))
        if app is None or not secrets.compare_digest(
            form.get("client_secret", ""), app.client_secret
        ):
            raise oauth_error("BAD_CLIENT_ID", "missing or unknown client credentials")
        token = form.get("token", "")
        if token in self._refresh:
            grant = self._refresh[token]
            return {
                "active": True,
                "token_type": "refresh_token",
                "client_id": grant.client_id,
                "hub_id": portal_id,
                "scope": " ".join(sorted(grant.scopes)),
            }
        info = self.describe(token, now, portal_id)
        if info is None:
            return {"active": False}
        return {
            "active": True,
            "token_type": "access_token",
            "client_id": info["app_id"],
            "hub_id": portal_id,
            "scope": " ".join(info["scopes"]),
            "expires_in": info.get("expires_in"),
        }
