"""The OCR-engine seam: the registry, choosing an engine (setting, environment), what each
engine reads on the sample cards with no network and an empty HOME, and clear errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import SAMPLES, run_cli, sample
from ocr import orient
from ocr.engines import (
    DEFAULT_ENGINE,
    ENGINE_NAMES,
    UnknownEngineError,
    check_engine_name,
    get_engine,
)
from ocr.engines.checks import claims_contact, well_formed
from ocr.engines.lines import build_lines, line_from_chars
from ocr.errors import ExitCode
from ocr.load import load
from ocr.locate import locate
from ocr.models import Settings
from ocr.prepare import prepare
from plugin.config import ConfigError, ocr_settings

READING_ENGINES = ("tesseract", "rapidocr")


def test_registry_names_every_engine_and_the_default() -> None:
    assert set(ENGINE_NAMES) == {"auto", "rapidocr", "tesseract"}
    assert Settings().engine == DEFAULT_ENGINE
    for name in ENGINE_NAMES:
        engine = get_engine(name)
        assert engine.name == name
        assert get_engine(name) is engine  # one per process: models load once
    assert check_engine_name(" RapidOCR ") == "rapidocr"


def test_an_unknown_engine_names_the_choices() -> None:
    with pytest.raises(UnknownEngineError, match="auto, rapidocr, tesseract") as caught:
        get_engine("easyocr")
    assert caught.value.exit_code == ExitCode.usage


def test_the_engine_comes_from_config_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ocr_settings()[0].engine == DEFAULT_ENGINE
    config = Path(os.environ["CARDFOLLOW_HOME"]) / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[ocr]\nengine = "tesseract"\n', encoding="utf-8")
    settings, sources = ocr_settings()
    assert settings.engine == "tesseract" and "config" in sources["engine"].source
    monkeypatch.setenv("CARDFOLLOW_OCR_ENGINE", "rapidocr")
    assert ocr_settings()[0].engine == "rapidocr"
    monkeypatch.setenv("CARDFOLLOW_OCR_ENGINE", "nope")
    with pytest.raises(ConfigError, match="auto, rapidocr, tesseract"):
        ocr_settings()


def test_extract_says_which_engine_read_the_card() -> None:
    card = sample("s01")
    proc = run_cli("extract", "--json", str(card), env={"CARDFOLLOW_OCR_ENGINE": "rapidocr"})
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["engine"] == "rapidocr"
    assert result["contact"]["emails"] == ["a.weber@weber-partner.de"]
    for key in ("image", "status", "contact", "confidence", "flagged", "qr", "seconds"):
        assert key in result


def test_extract_refuses_an_unknown_engine() -> None:
    proc = run_cli("extract", str(sample("s01")), env={"CARDFOLLOW_OCR_ENGINE": "easyocr"})
    assert proc.returncode == ExitCode.usage
    assert "auto, rapidocr, tesseract" in proc.stderr and "Traceback" not in proc.stderr


def test_a_missing_engine_is_named_with_its_install_hint(tmp_path: Path) -> None:
    # onnxruntime shadowed by a package that fails to import, as when it is not installed.
    fake = tmp_path / "shadow" / "onnxruntime"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('No module named onnxruntime')\n")
    env = {"CARDFOLLOW_OCR_ENGINE": "rapidocr", "PYTHONPATH": str(fake.parent)}
    proc = run_cli("extract", str(sample("s01")), env=env)
    assert proc.returncode == ExitCode.missing_dependency
    assert "pip install" in proc.stderr and "onnxruntime" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_rapidocr_reads_words_with_boxes_in_the_prepared_image() -> None:
    settings = Settings(engine="rapidocr")
    photo = load(sample("s01"), settings)
    prepared = prepare(locate(photo), settings)
    ocr = get_engine("rapidocr").read(prepared, settings)
    h, w = prepared.pixels.shape[:2]
    assert ocr.image_size == (w, h)
    assert "a.weber@weber-partner.de" in ocr.text
    for line in ocr.lines:
        for word in line.words:
            left, top, width, height = word.box
            assert left >= 0 and left + width <= w + 1 and top >= 0 and top + height <= h + 1
            assert 0.0 <= word.conf <= 1.0
            # each word's box covers its own letters: dark pixels inside it
            assert (prepared.pixels[top : top + height, left : left + width] < 128).any()
    name = next(ln for ln in ocr.lines if "Weber," in ln.text)
    assert [w.text for w in name.words] == ["Dr.", "Anna", "Weber,", "PhD"]
    lefts = [w.box[0] for w in name.words]
    assert lefts == sorted(lefts)


def test_rapidocr_tells_which_way_a_turned_card_reads() -> None:
    settings = Settings(engine="rapidocr")
    prepared = prepare(locate(load(sample("s02"), settings)), settings)
    engine = get_engine("rapidocr")
    for turned in (0, 90, 180, 270):
        guess = engine.orientation(orient.rotate(prepared, turned), settings)
        assert guess is not None and guess[0] == (360 - turned) % 360, (turned, guess)
        assert 0.5 < guess[1] <= 1.0
    # read as it lies, a card on its side gives no text to mislead the pipeline's turn search
    assert orient.readability(engine.read(orient.rotate(prepared, 90), settings)) < 20


def test_words_take_their_letters_boxes_and_scores() -> None:
    quad = np.array([[10, 20], [110, 20], [110, 40], [10, 40]], dtype=float)

    def char(c: str, x: int, p: float) -> tuple[str, float, list[list[int]]]:
        return c, p, [[x, 22], [x + 8, 22], [x + 8, 38], [x, 38]]

    chars = [char("a", 12, 1.0), char("b", 20, 0.5), char("c", 60, 0.9), char("d", 68, 1.0)]
    line = line_from_chars("ab cd", 0.85, quad, chars)
    assert line is not None
    assert [(w.text, w.conf) for w in line.words] == [("ab", 0.5), ("cd", 0.9)]
    assert line.words[0].box == (12, 20, 16, 20) and line.words[1].box == (60, 20, 16, 20)
    # characters that do not match the text: words share the width by their letters
    fallback = line_from_chars("ab cd", 0.9, quad, chars[:3])
    assert fallback is not None
    assert [w.box for w in fallback.words] == [(10, 20, 40, 20), (70, 20, 40, 20)]
    assert all(w.conf == pytest.approx(0.8) for w in fallback.words)


def test_lines_above_each_other_in_one_column_share_a_block() -> None:
    def at(text: str, left: int, top: int) -> object:
        quad = np.array([[left, top], [left + 200, top], [left + 200, top + 30], [left, top + 30]])
        return line_from_chars(text, 1.0, quad.astype(float), [])

    lines = build_lines([at("title", 50, 140), at("name", 50, 100), at("phone", 600, 400)])
    assert [ln.text for ln in lines] == ["name", "title", "phone"]
    assert lines[0].block == lines[1].block != lines[2].block


@pytest.mark.parametrize(
    ("text", "claims", "valid"),
    [
        ("E-Mail: a.weber@weber-partner.de", True, True),
        ("a.weber@weber-partner,de", True, False),
        ("www.weber-partner.de", True, True),
        ("www.weber partner.de", True, False),
        ("Tel. +49 30 2345678-0", True, True),
        ("Tel. +49 30 23", False, True),
        ("Tel. +1 555 0100 99999 1", True, False),
        ("Geschäftsführerin", False, True),
    ],
)
def test_contact_lines_are_checked(text: str, claims: bool, valid: bool) -> None:
    assert claims_contact(text) is claims
    assert well_formed(text, None) is valid


def _offline() -> list[str]:
    """A command prefix that cuts the network off, when this machine allows it (root)."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], check=False).returncode == 0:
        return [unshare, "-n"]
    pytest.skip("unshare -n is not permitted here: cannot prove the engines run offline")
    return []


@pytest.mark.slow
@pytest.mark.parametrize("engine", READING_ENGINES)
def test_each_engine_reads_the_sample_cards_offline(engine: str, tmp_path: Path) -> None:
    """Nothing downloaded at run time and nothing queued to leave: no network, an empty HOME
    that stays empty, and every sample card read upright with its emails in the text."""
    home = tmp_path / "empty-home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "CARDFOLLOW_OCR_ENGINE": engine,
    }
    proc = subprocess.run(
        [*_offline(), sys.executable, "-m", "plugin", "extract", "--json", "-j", "2", str(SAMPLES)],
        capture_output=True,
        text=True,
        timeout=1800,
        env=env,
    )
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert results, proc.stderr
    # No model cache, and none of onnxruntime's telemetry queue (~/.cache/Microsoft/...).
    assert list(home.rglob("*")) == []
    misses = []
    for result in results:
        image = Path(result["image"])
        expected = json.loads(image.with_suffix(".json").read_text(encoding="utf-8"))
        assert result["status"] == "ok", result.get("error")
        assert result["engine"] == engine
        text = result["raw_text"].lower()
        for email in expected["contact"]["emails"]:
            if email.lower() not in text:
                misses.append((image.name, email))
        family = expected["contact"]["family_name"]
        if family and family.lower() not in text:
            misses.append((image.name, family))
    # A few misreads are allowed (the text of a photo), never a pattern.
    assert len(misses) <= len(results) // 8, misses
