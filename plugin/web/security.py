"""Everything every request goes through, before any page code runs: the Host check (DNS
rebinding), the access token, CSRF, and the security headers on every response.

A pure ASGI middleware, so that no route can forget a check: a state-changing request (any method
but GET, HEAD, OPTIONS) without a matching CSRF token never reaches the app.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import secrets
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .asgi_body import read_body, replay

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
CSRF_COOKIE = "cf_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
ACCESS_COOKIE = "cf_access"
TOKEN_PARAM = "token"
MAX_FORM_BYTES = 1_000_000  # a card's fields and draft are a few KB

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


def is_local(host: str) -> bool:
    """Whether an address to listen on is this machine only."""
    return host.strip("[]").lower() in LOCAL_HOSTS


def host_name(header: str) -> str:
    """The host part of a Host header: "[::1]:8155" -> "::1", "localhost:80" -> "localhost"."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def access_cookie_value(token: str) -> str:
    """What the access cookie holds: derived from the token, so the token itself is never sent
    again after the first visit."""
    return hmac.new(token.encode(), b"cardfollow review page", hashlib.sha256).hexdigest()


def same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and hmac.compare_digest(a.encode(), b.encode())


class SecurityMiddleware:
    def __init__(
        self, app: ASGIApp, *, token: str | None, check_host: bool, exempt: str | None = None
    ) -> None:
        """``token``: the access token every request must carry (None: none needed);
        ``check_host``: served on localhost, so the Host header must name this machine;
        ``exempt``: a path prefix with its own authentication, passed straight through."""
        self.app = app
        self.exempt = exempt
        self.token = token
        self.cookie_value = access_cookie_value(token) if token else None
        self.check_host = check_host

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (
            self.exempt and scope.get("path", "").startswith(self.exempt)
        ):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        method = scope["method"].upper()
        cookies = _cookies(headers.get("cookie", ""))
        set_cookies: list[str] = []

        if self.check_host and host_name(headers.get("host", "")) not in LOCAL_HOSTS:
            # Another name resolving to 127.0.0.1 (DNS rebinding) must not reach the page.
            await _refuse(send, 400, "This page answers only as localhost or 127.0.0.1.")
            return

        if self.token is not None:
            query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), True)
            given = next((v for k, v in query if k == TOKEN_PARAM), None)
            if given is not None and method in ("GET", "HEAD") and same(given, self.token):
                # Once: the token becomes a cookie and leaves the address bar (and history).
                rest = urlencode([(k, v) for k, v in query if k != TOKEN_PARAM])
                path = scope.get("raw_path") or scope.get("path", "/").encode()
                location = path.decode("latin-1") + (f"?{rest}" if rest else "")
                cookie = _cookie(ACCESS_COOKIE, self.cookie_value or "")
                await _redirect(send, location, [cookie])
                return
            if not same(cookies.get(ACCESS_COOKIE), self.cookie_value):
                await _refuse(
                    send,
                    401,
                    "This review page needs its access token: open the address "
                    "`cardfollow serve` printed (it ends in ?token=...).",
                )
                return

        csrf = cookies.get(CSRF_COOKIE)
        if csrf is None or len(csrf) < 32 or not csrf.replace("-", "").replace("_", "").isalnum():
            if method not in SAFE_METHODS:
                await _refuse(send, 403, "Missing CSRF cookie: reload the page and try again.")
                return
            csrf = secrets.token_urlsafe(32)
            set_cookies.append(_cookie(CSRF_COOKIE, csrf))
        scope.setdefault("state", {})["csrf_token"] = csrf

        if method not in SAFE_METHODS:
            problem = _cross_site(headers)
            if problem:
                await _refuse(send, 403, problem)
                return
            submitted = headers.get(CSRF_HEADER)
            if submitted is None:
                ctype = headers.get("content-type", "").split(";")[0].strip().lower()
                if ctype != "application/x-www-form-urlencoded":
                    await _refuse(send, 403, "Missing CSRF token.")
                    return
                body = await read_body(receive, MAX_FORM_BYTES)
                if body is None:
                    await _refuse(send, 413, "Request too large.")
                    return
                fields = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
                submitted = next((v for k, v in fields if k == CSRF_FIELD), None)
                receive = replay(body, receive)
            if not same(submitted, csrf):
                await _refuse(send, 403, "CSRF token missing or wrong: reload the page.")
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                names = {k.lower() for k, _ in out}
                out += [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                if b"cache-control" not in names:
                    out.append((b"cache-control", b"no-store"))
                out += [(b"set-cookie", c.encode("latin-1")) for c in set_cookies]
                message = {**message, "headers": out}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _cross_site(headers: dict[str, str]) -> str:
    """A second line behind the CSRF token: browsers say where a request came from. With
    "Referrer-Policy: no-referrer" a same-origin form is sent with "Origin: null", so a null
    origin passes only when Sec-Fetch-Site vouches for it."""
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return f"Refused a {site} request."
    origin = headers.get("origin")
    if origin == "null":
        return "" if site == "same-origin" else "Refused a request from an unknown origin."
    if origin is not None:
        _, _, authority = origin.partition("://")
        if authority.lower() != headers.get("host", "").lower():
            return "Refused a request from another origin."
    return ""


def _cookies(header: str) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return {}
    return {k: m.value for k, m in jar.items()}


def _cookie(name: str, value: str) -> str:
    return f"{name}={value}; Path=/; HttpOnly; SameSite=Strict"


def _base_headers(extra: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    return [*SECURITY_HEADERS, (b"cache-control", b"no-store"), *extra]


async def _refuse(send: Send, status: int, text: str) -> None:
    body = (
        f'<!doctype html><meta charset="utf-8"><title>cardfollow</title><p>{html.escape(text)}</p>'
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": _base_headers(
                [
                    (b"content-type", b"text/html; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ]
            ),
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _redirect(send: Send, location: str, cookies: list[str]) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": _base_headers(
                [
                    (b"location", location.encode("latin-1", "replace")),
                    (b"content-length", b"0"),
                    *[(b"set-cookie", c.encode("latin-1")) for c in cookies],
                ]
            ),
        }
    )
    await send({"type": "http.response.body", "body": b""})
