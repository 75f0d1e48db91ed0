"""The narrow printed space between CJK words, which RapidOCR drops, is put back from the
per-character boxes and the ink: only where both the blank between two Han characters and their
pitch are clearly wider than the line's usual ones."""

from __future__ import annotations

import numpy as np

from ocr.engines.cjk_spaces import restore

_H = 40  # line height in pixels, about one square


def _line(
    text: str, lefts: list[int], widths: list[int] | None = None
) -> tuple[str, list, np.ndarray]:
    """A white image with one black block per character at ``lefts``, and the engine's
    (character, score, box) for each: boxes one square wide from each block's left."""
    pixels = np.full((100, 600), 255, np.uint8)
    widths = widths or [34] * len(lefts)
    chars = []
    for ch, left, width in zip(text, lefts, widths, strict=True):
        pixels[30 : 30 + _H - 4, left : left + width] = 0
        box = [[left, 30], [left + 36, 30], [left + 36, 30 + _H], [left, 30 + _H]]
        chars.append((ch, 0.99, box))
    return text, chars, pixels


def test_a_printed_space_between_two_words_is_put_back() -> None:
    # 営業部 部長: even pitch of 38, then a quarter-square more before the fourth character.
    text, chars, pixels = _line("営業部部長", [10, 48, 86, 136, 174])
    assert restore(text, chars, pixels) == "営業部 部長"
    text, chars, pixels = _line("小林陽子", [10, 48, 100, 138])
    assert restore(text, chars, pixels) == "小林 陽子"


def test_evenly_set_characters_get_no_space() -> None:
    text, chars, pixels = _line("青葉精工株式会社", [10 + 38 * i for i in range(8)])
    assert restore(text, chars, pixels) == "青葉精工株式会社"


def test_a_narrow_glyph_widens_the_ink_gap_but_not_the_pitch() -> None:
    # ト's ink fills only the left of its square: a wide blank after it, on an even pitch.
    text, chars, pixels = _line("株式会社", [10, 48, 86, 124], widths=[34, 12, 34, 34])
    assert restore(text, chars, pixels) == "株式会社"


def test_kana_and_latin_are_left_alone() -> None:
    text, chars, pixels = _line("ソフト", [10, 48, 100])
    assert restore(text, chars, pixels) == "ソフト"
    text, chars, pixels = _line("AB部長", [10, 48, 100, 138])
    assert restore(text, chars, pixels) == "AB部長"


def test_one_pair_has_nothing_to_compare_with() -> None:
    # A letter-spaced family name alone on its line: spacing, not a word break.
    text, chars, pixels = _line("渡邊", [10, 80])
    assert restore(text, chars, pixels) == "渡邊"
