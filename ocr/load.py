"""Step 1: read a photo from disk into an upright RGB array, refusing what is not a sane image."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import numpy as np
import pillow_heif
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ImageError
from .models import LoadedImage, Settings

pillow_heif.register_heif_opener()

SUPPORTED_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".heic", ".heif", ".bmp"}
)


def load(path: str | os.PathLike[str], settings: Settings) -> LoadedImage:
    """Decode ``path``, apply its EXIF orientation and return RGB pixels.

    Raises ImageError with a message a person can act on for empty, truncated, corrupt, non-image
    and oversized files.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise ImageError(f"{p}: no such file") from None
    except OSError as exc:
        raise ImageError(f"{p}: cannot read ({exc.strerror or exc})") from None
    if p.is_dir():
        raise ImageError(f"{p}: is a folder, not an image")
    if size == 0:
        raise ImageError(f"{p}: the file is empty (0 bytes); was it still being copied?")

    with warnings.catch_warnings():
        # Pillow only *warns* between MAX_IMAGE_PIXELS and twice that; we refuse on our own limit.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(p) as img:
                width, height = img.size
                if width * height > settings.max_pixels:
                    raise ImageError(
                        f"{p}: {width}×{height} pixels is too large "
                        f"(limit {settings.max_pixels // 1_000_000} megapixels); "
                        "refusing a possible decompression bomb"
                    )
                fmt = img.format or p.suffix.lstrip(".").upper()
                img.load()
                orientation = _exif_orientation(img)
                transposed = orientation not in (None, 1)
                if transposed:
                    # In place: a 12 MP photo is 36 MB a copy, and peak memory matters.
                    ImageOps.exif_transpose(img, in_place=True)
                rgb = _to_rgb(img)
        except ImageError:
            raise
        except UnidentifiedImageError:
            raise ImageError(
                f"{p}: not an image Pillow can read (expected JPEG, PNG, TIFF, WebP or HEIC)"
            ) from None
        except Image.DecompressionBombError:
            raise ImageError(
                f"{p}: image is too large; refusing a possible decompression bomb"
            ) from None
        except (OSError, SyntaxError, ValueError) as exc:
            # Truncated JPEGs, broken PNG chunks and bad HEIC containers all end up here.
            reason = str(exc) or type(exc).__name__
            raise ImageError(f"{p}: the image is damaged or incomplete ({reason})") from None

    return LoadedImage(path=str(p), pixels=rgb, format=fmt, exif_transposed=transposed)


def _exif_orientation(img: Image.Image) -> int | None:
    try:
        return img.getexif().get(0x0112)
    except Exception:  # a broken EXIF block must not sink an otherwise good photo
        return None


def _to_rgb(img: Image.Image) -> np.ndarray:
    if img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info):
        # Transparent areas become white, like paper, instead of black.
        rgba = img.convert("RGBA")
        ground = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(ground, rgba)
    elif img.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(img, dtype=np.float64)
        top = arr.max() or 1.0
        img = Image.fromarray((arr * (255.0 / top)).astype(np.uint8))
    if img.mode != "RGB":
        img = img.convert("RGB")
    return np.asarray(img, dtype=np.uint8)
