"""The straightened card image kept for review lines up with the boxes of the fields read."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import sample
from ocr.pipeline import extract_with_view


@pytest.mark.parametrize("name", ["s01", "p05"])  # a scan; a photo turned 90 degrees
def test_each_field_box_outlines_ink_on_the_view(name: str) -> None:
    extraction, view = extract_with_view(sample(name))
    assert view.ndim == 3 and view.shape[2] == 3
    h, w = view.shape[:2]
    assert w > h  # upright landscape card
    gray = view.mean(axis=2)
    for field in ("full_name", "company"):
        for x, y, bw, bh in extraction.boxes[field]:
            assert x >= 0 and y >= 0 and x + bw <= w and y + bh <= h, field
            inside = gray[y : y + bh, x : x + bw]
            # Text: dark strokes on light ground (or the reverse), so the box is far from flat.
            assert np.percentile(inside, 95) - np.percentile(inside, 5) > 80, field
