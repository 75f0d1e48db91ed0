"""Step 6b: combine what OCR read with what a QR code says; the QR's structured data wins."""

from __future__ import annotations

import re
from dataclasses import fields, replace

from .models import CONTACT_FIELDS, Contact, ParsedContact, QrResult
from .parse.company import abbreviates
from .parse.country import fold
from .parse.emails import same_but_separators, variants
from .parse.text import changed_chars
from .parse.web import registrable_domain

_QR_CONFIDENCE = 0.98  # decoded data has error correction; only a wrong code on the card beats it


def merge(parsed: ParsedContact, qr: QrResult | None) -> ParsedContact:
    if qr is None:
        return parsed
    updates: dict[str, object] = {}
    confidence = dict(parsed.confidence)
    boxes = dict(parsed.boxes)
    disagree: list[str] = []
    for f in fields(Contact):
        value = getattr(qr.contact, f.name)
        if value in (None, "", ()):
            continue
        if (
            qr.kind == "url"
            and f.name == "website"
            and (
                not _same_site(str(value), parsed.contact.website)
                or (parsed.contact.website and _has_path(str(value)))
            )
        ):
            # A bare link code is often a menu, a fact sheet or a QR service's redirect: the
            # website printed on the card is the firm's (a vCard's URL, by contrast, is data).
            # A page on the firm's own site ('shipsgo.com/business-card') is no better: the
            # printed site is the site.
            continue
        if (
            f.name == "company"
            and parsed.contact.company
            and abbreviates(str(value), parsed.contact.company)
        ):
            # ORG:HKSTP in the code, 'Hong Kong Science and Technology Parks Corporation'
            # printed: the contact's company is the full name as printed.
            continue
        printed = getattr(parsed.contact, f.name)
        if f.name in _WORDED and printed and not _same_wording(str(printed), str(value)):
            # The code and the card say it differently ('Vice President' coded, 'VP' printed):
            # either may be the one the person uses, so the user picks.
            disagree.append(f.name)
        if f.name in ("emails", "phones"):
            # Keep what OCR found beyond the QR's list (a second address printed on the card).
            ocr_values = getattr(parsed.contact, f.name)
            if f.name == "phones":
                if qr.kind == "mecard":
                    # MeCard's TEL carries no type; the label printed beside the number does.
                    printed = {p.number: p.kind for p in ocr_values}
                    value = tuple(replace(p, kind=printed.get(p.number, p.kind)) for p in value)
                seen = {p.number for p in value}
                value = tuple(value) + tuple(p for p in ocr_values if p.number not in seen)
            else:
                value = tuple(value) + tuple(
                    e
                    for e in ocr_values
                    if e not in value and not any(same_but_separators(e, q) for q in value)
                )
        updates[f.name] = value
        if f.name in CONTACT_FIELDS:
            confidence[f.name] = _QR_CONFIDENCE
            if qr.box is not None:
                boxes[f.name] = (qr.box,)
    return ParsedContact(
        contact=replace(parsed.contact, **updates),
        confidence=confidence,
        boxes=boxes,
        doubtful=tuple(f for f in parsed.doubtful if f not in updates) + tuple(disagree),
    )


# Fields a person words: a code and the printed card may word them differently.
_WORDED = ("full_name", "title", "company")


def _same_wording(printed: str, coded: str) -> bool:
    """The printed reading is the code's text up to case, punctuation and a misread or two
    (which the code, with its error correction, puts right)."""
    a, b = (re.sub(r"[\W_]+", "", fold(t)) for t in (printed, coded))
    return changed_chars(a, b) <= min(2, len(b) // 8)


def _has_path(url: str) -> bool:
    return "/" in url.split("://", 1)[-1].strip("/")


def _same_site(url: str, printed: str | None) -> bool:
    """The code's link is on the printed website's domain (or one OCR slip from it); with no
    website printed, the code's link is the best there is."""
    if not printed:
        # A bare domain is the site; a link with a path is a page on a QR service or a menu.
        return not _has_path(url)
    a, b = registrable_domain(url), registrable_domain(printed)
    return a == b or b in variants(a)
