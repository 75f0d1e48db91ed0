"""What the review page shows for one card: its fields (doubtful ones marked, each with the
boxes it was read from), the known contact and the differences, the draft and the templates,
what happens after approval, and the card's place in the queue."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..config import DraftSettings, MailSettings
from ..drafts import LANGUAGES
from ..models import CONTACT_KEYS
from ..store import CardRecord, CardState, Store
from . import images
from .editing import (
    AUTO_TEMPLATE,
    EDITABLE_STATES,
    LABELS,
    field_text,
    form_text,
    template_names,
)
from .outbox_view import NextStep, next_steps
from .queue import Queue

HINTS = {
    "emails": "one per line",
    "phones": "one per line, e.g. +44 20 7946 0123 (work)",
}
# The name's parts sit in one row under the name; the rest each have a row of their own.
NAME_PARTS = ("prefix", "given_name", "family_name", "suffix")
MAIN_FIELDS = tuple(k for k in CONTACT_KEYS if k not in NAME_PARTS)
STATE_LABELS = {
    CardState.NEW: "Being read",
    CardState.EXTRACTED: "Read, no draft",
    CardState.DRAFTED: "To review",
    CardState.APPROVED: "Approved",
    CardState.SKIPPED: "Skipped",
    CardState.PUSHED: "In the CRM",
    CardState.SENT: "Sent",
    CardState.MERGED: "Back of a card",
    CardState.FAILED: "Could not be read",
}


@dataclass(frozen=True)
class FieldView:
    name: str
    label: str
    text: str
    confidence: float | None
    flagged: bool
    edited: bool
    boxes: tuple[tuple[int, int, int, int], ...]
    error: str | None
    hint: str
    multiline: bool

    @property
    def rows(self) -> int:
        return max(1, min(6, self.text.count("\n") + 1))

    @property
    def percent(self) -> int | None:
        return None if self.confidence is None else round(self.confidence * 100)


@dataclass(frozen=True)
class Difference:
    field: str
    label: str
    existing: str
    card: str


def fields_view(
    card: CardRecord,
    form: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> list[FieldView]:
    values = card.fields or {}
    boxes = (card.extraction or {}).get("boxes") or {}
    out = []
    for name in CONTACT_KEYS:
        if form is not None and name in form:
            text = form[name]
        else:
            text = form_text(name, values.get(name))
        found = boxes.get(name) or []
        out.append(
            FieldView(
                name=name,
                label=LABELS[name],
                text=text,
                confidence=card.confidence.get(name) if values.get(name) else None,
                flagged=name in card.flagged,
                edited=name in card.edited,
                boxes=_boxes(found),
                error=(errors or {}).get(name),
                hint=HINTS.get(name, ""),
                multiline=name in ("address", "emails", "phones"),
            )
        )
    return out


def field_boxes(card: CardRecord, name: str) -> tuple[tuple[int, int, int, int], ...]:
    """Where one field was read on the straightened card image."""
    return _boxes(((card.extraction or {}).get("boxes") or {}).get(name) or [])


def _boxes(found: list[Any]) -> tuple[tuple[int, int, int, int], ...]:
    """[left, top, width, height] boxes in the straightened image's pixels."""
    out = []
    for box in found:
        if isinstance(box, list | tuple) and len(box) >= 4:
            left, top, width, height = (int(v) for v in box[:4])
            out.append((left, top, width, height))
    return tuple(out)


def differences_view(card: CardRecord) -> list[Difference]:
    return [
        Difference(
            field=name,
            label=LABELS.get(name, name),
            existing=field_text(name, diff.get("existing")),
            card=field_text(name, diff.get("card")),
        )
        for name, diff in sorted(
            (card.differences or {}).items(),
            key=lambda kv: CONTACT_KEYS.index(kv[0]) if kv[0] in CONTACT_KEYS else 99,
        )
    ]


def card_context(
    store: Store,
    drafts: DraftSettings,
    mail: MailSettings,
    crm_name: str,  # the CRM as the page names it
    card: CardRecord,
    queue: Queue,
    form: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    draft = store.drafts.current(card.id)
    card_file = images.media_file(store.media_root, "cards", card.card_image)
    size = images.image_size(card_file) if card_file else None
    prev_id, next_id, position = queue.neighbours(card.id)
    contact = None
    if card.duplicate_of is not None and card.contact_id is not None:
        contact = store.contacts.get(card.contact_id)
    fields = fields_view(card, form, errors)
    chosen_template = card.template or AUTO_TEMPLATE
    if form is not None and "template" in form:
        chosen_template = form["template"]
    steps: list[NextStep] = next_steps(card, store.outbox.for_card(card.id), mail, crm_name)
    return {
        "card": card,
        "state_label": STATE_LABELS.get(card.state, card.state),
        "editable": card.state in EDITABLE_STATES and card.fields is not None,
        # A card the reader could not read: its contact is typed in from the photo.
        "manual": card.state == CardState.FAILED and card.fields is None,
        "fields": {f.name: f for f in fields},
        "main_fields": MAIN_FIELDS,
        "name_parts": NAME_PARTS,
        "flagged": [f for f in fields if f.flagged],
        "image_size": size,
        "has_image": card_file is not None,
        "has_photo": images.media_file(store.media_root, "photos", card.stored_photo) is not None,
        "contact": contact,
        "contact_fields": [
            (LABELS[k], field_text(k, contact.fields.get(k)))
            for k in MAIN_FIELDS
            if contact is not None and contact.fields.get(k)
        ],
        "differences": differences_view(card),
        "draft": draft,
        "subject": form["subject"]
        if form is not None and "subject" in form
        else (draft.subject if draft else ""),
        "body": form["body"]
        if form is not None and "body" in form
        else (draft.body if draft else ""),
        "note": form["note"] if form is not None and "note" in form else (card.note or ""),
        "templates": template_names(drafts),
        "chosen_template": chosen_template,
        "languages": LANGUAGES,
        "chosen_language": form["language"]
        if form is not None and "language" in form
        else (card.language or ""),
        "steps": steps,
        "history": list(reversed(store.cards.history(card.id)))[:12],
        "queue": queue,
        "position": position,
        "prev_id": prev_id,
        "next_id": next_id,
        "errors": dict(errors or {}),
    }
