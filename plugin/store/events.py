"""Events: the inbox's sub-folders, with what their ``event.toml`` says."""

from __future__ import annotations

from ..models import EventInfo
from .db import Database, now
from .records import event_from_row


class Events:
    def __init__(self, db: Database) -> None:
        self.db = db

    def upsert(self, folder: str, event: EventInfo) -> tuple[int, bool]:
        """Record the event as its folder says now: (its id, whether anything changed)."""
        with self.db.transaction():
            row = self.db.one("SELECT * FROM events WHERE folder = ?", (folder,))
            if row is not None and event_from_row(row) == event:
                return int(row["id"]), False
            self.db.run(
                "INSERT INTO events (folder, name, date, place, template, note, send_at, cadence, "
                "language, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (folder) DO UPDATE SET "
                "name = excluded.name, date = excluded.date, place = excluded.place, "
                "template = excluded.template, note = excluded.note, "
                "send_at = excluded.send_at, cadence = excluded.cadence, "
                "language = excluded.language, "
                "updated_at = excluded.updated_at",
                (
                    folder,
                    event.name,
                    event.date.isoformat() if event.date else None,
                    event.place,
                    event.template,
                    event.note,
                    event.send_at,
                    event.cadence,
                    event.language,
                    now(),
                ),
            )
            found = self.db.one("SELECT id FROM events WHERE folder = ?", (folder,))
            assert found is not None
            return int(found["id"]), True

    def get(self, event_id: int | None) -> EventInfo | None:
        if event_id is None:
            return None
        row = self.db.one("SELECT * FROM events WHERE id = ?", (event_id,))
        return event_from_row(row) if row else None

    def all(self) -> list[EventInfo]:
        return [event_from_row(r) for r in self.db.all("SELECT * FROM events ORDER BY name")]
