"""The narrow space printed between CJK words ("営業部 部長", "小林 陽子"), which RapidOCR's
recogniser drops: its alphabet has a space, but a CJK line is read as one run of characters.

Han characters are set on a fixed pitch and fill their square, so the blank between two of them
is about the same all along a line. A printed space (a quarter to a whole square) shows twice:
the ink gap between the two characters is clearly wider than the line's usual gap, and the
characters' centres (from the per-character boxes) sit further apart than the line's usual
pitch. Both must hold: a glyph that leaves its square part empty (some kana: ト, ソ) widens the ink
gap alone, and the recogniser's coarse character positions make the pitch alone noisy. Only
pairs of Han characters count; kana glyphs are too uneven in width to judge. A line with one
pair has nothing to compare with: names are often letter-spaced ("渡 邊"), and a lone wide gap
there is spacing, not a word break.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median
from typing import Any

import cv2
import numpy as np

# Beyond the line's usual ink gap and pitch, in units of the line's height (about a square).
_EXTRA_GAP = 0.15
_EXTRA_PITCH = 0.1


def is_han(ch: str) -> bool:
    code = ord(ch)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF


def restore(text: str, chars: Sequence[tuple[str, float, Any]], pixels: np.ndarray) -> str:
    """``text`` with a space put back between Han characters where one was printed.
    ``chars`` are the engine's (character, score, 4-point box) for the text's non-space
    characters, in order; ``pixels`` the grey image they were read from."""
    glyphs = [c for c in text if not c.isspace()]
    if len(chars) != len(glyphs) or sum(map(is_han, glyphs)) < 2 or " " in text:
        return text
    boxes = [np.asarray(c[2], dtype=float).reshape(-1, 2) for c in chars]
    top = int(max(0, min(b[:, 1].min() for b in boxes)))
    bottom = int(max(b[:, 1].max() for b in boxes))
    height = bottom - top
    if height < 8:
        return text
    ink = ink_columns(pixels, top, bottom)
    centres = [float(b[:, 0].mean()) for b in boxes]
    pairs = [i for i in range(len(glyphs) - 1) if is_han(glyphs[i]) and is_han(glyphs[i + 1])]
    gaps = {i: blank_run(ink, centres[i], centres[i + 1]) for i in pairs}
    pitches = {i: centres[i + 1] - centres[i] for i in pairs}
    spaced = []
    for i in pairs:
        others = [j for j in pairs if j != i]
        if not others:
            break
        usual_gap = median(gaps[j] for j in others)
        usual_pitch = median(pitches[j] for j in others)
        if (
            gaps[i] >= usual_gap + _EXTRA_GAP * height
            and pitches[i] >= usual_pitch + _EXTRA_PITCH * height
        ):
            spaced.append(i)
    if not spaced:
        return text
    out = []
    for i, g in enumerate(glyphs):
        out.append(g)
        if i in spaced:
            out.append(" ")
    return "".join(out)


def ink_columns(pixels: np.ndarray, top: int, bottom: int) -> np.ndarray:
    """Per column of the line's band: whether it holds any ink (Otsu within the band)."""
    band = pixels[top:bottom]
    if band.ndim == 3:
        band = cv2.cvtColor(band, cv2.COLOR_RGB2GRAY)
    if band.size == 0 or int(band.max()) - int(band.min()) < 32:
        return np.zeros(pixels.shape[1], bool)
    _, ink = cv2.threshold(band, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink.sum(axis=0) > 0


def blank_run(ink: np.ndarray, left: float, right: float) -> float:
    """The longest run of inkless columns between two characters' centres."""
    best = run = 0
    for has_ink in ink[max(0, int(left)) : max(0, int(right)) + 1]:
        run = 0 if has_ink else run + 1
        best = max(best, run)
    return float(best)
