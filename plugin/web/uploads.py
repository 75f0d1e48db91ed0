"""What the upload page keeps for the life of the server."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..intake.reader_pool import ReaderPool


@dataclass(frozen=True)
class Uploads:
    """What the uploads share for the life of the server: one pool of reader processes (the OCR
    stack loads once, not once a photo) and a lock, so photos are read one at a time."""

    inbox: Path
    inbox_is_default: bool
    readers: ReaderPool
    lock: threading.Lock

    @classmethod
    def for_config(cls, config: Config) -> Uploads:
        settings = config.inbox()
        default = config.values["inbox.path"].source == "default"
        inbox = Path(settings.path).resolve()
        return cls(inbox, default, ReaderPool(settings.jobs), threading.Lock())

    def close(self) -> None:
        self.readers.close()
