"""Check-ins: the keep-in-touch drafts, one open (drafted or approved) per contact at most."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..models import Draft
from .db import Database, StoreError, now
from .records import OPEN_CHECKIN_STATES, CheckinRecord, CheckinState, checkin_from_row

# Written into the SQL, not bound: only then can SQLite use the partial index checkins_open.
_OPEN_SQL = ", ".join(f"'{s}'" for s in OPEN_CHECKIN_STATES)


class Checkins:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, checkin_id: int) -> CheckinRecord:
        row = self.db.one("SELECT * FROM checkins WHERE id = ?", (checkin_id,))
        if row is None:
            raise StoreError(f"no check-in {checkin_id}")
        return checkin_from_row(row)

    def open_for(self, contact_id: int) -> CheckinRecord | None:
        row = self.db.one(
            f"SELECT * FROM checkins WHERE contact_id = ? AND state IN ({_OPEN_SQL})",
            (contact_id,),
        )
        return checkin_from_row(row) if row else None

    def list(self, states: Iterable[CheckinState] = ()) -> list[CheckinRecord]:
        states = list(states)
        if not states:
            rows = self.db.all("SELECT * FROM checkins ORDER BY id")
        else:
            rows = self.db.all(
                f"SELECT * FROM checkins WHERE state IN ({','.join('?' * len(states))}) "
                "ORDER BY id",
                tuple(states),
            )
        return [checkin_from_row(r) for r in rows]

    def add(
        self, contact_id: int, card_id: int, due_on: dt.date, draft: Draft, note: str | None
    ) -> int:
        with self.db.transaction():
            stamp = now()
            return self.db.insert(
                "INSERT INTO checkins (contact_id, card_id, due_on, template, subject, body, "
                "html, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    contact_id,
                    card_id,
                    due_on.isoformat(),
                    draft.template,
                    draft.subject,
                    draft.body,
                    draft.html,
                    note,
                    stamp,
                    stamp,
                ),
            )

    def rewrite(
        self, checkin_id: int, draft: Draft, *, edited: bool, note: str | None = None
    ) -> None:
        """New words for a drafted check-in (a template again, or the user's own)."""
        with self.db.transaction():
            changed = self.db.run(
                "UPDATE checkins SET template = ?, subject = ?, body = ?, html = ?, edited = ?, "
                "note = COALESCE(?, note), updated_at = ? WHERE id = ? AND state = ?",
                (
                    draft.template,
                    draft.subject,
                    draft.body,
                    draft.html,
                    int(edited),
                    note,
                    now(),
                    checkin_id,
                    CheckinState.DRAFTED,
                ),
            )
            if changed != 1:
                raise StoreError(f"check-in {checkin_id} is not a draft any more")

    def move(self, checkin_id: int, to: CheckinState, allowed_from: Iterable[CheckinState]) -> None:
        allowed = list(allowed_from)
        with self.db.transaction():
            current = self.get(checkin_id)
            if current.state not in allowed:
                raise StoreError(f"check-in {checkin_id} is {current.state}; cannot become {to}")
            self.db.run(
                "UPDATE checkins SET state = ?, updated_at = ? WHERE id = ?",
                (to, now(), checkin_id),
            )
