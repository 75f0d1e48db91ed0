"""Step 2: find the card in a photo and warp it flat.

A phone photo shows the card on a desk, tilted, in perspective, with shadows. We look for the
largest convex four-sided outline that is plausibly a card, from two independent cues (edges, and
the card's brightness against its surroundings), and warp it to a flat rectangle. A flat scan, or a
photo whose outline cannot be found, goes on as the whole image.
"""

from __future__ import annotations

import cv2
import numpy as np

from .models import CardImage, LoadedImage

_WORK_SIDE = 900  # contour search runs on a downscaled copy: fast, and desk texture blurs away
_MIN_AREA = 0.08  # of the frame: smaller outlines are logos, QR codes or text blocks
_MAX_AREA = 0.97  # larger is the frame itself (a scan)
_ASPECTS = (1.25, 2.4)
_MIN_RING_CONTRAST = 4.0  # long/short side of a card: 85x55 (1.55), 3.5x2 in (1.75), 90x50 (1.8)


def locate(image: LoadedImage) -> CardImage:
    rgb = image.pixels
    quad = find_outline(rgb)
    if quad is None:
        return CardImage(pixels=rgb, found_outline=False, corners=None)
    flat = warp(rgb, quad)
    corners = tuple((float(x), float(y)) for x, y in quad)
    return CardImage(pixels=flat, found_outline=True, corners=corners)


def find_outline(rgb: np.ndarray) -> np.ndarray | None:
    """The card's four corners (TL, TR, BR, BL) in full-resolution pixels, or None."""
    h, w = rgb.shape[:2]
    scale = _WORK_SIDE / max(h, w)
    small = cv2.resize(rgb, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    best: tuple[float, np.ndarray] | None = None
    masks = _candidate_masks(small)
    # Distance to the nearest edge pixel, so that an outline a few pixels off still counts.
    near_edge = cv2.distanceTransform(255 - masks[0], cv2.DIST_L2, 3) <= 0.008 * _WORK_SIDE
    lab = cv2.cvtColor(small, cv2.COLOR_RGB2LAB)
    light = cv2.GaussianBlur(lab[:, :, 0], (0, 0), 1.5)
    light = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(4, 4)).apply(light).astype(np.float32)
    for mask in masks:
        for quad in _quads(mask):
            support = _edge_support(quad, near_edge, light)
            score = _score(quad, small.shape[:2]) * support if support >= 0.5 else 0.0
            if score > 0 and _ring_contrast(quad, lab) < _MIN_RING_CONTRAST:
                score = 0.0  # same colour inside and out: a text block on a scan, not a card
            if score > 0 and (best is None or score > best[0]):
                best = (score, quad)
    if best is None:
        return None
    blurred = cv2.GaussianBlur(lab, (0, 0), 1.5).astype(np.float32)
    grown = keep_bands(_order(best[1]), near_edge, light, blurred)
    quad = _order(grown / scale)
    # Pull the corners in a little: an outline traced on a downscaled edge map tends to include a
    # sliver of desk, which would frame the card in dark pixels.
    centre = quad.mean(axis=0)
    return (centre + (quad - centre) * 0.985).astype(np.float32)


def _candidate_masks(small: np.ndarray) -> list[np.ndarray]:
    lab = cv2.cvtColor(small, cv2.COLOR_RGB2LAB)
    light = cv2.GaussianBlur(lab[:, :, 0], (5, 5), 0)
    # Stretch contrast: a dark card on a dark desk differs by only a few grey levels.
    light = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(4, 4)).apply(light)
    masks = []
    # Edges: works whatever the card's colour, given some contrast with the desk.
    edges = cv2.Canny(light, 30, 90)
    chroma = cv2.Canny(cv2.GaussianBlur(lab[:, :, 1:].max(axis=2), (5, 5), 0), 20, 60)
    edges = cv2.dilate(edges | chroma, np.ones((5, 5), np.uint8))
    masks.append(edges)
    # The same edges, gaps bridged and the inside filled: a card whose border is broken in places
    # (a shadow along one side) still comes out as one solid shape.
    bridged = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(bridged, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    filled = np.zeros_like(bridged)
    cv2.drawContours(filled, contours, -1, 255, thickness=cv2.FILLED)
    masks.append(cv2.morphologyEx(filled, cv2.MORPH_OPEN, np.ones((9, 9), np.uint8)))
    # Brightness: a light card on a darker desk, or a dark card on a lighter one.
    blurred = cv2.GaussianBlur(light, (0, 0), 3)
    _, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15))
    for m in (bright, 255 - bright):
        masks.append(cv2.morphologyEx(m, cv2.MORPH_CLOSE, kernel))
    # Unlike the desk: the frame's border is desk, so whatever differs from the border's colour is
    # the card, bands and dark logos included.
    masks.append(_unlike_border(lab, kernel))
    return masks


def _unlike_border(lab: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    lab = cv2.GaussianBlur(lab, (0, 0), 4).astype(np.float32)
    b = max(4, min(lab.shape[:2]) // 40)
    border = np.concatenate(
        [
            lab[:b].reshape(-1, 3),
            lab[-b:].reshape(-1, 3),
            lab[:, :b].reshape(-1, 3),
            lab[:, -b:].reshape(-1, 3),
        ]
    )
    distance = np.linalg.norm(lab - np.median(border, axis=0), axis=2)
    distance = cv2.normalize(distance, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    _, mask = cv2.threshold(distance, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    return cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)


def _quads(mask: np.ndarray) -> list[np.ndarray]:
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    frame = mask.shape[0] * mask.shape[1]
    quads = []
    for c in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        if cv2.contourArea(c) < _MIN_AREA * frame:
            break
        hull = cv2.convexHull(c)
        peri = cv2.arcLength(hull, True)
        for eps in (0.01, 0.02, 0.035, 0.05):
            approx = cv2.approxPolyDP(hull, eps * peri, True)
            if len(approx) == 4:
                quads.append(approx.reshape(4, 2).astype(np.float32))
                break
        else:
            # Rounded corners or a clipped edge: the minimal rotated rectangle is a fair outline.
            box = cv2.boxPoints(cv2.minAreaRect(hull))
            if cv2.contourArea(hull) / max(cv2.contourArea(box), 1.0) > 0.9:
                quads.append(box.astype(np.float32))
    return quads


def _score(quad: np.ndarray, shape: tuple[int, int]) -> float:
    """Bigger is better; 0 for shapes that cannot be a card seen from above."""
    h, w = shape
    area = cv2.contourArea(quad)
    if not (_MIN_AREA * h * w <= area <= _MAX_AREA * h * w):
        return 0.0
    if not cv2.isContourConvex(quad.astype(np.int32)):
        return 0.0
    q = _order(quad)
    sides = [float(np.linalg.norm(q[i] - q[(i + 1) % 4])) for i in range(4)]
    width, height = (sides[0] + sides[2]) / 2, (sides[1] + sides[3]) / 2
    aspect = max(width, height) / max(min(width, height), 1.0)
    # Perspective stretches a card's aspect, so the accepted band is generous.
    if not (_ASPECTS[0] * 0.9 <= aspect <= _ASPECTS[1] * 1.15):
        return 0.0
    # Opposite sides of a photographed rectangle are similar in length.
    if min(sides[0], sides[2]) / max(sides[0], sides[2]) < 0.6:
        return 0.0
    if min(sides[1], sides[3]) / max(sides[1], sides[3]) < 0.6:
        return 0.0
    # An outline with a side along the frame border is the frame (a scan) or a shape the frame
    # cut off, not a card lying whole in the photo.
    margin = 0.01 * max(h, w)
    # Nor does a card lying whole in the photo reach the frame at a corner: such an outline is
    # a bright area running off the photo (the desk's lit half, the card with it).
    if ((q < margin) | (q > np.array([w, h]) - margin)).any():
        return 0.0
    for a, b in zip(q, np.roll(q, -1, axis=0), strict=True):
        for axis, limit in ((0, w), (1, h)):
            if (a[axis] < margin and b[axis] < margin) or (
                a[axis] > limit - margin and b[axis] > limit - margin
            ):
                return 0.0
    return area


def _edge_support(
    quad: np.ndarray, edges: np.ndarray, light: np.ndarray, samples: int = 40
) -> float:
    """How well the outline's weakest side is backed by a real border (``_side_support``).
    A card's border qualifies on all four sides; an outline that follows a soft shadow, a light
    streak, desk texture or the frame does not."""
    q = _order(quad)
    centre = q.mean(axis=0)
    return min(_side_support(q[i], q[(i + 1) % 4], centre, edges, light, samples) for i in range(4))


def _side_support(
    a: np.ndarray,
    b: np.ndarray,
    centre: np.ndarray,
    edges: np.ndarray,
    light: np.ndarray,
    samples: int = 40,
) -> float:
    """The share of the side a-b that follows a border: a point counts when it lies on an edge,
    or when the brightness steps across the side (some levels within a few pixels, the same way
    along the side: dark cards on dark desks give weak edges but a steady step)."""
    h, w = edges.shape
    t = np.linspace(0.05, 0.95, samples)[:, None]
    pts = a + (b - a) * t
    normal = np.array([-(b - a)[1], (b - a)[0]], np.float32)
    normal /= max(float(np.linalg.norm(normal)), 1e-6)
    if np.dot(normal, centre - (a + b) / 2) > 0:
        normal = -normal  # point outwards
    d = 0.005 * _WORK_SIDE
    outer = _sample(light, pts + normal * d)
    inner = _sample(light, pts - normal * d)
    step = inner - outer
    sign = np.sign(np.median(step))
    steady = (np.abs(step) >= 6) & (np.sign(step) == sign)
    p = pts.round().astype(int)
    inside = (p[:, 0] >= 0) & (p[:, 0] < w) & (p[:, 1] >= 0) & (p[:, 1] < h)
    on_edge = np.zeros(samples, bool)
    on_edge[inside] = edges[p[inside, 1], p[inside, 0]] > 0
    return float((on_edge | steady).mean())


def keep_bands(
    quad: np.ndarray, edges: np.ndarray, light: np.ndarray, lab: np.ndarray
) -> np.ndarray:
    """The outline grown over any coloured band it left out.

    A band printed to the card's edge in a colour near the desk's (a red-brown band on a wooden
    desk) joins the desk in the brightness and unlike-the-desk cues, so the outline found is
    the card's light body alone, and the band (often the company's name) would be cut off.
    Each side is tried further out, along the neighbouring sides: it moves when the colour just
    beyond it is not the body's, a real border (edge or steady step, as ``_edge_support``)
    lies further out with that same colour just inside it and something else outside, and the
    whole is still card-shaped."""
    q = _order(quad)
    for i in range(4):
        q = _grow_side(q, i, edges, light, lab)
    return q


_BAND_CONTRAST = 14.0  # Lab distance (OpenCV's 0-255 scale) between band, body and desk


def _grow_side(
    q: np.ndarray, i: int, edges: np.ndarray, light: np.ndarray, lab: np.ndarray
) -> np.ndarray:
    a, b = q[i], q[(i + 1) % 4]
    far_a, far_b = q[(i - 1) % 4], q[(i + 2) % 4]  # the other ends of the neighbouring sides
    centre = q.mean(axis=0)
    body = _side_colour(lab, a, b, centre, -1)
    band = _side_colour(lab, a, b, centre, 2)  # clear of the blur across the side itself
    if np.linalg.norm(body - band) < _BAND_CONTRAST:
        return q  # the card's own colour goes on beyond this side: nothing left out
    best: tuple[float, np.ndarray] | None = None
    for f in np.arange(0.02, 0.8, 0.005):
        grown = q.copy()
        grown[i] = a + (a - far_a) * f
        grown[(i + 1) % 4] = b + (b - far_b) * f
        if _score(grown, lab.shape[:2]) == 0:
            break  # no longer card-shaped, or at the photo's edge
        inner = _side_colour(lab, grown[i], grown[(i + 1) % 4], centre, -1)
        outer = _side_colour(lab, grown[i], grown[(i + 1) % 4], centre, 1)
        contrast = float(np.linalg.norm(inner - outer))
        if np.linalg.norm(inner - band) > 1.5 * _BAND_CONTRAST or contrast < _BAND_CONTRAST:
            continue
        support = _side_support(grown[i], grown[(i + 1) % 4], centre, edges, light)
        # The band's outer border: backed by edges, and the sharpest step from band to desk
        # (the nearest of equally sharp ones).
        if support >= 0.75 and (best is None or support * contrast > best[0] * 1.05):
            best = (support * contrast, grown)
    return q if best is None else best[1]


def _side_colour(
    lab: np.ndarray, a: np.ndarray, b: np.ndarray, centre: np.ndarray, side: int
) -> np.ndarray:
    """Median Lab colour along the side a-b, a few pixels outside it (``side`` > 0, further
    out for a larger one) or inside (< 0)."""
    normal = np.array([-(b - a)[1], (b - a)[0]], np.float32)
    normal /= max(float(np.linalg.norm(normal)), 1e-6)
    if np.dot(normal, centre - (a + b) / 2) > 0:
        normal = -normal
    t = np.linspace(0.1, 0.9, 24)[:, None]
    pts = a + (b - a) * t + normal * side * 0.006 * _WORK_SIDE
    h, w = lab.shape[:2]
    x = np.clip(pts[:, 0].round().astype(int), 0, w - 1)
    y = np.clip(pts[:, 1].round().astype(int), 0, h - 1)
    return np.median(lab[y, x], axis=0)


def _ring_contrast(quad: np.ndarray, lab: np.ndarray) -> float:
    """Colour difference (Lab distance of medians) between thin bands just inside and just
    outside the outline. A card differs from the desk around it, if only slightly (a dark card on
    a dark desk: about 8); a block of text on a scan is paper on both sides (about 1)."""
    q = _order(quad)
    centre = q.mean(axis=0)
    h, w = lab.shape[:2]

    def inside(factor: float) -> np.ndarray:
        mask = np.zeros((h, w), np.uint8)
        cv2.fillPoly(mask, [(centre + (q - centre) * factor).round().astype(np.int32)], 1)
        return mask.astype(bool)

    edge = inside(1.0)
    inner, outer = edge & ~inside(0.94), inside(1.06) & ~edge
    if inner.sum() < 20 or outer.sum() < 20:
        return 0.0
    pixels = lab.astype(np.float32)
    return float(
        np.linalg.norm(np.median(pixels[inner], axis=0) - np.median(pixels[outer], axis=0))
    )


def _sample(img: np.ndarray, pts: np.ndarray) -> np.ndarray:
    h, w = img.shape
    x = np.clip(pts[:, 0].round().astype(int), 0, w - 1)
    y = np.clip(pts[:, 1].round().astype(int), 0, h - 1)
    return img[y, x]


def _order(pts: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left (clockwise on screen)."""
    pts = np.asarray(pts, dtype=np.float32).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise in image coordinates (y points down)
    start = int(np.argmin(pts.sum(axis=1)))
    return np.roll(pts, -start, axis=0)


def warp(rgb: np.ndarray, quad: np.ndarray) -> np.ndarray:
    tl, tr, br, bl = quad
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    apparent = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)) / max(height, 1.0)
    ratio = apparent
    estimate = true_aspect(quad, rgb.shape[:2])
    # The estimate is noisy when the outline is a few pixels off: only trust a card-like answer
    # that does not stray far from what the photo shows.
    if (
        estimate
        and 0.7 < estimate / apparent < 1.45
        and (1.2 < estimate < 2.2 or 0.45 < estimate < 0.84)
    ):
        ratio = estimate
    width, height = round(height * ratio), round(height)
    dst = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), dst)
    return cv2.warpPerspective(
        rgb, matrix, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )


def true_aspect(quad: np.ndarray, shape: tuple[int, int]) -> float | None:
    """Width/height of the real rectangle behind a perspective quad, or None if unknowable.

    Zhang & He, "Whiteboard scanning and image enhancement" (2007): estimate the camera's focal
    length from the quad (principal point at the image centre), then the rectangle's true aspect.
    Without it, a card photographed at an angle comes out squashed.
    """
    h, w = shape
    u0, v0 = w / 2.0, h / 2.0
    tl, tr, br, bl = (np.array([x, y, 1.0]) for x, y in quad)
    m1, m2, m3, m4 = tl, tr, bl, br
    k2 = np.dot(np.cross(m1, m4), m3) / np.dot(np.cross(m2, m4), m3)
    k3 = np.dot(np.cross(m1, m4), m2) / np.dot(np.cross(m3, m4), m2)
    n2 = k2 * m2 - m1
    n3 = k3 * m3 - m1
    if abs(n2[2]) < 1e-6 or abs(n3[2]) < 1e-6:
        return None  # no perspective to undo: the apparent shape is the true one
    f2 = -(
        (n2[0] * n3[0] - (n2[0] * n3[2] + n2[2] * n3[0]) * u0 + n2[2] * n3[2] * u0 * u0)
        + (n2[1] * n3[1] - (n2[1] * n3[2] + n2[2] * n3[1]) * v0 + n2[2] * n3[2] * v0 * v0)
    ) / (n2[2] * n3[2])
    # A phone's focal length is roughly 0.7-1.5 times the long side of the frame; an estimate far
    # outside that means the quad is too near-affine for the formula to be trusted.
    if not (0.3 * max(h, w)) ** 2 < f2 < (5.0 * max(h, w)) ** 2:
        return None
    f = np.sqrt(f2)
    a_inv = np.linalg.inv(np.array([[f, 0, u0], [0, f, v0], [0, 0, 1.0]]))
    ratio2 = (n2 @ a_inv.T @ a_inv @ n2) / (n3 @ a_inv.T @ a_inv @ n3)
    ratio = float(np.sqrt(ratio2)) if ratio2 > 0 else None
    if ratio is None or not 0.3 < ratio < 3.5:
        return None
    return ratio
