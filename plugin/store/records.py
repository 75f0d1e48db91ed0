"""Rows as plain dataclasses: what the store hands out and takes back."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..models import ContactDict, EventInfo


class CardState(StrEnum):
    """new -> extracted -> drafted -> approved | skipped -> pushed / sent; "merged" is a card's
    back side folded into its front, "failed" a photo that could not be read (kept in failed/).
    The values are what the store keeps and ``cards --json`` shows."""

    NEW = "new"
    EXTRACTED = "extracted"
    DRAFTED = "drafted"
    APPROVED = "approved"
    SKIPPED = "skipped"
    PUSHED = "pushed"
    SENT = "sent"
    MERGED = "merged"
    FAILED = "failed"


STATES = tuple(CardState)


class Arrival(StrEnum):
    """The store's answer to a photo handed to ``cards.intake``."""

    NEW = "new"  # a new card, to be read
    RETRY = "retry"  # a photo that failed before, dropped again: read it again
    KNOWN = "known"  # already taken as a card


class CheckinState(StrEnum):
    """A keep-in-touch draft: drafted -> approved -> sent, or skipped (withdrawn). The values
    are what the store keeps and ``touch --json`` shows."""

    DRAFTED = "drafted"
    APPROVED = "approved"
    SENT = "sent"
    SKIPPED = "skipped"


class HistoryStep(StrEnum):
    """A step in a card's history besides the states it moved to (``CardState``) and how its
    photo came in (``Arrival``). The values are what the store keeps and the page shows."""

    EDITED = "edited"  # fields, or the draft's words (in the HubSpot sidebar)
    NOTE = "note"
    DRAFT_EDITED = "draft-edited"  # the draft's words, on the review page
    REDRAFTED = "redrafted"
    DUPLICATE = "duplicate"  # linked to a known contact
    SEPARATED = "separated"  # told apart from the contact it seemed to duplicate
    MERGED_INTO_CONTACT = "merged-into-contact"
    BACK = "back"  # a back side folded in
    TASK = "task"  # handed to the CRM as a task, not sent
    CHECKIN_APPROVED = "check-in approved"
    CHECKIN_SENT = "check-in sent"


# A check-in still waiting to go; at most one per contact.
OPEN_CHECKIN_STATES = (CheckinState.DRAFTED, CheckinState.APPROVED)


@dataclass(frozen=True)
class CardRecord:
    id: int
    sha256: str
    photo: str
    stored_photo: str
    card_image: str | None
    event_id: int | None
    event: str | None  # the event's name
    captured_at: dt.datetime
    captured_by: str  # "camera": the photo's own EXIF time; "file": only the file's mtime
    side: str | None
    side_key: str | None
    state: str
    contact_id: int | None
    duplicate_of: int | None
    back_of: int | None
    extraction: dict[str, Any] | None
    fields: ContactDict | None
    confidence: dict[str, float]
    flagged: list[str]
    edited: list[str]
    differences: dict[str, Any] | None
    note: str | None
    template: str | None
    error: str | None
    created_at: str
    updated_at: str
    language: str | None = None  # the card's own draft language (draft --language)

    def met_on(self, event: EventInfo | None, tz: dt.tzinfo | None = None) -> dt.date:
        """The day you met, the one rule drafts, pushes, check-ins and exports share: the
        camera's own date, else the event's, else the photo file's (``tz``: whose calendar;
        None: this machine's). A file's time says only when it was copied or scanned."""
        if self.captured_by != "camera" and event is not None and event.date is not None:
            return event.date
        return self.captured_at.astimezone(tz).date()


@dataclass(frozen=True)
class ContactRecord:
    id: int
    fields: ContactDict
    edited: list[str] = field(default_factory=list)
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class DraftRecord:
    id: int
    card_id: int
    template: str
    subject: str
    body: str
    html: str | None
    edited: bool
    created_at: str
    language: str = "en"
    note_warning: str | None = None  # a note went in word for word (see drafts.note_warning)


@dataclass(frozen=True)
class OutboxItem:
    id: int
    card_id: int
    kind: str
    key: str
    payload: dict[str, Any]
    state: str
    attempts: int
    due_at: str | None
    last_error: str | None
    result: dict[str, Any] | None
    created_at: str
    updated_at: str
    done_at: str | None = None


@dataclass(frozen=True)
class Relationship:
    contact_id: int
    cadence: str | None = None  # the contact's own; None: from tags, event or the default
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Touch:
    id: int
    contact_id: int
    at: dt.datetime
    kind: str  # followup | checkin | email | meeting | call | manual | snoozed
    note: str | None
    source: str | None


@dataclass(frozen=True)
class CheckinRecord:
    id: int
    contact_id: int
    card_id: int
    due_on: dt.date
    template: str
    subject: str
    body: str
    html: str | None
    note: str | None
    edited: bool
    state: CheckinState
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class HistoryEntry:
    card_id: int
    step: str
    detail: str | None
    at: str


def dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def loads(text: str | None, default: Any = None) -> Any:
    return default if text is None else json.loads(text)


def card_from_row(row: sqlite3.Row) -> CardRecord:
    return CardRecord(
        id=row["id"],
        sha256=row["sha256"],
        photo=row["photo"],
        stored_photo=row["stored_photo"],
        card_image=row["card_image"],
        event_id=row["event_id"],
        event=row["event_name"],
        captured_at=dt.datetime.fromisoformat(row["captured_at"]),
        captured_by=row["captured_by"],
        side=row["side"],
        side_key=row["side_key"],
        state=row["state"],
        contact_id=row["contact_id"],
        duplicate_of=row["duplicate_of"],
        back_of=row["back_of"],
        extraction=loads(row["extraction"]),
        fields=loads(row["fields"]),
        confidence=loads(row["confidence"], {}),
        flagged=loads(row["flagged"], []),
        edited=loads(row["edited"], []),
        differences=loads(row["differences"]),
        note=row["note"],
        template=row["template"],
        error=row["error"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        language=row["language"],
    )


def event_from_row(row: sqlite3.Row) -> EventInfo:
    return EventInfo(
        name=row["name"],
        date=dt.date.fromisoformat(row["date"]) if row["date"] else None,
        place=row["place"],
        template=row["template"],
        note=row["note"],
        send_at=row["send_at"],
        cadence=row["cadence"],
        language=row["language"],
    )


def draft_from_row(row: sqlite3.Row) -> DraftRecord:
    return DraftRecord(
        id=row["id"],
        card_id=row["card_id"],
        template=row["template"],
        subject=row["subject"],
        body=row["body"],
        html=row["html"],
        edited=bool(row["edited"]),
        created_at=row["created_at"],
        language=row["language"] or "en",
        note_warning=row["note_warning"],
    )


def outbox_from_row(row: sqlite3.Row) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        card_id=row["card_id"],
        kind=row["kind"],
        key=row["key"],
        payload=loads(row["payload"], {}),
        state=row["state"],
        attempts=row["attempts"],
        due_at=row["due_at"],
        last_error=row["last_error"],
        result=loads(row["result"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        done_at=row["done_at"],
    )


def touch_from_row(row: sqlite3.Row) -> Touch:
    return Touch(
        id=row["id"],
        contact_id=row["contact_id"],
        at=dt.datetime.fromisoformat(row["at"]),
        kind=row["kind"],
        note=row["note"],
        source=row["source"],
    )


def checkin_from_row(row: sqlite3.Row) -> CheckinRecord:
    return CheckinRecord(
        id=row["id"],
        contact_id=row["contact_id"],
        card_id=row["card_id"],
        due_on=dt.date.fromisoformat(row["due_on"]),
        template=row["template"],
        subject=row["subject"],
        body=row["body"],
        html=row["html"],
        note=row["note"],
        edited=bool(row["edited"]),
        state=CheckinState(row["state"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
