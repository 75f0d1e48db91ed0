"""The machine failing under cardfollow's files, in words: a full disk, a read-only store, a
folder it may not write. The library raises what SQLite and the OS raise; the command line
(``errors_as_messages``) and the store's own opening turn these into one clear line.
"""

from __future__ import annotations

import errno
import sqlite3
import sys

# (what happened, what to do), by SQLite's primary result code name.
_SQLITE: dict[str, tuple[str, str]] = {
    "SQLITE_FULL": ("the disk is full", "free some space"),
    "SQLITE_READONLY": ("the store is read-only", "make the store and its folder writable"),
    "SQLITE_CANTOPEN": (
        "the store cannot be opened (its folder is missing, read-only or not yours)",
        "make the store's folder writable",
    ),
    "SQLITE_IOERR": (
        "the disk failed to read or write (full, read-only, removed or failing)",
        "check the disk and free some space",
    ),
    "SQLITE_PERM": ("permission denied", "make the store writable"),
}
_ERRNO: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("the disk is full", "free some space"),
    errno.EDQUOT: ("your disk quota is used up", "free some space"),
    errno.EROFS: ("the disk is read-only", "use a writable folder"),
    errno.EACCES: ("permission denied", "make the folder writable for you"),
    errno.EPERM: ("permission denied", "make the folder writable for you"),
    errno.EFBIG: ("a file would grow past the allowed size", "free some space or raise the limit"),
    errno.EIO: ("the disk failed to read or write", "check the disk"),
}
# What a caller catches to ask ``describe`` about: SQLite's errors stay behind plugin/store/.
STORAGE_ERRORS: tuple[type[BaseException], ...] = (sqlite3.Error, OSError)
_TEAM_STORE = (
    "the team store's database cannot be reached, or stopped answering",
    "check that PostgreSQL runs and this machine reaches it (store.url)",
)
AFTER = "then run the command again: what was done is kept, and the next run takes up the rest"


def storage_errors() -> tuple[type[BaseException], ...]:
    """``STORAGE_ERRORS``, and psycopg's lost connections once a team store has loaded it (a
    SQLite run never imports psycopg)."""
    psycopg = sys.modules.get("psycopg")
    return (*STORAGE_ERRORS, psycopg.OperationalError) if psycopg else STORAGE_ERRORS


def storage_problem(exc: BaseException) -> tuple[str, str] | None:
    """(what happened, what to do) when ``exc`` is the machine failing under a file; None for
    anything else (a bug, which deserves its traceback)."""
    if isinstance(exc, sqlite3.Error):
        name = getattr(exc, "sqlite_errorname", "") or ""
        for prefix, words in _SQLITE.items():
            if name == prefix or name.startswith(prefix + "_"):
                return words
        text = str(exc).lower()  # older SQLite modules without error names
        if "disk is full" in text:
            return _SQLITE["SQLITE_FULL"]
        if "readonly" in text or "read-only" in text:
            return _SQLITE["SQLITE_READONLY"]
        return None
    if isinstance(exc, OSError) and exc.errno in _ERRNO:
        return _ERRNO[exc.errno]
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None and isinstance(exc, psycopg.OperationalError):
        return _TEAM_STORE
    return None


def describe(exc: BaseException) -> str | None:
    """One line for a person: what happened, where, and what to do; None as for
    ``storage_problem``."""
    found = storage_problem(exc)
    if found is None:
        return None
    what, todo = found
    where = ""
    if isinstance(exc, OSError) and exc.filename:
        where = f" ({exc.filename})"
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    detail = detail.strip().splitlines()[0] if detail.strip() else type(exc).__name__
    return f"{what}{where}: {detail}. {todo[0].upper()}{todo[1:]}, {AFTER}."
