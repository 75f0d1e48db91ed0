"""Taking a photo in: its SHA-256, the store's own copy, its event and side, and its card row.

The copy is content-addressed and written before the row, so a crash between the two leaves at
most a file the next run writes again; the row is what says a photo was taken.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ocr.errors import CardfollowError
from ocr.load import SUPPORTED_SUFFIXES

from ..inbox import LinkRefused, capture_time, open_in_inbox, quarantine, side_of
from ..store import Arrival, CardRecord, CardState, Store
from .status import ScanStatus

_CHUNK = 1 << 20
# Far above any phone photo or 600 dpi scan; a bigger file is a video or an archive dropped by
# mistake, and would only be hashed and copied into the store to fail anyway.
MAX_BYTES = 256 << 20


@dataclass(frozen=True)
class Intake:
    path: Path
    status: Arrival | ScanStatus  # NEW or RETRY: to be read; else KNOWN or FAILED
    card: CardRecord | None
    message: str = ""


def path_text(path: Path) -> str:
    """A path as text that can be stored and printed: a file name need not be UTF-8, and its
    undecodable bytes become escapes (the file itself is always reached by its real Path)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def sha256_of(src: BinaryIO) -> str:
    """The SHA-256 of an open file, read from its start."""
    digest = hashlib.sha256()
    src.seek(0)
    while chunk := src.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def store_copy(src: BinaryIO, sha256: str, suffix: str, store: Store) -> str:
    """Keep an open photo in the store (once per content); returns its name in the store.
    Read from the descriptor the intake checked, never by name again."""
    rel = f"photos/{sha256[:2]}/{sha256}{suffix.lower()}"
    if store.media.size(rel) != os.fstat(src.fileno()).st_size:
        store.media.save(rel, src)
    return rel


def take_in(
    path: Path,
    inbox: Path,
    store: Store,
    event_id: int | None,
    then: Callable[[CardRecord], None] | None = None,
    *,
    user_id: int | None = None,
) -> Intake:
    """Record one stable inbox file as a card; a wrong or unreadable file is quarantined.
    ``then``: called with a card to be read inside the transaction that records it (a team
    store queues its reading there, so the card and its job commit together).
    ``user_id``: the rep who captured it (their inbox folder, their upload); None: nobody's.

    The file is opened once, without following a link out of the inbox (``inbox.links``), and
    everything (size, hash, the store's copy) comes from that one descriptor.
    """
    try:
        # Opened first, so a link is judged as a link whatever its name.
        src = os.fdopen(open_in_inbox(path, inbox), "rb")
    except LinkRefused as exc:
        if exc.set_aside:
            return _quarantined(path, inbox, exc.reason)
        return Intake(path, ScanStatus.FAILED, None, exc.reason)
    except FileNotFoundError:
        return Intake(path, ScanStatus.KNOWN, None, "gone before it could be taken")
    except OSError as exc:
        return Intake(path, ScanStatus.FAILED, None, f"cannot take it in: {exc.strerror or exc}")
    with src:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            return _quarantined(
                path,
                inbox,
                f"not a card photo: {path.suffix or 'no'} files are not read "
                f"(JPEG, PNG, HEIC, WebP, TIFF and BMP are)",
            )
        try:
            st = os.fstat(src.fileno())
            if st.st_size == 0:
                return _quarantined(
                    path, inbox, "the file is empty (0 bytes); was the copy cut off?"
                )
            if st.st_size > MAX_BYTES:
                return _quarantined(
                    path,
                    inbox,
                    f"too large for a card photo ({st.st_size >> 20} MB; "
                    f"at most {MAX_BYTES >> 20} MB)",
                )
            sha = store.files.known_sha(path_text(path), st) or sha256_of(src)
            store.files.remember(path_text(path), st, sha)
            known = store.cards.by_sha(sha)
            if known is not None and known.state != CardState.FAILED:
                return Intake(path, ScanStatus.KNOWN, known, f"already taken as card {known.id}")
            stored = store_copy(src, sha, path.suffix, store)
        except OSError as exc:
            return Intake(
                path, ScanStatus.FAILED, None, f"cannot take it in: {exc.strerror or exc}"
            )
    side, key = side_of(path)
    # The EXIF time from the store's copy: the same bytes, and never the inbox name again.
    taken, taken_by = capture_time(store.media.local(stored) or path, mtime=st.st_mtime)
    with store.transaction():
        card, status = store.cards.intake(
            sha256=sha,
            photo=path_text(path),
            stored_photo=stored,
            event_id=event_id,
            captured_at=taken,
            captured_by=taken_by,
            side=side,
            side_key=key if side else None,
            user_id=user_id,
        )
        if then is not None and status in (Arrival.NEW, Arrival.RETRY):
            then(card)
    return Intake(path, status, card, "" if status != Arrival.KNOWN else f"already card {card.id}")


def _quarantined(path: Path, inbox: Path, reason: str) -> Intake:
    try:
        moved = quarantine(path, inbox, reason)
    except CardfollowError as exc:
        return Intake(
            path, ScanStatus.FAILED, None, f"{reason}; and it could not be set aside: {exc}"
        )
    return Intake(path, ScanStatus.FAILED, None, f"{reason} (moved to {path_text(moved)})")


def already_taken(store: Store, path: Path) -> bool:
    """A file seen before, unchanged, whose card exists (and did not fail): no need to wait
    for it to be stable or to hash it again."""
    try:
        sha = store.files.known_sha(path_text(path), path.stat())
    except OSError:
        return False
    if sha is None:
        return False
    card = store.cards.by_sha(sha)
    return card is not None and card.state != CardState.FAILED
