"""Rebuild the real-card development set from the public repositories its labels name.

    .venv/bin/python benchmarks/real_cards/fetch.py                       # download (GitHub raw)
    .venv/bin/python benchmarks/real_cards/fetch.py --mirror /work/.mirror  # bare git mirrors
    .venv/bin/python benchmarks/accuracy.py benchmarks/out/real_cards      # then score them

Every ``cards*.jsonl`` beside this script is read (one labelled card per line). Each image is taken
from its repository at the labelled commit, checked against the labelled SHA-256 and written as
``<out>/<id><suffix>`` with ``<out>/<id>.json`` beside it in the shape of ``sample_cards/*.json``,
which is what ``benchmarks/accuracy.py`` scores. The images are other people's: they are never
committed, only rebuilt on demand into the git-ignored ``benchmarks/out/``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / "out" / "real_cards"
RAW_URL = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"
REQUIRED = ("id", "repo", "commit", "path", "sha256", "kind", "contact")


@dataclass(frozen=True)
class Card:
    id: str
    repo: str
    commit: str
    path: str
    sha256: str
    label: dict[str, Any]  # the whole JSON line

    @property
    def suffix(self) -> str:
        return Path(self.path).suffix.lower() or ".jpg"


class SourceError(Exception):
    """The image could not be had from any source."""


def read_labels(folders: list[Path]) -> list[Card]:
    """Every card of every ``cards*.jsonl`` in ``folders``; a malformed or repeated card stops."""
    cards: list[Card] = []
    seen: dict[str, str] = {}
    files = sorted({f.resolve() for folder in folders for f in folder.glob("cards*.jsonl")})
    for labels in files:
        for number, line in enumerate(labels.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{labels.name}:{number}"
            try:
                label = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{where}: not JSON ({exc})") from exc
            missing = [key for key in REQUIRED if not label.get(key)]
            if missing:
                raise SystemExit(f"{where}: missing {', '.join(missing)}")
            for key in (label["id"], label["sha256"]):
                if key in seen:
                    raise SystemExit(f"{where}: {key} already used at {seen[key]}")
                seen[key] = where
            cards.append(
                Card(
                    label["id"],
                    label["repo"],
                    label["commit"],
                    label["path"],
                    label["sha256"],
                    label,
                )
            )
    return cards


def mirror_git_dir(mirror: Path, repo: str) -> Path | None:
    """The bare git directory of ``repo`` in a folder of mirrors named ``owner+name``."""
    base = mirror / repo.replace("/", "+")
    # The fetch tool leaves owner+name/repo (sometimes a work tree's repo/.git); plain clones
    # named owner+name or owner+name.git work as well.
    candidates = (base / "repo" / ".git", base / "repo", base, base.with_name(base.name + ".git"))
    for candidate in candidates:
        if (candidate / "objects").is_dir():
            return candidate
    return None


def from_mirror(git_dir: Path, card: Card) -> bytes:
    done = subprocess.run(
        ["git", f"--git-dir={git_dir}", "show", f"{card.commit}:{card.path}"],
        capture_output=True,
        check=False,
    )
    if done.returncode:
        message = done.stderr.decode(errors="replace").strip()
        raise SourceError(f"not in mirror {git_dir}: {message}")
    return done.stdout


def download(card: Card, timeout: float) -> bytes:
    url = RAW_URL.format(repo=card.repo, commit=card.commit, path=card.path)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return bytes(response.read())
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise SourceError(f"download of {url} failed: {exc}") from exc


def image_bytes(card: Card, mirror: Path | None, timeout: float) -> tuple[bytes, str]:
    """The image and where it came from: the mirror if it holds the repository, else GitHub."""
    if mirror is not None:
        git_dir = mirror_git_dir(mirror, card.repo)
        if git_dir is not None:
            return from_mirror(git_dir, card), "mirror"
    return download(card, timeout), "download"


def expected_json(card: Card) -> dict[str, Any]:
    """The ``sample_cards/*.json`` shape that ``benchmarks/accuracy.py`` reads."""
    label = card.label
    return {
        "contact": label["contact"],
        "kind": label["kind"],
        "notes": label.get("notes", ""),
        "country": label.get("country"),
        "script": label.get("script"),
        "source": f"{card.repo}@{card.commit}:{card.path}",
    }


def already_there(image: Path, sha256: str) -> bool:
    return image.exists() and hashlib.sha256(image.read_bytes()).hexdigest() == sha256


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--mirror", type=Path, help="folder of bare git mirrors named owner+name")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default {DEFAULT_OUT}")
    ap.add_argument(
        "--labels",
        type=Path,
        action="append",
        help=f"folder holding cards*.jsonl (repeatable; default {HERE})",
    )
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per download")
    args = ap.parse_args()

    folders = args.labels or [HERE]
    cards = read_labels(folders)
    if not cards:
        print(f"no cards*.jsonl with cards in {', '.join(map(str, folders))}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    counts = {"mirror": 0, "download": 0, "kept": 0}
    failures: list[str] = []
    for card in cards:
        image = args.out / f"{card.id}{card.suffix}"
        if not already_there(image, card.sha256):
            try:
                data, source = image_bytes(card, args.mirror, args.timeout)
            except SourceError as exc:
                failures.append(f"{card.id}: {exc}")
                continue
            digest = hashlib.sha256(data).hexdigest()
            if digest != card.sha256:
                # A moved branch or a re-encoded file is a different image: its labels do not hold.
                failures.append(
                    f"{card.id}: {card.repo}@{card.commit}:{card.path} has SHA-256 {digest}, "
                    f"the label says {card.sha256}; refused"
                )
                continue
            image.write_bytes(data)
            counts[source] += 1
        else:
            counts["kept"] += 1
        label = json.dumps(expected_json(card), ensure_ascii=False, indent=2)
        image.with_suffix(".json").write_text(label + "\n", encoding="utf-8")

    written = len(cards) - len(failures)
    print(
        f"wrote {written} of {len(cards)} cards to {args.out} "
        f"({counts['mirror']} from mirrors, {counts['download']} downloaded, "
        f"{counts['kept']} already there)"
    )
    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
