"""The sample-card generator still runs and labels what it draws correctly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import phonenumbers
import pytest

from conftest import SAMPLES


@pytest.mark.slow
def test_generator_makes_labelled_cards(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            str(SAMPLES / "generate.py"),
            "--count",
            "2",
            "--seed",
            "5",
            "--kind",
            "mix",
            "--out",
            str(tmp_path),
            "--jobs",
            "1",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    labels = sorted(tmp_path.glob("*.json"))
    assert len(labels) == 2
    for label in labels:
        data = json.loads(label.read_text(encoding="utf-8"))
        images = [p for p in tmp_path.glob(label.stem + ".*") if p.suffix != ".json"]
        assert len(images) == 1
        assert data["kind"] in {"scan", "photo"}
        contact = data["contact"]
        assert contact["full_name"] and contact["emails"]
        for phone in contact["phones"]:
            assert phonenumbers.is_valid_number(phonenumbers.parse(phone["number"]))
