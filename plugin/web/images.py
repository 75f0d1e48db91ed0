"""Card images for the page, by card id only: the path comes from the store's row, never from
the client, and the file it names must lie inside the store's own folder for that kind of image
(``cards/`` or ``photos/``), after following every symbolic link."""

from __future__ import annotations

import contextlib
import io
import threading
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageOps

import ocr.load  # noqa: F401  (registers the HEIC/HEIF opener with Pillow)

# What browsers show as they are; anything else (HEIC, TIFF) is sent as a JPEG copy.
BROWSER_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".bmp": "image/bmp",
}
THUMB_SIZE = (360, 240)
CROP_SIZE = (480, 150)  # a field's crop as the queue shows it on hover: one or two lines of print
PHOTO_MAX = 2400  # a converted photo is scaled down to this many pixels on its long side


class _Cache:
    """A small LRU of derived bytes, keyed by the file and its modification time."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[tuple[str, int, str], bytes | tuple[int, int]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[str, int, str]) -> bytes | tuple[int, int] | None:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key: tuple[str, int, str], value: bytes | tuple[int, int]) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


_sizes = _Cache(4096)
_thumbs = _Cache(512)  # ~15 KB each
_photos = _Cache(8)  # converted photos are large, and rarely looked at


class TooLarge(ValueError):
    """An image past Pillow's decompression-bomb limit: it is never decoded for a preview."""


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[Image.Image]:
    try:
        with Image.open(path) as img:
            yield img
    except Image.DecompressionBombError:
        raise TooLarge(f"{path.name}: too large to show (a possible decompression bomb)") from None


def _key(path: Path, what: str) -> tuple[str, int, str]:
    return (str(path), path.stat().st_mtime_ns, what)


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) from the file's header, without decoding the pixels."""
    try:
        key = _key(path, "size")
        found = _sizes.get(key)
        if isinstance(found, tuple):
            return found
        with Image.open(path) as img:
            size = img.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    _sizes.put(key, size)
    return size


def thumbnail(path: Path) -> bytes:
    """A small JPEG of the image; TooLarge for one too large to decode, OSError or ValueError
    for one that cannot be read."""
    key = _key(path, "thumb")
    found = _thumbs.get(key)
    if isinstance(found, bytes):
        return found
    with _opened(path) as img:
        img.draft("RGB", THUMB_SIZE)  # JPEG: decode at a fraction of the size, much faster
        small = ImageOps.exif_transpose(img).convert("RGB")
        small.thumbnail(THUMB_SIZE)
        out = _jpeg(small, 80)
    _thumbs.put(key, out)
    return out


def crop(path: Path, boxes: tuple[tuple[int, int, int, int], ...]) -> bytes:
    """The part of the card image that holds these boxes (left, top, width, height), with a
    margin of the print's own height around it, so the user sees the field as printed."""
    key = _key(path, f"crop:{boxes}")
    found = _thumbs.get(key)
    if isinstance(found, bytes):
        return found
    left = min(b[0] for b in boxes)
    top = min(b[1] for b in boxes)
    right = max(b[0] + b[2] for b in boxes)
    bottom = max(b[1] + b[3] for b in boxes)
    pad = max(8, round(0.35 * min(b[3] for b in boxes)))
    with Image.open(path) as img:
        box = (
            max(0, left - pad),
            max(0, top - pad),
            min(img.width, right + pad),
            min(img.height, bottom + pad),
        )
        if box[2] <= box[0] or box[3] <= box[1]:
            raise ValueError("the boxes lie outside the image")
        part = img.convert("RGB").crop(box)
    part.thumbnail(CROP_SIZE)
    out = _jpeg(part, 85)
    _thumbs.put(key, out)
    return out


def browser_copy(path: Path) -> bytes:
    """A photo browsers cannot show (HEIC, TIFF) as an upright JPEG."""
    key = _key(path, "jpeg")
    found = _photos.get(key)
    if isinstance(found, bytes):
        return found
    with _opened(path) as img:
        upright = ImageOps.exif_transpose(img).convert("RGB")
        upright.thumbnail((PHOTO_MAX, PHOTO_MAX))
        out = _jpeg(upright, 88)
    _photos.put(key, out)
    return out


def _jpeg(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=quality, optimize=True)
    return buf.getvalue()
