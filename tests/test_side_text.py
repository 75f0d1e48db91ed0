"""Text printed up or down the side of an upright card is read; a card on its side is not
mistaken for one with side text."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr import orient
from ocr.engines import get_engine
from ocr.load import load
from ocr.locate import locate
from ocr.models import Settings
from ocr.prepare import prepare

_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
_LINES = ["Milica Horvat", "Marketing", "info@hubmark.com", "+385 99 4066 443", "HUBMARK LLC"]


def _card(path: Path, turn: int) -> Path:
    """An upright card with the website printed along its left edge, turned by ``turn``."""
    img = Image.new("RGB", (1050, 600), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(_FONT, 36)
    for i, line in enumerate(_LINES):
        draw.text((330, 90 + i * 70), line, fill="black", font=font)
    side = Image.new("RGB", (340, 60), "white")
    ImageDraw.Draw(side).text((10, 8), "hubmark.com", fill="black", font=font)
    img.paste(side.rotate(turn, expand=True), (60, 130))
    img.save(path)
    return path


@pytest.mark.parametrize("turn", [90, 270])  # reading upwards, and downwards
def test_side_text_of_an_upright_card_is_read(tmp_path: Path, turn: int) -> None:
    settings = Settings(engine="rapidocr")
    prepared = prepare(locate(load(_card(tmp_path / "card.png", turn), settings)), settings)
    ocr = get_engine("rapidocr").read(prepared, settings)
    side = [ln for ln in ocr.lines if ln.text == "hubmark.com"]
    assert len(side) == 1, ocr.text
    _, _, width, height = side[0].box
    assert height > 3 * width  # the box is where it is printed, along the edge
    # its words are as tall as the printed text, not as the line is long
    assert all(w.box[3] == width for w in side[0].words)
    assert "info@hubmark.com" in ocr.text


def test_a_card_on_its_side_is_not_read_as_side_text(tmp_path: Path) -> None:
    settings = Settings(engine="rapidocr")
    card = _card(tmp_path / "card.png", 90)
    prepared = prepare(locate(load(card, settings)), settings)
    engine = get_engine("rapidocr")
    turned = engine.read(orient.rotate(prepared, 90), settings)
    assert orient.readability(turned) < 20  # no text to mislead the pipeline's turn search
