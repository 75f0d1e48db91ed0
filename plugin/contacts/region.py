"""The country a card's phone numbers say, for what the card leaves without one (an address, a
phone typed without a country code)."""

from __future__ import annotations

import phonenumbers

from ..models import ContactDict


def phone_region(fields: ContactDict | None) -> str | None:
    """The region of the first phone number in E.164 that phonenumbers places, else None."""
    for phone in (fields or {}).get("phones") or []:
        number = phone.get("number") if isinstance(phone, dict) else phone
        if isinstance(number, str) and number.startswith("+"):
            try:
                region = phonenumbers.region_code_for_number(phonenumbers.parse(number))
            except phonenumbers.NumberParseException:
                continue
            if region and region != "ZZ":
                return region
    return None
