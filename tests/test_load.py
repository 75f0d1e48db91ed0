"""Bad input gives a clear ImageError, never a traceback; good input comes out upright RGB."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ocr.errors import ImageError
from ocr.load import load
from ocr.models import Settings

SETTINGS = Settings()


def _jpeg_bytes(size: tuple[int, int] = (400, 240), exif_orientation: int | None = None) -> bytes:
    img = Image.new("RGB", size, "white")
    # A dark block in the top-left corner tells us where "up" ended up.
    img.paste((0, 0, 0), (0, 0, size[0] // 4, size[1] // 4))
    buf = io.BytesIO()
    exif = Image.Exif()
    if exif_orientation:
        exif[0x0112] = exif_orientation
    img.save(buf, "JPEG", exif=exif.tobytes())
    return buf.getvalue()


def test_zero_byte_file(tmp_path: Path) -> None:
    f = tmp_path / "empty.jpg"
    f.write_bytes(b"")
    with pytest.raises(ImageError, match="empty"):
        load(f, SETTINGS)


def test_truncated_jpeg(tmp_path: Path) -> None:
    data = _jpeg_bytes((1200, 800))
    f = tmp_path / "half.jpg"
    f.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImageError, match="damaged or incomplete"):
        load(f, SETTINGS)


def test_text_file_named_jpg(tmp_path: Path) -> None:
    f = tmp_path / "notes.jpg"
    f.write_text("Call Anna back on Monday\n")
    with pytest.raises(ImageError, match="not an image"):
        load(f, SETTINGS)


def test_huge_image_refused_before_decoding(tmp_path: Path) -> None:
    # 20,000 x 20,000 = 400 megapixels; a 1-bit PNG keeps the file itself small.
    f = tmp_path / "huge.png"
    Image.new("1", (20_000, 20_000), 1).save(f, optimize=True)
    with pytest.raises(ImageError, match="too large"):
        load(f, SETTINGS)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="no such file"):
        load(tmp_path / "nope.jpg", SETTINGS)
    with pytest.raises(ImageError, match="folder"):
        load(tmp_path, SETTINGS)


@pytest.mark.parametrize("orientation", [6, 8, 3])
def test_exif_orientation_applied(tmp_path: Path, orientation: int) -> None:
    f = tmp_path / "rotated.jpg"
    f.write_bytes(_jpeg_bytes((400, 240), exif_orientation=orientation))
    loaded = load(f, SETTINGS)
    assert loaded.exif_transposed
    h, w = loaded.pixels.shape[:2]
    assert (w, h) == ((400, 240) if orientation == 3 else (240, 400))


def test_formats_png_rgba_webp_tiff_heic(tmp_path: Path) -> None:
    import pillow_heif

    pillow_heif.register_heif_opener()
    img = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    for ext, fmt in (("png", "PNG"), ("webp", "WEBP"), ("tiff", "TIFF"), ("heic", "HEIF")):
        f = tmp_path / f"card.{ext}"
        (img if fmt in ("PNG", "TIFF") else img.convert("RGB")).save(f, fmt)
        loaded = load(f, SETTINGS)
        assert loaded.pixels.shape == (200, 300, 3)
        assert loaded.pixels.dtype == np.uint8
    # Transparent PNG pixels become white paper, not black.
    assert load(tmp_path / "card.png", SETTINGS).pixels.mean() == 255
