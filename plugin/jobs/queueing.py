"""``scan`` and ``watch`` with a team store: photos are taken in (checksum, the store's copy,
quarantine for what is no photo) and their reading queued in the same transaction as the card
row; ``cardfollow worker`` processes, on any machine, read them.

A photo a worker could not read cannot be moved aside by that worker (the inbox is on this
machine): the next look at the inbox moves it to ``failed/`` with the worker's reason, as a
local scan would have.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import procrastinate
import psycopg

from ocr.errors import CardfollowError

from ..inbox import list_candidates, quarantine
from ..intake.consumer import Consumer, Outcome
from ..intake.status import ScanStatus
from ..intake.take_in import path_text, take_in
from ..store import Arrival, CardRecord, CardState
from .defer import defer, defer_read
from .names import Queue, Task


class QueueingConsumer(Consumer):
    def __init__(self, *args: Any, app: procrastinate.App, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.app = app

    def __enter__(self) -> QueueingConsumer:
        self.app.open()  # the jobs of a card are written on the store's connection; the rest
        return self

    def __exit__(self, *exc: object) -> None:
        self.app.close()
        super().__exit__(*exc)

    def take(self, paths: Iterable[Path]) -> list[Outcome]:
        self.refresh_events()
        outcomes = []
        for path in paths:
            inbox = self.inbox or path.parent
            if (failed := self._failed_before(path, inbox)) is not None:
                outcomes.append(self._report(failed))
                continue
            event_id, user_id = self._place(path)
            intake = take_in(path, inbox, self.store, event_id, then=self._queue, user_id=user_id)
            status = (
                ScanStatus.QUEUED
                if intake.status in (Arrival.NEW, Arrival.RETRY)
                else ScanStatus(intake.status)
            )
            card = intake.card.id if intake.card else None
            outcomes.append(self._report(Outcome(path_text(path), card, status, intake.message)))
        return outcomes

    def resume(self) -> list[Outcome]:
        """Unfinished cards are the workers' (each has its job); what is left to do here is
        moving aside the photos they could not read."""
        if self.inbox is None:
            return []
        outcomes = []
        for path in list_candidates(self.inbox):
            if (failed := self._failed_before(path, self.inbox)) is not None:
                outcomes.append(self._report(failed))
        return outcomes

    def process(self, cards: list[CardRecord]) -> list[Outcome]:
        return []  # the workers read; nothing is read in this process

    def _draft(self, card_id: int) -> str:
        """An event.toml changed: its cards are drafted again by the workers."""
        defer(self.app, Task.DRAFT_CARD, queue=Queue.READ, card_id=card_id)
        return ""

    def _queue(self, card: CardRecord) -> None:
        # Inside take_in's transaction: this joins it, and gives its connection.
        with self.store.db.transaction() as conn:
            defer_read(self.app, card.id, conn if isinstance(conn, psycopg.Connection) else None)

    def _failed_before(self, path: Path, inbox: Path) -> Outcome | None:
        """The very file (same name, size and time) whose card a worker could not read."""
        try:
            sha = self.store.files.known_sha(path_text(path), path.stat())
        except OSError:
            return None
        card = self.store.cards.by_sha(sha) if sha else None
        if card is None or card.state != CardState.FAILED:
            return None
        reason = card.error or "could not be read"
        try:
            where = f" (moved to {path_text(quarantine(path, inbox, reason))})"
        except CardfollowError as exc:
            where = f" (could not be set aside: {exc})"
        return Outcome(path_text(path), card.id, ScanStatus.FAILED, reason + where)
