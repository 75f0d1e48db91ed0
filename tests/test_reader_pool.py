"""Photos read in worker processes: a worker killed mid-batch (as the OOM killer would) costs
nothing but time; every photo still gets exactly one reading."""

from __future__ import annotations

import os
import signal
import threading
import time

import psutil
import pytest

from conftest import sample
from ocr.models import Settings
from plugin.reader_pool import ReaderPool

pytestmark = pytest.mark.slow


def test_every_photo_is_read_once_even_when_a_worker_is_killed() -> None:
    photos = [(i, str(sample(name))) for i, name in enumerate(("s01", "s02", "s03", "s04", "s05"))]
    pool = ReaderPool(jobs=2)
    killed: list[int] = []

    def kill_a_worker() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            for child in psutil.Process().children(recursive=True):
                # A pool worker busy with Tesseract: kill the worker itself, mid-photo.
                if any(c.name() == "tesseract" for c in child.children()):
                    os.kill(child.pid, signal.SIGKILL)
                    killed.append(child.pid)
                    return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_a_worker)
    killer.start()
    try:
        results = list(pool.read(photos, Settings()))
    finally:
        killer.join()
        pool.close()
    assert killed, "the test never caught a worker at work"
    assert sorted(key for key, _ in results) == [0, 1, 2, 3, 4]
    assert all(r.extraction is not None for _, r in results), [r.error for _, r in results]
