"""Only requests HubSpot signed get through: a pure ASGI middleware, so no endpoint can forget.

It reads the raw body (HubSpot caps it at 1 MB), checks the v3 signature over the public URL,
then checks the signed portal against ``hubspot.portal_id`` when that is set, and hands the body
on unchanged.
"""

from __future__ import annotations

import json
import logging
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from starlette.middleware import Middleware
from starlette.types import ASGIApp, Receive, Scope, Send

from ..asgi_body import read_body, replay
from .address import request_uri
from .signature import SignatureError, verify_v3

if TYPE_CHECKING:
    from .routes import Sidebar

log = logging.getLogger(__name__)
MAX_BODY = 1_000_000  # hubspot.fetch's own limit


class SignedOnly:
    def __init__(self, app: ASGIApp, sidebar: Sidebar) -> None:
        self.app = app
        self.sidebar = sidebar

    @classmethod
    def using(cls, sidebar: Sidebar) -> Middleware:
        return Middleware(cls, sidebar=sidebar)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sidebar = self.sidebar
        if not sidebar.secret:
            await _json(
                send,
                503,
                "the HubSpot sidebar is not set up: set "
                "CARDFOLLOW_HUBSPOT_CLIENT_SECRET to the app's client secret",
            )
            return
        body = await read_body(receive, MAX_BODY)
        if body is None:
            await _json(send, 413, "request body over 1 MB")
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        serve = sidebar.serve
        uri = request_uri(scope, serve.public_url, bool(serve.trust_forwarded))
        try:
            verify_v3(
                method=scope["method"],
                uri=uri,
                body=body,
                timestamp=headers.get("x-hubspot-request-timestamp"),
                signature=headers.get("x-hubspot-signature-v3"),
                secret=sidebar.secret,
                now_ms=int(time.time() * 1000),
            )
        except SignatureError as exc:
            # The path holds only a contact id; the query may hold more, so it stays out.
            log.warning("refused %s %s: %s", scope["method"], uri.split("?")[0], exc)
            await _json(send, 401, f"not a valid HubSpot request signature: {exc}")
            return
        portal = identity(scope.get("query_string", b""), body).get("portalId")
        if sidebar.portal_id and portal != sidebar.portal_id:
            await _json(send, 403, "this cardfollow serves another HubSpot account")
            return
        await self.app(scope, replay(body, receive), send)


async def _json(send: Send, status: int, message: str) -> None:
    payload: Any = {"error": message}
    data = json.dumps(payload).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(data)).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": data})


def identity(query_string: bytes, body: bytes) -> dict[str, str]:
    """portalId and userId from the signed query, else from the signed JSON body."""
    query = parse_qs(query_string.decode("latin-1"))
    found = {k: v[0] for k, v in query.items() if k in ("portalId", "userId") and v}
    if "portalId" not in found and body:
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            data = None
        if isinstance(data, dict):
            for k in ("portalId", "userId"):
                if data.get(k) is not None:
                    found.setdefault(k, str(data[k]))
    return found
