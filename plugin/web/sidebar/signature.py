"""HubSpot's v3 request signature (X-HubSpot-Signature-v3), exactly as HubSpot signs.

source = METHOD + URI + BODY + TIMESTAMP, no separators; the URI is the full address HubSpot
called, with only twelve escapes decoded; base64(HMAC-SHA256(client secret, source)). The v2
header HubSpot still sends alongside has no timestamp, so it could be replayed: never accepted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

MAX_AGE_MS = 300_000  # HubSpot's own window: five minutes
FUTURE_SKEW_MS = 30_000  # our allowance for a clock ahead of ours; beyond that, a forgery
# Decoded before signing, case-insensitively; %20, %26, %3D, %2B and %25 stay as they are.
_DECODED = {
    "3A": ":", "2F": "/", "3F": "?", "40": "@", "21": "!", "24": "$",
    "27": "'", "28": "(", "29": ")", "2A": "*", "2C": ",", "3B": ";",
}  # fmt: skip
_ESCAPE = re.compile("%(" + "|".join(_DECODED) + ")", re.IGNORECASE)


class SignatureError(Exception):
    """Why a request is refused (said to the caller: it names no secret)."""


def signed_uri(uri: str) -> str:
    """The URI as HubSpot puts it into the signature: the twelve escapes decoded, no others."""
    return _ESCAPE.sub(lambda m: _DECODED[m.group(1).upper()], uri)


def sign_v3(method: str, uri: str, body: bytes | str, secret: str, timestamp: str) -> str:
    raw = body.encode() if isinstance(body, str) else body
    source = method.upper().encode() + signed_uri(uri).encode() + raw + timestamp.encode()
    digest = hmac.new(secret.encode(), source, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def sign_v2(method: str, uri: str, body: bytes | str, secret: str) -> str:
    """The legacy v2 signature: only so tests can send it beside v3, as HubSpot does."""
    raw = body.encode() if isinstance(body, str) else body
    return hashlib.sha256(
        secret.encode() + method.upper().encode() + uri.encode() + raw
    ).hexdigest()


def verify_v3(
    *,
    method: str,
    uri: str,
    body: bytes,
    timestamp: str | None,
    signature: str | None,
    secret: str,
    now_ms: int,
) -> None:
    """Raise SignatureError unless HubSpot signed exactly this request within the window."""
    if not signature or timestamp is None:
        raise SignatureError("missing X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp")
    if not timestamp.isascii() or not timestamp.isdigit():
        raise SignatureError("X-HubSpot-Request-Timestamp is not epoch milliseconds")
    age = now_ms - int(timestamp)
    if age > MAX_AGE_MS:
        raise SignatureError("request timestamp is more than 5 minutes old")
    if age < -FUTURE_SKEW_MS:
        raise SignatureError("request timestamp is in the future")
    expected = sign_v3(method, uri, body, secret, timestamp)
    if not hmac.compare_digest(expected.encode(), signature.strip().encode("latin-1", "replace")):
        raise SignatureError("signature does not match")
