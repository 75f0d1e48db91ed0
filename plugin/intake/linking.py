"""What a card's reading means for the store: its fields, its other side, its contact.

One transaction per card: the reading is recorded, a back side is folded into its front, and the
card is linked to an existing contact (a duplicate, with the differences kept for the user) or
becomes a new one. A crash before the commit leaves the card "new", to be read again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ocr.errors import CardfollowError

from ..contacts import pairing
from ..contacts.duplicates import Candidate, find_duplicate, match_keys
from ..contacts.merge import differences, is_empty, merge_fields
from ..inbox import quarantine
from ..models import ContactDict
from ..store import CardRecord, CardState, HistoryStep, Store
from .read_card import Reading
from .status import ScanStatus
from .take_in import path_text


@dataclass(frozen=True)
class Applied:
    card_id: int
    status: ScanStatus  # EXTRACTED, MERGED or FAILED
    message: str = ""
    redraft: int | None = None  # a card whose draft should follow new data (a front)


def apply_reading(
    store: Store,
    card: CardRecord,
    reading: Reading,
    inbox: Path | None,
    pair_seconds: float,
    photo: Path | None = None,
) -> Applied:
    """``photo``: the file's real path when known (its stored name may have been escaped)."""
    if reading.extraction is None:
        return _unreadable(store, card, reading, inbox, pair_seconds, photo or Path(card.photo))
    image = _save_view(store, card, reading.view_jpeg) if reading.view_jpeg else None
    extraction = reading.extraction
    with store.transaction():
        store.cards.update(
            card.id,
            extraction=extraction,
            fields=extraction["contact"],
            confidence=extraction["confidence"],
            flagged=extraction["flagged"],
            card_image=image,
        )
        store.cards.move(card.id, CardState.EXTRACTED, (CardState.NEW,))
        card = store.cards.get(card.id)
        pair = _find_pair(store, card, pair_seconds)
        if pair and pair[1].id == card.id:
            fold(store, front=pair[0], back=card)
            return Applied(
                card.id, ScanStatus.MERGED, f"back of card {pair[0].id}", redraft=pair[0].id
            )
        if pair:
            fold(store, front=card, back=pair[1])
            card = store.cards.get(card.id)
        message = link_contact(store, card)
        if pair:  # the back read first now follows its front's contact
            store.cards.update(pair[1].id, contact_id=store.cards.get(card.id).contact_id)
    return Applied(card.id, ScanStatus.EXTRACTED, message)


def link_contact(store: Store, card: CardRecord) -> str:
    """Link the card to the contact it duplicates, or make it a new contact."""
    assert card.fields is not None
    keys = match_keys(card.fields)
    candidates = [
        Candidate(c.id, c.fields) for c in store.contacts.with_keys(keys) if c.id != card.contact_id
    ]
    match = find_duplicate(card.fields, candidates)
    if match is None:
        if card.contact_id is None:
            contact_id = store.contacts.create(card.fields, keys)
            store.cards.update(card.id, contact_id=contact_id, duplicate_of=None, differences=None)
        return ""
    existing = store.contacts.get(match.contact_id)
    first = store.cards.list(contact_id=match.contact_id)
    primary = next((c.id for c in first if c.state != CardState.MERGED and c.id != card.id), None)
    store.cards.update(
        card.id,
        contact_id=match.contact_id,
        duplicate_of=primary,
        differences=differences(existing.fields, card.fields),
    )
    store.cards.add_history(
        card.id, HistoryStep.DUPLICATE, f"contact {match.contact_id} by {match.reason}"
    )
    return f"same person as card {primary} ({match.reason})"


def fold(store: Store, front: CardRecord, back: CardRecord) -> None:
    """Fold a back side into its front: fill the front's gaps, never its corrected fields."""
    with store.transaction():
        front = store.cards.get(front.id)
        back = store.cards.get(back.id)
        if front.fields and back.fields:
            merged = merge_fields(front.fields, back.fields, protected=front.edited)
            confidence = {**back.confidence, **_known(front.confidence, front.fields)}
            added = [f for f in back.flagged if is_empty(front.fields.get(f))]
            store.cards.update(
                front.id,
                fields=merged,
                confidence=confidence,
                flagged=sorted(set(front.flagged) | set(added)),
            )
            if front.contact_id is not None:
                _carry_to_contact(store, front, back.fields)
        old_contact = back.contact_id
        store.cards.update(
            back.id,
            back_of=front.id,
            contact_id=front.contact_id,
            duplicate_of=None,
            differences=None,
        )
        store.cards.move(
            back.id,
            CardState.MERGED,
            (CardState.EXTRACTED, CardState.DRAFTED),
            f"back of card {front.id}",
        )
        store.cards.add_history(front.id, HistoryStep.BACK, f"card {back.id}")
        if old_contact is not None and old_contact != front.contact_id:
            store.contacts.delete_if_unused(old_contact)


def _carry_to_contact(store: Store, front: CardRecord, extra: ContactDict) -> None:
    """The back's data reaches the contact too, if this card is the contact's own source;
    for a duplicate card it only widens the differences the user will decide on."""
    assert front.contact_id is not None
    contact = store.contacts.get(front.contact_id)
    if front.duplicate_of is None:
        fields = merge_fields(contact.fields, extra, protected=contact.edited)
        store.contacts.save(contact.id, fields, match_keys(fields), contact.edited)
    else:
        card = store.cards.get(front.id)
        assert card.fields is not None
        store.cards.update(front.id, differences=differences(contact.fields, card.fields))


def _find_pair(
    store: Store, card: CardRecord, pair_seconds: float
) -> tuple[CardRecord, CardRecord] | None:
    def free(c: CardRecord) -> bool:
        return (
            c.state in pairing.PAIRABLE_STATES
            and c.back_of is None
            and not store.cards.has_back(c.id)
        )

    named = [c for c in store.cards.same_side_key(card) if free(c)] if card.side else []
    # Only a camera's own clock says two photos were taken seconds apart; file times say when
    # they were copied, and a folder copied at once would look like one long burst.
    near = []
    if not card.side and card.captured_by == "camera":
        near = [
            c for c in store.cards.near(card, pair_seconds) if free(c) and c.captured_by == "camera"
        ]
    return pairing.choose(card, named, near)


def _unreadable(
    store: Store,
    card: CardRecord,
    reading: Reading,
    inbox: Path | None,
    pair_seconds: float,
    photo: Path,
) -> Applied:
    if reading.no_text:
        # A blank or logo-only photo named as a card's back (x-back.jpg) is that card's back.
        with store.transaction():
            pair = _find_pair(store, card, pair_seconds)
            if pair and pair[1].id == card.id:
                store.cards.move(card.id, CardState.EXTRACTED, (CardState.NEW,), "no text")
                fold(store, front=pair[0], back=store.cards.get(card.id))
                return Applied(card.id, ScanStatus.MERGED, f"blank back of card {pair[0].id}")
    # The reading names the store's copy; the user knows the photo by its inbox name.
    reason = (reading.error or "could not be read").replace(reading.photo, card.photo)
    where = ""
    if inbox is not None and photo.exists() and photo.is_relative_to(inbox):
        try:
            where = f" (moved to {path_text(quarantine(photo, inbox, reason))})"
        except CardfollowError as exc:
            where = f" (could not be set aside: {exc})"
    with store.transaction():
        store.cards.update(card.id, error=reason)
        store.cards.move(card.id, CardState.FAILED, (CardState.NEW,), reason)
    return Applied(card.id, ScanStatus.FAILED, reason + where)


def _save_view(store: Store, card: CardRecord, jpeg: bytes) -> str:
    rel = Path("cards") / card.sha256[:2] / f"{card.sha256}.jpg"
    target = store.media(rel.as_posix())
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(jpeg)
    tmp.replace(target)
    return rel.as_posix()


def _known(confidence: dict[str, float], fields: ContactDict) -> dict[str, float]:
    return {k: v for k, v in confidence.items() if not is_empty(fields.get(k))}
