"""Photos read in worker processes: a worker killed mid-batch (as the OOM killer would) costs
nothing but time; every photo still gets exactly one reading."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import psutil
import pytest

from conftest import sample
from ocr.models import Settings
from plugin.intake.reader_pool import ReaderPool

pytestmark = pytest.mark.slow


def test_every_photo_is_read_once_even_when_a_worker_is_killed() -> None:
    photos = [(i, str(sample(name))) for i, name in enumerate(("s01", "s02", "s03", "s04", "s05"))]
    pool = ReaderPool(jobs=2)
    killed: list[int] = []

    def kill_a_worker() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            for child in _tree(psutil.Process()):
                # A pool worker busy with Tesseract: kill the worker itself, mid-photo.
                try:
                    busy = any(c.name() == "tesseract" for c in child.children())
                except psutil.NoSuchProcess:  # ended while we looked
                    continue
                if busy:
                    os.kill(child.pid, signal.SIGKILL)
                    killed.append(child.pid)
                    return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_a_worker)
    killer.start()
    try:
        # Tesseract's processes show when a worker is busy: the pool is what is tested here.
        results = list(pool.read(photos, Settings(engine="tesseract")))
    finally:
        killer.join()
        pool.close()
    assert killed, "the test never caught a worker at work"
    assert sorted(key for key, _ in results) == [0, 1, 2, 3, 4]
    assert all(r.extraction is not None for _, r in results), [r.error for _, r in results]


def test_workers_end_when_their_main_process_is_killed(tmp_path: Path) -> None:
    """SIGKILL gives ``scan`` no chance to shut its pool down; the workers and the forkserver
    must not stay behind."""
    import shutil
    import subprocess

    from conftest import CARDFOLLOW

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("s01", "s02", "s03", "s04", "s05", "s06"):
        shutil.copy(sample(name), inbox)
    env = {
        **os.environ,
        "CARDFOLLOW_INBOX_STABLE_SECONDS": "0.2",
        "CARDFOLLOW_OCR_ENGINE": "tesseract",  # its processes show a worker at work
    }
    proc = subprocess.Popen(
        [*CARDFOLLOW, "scan", "--jobs", "2", str(inbox)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    main = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    helpers: list[psutil.Process] = []
    # A worker at work: a Tesseract whose parent is not scan itself (scan runs one at start,
    # to check the language packs).
    while time.monotonic() < deadline and not any(
        _name(c) == "tesseract" and _ppid(c) not in (proc.pid, None) for c in _tree(main)
    ):
        time.sleep(0.05)
    helpers = [c for c in _tree(main) if _name(c) not in ("tesseract", None)]
    assert helpers, "no worker was caught at work"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    _, alive = psutil.wait_procs(helpers, timeout=10)
    assert alive == [], [p.cmdline()[:3] for p in alive]


def _name(process: psutil.Process) -> str | None:
    """The process's name, or None when it ended while we looked (no failure of the test)."""
    try:
        return process.name()
    except psutil.NoSuchProcess:
        return None


def _ppid(process: psutil.Process) -> int | None:
    try:
        return process.ppid()
    except psutil.NoSuchProcess:
        return None


def _tree(process: psutil.Process) -> list[psutil.Process]:
    try:
        return process.children(recursive=True)
    except psutil.NoSuchProcess:
        return []
