"""What the upload page keeps for the life of the server: the inbox it writes to, and one pool
of reader processes, warm while photos come in and closed once they stop."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ocr.errors import CardfollowError
from ocr.models import Settings

from ..config import InboxSettings, ServeSettings
from ..intake.reader_pool import ReaderPool
from ..intake.upload import sweep_staging

log = logging.getLogger(__name__)

# The first photo costs a reader process and its OCR models (~10 s, ~400 MB); the next ones
# ~2 s each. Kept that long after the last photo, then given back.
IDLE_SECONDS = 600.0


@dataclass
class Uploads:
    inbox: Path
    inbox_is_default: bool  # the built-in inbox is made on first use; one the user named is not
    max_mb: int  # the largest photo taken (serve.upload_max_mb)
    readers: ReaderPool
    idle_seconds: float = IDLE_SECONDS
    # Photos are read one at a time: a phone sends a few at once, and each reader is ~400 MB.
    reading: threading.Lock = field(default_factory=threading.Lock)
    _count: threading.Lock = field(default_factory=threading.Lock)
    _busy: int = 0
    _timer: threading.Timer | None = None
    _closed: bool = False

    @classmethod
    def create(cls, inbox: InboxSettings, serve: ServeSettings, inbox_is_default: bool) -> Uploads:
        max_mb = max(1, int(serve.upload_max_mb))
        path = Path(inbox.path).resolve()
        return cls(path, inbox_is_default, max_mb, ReaderPool(inbox.jobs))

    @property
    def max_bytes(self) -> int:
        return self.max_mb << 20

    @contextmanager
    def in_use(self) -> Iterator[ReaderPool]:
        """The reader pool, for one upload (in a worker thread); idle for ``idle_seconds``
        after the last one, it is closed (the next upload starts it again)."""
        with self._count:
            self._busy += 1
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        try:
            with self.reading:
                yield self.readers
        finally:
            with self._count:
                self._busy -= 1
                if self._busy == 0:
                    self._timer = threading.Timer(self.idle_seconds, self._close_if_idle)
                    self._timer.daemon = True
                    self._timer.start()

    def warm(self, settings: Settings) -> None:
        """Start the reader in the background (the page asks when it opens): the first photo,
        framed and sent in the meantime, is then read in ~2 s instead of ~10 s."""
        if not self.readers.started and not self._closed:
            threading.Thread(target=self._warm, args=(settings,), daemon=True).start()

    def _warm(self, settings: Settings) -> None:
        with self.in_use() as readers:
            if readers.started or self._closed:
                return
            try:
                readers.warm(settings)
            except CardfollowError as exc:  # a missing Tesseract: the first upload says so
                log.warning("upload page: the reader could not start: %s", exc)

    def _close_if_idle(self) -> None:
        with self._count:
            if self._busy:
                return
            with self.reading:
                self.readers.close()

    def start(self) -> None:
        """At server start: no half-received upload of an earlier run is kept for ever."""
        sweep_staging(self.inbox)

    def close(self) -> None:
        self._closed = True
        with self._count:
            if self._timer is not None:
                self._timer.cancel()
        self.readers.close()
