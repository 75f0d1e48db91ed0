"""A HubSpot contact's follow-up as the sidebar card sees it, and its two actions.

Plain functions on the store, no HTTP: the routes call them, and so could any other CRM's card.
Both actions are idempotent: ``hubspot.fetch`` retries once after a failure, and that retry
must change nothing the first attempt already did (and never send a second mail).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from ...config import SendSettings
from ...contacts.duplicates import email_key
from ...mail.schedule import local_timezone
from ...models import Draft
from ...outbox.send_time import due_at
from ...review import approve as approve_card
from ...store import CardState, HistoryStep, OutboxState, Store
from ...store.outbox import OutboxKind, is_checkin
from ...store.records import CardRecord, DraftRecord, OutboxItem
from ...users.settings import card_sending, why_card_unsigned

SendWhen = Literal["now", "later"]


@dataclass(frozen=True)
class FollowupSettings:
    sending: SendSettings
    sent_from_hubspot: bool  # hubspot.send_mode = hubspot: the follow-up is a task there


CRM = "hubspot"
# A card's follow-up in the order the sidebar prefers it: one still waiting for a decision.
_PENDING = (CardState.DRAFTED, CardState.APPROVED, CardState.PUSHED, CardState.SKIPPED)
_GONE = (CardState.MERGED, CardState.FAILED, CardState.NEW, CardState.EXTRACTED)


class FollowupState(StrEnum):
    """The follow-up as the sidebar card shows it; the values are the JSON's ``state``."""

    DRAFT = "draft"  # waiting for approval
    SCHEDULED = "scheduled"  # approved, queued to go at ``send_at``
    SENDING = "sending"
    SENT = "sent"
    SKIPPED = "skipped"
    HELD = "held"  # approved but not going: no mail set up, or refused for good
    NONE = "none"  # no card for this contact (only in the 404 answer)


# What the user can still change from the sidebar; after these the mail is out of their hands.
_EDITABLE = (FollowupState.DRAFT, FollowupState.SCHEDULED, FollowupState.SKIPPED)
_GOING = (FollowupState.SENDING, FollowupState.SENT)


class FollowupConflict(Exception):
    """The action cannot apply in the follow-up's present state (e.g. it was already sent)."""


@dataclass(frozen=True)
class Followup:
    card: CardRecord
    draft: DraftRecord
    state: FollowupState
    met_on: dt.date
    send_at: str | None
    sent_at: str | None
    message: str
    can_send: bool


def find_card(
    store: Store, object_id: str, crm_emails: Callable[[str], list[str]] | None = None
) -> CardRecord | None:
    """The card behind HubSpot contact ``object_id``: by the id a push recorded, else (for a
    contact cardfollow never pushed) by the email addresses HubSpot holds for it."""
    contact_ids: list[int] = []
    key = store.remote_ids.key_for(CRM, "contact", object_id)
    if key is not None and key.isdigit():
        contact_ids.append(int(key))
    elif crm_emails is not None:
        keys = [f"email:{email_key(e)}" for e in crm_emails(object_id)]
        contact_ids += [c.id for c in store.contacts.with_keys(keys)]
    cards = [
        c
        for cid in contact_ids
        for c in store.cards.list(contact_id=cid)
        if c.state not in _GONE and store.drafts.current(c.id) is not None
    ]
    if not cards:
        return None
    # The newest card still waiting for a decision; else the newest of all.
    return max(cards, key=lambda c: (c.state in _PENDING and c.state != CardState.SKIPPED, c.id))


def describe(store: Store, settings: FollowupSettings, card: CardRecord) -> Followup:
    draft = store.drafts.current(card.id)
    if draft is None:
        raise FollowupConflict(f"card {card.id} has no draft")
    sends = _sends(store, card.id)
    latest = sends[-1] if sends else None
    can_send, why_not = sendable(store, settings, card)
    settings = for_card(store, settings, card)  # times in the rep's own time zone
    sent_at = _sent_at(latest)
    event = store.events.get(card.event_id)
    met = card.met_on(event, local_timezone(settings.sending.mail.timezone))
    if card.state == CardState.SKIPPED:
        return Followup(
            card,
            draft,
            FollowupState.SKIPPED,
            met,
            None,
            None,
            "Skipped: no mail goes out",
            can_send,
        )
    if card.state == CardState.DRAFTED:
        message = "Draft: waiting for your approval" if can_send else why_not
        return Followup(card, draft, FollowupState.DRAFT, met, None, None, message, can_send)
    if latest is None:
        return Followup(
            card, draft, FollowupState.HELD, met, None, None, why_not or "Approved", False
        )
    if latest.state == OutboxState.QUEUED:
        message = f"Goes out {_local(settings, latest.due_at)}" if latest.due_at else "Queued"
        if latest.last_error:
            message = (
                f"Not sent yet ({latest.last_error}); tried again {_local(settings, latest.due_at)}"
            )
        return Followup(
            card, draft, FollowupState.SCHEDULED, met, latest.due_at, None, message, can_send
        )
    if latest.state == OutboxState.IN_PROGRESS:
        return Followup(
            card, draft, FollowupState.SENDING, met, latest.due_at, None, "Being sent", False
        )
    if latest.state == OutboxState.DONE:
        return Followup(card, draft, FollowupState.SENT, met, None, sent_at, "Sent", False)
    reason = latest.last_error or "stopped"
    return Followup(card, draft, FollowupState.HELD, met, None, None, f"Not sent: {reason}", False)


def for_card(store: Store, settings: FollowupSettings, card: CardRecord) -> FollowupSettings:
    """The settings as they apply to this card: a rep's card goes out with the rep's own
    profile and mailbox (as ``cardfollow send`` and the review page do), others with the shared."""
    return dataclasses.replace(settings, sending=card_sending(store, card, settings.sending))


def sendable(store: Store, settings: FollowupSettings, card: CardRecord) -> tuple[bool, str]:
    """Whether cardfollow can mail this card's follow-up, and if not, why (for the card)."""
    if not (card.fields or {}).get("emails"):
        return False, "No email address on the card: nothing to send"
    if settings.sent_from_hubspot:
        return False, "Sent from HubSpot: the follow-up is a task on this contact"
    if not card_sending(store, card, settings.sending).mail.smtp_url:
        return False, "cardfollow has no mail server set (mail.smtp_url)"
    # A mail needs a name to sign with and an address to go from: the rep's, for a rep's card.
    incomplete = why_card_unsigned(store, card, settings.sending.sender)
    if incomplete:
        return False, incomplete[0].upper() + incomplete[1:]
    return True, ""


def approve(
    store: Store,
    settings: FollowupSettings,
    card: CardRecord,
    subject: str,
    body: str,
    when: SendWhen,
    now: dt.datetime,
) -> int | None:
    """Approve the follow-up with this text, to go now or at its usual time; returns the
    outbox item to send at once (None: nothing to send now). Repeating the call changes nothing."""
    with store.transaction():  # read and write as one: a concurrent retry waits, then sees it
        card = store.cards.get(card.id)
        can_send, why_not = sendable(store, settings, card)
        if not can_send:
            raise FollowupConflict(why_not)
        current = describe(store, settings, card)
        sending = card_sending(store, card, settings.sending)
        same_text = (current.draft.subject, current.draft.body) == (subject, body)
        if current.state in (*_GOING, FollowupState.HELD):
            if same_text:
                return None  # a retry of the approval that sent it
            raise FollowupConflict(f"this follow-up is {current.state} already; it cannot change")
        due = now if when == "now" else due_at(sending.mail, store.events.get(card.event_id), now)
        draft_id = current.draft.id
        if not same_text:
            store.cards.add_history(
                card.id, HistoryStep.EDITED, "draft edited in the HubSpot sidebar"
            )
            draft_id = store.drafts.add(
                card.id, Draft(subject, body, None, current.draft.template), edited=True
            )
        if current.state in (FollowupState.DRAFT, FollowupState.SKIPPED):
            approve_card(store, card.id, sending.mail, now, sender=sending.sender)
        elif not same_text:  # scheduled with other words: the queued mail is replaced
            store.outbox.cancel(card.id, (OutboxKind.SEND,))
            store.outbox.queue_send(card.id, draft_id)
        queued = _queued_sends(store, card.id)
        for item in queued:
            store.outbox.reschedule(item.id, due)
    return queued[-1].id if queued and when == "now" else None


def skip(store: Store, settings: FollowupSettings, card: CardRecord) -> None:
    """No mail for this contact; its contact stays in the CRM. Again: nothing changes."""
    with store.transaction():
        card = store.cards.get(card.id)
        current = describe(store, settings, card)
        if current.state == FollowupState.SKIPPED:
            return
        if current.state in _GOING:
            raise FollowupConflict(f"this follow-up is {current.state} already")
        # Approved and not yet pushed: the approval is taken back whole, push included.
        kinds: tuple[OutboxKind, ...] = (
            () if card.state == CardState.APPROVED else (OutboxKind.SEND,)
        )
        store.outbox.cancel(card.id, kinds)
        store.cards.move(
            card.id,
            CardState.SKIPPED,
            (CardState.DRAFTED, CardState.APPROVED, CardState.PUSHED),
            "HubSpot sidebar",
        )


def as_json(followup: Followup, object_id: str, photo_url: str | None) -> dict[str, Any]:
    """The shape the sidebar card reads (plugin/hubspot/src/app/cards/FollowupCard.tsx)."""
    card = followup.card
    fields = card.fields or {}
    emails = fields.get("emails") or []
    editable = followup.state in _EDITABLE
    return {
        "objectId": object_id,
        "card_id": card.id,
        "state": followup.state.value,
        "contact": {
            "name": fields.get("full_name") or None,
            "email": emails[0] if emails else None,
            "company": fields.get("company") or None,
            "title": fields.get("title") or None,
        },
        "event": card.event,
        "met_on": followup.met_on.isoformat(),
        "photo_url": photo_url,
        "subject": followup.draft.subject,
        "body": followup.draft.body,
        "editable": editable,
        "can_send": followup.can_send and editable,
        "send_at": followup.send_at,
        "sent_at": followup.sent_at,
        "message": followup.message,
        "flagged": list(card.flagged),
    }


def _local(settings: FollowupSettings, moment: str | None) -> str:
    """A send time as the user reads it: in their time zone, e.g. "Mon 23 Nov 09:00 CET"."""
    if not moment:
        return "soon"
    when = dt.datetime.fromisoformat(moment).astimezone(
        local_timezone(settings.sending.mail.timezone)
    )
    return f"{when:%a %d %b %H:%M %Z}"


def _sends(store: Store, card_id: int) -> list[OutboxItem]:
    """The card's follow-up mails (not check-ins anchored on it)."""
    return [
        i for i in store.outbox.for_card(card_id) if i.kind == OutboxKind.SEND and not is_checkin(i)
    ]


def _queued_sends(store: Store, card_id: int) -> list[OutboxItem]:
    return [i for i in _sends(store, card_id) if i.state == OutboxState.QUEUED]


def _sent_at(item: OutboxItem | None) -> str | None:
    if item is None or item.state != OutboxState.DONE:
        return None
    return (item.result or {}).get("sent_at")
