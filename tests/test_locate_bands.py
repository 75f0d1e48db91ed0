"""The straightened card keeps the whole card: a coloured band printed to the card's edge (often
the company's name) is never cut off, even when its colour is near the desk's."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from test_locate_prepare import _camera_view, _card, _desk

from ocr.load import load
from ocr.locate import locate
from ocr.models import Settings

SETTINGS = Settings()
pytestmark = pytest.mark.slow  # 24 full-size photos located
BAND = 170  # of the card's 600 px height (or 1050 px width): a band of 28 %


def banded_card(colour: tuple[int, int, int], where: str) -> np.ndarray:
    card = _card()
    if where == "top":
        card[:BAND] = colour
    elif where == "bottom":
        card[-BAND:] = colour
    else:
        card[:, :BAND] = colour
    # White print on the band, as a company name would be.
    y, x = {"top": (110, 300), "bottom": (560, 300), "left": (300, 20)}[where]
    cv2.putText(card, "ACME", (x, y), cv2.FONT_HERSHEY_DUPLEX, 1.6, (255, 255, 255), 3)
    return card


def photographed(card: np.ndarray, corners: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    h, w = size
    src = np.float32(
        [[0, 0], [card.shape[1], 0], [card.shape[1], card.shape[0]], [0, card.shape[0]]]
    )
    m = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    warped = cv2.warpPerspective(card, m, (w, h))
    mask = cv2.warpPerspective(np.full(card.shape[:2], 255, np.uint8), m, (w, h))
    photo = np.where(mask[..., None] > 0, warped, _desk(h, w))
    shade = np.linspace(0.75, 1.0, w)[None, :, None]
    return (photo * shade).clip(0, 255).astype(np.uint8)


@pytest.mark.parametrize("where", ["top", "bottom", "left"])
@pytest.mark.parametrize(
    "colour",
    [(20, 40, 90), (120, 30, 30), (90, 60, 40), (40, 40, 40)],
    ids=["navy", "brick-on-wood", "brown-on-wood", "charcoal"],
)
@pytest.mark.parametrize("view", [(150, 25, 8, (0, 0)), (110, 10, 3, (0, 0))], ids=["far", "near"])
def test_a_band_at_the_edge_stays_on_the_card(
    tmp_path: Path, colour: tuple[int, int, int], where: str, view: tuple[float, ...]
) -> None:
    size = (3024, 4032)
    truth = _camera_view(*view, size=size)  # type: ignore[arg-type]
    f = tmp_path / "photo.jpg"
    Image.fromarray(photographed(banded_card(colour, where), truth, size)).save(f, quality=90)
    card = locate(load(f, SETTINGS))
    if not card.found_outline:
        # No outline: the whole photo goes on, which crops nothing either.
        assert card.pixels.shape[:2] == (size[0], size[1])
        return
    assert card.corners is not None
    assert np.abs(np.array(card.corners) - truth).max() < 0.03 * size[1]
    h, w = card.pixels.shape[:2]
    # The band is there in the straightened card, at its edge.
    edge = {
        "top": card.pixels[int(0.04 * h) : int(0.2 * h)],
        "bottom": card.pixels[int(0.8 * h) : int(0.96 * h)],
        "left": card.pixels[:, int(0.03 * w) : int(0.12 * w)],
    }[where]
    assert np.abs(np.median(edge.reshape(-1, 3), axis=0) - np.array(colour) * 0.9).max() < 45
