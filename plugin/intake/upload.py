"""A photo sent from the upload page, made into an inbox file: written to the inbox's staging
folder while it arrives, then placed in the inbox as if it had been dropped there.

The staging folder (``<inbox>/.uploads/``) is hidden, so ``scan`` and ``watch`` never see a
half-sent photo; the finished file is linked into its place in one step, never over another
file. From there it is taken in exactly as a dropped file is (``Consumer.take``): checksum,
quarantine with the reason, the photo kept.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ocr.errors import CardfollowError

from ..inbox import EVENT_FILE, FAILED_DIR, name_is_ignored
from ..store import CardState
from .consumer import Consumer
from .status import ScanStatus
from .take_in import path_text

STAGING_DIR = ".uploads"
_NAME_MAX = 255  # bytes in one file name on ext4, XFS, Btrfs, APFS
_FALLBACK_NAME = "photo"
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.EXDEV}


class UploadError(CardfollowError):
    """An upload that cannot be placed: a bad event name, or the inbox cannot be written."""


class TooLarge(UploadError):
    def __init__(self, size: int, limit: int, *, whole: bool = True) -> None:
        """``whole``: ``size`` is the photo's (its declared length), not just what came so far."""
        size_text = f"{_mb(size)} MB" if whole else f"over {_mb(limit)} MB"
        super().__init__(f"too large for a card photo ({size_text}; at most {_mb(limit)} MB)")


@dataclass(frozen=True)
class Staged:
    path: Path  # in the staging folder, complete and synced
    sha256: str
    size: int


class UploadResult(StrEnum):
    """What the upload page shows for a photo (the ``result`` of ``POST /upload``)."""

    READ = "read"  # read into a card (drafted, or with the reason it has no draft)
    MERGED = "merged"  # the back of a card, folded into its front
    KNOWN = "known"  # the same photo (by checksum) was taken before
    QUARANTINED = "quarantined"  # refused or unreadable: set aside in failed/ with the reason
    WAITING = "waiting"  # taken in; another process (``watch``) is reading it


@dataclass(frozen=True)
class UploadOutcome:
    result: UploadResult
    card_id: int | None
    message: str
    placed: str | None = None  # where it landed, relative to the inbox (None: not placed)


class StagingFile:
    """An upload being received: written chunk by chunk, hashed on the way, refused once it
    grows past ``limit`` bytes. ``close`` removes whatever was not ``finish``-ed."""

    def __init__(self, inbox: Path, limit: int) -> None:
        self.limit = limit
        folder = inbox / STAGING_DIR
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=folder, prefix="upload-", suffix=".part")
        except OSError as exc:
            raise UploadError(f"cannot write into the inbox: {exc.strerror or exc}") from None
        self.path = Path(name)
        self._out = os.fdopen(fd, "wb")
        self._digest = hashlib.sha256()
        self.size = 0
        self._finished = False

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            raise TooLarge(self.size, self.limit, whole=False)
        self._digest.update(chunk)
        self._out.write(chunk)

    def finish(self) -> Staged:
        """The whole upload, on disk (fsync'ed: a crash after this cannot lose it)."""
        self._out.flush()
        os.fsync(self._out.fileno())
        self._out.close()
        self._finished = True
        return Staged(self.path, self._digest.hexdigest(), self.size)

    def close(self) -> None:
        if not self._out.closed:
            self._out.close()
        if not self._finished:
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> StagingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def sweep_staging(inbox: Path, older_than: float = 86_400.0) -> int:
    """Remove uploads a stopped server left half-received in staging (the phone was told they
    failed, and still has them); returns how many."""
    folder = inbox / STAGING_DIR
    cutoff = time.time() - older_than
    removed = 0
    for part in folder.glob("upload-*.part") if folder.is_dir() else ():
        try:
            if part.stat().st_mtime < cutoff:
                part.unlink()
                removed += 1
        except OSError:
            continue  # gone already, or not ours to remove: left as it is
    return removed


def landing_folder(inbox: Path, event: str, owner: str | None = None) -> Path:
    """Where an upload lands, as a dropped photo would: ``<inbox>/<event>/``, or the top of the
    inbox with no event. ``owner``: a user's own inbox folder, once the store has users
    (``<inbox>/<owner>/<event>/``)."""
    base = inbox / folder_name(owner, "user") if owner else inbox
    return base / folder_name(event, "event") if event.strip() else base


def event_folders(folder: Path) -> list[str]:
    """The event folders already in (a user's part of) the inbox, for the page to offer."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    return sorted(
        (e.name for e in entries if e.is_dir(follow_symlinks=False) and _is_event(e.name)),
        key=str.casefold,
    )


def _is_event(name: str) -> bool:
    return name.casefold() != FAILED_DIR and not name_is_ignored(name)


def folder_name(text: str, what: str) -> str:
    """An event (or user) as the name of its inbox folder; refused when it cannot be one."""
    name = _clean(text).replace("/", "-").replace("\\", "-").strip(" .")
    if not name:
        raise UploadError(f"the {what} name {text!r} cannot be a folder name")
    if not _is_event(name):
        raise UploadError(f"the {what} name {text!r} is kept for cardfollow's own use")
    return _fit(name)


def file_name(given: str, suffix: str = "") -> str:
    """A photo's name as the phone gave it, made safe for the inbox: no folders, no hidden or
    temp-file name the inbox would skip, never an event's settings file. ``suffix``: used when
    the name has none (from the upload's content type)."""
    name = _clean(given.replace("\\", "/").rsplit("/", 1)[-1]).lstrip(".~ ").strip()
    if not name:
        name = _FALLBACK_NAME
    if name_is_ignored(name) or name.casefold() == EVENT_FILE:
        name = f"upload-{name}"
    if suffix and not Path(name).suffix:
        name += suffix
    return _fit(name)


def place(staged: Staged, folder: Path, name: str) -> Path:
    """Move the staged upload into the inbox under ``name`` (``name (2).jpg`` when taken):
    a hard link cannot replace an existing file, so nothing already there is ever lost."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UploadError(f"cannot create {folder}: {exc.strerror or exc}") from None
    for n in range(1, 10_000):
        target = folder / _numbered(name, n)
        try:
            _move_no_clobber(staged.path, target)
        except FileExistsError:
            continue
        except OSError as exc:
            raise UploadError(f"cannot write into the inbox: {exc.strerror or exc}") from None
        return target
    raise UploadError(f"too many files named {name!r} in {folder}")


def _move_no_clobber(src: Path, target: Path) -> None:
    try:
        os.link(src, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        # No hard links here (FAT, some network shares): claim the name with an empty file
        # first (O_EXCL fails if it exists), then put the photo in its place.
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        os.replace(src, target)
        return
    src.unlink(missing_ok=True)


def _numbered(name: str, n: int) -> str:
    if n == 1:
        return name
    path = Path(name)
    stem = path.stem
    while len(os.fsencode(f"{stem} ({n}){path.suffix}")) > _NAME_MAX and len(stem) > 1:
        stem = stem[:-1]
    return f"{stem} ({n}){path.suffix}"


def _clean(text: str) -> str:
    """Without control characters (a newline or NUL in a name breaks notes and listings)."""
    text = unicodedata.normalize("NFC", text)
    return "".join(c for c in text if unicodedata.category(c)[0] != "C")


def _fit(name: str) -> str:
    """At most 255 bytes, keeping the suffix."""
    path = Path(name)
    stem, suffix = (path.stem, path.suffix) if len(path.suffix) <= 10 else (name, "")
    while len(os.fsencode(stem + suffix)) > _NAME_MAX and stem:
        stem = stem[:-1]
    return stem + suffix


def _mb(size: int) -> str:
    """1.5, 50, 0.2: megabytes as a person writes them."""
    return f"{size / (1 << 20):.1f}".removesuffix(".0")


def take_upload(consumer: Consumer, staged: Staged, folder: Path, name: str) -> UploadOutcome:
    """Place a complete upload in the inbox and take it in, then read it, as ``scan`` does.

    A photo already taken (same checksum) is not placed again: its bytes are in the store, and
    a second copy in the inbox would only be skipped by every later scan.
    """
    store = consumer.store
    known = store.cards.by_sha(staged.sha256)
    if known is not None and known.state != CardState.FAILED:
        staged.path.unlink(missing_ok=True)
        return UploadOutcome(UploadResult.KNOWN, known.id, f"already taken as card {known.id}")
    path = place(staged, folder, name)
    placed = path_text(path.relative_to(consumer.inbox)) if consumer.inbox else path.name
    outcomes = consumer.take([path])
    if not outcomes:  # claimed by another process between its intake and our reading
        card = store.cards.by_sha(staged.sha256)
        card_id = card.id if card else None
        return UploadOutcome(UploadResult.WAITING, card_id, "taken; being read", placed)
    outcome = outcomes[0]
    if consumer.inbox is not None:  # the page shows where a photo went, from the inbox down
        message = outcome.message.replace(path_text(consumer.inbox) + os.sep, "")
    else:
        message = outcome.message
    # Any other status is a card taken in and left to be read (a team store's workers).
    result = _RESULTS.get(outcome.status, UploadResult.WAITING)
    if result == UploadResult.WAITING:
        message = message or "taken; being read"
    return UploadOutcome(result, outcome.card_id, message, placed)


_RESULTS = {
    ScanStatus.DRAFTED: UploadResult.READ,
    ScanStatus.EXTRACTED: UploadResult.READ,
    ScanStatus.MERGED: UploadResult.MERGED,
    ScanStatus.KNOWN: UploadResult.KNOWN,
    ScanStatus.FAILED: UploadResult.QUARANTINED,
}
