"""Who is asking: the review page of a team store asks everyone to sign in.

Sign-in is needed whenever the store is shared (a database server) or has users; a single
person's store with no users stays open exactly as before (localhost, or the access token).
The session cookie holds a random id (HttpOnly, SameSite=Lax, Secure over HTTPS); the store
keeps only its SHA-256, so signing out, ``user remove`` or an expiry ends it at once, on every
server of the team.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from ..store import UserRecord
from ..users.credentials import new_token, token_hash
from .security import SAFE_METHODS, _cookies, _redirect, _refuse
from .stores import StoreProvider

SESSION_COOKIE = "cf_session"
SESSION_DAYS = 30
SIGNIN_PATH = "/signin"
# Reached without a session: the sign-in pages themselves, and what they are drawn with.
OPEN_PREFIXES = (SIGNIN_PATH, "/static/", "/favicon.ico")


def current_user(request: Request) -> UserRecord | None:
    """The signed-in user; None on a single user's page (no sign-in there)."""
    user: UserRecord | None = request.scope.get("state", {}).get("user")
    return user


def sign_in_required(stores: StoreProvider) -> bool:
    store = stores.get()
    return store.shared or store.users.any()


def open_session(stores: StoreProvider, user: UserRecord, secure: bool) -> str:
    """A new session for ``user``; returns its Set-Cookie header value."""
    session = new_token()
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=SESSION_DAYS)
    stores.get().users.open_session(user.id, token_hash(session), expires)
    return _session_cookie(session, SESSION_DAYS * 86400, secure)


def close_session(stores: StoreProvider, request: Request) -> str:
    """End this browser's session; returns the Set-Cookie header value that forgets it."""
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        stores.get().users.close_session(token_hash(session))
    return _session_cookie("", 0, is_https(request.scope))


def is_https(scope: Scope) -> bool:
    return scope.get("scheme") == "https"


def _session_cookie(value: str, max_age: int, secure: bool) -> str:
    # Lax, not Strict: a sign-in link opened from a mail keeps the session it is about to make.
    flags = "; Secure" if secure else ""
    return f"{SESSION_COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{flags}"


class SignInMiddleware:
    """Runs after the security middleware (Host, access token, CSRF): puts the signed-in user
    on the request, or sends a visitor without a session to the sign-in page."""

    def __init__(self, app: ASGIApp, *, stores: StoreProvider, exempt: str | None = None) -> None:
        self.app = app
        self.stores = stores
        self.exempt = exempt  # a path prefix with its own authentication (the CRM sidebar)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or (self.exempt and path.startswith(self.exempt)):
            await self.app(scope, receive, send)
            return
        if not sign_in_required(self.stores):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        session = _cookies(headers.get("cookie", "")).get(SESSION_COOKIE)
        user = None
        if session:
            user = self.stores.get().users.session_user(
                token_hash(session), dt.datetime.now(dt.UTC)
            )
        scope.setdefault("state", {})["user"] = user
        if user is not None or path == SIGNIN_PATH or path.startswith(OPEN_PREFIXES):
            await self.app(scope, receive, send)
            return
        if scope["method"].upper() in SAFE_METHODS and not path.startswith("/api/"):
            query = scope.get("query_string", b"").decode("latin-1")
            back = path + (f"?{query}" if query else "")
            await _redirect(send, f"{SIGNIN_PATH}?next={quote(back, safe='')}", [])
            return
        await _refuse(send, 401, "Sign in first: open your sign-in link, or the sign-in page.")
