"""The outbox: pushes and sends waiting for an adapter. Enqueueing is idempotent by key, so a
step repeated after a crash never queues the same work twice."""

from __future__ import annotations

from typing import Any

from .db import Database, now
from .records import OutboxItem, dumps, outbox_from_row


class Outbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    def enqueue(
        self,
        card_id: int,
        kind: str,
        key: str,
        payload: dict[str, Any] | None = None,
        due_at: str | None = None,
    ) -> bool:
        """Queue work once; False when that key was already queued (or done)."""
        with self.db.transaction():
            stamp = now()
            cur = self.db.run(
                "INSERT OR IGNORE INTO outbox (card_id, kind, key, payload, due_at, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (card_id, kind, key, dumps(payload or {}), due_at, stamp, stamp),
            )
            return cur.rowcount == 1

    def cancel(self, card_id: int) -> int:
        """Withdraw a card's queued work (the user took the approval back)."""
        with self.db.transaction():
            cur = self.db.run(
                "DELETE FROM outbox WHERE card_id = ? AND state = 'queued'", (card_id,)
            )
            return cur.rowcount

    def for_card(self, card_id: int) -> list[OutboxItem]:
        rows = self.db.all("SELECT * FROM outbox WHERE card_id = ? ORDER BY id", (card_id,))
        return [outbox_from_row(r) for r in rows]

    def list(self, state: str | None = None) -> list[OutboxItem]:
        if state is None:
            rows = self.db.all("SELECT * FROM outbox ORDER BY id")
        else:
            rows = self.db.all("SELECT * FROM outbox WHERE state = ? ORDER BY id", (state,))
        return [outbox_from_row(r) for r in rows]
