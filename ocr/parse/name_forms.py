"""Other readings of a line that may be the name: the Latin half of a line printed in two
scripts, and a name whose space the reader lost ('LotusHossain', 'MAENJARRAR')."""

from __future__ import annotations

import re

from ocr.models import Word
from ocr.parse.country import fold
from ocr.parse.names import is_latin, person_pieces
from ocr.parse.segments import Segment

# Prefixes that make one surname with a capital inside it ('McDonald', 'DeSouza', 'VanDyke').
_INNER_CAPITAL_PREFIXES = ("mc", "mac", "fitz", "de", "di", "da", "la", "le", "van", "von", "o")
_CAMEL = re.compile(r"^([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,})([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,})$")


def latin_part(seg: Segment) -> Segment | None:
    """'吳允賢 Antony Wu' -> 'Antony Wu': a card printed in two scripts gives the contact the
    Latin name when it prints one. None unless the line mixes CJK and Latin words."""
    latin = [w for w in seg.words if is_latin(w.text)]
    if not latin or len(latin) == len(seg.words):
        return None
    if not any(any(c.isalpha() for c in w.text) for w in seg.words if w not in latin):
        return None
    return Segment(seg.index, seg.line_no, latin, seg.block)


def _cut(word: Word, text: str, k: int) -> list[Word]:
    """Split one word's text after its k-th character; the box is shared out by length."""
    x, y, w, h = word.box
    width = round(w * k / max(1, len(text)))
    return [
        Word(text[:k], word.conf, (x, y, width, h)),
        Word(text[k:], word.conf, (x + width, y, w - width, h)),
    ]


def unglued(seg: Segment, local_parts: list[str]) -> Segment | None:
    """A one-word line that is two names read without their space: split where the email's
    local part says ('MAENJARRAR' at maen@), or at a capital inside it ('LotusHossain').
    The caller still asks for evidence (the email or a title beside it): brand names are
    written the same way ('SafeSea')."""
    if len(seg.words) != 1:
        return None
    word = seg.words[0]
    text = word.text.strip(",.")
    if not text.isalpha() or len(text) < 6:
        return None
    folded = fold(text)
    for local in local_parts:
        for piece in (q for p in person_pieces(local) for q in re.split(r"\d", p)):
            if len(piece) < 3 or len(piece) > len(folded) - 2 or len(folded) != len(text):
                continue
            if folded.startswith(piece):
                k = len(piece)
            elif folded.endswith(piece):
                k = len(folded) - len(piece)
            else:
                continue
            return Segment(seg.index, seg.line_no, _cut(word, text, k), seg.block)
    m = _CAMEL.match(text)
    if m and fold(m.group(1)) not in _INNER_CAPITAL_PREFIXES:
        return Segment(seg.index, seg.line_no, _cut(word, text, len(m.group(1))), seg.block)
    return None
