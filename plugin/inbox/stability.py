"""When a file is complete: its size, mtime and inode stay the same for a while.

Phones, browsers and sync clients write in chunks, so a file seen once may be half there. We take
it only after the same signature was seen twice, at least ``stable_seconds`` apart, with no change
seen in between. A zero-byte file gets a longer wait (``EMPTY_FACTOR`` times longer): most files
start empty before their first chunk, but one that stays empty is finally taken so the caller can
quarantine it as empty rather than leave it in the inbox forever.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

EMPTY_FACTOR = 10.0

Signature = tuple[int, int, int]  # (size, mtime_ns, inode)


def signature(path: Path) -> Signature | None:
    """(size, mtime_ns, inode) of a regular file, following symlinks; None if it is not one.

    A link to anything else (a folder, nothing) has its own signature, so that it is handed
    out like a file and set aside with the reason rather than sit in the inbox unexplained.
    """
    try:
        st = os.stat(path)
    except OSError:
        st = None
    if st is None or not stat.S_ISREG(st.st_mode):
        try:
            st = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISLNK(st.st_mode):
            return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


@dataclass
class _Seen:
    sig: Signature
    since: float  # clock() when this signature was first seen


class StabilityTracker:
    """Remembers each path's last signature and since when it has not changed."""

    def __init__(
        self, stable_seconds: float = 2.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stable_seconds = stable_seconds
        self.clock = clock
        self._seen: dict[Path, _Seen] = {}

    def wait_for(self, sig: Signature) -> float:
        """How long ``sig`` must stay unchanged before its file is taken."""
        return self.stable_seconds * (EMPTY_FACTOR if sig[0] == 0 else 1.0)

    def observe(self, path: Path) -> bool:
        """Look at ``path`` now; True once its signature has held for long enough.

        A change restarts the wait; a vanished (or non-regular) file is forgotten.
        """
        return self.observe_signature(path, signature(path))

    def observe_signature(self, path: Path, sig: Signature | None) -> bool:
        """``observe`` with a signature the caller has just read (None: the file is gone)."""
        if sig is None:
            self._seen.pop(path, None)
            return False
        now = self.clock()
        seen = self._seen.get(path)
        if seen is None or seen.sig != sig:
            self._seen[path] = _Seen(sig, now)
            return self.wait_for(sig) <= 0
        return now - seen.since >= self.wait_for(sig)

    def forget(self, path: Path) -> None:
        self._seen.pop(path, None)

    def __contains__(self, path: object) -> bool:
        return path in self._seen

    def __len__(self) -> int:
        return len(self._seen)


def wait_until_stable(
    paths: Iterable[Path],
    stable_seconds: float,
    timeout: float,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[list[Path], list[Path]]:
    """For a one-pass scan: watch ``paths`` until each is stable or ``timeout`` has passed.

    Returns (ready, still_changing), both in the order given. Files that vanish are in neither.
    A file still being written when the timeout passes stays "still changing" for a later pass.
    Note an empty file needs ``EMPTY_FACTOR * stable_seconds``: a shorter timeout leaves it
    "still changing" rather than taking it.
    """
    tracker = StabilityTracker(stable_seconds, clock)
    given = list(dict.fromkeys(paths))
    pending = list(given)
    ready: set[Path] = set()
    gone: set[Path] = set()
    deadline = clock() + timeout
    # Look often enough that a file is taken soon after its wait, but don't busy-loop.
    step = min(0.5, max(0.05, stable_seconds / 4))
    while True:
        for path in pending:
            if tracker.observe(path):
                ready.add(path)
            elif path not in tracker:
                gone.add(path)
        pending = [p for p in pending if p not in ready and p not in gone]
        remaining = deadline - clock()
        if not pending or remaining <= 0:
            break
        sleep(min(step, remaining))
    return [p for p in given if p in ready], pending
