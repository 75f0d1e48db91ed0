"""Cards: one row per photo (by SHA-256), moved through its states by conditional updates."""

from __future__ import annotations

import datetime as dt
import os
import socket
import time
from collections.abc import Iterable
from typing import Any

from .db import Database, StoreError, now
from .records import STATES, Arrival, CardRecord, CardState, HistoryEntry, card_from_row, dumps

_SELECT = (
    "SELECT cards.*, events.name AS event_name FROM cards "
    "LEFT JOIN events ON events.id = cards.event_id"
)
LEASE_SECONDS = 3600.0  # a claim by a worker on another host lapses after this


class StateError(StoreError):
    """The card is not in a state that allows this step."""


def owner_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Cards:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading ---------------------------------------------------------------------------

    def get(self, card_id: int) -> CardRecord:
        row = self.db.one(f"{_SELECT} WHERE cards.id = ?", (card_id,))
        if row is None:
            raise StoreError(f"no card {card_id}")
        return card_from_row(row)

    def by_sha(self, sha256: str) -> CardRecord | None:
        row = self.db.one(f"{_SELECT} WHERE cards.sha256 = ?", (sha256,))
        return card_from_row(row) if row else None

    def list(
        self,
        states: Iterable[str] = (),
        event: str | None = None,
        contact_id: int | None = None,
        event_id: int | None = None,
    ) -> list[CardRecord]:
        where, params = ["TRUE"], []
        states = list(states)
        for s in states:
            if s not in STATES:
                raise StoreError(f"unknown state {s!r}; one of: {', '.join(STATES)}")
        if states:
            where.append(f"cards.state IN ({','.join('?' * len(states))})")
            params += states
        if event is not None:
            where.append("events.name = ?")
            params.append(event)
        if event_id is not None:
            where.append("cards.event_id = ?")
            params.append(event_id)
        if contact_id is not None:
            where.append("cards.contact_id = ?")
            params.append(contact_id)
        rows = self.db.all(
            f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY cards.id", tuple(params)
        )
        return [card_from_row(r) for r in rows]

    def unfinished(self) -> list[CardRecord]:
        """Cards a crash or a kill left half-way: taken in, not yet drafted."""
        return self.list((CardState.NEW, CardState.EXTRACTED))

    def near(self, card: CardRecord, seconds: float) -> list[CardRecord]:
        """Other cards of the same event photographed within ``seconds`` of this one."""
        lo = (card.captured_at - dt.timedelta(seconds=seconds)).isoformat()
        hi = (card.captured_at + dt.timedelta(seconds=seconds)).isoformat()
        rows = self.db.all(
            f"{_SELECT} WHERE cards.id != ? AND cards.event_id IS NOT DISTINCT FROM ? "
            "AND cards.captured_at BETWEEN ? AND ? ORDER BY cards.captured_at",
            (card.id, card.event_id, lo, hi),
        )
        return [card_from_row(r) for r in rows]

    def same_side_key(self, card: CardRecord) -> list[CardRecord]:
        rows = self.db.all(
            f"{_SELECT} WHERE cards.id != ? AND cards.event_id IS NOT DISTINCT FROM ? "
            "AND cards.side_key = ?",
            (card.id, card.event_id, card.side_key),
        )
        return [card_from_row(r) for r in rows]

    def has_back(self, card_id: int) -> bool:
        return self.db.one("SELECT 1 FROM cards WHERE back_of = ? LIMIT 1", (card_id,)) is not None

    def history(self, card_id: int) -> list[HistoryEntry]:
        rows = self.db.all(
            "SELECT card_id, step, detail, at FROM history WHERE card_id = ? ORDER BY id",
            (card_id,),
        )
        return [HistoryEntry(r["card_id"], r["step"], r["detail"], r["at"]) for r in rows]

    def counts(self) -> dict[str, int]:
        rows = self.db.all("SELECT state, count(*) AS n FROM cards GROUP BY state")
        return {r["state"]: r["n"] for r in rows}

    # -- writing ---------------------------------------------------------------------------

    def intake(
        self,
        *,
        sha256: str,
        photo: str,
        stored_photo: str,
        event_id: int | None,
        captured_at: dt.datetime,
        captured_by: str = "file",
        side: str | None,
        side_key: str | None,
    ) -> tuple[CardRecord, Arrival]:
        """Take a photo in: (card, NEW), (card, RETRY) for a photo that failed before and was
        dropped again, or (card, KNOWN) for one already taken."""
        with self.db.transaction():
            existing = self.by_sha(sha256)
            if existing is not None:
                if existing.state != CardState.FAILED:
                    return existing, Arrival.KNOWN
                self.db.run(
                    "UPDATE cards SET state = ?, photo = ?, event_id = ?, error = NULL, "
                    "updated_at = ? WHERE id = ?",
                    (CardState.NEW, photo, event_id, now(), existing.id),
                )
                self.add_history(existing.id, Arrival.RETRY, photo)
                return self.get(existing.id), Arrival.RETRY
            stamp = now()
            card_id = self.db.insert(
                "INSERT INTO cards (sha256, photo, stored_photo, event_id, captured_at, "
                "captured_by, side, side_key, state, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    sha256,
                    photo,
                    stored_photo,
                    event_id,
                    captured_at.isoformat(),
                    captured_by,
                    side,
                    side_key,
                    CardState.NEW,
                    stamp,
                    stamp,
                ),
            )
            self.add_history(card_id, Arrival.NEW, photo)
            return self.get(card_id), Arrival.NEW

    def claim(self, card_id: int, owner: str, lease: float = LEASE_SECONDS) -> bool:
        """Take the right to work on an unfinished card; False if another live worker has it."""
        with self.db.transaction():
            row = self.db.one(
                "SELECT state, claimed_by, claimed_until FROM cards WHERE id = ?", (card_id,)
            )
            if row is None or row["state"] not in (CardState.NEW, CardState.EXTRACTED):
                return False
            held = row["claimed_by"]
            if held and held != owner and not claim_gone(held, row["claimed_until"]):
                return False
            self.db.run(
                "UPDATE cards SET claimed_by = ?, claimed_until = ? WHERE id = ?",
                (owner, time.time() + lease, card_id),
            )
            return True

    def release(self, card_id: int, owner: str) -> None:
        with self.db.transaction():
            self.db.run(
                "UPDATE cards SET claimed_by = NULL, claimed_until = NULL "
                "WHERE id = ? AND claimed_by = ?",
                (card_id, owner),
            )

    def move(
        self, card_id: int, to: CardState, allowed_from: Iterable[CardState], detail: str = ""
    ) -> None:
        """Change state only from an allowed one; records the step in the history."""
        allowed = tuple(allowed_from)
        with self.db.transaction():
            changed = self.db.run(
                f"UPDATE cards SET state = ?, updated_at = ? WHERE id = ? "
                f"AND state IN ({','.join('?' * len(allowed))})",
                (to, now(), card_id, *allowed),
            )
            if changed != 1:
                card = self.get(card_id)
                raise StateError(
                    f"card {card_id} is {card.state}; only a card that is "
                    f"{' or '.join(allowed)} can become {to}"
                )
            self.add_history(card_id, to, detail or None)

    def update(self, card_id: int, **values: Any) -> None:
        """Set columns; dict and list values are stored as JSON."""
        allowed = {
            "card_image",
            "contact_id",
            "duplicate_of",
            "back_of",
            "extraction",
            "fields",
            "confidence",
            "flagged",
            "edited",
            "differences",
            "note",
            "error",
            "event_id",
            "template",
            "language",
        }
        unknown = set(values) - allowed
        if unknown:
            raise StoreError(f"cannot set {', '.join(sorted(unknown))} on a card")
        cols = ", ".join(f"{k} = ?" for k in values)
        params = [dumps(v) if isinstance(v, dict | list) else v for v in values.values()]
        with self.db.transaction():
            self.db.run(
                f"UPDATE cards SET {cols}, updated_at = ? WHERE id = ?",
                (*params, now(), card_id),
            )

    def add_history(self, card_id: int, step: str, detail: str | None = None) -> None:
        self.db.run(
            "INSERT INTO history (card_id, step, detail, at) VALUES (?, ?, ?, ?)",
            (card_id, step, detail, now()),
        )


def claim_gone(owner: str, until: float) -> bool:
    """Whether a claim's worker is gone: on this host, its process has ended; elsewhere (we
    cannot look), its lease has run out."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return until < time.time()
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
