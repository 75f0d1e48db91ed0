"""The stable JSON shape of an extraction (what ``cardfollow extract --json`` prints)."""

from __future__ import annotations

from typing import Any

from .models import Contact, Extraction, Phone


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


def contact_from_dict(data: dict[str, Any]) -> Contact:
    phones = tuple(
        Phone(number=p["number"], kind=p.get("kind", "other"), raw=p.get("raw", p["number"]))
        for p in data.get("phones") or ()
    )
    return Contact(
        full_name=data.get("full_name"),
        given_name=data.get("given_name"),
        family_name=data.get("family_name"),
        prefix=data.get("prefix"),
        suffix=data.get("suffix"),
        title=data.get("title"),
        company=data.get("company"),
        emails=tuple(data.get("emails") or ()),
        phones=phones,
        website=data.get("website"),
        address=data.get("address"),
        linkedin=data.get("linkedin"),
    )


def extraction_to_dict(result: Extraction) -> dict[str, Any]:
    return {
        "image": result.image,
        "status": "ok",
        "contact": contact_to_dict(result.contact),
        "confidence": dict(result.confidence),
        "flagged": list(result.flagged),
        "boxes": {k: [list(b) for b in v] for k, v in result.boxes.items()},
        "qr": result.qr,
        "card_found": result.card_found,
        "rotation": result.rotation,
        "raw_text": result.raw_text,
        "seconds": result.seconds,
    }


def error_to_dict(image: str, message: str, seconds: float) -> dict[str, Any]:
    return {"image": image, "status": "error", "error": message, "seconds": round(seconds, 3)}
