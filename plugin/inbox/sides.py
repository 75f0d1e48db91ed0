"""The two sides of one card, and when a photo was taken (to pair front and back shots).

Sides are recognised only from a *suffix* of the file's stem, separated by "-", "_", " " or ".":
``jane-front.jpg``, ``jane_back.heic``, ``Jane Front.png``, ``jane.BACK.jpg``. A prefix
(``front-jane.jpg``) is not recognised: real names like "Front Street Dental.jpg" or
"Back Bay Partners.jpg" would be misread. Single letters (``jane-f``/``jane-b``) neither.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import Path

import pillow_heif
from PIL import ExifTags, Image

pillow_heif.register_heif_opener()

# The key may be empty: "front.jpg" and "back.jpg" alone in a folder are one card.
_SIDE_RE = re.compile(r"^(?:(?P<key>.*?\S)[-_ .]+)?(?P<side>front|back)$", re.IGNORECASE)

# (date-time tag, its UTC-offset tag), most to least telling of when the shot was taken.
_EXIF_TIMES = (
    (ExifTags.Base.DateTimeOriginal, ExifTags.Base.OffsetTimeOriginal),
    (ExifTags.Base.DateTimeDigitized, ExifTags.Base.OffsetTimeDigitized),
)
_IFD0_TIME = (ExifTags.Base.DateTime, ExifTags.Base.OffsetTime)


def side_of(path: Path) -> tuple[str | None, str]:
    """("front" | "back" | None, key): files of one card share the key (case-folded stem).

    ``Jane-Front.jpg`` and ``jane_back.HEIC`` both give key "jane"; ``IMG_1234.jpg`` gives
    (None, "img_1234"). Pair only within one folder: the key has no folder in it.
    """
    stem = Path(path).stem
    match = _SIDE_RE.match(stem)
    if match is None:
        return None, stem.strip().casefold()
    return match["side"].lower(), (match["key"] or "").strip().casefold()


def captured_at(path: Path) -> dt.datetime:
    """When the photo was taken, UTC-aware: EXIF DateTimeOriginal, else the file's mtime.

    The EXIF time uses its OffsetTimeOriginal when present, else this machine's local time zone
    (what the camera clock most likely showed). Pixels are never decoded. Never raises: any
    problem gives the mtime, and a file that cannot even be stat'ed gives now.
    """
    return capture_time(path)[0]


def capture_time(path: Path, mtime: float | None = None) -> tuple[dt.datetime, str]:
    """``captured_at`` and what it came from: "camera" (the photo's EXIF) or "file" (its mtime,
    which says when it was copied, not when it was taken). ``mtime``: the original's, when
    ``path`` is a copy of it."""
    try:
        taken = _exif_time(path)
    except Exception:  # a bad file must never stop the inbox
        taken = None
    if taken is not None:
        return taken, "camera"
    try:
        when = Path(path).stat().st_mtime if mtime is None else mtime
        return dt.datetime.fromtimestamp(when, dt.UTC), "file"
    except (OSError, ValueError, OverflowError):
        return dt.datetime.now(dt.UTC), "file"


def _exif_time(path: Path) -> dt.datetime | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # decompression-bomb and truncated-EXIF warnings
        with Image.open(path) as img:  # lazy: reads headers, not pixels
            exif = img.getexif()
            sub = exif.get_ifd(ExifTags.IFD.Exif)
            for time_tag, offset_tag in _EXIF_TIMES:
                found = _parse(sub.get(time_tag), sub.get(offset_tag))
                if found is not None:
                    return found
            time_tag, offset_tag = _IFD0_TIME
            return _parse(exif.get(time_tag), sub.get(offset_tag) or exif.get(offset_tag))


def _parse(value: object, offset: object) -> dt.datetime | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    # "YYYY:MM:DD HH:MM:SS", sometimes NUL-padded; "0000:00:00 00:00:00" means unset.
    try:
        naive = dt.datetime.strptime(value.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    tz = _offset(offset)
    # astimezone() on a naive datetime reads it as this machine's local time.
    aware = naive.replace(tzinfo=tz) if tz is not None else naive.astimezone()
    return aware.astimezone(dt.UTC)


def _offset(value: object) -> dt.tzinfo | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    match = re.fullmatch(r"\s*([+-])(\d{2}):?(\d{2})\s*\x00*", value)
    if match is None:
        return dt.UTC if value.strip("\x00 ").upper() == "Z" else None
    sign = -1 if match[1] == "-" else 1
    minutes = int(match[2]) * 60 + int(match[3])
    if minutes >= 24 * 60:
        return None
    return dt.timezone(sign * dt.timedelta(minutes=minutes))
