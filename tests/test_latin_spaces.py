"""The space RapidOCR drops between two Latin words, or after a one-letter label, is put back from
the per-character boxes and the ink: only where a letter gap is clearly wider than the line's
usual letter gap and pitch; kerning, decorative initials and a word's last letter are left alone."""

from __future__ import annotations

import numpy as np

from ocr.engines.latin_spaces import restore

_W, _GAP = 14, 3  # a letter's ink width and the usual blank between two letters, in pixels


def _line(text: str, extra: dict[int, int] | None = None) -> tuple[str, list, np.ndarray]:
    """A white image with one black block per non-space character, set on an even pitch, with
    ``extra`` pixels of blank added before the glyph at each given index; and the engine's
    (character, score, box) for each."""
    pixels = np.full((60, 900), 255, np.uint8)
    chars, left = [], 10
    glyphs = [c for c in text if not c.isspace()]
    for i, ch in enumerate(glyphs):
        left += (extra or {}).get(i, 0)
        pixels[20:40, left : left + _W] = 0
        chars.append((ch, 0.99, [[left, 18], [left + _W, 18], [left + _W, 42], [left, 42]]))
        left += _W + _GAP
    return text, chars, pixels


def test_a_dropped_space_between_two_words_is_put_back() -> None:
    assert restore(*_line("LotusHossain", {5: 8})) == "Lotus Hossain"
    assert restore(*_line("ALESSANDROFERRI", {10: 8})) == "ALESSANDRO FERRI"


def test_evenly_set_and_kerned_letters_get_no_space() -> None:
    assert restore(*_line("Reservation Manager")) == "Reservation Manager"
    # A slightly wider pair ('rn' read apart, a kerned 'LT'): not a space.
    assert restore(*_line("Internationale", {5: 2})) == "Internationale"


def test_a_glued_label_letter_is_set_apart() -> None:
    # 'E' then the address, a full letter's width away: the label, not the address's first letter.
    assert restore(*_line("Eanna.weber@firma.de", {1: 14})) == "E anna.weber@firma.de"


def test_a_decorative_initial_or_a_last_letter_stays_in_its_word() -> None:
    # A swash capital leaves a wider gap, but nowhere near a label's.
    assert restore(*_line("CHARITH", {1: 5})) == "CHARITH"
    # The recogniser's position for a word's last letter is often off: never split it off.
    assert restore(*_line("Opposite", {7: 10})) == "Opposite"


def test_a_short_line_has_nothing_to_compare_with() -> None:
    assert restore(*_line("deJo", {2: 8})) == "deJo"


def test_spaces_the_reader_kept_set_the_measure() -> None:
    # The line's kept spaces are 23 px of blank: a 10 px gap inside 'Thorn' is no space, though
    # it stands out from the 3 px letter gaps.
    text, chars, pixels = _line("Thistle Thorn Design", {7: 20, 9: 7, 12: 20})
    assert restore(text, chars, pixels) == "Thistle Thorn Design"
    text, chars, pixels = _line("Thistle ThornDesign", {7: 20, 12: 20})
    assert restore(text, chars, pixels) == "Thistle Thorn Design"


def test_crowded_positions_of_an_unread_line_are_not_measured() -> None:
    # Boxes 14 px wide whose positions crowd 5 px apart: the recogniser guessed them.
    pixels = np.full((60, 400), 255, np.uint8)
    text = "Ieformation"
    chars = []
    for i, ch in enumerate(text):
        left = 10 + 5 * i + (20 if i else 0)
        pixels[20:40, left : left + 3] = 0
        chars.append((ch, 0.6, [[left, 18], [left + 14, 18], [left + 14, 42], [left, 42]]))
    assert restore(text, chars, pixels) == text


def test_wide_stem_gaps_are_part_of_the_usual() -> None:
    # Stems ('ü', 'h', 'n') keep wider side-bearings than round letters: a gap as wide as the
    # line's other stem gaps is no space ('Geschäftsführer', 'United').
    extra = {2: 3, 4: 3, 6: 3, 8: 3, 13: 3, 11: 5}
    assert restore(*_line("Geschaftsfuhrer", extra)) == "Geschaftsfuhrer"
