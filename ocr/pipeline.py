"""Photo to contact, top to bottom: load, locate, prepare, OCR (upright), QR, parse, merge.

The OCR engine is whichever ``settings.engine`` names (``ocr/engines/``); nothing here knows
which one it is.

``extract(path, settings)`` depends on nothing but its arguments, so it can run in a worker
process or on another machine.
"""

from __future__ import annotations

import os
import time

import numpy as np

from . import orient, qr
from .confidence import calibrate_all, flag_fields
from .confidence_features import field_features
from .engines import OcrEngine, get_engine
from .errors import OcrError
from .load import load
from .locate import locate
from .memory import release_memory
from .merge import merge
from .models import (
    CardImage,
    Extraction,
    LoadedImage,
    OcrResult,
    PreparedImage,
    Settings,
)
from .parse import parse_contact
from .prepare import prepare, view

_MIN_READABLE_CHARS = 6  # confidently read letters and digits below which we call it "no text"
# Fewer confidently read characters than this on a located card: a card's name, number and
# address alone are more, so the outline may hold only part of the card.
_FEW_CHARS = 60
_IDENTIFYING = ("full_name", "company", "emails", "phones", "website")


class NoTextError(OcrError):
    """Nothing readable: no card in the photo, a blank card, or a photo far too blurred."""


def extract(path: str | os.PathLike[str], settings: Settings | None = None) -> Extraction:
    return extract_with_view(path, settings)[0]


def extract_with_view(
    path: str | os.PathLike[str], settings: Settings | None = None
) -> tuple[Extraction, np.ndarray]:
    """The extraction, and the straightened card in colour (RGB) in the geometry of its boxes."""
    try:
        return _extract_with_view(path, settings or Settings())
    finally:
        release_memory()  # the photo's buffers are free now: keep a worker's size flat


def _extract_with_view(
    path: str | os.PathLike[str], settings: Settings
) -> tuple[Extraction, np.ndarray]:
    started = time.perf_counter()
    engine = get_engine(settings.engine)
    engine.check_available(settings)

    photo = load(path, settings)
    card, prepared, ocr, rotation = _read(engine, photo, locate(photo), settings)
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

    features = field_features(parsed, ocr, parsed.confidence)
    confidence = calibrate_all(parsed.confidence, engine.name, features)
    flagged = flag_fields(parsed.contact, confidence, settings.review_threshold, parsed.doubtful)
    extraction = Extraction(
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
        engine=engine.name,
        warnings=ocr.warnings,
    )
    return extraction, view(card, prepared, rotation)


def _read(
    engine: OcrEngine, photo: LoadedImage, card: CardImage, settings: Settings
) -> tuple[CardImage, PreparedImage, OcrResult, int]:
    """OCR the card, upright. Usually one pass; the fallbacks below only run when that pass
    reads badly: first quarter turns, then the whole photo, when the outline may not be the
    card's (it followed a light streak or a shadow, or a logo block or a column of text on a
    card that fills the photo: its text then runs off the outline, or there is little of it)."""
    prepared = prepare(card, settings, engine.max_side)
    ocr = engine.read(prepared, settings)
    rotation = 0
    if not orient.looks_upright(ocr):
        prepared, ocr, rotation = _turn_upright(engine, prepared, ocr, settings)
    doubtful = not orient.looks_upright(ocr) or orient.runs_off(ocr)
    if not card.found_outline or not (doubtful or orient.readability(ocr) < _FEW_CHARS):
        return card, prepared, ocr, rotation
    whole = CardImage(pixels=photo.pixels, found_outline=False, corners=None)
    whole_prepared = prepare(whole, settings, engine.max_side)
    whole_ocr = engine.read(whole_prepared, settings)
    whole_rotation = 0
    if not orient.looks_upright(whole_ocr):
        whole_prepared, whole_ocr, whole_rotation = _turn_upright(
            engine, whole_prepared, whole_ocr, settings
        )
    if orient.readability(whole_ocr) > orient.readability(ocr):
        return whole, whole_prepared, whole_ocr, whole_rotation
    return card, prepared, ocr, rotation


def _turn_upright(
    engine: OcrEngine, prepared: PreparedImage, ocr: OcrResult, settings: Settings
) -> tuple[PreparedImage, OcrResult, int]:
    """Find the quarter turn that reads best, trying turns on a small preview first."""
    guess = engine.orientation(prepared, settings)
    if guess is None and orient.readability(ocr) == 0:
        return prepared, ocr, 0  # nothing that looks like text in any direction: don't spin
    preview = orient.preview(prepared)
    h, w = prepared.pixels.shape[:2]
    best_score, best_turn, best_ocr = 0.0, 0, ocr
    for degrees in orient.candidates(guess[0] if guess else None, portrait=h > w):
        turned_ocr = engine.read(orient.rotate(preview, degrees), settings)
        score = orient.readability(turned_ocr)
        if score > best_score:
            best_score, best_turn, best_ocr = score, degrees, turned_ocr
        if orient.looks_upright(turned_ocr):
            break
    if best_turn == 0:
        return prepared, ocr, 0
    turned = orient.rotate(prepared, best_turn)
    # A card small enough needs no preview: the turn just read is the whole card already.
    turned_ocr = best_ocr if preview is prepared else engine.read(turned, settings)
    if orient.readability(turned_ocr) <= orient.readability(ocr):
        return prepared, ocr, 0
    return turned, turned_ocr, best_turn


def _has_value(value: object) -> bool:
    return value not in (None, "", ())
