"""Finding the card in a photo, flattening it, and preparing it for Tesseract."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from ocr.errors import OcrError
from ocr.load import load
from ocr.locate import locate
from ocr.models import CardImage, Settings
from ocr.pipeline import extract
from ocr.prepare import prepare

SETTINGS = Settings()


def _desk(h: int, w: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    grain = cv2.resize(rng.normal(0, 1, (h // 40, w // 4)), (w, h), interpolation=cv2.INTER_CUBIC)
    base = np.array([130, 95, 60], np.float64)
    desk = base + 18 * grain[..., None] + rng.normal(0, 4, (h, w, 1))
    return desk.clip(0, 255).astype(np.uint8)


def _card(w: int = 1050, h: int = 600) -> np.ndarray:
    card = np.full((h, w, 3), 250, np.uint8)
    cv2.putText(card, "Jane Example", (60, 160), cv2.FONT_HERSHEY_DUPLEX, 2.2, (0, 0, 0), 4)
    cv2.putText(card, "jane@example.com", (60, 330), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 2)
    cv2.putText(card, "+1 212 555 0147", (60, 420), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 2)
    return card


def _photo(corners: np.ndarray, size: tuple[int, int] = (3024, 4032)) -> np.ndarray:
    h, w = size
    card = _card()
    src = np.float32(
        [[0, 0], [card.shape[1], 0], [card.shape[1], card.shape[0]], [0, card.shape[0]]]
    )
    m = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    warped = cv2.warpPerspective(card, m, (w, h))
    mask = cv2.warpPerspective(np.full(card.shape[:2], 255, np.uint8), m, (w, h))
    photo = np.where(mask[..., None] > 0, warped, _desk(h, w))
    shade = np.linspace(0.75, 1.0, w)[None, :, None]  # light falling off across the desk
    return (photo * shade).clip(0, 255).astype(np.uint8)


def _camera_view(
    distance: float,
    tilt_deg: float,
    turn_deg: float,
    shift: tuple[float, float],
    size: tuple[int, int] = (3024, 4032),
) -> np.ndarray:
    """Corners of an 89 x 51 mm card seen by a pinhole camera (focal length ~ a phone's)."""
    h, w = size
    f = 1.0 * w
    cw, ch = 89.0, 51.0
    pts = np.array(
        [[-cw / 2, -ch / 2, 0], [cw / 2, -ch / 2, 0], [cw / 2, ch / 2, 0], [-cw / 2, ch / 2, 0]]
    )
    t, r = np.radians(tilt_deg), np.radians(turn_deg)
    rz = np.array([[np.cos(r), -np.sin(r), 0], [np.sin(r), np.cos(r), 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, np.cos(t), -np.sin(t)], [0, np.sin(t), np.cos(t)]])
    cam = (rx @ rz @ pts.T).T + np.array([shift[0], shift[1], distance])
    return np.stack([f * cam[:, 0] / cam[:, 2] + w / 2, f * cam[:, 1] / cam[:, 2] + h / 2], axis=1)


@pytest.mark.parametrize(
    ("distance", "tilt", "turn", "shift"),
    [
        (150, 25, 8, (0, 0)),  # tilted away, in perspective
        (230, 15, -15, (10, 5)),  # farther: ~30% of the frame, turned
        (110, 10, 3, (0, 0)),  # close: filling most of the frame
    ],
)
def test_card_outline_found_and_flattened(
    tmp_path: Path, distance: float, tilt: float, turn: float, shift: tuple[float, float]
) -> None:
    truth = _camera_view(distance, tilt, turn, shift).astype(np.float32)
    f = tmp_path / "photo.jpg"
    Image.fromarray(_photo(truth)).save(f, quality=90)
    card = locate(load(f, SETTINGS))
    assert card.found_outline
    assert card.corners is not None
    found = np.array(card.corners)
    assert np.abs(found - truth).max() < 0.03 * 4032
    h, w = card.pixels.shape[:2]
    assert 89 / 51 * 0.9 < w / h < 89 / 51 * 1.1  # flattened back to the card's proportions


def test_scan_is_used_whole(tmp_path: Path) -> None:
    f = tmp_path / "scan.png"
    Image.fromarray(_card()).save(f)
    card = locate(load(f, SETTINGS))
    assert not card.found_outline
    assert card.pixels.shape[:2] == (600, 1050)


def test_dark_band_and_dark_card_become_dark_text_on_light() -> None:
    card = _card()
    card[:150] = (20, 40, 90)  # a navy band across the top ...
    cv2.putText(card, "ACME GMBH", (60, 110), cv2.FONT_HERSHEY_DUPLEX, 2.0, (255, 255, 255), 4)
    prepared = prepare(CardImage(card, False, None), SETTINGS)
    band = prepared.pixels[20:130, 20:-20]
    assert prepared.inverted_regions == 1
    assert np.median(band) > 200  # ... is now light paper with dark letters
    assert (band < 100).mean() > 0.02
    dark_card = 255 - _card()
    prepared = prepare(CardImage(dark_card, False, None), SETTINGS)
    assert prepared.inverted_regions == 1
    assert np.median(prepared.pixels) > 200


def test_photo_of_a_desk_without_a_card_is_a_clear_error(tmp_path: Path) -> None:
    f = tmp_path / "desk.jpg"
    Image.fromarray(_desk(1512, 2016)).save(f, quality=90)
    with pytest.raises(OcrError, match="no readable text"):
        extract(f, SETTINGS)


def test_upside_down_photo_is_turned(tmp_path: Path) -> None:
    truth = _camera_view(150, 20, 5, (0, 0)).astype(np.float32)
    f = tmp_path / "upside-down.jpg"
    Image.fromarray(np.ascontiguousarray(_photo(truth)[::-1, ::-1])).save(f, quality=90)
    result = extract(f, SETTINGS)
    assert result.rotation == 180
    assert result.contact.emails == ("jane@example.com",)
