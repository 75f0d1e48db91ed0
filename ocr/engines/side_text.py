"""Text printed up or down the side of an upright card: a website, a slogan, a company name
running along the edge. An engine that reads tall boxes as if the card lay on its side reads
these badly or not at all; each is read again here turned both ways, keeping the better."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..models import Line, Word
from .lines import Quad, line_from_chars, quad_box

# A line read at least this sure, turned, is text along the edge (a turned logo or a pattern
# reads far worse both ways).
_SURE = 0.9
# Side text is a few lines beside many upright ones; more of it and the card may be turned.
_MIN_UPRIGHT_LINES = 4

# Reads an image of one text line: (text, score) or None.
ReadLine = Callable[[np.ndarray], tuple[str, float] | None]


def beside_upright_text(side: int, side_chars: int, upright: Sequence[Line]) -> bool:
    """Whether the tall boxes are side text on an upright card, not the lines of a card that
    lies on its side (those the pipeline turns whole instead)."""
    chars = sum(sum(c.isalnum() for c in ln.text) for ln in upright)
    return (
        len(upright) >= _MIN_UPRIGHT_LINES
        and side <= max(2, len(upright) // 4)
        and side_chars * 2 < chars
    )


def read_side_lines(
    pixels: np.ndarray, quads: Sequence[Quad], read: ReadLine, first_block: int
) -> list[Line]:
    """Each tall box read turned a quarter both ways; a confident reading becomes a line of
    its own block. Its words sit along the box, each as tall as the printed text (the box's
    width), so the parser sees text of its real size, not a line as tall as the card."""
    out: list[Line] = []
    h, w = pixels.shape[:2]
    for quad in quads:
        left, top, width, height = quad_box(quad)
        crop = pixels[max(0, top) : min(h, top + height), max(0, left) : min(w, left + width)]
        if crop.shape[0] < 8 or crop.shape[1] < 8:
            continue
        best: tuple[str, float, int] | None = None
        for k in (-1, 1):  # read downwards (turned clockwise), then upwards
            found = read(np.ascontiguousarray(np.rot90(crop, k=k)))
            if found and (best is None or found[1] > best[1]):
                best = (found[0], found[1], k)
        if best is None or best[1] < _SURE or sum(c.isalnum() for c in best[0]) < 3:
            continue
        text, score, k = best
        flat = np.array([[0, 0], [height, 0], [height, width], [0, width]], dtype=float)
        line = line_from_chars(text, score, flat, ())
        if line is None:
            continue
        words = []
        for word in line.words:
            x0, _, span, _ = word.box
            # Downwards the line's start is at the box's top; upwards at its bottom.
            y = top + x0 if k == -1 else top + height - x0 - span
            words.append(Word(word.text, word.conf, (left, y, width, width)))
        out.append(Line(tuple(words), (left, top, width, height), first_block + len(out), 1))
    return out
