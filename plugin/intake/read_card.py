"""The work on one photo, as a function of (photo, settings) alone: it can run in a worker
process or on another machine, and returns plain, picklable data."""

from __future__ import annotations

import io
import os
import tempfile
import time
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from ocr.errors import CardfollowError, MissingDependencyError
from ocr.models import Settings
from ocr.pipeline import NoTextError, extract_with_view
from ocr.serialize import error_to_dict, extraction_to_dict

_VIEW_QUALITY = 88


@dataclass(frozen=True)
class Reading:
    photo: str
    extraction: dict[str, Any] | None  # the extract JSON shape; None when the photo failed
    view_jpeg: bytes | None  # the straightened card, in the geometry of the boxes
    error: str | None = None
    no_text: bool = False  # readable image, nothing on it: maybe the back of a card
    seconds: float = 0.0


def read_card(photo: str, settings: Settings, with_view: bool = True) -> Reading:
    """Never raises for a bad photo (the error is in the Reading); a missing Tesseract or
    language pack does raise, since every other photo would fail the same way. ``with_view``: also
    the straightened card as a JPEG (the review page shows it; ``extract`` does not need it)."""
    started = time.perf_counter()
    try:
        extraction, view = extract_with_view(photo, settings)
    except MissingDependencyError:
        raise
    except NoTextError as exc:
        return Reading(photo, None, None, str(exc), no_text=True, seconds=_since(started))
    except CardfollowError as exc:
        return Reading(photo, None, None, str(exc), seconds=_since(started))
    except MemoryError:
        return Reading(
            photo,
            None,
            None,
            f"{photo}: not enough memory to read this image",
            seconds=_since(started),
        )
    except Exception as exc:  # a bug must cost one card, not the batch
        error = f"{photo}: internal error: {type(exc).__name__}: {exc}"
        return Reading(photo, None, None, error, seconds=_since(started))
    if not with_view:
        return Reading(photo, extraction_to_dict(extraction), None, seconds=_since(started))
    buf = io.BytesIO()
    Image.fromarray(view).save(buf, format="JPEG", quality=_VIEW_QUALITY, optimize=True)
    return Reading(photo, extraction_to_dict(extraction), buf.getvalue(), seconds=_since(started))


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)


def reading_to_dict(reading: Reading) -> dict[str, Any]:
    """The reading as ``cardfollow extract --json`` prints it: the extraction, or the error."""
    if reading.extraction is not None:
        return reading.extraction
    return error_to_dict(reading.photo, reading.error or "not read", reading.seconds)


def warm_up(settings: Settings) -> None:
    """Read a made-up card once, in a fresh worker: the OCR engine loads its models (seconds)
    now, not while the first real photo waits."""
    card = Image.new("RGB", (1050, 600), "white")
    draw = ImageDraw.Draw(card)
    font = ImageFont.load_default(size=44)
    for i, line in enumerate(("Warm Up", "Example Ltd", "warm@example.com", "+44 20 7946 0000")):
        draw.text((70, 70 + i * 70), line, fill="black", font=font)
    fd, path = tempfile.mkstemp(suffix=".png")
    try:
        with os.fdopen(fd, "wb") as out:
            card.save(out, format="PNG")
        read_card(path, settings, with_view=False)
    finally:
        os.unlink(path)
