"""A 12 MP photo is prepared at the size the engine reads at, and a code on it is still found."""

from __future__ import annotations

import numpy as np
import segno

from ocr import qr
from ocr.models import CardImage, Settings
from ocr.prepare import prepare


def _photo_with_code(payload: str, module_px: int) -> np.ndarray:
    """A 4032 x 3024 white photo with a QR code of ``module_px`` pixels per module."""
    photo = np.full((3024, 4032, 3), 235, np.uint8)
    matrix = np.array([[bool(v) for v in row] for row in segno.make(payload, micro=False).matrix])
    code = np.where(np.kron(matrix, np.ones((module_px, module_px))) > 0, 20, 250)
    code = np.pad(code, 4 * module_px, constant_values=250).astype(np.uint8)
    h, w = code.shape
    photo[1500 : 1500 + h, 2600 : 2600 + w] = code[..., None]
    return photo


def test_whole_photo_is_prepared_no_larger_than_the_engine_reads() -> None:
    whole = CardImage(
        pixels=np.full((3024, 4032, 3), 255, np.uint8), found_outline=False, corners=None
    )
    assert max(prepare(whole, Settings(), max_side=2000).pixels.shape) == 2000
    # Without a limit (Tesseract) the photo keeps its small print: only a mild reduction.
    assert max(prepare(whole, Settings()).pixels.shape) > 3000


def test_code_on_a_large_photo_is_found_and_boxed_in_its_coordinates() -> None:
    found = qr.decode(_photo_with_code("https://example.com/card", module_px=8), Settings())
    assert found is not None and found.payload == "https://example.com/card"
    assert found.box is not None
    x, y, w, h = found.box
    assert abs(w - h) < 16  # square
    # The code sits at (2600 + margin, 1500 + margin) in the full photo, not in the small copy.
    assert abs(x - 2632) < 16 and abs(y - 1532) < 16 and w > 150


def test_photo_without_a_code_has_none() -> None:
    assert qr.decode(np.full((3024, 4032, 3), 235, np.uint8), Settings()) is None
