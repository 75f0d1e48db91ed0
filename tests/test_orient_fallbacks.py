"""The kinds of wrong side, turn or outline seen on real cards, each on a tiny synthetic case:
a card lying on its side read as tall lines, an outline that cut the card (its text runs off
the warped image, or there is little of it) so the whole photo is read instead, and an outline
that reaches the frame at a corner (a bright area running off the photo, not a card)."""

from __future__ import annotations

import numpy as np

from ocr import orient, pipeline
from ocr.locate import _score
from ocr.models import CardImage, Line, LoadedImage, OcrResult, PreparedImage, Settings, Word


def _line(text: str, box: tuple[int, int, int, int], conf: float = 0.99) -> Line:
    return Line((Word(text, conf, box),), box, 1, 1)


def _ocr(size: tuple[int, int], *lines: Line) -> OcrResult:
    return OcrResult(lines, size, "\n".join(ln.text for ln in lines))


_CARD = (
    _line("Anna Weber", (100, 80, 400, 60)),
    _line("Head of Sales", (100, 160, 300, 40)),
    _line("anna.weber@example.com", (100, 400, 500, 40)),
    _line("+49 30 1234 5678", (100, 450, 400, 40)),
)


def test_tall_lines_are_a_card_on_its_side() -> None:
    # A card turned a quarter, its CJK lines read as vertical text: not upright.
    turned = _ocr(
        (600, 1050),
        _line("青葉精工株式会社", (300, 100, 60, 420)),
        _line("営業部長", (200, 100, 60, 220)),
        _line("山田太郎", (100, 100, 80, 300)),
    )
    assert not orient.looks_upright(turned)
    assert orient.looks_upright(_ocr((1050, 600), *_CARD))


def test_text_touching_the_border_runs_off_the_image() -> None:
    assert not orient.runs_off(_ocr((1050, 600), *_CARD))
    cut = _ocr((1050, 600), _line("ouis Perrin", (0, 80, 300, 60)), *_CARD[1:])
    assert orient.runs_off(cut)
    # A speck of one character at the border is not text running off.
    assert not orient.runs_off(_ocr((1050, 600), _line("|", (0, 80, 4, 60)), *_CARD))


class _Engine:
    """Reads a column of text cut by the outline on the warped card, the whole card on the
    whole photo (told apart by the image's size)."""

    name = "stub"
    max_side = None

    def read(self, prepared: PreparedImage, settings: Settings) -> OcrResult:
        if prepared.pixels.shape[1] < 700:
            column = _line("CLUSTER SALES COORDINATOR", (0, 20, 590, 50))
            return _ocr((600, 300), column, _line("Fairmont Dubai", (0, 100, 590, 50)))
        return _ocr((1050, 600), *_CARD)

    def orientation(self, prepared: PreparedImage, settings: Settings) -> None:
        return None


def test_an_outline_that_cut_the_card_falls_back_to_the_whole_photo() -> None:
    photo = LoadedImage(
        path="p.jpg",
        pixels=np.full((600, 1050, 3), 255, np.uint8),
        format="JPEG",
        exif_transposed=False,
    )
    crop = CardImage(pixels=np.full((300, 600, 3), 255, np.uint8), found_outline=True, corners=None)
    card, _, ocr, _ = pipeline._read(_Engine(), photo, crop, Settings(target_dpi=170))
    assert not card.found_outline
    assert ocr.text.startswith("Anna Weber")


def test_an_outline_reaching_the_frame_at_a_corner_is_no_card() -> None:
    shape = (675, 900)
    inside = np.array([[150, 250], [600, 200], [720, 400], [150, 560]], np.float32)
    assert _score(inside, shape) > 0
    corner_out = np.array([[0, 251], [729, 205], [899, 364], [150, 572]], np.float32)
    assert _score(corner_out, shape) == 0
