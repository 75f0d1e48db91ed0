"""Korean (Hangul) lines: RapidOCR's bundled recognition model has no Hangul in its alphabet
(kana, kanji and Hanzi, but not one Hangul syllable), so it reads a Korean line as a few unsure
Han characters or drops it. When a card shows signs of Korean, Tesseract's Korean model
(Debian's ``tesseract-ocr-kor``) reads the card once more; its lines that are Hangul replace what
the first engine made of them, and the first engine's other lines (emails, numbers and Latin text,
which it reads better) stay.

The signs, all cheap and from the first reading: a line of Han characters read unsure (what
Hangul becomes), or a Korean web domain (``.kr``) or ``+82`` number. The script itself is then
decided by what the Korean pass finds (enough Hangul syllables read with confidence); Tesseract's
OSD script guess is no help here, as it names the Latin script on a card with both.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from ..errors import MissingDependencyError, OcrError
from ..models import Box, Line, OcrResult, PreparedImage, Settings
from . import tesseract
from .lines import build_lines, is_cjk

KOREAN_MODEL = "kor"
# Tesseract's Korean model reads Latin letters as jamo: only its mostly-Hangul lines are kept.
_HANGUL_SHARE = 0.6
_MIN_SYLLABLES = 4  # on the whole card, read with confidence, before it counts as Korean
_MIN_LINE_SYLLABLES = 2  # a line of Latin text read by the Korean model has at most one
_SURE = 0.6  # a Tesseract word confidence (0..1) that counts as read
# What a Han line read from Hangul looks like: each character well under this probability, where
# real kanji and Hanzi print read at 0.95 and up.
_UNSURE_CHAR = 0.8
_KOREAN_HINT = re.compile(r"(?i)\.kr\b|\+\s?82\b")


def is_hangul(ch: str) -> bool:
    """A Hangul syllable. Loose jamo are left out: the Korean model reads Latin letters as them."""
    return 0xAC00 <= ord(ch) <= 0xD7AF


def may_be_korean(ocr: OcrResult) -> bool:
    """Signs in a first reading that the card has Korean lines the first engine could not read."""
    if _KOREAN_HINT.search(ocr.text):
        return True
    return any(_unsure_han(line) for line in ocr.lines)


def _unsure_han(line: Line) -> bool:
    for word in line.words:
        han = [c for c in word.text if is_cjk(c) and not is_hangul(c)]
        if han and word.conf ** (1 / max(1, len(word.text))) < _UNSURE_CHAR:
            return True
    return False


_log = logging.getLogger(__name__)


def missing_model(settings: Settings) -> str | None:
    """Why the Korean pass cannot run, naming what to install; None when it can. A card read
    without it loses its Hangul lines (name, title, address) silently otherwise."""
    try:
        tesseract.check_available(settings.tesseract_cmd, KOREAN_MODEL)
    except MissingDependencyError as exc:
        return (
            "the card may have Korean (Hangul) lines, which were not read: Tesseract's Korean "
            f"model is missing ({tesseract.install_hint(KOREAN_MODEL)}; {exc})"
        )
    return None


def korean_lines(prepared: PreparedImage, settings: Settings) -> tuple[Line, ...]:
    """Tesseract's Korean reading of the card, only its lines that are mostly Hangul; nothing
    when the Korean model is not installed (``missing_model`` says so) or the pass fails (the
    card is then read as the first engine read it, without its Hangul lines)."""
    korean = replace(settings, languages=KOREAN_MODEL)
    if missing_model(settings) is not None:
        return ()
    try:
        read = tesseract.read_spaced(prepared, korean)
    except OcrError:
        return ()  # a second opinion that failed (a timeout on a huge photo) costs the card nothing
    # Unsure lines go: on a whole photo the Korean model finds "Hangul" in wood grain and fabric.
    lines = tuple(ln for ln in read.lines if _mostly_hangul(ln.text) and _mean_conf(ln) >= _SURE)
    sure = sum(
        sum(1 for c in w.text if is_hangul(c)) for ln in lines for w in ln.words if w.conf >= _SURE
    )
    return lines if sure >= _MIN_SYLLABLES else ()


def _mean_conf(line: Line) -> float:
    return sum(w.conf for w in line.words) / max(1, len(line.words))


def _mostly_hangul(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    hangul = sum(map(is_hangul, letters))
    return hangul >= _MIN_LINE_SYLLABLES and hangul >= _HANGUL_SHARE * len(letters)


def unread(ocr: OcrResult, why: str) -> OcrResult:
    """``ocr`` carrying the warning that its Korean lines could not be read, also logged."""
    _log.warning("%s", why)
    return replace(ocr, warnings=(*ocr.warnings, why))


def with_korean(ocr: OcrResult, hangul: tuple[Line, ...]) -> OcrResult:
    """``ocr`` with the Hangul lines in, and the first reading's lines where they lie out."""
    if not hangul:
        return ocr
    kept = [ln for ln in ocr.lines if not any(_same_place(ln.box, h.box) for h in hangul)]
    lines = build_lines([*kept, *hangul])
    return replace(ocr, lines=lines, text="\n".join(ln.text for ln in lines))


def _same_place(a: Box, b: Box) -> bool:
    """Two readings of (part of) one printed line: they share at least half the taller one's
    height and overlap side to side. Not the shorter one's: Tesseract's box for a large name
    can reach down over the small Latin line under it, which is no reading of that name."""
    top = max(a[1], b[1])
    bottom = min(a[1] + a[3], b[1] + b[3])
    left = max(a[0], b[0])
    right = min(a[0] + a[2], b[0] + b[2])
    return bottom - top >= 0.5 * max(a[3], b[3]) and right > left


def syllables(ocr: OcrResult) -> int:
    """Hangul syllables in a reading (for tests and benchmarks)."""
    return sum(map(is_hangul, ocr.text))
