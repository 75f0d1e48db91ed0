"""What the reader could not read is said, not hidden: a card with Korean lines read without
Tesseract's Korean model carries a warning naming the package to install, in the engine's
result, the extraction's JSON and the log."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from ocr.engines import cross_checked, hangul
from ocr.errors import MissingDependencyError
from ocr.models import Contact, Extraction, Line, OcrResult, PreparedImage, Settings, Word
from ocr.serialize import extraction_to_dict


def _reading(*texts: tuple[str, float]) -> OcrResult:
    lines = tuple(
        Line((Word(text, conf, (60, 60 + 80 * i, 300, 60)),), (60, 60 + 80 * i, 300, 60), 1, 1)
        for i, (text, conf) in enumerate(texts)
    )
    return OcrResult(lines, (1000, 600), "\n".join(t for t, _ in texts))


class _FirstEngine:
    """Stands in for RapidOCR: returns a fixed reading."""

    def __init__(self, reading: OcrResult) -> None:
        self.reading = reading

    def read(self, prepared: PreparedImage, settings: Settings) -> OcrResult:
        return self.reading


def _no_korean_model(cmd: str, languages: str) -> str:
    if "kor" in languages.split("+"):
        raise MissingDependencyError("Tesseract language data missing for kor.")
    return "5.3.0"


def _engine(reading: OcrResult) -> cross_checked.CrossCheckedEngine:
    engine = cross_checked.CrossCheckedEngine()
    engine._first = _FirstEngine(reading)  # type: ignore[assignment]
    return engine


def test_a_korean_card_without_the_korean_model_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(hangul.tesseract, "check_available", _no_korean_model)
    # '김민수' as RapidOCR reads it (unsure Han), and a .kr address: signs of Korean.
    reading = _reading(("召巳今", 0.2), ("minsu.kim@hanbit-sw.co.kr", 0.99))
    prepared = PreparedImage(
        pixels=np.full((600, 1000), 255, np.uint8), scale=1.0, inverted_regions=0
    )
    with caplog.at_level(logging.WARNING):
        out = _engine(reading).read(prepared, Settings())
    assert out.lines == reading.lines  # what was read is kept
    assert len(out.warnings) == 1
    assert "tesseract-ocr-kor" in out.warnings[0]
    assert "tesseract-ocr-kor" in caplog.text


def test_a_card_with_no_sign_of_korean_has_no_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hangul.tesseract, "check_available", _no_korean_model)
    reading = _reading(("Anna Weber", 0.99), ("anna@weber.de", 0.99))
    prepared = PreparedImage(
        pixels=np.full((600, 1000), 255, np.uint8), scale=1.0, inverted_regions=0
    )
    assert _engine(reading).read(prepared, Settings()).warnings == ()


def test_the_warning_is_in_the_extraction_json() -> None:
    result = Extraction(
        image="card.jpg",
        contact=Contact(),
        confidence={},
        boxes={},
        flagged=(),
        raw_text="",
        qr=False,
        seconds=0.1,
        card_found=True,
        rotation=0,
        engine="auto",
        warnings=("install tesseract-ocr-kor",),
    )
    assert extraction_to_dict(result)["warnings"] == ["install tesseract-ocr-kor"]
