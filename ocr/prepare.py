"""Step 3: make the card image easy for Tesseract.

Scale to about 300 dpi, go to grayscale, flip light-on-dark areas (dark cards, coloured bands) so
all text is dark on light, and even out shadows and light gradients across the card.
"""

from __future__ import annotations

import cv2
import numpy as np

from .deskew import deskew, level
from .models import CardImage, PreparedImage, Settings

_CARD_LONG_SIDE_IN = 3.5  # ISO 7810 ID-1 and US cards are 3.3-3.5 in on the long side


def prepare(card: CardImage, settings: Settings, max_side: int | None = None) -> PreparedImage:
    """The card ready for OCR, no larger than ``max_side`` on its longer side (the size the
    engine reads at) when that is given."""
    rgb, scale = _rescale(card.pixels, settings.target_dpi, card.found_outline, max_side)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    gray, inverted = _flip_dark_regions(gray, _brightest_channel(rgb))
    gray = _flatten_lighting(gray)
    gray, skew = deskew(gray)
    return PreparedImage(pixels=gray, scale=scale, inverted_regions=inverted, skew=skew)


def view(card: CardImage, prepared: PreparedImage, degrees_clockwise: int) -> np.ndarray:
    """The card in colour, in the prepared image's geometry (scale, levelling, turn), so the
    boxes of the OCR'd words outline the right places on it."""
    rgb = card.pixels
    if prepared.scale != 1.0:
        h, w = rgb.shape[:2]
        interp = cv2.INTER_AREA if prepared.scale < 1 else cv2.INTER_CUBIC
        size = (round(w * prepared.scale), round(h * prepared.scale))
        rgb = cv2.resize(rgb, size, interpolation=interp)
    rgb = level(rgb, prepared.skew)
    return np.ascontiguousarray(np.rot90(rgb, k=-((degrees_clockwise // 90) % 4)))


def _rescale(
    image: np.ndarray, dpi: int, is_card: bool, max_side: int | None = None
) -> tuple[np.ndarray, float]:
    h, w = image.shape[:2]
    long_side = max(h, w)
    if is_card:
        target = _CARD_LONG_SIDE_IN * dpi
    else:
        # Whole image (a scan, or no outline found): only bring very large or very small
        # images into a sane range; a scan's own dpi is unknown but usually already fine.
        target = min(max(long_side, 0.8 * _CARD_LONG_SIDE_IN * dpi), 3.5 * _CARD_LONG_SIDE_IN * dpi)
    if max_side is not None:
        target = min(target, max_side)
    scale = target / long_side
    if abs(scale - 1.0) < 0.08:
        return image, 1.0
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    resized = cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=interp)
    return resized, scale


def _brightest_channel(rgb: np.ndarray) -> np.ndarray:
    # cv2.max is ~3x faster than ndarray.max(axis=2) on a 12 MP photo, with the same result.
    return cv2.max(cv2.max(rgb[..., 0], rgb[..., 1]), rgb[..., 2])


def _flip_dark_regions(gray: np.ndarray, value: np.ndarray) -> tuple[np.ndarray, int]:
    """Invert areas whose background is dark, so light text there becomes dark text.

    A dark background (a dark card, a coloured band) is one large connected dark area with light
    letters as holes in it; dark letters on paper are many small areas. We invert the filled
    outline of each large, solid dark area.
    """
    h, w = gray.shape
    # Fixed, not relative to the paper: a card that is dark all over has no paper to compare with.
    dark = (gray < 100).astype(np.uint8)
    # A sliver of desk left along the edges would join every dark band into one frame.
    m = max(2, round(0.015 * min(h, w)))
    dark[:m, :] = dark[-m:, :] = 0
    dark[:, :m] = dark[:, -m:] = 0
    if np.count_nonzero(dark) < 0.01 * h * w:
        return gray, 0  # too little dark area for any region below to qualify
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    out = gray
    inverted = 0
    for label in range(1, count):
        x, y, bw, bh, area = stats[label]
        if area < 0.01 * h * w or min(bw, bh) < 0.05 * min(h, w):
            continue
        component = (labels[y : y + bh, x : x + bw] == label).astype(np.uint8)
        contours, _ = cv2.findContours(component, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        filled = np.zeros_like(component)
        cv2.drawContours(filled, contours, -1, 1, thickness=cv2.FILLED)
        # A frame or a thick rule around the card encloses paper: low solidity, leave it.
        if area / max(int(filled.sum()), 1) < 0.5:
            continue
        if inverted == 0:
            out = gray.copy()
        region = out[y : y + bh, x : x + bw]
        mask = filled.astype(bool)
        # On dark ground the brightest channel separates coloured print (red on black) far better
        # than luminance, but luminance is better for white on a saturated band: take whichever
        # shows more contrast in this region.
        lum, val = region[mask], value[y : y + bh, x : x + bw][mask]
        region[mask] = 255 - (val if val.std() > lum.std() else lum)
        inverted += 1
    return out, inverted


def _flatten_lighting(gray: np.ndarray) -> np.ndarray:
    """Divide by the estimated paper brightness: shadows and gradients become flat white."""
    h, w = gray.shape
    k = max(15, (min(h, w) // 20) | 1)
    # Closing with a kernel wider than a stroke erases dark text and leaves the paper.
    paper = cv2.morphologyEx(
        gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    )
    paper = _smooth(paper, k / 4)
    flat = cv2.divide(gray, np.maximum(paper, 1), scale=255)
    # Darken the mid-tones: thin grey print (common on cards) otherwise falls on the paper side of
    # Tesseract's global threshold once a bold black name sets it.
    return _GAMMA_LUT[flat]


def _smooth(paper: np.ndarray, sigma: float) -> np.ndarray:
    """A wide Gaussian blur of the paper estimate. The estimate varies slowly, so on a large image
    it is blurred on a small copy and scaled back: ~20x faster on a 12 MP photo, a level or two
    of difference at most."""
    shrink = int(sigma // 4)
    if shrink < 2:
        return cv2.GaussianBlur(paper, (0, 0), sigma)
    h, w = paper.shape
    small = cv2.resize(
        paper, (max(1, w // shrink), max(1, h // shrink)), interpolation=cv2.INTER_AREA
    )
    small = cv2.GaussianBlur(small, (0, 0), sigma / shrink)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


# 1.5 measured best over 85 cards (benchmarks/accuracy.py): 2.0+ starts to thicken small print
# until dots in emails merge; 1.0 loses light grey text.
_GAMMA_LUT = (255.0 * (np.arange(256) / 255.0) ** 1.5).round().astype(np.uint8)
