"""Build a plausible ``OcrResult`` from plain text, so parser tests need no images.

Format, one card line per text line:

* words are split on single spaces; two or more spaces (or a tab) leave a wide horizontal gap,
  the way Tesseract reports two fields printed side by side on one line;
* a blank line starts a new Tesseract block (text that belongs together: logo, person, contact);
* an optional height marker at the start of a line sets the text size:
  ``#`` large (name-sized, 40 px), ``##`` very large (logo-sized, 56 px), ``.`` small (14 px);
  lines without a marker are normal body text (22 px). The marker and one space after it are
  removed. A literal leading ``#`` can be written as ``\\#``;
* a word ending in ``~`` (the ``~`` is removed) gets a low confidence of 0.2, to test noise.

Every other word gets confidence 0.9. Boxes are stacked top to bottom with a small gap; word
widths are proportional to their length.
"""

from __future__ import annotations

import re

from ocr.models import Line, OcrResult, Word

_NORMAL, _LARGE, _HUGE, _SMALL = 22, 40, 56, 14
_LEFT = 40
_CARD_WIDTH = 1050


def _marker(raw: str) -> tuple[int, str]:
    if raw.startswith("\\#"):
        return _NORMAL, raw[1:]
    for mark, height in (("## ", _HUGE), ("# ", _LARGE), (". ", _SMALL)):
        if raw.startswith(mark):
            return height, raw[len(mark) :]
    return _NORMAL, raw


def ocr_from_text(text: str) -> OcrResult:
    """Turn card text into an ``OcrResult``: one ``Line`` per non-blank text line."""
    lines: list[Line] = []
    block = 1
    paragraph = 1
    top = 30
    new_block_pending = False
    for raw_line in text.splitlines():
        if not raw_line.strip():
            new_block_pending = bool(lines)
            continue
        if new_block_pending:
            block += 1
            top += 20  # blocks are visually separated
            new_block_pending = False
        height, body = _marker(raw_line.strip())
        char_w = max(6, int(height * 0.55))
        words: list[Word] = []
        left = _LEFT
        # Split keeping track of wide gaps: runs of 2+ spaces or tabs move the next word far right.
        for chunk in re.split(r"(\s{2,}|\t)", body):
            if not chunk:
                continue
            if chunk.isspace():
                left += char_w * 6
                continue
            for token in chunk.split(" "):
                if not token:
                    continue
                conf = 0.9
                if token.endswith("~") and len(token) > 1:
                    token, conf = token[:-1], 0.2
                width = char_w * len(token)
                words.append(Word(text=token, conf=conf, box=(left, top, width, height)))
                left += width + char_w
        if not words:
            continue
        right = max(w.box[0] + w.box[2] for w in words)
        lines.append(
            Line(
                words=tuple(words),
                box=(_LEFT, top, right - _LEFT, height),
                block=block,
                paragraph=paragraph,
            )
        )
        top += height + max(8, height // 3)
    width = max([_CARD_WIDTH] + [ln.box[0] + ln.box[2] + _LEFT for ln in lines])
    return OcrResult(
        lines=tuple(lines),
        image_size=(width, top + 30),
        text="\n".join(ln.text for ln in lines),
    )
