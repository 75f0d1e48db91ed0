"""Shared by the benchmarks: finding labelled images and running extract over them."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ocr.load import SUPPORTED_SUFFIXES

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Sample:
    image: Path
    expected: dict[str, Any]  # {"contact": {...}, "kind": "scan"|"photo", ...}

    @property
    def kind(self) -> str:
        return str(self.expected.get("kind") or "unknown")


def find_samples(folders: list[str]) -> list[Sample]:
    """Images that have an expected ``<stem>.json`` beside them."""
    samples = []
    for folder in folders or [str(ROOT / "sample_cards")]:
        for image in sorted(Path(folder).rglob("*")):
            if image.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            label = image.with_suffix(".json")
            if label.exists():
                samples.append(Sample(image, json.loads(label.read_text(encoding="utf-8"))))
    return samples


def _run(path: str) -> dict[str, Any]:
    from plugin.config import ocr_settings
    from plugin.intake.read_card import read_card, reading_to_dict

    settings, _ = ocr_settings()
    return reading_to_dict(read_card(path, settings, with_view=False))


def extract_all(paths: list[str], jobs: int) -> Iterator[dict[str, Any]]:
    if jobs <= 1:
        yield from map(_run, paths)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_run, paths)


def default_jobs() -> int:
    return os.cpu_count() or 1
