"""What an OCR engine is to the pipeline, after OCRmyPDF's ``OcrEngine`` plugin spec.

An engine reads a prepared card image into lines of words with boxes and confidences, may guess
the image's orientation, and says clearly what to install when it cannot run. The pipeline only
ever holds an ``OcrEngine`` from the registry (``ocr.engines.get_engine``), never a named one.
"""

from __future__ import annotations

from typing import Protocol

from ..models import OcrResult, PreparedImage, Settings


class OcrEngine(Protocol):
    name: str
    """The value of ``ocr.engine`` that selects this engine, and the ``engine`` key in results."""

    max_side: int | None
    """The longest image side the engine reads at (it scales larger images down itself), so the
    pipeline prepares no larger image; None when the engine reads any size as given."""

    def check_available(self, settings: Settings) -> str:
        """Raise ``MissingDependencyError`` naming what to install; return a version string."""
        ...

    def read(self, prepared: PreparedImage, settings: Settings) -> OcrResult:
        """Words grouped in lines, top to bottom, boxes in ``prepared``'s pixel coordinates and
        confidences in 0..1 (comparable across engines: below ~0.6 is doubtful)."""
        ...

    def orientation(self, prepared: PreparedImage, settings: Settings) -> tuple[int, float] | None:
        """(degrees to turn the image clockwise to make its text upright, confidence 0..1), or
        None when the engine cannot tell. Only asked when a first read looks wrong."""
        ...
