"""The embedded store (SQLite). All SQL lives in this package, behind these repositories, so the
team edition can put PostgreSQL behind the same methods."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .cards import Cards, StateError, owner_id
from .checkins import Checkins
from .contacts import Contacts
from .db import Database, StoreError, stamp
from .drafts import Drafts
from .events import Events
from .files import Files
from .outbox import Outbox, OutboxKind, OutboxState
from .records import (
    OPEN_CHECKIN_STATES,
    STATES,
    Arrival,
    CardRecord,
    CardState,
    CheckinRecord,
    CheckinState,
    ContactRecord,
    DraftRecord,
    HistoryEntry,
    HistoryStep,
    OutboxItem,
    Relationship,
    Touch,
)
from .remote_ids import RemoteIds
from .touches import Relationships, Touches

__all__ = [
    "OPEN_CHECKIN_STATES",
    "STATES",
    "Arrival",
    "CardRecord",
    "CardState",
    "CheckinRecord",
    "CheckinState",
    "ContactRecord",
    "DraftRecord",
    "HistoryEntry",
    "HistoryStep",
    "OutboxItem",
    "OutboxKind",
    "OutboxState",
    "Relationship",
    "StateError",
    "Store",
    "StoreError",
    "Touch",
    "owner_id",
    "stamp",
]


class Store:
    def __init__(self, path: Path) -> None:
        self.db = Database(path)
        self.path = self.db.path
        # Photos and card images live beside the database; rows keep paths relative to here.
        self.media_root = self.path.parent
        self.cards = Cards(self.db)
        self.contacts = Contacts(self.db)
        self.drafts = Drafts(self.db)
        self.events = Events(self.db)
        self.files = Files(self.db)
        self.outbox = Outbox(self.db)
        self.remote_ids = RemoteIds(self.db)
        self.touches = Touches(self.db)
        self.relationships = Relationships(self.db)
        self.checkins = Checkins(self.db)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several repository calls into one atomic step."""
        with self.db.transaction():
            yield

    def media(self, rel: str) -> Path:
        return self.media_root / rel

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
