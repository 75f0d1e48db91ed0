"""Reading a card's photo again (a better OCR, a wrong first reading) without losing the user's
word: fields corrected by hand stay as they are, the note and a hand-written draft too.

The photo is read first, outside any transaction (seconds of OCR); the new reading then goes
through the same steps a photo from the inbox takes (``linking.apply_reading``: pairing,
duplicates, the contact) in one transaction, and the follow-up is drafted again. A photo that
cannot be read again changes nothing.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import Any

from ocr.errors import CardfollowError

from ..config import CardSettings
from ..contacts.duplicates import match_keys
from ..contacts.merge import differences, is_empty, merge_fields
from ..drafts.card_draft import make_draft
from ..store import CardRecord, CardState, Store
from .linking import apply_reading
from .read_card import Reading, read_card

# A card that was read, and nothing irreversible done yet: pushed and sent cards are in the
# CRM, a merged card is a back side (re-read its front).
REEXTRACTABLE = (
    CardState.EXTRACTED,
    CardState.DRAFTED,
    CardState.APPROVED,
    CardState.SKIPPED,
    CardState.FAILED,
)


class ReextractError(CardfollowError):
    pass


@dataclass(frozen=True)
class Reextracted:
    card_id: int
    state: CardState  # afterwards: DRAFTED, or EXTRACTED when no draft could be made
    changed: tuple[str, ...]  # fields whose value the new reading changed
    message: str = ""  # what the user should know (a new duplicate, approval withdrawn, ...)


def reextract(store: Store, card_id: int, settings: CardSettings) -> Reextracted:
    """Read the card's stored photo again and apply the reading (see ``apply_reextraction``)."""
    card = check_reextractable(store, card_id)
    photo = store.media(card.stored_photo)
    if not photo.is_file():
        raise ReextractError(f"card {card_id}: its stored photo is missing ({card.stored_photo})")
    return apply_reextraction(store, card_id, read_card(str(photo), settings.ocr), settings)


def check_reextractable(store: Store, card_id: int) -> CardRecord:
    card = store.cards.get(card_id)
    if card.state not in REEXTRACTABLE:
        hint = f" (it is the back of card {card.back_of})" if card.state == CardState.MERGED else ""
        raise ReextractError(
            f"card {card_id} is {card.state}{hint}; only a card that is "
            f"{', '.join(REEXTRACTABLE)} can be read again"
        )
    return card


def apply_reextraction(
    store: Store, card_id: int, reading: Reading, settings: CardSettings
) -> Reextracted:
    """Apply a new reading of the card's photo: fields the user corrected keep their value, the
    contact follows what came from this card, an approval not yet carried out is withdrawn, and
    the draft is made again (a hand-written draft is kept)."""
    if reading.extraction is None:
        raise ReextractError(
            f"card {card_id}: the photo could not be read again; nothing changed "
            f"({reading.error or 'no text'})"
        )
    notes: list[str] = []
    with store.transaction():
        before = check_reextractable(store, card_id)
        kept = _user_fields(before)
        if before.state == CardState.APPROVED:
            store.outbox.cancel(card_id)
            notes.append("its approval was withdrawn; approve it again")
        if before.state == CardState.SKIPPED:
            notes.append("it is back in the queue")
        store.cards.move(card_id, CardState.NEW, REEXTRACTABLE, "read again")
        if before.error:
            store.cards.update(card_id, error=None)
        applied = apply_reading(
            store,
            store.cards.get(card_id),
            replace(reading, extraction=_with_user_fields(reading.extraction, kept)),
            None,
            settings.pair_seconds,
        )
        if applied.message:
            notes.append(applied.message)
        after = store.cards.get(card_id)
        if after.state == CardState.EXTRACTED:
            _refold_backs(store, after)
            _follow_contact(store, before, store.cards.get(card_id))
    state = _redraft(store, card_id, settings, applied.redraft, notes)
    after = store.cards.get(card_id)
    changed = tuple(
        f
        for f in sorted(set(before.fields or {}) | set(after.fields or {}))
        if (before.fields or {}).get(f) != (after.fields or {}).get(f)
    )
    return Reextracted(card_id, state, changed, "; ".join(notes))


def _user_fields(card: CardRecord) -> dict[str, Any]:
    fields = card.fields or {}
    return {f: copy.deepcopy(fields[f]) for f in card.edited if f in fields}


def _with_user_fields(extraction: dict[str, Any], kept: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(extraction)
    out["contact"] = {**out["contact"], **kept}
    out["confidence"] = {**out.get("confidence", {}), **dict.fromkeys(kept, 1.0)}
    out["flagged"] = [f for f in out.get("flagged", []) if f not in kept]
    return out


def _refold_backs(store: Store, card: CardRecord) -> None:
    """A back side folded in earlier still belongs to this card: its data fills the gaps of the
    new reading again (never a field the user corrected)."""
    backs = [
        c
        for c in store.cards.list((CardState.MERGED,), contact_id=card.contact_id)
        if c.back_of == card.id and c.fields
    ]
    if not backs or card.fields is None:
        return
    fields = card.fields
    for back in backs:
        fields = merge_fields(fields, back.fields or {}, protected=card.edited)
    store.cards.update(card.id, fields=fields)
    for back in backs:
        store.cards.update(back.id, contact_id=card.contact_id)


def _follow_contact(store: Store, before: CardRecord, card: CardRecord) -> None:
    """The contact takes the new reading where its value came from this card; the card of a
    known contact gets its differences again; a contact left without cards is dropped."""
    if card.fields is None or card.contact_id is None:
        return
    if before.contact_id is not None and before.contact_id != card.contact_id:
        store.contacts.delete_if_unused(before.contact_id)
        return
    contact = store.contacts.get(card.contact_id)
    if card.duplicate_of is not None:
        store.cards.update(card.id, differences=differences(contact.fields, card.fields))
        return
    old = before.fields or {}
    fields = dict(contact.fields)
    for field, value in card.fields.items():
        came_from_card = contact.fields.get(field) == old.get(field) or is_empty(
            contact.fields.get(field)
        )
        if field not in contact.edited and came_from_card:
            fields[field] = value
    if fields != contact.fields:
        store.contacts.save(contact.id, fields, match_keys(fields), contact.edited)


def _redraft(
    store: Store, card_id: int, settings: CardSettings, front: int | None, notes: list[str]
) -> str:
    card = store.cards.get(card_id)
    if card.state == CardState.MERGED:  # the new reading made it the back of another card
        if front is not None:
            _draft_quietly(store, front, settings, notes)
        return card.state
    if card.state != CardState.EXTRACTED:
        return card.state
    _draft_quietly(store, card_id, settings, notes)
    current = store.drafts.current(card_id)
    if (
        store.cards.get(card_id).state == CardState.EXTRACTED
        and current is not None
        and current.edited
    ):
        # make_draft keeps a hand-written draft as it is; the card is drafted all the same.
        store.cards.move(card_id, CardState.DRAFTED, (CardState.EXTRACTED,), "your own draft kept")
        notes.append("your own draft is kept")
    return store.cards.get(card_id).state


def _draft_quietly(store: Store, card_id: int, settings: CardSettings, notes: list[str]) -> None:
    try:
        make_draft(store, card_id, settings.drafts)
    except CardfollowError as exc:
        notes.append(f"no draft: {exc}")
