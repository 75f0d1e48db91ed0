"""What a ``send`` outbox item mails: a card's follow-up draft, or a contact's check-in. One
answer for the mailer (``send``) and for the CRM's timeline (``push``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..store import OutboxKind, Store
from ..store.records import OutboxItem
from ..store.touches import TouchKind


@dataclass(frozen=True)
class OutgoingMail:
    card_id: int
    contact_id: int | None
    checkin_id: int | None  # None: the card's follow-up
    subject: str
    text: str
    html: str | None
    to_name: str | None
    to_email: str  # "" when the contact has no address

    @property
    def kind(self) -> TouchKind:
        return TouchKind.FOLLOWUP if self.checkin_id is None else TouchKind.CHECKIN


def outgoing(store: Store, item: OutboxItem) -> OutgoingMail:
    """``item``: a send item, or a log item (whose send item it names)."""
    if item.kind == OutboxKind.LOG:
        item = store.outbox.get(int(item.payload["send_item"]))
    card = store.cards.get(item.card_id)
    if "checkin_id" in item.payload:
        checkin = store.checkins.get(int(item.payload["checkin_id"]))
        fields: dict[str, Any] = store.contacts.get(checkin.contact_id).fields
        subject, text, html = checkin.subject, checkin.body, checkin.html
        contact_id: int | None = checkin.contact_id
        checkin_id: int | None = checkin.id
    else:
        draft_id = int(item.payload["draft_id"])
        draft = next(d for d in store.drafts.versions(item.card_id) if d.id == draft_id)
        fields = dict(card.fields or {})
        subject, text, html = draft.subject, draft.body, draft.html
        contact_id, checkin_id = card.contact_id, None
    emails = fields.get("emails") or []
    return OutgoingMail(
        card_id=card.id,
        contact_id=contact_id,
        checkin_id=checkin_id,
        subject=subject,
        text=text,
        html=html,
        to_name=fields.get("full_name"),
        to_email=emails[0] if emails else "",
    )
