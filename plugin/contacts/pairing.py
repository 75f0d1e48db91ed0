"""Front and back of one card: which photo is whose other side.

Two photos pair when they are named for it (``x-front`` / ``x-back``), or when they were taken a
few seconds apart at the same event and the later one reads as more of the same card: nothing on
it contradicts the earlier one (no other name, email, company or phone) and it adds something.
Photos of two different people's cards taken in quick succession are the common case at a
conference, so the time rule is deliberately strict: a wrong merge would corrupt a contact
silently, while a missed one only leaves two cards for the user to see.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz

from ..models import ContactDict
from ..store import CardRecord, CardState
from .duplicates import email_domain, normalise_company
from .merge import merge_fields

PAIRABLE_STATES = (
    CardState.EXTRACTED,
    CardState.DRAFTED,
)  # read, and nothing irreversible done yet


def compatible(a: ContactDict, b: ContactDict) -> bool:
    """Nothing on one side says it is someone else's card."""
    if a.get("full_name") and b.get("full_name"):
        similar = fuzz.token_sort_ratio(a["full_name"].lower(), b["full_name"].lower())
        if similar < 85:
            return False
    for key, norm in (("emails", str.lower), ("phones", _number)):
        left = {norm(v) for v in a.get(key) or []}
        right = {norm(v) for v in b.get(key) or []}
        if left and right and not left & right:
            return False
    companies = {normalise_company(c) for c in (a.get("company"), b.get("company")) if c}
    if len(companies) > 1:
        return False
    dom_a = {email_domain(e) for e in a.get("emails") or []} - {None}
    dom_b = {email_domain(e) for e in b.get("emails") or []} - {None}
    return not (dom_a and dom_b and not dom_a & dom_b)


def adds_data(front: ContactDict, back: ContactDict) -> bool:
    return merge_fields(front, back) != front


def choose(
    card: CardRecord, named: Iterable[CardRecord], near: Iterable[CardRecord]
) -> tuple[CardRecord, CardRecord] | None:
    """(front, back) if ``card`` is one side of a pair with an already read card, else None.

    ``named``: cards of the same event with the same side key; ``near``: cards of the same event
    photographed within the pairing window. Both are pre-filtered to cards free to pair."""
    if card.side:  # named so by the user: trusted, even for a blank back (``fields`` None)
        for other in named:
            if other.side and other.side != card.side:
                return (card, other) if card.side == "front" else (other, card)
        return None
    for other in sorted(
        near, key=lambda c: abs((c.captured_at - card.captured_at).total_seconds())
    ):
        if other.side:
            continue
        front, back = (other, card) if _earlier(other, card) else (card, other)
        if (
            front.fields
            and back.fields
            and compatible(front.fields, back.fields)
            and adds_data(front.fields, back.fields)
        ):
            return front, back
    return None


def _earlier(a: CardRecord, b: CardRecord) -> bool:
    return (a.captured_at, a.id) < (b.captured_at, b.id)


def _number(phone: Any) -> str:
    return str(phone.get("number") if isinstance(phone, dict) else phone)
