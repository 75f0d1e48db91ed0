"""Making the text upright when the card lies at 90, 180 or 270 degrees.

Most cards arrive upright (EXIF handled on load, landscape after warping), so the first OCR pass is
usually the only one. Only a pass that reads badly pays for Tesseract's orientation check and one
more read of the turned image.
"""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from .models import OcrResult, PreparedImage

_GOOD_WORD_CONF = 0.7
_PLENTY = 60  # confidently read letters and digits
_EDGE = 0.01  # of the image's longer side: text this close to the border runs off the image
_TALL = 1.5  # a line box this many times taller than wide is a line turned by a quarter


def readability(ocr: OcrResult) -> float:
    """Characters in confidently read words: high for upright text, near zero for upside-down."""
    total = 0
    for line in ocr.lines:
        for word in line.words:
            alnum = sum(ch.isalnum() for ch in word.text)
            if word.conf >= _GOOD_WORD_CONF and alnum >= 2:
                total += alnum
    return float(total)


def looks_upright(ocr: OcrResult) -> bool:
    words = [w for line in ocr.lines for w in line.words if sum(c.isalnum() for c in w.text) >= 2]
    if len(words) < 3:
        return False
    if _mostly_tall(ocr):
        return False  # the lines run down the image: a card on its side
    good = sum(1 for w in words if w.conf >= _GOOD_WORD_CONF)
    score = readability(ocr)
    # Plenty of confidently read text is upright whatever else is there (a QR code or a logo
    # adds many junk "words"); upside-down text never reads that well.
    return score >= _PLENTY or (good / len(words) >= 0.6 and score >= 20)


def _mostly_tall(ocr: OcrResult) -> bool:
    """Most of the text in boxes taller than wide. Engines that turn tall boxes before reading
    them (RapidOCR keeps CJK ones, which may be vertical writing) read a card lying on its side
    as if it were upright; turning the image and comparing the readings settles it."""
    tall = total = 0
    for line in ocr.lines:
        n = sum(ch.isalnum() for ch in line.text)
        total += n
        if line.box[3] >= _TALL * line.box[2]:
            tall += n
    return total > 0 and tall > total / 2


def runs_off(ocr: OcrResult) -> bool:
    """Some text line touches the image's border. Printed text keeps a margin from a card's
    edge, so on a located card this means the outline cut through the card: a logo block, a
    column of text or a band taken for the whole card, or one side of it drawn too far in."""
    w, h = ocr.image_size
    m = _EDGE * max(w, h)
    for line in ocr.lines:
        x, y, bw, bh = line.box
        edge = x <= m or y <= m or x + bw >= w - m or y + bh >= h - m
        if edge and sum(ch.isalnum() for ch in line.text) >= 2:
            return True
    return False


def rotate(prepared: PreparedImage, degrees_clockwise: int) -> PreparedImage:
    turns = (degrees_clockwise // 90) % 4
    # np.rot90 turns counter-clockwise for positive k.
    pixels = np.ascontiguousarray(np.rot90(prepared.pixels, k=-turns))
    return replace(prepared, pixels=pixels)


def preview(prepared: PreparedImage, long_side: int = 1400) -> PreparedImage:
    """A smaller copy for trying turns: enough to tell upright text, at a fraction of the cost."""
    h, w = prepared.pixels.shape[:2]
    scale = long_side / max(h, w)
    if scale >= 1:
        return prepared
    pixels = cv2.resize(
        prepared.pixels, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA
    )
    return PreparedImage(
        pixels=pixels, scale=prepared.scale * scale, inverted_regions=prepared.inverted_regions
    )


def candidates(osd_guess: int | None, portrait: bool) -> list[int]:
    """Rotations to try after a bad upright read, most likely first."""
    order = [180, 90, 270] if not portrait else [90, 270, 180]
    if osd_guess:
        order.remove(osd_guess)
        order.insert(0, osd_guess)
    return order
