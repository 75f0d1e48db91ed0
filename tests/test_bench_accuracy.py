"""benchmarks/accuracy.py --readings: scoring the readings parser_dev.py cached gives the figures
that reading the same images again gives (the lead prints the final per-engine accuracy so)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from conftest import ROOT, sample

BENCHMARKS = ROOT / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import accuracy  # noqa: E402
import parser_dev  # noqa: E402
from _common import find_samples  # noqa: E402

# A flat scan, a blurred photo, and a blank card (extract fails: no text), so the cached path is
# checked on a clean read, a doubtful one and a failure.
CARDS = ("s01", "p02")


def _cards(folder: Path) -> None:
    folder.mkdir()
    for start in CARDS:
        image = sample(start)
        shutil.copy(image, folder / image.name)
        shutil.copy(image.with_suffix(".json"), folder / image.with_suffix(".json").name)
    Image.new("RGB", (1050, 600), "white").save(folder / "zz_blank.png")
    label = json.loads(sample(CARDS[0]).with_suffix(".json").read_text(encoding="utf-8"))
    (folder / "zz_blank.json").write_text(json.dumps(label), encoding="utf-8")


@pytest.mark.parametrize("engine", ["auto"])
def test_cached_readings_score_as_reading_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    import ocr.pipeline as pipeline

    # parser_dev's cache wraps the pipeline's parse and merge in this process: undone afterwards.
    monkeypatch.setattr(pipeline, "parse_contact", pipeline.parse_contact)
    monkeypatch.setattr(pipeline, "merge", pipeline.merge)
    monkeypatch.setenv("CARDFOLLOW_OCR_ENGINE", engine)  # the cache reads with the setting
    cards, cache = tmp_path / "cards", tmp_path / "cache"
    _cards(cards)
    parser_dev.cache([str(cards)], cache, 1, engine)
    samples = find_samples([str(cards)])
    assert len(samples) == len(CARDS) + 1

    live = accuracy.measure(samples, engine, 1, False, False)
    cached = accuracy.measure(samples, engine, 1, False, False, readings=cache)
    assert live["failed"] == 1  # the blank card
    assert live.pop("seconds_per_card") > 0 and cached.pop("seconds_per_card") is None
    assert cached == live

    # The command line finds the cache's folders and engines by itself.
    out = subprocess.run(
        [sys.executable, str(BENCHMARKS / "accuracy.py"), "--readings", str(cache), "--json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    printed = json.loads(out.stdout)["engines"]
    assert list(printed) == [engine]
    printed[engine].pop("seconds_per_card")
    assert printed[engine] == live
