"""What the user decides about a card: corrections, a note, approve, skip, the duplicate merge.

Shared by the command line and the review page. A correction is the user's word: it is marked
as edited on the card (and on the contact, when this card is the contact's source) so that no
later card or back side overwrites it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from ocr.errors import CardfollowError, ExitCode
from ocr.parse.address import region_from_address
from ocr.parse.country import region_from_tld
from ocr.parse.names import parse_name

from .config import DraftSettings, MailSettings
from .contacts.duplicates import match_keys
from .contacts.merge import differences, take_fields
from .contacts.region import phone_region
from .drafts.card_draft import make_draft
from .intake.linking import link_contact
from .models import CONTACT_KEYS, ContactDict, Sender
from .outbox.send_time import due_at
from .profile import require_complete
from .store import CardRecord, CardState, HistoryStep, Store

ALIASES = {"name": "full_name", "email": "emails", "phone": "phones", "url": "website"}
PHONE_KINDS = ("mobile", "work", "main", "home", "fax", "other")


class EditError(CardfollowError):
    exit_code = ExitCode.usage


def parse_assignment(text: str) -> tuple[str, str]:
    """``FIELD=VALUE`` from the command line."""
    field, sep, value = text.partition("=")
    field = ALIASES.get(field.strip().lower(), field.strip().lower())
    if not sep or field not in CONTACT_KEYS:
        raise EditError(
            f"{text!r}: expected FIELD=VALUE with FIELD one of "
            f"{', '.join(CONTACT_KEYS)} (or {', '.join(ALIASES)})"
        )
    return field, value.strip()


def coerce(field: str, value: str, region: str | None = None) -> Any:
    """A typed value: emails validated, phones in E.164 with their kind, "" clears a field."""
    if field == "emails":
        return [_email(v) for v in _items(value)]
    if field == "phones":
        return [_phone(v, region) for v in _items(value)]
    return " ".join(value.split()) or None


def card_region(fields: ContactDict | None, default: str | None = None) -> str | None:
    """The card's country, for a phone typed without a country code: its phone numbers' own
    code, else its address (a printed country, a postcode format), else its website's or
    email's country domain; else ``default`` (``ocr.default_region``)."""
    fields = fields or {}
    if region := phone_region(fields):
        return region
    address = fields.get("address")
    if isinstance(address, str) and address.strip():
        found = region_from_address(address.splitlines())
        if found:
            return found
    hosts = [
        fields.get("website") or "",
        *(e.rpartition("@")[2] for e in fields.get("emails") or []),
    ]
    for host in hosts:
        host = re.sub(r"^\w+://", "", str(host)).split("/")[0]
        found = region_from_tld(host) if host else None
        if found:
            return found
    return default


def edit_card(store: Store, card_id: int, changes: dict[str, Any]) -> list[str]:
    """Apply corrections; returns the fields changed."""
    with store.transaction():
        card = store.cards.get(card_id)
        if card.fields is None:
            raise EditError(f"card {card_id} is {card.state}: there are no fields to edit yet")
        fields = dict(card.fields)
        changed = dict(changes)
        if changed.get("full_name"):
            name = parse_name(changed["full_name"])
            for part, value in (("given_name", name.given), ("family_name", name.family)):
                changed.setdefault(part, value)
        fields.update(changed)
        confidence = {**card.confidence, **dict.fromkeys(changed, 1.0)}
        flagged = [f for f in card.flagged if f not in changed]
        edited = sorted(set(card.edited) | set(changed))
        store.cards.update(
            card_id, fields=fields, edited=edited, confidence=confidence, flagged=flagged
        )
        store.cards.add_history(card_id, HistoryStep.EDITED, ", ".join(sorted(changed)))
        _sync_contact(store, card_id, changed)
        if card.state in (CardState.PUSHED, CardState.SENT):
            # A correction after the push reaches the CRM too (the contact, not a new note).
            store.outbox.queue_correction(card_id)
    return sorted(changed)


def set_note(store: Store, card_id: int, note: str | None) -> None:
    with store.transaction():
        store.cards.get(card_id)
        store.cards.update(card_id, note=(note or "").strip() or None)
        store.cards.add_history(card_id, HistoryStep.NOTE)


def choose_template(store: Store, card_id: int, template: str | None) -> None:
    store.cards.update(card_id, template=template)


def approve(
    store: Store,
    card_id: int,
    mail: MailSettings,
    now: dt.datetime | None = None,
    sender: Sender | None = None,
) -> list[str]:
    """Approve the current draft; queues the push and (with an address) the send, due as the
    event or the settings say (next business morning by default). Returns warnings the user
    should see. Refuses (``ProfileIncomplete``, exit 2) while ``sender``, the profile, lacks a
    name or an email (every caller that approves for the user passes it); an approved card
    stays as it is."""
    if sender is not None:
        require_complete(sender)  # no follow-up signed by no one, from nowhere
    now = now or dt.datetime.now(dt.UTC)
    with store.transaction():
        card = store.cards.get(card_id)
        if card.state == CardState.APPROVED:
            return []  # approving twice is no error: the first approval stands
        draft = store.drafts.current(card_id)
        if draft is None:
            raise EditError(f"card {card_id} has no draft to approve (it is {card.state})")
        store.cards.move(
            card_id, CardState.APPROVED, (CardState.DRAFTED, CardState.SKIPPED), f"draft {draft.id}"
        )
        store.outbox.queue_push(card_id, draft.id)
        warnings = []
        if card.fields and card.fields.get("emails"):
            due = due_at(mail, store.events.get(card.event_id), now)
            store.outbox.queue_send(card_id, draft.id, due)
        else:
            warnings.append(f"card {card_id}: no email address; the contact is kept, no mail sent")
        if card.flagged:
            warnings.append(f"card {card_id}: approved with doubtful {', '.join(card.flagged)}")
        if card.differences:
            warnings.append(
                f"card {card_id}: differs from the known contact in "
                f"{', '.join(sorted(card.differences))} (cardfollow merge {card_id})"
            )
        return warnings


def doubts(card: CardRecord) -> list[str]:
    """Why a card needs a look before it is approved, in words; empty when it may be approved
    without one. The one rule for bulk approval: the review page's bulk button and
    ``approve --confident`` both ask it, so neither can take a card the other would not."""
    fields = card.fields or {}
    out = [] if card.state == CardState.DRAFTED else [f"it is {card.state}, not drafted"]
    # The greeting uses the given name and the mail needs an address: a card without either
    # drafts "Hello," or is approved and never mailed.
    if not (fields.get("full_name") or "").strip() or not (fields.get("given_name") or "").strip():
        out.append("no name")
    if not [e for e in fields.get("emails") or [] if e]:
        out.append("no email address")
    if card.flagged:
        out.append("doubtful " + ", ".join(card.flagged))
    if card.differences:
        out.append("an open question about a known contact")
    return out


def is_confident(card: CardRecord) -> bool:
    """A card that may be approved without a look (see ``doubts``): drafted, with a name and an
    email, nothing flagged, and no difference from a known contact waiting for a decision."""
    return not doubts(card)


def enter_by_hand(store: Store, card_id: int, fields: dict[str, Any], drafts: DraftSettings) -> str:
    """A card the reader could not read, typed in by the user from its photo: the fields are the
    user's word (marked edited, never overwritten by a later card), the card becomes a contact
    or is linked to the one it duplicates, and it drafts like any other. Returns what the user
    should know (a known contact, or why there is no draft)."""
    typed = {k: v for k, v in fields.items() if k in CONTACT_KEYS and v not in (None, "", [])}
    if not any(typed.get(k) for k in ("full_name", "company", "emails")):
        raise EditError(f"card {card_id}: type at least a name, a company or an email")
    if typed.get("full_name"):
        name = parse_name(typed["full_name"])
        for part, value in (("given_name", name.given), ("family_name", name.family)):
            if value:
                typed.setdefault(part, value)
    contact: ContactDict = {**dict.fromkeys(CONTACT_KEYS), "emails": [], "phones": [], **typed}
    with store.transaction():
        card = store.cards.get(card_id)
        if card.state != CardState.FAILED or card.fields is not None:
            raise EditError(f"card {card_id} is {card.state}: only a card that failed is typed in")
        store.cards.update(
            card_id,
            fields=contact,
            confidence=dict.fromkeys(typed, 1.0),
            flagged=[],
            edited=sorted(typed),
            error=None,
        )
        store.cards.move(card_id, CardState.EXTRACTED, (CardState.FAILED,), "typed in by hand")
        message = link_contact(store, store.cards.get(card_id))
        card = store.cards.get(card_id)
        if card.duplicate_of is None and card.contact_id is not None:
            known = store.contacts.get(card.contact_id)  # its own contact: protect the typing
            edited = sorted(set(known.edited) | set(typed))
            store.contacts.save(known.id, known.fields, match_keys(known.fields), edited)
    try:
        make_draft(store, card_id, drafts)
    except CardfollowError as exc:
        return f"no draft: {exc}"
    return message


def skip(store: Store, card_id: int) -> None:
    with store.transaction():
        store.cards.move(
            card_id, CardState.SKIPPED, (CardState.EXTRACTED, CardState.DRAFTED, CardState.APPROVED)
        )
        store.outbox.cancel(card_id)


def resolve_duplicate(
    store: Store, card_id: int, take: Iterable[str] = (), separate: bool = False
) -> str:
    """The merge decision for a duplicate card: take some of its fields into the contact
    (``take``), keep the contact as it is (nothing taken), or say it is someone else."""
    with store.transaction():
        card = store.cards.get(card_id)
        if card.contact_id is None or card.duplicate_of is None or card.fields is None:
            raise EditError(f"card {card_id} is not linked to an earlier contact")
        if separate:
            keys = match_keys(card.fields)
            contact_id = store.contacts.create(card.fields, keys, card.edited)
            store.cards.update(card_id, contact_id=contact_id, duplicate_of=None, differences=None)
            store.cards.add_history(card_id, HistoryStep.SEPARATED, f"contact {contact_id}")
            return f"card {card_id} is now its own contact {contact_id}"
        names = [ALIASES.get(n, n) for n in take]
        unknown = [n for n in names if n not in CONTACT_KEYS]
        if unknown:
            raise EditError(f"unknown field(s): {', '.join(unknown)}")
        contact = store.contacts.get(card.contact_id)
        fields = take_fields(contact.fields, card.fields, names)
        edited = sorted(set(contact.edited) | set(names))  # the user's decision: protect it
        store.contacts.save(contact.id, fields, match_keys(fields), edited)
        store.cards.update(card_id, differences={})
        store.cards.add_history(
            card_id, HistoryStep.MERGED_INTO_CONTACT, ", ".join(names) or "kept"
        )
        return f"contact {contact.id}: " + (f"took {', '.join(names)}" if names else "kept as is")


def _sync_contact(store: Store, card_id: int, changed: dict[str, Any]) -> None:
    card = store.cards.get(card_id)
    if card.contact_id is None or card.fields is None:
        return
    contact = store.contacts.get(card.contact_id)
    if card.duplicate_of is None:
        fields: ContactDict = {**contact.fields, **changed}
        edited = sorted(set(contact.edited) | set(changed))
        store.contacts.save(contact.id, fields, match_keys(fields), edited)
    else:
        store.cards.update(card_id, differences=differences(contact.fields, card.fields))


def _items(value: str) -> list[str]:
    return [v.strip() for v in re.split(r"[;,]", value) if v.strip()]


def _email(value: str) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise EditError(f"{value!r} is not an email address: {exc}") from None


def _phone(value: str, region: str | None) -> dict[str, Any]:
    kind = None
    m = re.match(r"^(.*?)\s*\((\w+)\)\s*$", value)
    if m:
        value, kind = m.group(1), m.group(2).lower()
        if kind not in PHONE_KINDS:
            raise EditError(f"phone kind {kind!r}: one of {', '.join(PHONE_KINDS)}")
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException as exc:
        raise EditError(f"{value!r} is not a phone number: {exc}") from None
    if not phonenumbers.is_possible_number(number):
        raise EditError(f"{value!r} is not a possible phone number")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return {"number": e164, "kind": kind, "raw": value}
