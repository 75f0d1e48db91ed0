"""Events: the inbox's sub-folders, with what their ``event.toml`` says."""

from __future__ import annotations

from ..models import EventInfo
from .db import Database, now
from .records import event_from_row


class Events:
    def __init__(self, db: Database) -> None:
        self.db = db

    def upsert(self, event: EventInfo) -> int:
        """Record the event as its folder says now; returns its id."""
        with self.db.transaction():
            self.db.run(
                "INSERT INTO events (name, date, place, template, note, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET date = excluded.date, "
                "place = excluded.place, template = excluded.template, note = excluded.note, "
                "updated_at = excluded.updated_at",
                (
                    event.name,
                    event.date.isoformat() if event.date else None,
                    event.place,
                    event.template,
                    event.note,
                    now(),
                ),
            )
            row = self.db.one("SELECT id FROM events WHERE name = ?", (event.name,))
            assert row is not None
            return int(row["id"])

    def get(self, name: str) -> EventInfo | None:
        row = self.db.one("SELECT * FROM events WHERE name = ?", (name,))
        return event_from_row(row) if row else None

    def all(self) -> list[EventInfo]:
        return [event_from_row(r) for r in self.db.all("SELECT * FROM events ORDER BY name")]
