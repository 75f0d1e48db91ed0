"""``cardfollow extract`` as a user runs it: a real process, real Tesseract, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES
from ocr.models import CONTACT_FIELDS

CARDFOLLOW = [sys.executable, "-m", "plugin"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CARDFOLLOW, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def one_scan() -> Path:
    scans = sorted(p for p in SAMPLES.glob("*.png") if p.with_suffix(".json").exists())
    assert scans, "sample_cards/ has no scans: run sample_cards/generate.py"
    return scans[0]


def test_json_lines_shape_and_exit_codes(tmp_path: Path, one_scan: Path) -> None:
    bad = tmp_path / "notes.jpg"
    bad.write_text("not a photo")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    proc = run("extract", "--json", "--jobs", "2", str(one_scan), str(bad), str(empty))
    assert proc.returncode == 1, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["image"] for r in lines] == [str(one_scan), str(bad), str(empty)]
    ok, not_image, zero = lines
    assert ok["status"] == "ok"
    assert set(ok["contact"]) >= set(CONTACT_FIELDS)
    assert all(0.0 <= v <= 1.0 for v in ok["confidence"].values())
    assert isinstance(ok["qr"], bool) and isinstance(ok["seconds"], float)
    for phone in ok["contact"]["phones"]:
        assert phone["number"].startswith("+") and phone["kind"] in {
            "work",
            "mobile",
            "fax",
            "other",
        }
    assert not_image["status"] == "error" and "not an image" in not_image["error"]
    assert zero["status"] == "error" and "empty" in zero["error"]


def test_all_good_exits_zero_and_prints_a_table(one_scan: Path) -> None:
    proc = run("extract", str(one_scan))
    assert proc.returncode == 0, proc.stderr
    expected = json.loads(one_scan.with_suffix(".json").read_text())["contact"]
    assert expected["emails"][0] in proc.stdout
    assert "1 of 1 images read" in proc.stdout


def test_folder_is_searched_and_hidden_files_skipped(tmp_path: Path, one_scan: Path) -> None:
    (tmp_path / "event").mkdir()
    (tmp_path / "event" / one_scan.name).write_bytes(one_scan.read_bytes())
    (tmp_path / "event" / ".DS_Store").write_bytes(b"\0\0junk")
    (tmp_path / "event" / "readme.txt").write_text("not an image")
    proc = run("extract", "--json", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 1


def test_missing_tesseract_names_the_package(one_scan: Path) -> None:
    proc = run("extract", str(one_scan), env={"CARDFOLLOW_TESSERACT_CMD": "/nonexistent/tesseract"})
    assert proc.returncode == 3
    assert "apt-get install tesseract-ocr" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_language_pack_names_the_package(one_scan: Path) -> None:
    proc = run("extract", "--lang", "Latin+ukr", str(one_scan))
    assert proc.returncode == 3
    assert "tesseract-ocr-ukr" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_no_images_is_an_error(tmp_path: Path) -> None:
    proc = run("extract", str(tmp_path))
    assert proc.returncode == 1
    assert "no images found" in proc.stderr


def test_table_shows_card_text_literally(capsys: pytest.CaptureFixture[str]) -> None:
    from plugin.cli.extract import _print_table

    hostile = "[bold red]Anna[/bold red] {{ 7*7 }} <script>"
    contact = dict.fromkeys(CONTACT_FIELDS)
    contact.update(full_name=hostile, emails=["anna@example.com"], phones=[])
    _print_table([{"image": "card.jpg", "status": "ok", "contact": contact, "flagged": []}])
    out = capsys.readouterr().out
    assert "[bold red]Anna[/bold red]" in out
    assert "{{ 7*7 }}" in out and "<script>" in out
