"""Phones per line, with a label or '+code' whose number is printed on the next line (or to its
right) joined to that number first."""

from __future__ import annotations

import re

from ocr.parse.phones import FoundPhone, find_phones, has_phone_label, is_bare_label
from ocr.parse.segments import Segment, neighbour


def merge_split_phones(
    segments: list[Segment], region: str, guess: bool
) -> dict[int, list[FoundPhone]]:
    """Phones per segment; a label whose number continues on the next line is joined to it."""
    result: dict[int, list[FoundPhone]] = {}
    skip: set[int] = set()
    _join_bare_labels(segments)
    for i, seg in enumerate(segments):
        if i in skip or seg.used:
            continue
        phones = find_phones(seg.text, region, guess)
        nxt = neighbour(seg, segments, below=True)
        incomplete = not phones or all(p.certainty < 1.0 for p in phones)
        # 'Mobil: +49 171' / '2345678': a label or a '+code' whose digits end on the next line.
        continues = has_phone_label(seg.text) or bool(re.search(r"\+\d", seg.text))
        if incomplete and continues and nxt is not None:
            digits_only = re.fullmatch(r"[\d\s()./-]{3,}", nxt.text)
            if digits_only:
                joined = find_phones(f"{seg.text} {nxt.text}", region, guess)
                if joined and any(p.certainty >= 1.0 for p in joined):
                    seg.words = seg.words + nxt.words
                    seg.text = f"{seg.text} {nxt.text}"
                    nxt.used = True
                    skip.add(nxt.index)
                    phones = joined
        if phones:
            result[i] = phones
    return result


def _join_bare_labels(segments: list[Segment]) -> None:
    """'Tel' and '(0212) 545 86 19' read as two pieces of one line: the label goes to the number
    to its right, so the number keeps its kind (and counts as labelled)."""
    for seg in segments:
        if seg.used or not is_bare_label(seg.text):
            continue
        right = [
            s
            for s in segments
            if s is not seg
            and not s.used
            and s.left > seg.right
            and s.left - seg.right <= 5 * seg.height
            and min(s.bottom, seg.bottom) - max(s.top, seg.top) >= 0.5 * min(s.height, seg.height)
            and re.match(r"[\s(+\d]", s.text)
        ]
        if right:
            nxt = min(right, key=lambda s: s.left)
            nxt.words = seg.words + nxt.words
            nxt.text = f"{seg.text} {nxt.text}"
            seg.used = True
