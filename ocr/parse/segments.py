"""Segments: pieces of OCR lines that hold one field each, with their geometry, and the
field values the parser collects from them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ocr.models import Box, Line, OcrResult, Word
from ocr.parse.text import clean

_SEPARATORS = frozenset("|•·∙●◦▪■/–—")


@dataclass
class Segment:
    """Part of a Tesseract line: the whole line, or one of several fields printed side by side."""

    index: int  # position in reading order
    line_no: int
    words: list[Word]
    block: int
    used: bool = False
    # The separator glyph printed before this piece of its line ('/' in 'Director / Manager'),
    # '' after a wide gap or at the line's start: two roles are joined as printed.
    sep_before: str = ""
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = clean(" ".join(w.text for w in self.words))

    @property
    def height(self) -> int:
        hs = sorted(w.box[3] for w in self.words)
        return hs[len(hs) // 2] if hs else 0

    @property
    def top(self) -> int:
        return min(w.box[1] for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.box[1] + w.box[3] for w in self.words)

    @property
    def left(self) -> int:
        return min(w.box[0] for w in self.words)

    @property
    def right(self) -> int:
        return max(w.box[0] + w.box[2] for w in self.words)

    @property
    def conf(self) -> float:
        return mean_conf(self.words)

    @property
    def boxes(self) -> tuple[Box, ...]:
        return tuple(w.box for w in self.words)

    def words_in_span(self, start: int, end: int) -> list[Word]:
        """The words whose characters fall into [start, end) of ``text``."""
        out: list[Word] = []
        pos = 0
        for word in self.words:
            text = clean(word.text)
            if not text:
                continue
            w_start = self.text.find(text, pos)
            if w_start < 0:
                w_start = pos
            w_end = w_start + len(text)
            pos = w_end
            if w_start < end and w_end > start:
                out.append(word)
        return out or list(self.words)


def _split_word(word: Word) -> list[Word]:
    """'anna@x.de|www.x.de' -> two words: a separator glued between fields (not between digits)."""
    parts = re.split(r"(?<=[^\d\s])[|•·](?=[^\d\s])|\s[|•·]\s?", word.text)
    if len(parts) == 1:
        return [word]
    return [Word(p, word.conf, word.box) for p in parts if p.strip()]


def _is_crumb(word: Word, others: list[Word]) -> bool:
    """A logo mark read as a glyph ('O', '@', 'iI]') at the edge of a line.

    Logos sit next to the company name and are taller than its letters; Tesseract reads them as
    a short 'word' with a box clearly higher than the text's, or with little confidence.
    """
    text = clean(word.text)
    if len(text) > 3 or not others:
        return False
    if re.match(r"[+(\d]", clean(others[0].text)):
        return False  # a phone label such as 'T' or 'M', however faint
    # A logo read as a lone small letter or a ring: 'o Donau Consulting', 'å Kavanagh', 'O Tejo'.
    small_letter = len(text) == 1 and (text.islower() or not text.isascii() or text == "O")
    if small_letter and clean(others[0].text)[:1].isupper():
        return True
    if re.fullmatch(r"[Iil|!1\[\]]{1,3}", text) and not text.isdigit() and len(others) >= 2:
        return True  # vertical bars of a logo read as I/l/|, '1' included ('1I]')
    if any(c.isdigit() or c == "+" for c in text):
        return False
    if not any(c.isalnum() for c in text) and text != "&":
        return True  # ('&' opening a line continues a name: '... Forwarding' / '& Logistics')
    heights = sorted(w.box[3] for w in others)
    median = heights[len(heights) // 2]
    return word.box[3] >= 1.25 * median or word.conf < 0.6


def join_split_lines(lines: tuple[Line, ...]) -> list[Line]:
    """Tesseract sometimes cuts one printed line in two (a large name on a coloured band, an
    email address): rejoin lines at the same height, with the same text size, side by side."""
    out: list[Line] = []
    for line in lines:
        for k, prev in enumerate(out):
            a, b = sorted((prev, line), key=lambda ln: ln.box[0])  # a is the left piece
            overlap = min(a.box[1] + a.box[3], b.box[1] + b.box[3]) - max(a.box[1], b.box[1])
            gap = b.box[0] - (a.box[0] + a.box[2])
            size = min(a.height, b.height)
            # Abutting pieces may differ more in height ('anna.weber@fir' + 'ma.de'): the
            # median word height of a piece with descenders or an '@' is less stable.
            tolerance = 0.45 if abs(gap) <= 0.3 * size else 0.2
            if (
                overlap >= 0.5 * min(a.box[3], b.box[3])
                and abs(a.height - b.height) <= tolerance * max(a.height, b.height)
                and -0.3 * size <= gap <= 1.5 * size
            ):
                left, top = a.box[0], min(a.box[1], b.box[1])
                right = max(a.box[0] + a.box[2], b.box[0] + b.box[2])
                bottom = max(a.box[1] + a.box[3], b.box[1] + b.box[3])
                out[k] = Line(
                    words=a.words + b.words,
                    box=(left, top, right - left, bottom - top),
                    block=prev.block,
                    paragraph=prev.paragraph,
                )
                break
        else:
            out.append(line)
    return out


def split_segments(ocr: OcrResult) -> list[Segment]:
    segments: list[Segment] = []
    for line_no, line in enumerate(join_split_lines(ocr.lines)):
        words: list[Word] = []
        for w in line.words:
            words.extend(_split_word(w))
        while len(words) > 1 and _is_crumb(words[0], words[1:]):
            words = words[1:]
        # At the end only pure punctuation: a short last word is often a TLD ('meir-digital. be').
        while len(words) > 1 and not any(c.isalnum() for c in words[-1].text):
            words = words[:-1]
        current: list[Word] = []
        sep = ""
        height = line.height or 1
        prev_right: int | None = None
        for word in words:
            text = clean(word.text)
            if not text:
                continue
            gap = word.box[0] - prev_right if prev_right is not None else 0
            is_sep = text in _SEPARATORS
            # A separator glyph, or a gap wider than ~2 text heights, ends a field.
            if is_sep or gap > 2.2 * height:
                if current:
                    segments.append(
                        Segment(len(segments), line_no, current, line.block, sep_before=sep)
                    )
                    sep = ""
                current = []
            if is_sep:
                sep = text
            else:
                current.append(word)
            prev_right = word.box[0] + word.box[2]
        if current:
            segments.append(Segment(len(segments), line_no, current, line.block, sep_before=sep))
    return segments


def same_column(a: Segment, b: Segment) -> bool:
    """Two lines of one text column: they overlap horizontally or start at the same x."""
    overlap = min(a.right, b.right) - max(a.left, b.left)
    return overlap > 0 or abs(a.left - b.left) <= max(a.height, b.height)


def _lower(a: Segment, b: Segment) -> bool:
    """Line ``a`` is printed under line ``b``. On a tilted photo the boxes of neighbouring
    lines overlap (each box is as tall as the line's slant): lines in one column never share
    more than three quarters of the smaller one's height, so centres a quarter apart will do."""
    if a.line_no == b.line_no:
        return False
    size = min(a.height, b.height)
    return a.top > b.top and (a.top + a.height / 2) - (b.top + b.height / 2) > size / 4


def neighbour(seg: Segment, pool: list[Segment], below: bool) -> Segment | None:
    """The line right below (or above) ``seg`` in its column, if close enough to belong to it.

    Geometry, not reading order: in two-column layouts Tesseract interleaves the columns' lines.
    """
    if below:
        cands = [s for s in pool if _lower(s, seg) and same_column(seg, s)]
        if not cands:
            return None
        nxt = min(cands, key=lambda s: s.top)
        gap = nxt.top - seg.bottom
    else:
        cands = [s for s in pool if _lower(seg, s) and same_column(seg, s)]
        if not cands:
            return None
        nxt = max(cands, key=lambda s: s.top)
        gap = seg.top - nxt.bottom
    return nxt if gap <= 1.6 * max(seg.height, nxt.height) else None


@dataclass
class Field:
    value: object
    conf: float
    boxes: tuple[Box, ...]


def mean_conf(words: list[Word]) -> float:
    """Mean and weakest word confidence blended: one misread word makes the field doubtful."""
    if not words:
        return 0.0
    return 0.5 * sum(w.conf for w in words) / len(words) + 0.5 * min(w.conf for w in words)


def boxes_of(words: list[Word]) -> tuple[Box, ...]:
    return tuple(w.box for w in words)
