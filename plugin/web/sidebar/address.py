"""The address a request was made to, as its caller saw it: what HubSpot signed.

Behind a reverse proxy the server sees its own address, not the public one, so the public base
comes from ``serve.public_url`` (CARDFOLLOW_PUBLIC_URL), or from X-Forwarded-Proto and
X-Forwarded-Host when the proxy is trusted to set them (``serve.trust_forwarded``): an untrusted
client could otherwise pick the host its signature is checked against.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.types import Scope


def public_base(scope: Scope, public_url: str | None, trust_forwarded: bool) -> str:
    """scheme://host[:port][/prefix] of this server as its callers reach it."""
    if public_url:
        return public_url.rstrip("/")
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    if trust_forwarded and headers.get("x-forwarded-host"):
        proto = _first(headers.get("x-forwarded-proto")) or scope.get("scheme", "http")
        return f"{proto.lower()}://{_first(headers['x-forwarded-host'])}"
    host = headers.get("host")
    if not host:
        server = scope.get("server") or ("localhost", None)
        host = f"{server[0]}:{server[1]}" if server[1] else str(server[0])
    return f"{scope.get('scheme', 'http')}://{host}"


def request_uri(scope: Scope, public_url: str | None, trust_forwarded: bool) -> str:
    """The full URL called, path and query exactly as sent (still percent-encoded)."""
    raw = scope.get("raw_path")
    path = raw.decode("latin-1") if raw else quote(scope.get("path", "/"))
    query = scope.get("query_string", b"").decode("latin-1")
    return public_base(scope, public_url, trust_forwarded) + path + (f"?{query}" if query else "")


def _first(value: str | None) -> str:
    # "a, b": the first proxy's view is the client's own.
    return (value or "").split(",")[0].strip()
