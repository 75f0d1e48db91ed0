"""Touches: every real interaction with a contact, the keep-in-touch timer's only input."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from .db import Database, now
from .records import Relationship, Touch, dumps, loads, touch_from_row


class TouchKind(StrEnum):
    """What a touch was. The values are what the store keeps and ``touch --json`` shows."""

    FOLLOWUP = "followup"  # our follow-up mail, sent
    CHECKIN = "checkin"  # our check-in mail, sent
    EMAIL = "email"  # read back from the CRM's timeline
    MEETING = "meeting"
    CALL = "call"
    MANUAL = "manual"  # the user said they were in touch
    SNOOZED = "snoozed"  # a check-in skipped: "not this time" restarts the timer


class Touches:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(
        self,
        contact_id: int,
        at: dt.datetime,
        kind: str,
        *,
        note: str | None = None,
        source: str | None = None,
    ) -> bool:
        """Record one; False when its ``source`` was recorded already (a CRM read twice)."""
        with self.db.transaction():
            cur = self.db.run(
                "INSERT OR IGNORE INTO touches (contact_id, at, kind, note, source, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (contact_id, _iso(at), kind, note, source, now()),
            )
            return cur.rowcount == 1

    def for_contact(self, contact_id: int) -> list[Touch]:
        rows = self.db.all(
            "SELECT * FROM touches WHERE contact_id = ? ORDER BY at, id", (contact_id,)
        )
        return [touch_from_row(r) for r in rows]

    def latest(self) -> dict[int, list[Touch]]:
        """Each contact's touches, newest first (for who-is-due over every contact at once)."""
        found: dict[int, list[Touch]] = {}
        for row in self.db.all("SELECT * FROM touches ORDER BY at DESC, id DESC"):
            found.setdefault(row["contact_id"], []).append(touch_from_row(row))
        return found

    def sources(self, prefix: str) -> set[str]:
        """The sources recorded that start with ``prefix`` ("hubspot:"): what a CRM read-back
        need not read again."""
        rows = self.db.all(
            "SELECT source FROM touches WHERE source LIKE ? ESCAPE '\\'",
            (prefix.replace("%", "\\%").replace("_", "\\_") + "%",),
        )
        return {r["source"] for r in rows}


class Relationships:
    """A contact's own cadence and tags."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, contact_id: int) -> Relationship:
        row = self.db.one("SELECT * FROM relationships WHERE contact_id = ?", (contact_id,))
        if row is None:
            return Relationship(contact_id)
        return Relationship(contact_id, row["cadence"], loads(row["tags"], []))

    def all(self) -> dict[int, Relationship]:
        return {
            r["contact_id"]: Relationship(r["contact_id"], r["cadence"], loads(r["tags"], []))
            for r in self.db.all("SELECT * FROM relationships")
        }

    def save(self, relationship: Relationship) -> None:
        with self.db.transaction():
            self.db.run(
                "INSERT INTO relationships (contact_id, cadence, tags, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (contact_id) DO UPDATE SET "
                "cadence = excluded.cadence, tags = excluded.tags, "
                "updated_at = excluded.updated_at",
                (
                    relationship.contact_id,
                    relationship.cadence,
                    dumps(sorted(set(relationship.tags))),
                    now(),
                ),
            )


def _iso(at: dt.datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("a touch's time must be aware")
    return at.astimezone(dt.UTC).isoformat(timespec="seconds")
