"""The inbox layout: which files under it are candidate card photos, and which event each is in.

inbox/photo.jpg                  no event
inbox/<Event Name>/photo.jpg     event "<Event Name>" (any depth below the event folder)
inbox/<Event Name>/event.toml    the event's settings, never a photo
inbox/failed/...                 the quarantine, never scanned
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .ignore import is_ignored

FAILED_DIR = "failed"
EVENT_FILE = "event.toml"


def _relative_parts(path: Path | str, inbox: Path | str) -> tuple[str, ...] | None:
    # abspath, not resolve: a link keeps its own name and place in the inbox.
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(inbox)).parts
    except ValueError:
        return None


def is_quarantine_name(name: str) -> bool:
    # Case-insensitive: on macOS and Windows "Failed" *is* failed/, and scanning it would
    # quarantine the quarantine again.
    return name.casefold() == FAILED_DIR


def is_candidate(path: Path | str, inbox: Path | str) -> bool:
    """True if ``path``'s *name and place* make it a possible card photo (no disk access).

    False outside the inbox, for the inbox itself, under ``failed/``, for ``event.toml`` files
    and for ignored names. Unsupported suffixes are candidates: the caller quarantines them.
    """
    parts = _relative_parts(path, inbox)
    if not parts:
        return False
    if len(parts) > 1 and is_quarantine_name(parts[0]):
        return False
    if parts[-1].casefold() == EVENT_FILE:
        return False
    return not is_ignored(Path(*parts))


def event_name_for(path: Path, inbox: Path) -> str | None:
    """The event a file belongs to: its first-level folder's name, exactly as on disk.

    None for photos at the top of the inbox, for files under ``failed/`` and outside the inbox.
    """
    parts = _relative_parts(path, inbox)
    if parts is None or len(parts) < 2 or is_quarantine_name(parts[0]):
        return None
    return parts[0]


def list_candidates(inbox: Path) -> list[Path]:
    """Every regular file and every symbolic link under ``inbox`` that could be a card photo,
    sorted.

    Links are listed under their own name, whatever they point to (a file, a folder, nothing),
    and never entered: the intake reads a link only when it leads to a file inside the inbox,
    and sets every other one aside with the reason (see ``links``). Sockets, pipes and the like
    are skipped. A missing inbox gives an empty list.
    """
    found: list[Path] = []
    for root, dirnames, filenames in os.walk(inbox, followlinks=False):
        root_path = Path(root)
        # Links to folders come in dirnames; they are candidates, and never walked into.
        found += [
            root_path / d
            for d in dirnames
            if (root_path / d).is_symlink() and is_candidate(root_path / d, inbox)
        ]
        # Prune in place so os.walk never descends into failed/ or ignored folders.
        dirnames[:] = [
            d
            for d in dirnames
            if not (root_path == Path(inbox) and is_quarantine_name(d))
            and is_candidate(root_path / d, inbox)
        ]
        for name in filenames:
            path = root_path / name
            if not is_candidate(path, inbox):
                continue
            try:
                mode = path.lstat().st_mode
            except OSError:
                continue
            if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
                found.append(path)
    return sorted(found)
