"""What a reading means for the store: duplicates, front/back folding, the user's corrections.

The readings here are plain data in the extract shape, as ``read_card`` returns them from a
worker; the store is real SQLite.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from plugin.intake.linking import apply_reading
from plugin.intake.read_card import Reading
from plugin.models import CONTACT_KEYS as FIELDS
from plugin.review import edit_card, resolve_duplicate
from plugin.store import CardRecord, Store

# The store's behaviour on both backends: SQLite, and the team store (PostgreSQL).
pytestmark = pytest.mark.usefixtures("both_backends")

T0 = dt.datetime(2026, 9, 9, 14, 0, tzinfo=dt.UTC)


def contact(**values: Any) -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(FIELDS)
    out.update(emails=[], phones=[])
    out.update(values)
    return out


def reading(photo: str, **values: Any) -> Reading:
    c = contact(**values)
    extraction = {
        "contact": c,
        "confidence": {k: 0.9 for k in FIELDS},
        "flagged": [],
        "boxes": {},
        "raw_text": "",
    }
    return Reading(photo, extraction, b"\xff\xd8fake-jpeg")


def take(
    store: Store,
    name: str,
    *,
    seconds: float = 0,
    side: str | None = None,
    event: str | None = "Expo",
    camera: bool = True,
) -> CardRecord:
    from plugin.models import EventInfo

    event_id = store.events.upsert(event, EventInfo(event))[0] if event else None
    card, status = store.cards.intake(
        sha256=name.ljust(64, "0"),
        photo=f"/inbox/{name}.jpg",
        stored_photo=f"photos/{name}.jpg",
        event_id=event_id,
        captured_at=T0 + dt.timedelta(seconds=seconds),
        captured_by="camera" if camera else "file",
        side=side,
        side_key="weber" if side else None,
    )
    assert status == "new"
    return card


def apply(store: Store, card: CardRecord, r: Reading) -> str:
    return apply_reading(store, card, r, None, pair_seconds=20).status


ANNA = dict(
    full_name="Anna Weber",
    given_name="Anna",
    family_name="Weber",
    company="Weber & Partner GmbH",
    emails=["a.weber@weber-partner.de"],
)


def test_a_new_person_becomes_a_contact(store: Store) -> None:
    card = take(store, "a")
    assert apply(store, card, reading("a", **ANNA)) == "extracted"
    card = store.cards.get(card.id)
    assert card.contact_id is not None and card.duplicate_of is None
    assert store.contacts.get(card.contact_id).fields["emails"] == ["a.weber@weber-partner.de"]
    assert card.card_image and store.media.read(card.card_image) == b"\xff\xd8fake-jpeg"


def test_the_same_email_links_a_later_card_and_keeps_the_differences(store: Store) -> None:
    first = take(store, "a")
    apply(store, first, reading("a", **ANNA, title="Partner"))
    edit_card(store, first.id, {"title": "Managing Partner"})  # the user's correction
    later = take(store, "b", seconds=3600, event="Web Summit")
    apply(
        store,
        later,
        reading(
            "b",
            **{**ANNA, "emails": ["A.Weber@weber-partner.de"]},
            title="Senior Partner",
            website="weber-partner.de",
        ),
    )
    later = store.cards.get(later.id)
    first = store.cards.get(first.id)
    assert later.duplicate_of == first.id and later.contact_id == first.contact_id
    assert set(later.differences or {}) == {"title", "website"}
    assert later.differences["title"] == {"existing": "Managing Partner", "card": "Senior Partner"}
    assert len(store.contacts.all()) == 1
    contact_fields = store.contacts.get(first.contact_id).fields
    assert contact_fields["title"] == "Managing Partner"  # never silently overwritten

    resolve_duplicate(store, later.id, take=["website", "title"])
    merged = store.contacts.get(first.contact_id)
    assert merged.fields["website"] == "weber-partner.de"
    assert merged.fields["title"] == "Senior Partner"  # the user's explicit decision
    assert {"title", "website"} <= set(merged.edited)


def test_separating_a_false_duplicate_makes_its_own_contact(store: Store) -> None:
    first = take(store, "a")
    apply(store, first, reading("a", **ANNA))
    other = take(store, "b", seconds=3600)
    apply(
        store,
        other,
        reading(
            "b",
            full_name="Anne Weber",
            given_name="Anne",
            family_name="Weber",
            company="Weber & Partner",
        ),
    )
    other = store.cards.get(other.id)
    assert other.duplicate_of == first.id
    resolve_duplicate(store, other.id, separate=True)
    other = store.cards.get(other.id)
    assert other.duplicate_of is None and other.contact_id != first.contact_id
    assert len(store.contacts.all()) == 2


def test_a_back_read_before_its_front_is_folded_in_when_the_front_comes(store: Store) -> None:
    back = take(store, "back", side="back")
    apply(store, back, reading("back", website="weber-partner.de", address="Hafenstr. 1, Hamburg"))
    back_contact = store.cards.get(back.id).contact_id
    front = take(store, "front", side="front", seconds=-5)
    assert apply(store, front, reading("front", **ANNA)) == "extracted"
    back, front = store.cards.get(back.id), store.cards.get(front.id)
    assert back.state == "merged" and back.back_of == front.id
    assert front.fields is not None and front.fields["website"] == "weber-partner.de"
    assert store.contacts.get(front.contact_id).fields["address"] == "Hafenstr. 1, Hamburg"
    assert back.contact_id == front.contact_id
    assert back_contact not in {c.id for c in store.contacts.all()}  # the orphan is gone


def test_a_back_never_overwrites_what_the_user_corrected(store: Store) -> None:
    front = take(store, "front", side="front")
    apply(store, front, reading("front", **ANNA))
    edit_card(store, front.id, {"website": None, "title": "Partner"})
    back = take(store, "back", side="back", seconds=5)
    assert (
        apply(
            store,
            back,
            reading(
                "back",
                website="spam.example",
                title="CEO",
                phones=[{"number": "+4940123456", "kind": "work", "raw": "040 123456"}],
            ),
        )
        == "merged"
    )
    front = store.cards.get(front.id)
    assert front.fields is not None
    assert front.fields["website"] is None and front.fields["title"] == "Partner"
    assert front.fields["phones"][0]["number"] == "+4940123456"  # an empty field is filled


def test_two_people_photographed_seconds_apart_are_not_one_card(store: Store) -> None:
    a = take(store, "a")
    apply(store, a, reading("a", **ANNA))
    b = take(store, "b", seconds=4)
    apply(
        store,
        b,
        reading(
            "b",
            full_name="Lucía Ibáñez",
            company="Ibáñez & Muñoz",
            emails=["lucia@ibanez-munoz.es"],
        ),
    )
    assert store.cards.get(b.id).back_of is None
    assert len(store.contacts.all()) == 2


def test_file_times_alone_never_pair_photos(store: Store) -> None:
    a = take(store, "a", camera=False)
    apply(store, a, reading("a", **ANNA))
    b = take(store, "b", seconds=2, camera=False)
    assert apply(store, b, reading("b", linkedin="linkedin.com/in/annaweber")) == "extracted"


def test_a_back_seconds_later_that_adds_data_is_folded_in(store: Store) -> None:
    a = take(store, "a")
    apply(store, a, reading("a", **ANNA))
    b = take(store, "b", seconds=6)
    assert (
        apply(
            store, b, reading("b", company="Weber & Partner", linkedin="linkedin.com/in/annaweber")
        )
        == "merged"
    )
    assert store.cards.get(a.id).fields["linkedin"] == "linkedin.com/in/annaweber"  # type: ignore[index]


def test_an_unreadable_photo_fails_with_its_own_name(store: Store) -> None:
    card = take(store, "x")
    result = apply_reading(
        store,
        card,
        Reading("/store/photos/x.jpg", None, None, "/store/photos/x.jpg: truncated"),
        None,
        20,
    )
    assert result.status == "failed"
    failed = store.cards.get(card.id)
    assert failed.state == "failed" and failed.error == "/inbox/x.jpg: truncated"


def test_an_unreadable_photo_seconds_after_a_card_is_set_aside_not_hidden(store: Store) -> None:
    a = take(store, "a")
    apply(store, a, reading("a", **ANNA))
    b = take(store, "b", seconds=5)
    blank = Reading("/store/photos/b.jpg", None, None, "no readable text found", no_text=True)
    assert apply(store, b, blank) == "failed"
    assert store.cards.get(b.id).back_of is None
