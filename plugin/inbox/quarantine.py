"""Move a file the inbox cannot use into ``inbox/failed/``, with a note saying why.

The file is moved, never deleted or rewritten, and never overwrites anything already in
``failed/``: the user must be able to fix it and drop it in again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import logging
import os
import shutil
from pathlib import Path

from ocr.errors import CardfollowError

from .listing import FAILED_DIR

log = logging.getLogger(__name__)

NOTE_SUFFIX = ".error.txt"
_NAME_MAX = 255  # bytes in one file name on ext4, XFS, Btrfs, APFS, NTFS (in UTF-16 units)
HINT = (
    "What to do: fix or replace the photo and drop it into the inbox again{where}. "
    "You can delete this note and the file here once done."
)


class QuarantineError(CardfollowError):
    """A file could not be moved into failed/ (permissions, vanished, disk full)."""


def quarantine_dir(inbox: Path) -> Path:
    return inbox / FAILED_DIR


def quarantine(path: Path, inbox: Path, reason: str) -> Path:
    """Move ``path`` to ``inbox/failed/<same sub-folders>/<name>`` and write ``<name>.error.txt``.

    A name already taken in failed/ becomes ``name (2).jpg``, ``name (3).jpg``... Returns where
    the file now is. Raises QuarantineError if it could not be moved (it is then left in place).
    """
    try:
        rel_parent = Path(os.path.abspath(path)).parent.relative_to(os.path.abspath(inbox))
    except ValueError:
        rel_parent = Path()  # not under the inbox: keep it at the top of failed/
    target_dir = quarantine_dir(inbox) / rel_parent
    if not os.path.lexists(path):
        raise QuarantineError(f"{path}: cannot move it to {target_dir}: the file is gone")
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise QuarantineError(f"{path}: cannot create {target_dir}: {_why(exc)}") from None

    for n in range(1, 10_000):
        dest = target_dir / _numbered(path.name, n)
        if os.path.lexists(dest) or os.path.lexists(_note_path(dest)):
            continue
        try:
            _move_no_clobber(path, dest)
        except FileExistsError:
            continue  # taken between our check and the move: try the next number
        except OSError as exc:
            raise QuarantineError(f"{path}: cannot move it to {target_dir}: {_why(exc)}") from None
        break
    else:
        raise QuarantineError(f"{path}: too many files named {path.name!r} in {target_dir}")

    _write_note(dest, original=path, inbox=inbox, reason=reason)
    return dest


def _numbered(name: str, n: int) -> str:
    if n == 1:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:  # no suffix, or a dot-file
        stem, suffix = name, ""
    # A name near the filesystem's limit (255 bytes) has no room for " (2)": shorten its stem.
    while len(os.fsencode(f"{stem} ({n}){dot}{suffix}")) > _NAME_MAX and len(stem) > 1:
        stem = stem[: len(stem) - max(1, len(stem) // 8)]
    return f"{stem} ({n}){dot}{suffix}" if suffix else f"{stem} ({n})"


def _note_path(dest: Path) -> Path:
    return dest.with_name(dest.name + NOTE_SUFFIX)


def _move_no_clobber(src: Path, dest: Path) -> None:
    """Move without ever replacing ``dest``: os.rename would silently overwrite it."""
    try:
        # A hard link fails if dest exists, atomically, so two cardfollow processes can't race.
        # follow_symlinks=False moves a symlink itself, not its target.
        os.link(src, dest, follow_symlinks=False)
    except FileExistsError:
        raise
    except (OSError, NotImplementedError) as exc:
        # NotImplementedError: no follow_symlinks for link() on this platform.
        if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.ENOENT, errno.EROFS):
            raise
        # No hard links here (FAT, some network shares) or another filesystem.
        if os.path.lexists(dest):
            raise FileExistsError(errno.EEXIST, "exists", str(dest)) from None
        shutil.move(src, dest)  # rename, or copy (with times) and delete across filesystems
        return
    try:
        os.unlink(src)
    except OSError:
        os.unlink(dest)  # keep one copy only, in the inbox, and report the failure
        raise


def _write_note(dest: Path, *, original: Path, inbox: Path, reason: str) -> None:
    event = dest.parent.relative_to(quarantine_dir(inbox))
    where = f' (into "{event.as_posix()}/" to keep its event)' if event.parts else ""
    when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    text = (
        "cardfollow could not use this file.\n\n"
        f"Reason:   {reason}\n"
        f"File:     {original}\n"
        f"Moved to: {dest}\n"
        f"When:     {when}\n\n"
        f"{HINT.format(where=where)}\n"
    )
    try:
        _write_atomically(_note_path(dest), text)
    except OSError as exc:
        if exc.errno != errno.ENAMETOOLONG:
            # The photo is safe in failed/ already; a missing note must not turn into an error
            # that makes the caller think the move failed.
            log.warning("%s: could not write its %s note: %s", dest, NOTE_SUFFIX, _why(exc))
            return
        # "<name>.error.txt" is longer than the filesystem allows: the reason goes to a short
        # name beside it (its "Moved to:" line says which file it is about).
        short = _short_note_path(dest)
        try:
            _write_atomically(short, text)
        except OSError as again:
            log.warning("%s: could not write %s: %s", dest, short.name, _why(again))


def _write_atomically(note: Path, text: str) -> None:
    tmp = note.with_name(f".{note.name}.tmp")  # hidden: never taken for a photo
    try:
        # A file name need not be UTF-8; its undecodable bytes are written as escapes.
        tmp.write_text(text, encoding="utf-8", errors="backslashreplace")
        os.replace(tmp, note)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def _short_note_path(dest: Path) -> Path:
    """``<first 40 characters>~<8 hex of the whole name>.error.txt``: short on any filesystem,
    and a different name for each long name."""
    tag = hashlib.sha256(os.fsencode(dest.name)).hexdigest()[:8]
    return dest.with_name(f"{dest.name[:40]}~{tag}{NOTE_SUFFIX}")


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)
