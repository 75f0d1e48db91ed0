"""Plain data that crosses the borders between pipeline steps.

photo --load--> LoadedImage --locate--> CardImage --prepare--> PreparedImage
      --engine--> OcrResult --parse--> ParsedContact (+ QrResult) --merge--> Extraction

Everything here is frozen; steps never mutate what they are given. Image-bearing types use
``eq=False`` because numpy arrays have no useful equality.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from .calibration_table import REVIEW_THRESHOLD

Box = tuple[int, int, int, int]
"""(left, top, width, height) in pixels of the prepared card image."""

PhoneKind = Literal["work", "mobile", "fax", "other"]

CONTACT_FIELDS: tuple[str, ...] = (
    "full_name",
    "given_name",
    "family_name",
    "title",
    "company",
    "emails",
    "phones",
    "website",
    "address",
    "linkedin",
)


@dataclass(frozen=True)
class Settings:
    """Everything one card's extraction depends on besides the photo itself.

    Passed explicitly (never read from globals) so that ``extract(photo, settings)`` can run in
    another process or on another machine.
    """

    engine: str = "auto"
    """The OCR engine by name (``ocr.engines.ENGINE_NAMES``): auto, rapidocr or tesseract."""
    languages: str = "Latin"
    """Tesseract ``-l`` value. The Latin-script model reads en/de/fr/es/it/pt/nl in one pass."""
    default_region: str | None = None
    """ISO 3166 alpha-2 country used for phone numbers only when the card itself gives no hint."""
    tesseract_cmd: str = "tesseract"
    tesseract_timeout: float = 60.0
    max_pixels: int = 100_000_000
    """Larger images are refused as decompression bombs (12 MP phone photos are far below this)."""
    target_dpi: int = 300
    review_threshold: float = REVIEW_THRESHOLD
    """Fields whose confidence (a calibrated chance of being right) is below this are flagged
    (the default is chosen from the calibration's measured flag frontier)."""


@dataclass(frozen=True, eq=False)
class LoadedImage:
    """A decoded photo, EXIF orientation already applied, as an RGB array."""

    path: str
    pixels: np.ndarray  # H x W x 3, uint8, RGB
    format: str  # "JPEG", "PNG", "HEIF", ...
    exif_transposed: bool


@dataclass(frozen=True, eq=False)
class CardImage:
    """The card cut out of the photo and warped flat (or the whole image without an outline)."""

    pixels: np.ndarray  # RGB
    found_outline: bool
    corners: tuple[tuple[float, float], ...] | None  # 4 corners in the photo, TL, TR, BR, BL


@dataclass(frozen=True, eq=False)
class PreparedImage:
    """Grayscale, dark text on light ground, scaled to about ``Settings.target_dpi``."""

    pixels: np.ndarray  # H x W, uint8
    scale: float  # prepared pixels per card-image pixel
    inverted_regions: int  # how many light-on-dark areas were flipped
    skew: float = 0.0  # degrees the text was levelled by (see deskew.level)


@dataclass(frozen=True)
class Word:
    text: str
    conf: float  # 0..1, the engine's word confidence (below ~0.6 is doubtful)
    box: Box


@dataclass(frozen=True)
class Line:
    """One text line as the engine grouped it, words left to right."""

    words: tuple[Word, ...]
    box: Box
    block: int  # lines in one block belong together (Tesseract's blocks, or grouped alike)
    paragraph: int

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def conf(self) -> float:
        return min((w.conf for w in self.words), default=0.0)

    @property
    def mean_conf(self) -> float:
        return sum(w.conf for w in self.words) / len(self.words) if self.words else 0.0

    @property
    def height(self) -> int:
        """Text height in pixels: the median word-box height, robust to descenders and noise."""
        hs = sorted(w.box[3] for w in self.words)
        return hs[len(hs) // 2] if hs else self.box[3]


@dataclass(frozen=True)
class OcrResult:
    lines: tuple[Line, ...]
    image_size: tuple[int, int]  # (width, height) of the prepared image
    text: str  # raw text, lines joined by "\n"
    warnings: tuple[str, ...] = ()  # what the engine could not read, and what to install


@dataclass(frozen=True)
class Phone:
    number: str  # E.164, e.g. "+4930123456"
    kind: PhoneKind
    raw: str  # as printed


@dataclass(frozen=True)
class Contact:
    full_name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    prefix: str | None = None  # "Dr.", "Prof." — kept out of the name
    suffix: str | None = None  # "PhD", "MBA" — kept out of the name
    title: str | None = None
    company: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[Phone, ...] = ()
    website: str | None = None
    address: str | None = None
    linkedin: str | None = None


@dataclass(frozen=True)
class ParsedContact:
    """What the parser read from OCR lines (or a QR payload)."""

    contact: Contact
    confidence: dict[str, float] = field(default_factory=dict)  # CONTACT_FIELDS -> 0..1
    boxes: dict[str, tuple[Box, ...]] = field(default_factory=dict)  # field -> where it was read
    doubtful: tuple[str, ...] = ()
    """Fields that may be missing or incomplete (text left over that could be them)."""


@dataclass(frozen=True)
class QrResult:
    kind: Literal["vcard", "mecard", "url", "text"]
    payload: str
    contact: Contact  # the fields the payload carries; others None/empty
    box: Box | None = None


@dataclass(frozen=True)
class Extraction:
    """The result for one photo: what ``cardfollow extract --json`` prints."""

    image: str
    contact: Contact
    confidence: dict[str, float]
    boxes: dict[str, tuple[Box, ...]]
    flagged: tuple[str, ...]  # fields whose confidence is below the review threshold
    raw_text: str
    qr: bool
    seconds: float
    card_found: bool
    rotation: int
    engine: str = ""  # the OCR engine that read the card
    warnings: tuple[str, ...] = ()  # text the engine could not read, and what to install for it
