"""Step 5: find and decode a QR code on the card; its structured data beats OCR."""

from __future__ import annotations

import cv2
import numpy as np

from .models import Box, QrResult, Settings
from .parse import parse_qr_payload


def decode(rgb: np.ndarray, settings: Settings, keep_box: bool = True) -> QrResult | None:
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) if rgb.ndim == 3 else rgb
    payload, points = _detect(gray)
    if not payload:
        return None
    contact = parse_qr_payload(payload, settings)
    upper = payload.lstrip().upper()
    if upper.startswith("BEGIN:VCARD"):
        kind = "vcard"
    elif upper.startswith("MECARD:"):
        kind = "mecard"
    elif upper.startswith(("HTTP://", "HTTPS://", "WWW.")):
        kind = "url"
    else:
        kind = "text"
    return QrResult(
        kind=kind, payload=payload, contact=contact, box=_box(points) if keep_box else None
    )


def _detect(gray: np.ndarray) -> tuple[str, np.ndarray | None]:
    # The classic detector is fast; the ArUco-based one finds small or skewed codes it misses.
    for detector in (cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()):
        try:
            payload, points, _ = detector.detectAndDecode(gray)
        except cv2.error:
            continue
        if payload:
            return payload, points
    return "", None


def _box(points: np.ndarray | None) -> Box | None:
    if points is None:
        return None
    pts = np.asarray(points).reshape(-1, 2)
    x0, y0 = pts.min(axis=0)
    x1, y1 = pts.max(axis=0)
    return (int(x0), int(y0), int(x1 - x0), int(y1 - y0))
