"""OCR lines (or a QR code's text) to a contact.

Public API:

* ``parse_contact(ocr, settings) -> ParsedContact`` — the card's OCR lines to a contact with
  per-field confidences and the word boxes each field was read from;
* ``parse_qr_payload(payload, settings) -> Contact`` — vCard, MeCard or URL text from a QR code;
* ``ocr_from_text(text) -> OcrResult`` — a synthetic OCR result for tests (see ``synthetic``).
"""

from __future__ import annotations

from ocr.parse.contact import parse_contact
from ocr.parse.qr_payload import parse_qr_payload
from ocr.parse.synthetic import ocr_from_text

__all__ = ["ocr_from_text", "parse_contact", "parse_qr_payload"]
