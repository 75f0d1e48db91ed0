"""Open an inbox file for reading without ever following a symbolic link out of the inbox.

The rule: a link is read only when it points to a regular file inside the inbox (not in
``failed/``); it is then that file, a photo dropped in like any other, and the photo's SHA-256
makes it one card whichever name is taken first. A link to a file elsewhere (``/etc/passwd``, a
photo in ``~/Pictures``), to a folder (inside the inbox or not) or to nothing is refused with the
reason, and not one byte of what it points to is read: a shared or synced inbox must not be a
way to make cardfollow copy, serve or upload a file from the rest of the machine.

The file is opened one path component at a time from the inbox folder with ``O_NOFOLLOW``, so a
folder or file swapped for a link between the check and the read is refused too. The inbox
folder itself may be a link (``inbox.path`` pointing into a synced drive): the user chose it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ocr.errors import CardfollowError

from .listing import is_quarantine_name

ADVICE = "copy the photo into the inbox instead of linking to it"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


class LinkRefused(CardfollowError):
    """A path the inbox will not read. ``set_aside``: the path's last part is the link itself,
    which can be moved to failed/ safely (moving it never touches its target)."""

    def __init__(self, reason: str, *, set_aside: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.set_aside = set_aside


def open_in_inbox(path: Path, inbox: Path) -> int:
    """A read-only file descriptor for the regular file ``path`` names under ``inbox``.

    Raises LinkRefused for a link the rule above refuses, or a path under a linked folder;
    OSError (FileNotFoundError when gone) for everything else. The caller closes the descriptor.
    """
    inbox_abs = Path(os.path.abspath(inbox))
    try:
        parts = Path(os.path.abspath(path)).relative_to(inbox_abs).parts
    except ValueError:
        raise LinkRefused(f"{path} is not in the inbox {inbox}", set_aside=False) from None
    if not parts:
        raise IsADirectoryError(errno.EISDIR, "the inbox itself", str(path))
    real_inbox = Path(os.path.realpath(inbox_abs))
    if Path(os.path.realpath(Path(path).parent)) != real_inbox.joinpath(*parts[:-1]):
        # A folder on the way is a link: moving the path would move what it leads to.
        raise LinkRefused(f"a folder on the way to {path} is a link; {ADVICE}", set_aside=False)
    if os.path.islink(path):
        parts = _link_target_parts(Path(path), real_inbox)
    return _open_below(inbox_abs, parts)


def _link_target_parts(link: Path, real_inbox: Path) -> tuple[str, ...]:
    """The inbox-relative parts of the file ``link`` points to, or LinkRefused saying why not."""
    try:
        shown = os.readlink(link)
    except OSError as exc:
        raise LinkRefused(f"a link that cannot be read: {exc.strerror}", set_aside=True) from None
    real = Path(os.path.realpath(link))
    if not os.path.exists(real):
        raise LinkRefused(f"a link to {shown}, which does not exist", set_aside=True)
    if real.is_dir():
        raise LinkRefused(
            f"a link to the folder {shown}: links to folders are not followed; "
            "copy the photos into the inbox instead",
            set_aside=True,
        )
    try:
        parts = real.relative_to(real_inbox).parts
    except ValueError:
        raise LinkRefused(
            f"a link to {shown}, outside the inbox: cardfollow reads only files in the inbox; "
            f"{ADVICE}",
            set_aside=True,
        ) from None
    if len(parts) > 1 and is_quarantine_name(parts[0]):
        raise LinkRefused(f"a link to {shown}, a file set aside in failed/", set_aside=True)
    return parts


def _open_below(inbox: Path, parts: tuple[str, ...]) -> int:
    if os.open not in os.supports_dir_fd or not _NOFOLLOW:  # no openat(): check, then open
        return _open_plain(inbox.joinpath(*parts))
    fd = os.open(inbox, _FLAGS | _DIRECTORY)
    try:
        for i, name in enumerate(parts):
            last = i == len(parts) - 1
            flags = _FLAGS | _NOFOLLOW | (os.O_NONBLOCK if last else _DIRECTORY)
            try:
                # O_NONBLOCK: a FIFO named like a photo must not hang the inbox on open().
                child = os.open(name, flags, dir_fd=fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                    raise _changed_to_link(parts[: i + 1], last) from None
                raise
            os.close(fd)
            fd = child
        _require_regular(fd, parts)
        os.set_blocking(fd, True)
        return fd
    except BaseException:
        os.close(fd)
        raise


def _open_plain(path: Path) -> int:
    if any(p.is_symlink() for p in [path, *path.parents]):
        raise LinkRefused(f"{path}: a link on the way; {ADVICE}", set_aside=False)
    fd = os.open(path, _FLAGS | _NOFOLLOW)
    try:
        _require_regular(fd, path.parts)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _require_regular(fd: int, parts: tuple[str, ...]) -> None:
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        raise OSError(errno.EINVAL, "not a regular file", "/".join(parts))


def _changed_to_link(parts: tuple[str, ...], last: bool) -> LinkRefused:
    where = "/".join(parts)
    if last:  # the file itself became a link after it was checked: set that link aside
        return LinkRefused(f"{where} turned into a link while being read; {ADVICE}", set_aside=True)
    # A folder on the way is a link: moving the path would move the file it leads to.
    return LinkRefused(
        f"the folder {where} is a link, which is not followed; {ADVICE}", set_aside=False
    )
