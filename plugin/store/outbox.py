"""The outbox: pushes and sends waiting for an adapter. Enqueueing is idempotent by key (the
outbox builds each kind's key itself), so a step repeated after a crash never queues the same
work twice."""

from __future__ import annotations

import datetime as dt
import time
from enum import StrEnum
from typing import Any

from .cards import LEASE_SECONDS, claim_gone
from .db import Database, StoreError, now, stamp
from .records import OutboxItem, dumps, outbox_from_row

CHECKIN_KEY = "send:checkin:"  # + the check-in's id


class OutboxKind(StrEnum):
    PUSH = "push"  # a card's contact to the CRM (or, later, a correction to it)
    SEND = "send"  # a mail through the user's own server: a follow-up or a check-in
    LOG = "log"  # a sent mail recorded on the CRM's timeline


class OutboxState(StrEnum):
    QUEUED = "queued"  # waiting (from ``due_at`` on, when set)
    IN_PROGRESS = "in_progress"  # claimed by a worker; still so after a crash, until taken again
    DONE = "done"
    HELD = "held"  # stopped for the user to decide (maybe sent, or a permanent refusal)
    FAILED = "failed"  # refused for good (the CRM would not take the data)


def is_checkin(item: OutboxItem) -> bool:
    """A check-in's send (anchored on a card, but not that card's own follow-up)."""
    return item.key.startswith(CHECKIN_KEY)


class Outbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    def queue_push(self, card_id: int, draft_id: int) -> bool:
        """An approved card's contact, to the CRM."""
        return self.enqueue(
            card_id, OutboxKind.PUSH, f"push:card:{card_id}", {"draft_id": draft_id}
        )

    def queue_correction(self, card_id: int) -> bool:
        """A correction made after the push: the contact again, updated (no new note)."""
        pushes = sum(1 for i in self.for_card(card_id) if i.kind == OutboxKind.PUSH)
        key = f"push:card:{card_id}:edit:{pushes}"
        return self.enqueue(card_id, OutboxKind.PUSH, key, {"update_only": True})

    def queue_send(self, card_id: int, draft_id: int, due_at: dt.datetime | None = None) -> bool:
        """A card's follow-up (that draft), from ``due_at`` on."""
        key = f"send:card:{card_id}:draft:{draft_id}"
        return self.enqueue(card_id, OutboxKind.SEND, key, {"draft_id": draft_id}, due_at)

    def queue_checkin(self, card_id: int, checkin_id: int, due_at: dt.datetime) -> bool:
        """A check-in's mail, anchored on the contact's card."""
        key = f"{CHECKIN_KEY}{checkin_id}"
        return self.enqueue(card_id, OutboxKind.SEND, key, {"checkin_id": checkin_id}, due_at)

    def queue_log(self, card_id: int, send_item_id: int) -> bool:
        """A sent mail (that send item), for the CRM's timeline."""
        key = f"log:send:{send_item_id}"
        return self.enqueue(card_id, OutboxKind.LOG, key, {"send_item": send_item_id})

    def checkin(self, checkin_id: int) -> OutboxItem | None:
        return self.by_key(f"{CHECKIN_KEY}{checkin_id}")

    def cancel_checkin(self, checkin_id: int) -> bool:
        """Withdraw a check-in's queued mail (the user took it back)."""
        return self.cancel_key(f"{CHECKIN_KEY}{checkin_id}")

    def enqueue(
        self,
        card_id: int,
        kind: str,
        key: str,
        payload: dict[str, Any] | None = None,
        due_at: dt.datetime | None = None,
    ) -> bool:
        """Queue work once; False when that key was already queued (or done)."""
        with self.db.transaction():
            created = now()
            added = self.db.run(
                "INSERT INTO outbox (card_id, kind, key, payload, due_at, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (card_id, kind, key, dumps(payload or {}), _stamp(due_at), created, created),
            )
            return added == 1

    def cancel(self, card_id: int, kinds: tuple[str, ...] = ()) -> int:
        """Withdraw a card's queued work (the user took the approval back), or only its queued
        work of ``kinds``. A check-in merely anchored on the card is not the card's work."""
        marks = ",".join("?" * len(kinds))
        only = f" AND kind IN ({marks})" if kinds else ""
        with self.db.transaction():
            changed = self.db.run(
                "DELETE FROM outbox WHERE card_id = ? AND state = ? "
                f"AND key NOT LIKE '{CHECKIN_KEY}%'{only}",
                (card_id, OutboxState.QUEUED, *kinds),
            )
            return changed

    def cancel_key(self, key: str) -> bool:
        """Withdraw one queued item by its key (a check-in taken back)."""
        with self.db.transaction():
            changed = self.db.run(
                "DELETE FROM outbox WHERE key = ? AND state = ?", (key, OutboxState.QUEUED)
            )
            return changed == 1

    def by_key(self, key: str) -> OutboxItem | None:
        row = self.db.one("SELECT * FROM outbox WHERE key = ?", (key,))
        return outbox_from_row(row) if row else None

    def reschedule(self, item_id: int, due_at: dt.datetime | None) -> bool:
        """Move a queued item's due time; False once it is no longer queued (taken, done)."""
        with self.db.transaction():
            changed = self.db.run(
                "UPDATE outbox SET due_at = ?, updated_at = ? WHERE id = ? AND state = ?",
                (_stamp(due_at), now(), item_id, OutboxState.QUEUED),
            )
            return changed == 1

    def for_card(self, card_id: int) -> list[OutboxItem]:
        rows = self.db.all("SELECT * FROM outbox WHERE card_id = ? ORDER BY id", (card_id,))
        return [outbox_from_row(r) for r in rows]

    def list(self, state: OutboxState | None = None) -> list[OutboxItem]:
        if state is None:
            rows = self.db.all("SELECT * FROM outbox ORDER BY id")
        else:
            rows = self.db.all("SELECT * FROM outbox WHERE state = ? ORDER BY id", (state,))
        return [outbox_from_row(r) for r in rows]

    def get(self, item_id: int) -> OutboxItem:
        row = self.db.one("SELECT * FROM outbox WHERE id = ?", (item_id,))
        if row is None:
            raise StoreError(f"no outbox item {item_id}")
        return outbox_from_row(row)

    def claim_due(
        self,
        kinds: tuple[str, ...],
        owner: str,
        *,
        due_before: dt.datetime | None = None,
        limit: int = 100,
        lease: float = LEASE_SECONDS,
        item_id: int | None = None,
    ) -> list[OutboxItem]:
        """Take queued work that is due (all of it when ``due_before`` is None), and work whose
        worker died mid-way. Items come back as they were before the claim: one whose state
        is ``in_progress`` was interrupted, so part of it may already have happened. ``item_id``:
        only that item."""
        marks = ",".join("?" * len(kinds))
        before = _stamp(due_before)
        with self.db.transaction():
            rows = self.db.all(
                f"SELECT * FROM outbox WHERE kind IN ({marks}) AND ("
                "(state = ? AND (? IS NULL OR due_at IS NULL OR due_at <= ?)) "
                "OR state = ?) AND (? IS NULL OR id = ?) ORDER BY id",
                (
                    *kinds,
                    OutboxState.QUEUED,
                    before,
                    before,
                    OutboxState.IN_PROGRESS,
                    item_id,
                    item_id,
                ),
            )
            taken: list[OutboxItem] = []
            for row in rows:
                if len(taken) >= limit:
                    break
                held = row["claimed_by"]
                if (
                    row["state"] == OutboxState.IN_PROGRESS
                    and held
                    and not claim_gone(held, row["claimed_until"] or 0.0)
                ):
                    continue  # another live worker has it
                self.db.run(
                    "UPDATE outbox SET state = ?, claimed_by = ?, claimed_until = ?, "
                    "attempts = attempts + 1, updated_at = ? WHERE id = ?",
                    (OutboxState.IN_PROGRESS, owner, time.time() + lease, now(), row["id"]),
                )
                taken.append(outbox_from_row(row))
            return taken

    def checkpoint(self, item_id: int, result: dict[str, Any]) -> None:
        """Record progress inside an item (ids a CRM gave, steps begun) as it happens."""
        with self.db.transaction():
            self.db.run(
                "UPDATE outbox SET result = ?, updated_at = ? WHERE id = ?",
                (dumps(result), now(), item_id),
            )

    def finish(self, item_id: int, result: dict[str, Any] | None = None) -> None:
        with self.db.transaction():
            done = now()
            self.db.run(
                "UPDATE outbox SET state = ?, result = COALESCE(?, result), "
                "last_error = NULL, claimed_by = NULL, claimed_until = NULL, done_at = ?, "
                "updated_at = ? WHERE id = ?",
                (
                    OutboxState.DONE,
                    dumps(result) if result is not None else None,
                    done,
                    done,
                    item_id,
                ),
            )

    def retry_later(self, item_id: int, error: str, due_at: dt.datetime | None) -> None:
        """A passing failure: queued again with its reason, tried from ``due_at`` on."""
        self._set_state(item_id, OutboxState.QUEUED, error, due_at=due_at)

    def hold(self, item_id: int, reason: str) -> None:
        """Stopped for the user to decide; never retried by itself."""
        self._set_state(item_id, OutboxState.HELD, reason)

    def fail(self, item_id: int, error: str) -> None:
        """A failure no retry will mend (e.g. the CRM refused the data)."""
        self._set_state(item_id, OutboxState.FAILED, error)

    def requeue(self, item_id: int) -> OutboxItem:
        """The user's word: try a held or failed item again."""
        with self.db.transaction():
            item = self.get(item_id)
            if item.state not in (OutboxState.HELD, OutboxState.FAILED):
                raise StoreError(f"outbox item {item_id} is {item.state}, not held or failed")
            self.db.run(
                "UPDATE outbox SET state = ?, due_at = NULL, updated_at = ? WHERE id = ?",
                (OutboxState.QUEUED, now(), item_id),
            )
            return self.get(item_id)

    def release(self, item_id: int, owner: str) -> None:
        """Hand back an item not worked on (e.g. stopped by a daily limit before its turn)."""
        with self.db.transaction():
            self.db.run(
                "UPDATE outbox SET state = ?, claimed_by = NULL, claimed_until = NULL, "
                "attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, updated_at = ? "
                "WHERE id = ? AND claimed_by = ? AND state = ?",
                (OutboxState.QUEUED, now(), item_id, owner, OutboxState.IN_PROGRESS),
            )

    def _set_state(
        self, item_id: int, state: OutboxState, error: str, *, due_at: dt.datetime | None = None
    ) -> None:
        with self.db.transaction():
            self.db.run(
                "UPDATE outbox SET state = ?, last_error = ?, due_at = COALESCE(?, due_at), "
                "claimed_by = NULL, claimed_until = NULL, updated_at = ? WHERE id = ?",
                (state, error, _stamp(due_at), now(), item_id),
            )


def _stamp(moment: dt.datetime | None) -> str | None:
    return stamp(moment) if moment is not None else None
