"""What one exported card carries: the contact plus where, when and why we met."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import phonenumbers

from plugin.contacts.proper_case import presentable
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
    """The card's country, from its first phone number in E.164, for an address that does not
    say its own."""
    for phone in contact.get("phones") or []:
        number = phone.get("number") if isinstance(phone, dict) else phone
        if isinstance(number, str) and number.startswith("+"):
            try:
                region = phonenumbers.region_code_for_number(phonenumbers.parse(number))
            except phonenumbers.NumberParseException:
                continue
            if region and region != "ZZ":
                return region
    return None
