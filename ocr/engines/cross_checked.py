"""The default engine: RapidOCR reads the card; Tesseract reads again each line that claims an
email, a web address or a phone number that does not validate, and whichever reading validates
is kept. RapidOCR reads print and photos better overall; Tesseract sometimes gets the one
character RapidOCR misses in an address or a number, at the cost of a line-sized pass. A card that
shows signs of Korean is read once more with Tesseract's Korean model for its Hangul lines, which
RapidOCR's bundled model cannot read (``hangul.py``)."""

from __future__ import annotations

from dataclasses import replace

from ..models import Line, OcrResult, PreparedImage, Settings, Word
from . import hangul, tesseract
from .checks import claims_contact, well_formed
from .rapidocr import RapidOcrEngine

_SINGLE_LINE_PSM = 7
_PAD = 0.25  # of the line's height, around the crop Tesseract reads


class CrossCheckedEngine:
    name = "auto"

    def __init__(self) -> None:
        self._first = RapidOcrEngine()
        self._second = tesseract.TesseractEngine()
        self.max_side = self._first.max_side

    def check_available(self, settings: Settings) -> str:
        first = self._first.check_available(settings)
        second = self._second.check_available(settings)
        return f"rapidocr {first}, tesseract {second}"

    def read(self, prepared: PreparedImage, settings: Settings) -> OcrResult:
        ocr = self._first.read(prepared, settings)
        lines = list(ocr.lines)
        changed = False
        for i, line in enumerate(lines):
            text = line.text
            if not claims_contact(text) or well_formed(text, settings.default_region):
                continue
            other = _read_line(prepared, line, settings)
            if other is not None and well_formed(other.text, settings.default_region):
                lines[i], changed = other, True
        if changed:
            ocr = replace(ocr, lines=tuple(lines), text="\n".join(ln.text for ln in lines))
        if hangul.may_be_korean(ocr):
            missing = hangul.missing_model(settings)
            if missing is not None:
                return hangul.unread(ocr, missing)
            ocr = hangul.with_korean(ocr, hangul.korean_lines(prepared, settings))
        return ocr

    def orientation(self, prepared: PreparedImage, settings: Settings) -> tuple[int, float] | None:
        return self._first.orientation(prepared, settings)


def _read_line(prepared: PreparedImage, line: Line, settings: Settings) -> Line | None:
    """Tesseract's reading of the one line in ``line.box``, in the card's coordinates."""
    left, top, width, height = line.box
    pad = max(2, round(_PAD * height))
    img_h, img_w = prepared.pixels.shape[:2]
    x0, y0 = max(0, left - pad), max(0, top - pad)
    x1, y1 = min(img_w, left + width + pad), min(img_h, top + height + pad)
    crop = replace(prepared, pixels=prepared.pixels[y0:y1, x0:x1].copy())
    read = tesseract.read(crop, settings, psm=_SINGLE_LINE_PSM)
    words = tuple(
        Word(w.text, w.conf, (w.box[0] + x0, w.box[1] + y0, w.box[2], w.box[3]))
        for ln in read.lines
        for w in ln.words
    )
    if not words:
        return None
    return Line(words=words, box=line.box, block=line.block, paragraph=line.paragraph)
