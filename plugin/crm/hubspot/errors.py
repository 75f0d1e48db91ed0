"""The small exception set the HubSpot client raises; callers never see `requests` exceptions.

Every error carries HubSpot's own fields (status, category, message, correlation id, context),
each optional as HubSpot documents. Messages are built from HubSpot's answer and our method and
path only, never from request headers, so a token cannot end up in one.
"""

from __future__ import annotations

import re
from typing import Any

from ocr.errors import CardfollowError

_EXISTING_ID = re.compile(r"Existing ID: (\d+)")


class HubSpotError(CardfollowError):
    """A HubSpot call that did not succeed. ``status`` is None when no response came back."""

    def __init__(
        self,
        status: int | None,
        category: str | None,
        message: str,
        correlation_id: str | None = None,
        context: dict[str, Any] | None = None,
        *,
        errors: list[dict[str, Any]] | None = None,
        method: str | None = None,
        path: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.status = status
        self.category = category
        self.message = message
        self.correlation_id = correlation_id
        self.context = context or {}
        self.errors = errors or []
        self.method = method
        self.path = path
        self.retry_after = retry_after  # seconds HubSpot asked us to wait, when we gave up early
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.method} {self.path}: " if self.method and self.path else ""
        status = f"HTTP {self.status}" if self.status is not None else "no response"
        category = f" {self.category}" if self.category else ""
        cid = f" (correlation id {self.correlation_id})" if self.correlation_id else ""
        return f"{where}{status}{category}: {self.message}{cid}"


class AuthenticationError(HubSpotError):
    """401 (or a failed OAuth refresh): the token is missing, unknown, revoked or expired."""


class MissingScopes(HubSpotError):
    """403: the token lacks scopes; ``required`` names them when HubSpot says which."""

    @property
    def required(self) -> list[str]:
        found: list[str] = list(self.context.get("requiredScopes") or [])
        for err in self.errors:
            ctx = err.get("context") or {}
            if isinstance(ctx, dict):
                found.extend(s for s in ctx.get("requiredScopes") or [] if s not in found)
        return found


class NotFound(HubSpotError):
    """404: no such record, property or file."""


class Conflict(HubSpotError):
    """409: e.g. a contact with this email exists; ``existing_id`` is its id when HubSpot says."""

    @property
    def existing_id(self) -> str | None:
        match = _EXISTING_ID.search(self.message or "")
        return match.group(1) if match else None


class ValidationError(HubSpotError):
    """400: bad property name or value, bad request shape; retrying cannot help."""


class RateLimited(HubSpotError):
    """429 still there after every retry. ``policy`` is HubSpot's ``policyName`` when given."""

    def __init__(self, *args: Any, policy: str | None = None, **kwargs: Any) -> None:
        self.policy = policy
        super().__init__(*args, **kwargs)


class DailyLimitReached(RateLimited):
    """429 with policy DAILY: the account's daily quota is spent; never retried (it resets at
    midnight in the account's time zone)."""


class TransientError(HubSpotError):
    """5xx, 423, 477 or a network failure that outlasted every attempt (or asked for a longer
    wait than the client allows: see ``retry_after``). Safe to try again later."""


class AmbiguousWrite(HubSpotError):
    """A non-idempotent write failed after it may have been processed (read timeout, connection
    dropped after sending, 500/502/504/524). It was not retried: check whether the write
    happened (e.g. search or read back by a key you set) before sending it again."""


def error_for(
    status: int,
    body: Any,
    *,
    method: str,
    path: str,
    scrub: tuple[str, ...] = (),
) -> HubSpotError:
    """The typed error for a HubSpot error response. ``scrub`` lists secrets to mask in case
    HubSpot ever echoes one back in its message."""
    data: dict[str, Any] = body if isinstance(body, dict) else {}
    message = str(data.get("message") or (body if isinstance(body, str) and body else ""))
    message = message or f"HubSpot answered {status} with no message"
    for secret in scrub:
        if secret:
            message = message.replace(secret, "***")
    category = data.get("category") or data.get("errorType")
    context = data.get("context") if isinstance(data.get("context"), dict) else {}
    errors = [e for e in data.get("errors") or [] if isinstance(e, dict)]
    common: dict[str, Any] = {
        "errors": errors,
        "method": method,
        "path": path,
    }
    args = (status, category, message, data.get("correlationId"), context)
    if status == 401:
        return AuthenticationError(*args, **common)
    if status == 403:
        return MissingScopes(*args, **common)
    if status == 404:
        return NotFound(*args, **common)
    if status == 409:
        return Conflict(*args, **common)
    if status == 400:
        return ValidationError(*args, **common)
    if status == 429:
        policy = rate_limit_policy(data)
        cls = DailyLimitReached if policy == "DAILY" else RateLimited
        return cls(*args, policy=policy, **common)
    if status in (423, 477) or status >= 500:
        return TransientError(*args, **common)
    return HubSpotError(*args, **common)


def rate_limit_policy(body: Any) -> str | None:
    """``policyName`` of a 429 body; a search 429 ("secondly limit") often has none."""
    if not isinstance(body, dict):
        return None
    policy = body.get("policyName")
    if isinstance(policy, str) and policy:
        return policy.upper()
    message = str(body.get("message") or "").lower()
    if "daily" in message:
        return "DAILY"
    if "ten_secondly" in message:
        return "TEN_SECONDLY_ROLLING"
    if "secondly" in message:
        return "SECONDLY"
    return None
