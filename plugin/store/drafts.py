"""Drafts: every version kept; the newest is the card's current draft."""

from __future__ import annotations

from ..models import Draft
from .db import Database, now
from .records import DraftRecord, draft_from_row


class Drafts:
    def __init__(self, db: Database) -> None:
        self.db = db

    def current(self, card_id: int) -> DraftRecord | None:
        row = self.db.one(
            "SELECT * FROM drafts WHERE card_id = ? ORDER BY id DESC LIMIT 1", (card_id,)
        )
        return draft_from_row(row) if row else None

    def versions(self, card_id: int) -> list[DraftRecord]:
        rows = self.db.all("SELECT * FROM drafts WHERE card_id = ? ORDER BY id", (card_id,))
        return [draft_from_row(r) for r in rows]

    def add(self, card_id: int, draft: Draft, edited: bool = False) -> int:
        with self.db.transaction():
            return self.db.insert(
                "INSERT INTO drafts (card_id, template, subject, body, html, edited, created_at, "
                "language, note_warning) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    card_id,
                    draft.template,
                    draft.subject,
                    draft.body,
                    draft.html,
                    int(edited),
                    now(),
                    draft.language,
                    None if edited else draft.note_warning,
                ),
            )
