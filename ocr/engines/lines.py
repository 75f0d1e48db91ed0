"""From a line engine's output (a text line, its quadrilateral, its score, per-character boxes and
scores) to the parser's ``Line``/``Word`` model: words with their own boxes and confidences, and
lines grouped in blocks the way Tesseract groups them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from ..models import Box, Line, Word

Quad = np.ndarray
"""4 x 2 corner points (x, y) of a text box, in image pixels."""

# Without per-character scores, a line's score (the mean probability of its characters) is all
# there is: garbage still scores 0.5-0.8, clean print 0.95 and up. Stretched from [0.5, 1] onto
# [0, 1] it reads like Tesseract's word confidence, which the pipeline's thresholds assume.
_FLOOR = 0.5


def is_cjk(ch: str) -> bool:
    """Han, kana, Hangul and their punctuation: scripts written without spaces between words."""
    code = ord(ch)
    return (
        0x3000 <= code <= 0x30FF  # CJK punctuation, hiragana, katakana
        or 0x3400 <= code <= 0x9FFF  # Han
        or 0xAC00 <= code <= 0xD7AF  # Hangul syllables
        or 0x1100 <= code <= 0x11FF  # Hangul jamo
        or 0xF900 <= code <= 0xFAFF  # Han compatibility
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
    )


def stretch(score: float) -> float:
    return round(min(1.0, max(0.0, (score - _FLOOR) / (1.0 - _FLOOR))), 4)


def quad_box(points: Any) -> Box:
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    left, top = int(np.floor(pts[:, 0].min())), int(np.floor(pts[:, 1].min()))
    right, bottom = int(np.ceil(pts[:, 0].max())), int(np.ceil(pts[:, 1].max()))
    return max(0, left), max(0, top), max(1, right - max(0, left)), max(1, bottom - max(0, top))


def line_from_chars(
    text: str, score: float, quad: Quad, chars: Sequence[tuple[str, float, Any]]
) -> Line | None:
    """One line; words get the union of their characters' boxes and the product of their
    characters' probabilities when the engine gave them, else a share of the line's width in
    proportion to their letters and the line's stretched score."""
    text = " ".join(text.split())
    if not text:
        return None
    box = quad_box(quad)
    spans = _word_spans(text)
    glyphs = [c for c in text if not c.isspace()]
    usable = len(chars) == len(glyphs) and all(
        str(c[0]) == g and c[2] is not None for c, g in zip(chars, glyphs, strict=True)
    )
    words = []
    if usable:
        start = 0
        for word_text, _, _ in spans:
            n = len(word_text)
            mine = chars[start : start + n]
            start += n
            # The chance that every letter is right: one doubtful letter spoils a word.
            conf = float(np.prod([float(c[1]) for c in mine]))
            wbox = quad_box(np.concatenate([np.asarray(c[2], dtype=float) for c in mine]))
            # Character boxes may stop short of the line's ink top and bottom: keep the line's.
            words.append(Word(word_text, round(conf, 4), (wbox[0], box[1], wbox[2], box[3])))
    else:
        left, top, width, height = box
        for word_text, a, b in spans:
            x0 = left + round(width * a / len(text))
            x1 = left + round(width * b / len(text))
            words.append(Word(word_text, stretch(score), (x0, top, max(1, x1 - x0), height)))
    return Line(words=tuple(words), box=box, block=0, paragraph=0)


def _word_spans(text: str) -> list[tuple[str, int, int]]:
    spans, pos = [], 0
    for word in text.split(" "):
        spans.append((word, pos, pos + len(word)))
        pos += len(word) + 1
    return spans


def build_lines(lines: Sequence[Line]) -> tuple[Line, ...]:
    """Lines top to bottom, then left to right, each in a block with the lines right above it
    in the same column (a person's name and title; an address)."""
    ordered = sorted(lines, key=lambda ln: (ln.box[1] + ln.box[3] / 2, ln.box[0]))
    out: list[Line] = []
    for line in ordered:
        block = _block_above(line, out) or max((ln.block for ln in out), default=0) + 1
        out.append(replace(line, block=block, paragraph=1))
    return tuple(out)


def _block_above(line: Line, placed: list[Line]) -> int | None:
    left, top, width, height = line.box
    best: tuple[float, int] | None = None
    for other in placed:
        o_left, o_top, o_width, o_height = other.box
        gap = top - (o_top + o_height)
        size = max(height, o_height)
        overlap = min(left + width, o_left + o_width) - max(left, o_left)
        near = -0.5 * size <= gap <= 0.8 * size
        aligned = overlap > 0 or abs(left - o_left) <= size
        if near and aligned and (best is None or gap < best[0]):
            best = (gap, other.block)
    return best[1] if best else None
