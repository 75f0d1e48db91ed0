"""Shared by the benchmarks: finding labelled images and running extract over them."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
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
    folder: str = ""  # the folder it was found under, as given

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
                expected = json.loads(label.read_text(encoding="utf-8"))
                samples.append(Sample(image, expected, Path(folder).name))
    return samples


def engine_names(arg: str | None) -> list[str]:
    """``--engines a,b`` checked against the registry; every engine when not given."""
    from ocr.engines import ENGINE_NAMES, check_engine_name

    if not arg:
        return list(ENGINE_NAMES)
    return [check_engine_name(name) for name in arg.split(",") if name.strip()]


def _run(path: str, engine: str | None = None) -> dict[str, Any]:
    from plugin.config import ocr_settings
    from plugin.intake.read_card import read_card, reading_to_dict

    settings, _ = ocr_settings({"engine": engine} if engine else None)
    return reading_to_dict(read_card(path, settings, with_view=False))


def _single_threaded() -> None:
    # As cardfollow's own workers: parallel cards, one thread each.
    os.environ["OMP_THREAD_LIMIT"] = "1"


def extract_all(paths: list[str], jobs: int, engine: str | None = None) -> Iterator[dict[str, Any]]:
    """``extract`` over ``paths`` in ``jobs`` worker processes (``engine`` None: the setting)."""
    engines = [engine] * len(paths)
    if jobs <= 1:
        yield from map(_run, paths, engines)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_single_threaded) as pool:
        yield from pool.map(_run, paths, engines)


def default_jobs() -> int:
    return os.cpu_count() or 1


GENERATED = Path("/tmp/cardfollow-bench")  # generated sets, cached by count, seed and kind


def generated_mix(
    count: int, seed: int, jobs: int, say: Callable[[str], None] = print
) -> tuple[Path, str | None]:
    """A mixed set of ``count`` generated cards (cached), and the command that made it (None
    when it was reused)."""
    folder = GENERATED / f"mix-n{count}-seed{seed}"
    if folder.is_dir():
        say(f"reusing the generated set {folder}")
        return folder, None
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, str(ROOT / "sample_cards" / "generate.py")]
    argv += ["--count", str(count), "--seed", str(seed), "--kind", "mix"]
    argv += ["--out", str(partial), "--jobs", str(jobs)]
    command = shlex.join(argv)
    say(f"generating {count} cards (about 3 s each per core): $ {command}")
    subprocess.run(argv, cwd=ROOT, check=True, timeout=600 + 20 * count, stdout=subprocess.DEVNULL)
    partial.rename(folder)  # only a whole set is ever reused
    return folder, command


def forget_settings() -> None:
    """A benchmark runs on its own settings only: none of the caller's ``CARDFOLLOW_*``."""
    for var in [v for v in os.environ if v.startswith("CARDFOLLOW_")]:
        del os.environ[var]
