"""Straighten text that is still tilted after locating the card.

When no outline was found (the whole photo goes on) or the outline was a little off, text lines can
sit 5-30 degrees off horizontal, which Tesseract reads poorly. The angle that makes the rows of ink
most uneven (text rows against the gaps between them) is the text's own angle.
"""

from __future__ import annotations

import cv2
import numpy as np

_SEARCH_SIDE = 600  # the angle search runs on a small copy
_MAX_ANGLE = 30.0
_MIN_ANGLE = 0.7  # below this Tesseract copes, and a resample would only blur


def skew_angle(gray: np.ndarray) -> float:
    """Degrees counter-clockwise that the text is tilted (rotate by the negative to fix)."""
    h, w = gray.shape
    scale = _SEARCH_SIDE / max(h, w)
    small = cv2.resize(
        gray, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA
    )
    ink = cv2.adaptiveThreshold(small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 12)
    ink = _letter_sized(ink)
    if ink.sum() < 50:
        return 0.0
    ink = ink.astype(np.float32)
    centre = (small.shape[1] / 2, small.shape[0] / 2)

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(ink, m, (small.shape[1], small.shape[0]), flags=cv2.INTER_NEAREST)
        rows = turned.sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    coarse = np.arange(-_MAX_ANGLE, _MAX_ANGLE + 0.1, 1.0)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 1.0, best + 1.01, 0.2)
    return -float(max(fine, key=sharpness))


def _letter_sized(ink: np.ndarray) -> np.ndarray:
    """Keep blobs the size of letters: wood grain, fabric and card edges are long or huge."""
    h, w = ink.shape
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    bw, bh, area = stats[:, 2], stats[:, 3], stats[:, 4]
    keep = (bh >= 3) & (bh <= 0.08 * h) & (bw <= 0.1 * w) & (area >= 4) & (bw <= 6 * bh)
    keep[0] = False
    return keep[labels].astype(np.uint8)


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """The image turned so its text is level, and the angle that was corrected."""
    angle = skew_angle(gray)
    if abs(angle) < _MIN_ANGLE:
        return gray, 0.0
    return level(gray, angle), angle


def level(image: np.ndarray, angle: float) -> np.ndarray:
    """Turn ``image`` (grey or colour) by ``-angle``, the correction ``deskew`` applies."""
    if angle == 0.0:
        return image
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    # Grow the canvas so corners are not cut off; new areas are paper-white.
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    white = (255,) * (image.shape[2] if image.ndim == 3 else 1)
    return cv2.warpAffine(image, m, (nw, nh), flags=cv2.INTER_CUBIC, borderValue=white)
