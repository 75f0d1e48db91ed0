"""The stable JSON shape of an extraction (what ``cardfollow extract --json`` prints)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from .models import Contact, Extraction


class ExtractStatus(StrEnum):
    """An image's ``status`` in the JSON: read, or not (with its ``error``)."""

    OK = "ok"
    ERROR = "error"


def contact_to_dict(contact: Contact) -> dict[str, Any]:
    return {
        "full_name": contact.full_name,
        "given_name": contact.given_name,
        "family_name": contact.family_name,
        "prefix": contact.prefix,
        "suffix": contact.suffix,
        "title": contact.title,
        "company": contact.company,
        "emails": list(contact.emails),
        "phones": [{"number": p.number, "kind": p.kind, "raw": p.raw} for p in contact.phones],
        "website": contact.website,
        "address": contact.address,
        "linkedin": contact.linkedin,
    }


def extraction_to_dict(result: Extraction) -> dict[str, Any]:
    return {
        "image": result.image,
        "status": ExtractStatus.OK,
        "contact": contact_to_dict(result.contact),
        "confidence": dict(result.confidence),
        "flagged": list(result.flagged),
        "boxes": {k: [list(b) for b in v] for k, v in result.boxes.items()},
        "qr": result.qr,
        "card_found": result.card_found,
        "rotation": result.rotation,
        "engine": result.engine,
        "warnings": list(result.warnings),
        "raw_text": result.raw_text,
        "seconds": result.seconds,
    }


def error_to_dict(image: str, message: str, seconds: float) -> dict[str, Any]:
    return {
        "image": image,
        "status": ExtractStatus.ERROR,
        "error": message,
        "seconds": round(seconds, 3),
    }
