"""The stable JSON shape of a card (``cardfollow cards --json``; the review page reuses it)."""

from __future__ import annotations

from typing import Any

from ..store import CardRecord, Store


def card_to_dict(store: Store, card: CardRecord) -> dict[str, Any]:
    draft = store.drafts.current(card.id)
    return {
        "id": card.id,
        "state": card.state,
        "event": card.event,
        "photo": card.photo,
        "contact": card.fields,
        "duplicate_of": card.duplicate_of,
        "draft": (
            {
                "subject": draft.subject,
                "body": draft.body,
                "template": draft.template,
                "language": draft.language,
                # A note went into the email word for word: show it before approving.
                "note_warning": draft.note_warning,
            }
            if draft
            else None
        ),
        "contact_id": card.contact_id,
        "confidence": card.confidence,
        "flagged": card.flagged,
        "edited": card.edited,
        "differences": card.differences or None,
        "note": card.note,
        "side": card.side,
        "back_of": card.back_of,
        "captured_at": card.captured_at.isoformat(),
        "sha256": card.sha256,
        "stored_photo": store.media.location(card.stored_photo),
        "card_image": store.media.location(card.card_image) if card.card_image else None,
        "error": card.error,
        "language": card.language,  # the card's own draft language; None: event's or default
    }
