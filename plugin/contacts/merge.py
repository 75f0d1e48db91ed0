"""Comparing and combining contacts: what a card says that the contact does not, a back side
filling its front's gaps, and the user's field-by-field merge decision. Pure functions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from ..models import LIST_FIELDS, SCALAR_FIELDS, ContactDict
from .duplicates import email_key, normalise_company


def is_empty(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, list | tuple | dict) and not value)


def _comparable(field: str, value: Any) -> str:
    text = unicodedata.normalize("NFC", str(value))
    if field == "company":
        return normalise_company(text)
    if field in ("website", "linkedin"):
        text = re.sub(r"^[a-z][a-z0-9+.-]*://(www\.)?|^www\.", "", text.strip().lower())
        return text.rstrip("/")
    if field == "address":
        text = re.sub(r"[,\n]", " ", text)
    return " ".join(text.split()).casefold()


def _numbers(phones: Iterable[dict[str, Any]]) -> set[str]:
    return {p.get("number") or p.get("raw") or "" for p in phones}


def differences(existing: ContactDict, new: ContactDict) -> dict[str, dict[str, Any]]:
    """Fields where the card says something the contact does not: field -> {existing, card}.

    Strings compare case- and space-insensitively (companies by ``normalise_company``, web
    addresses without scheme and "www."); emails and phones compare as sets, and differ only
    when the card has one the contact lacks. A field the card lacks is never a difference.
    """
    out: dict[str, dict[str, Any]] = {}
    for field in (*SCALAR_FIELDS, *LIST_FIELDS):
        card, have = new.get(field), existing.get(field)
        if is_empty(card):
            continue
        if field == "emails":
            differs = bool({email_key(e) for e in card} - {email_key(e) for e in have or []})
        elif field == "phones":
            differs = bool(_numbers(card) - _numbers(have or []))
        else:
            differs = is_empty(have) or _comparable(field, have) != _comparable(field, card)
        if differs:
            out[field] = {"existing": have, "card": card}
    return out


def _copy(contact: ContactDict) -> ContactDict:
    out = dict(contact)
    for field in LIST_FIELDS:
        if field in out and out[field] is not None:
            out[field] = [dict(v) if isinstance(v, dict) else v for v in out[field]]
    return out


def _union(field: str, base: list[Any], extra: list[Any]) -> list[Any]:
    if field == "emails":
        out_emails, seen = list(base), {email_key(e) for e in base}
        for email in extra:
            if email_key(email) not in seen:
                seen.add(email_key(email))
                out_emails.append(email)
        return out_emails
    out = [dict(p) for p in base]
    by_number = {p.get("number") or p.get("raw"): p for p in out}
    for phone in extra:
        key = phone.get("number") or phone.get("raw")
        if key in by_number:
            if by_number[key].get("kind") is None and phone.get("kind"):
                by_number[key]["kind"] = phone["kind"]  # fill a missing kind, never replace one
        else:
            by_number[key] = dict(phone)
            out.append(by_number[key])
    return out


def merge_fields(
    base: ContactDict, extra: ContactDict, protected: Iterable[str] = ()
) -> ContactDict:
    """A new dict: ``base`` with its empty fields filled from ``extra`` and emails and phones
    unioned (base's first, no duplicates). Fields named in ``protected`` (corrected by hand)
    are left exactly as they are in ``base``."""
    keep = set(protected)
    out = _copy(base)
    for field, value in extra.items():
        if field in keep or is_empty(value):
            continue
        if field in LIST_FIELDS:
            out[field] = _union(field, out.get(field) or [], list(value))
        elif is_empty(out.get(field)):
            out[field] = value
    return out


def take_fields(base: ContactDict, extra: ContactDict, names: Iterable[str]) -> ContactDict:
    """The user's merge decision: for each named field ``extra``'s value replaces ``base``'s
    (emails and phones are unioned, base's first). A named field that ``extra`` lacks is
    skipped, so taking a field never clears it. Returns a new dict."""
    out = _copy(base)
    for field in names:
        value = extra.get(field)
        if is_empty(value):
            continue
        if field in LIST_FIELDS:
            out[field] = _union(field, out.get(field) or [], list(value))
        else:
            out[field] = value
    return out
