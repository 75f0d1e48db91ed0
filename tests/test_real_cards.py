"""The real-card development set: its labels are well formed, and fetch.py rebuilds it from git."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import phonenumbers
import pytest

from conftest import ROOT

LABELS = ROOT / "benchmarks" / "real_cards"
FETCH = LABELS / "fetch.py"
SAMPLE = ROOT / "sample_cards" / "p01_de_national_wood"
CONTACT_KEYS = set(json.loads(SAMPLE.with_suffix(".json").read_text(encoding="utf-8"))["contact"])


def _cards() -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for path in sorted(LABELS.glob("cards*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_labels_are_well_formed() -> None:
    cards = _cards()
    assert cards, "no labelled cards"
    assert len({c["id"] for c in cards}) == len(cards)
    assert len({c["sha256"] for c in cards}) == len(cards), "the same image labelled twice"
    for card in cards:
        where = card["id"]
        assert len(card["commit"]) == 40 and len(card["sha256"]) == 64, where
        assert card["kind"] in {"photo", "scan"}, where
        assert card["script"] in {"latin", "cjk+latin", "cjk", "other"}, where
        assert len(card["country"]) == 2 and card["country"].isupper(), where
        contact = card["contact"]
        assert set(contact) == CONTACT_KEYS, where
        for phone in contact["phones"]:
            number = phonenumbers.parse(phone["number"])
            assert phonenumbers.is_valid_number(number), (where, phone)
            assert phone["number"] == phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.E164
            ), (where, phone)
            assert phone["kind"] in {"work", "mobile", "fax", "other"}, (where, phone)
            assert phone["raw"], (where, phone)
        for email in contact["emails"]:
            assert email.count("@") == 1 and email == email.strip(), (where, email)
        website = contact["website"]
        assert website is None or "://" not in website, (where, website)


def _git(repo: Path, *args: str) -> str:
    command = ["git", "-C", str(repo), *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


def _repository_with_image(mirror: Path, data: bytes) -> str:
    """A repository as the fetch tool leaves it (owner+name/repo/.git); returns its commit."""
    repo = mirror / "someone+cards" / "repo"
    (repo / "img").mkdir(parents=True)
    (repo / "img" / "card one.JPG").write_bytes(data)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "cards")
    return _git(repo, "rev-parse", "HEAD")


def _run_fetch(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(FETCH), *args], capture_output=True, text=True, check=False
    )


@pytest.fixture
def labelled(tmp_path: Path) -> tuple[Path, Path, dict[str, Any]]:
    data = SAMPLE.with_suffix(".jpg").read_bytes()
    mirror = tmp_path / "mirror"
    commit = _repository_with_image(mirror, data)
    card = {
        "id": "x-one",
        "repo": "someone/cards",
        "commit": commit,
        "path": "img/card one.JPG",
        "sha256": hashlib.sha256(data).hexdigest(),
        "kind": "photo",
        "country": "DE",
        "script": "latin",
        "notes": "a note",
        "contact": {"full_name": "A B", "emails": [], "phones": []},
    }
    labels = tmp_path / "labels"
    labels.mkdir()
    (labels / "cards_t.jsonl").write_text(json.dumps(card) + "\n", encoding="utf-8")
    return mirror, labels, card


def test_fetch_rebuilds_images_and_labels_from_a_mirror(
    tmp_path: Path, labelled: tuple[Path, Path, dict[str, Any]]
) -> None:
    mirror, labels, card = labelled
    out = tmp_path / "out"
    done = _run_fetch("--mirror", str(mirror), "--labels", str(labels), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "wrote 1 of 1 cards" in done.stdout and "1 from mirrors" in done.stdout
    image = out / "x-one.jpg"
    assert hashlib.sha256(image.read_bytes()).hexdigest() == card["sha256"]
    expected = json.loads((out / "x-one.json").read_text(encoding="utf-8"))
    assert expected["contact"] == card["contact"] and expected["kind"] == "photo"

    again = _run_fetch("--mirror", str(mirror), "--labels", str(labels), "--out", str(out))
    assert again.returncode == 0 and "1 already there" in again.stdout


def test_fetch_refuses_an_image_whose_hash_differs(
    tmp_path: Path, labelled: tuple[Path, Path, dict[str, Any]]
) -> None:
    mirror, labels, card = labelled
    card["sha256"] = "0" * 64
    (labels / "cards_t.jsonl").write_text(json.dumps(card) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    done = _run_fetch("--mirror", str(mirror), "--labels", str(labels), "--out", str(out))
    assert done.returncode == 1
    assert "x-one" in done.stderr and "refused" in done.stderr
    assert not (out / "x-one.jpg").exists()


def test_fetch_stops_on_a_repeated_id(
    tmp_path: Path, labelled: tuple[Path, Path, dict[str, Any]]
) -> None:
    mirror, labels, card = labelled
    card["sha256"] = "1" * 64
    (labels / "cards_u.jsonl").write_text(json.dumps(card) + "\n", encoding="utf-8")
    done = _run_fetch("--mirror", str(mirror), "--labels", str(labels), "--out", str(tmp_path))
    assert done.returncode != 0 and "x-one already used" in done.stderr
