"""What the HubSpot adapter's steps share: one card's push in progress, and small helpers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from ..adapter import Outcome, Progress, PushCard
from .client import BATCH_LIMIT
from .errors import AuthenticationError, DailyLimitReached, MissingScopes

BATCH = BATCH_LIMIT  # inputs per HubSpot batch call


class RemoteIdMap(Protocol):
    def get(self, crm: str, kind: str, key: str) -> str | None: ...
    def many(self, crm: str, kind: str, keys: Sequence[str]) -> dict[str, str]: ...
    def put(self, crm: str, kind: str, key: str, remote_id: str) -> None: ...


class CardWork:
    """One card's push in progress: its data, what is done, what went wrong."""

    def __init__(self, card: PushCard, progress: Progress) -> None:
        self.card = card
        self.done: dict[str, Any] = dict(card.progress)
        self.error: str | None = None
        self.retry = False
        self.warnings: list[str] = []
        self._progress = progress

    @property
    def id(self) -> int:
        return self.card.card_id

    @property
    def alive(self) -> bool:
        return self.error is None

    def save(self, **values: Any) -> None:
        self.done.update(values)
        self._progress.save(self.id, values)

    def fail(self, error: str, *, retry: bool = False) -> None:
        if self.error is None:
            self.error, self.retry = error, retry

    def outcome(self) -> Outcome:
        ids = {
            k: str(self.done[k]) for k in ("contact", "company", "file", "note") if k in self.done
        }
        if self.error:
            return Outcome(
                self.id, False, ids, self.error, self.retry, warnings=tuple(self.warnings)
            )
        return Outcome(self.id, True, ids, warnings=tuple(self.warnings))


def filters(*conditions: tuple[str, str, str]) -> dict[str, Any]:
    """One search filter group: (property, operator, value) conditions, all of them."""
    return {
        "filters": [
            {"propertyName": prop, "operator": op, "value": value} for prop, op, value in conditions
        ]
    }


def stops(exc: Exception) -> bool:
    return isinstance(exc, DailyLimitReached | AuthenticationError | MissingScopes)


def short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."
