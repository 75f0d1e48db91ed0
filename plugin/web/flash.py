"""Messages that survive the redirect after a form: "card 3 approved", warnings, errors.

Kept in a short-lived cookie, as JSON in base64: nothing is stored on the server, and the text
(card data included) is escaped like any other when the next page shows it.
"""

from __future__ import annotations

import base64
import binascii
import json

from starlette.requests import Request
from starlette.responses import Response

COOKIE = "cf_flash"
_MAX_BYTES = 3000  # browsers keep about 4 KB per cookie
LEVELS = ("ok", "warn", "error")


def add(response: Response, messages: list[tuple[str, str]]) -> None:
    """Attach ``(level, text)`` messages to a redirect."""
    kept: list[tuple[str, str]] = []
    for level, text in messages:
        trial = _encode([*kept, (level, text[:500])])
        if len(trial) > _MAX_BYTES:
            break
        kept.append((level, text[:500]))
    if kept:
        response.set_cookie(
            COOKIE, _encode(kept), max_age=60, path="/", httponly=True, samesite="strict"
        )


def clear(request: Request, response: Response) -> None:
    """Messages are shown once: the page that shows them drops the cookie."""
    if COOKIE in request.cookies:
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")


def read(request: Request) -> list[tuple[str, str]]:
    """The messages waiting for this page."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return []
    try:
        data = json.loads(base64.urlsafe_b64decode(raw.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return []
    if not isinstance(data, list):
        return []
    return [
        (str(m[0]), str(m[1]))
        for m in data
        if isinstance(m, list) and len(m) == 2 and m[0] in LEVELS
    ]


def _encode(messages: list[tuple[str, str]]) -> str:
    text = json.dumps(messages, ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode()
