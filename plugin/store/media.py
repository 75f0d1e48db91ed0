"""Photos and card images: local files beside a SQLite store (as always), rows in the team
store (so a worker on any machine reads them with no shared file system). Either way a
card's row keeps the same relative name ("photos/ab/<sha>.jpg", "cards/ab/<sha>.jpg")."""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from abc import ABC, abstractmethod
from pathlib import Path
from typing import BinaryIO

from .db import Database, now

_CHUNK = 1 << 20
# The team store's local copies are only a cache (the database holds the bytes), kept under a cap
# so a long-running worker or server does not fill its disk with every photo it ever read.
CACHE_CAP_BYTES = 1 << 30
_KEEP_RECENT_S = 3600.0  # a copy used within the hour may still be open: never pruned


class Media(ABC):
    @abstractmethod
    def save(self, rel: str, src: BinaryIO | bytes) -> None:
        """Keep these bytes under ``rel`` (replacing what was there), durably."""

    @abstractmethod
    def size(self, rel: str) -> int | None:
        """The kept file's size; None when there is none."""

    @abstractmethod
    def read(self, rel: str) -> bytes | None: ...

    @abstractmethod
    def local(self, rel: str | None, folder: str | None = None) -> Path | None:
        """A local file with ``rel``'s bytes, for code that reads files (OCR, EXIF, the page);
        None when there is none, or ``rel`` lies outside ``folder`` ("photos", "cards")."""

    @abstractmethod
    def location(self, rel: str) -> str:
        """Where ``rel`` is kept, for people and ``cards --json``."""


def _write_atomically(target: Path, src: BinaryIO | bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as out:
            if isinstance(src, bytes):
                out.write(src)
            else:
                src.seek(0)
                while chunk := src.read(_CHUNK):
                    out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class FileMedia(Media):
    """Files under the store's folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, rel: str, src: BinaryIO | bytes) -> None:
        _write_atomically(self.root / rel, src)

    def size(self, rel: str) -> int | None:
        try:
            return (self.root / rel).stat().st_size
        except OSError:
            return None

    def read(self, rel: str) -> bytes | None:
        path = self.local(rel)
        return path.read_bytes() if path else None

    def local(self, rel: str | None, folder: str | None = None) -> Path | None:
        if not rel:
            return None
        base = (self.root / folder if folder else self.root).resolve()
        try:
            path = (self.root / rel).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):  # missing, a link loop, a NUL byte
            return None
        # Never a file elsewhere: "..", an absolute path, a symbolic link out of the store.
        if not path.is_relative_to(base) or not path.is_file():
            return None
        return path

    def location(self, rel: str) -> str:
        return str(self.root / rel)


class DbMedia(Media):
    """Rows of the ``media`` table; read as files through a cache named by content hash (a
    file there is never stale: new bytes get a new name)."""

    def __init__(self, db: Database, cache: Path, cap_bytes: int = CACHE_CAP_BYTES) -> None:
        self.db = db
        self.cache = cache
        self.cap_bytes = cap_bytes

    def save(self, rel: str, src: BinaryIO | bytes) -> None:
        if isinstance(src, bytes):
            data = src
        else:
            src.seek(0)
            data = src.read()
        self.db.run(
            "INSERT INTO media (name, sha256, size, data, created_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, "
            "data = excluded.data, created_at = excluded.created_at",
            (rel, hashlib.sha256(data).hexdigest(), len(data), data, now()),
        )

    def size(self, rel: str) -> int | None:
        row = self.db.one("SELECT size FROM media WHERE name = ?", (rel,))
        return int(row["size"]) if row else None

    def read(self, rel: str) -> bytes | None:
        row = self.db.one("SELECT data FROM media WHERE name = ?", (rel,), binary=True)
        return bytes(row["data"]) if row else None

    def local(self, rel: str | None, folder: str | None = None) -> Path | None:
        if not rel or (folder and not rel.startswith(f"{folder}/")) or ".." in rel.split("/"):
            return None
        row = self.db.one("SELECT sha256 FROM media WHERE name = ?", (rel,))
        if row is None:
            return None
        target = self._cached(row["sha256"], rel)
        if not target.is_file():
            row = self.db.one("SELECT sha256, data FROM media WHERE name = ?", (rel,), binary=True)
            if row is None:  # deleted in between
                return None
            target = self._cached(row["sha256"], rel)  # replaced in between: the new bytes
            _write_atomically(target, bytes(row["data"]))
            prune_cache(self.cache, self.cap_bytes)
        else:
            os.utime(target)  # used again: the last to go
        return target

    def _cached(self, sha256: str, rel: str) -> Path:
        return self.cache / sha256[:2] / f"{sha256}{Path(rel).suffix.lower()}"

    def location(self, rel: str) -> str:
        return f"{self.db.where}#{rel}"


def prune_cache(cache: Path, cap_bytes: int, now_s: float | None = None) -> list[Path]:
    """Delete the least recently used copies until the cache fits ``cap_bytes``, sparing any
    used within the hour; returns what went. Losing a copy costs one read from the database."""
    files = []
    for path in cache.glob("*/*"):
        try:
            st = path.stat()
        except FileNotFoundError:  # another process pruned it first
            continue
        if path.is_file() and not path.name.startswith(".incoming-"):
            files.append((st.st_mtime, st.st_size, path))
    total = sum(size for _, size, _ in files)
    cutoff = (time.time() if now_s is None else now_s) - _KEEP_RECENT_S
    gone = []
    for mtime, size, path in sorted(files):
        if total <= cap_bytes or mtime > cutoff:
            break
        path.unlink(missing_ok=True)
        total -= size
        gone.append(path)
    return gone
