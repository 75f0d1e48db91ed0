"""The work on one photo, as a function of (photo, settings) alone: it can run in a worker
process or on another machine, and returns plain, picklable data."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from PIL import Image

from ocr.errors import CardfollowError, MissingDependencyError
from ocr.models import Settings
from ocr.pipeline import NoTextError, extract_with_view
from ocr.serialize import extraction_to_dict

_VIEW_QUALITY = 88


@dataclass(frozen=True)
class Reading:
    photo: str
    extraction: dict[str, Any] | None  # the extract JSON shape; None when the photo failed
    view_jpeg: bytes | None  # the straightened card, in the geometry of the boxes
    error: str | None = None
    no_text: bool = False  # readable image, nothing on it: maybe the back of a card


def read_card(photo: str, settings: Settings) -> Reading:
    """Never raises for a bad photo (the error is in the Reading); a missing Tesseract or
    language pack does raise, since every other photo would fail the same way."""
    try:
        extraction, view = extract_with_view(photo, settings)
    except MissingDependencyError:
        raise
    except NoTextError as exc:
        return Reading(photo, None, None, str(exc), no_text=True)
    except CardfollowError as exc:
        return Reading(photo, None, None, str(exc))
    except MemoryError:
        return Reading(photo, None, None, f"{photo}: not enough memory to read this image")
    buf = io.BytesIO()
    Image.fromarray(view).save(buf, format="JPEG", quality=_VIEW_QUALITY, optimize=True)
    return Reading(photo, extraction_to_dict(extraction), buf.getvalue())
