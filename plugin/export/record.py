"""What one exported card carries: the contact plus where, when and why we met."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from plugin.contacts.proper_case import presentable
from plugin.contacts.region import phone_region
from plugin.models import ContactDict, EventInfo


@dataclass(frozen=True)
class ExportRecord:
    """One card as the exporters see it.

    ``contact`` is in the extract shape (``ocr.serialize.contact_to_dict``). Records compare by
    value; they are not hashable because ``contact`` is a dict.
    """

    card_id: int
    contact: ContactDict
    event: EventInfo | None = None
    met_on: dt.date | None = None
    note: str | None = None  # the user's own note
    photo: str | None = None  # path of the original photo; referenced, never embedded
    created: dt.datetime | None = None
    # The card's raw text as printed: hints for proper case ("eBay"); not exported itself.
    card_text: str | None = field(default=None, compare=False)


def exported_contact(rec: ExportRecord) -> ContactDict:
    """The contact as the exports write it: names, company and title printed in capitals in
    proper case."""
    return presentable(rec.contact, [rec.card_text] if rec.card_text else [])


def card_region(contact: ContactDict) -> str | None:
    """The card's country, from its phone numbers, for an address that does not say its own."""
    return phone_region(contact)
