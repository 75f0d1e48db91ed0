"""The space RapidOCR sometimes drops between two Latin words ("LotusHossain", "ALESSANDROFERRI"),
or between a one-letter label and what it labels ("Eiotstlabs@gmail.com" for "E iotstlabs@…").

Latin type is proportional: letters differ in width and their blank side-bearings differ too, so
a gap is judged against the line's own letters. A printed space shows twice at once: the ink gap
between the two letters is clearly wider than the line's usual letter gap (by a share of the
line's usual letter pitch, and several times over), and the letters' centres sit further apart
than the line's usual pitch. Kerning, "rn", all-caps and letter-spaced lines keep both near the
line's usual values; stems keep wider side-bearings than round letters, so "usual" is the
upper quartile of the line's letter gaps. A single letter is never split off the end of a word:
the recogniser's position for a word's last letter is often off. A single letter split off the
start of a word (a label: "E", "T", "M") needs much stronger evidence, as decorative initials
widen their gap. Only letters count: digits, dots and colons have side-bearings of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median, quantiles
from typing import Any

import numpy as np

from .cjk_spaces import blank_run, ink_columns
from .lines import is_cjk

# Beyond the line's usual gap (its upper quartile), in units of its usual letter pitch; the gap's
# ratio to the usual gap; the pitch's ratio to the usual pitch. Set on 28 generated cards (text
# known: no false space left) and ~40 real photos (dropped spaces in names and logos found; the
# letters inside words stayed whole).
_EXTRA_GAP = 0.18
_GAP_RATIO = 2.5
_PITCH_RATIO = 1.2
# A lone leading letter (a label glued on) must stand well clear of the rest of its word.
_LABEL_EXTRA_GAP = 0.6
_LABEL_PITCH_RATIO = 1.8
# A gap within a couple of pixels of the usual one is the ink threshold's noise on small print.
_MIN_EXTRA_PX = 3.0
# Where the recogniser did keep spaces between letters on the line, they show how wide a space is
# in this font: a restored one must be at least this share of their usual blank.
_SHARE_OF_SPACE = 0.7
# Character positions closer than this share of a letter's width are guesswork (a garbage line).
_LEAST_PITCH = 0.5
_MIN_PAIRS = 4  # letter pairs a line needs for its usual gap and pitch to mean anything


def _latin_letter(ch: str) -> bool:
    return ch.isalpha() and not is_cjk(ch)


def restore(text: str, chars: Sequence[tuple[str, float, Any]], pixels: np.ndarray) -> str:
    """``text`` with a space put back between Latin letters where one was printed.
    ``chars`` are the engine's (character, score, 4-point box) for the text's non-space
    characters, in order; ``pixels`` the grey image they were read from."""
    glyphs: list[str] = []
    breaks: set[int] = set()  # i: a space already follows glyph i
    for ch in text:
        if ch.isspace():
            breaks.add(len(glyphs) - 1)
        else:
            glyphs.append(ch)
    if len(chars) != len(glyphs):
        return text
    pairs = [
        i
        for i in range(len(glyphs) - 1)
        if i not in breaks and _latin_letter(glyphs[i]) and _latin_letter(glyphs[i + 1])
    ]
    if len(pairs) < _MIN_PAIRS + 1:
        return text
    boxes = [np.asarray(c[2], dtype=float).reshape(-1, 2) for c in chars]
    top = int(max(0, min(b[:, 1].min() for b in boxes)))
    bottom = int(max(b[:, 1].max() for b in boxes))
    if bottom - top < 8:
        return text
    ink = ink_columns(pixels, top, bottom)
    centres = [float(b[:, 0].mean()) for b in boxes]
    gaps = {i: blank_run(ink, centres[i], centres[i + 1]) for i in pairs}
    pitches = {i: centres[i + 1] - centres[i] for i in pairs}
    kept = [
        blank_run(ink, centres[i], centres[i + 1])
        for i in breaks
        if 0 <= i < len(glyphs) - 1 and _latin_letter(glyphs[i]) and _latin_letter(glyphs[i + 1])
    ]
    least = _SHARE_OF_SPACE * median(kept) if kept else 0.0
    # Character positions that crowd closer than half a letter's width are the recogniser's
    # guesswork on a line it could not read (garbage), not a measure of anything.
    widths = [float(np.ptp(b[:, 0])) for b in boxes]
    if median(pitches.values()) < _LEAST_PITCH * median(widths):
        return text
    spaced = set()
    for i in pairs:
        others = [j for j in pairs if j != i]
        # The upper quartile: stems ('n', 'i', 'h', 'ü') keep wider side-bearings than round
        # letters, and a space must stand clear of the wider of the two.
        usual_gap = quantiles([gaps[j] for j in others], n=4, method="inclusive")[2]
        usual_pitch = median(pitches[j] for j in others)
        if usual_pitch <= 0:
            return text
        before, after = _run_length(glyphs, breaks, i, -1), _run_length(glyphs, breaks, i + 1, 1)
        wide = (
            gaps[i] >= _GAP_RATIO * max(usual_gap, 1.0)
            and gaps[i] - usual_gap >= _MIN_EXTRA_PX
            and gaps[i] >= least
        )
        if after < 2 or not wide:
            continue
        extra = (gaps[i] - usual_gap) / usual_pitch
        pitch = pitches[i] / usual_pitch
        if before >= 2:
            if extra >= _EXTRA_GAP and pitch >= _PITCH_RATIO:
                spaced.add(i)
        elif _starts_word(breaks, i) and extra >= _LABEL_EXTRA_GAP and pitch >= _LABEL_PITCH_RATIO:
            spaced.add(i)
    # Both gaps around one letter wide: that letter is wider than its box says ('m', 'w'), not
    # a one-letter word in the middle of another.
    spaced -= {i for i in spaced if i - 1 in spaced or i + 1 in spaced}
    if not spaced:
        return text
    out = []
    for i, g in enumerate(glyphs):
        out.append(g)
        if i in spaced or i in breaks:
            out.append(" ")
    return "".join(out)


def _run_length(glyphs: list[str], breaks: set[int], i: int, step: int) -> int:
    """Letters or digits in a row from glyph ``i`` towards ``step`` (-1 left, 1 right), within
    its word ('H1006' after a label 'E' is not a lone letter)."""
    n = 0
    while 0 <= i < len(glyphs) and glyphs[i].isalnum() and not is_cjk(glyphs[i]):
        n += 1
        if (step < 0 and i - 1 in breaks) or (step > 0 and i in breaks):
            break
        i += step
    return n


def _starts_word(breaks: set[int], i: int) -> bool:
    return i == 0 or i - 1 in breaks
