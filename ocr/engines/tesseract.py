"""The Tesseract engine, and the one module that runs Tesseract: availability checks, the call
itself, and its output.

Like OCRmyPDF's ``_exec/tesseract.py``: nothing else in cardfollow calls the binary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytesseract
from pytesseract import Output

from ..errors import MissingDependencyError, OcrError
from ..models import Line, OcrResult, PreparedImage, Settings, Word

# Tesseract's OpenMP threads fight each other on small images: one thread per process is several
# times faster (0.55 s against 2.6 s per card measured on 2 cores). Cards run in parallel processes
# instead. Only set when the user has not chosen a value.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

# Our prepare step already flips light-on-dark text, so Tesseract's own retry with an inverted
# image (which can double the run time on hard lines) is switched off.
_BASE_CONFIG = "-c tessedit_do_invert=0"

# Sparse text: cards are islands of text, not paragraphs; psm 11 finds small print that the
# page-layout analysis of psm 3 drops as noise.
DEFAULT_PSM = 11


# OSD's orientation_conf is an unbounded margin; above ~10 it is as sure as it gets.
_OSD_SURE = 10.0


class TesseractEngine:
    """Tesseract through pytesseract: one sparse-text pass, OSD for orientation."""

    name = "tesseract"
    max_side = None  # Tesseract reads the image as given: a large photo keeps its small print

    def check_available(self, settings: Settings) -> str:
        return check_available(settings.tesseract_cmd, settings.languages)

    def read(self, prepared: PreparedImage, settings: Settings) -> OcrResult:
        return read(prepared, settings)

    def orientation(self, prepared: PreparedImage, settings: Settings) -> tuple[int, float] | None:
        guess = osd_rotation(prepared.pixels, settings)
        if guess is None:
            return None
        return guess[0], min(1.0, guess[1] / _OSD_SURE)


# Script models are capitalised (Latin, Cyrillic); Debian names their packages by ISO 15924 code.
_SCRIPT_CODES = {
    "Latin": "latn",
    "Cyrillic": "cyrl",
    "Greek": "grek",
    "Arabic": "arab",
    "Hebrew": "hebr",
    "Devanagari": "deva",
    "HanS": "hans",
    "HanT": "hant",
    "Japanese": "jpan",
    "Hangul": "hang",
    "Thai": "thai",
    "Vietnamese": "viet",
    "Fraktur": "frak",
}


def install_hint(language: str) -> str:
    """The package that provides ``language`` on Debian/Ubuntu, and the Homebrew equivalent."""
    if language[:1].isupper():
        code = _SCRIPT_CODES.get(language, language.lower())
        debian = f"tesseract-ocr-script-{code}"
    else:
        debian = f"tesseract-ocr-{language.lower().replace('_', '-')}"
    return f"apt-get install {debian} (macOS: brew install tesseract-lang)"


@lru_cache(maxsize=8)
def check_available(tesseract_cmd: str, languages: str) -> str:
    """Raise MissingDependencyError naming the package to install; return Tesseract's version."""
    if shutil.which(tesseract_cmd) is None:
        raise MissingDependencyError(
            f"Tesseract is not installed ('{tesseract_cmd}' not found). Install it with "
            "`sudo apt-get install tesseract-ocr tesseract-ocr-script-latn` "
            "(macOS: `brew install tesseract tesseract-lang`), or run scripts/setup.sh."
        )
    pytesseract.pytesseract.tesseract_cmd = tesseract_cmd
    try:
        version = str(pytesseract.get_tesseract_version())
        installed = _installed_languages(tesseract_cmd)
    except (pytesseract.TesseractError, OSError, subprocess.SubprocessError) as exc:
        raise MissingDependencyError(
            f"Tesseract at '{tesseract_cmd}' does not run: {exc}"
        ) from None
    missing = [lang for lang in languages.split("+") if lang and lang not in installed]
    if missing:
        hints = "; ".join(f"{lang}: {install_hint(lang)}" for lang in missing)
        raise MissingDependencyError(
            f"Tesseract language data missing for {', '.join(missing)}. Install: {hints}. "
            f"Installed: {', '.join(sorted(installed)) or 'none'}."
        )
    return version


def _installed_languages(tesseract_cmd: str) -> set[str]:
    # pytesseract.get_languages() drops capitalised names such as the script model "Latin".
    out = subprocess.run(
        [tesseract_cmd, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    )
    lines = (out.stdout or out.stderr).splitlines()
    return {ln.strip() for ln in lines[1:] if ln.strip() and " " not in ln.strip()}


def read(prepared: PreparedImage, settings: Settings, psm: int = DEFAULT_PSM) -> OcrResult:
    """OCR a prepared card image: words with their boxes and confidences, grouped in lines."""
    check_available(settings.tesseract_cmd, settings.languages)
    data = _image_to_data(prepared.pixels, settings, f"--psm {psm} {_BASE_CONFIG}")
    lines = group_lines(data)
    h, w = prepared.pixels.shape[:2]
    return OcrResult(lines=lines, image_size=(w, h), text="\n".join(line.text for line in lines))


def read_spaced(prepared: PreparedImage, settings: Settings, psm: int = DEFAULT_PSM) -> OcrResult:
    """Like ``read``, for scripts whose words Tesseract's word table cuts into pieces (Korean:
    '한 빛 소프트'): one run writes the word table and the plain text, and each line's pieces are
    joined where the plain text has no space between them."""
    check_available(settings.tesseract_cmd, settings.languages)
    pytesseract.pytesseract.tesseract_cmd = settings.tesseract_cmd
    config = f"--psm {psm} {_BASE_CONFIG} -c tessedit_create_tsv=1 -c tessedit_create_txt=1"
    try:
        with pytesseract.pytesseract.save(prepared.pixels) as (base, image_file):
            pytesseract.pytesseract.run_tesseract(
                image_file, base, "txt", settings.languages, config,
                timeout=settings.tesseract_timeout,
            )  # fmt: skip
            tsv = Path(f"{base}.tsv").read_text(encoding="utf-8")
            txt = Path(f"{base}.txt").read_text(encoding="utf-8")
    except RuntimeError as exc:  # pytesseract's timeout
        raise OcrError(f"Tesseract took longer than {settings.tesseract_timeout:.0f}s") from exc
    except (pytesseract.TesseractError, OSError) as exc:
        raise OcrError(f"Tesseract failed: {exc}") from None
    data = pytesseract.pytesseract.file_to_dict(tsv, "\t", -1)
    printed = [ln.split() for ln in txt.splitlines() if ln.strip()]
    lines = tuple(_respace(line, printed) for line in group_lines(data))
    h, w = prepared.pixels.shape[:2]
    return OcrResult(lines=lines, image_size=(w, h), text="\n".join(line.text for line in lines))


def _respace(line: Line, printed: list[list[str]]) -> Line:
    """``line``'s pieces joined into the words of the printed line they spell, if one does."""
    joined = "".join(w.text for w in line.words)
    tokens = next((t for t in printed if "".join(t) == joined), None)
    if tokens is None or len(tokens) == len(line.words):
        return line
    words: list[Word] = []
    pieces = list(line.words)
    for token in tokens:
        group = [pieces.pop(0)]
        while "".join(p.text for p in group) != token and pieces:
            group.append(pieces.pop(0))
        left, top = min(p.box[0] for p in group), min(p.box[1] for p in group)
        right = max(p.box[0] + p.box[2] for p in group)
        bottom = max(p.box[1] + p.box[3] for p in group)
        conf = min(p.conf for p in group)
        words.append(Word(token, conf, (left, top, right - left, bottom - top)))
    return replace(line, words=tuple(words))


def osd_rotation(pixels: np.ndarray, settings: Settings) -> tuple[int, float] | None:
    """Tesseract's orientation guess: (degrees to rotate clockwise, confidence), or None."""
    check_available(settings.tesseract_cmd, settings.languages)
    try:
        osd = pytesseract.image_to_osd(
            pixels, config="--psm 0", output_type=Output.DICT, timeout=settings.tesseract_timeout
        )
    except pytesseract.TesseractError:
        return None  # too little text to decide: not an error, the caller keeps what it has
    except RuntimeError as exc:
        raise OcrError(f"Tesseract orientation check timed out: {exc}") from None
    return int(osd.get("rotate", 0)) % 360, float(osd.get("orientation_conf", 0.0))


def _image_to_data(pixels: np.ndarray, settings: Settings, config: str) -> dict[str, list]:
    try:
        return pytesseract.image_to_data(
            pixels,
            lang=settings.languages,
            config=config,
            output_type=Output.DICT,
            timeout=settings.tesseract_timeout,
        )
    except RuntimeError as exc:  # pytesseract's timeout
        raise OcrError(f"Tesseract took longer than {settings.tesseract_timeout:.0f}s") from exc
    except pytesseract.TesseractError as exc:
        raise OcrError(f"Tesseract failed: {exc.message or exc}") from None


def group_lines(data: dict[str, list]) -> tuple[Line, ...]:
    """Turn ``image_to_data``'s flat word table into Lines (top to bottom, then left to right)."""
    grouped: dict[tuple[int, int, int], list[Word]] = {}
    for i, raw in enumerate(data["text"]):
        text = (raw or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        box = (
            int(data["left"][i]),
            int(data["top"][i]),
            int(data["width"][i]),
            int(data["height"][i]),
        )
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        grouped.setdefault(key, []).append(Word(text=text, conf=conf / 100.0, box=box))
    lines = []
    for (block, par, _), words in grouped.items():
        words.sort(key=lambda w: w.box[0])
        left = min(w.box[0] for w in words)
        top = min(w.box[1] for w in words)
        right = max(w.box[0] + w.box[2] for w in words)
        bottom = max(w.box[1] + w.box[3] for w in words)
        lines.append(
            Line(
                words=tuple(words),
                box=(left, top, right - left, bottom - top),
                block=block,
                paragraph=par,
            )
        )
    lines.sort(key=lambda ln: (ln.box[1] + ln.box[3] / 2, ln.box[0]))
    return tuple(lines)
