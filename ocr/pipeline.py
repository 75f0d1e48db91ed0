"""Photo to contact, top to bottom: load, locate, prepare, OCR (upright), QR, parse, merge.

``extract(path, settings)`` depends on nothing but its arguments, so it can run in a worker
process or on another machine.
"""

from __future__ import annotations

import os
import time

from . import orient, qr, tesseract
from .errors import OcrError
from .load import load
from .locate import locate
from .merge import merge
from .models import CONTACT_FIELDS, Extraction, OcrResult, PreparedImage, Settings
from .parse import parse_contact
from .prepare import prepare

_MIN_READABLE_CHARS = 6  # confidently read letters and digits below which we call it "no text"
_IDENTIFYING = ("full_name", "company", "emails", "phones", "website")


class NoTextError(OcrError):
    """Nothing readable: no card in the photo, a blank card, or a photo far too blurred."""


def extract(path: str | os.PathLike[str], settings: Settings | None = None) -> Extraction:
    settings = settings or Settings()
    started = time.perf_counter()
    tesseract.check_available(settings.tesseract_cmd, settings.languages)

    photo = load(path, settings)
    card = locate(photo)
    prepared = prepare(card, settings)
    prepared, ocr, rotation = _read_upright(prepared, settings)
    # The prepared image gives boxes in OCR coordinates; the colour card is the fallback for codes
    # that lighting correction or inversion damaged.
    code = qr.decode(prepared.pixels, settings) or qr.decode(card.pixels, settings, keep_box=False)
    if orient.readability(ocr) < _MIN_READABLE_CHARS and code is None:
        raise NoTextError(
            f"{photo.path}: no readable text found; is there a business card in the photo, "
            "in focus and not too small?"
        )
    parsed = merge(parse_contact(ocr, settings), code)
    if not any(_has_value(getattr(parsed.contact, f)) for f in _IDENTIFYING):
        raise NoTextError(
            f"{photo.path}: text found, but no name, company, email, phone or website; "
            "is this a business card?"
        )

    confidence = {f: round(float(parsed.confidence.get(f, 0.0)), 3) for f in CONTACT_FIELDS}
    flagged = tuple(
        f
        for f in CONTACT_FIELDS
        if _has_value(getattr(parsed.contact, f)) and confidence[f] < settings.review_threshold
    )
    return Extraction(
        image=str(path),
        contact=parsed.contact,
        confidence=confidence,
        boxes=parsed.boxes,
        flagged=flagged,
        raw_text=ocr.text,
        qr=code is not None,
        seconds=round(time.perf_counter() - started, 3),
        card_found=card.found_outline,
        rotation=rotation,
    )


def _read_upright(
    prepared: PreparedImage, settings: Settings
) -> tuple[PreparedImage, OcrResult, int]:
    ocr = tesseract.read(prepared, settings)
    if orient.looks_upright(ocr):
        return prepared, ocr, 0
    best = (orient.readability(ocr), prepared, ocr, 0)
    guess = tesseract.osd_rotation(prepared.pixels, settings)
    if guess is None and best[0] == 0:
        return prepared, ocr, 0  # nothing that looks like text in any direction: don't spin
    h, w = prepared.pixels.shape[:2]
    for degrees in orient.candidates(guess[0] if guess else None, portrait=h > w):
        turned = orient.rotate(prepared, degrees)
        turned_ocr = tesseract.read(turned, settings)
        score = orient.readability(turned_ocr)
        if score > best[0]:
            best = (score, turned, turned_ocr, degrees)
        if orient.looks_upright(turned_ocr):
            break
    return best[1], best[2], best[3]


def _has_value(value: object) -> bool:
    return value not in (None, "", ())
