"""Names in the inbox that are never card photos: system clutter, partial downloads, sync temps.

Matched case-insensitively against every path component below the inbox, so a hidden or temp
*folder* (``.dropbox.cache/``, ``x.jpg.download/``, ``@eaDir/``) hides everything inside it.
A partially written file must be ignored here, not merely "not yet stable": sync clients rename
the temp to its final name when done, and that final name is what we want to take.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

# Shell-style patterns (fnmatch), lower case; one family a line group. Kept as data in one place
# so a new sync client is a one-line change.
IGNORED_PATTERNS: tuple[str, ...] = (
    # Hidden files and folders (Unix convention). This one line also covers: macOS .DS_Store and
    # ._x AppleDouble, Syncthing's .syncthing.x.tmp, rsync's .x.AbCdEf partials, Nextcloud/ownCloud
    # .x.~1a2b downloads, LibreOffice .~lock.x#, Dropbox .dropbox/.dropbox.attr/.dropbox.cache,
    # Google Drive .tmp.drivedownload, iCloud .x.icloud, FUSE .fuse_hidden*, NFS .nfs*, unison.
    ".*",
    # Microsoft Office owner files (~$x.docx) and Word/Windows temps (~WRL0001.tmp); also
    # Syncthing's Windows temp prefix ~syncthing~; editor backups x~.
    "~*",
    "*~",
    # Windows and macOS folder metadata (Icon\r is the macOS custom-folder-icon file).
    "thumbs.db",
    "ehthumbs.db",
    "ehthumbs_vista.db",
    "desktop.ini",
    "icon\r",
    # Windows "downloaded from the internet" streams copied into WSL or Samba as plain files.
    "*:zone.identifier",
    # Browsers and downloaders: Firefox/Transmission .part, old IE/Edge .partial, Chrome
    # .crdownload, Safari .download (a folder), Opera .opdownload, WinSCP/ownCloud .filepart.
    "*.part",
    "*.partial",
    "*.crdownload",
    "*.download",
    "*.opdownload",
    "*.filepart",
    # Generic temp and editor swap files.
    "*.tmp",
    "*.temp",
    "*.swp",
    # Resilio Sync / BitTorrent Sync: x.!sync while receiving, .SyncPart/.SyncTemp/.SyncOld.
    "*.!sync",
    "*.syncpart",
    "*.synctemp",
    "*.syncold",
    # iCloud Drive placeholders for files not downloaded yet (usually hidden too).
    "*.icloud",
    # Dropbox temps and markers that are not hidden.
    "*.dropbox",
    # Nextcloud / ownCloud / OneDrive download temps (x.jpg.~1a2b3c).
    "*.~*",
    # Google Drive for desktop transfers.
    "*.drivedownload",
    "*.driveupload",
    # macOS atomic-save temps of sandboxed apps (x.jpg.sb-4d2c7a1f-Zq1bN2).
    "*.sb-*",
    # Synology NAS thumbnail folders and recycle bins; Windows recycle bin on a drive root.
    "@eadir",
    "#recycle",
    "#snapshot",
    "$recycle.bin",
)


def name_is_ignored(name: str) -> bool:
    """True for one file or folder name that is never a card photo."""
    folded = name.casefold()
    return any(fnmatch.fnmatchcase(folded, pattern) for pattern in IGNORED_PATTERNS)


def is_ignored(path: Path | str, inbox: Path | str | None = None) -> bool:
    """True if ``path`` or any folder between it and the inbox has an ignored name.

    Which components are checked: with ``inbox``, those of ``path`` below the inbox (the inbox's
    own location may be hidden, e.g. ``~/.local/share/cardfollow/inbox``); without it, every
    component of a relative ``path``, but only the last one of an absolute ``path``.
    """
    p = Path(path)
    if inbox is not None:
        try:
            parts = Path(os.path.abspath(p)).relative_to(os.path.abspath(inbox)).parts
        except ValueError:
            parts = (p.name,)
    elif p.is_absolute():
        parts = (p.name,)
    else:
        parts = p.parts
    return any(name_is_ignored(part) for part in parts if part not in ("", ".", ".."))
