"""The store: SQLite (a file, the single-user default) or PostgreSQL (``store.url``, the team
store). All SQL lives in this package, behind these repositories, the same for both."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import home
from .cards import Cards, StateError, owner_id
from .checkins import Checkins
from .connect import is_postgres_url, open_database
from .contacts import Contacts
from .db import Database, StoreError, stamp
from .drafts import Drafts
from .events import Events
from .files import Files
from .media import DbMedia, FileMedia, Media
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
    "is_postgres_url",
    "owner_id",
    "stamp",
]


class Store:
    def __init__(self, path: Path, url: str | None = None) -> None:
        """The SQLite store at ``path``, or the team store at ``url`` (postgresql://…)."""
        self.db: Database = open_database(Path(path), url)
        self.path = Path(path)
        self.url = url or None
        # Photos and card images: files beside a SQLite store (rows keep paths relative to
        # its folder); rows of the team store itself.
        self.media_root = self.path.parent
        self.media: Media = (
            DbMedia(self.db, home.cache_dir() / "media") if url else FileMedia(self.media_root)
        )
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

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
