"""Photos read in worker processes, results handed back as each one is done.

Workers keep the watcher's own process small and safe: a photo that crashes the OCR (a native
library fault, the kernel's OOM killer) takes down a worker, never ``scan`` or ``watch``. After
such a crash the photos still in hand are read again one at a time, so the one that crashes a
worker alone is named and set aside, and every other photo is read as usual.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool

from ocr.models import Settings

from .read_card import Reading, read_card, warm_up

_CRASHED = (
    "{photo}: reading this photo crashed the OCR worker (out of memory, or a fault in an image "
    "library); the photo is kept"
)


class ReaderPool:
    def __init__(self, jobs: int, ignore_interrupt: bool = False) -> None:
        """``ignore_interrupt``: Ctrl-C (which a terminal sends to every process of the
        command) leaves the photo in hand to be read, for a caller that stops gracefully."""
        self.jobs = max(1, jobs)
        self.ignore_interrupt = ignore_interrupt
        self._pool: ProcessPoolExecutor | None = None

    def read(
        self, photos: Sequence[tuple[int, str]], settings: Settings, with_view: bool = True
    ) -> Iterator[tuple[int, Reading]]:
        """(key, reading) for each (key, photo), in the order the readings finish."""
        queue = list(photos)
        one_at_a_time = False
        while queue:
            batch = queue[:1] if one_at_a_time else queue
            futures: dict[Future[Reading], tuple[int, str]] = {
                self._executor().submit(read_card, photo, settings, with_view): (key, photo)
                for key, photo in batch
            }
            done: set[int] = set()
            try:
                for future in as_completed(futures):
                    key, _ = futures[future]
                    reading = future.result()
                    done.add(key)
                    yield key, reading
            except BrokenProcessPool:
                self.close()
                if one_at_a_time:  # this photo alone broke a fresh worker
                    key, photo = batch[0]
                    done.add(key)
                    yield key, Reading(photo, None, None, _CRASHED.format(photo=photo))
                one_at_a_time = True
            queue = [item for item in queue if item[0] not in done]

    @property
    def started(self) -> bool:
        return self._pool is not None

    def warm(self, settings: Settings) -> None:
        """Start the workers and load the OCR models in one, before the first photo comes."""
        self._executor().submit(warm_up, settings).result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # forkserver: workers start from a clean process with the OCR stack imported once,
            # never forked from a process running watcher threads.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["plugin.intake.read_card"])
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=context,
                initializer=_follow_main,
                initargs=(os.getpid(), self.ignore_interrupt),
            )
        return self._pool


def _follow_main(main_pid: int, ignore_interrupt: bool = False) -> None:
    """In a worker: end with the process that started the pool. A main process killed with
    SIGKILL cannot shut its pool down, and the forkserver and its workers would stay behind
    (~100 MB each) for ever; so each worker watches it, and takes the forkserver with it."""

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(main_pid, 0)
            except ProcessLookupError:
                server = os.getppid()
                if server not in (1, main_pid):
                    with contextlib.suppress(OSError):
                        os.kill(server, signal.SIGTERM)
                os._exit(1)
            except PermissionError:  # alive, under another user (pid reuse): keep going
                pass

    if ignore_interrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=watch, name="follow-main", daemon=True).start()
