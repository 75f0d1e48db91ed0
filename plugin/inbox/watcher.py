"""Watch the inbox and hand out each card photo once it is completely written.

Filesystem events (watchdog: inotify, FSEvents..., or polling) only say *which* paths to look at;
the StabilityTracker decides *when* a file is complete. A full rescan at start and every
``rescan_seconds`` catches whatever events missed: files added while we were not running, an
inotify watch limit hit on a new sub-folder, a network share that went away and came back.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path
from types import TracebackType

from watchdog.events import (
    DirCreatedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserverVFS

from ocr.errors import CardfollowError

from .fstype import polling_reason
from .listing import is_candidate, list_candidates
from .stability import Signature, StabilityTracker, signature

# Events that can mean "a file may have new content or a new name". Opened and closed-no-write
# are left out: our own caller reading a photo would otherwise wake us for nothing.
_EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileClosedEvent,
    DirCreatedEvent,
    DirMovedEvent,
]
_NATIVE_NAMES = {
    "InotifyObserver": "inotify",
    "FSEventsObserver": "fsevents",
    "KqueueObserver": "kqueue",
    "WindowsApiObserver": "windows",
}
# After a folder appears (an event folder dragged in), rescan shortly: files may land in it
# before watchdog has added a watch for it.
_DIR_RESCAN_DELAY = 0.5


class WatchError(CardfollowError):
    """The inbox cannot be watched at all (not even by polling)."""


class InboxWatcher:
    """Use as a context manager; call ``ready()`` in a loop from one thread."""

    def __init__(
        self,
        inbox: Path,
        *,
        stable_seconds: float = 2.0,
        poll: bool | None = None,
        poll_interval: float = 1.0,
        rescan_seconds: float = 60.0,
    ) -> None:
        """``poll``: True forces polling; None polls on network/synced filesystems (see
        ``fstype``); False uses native events even there. Either way a native observer that
        cannot start (e.g. the inotify watch limit) falls back to polling; ``mode`` says why.
        """
        self.inbox = Path(os.path.abspath(inbox))
        self._real_inbox = self.inbox
        self.stable_seconds = stable_seconds
        self.poll = poll
        self.poll_interval = poll_interval
        self.rescan_seconds = rescan_seconds
        self.mode = "not started"
        self._tracker = StabilityTracker(stable_seconds)
        self._step = min(0.5, max(0.05, stable_seconds / 4))
        self._observer: BaseObserver | None = None
        # Shared with the observer thread, under _lock.
        self._lock = threading.Lock()
        self._incoming: set[Path] = set()
        self._dir_event = False
        self._wake = threading.Event()
        # Only the thread calling ready() touches these.
        self._pending: set[Path] = set()
        self._delivered: dict[Path, Signature] = {}
        self._next_rescan = 0.0

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        if self._observer is not None:
            return
        try:
            self.inbox.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WatchError(f"cannot create the inbox {self.inbox}: {exc}") from None
        self._real_inbox = Path(os.path.realpath(self.inbox))
        reason = "requested" if self.poll else None
        if self.poll is None:
            reason = polling_reason(self.inbox)
        if reason is None:
            reason = self._start_native()
        if reason is not None:
            # lstat: a symlinked folder is not walked, so a link back into the inbox can't loop.
            observer = PollingObserverVFS(os.lstat, os.scandir, polling_interval=self.poll_interval)
            try:
                self._schedule(observer)
                observer.start()
            except OSError as exc:
                observer.unschedule_all()
                raise WatchError(f"cannot watch the inbox {self.inbox}: {exc}") from None
            self._observer = observer
            self.mode = f"polling every {self.poll_interval:g}s ({reason})"
        # Scan only after watching has begun, so nothing slips between the two.
        self._rescan()
        self._next_rescan = time.monotonic() + self.rescan_seconds

    def _start_native(self) -> str | None:
        """Start the platform's observer; on failure, the reason to poll instead."""
        observer = Observer()
        try:
            self._schedule(observer)
            observer.start()
        except OSError as exc:
            observer.unschedule_all()
            reason = f"native watching failed: {exc}"
            if exc.errno in (errno.ENOSPC, errno.EMFILE):
                reason += "; raise fs.inotify.max_user_watches / max_user_instances"
            return reason
        self._observer = observer
        self.mode = _NATIVE_NAMES.get(type(observer).__name__, type(observer).__name__)
        return None

    def stop(self) -> None:
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=10)

    def __enter__(self) -> InboxWatcher:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- the consumer's side ---------------------------------------------------------------

    def ready(self, timeout: float) -> list[Path]:
        """Files that became complete since the last call, sorted; waits up to ``timeout``.

        Returns as soon as at least one is ready, else [] after ``timeout``. A file comes out
        once, and again only after its size, mtime or inode changes (or after a restart).
        """
        deadline = time.monotonic() + timeout
        while True:
            self._wake.clear()  # before draining, so an event arriving later still wakes us
            found = self._check()
            now = time.monotonic()
            if found or now >= deadline:
                return found
            wait = min(deadline, self._next_rescan) - now
            if self._pending:
                wait = min(wait, self._step)
            self._wake.wait(max(wait, 0.0))

    def _check(self) -> list[Path]:
        with self._lock:
            incoming, self._incoming = self._incoming, set()
            dir_event, self._dir_event = self._dir_event, False
        self._pending |= incoming
        now = time.monotonic()
        if dir_event:
            self._next_rescan = min(self._next_rescan, now + _DIR_RESCAN_DELAY)
        if now >= self._next_rescan:
            self._rescan()
            self._next_rescan = now + self.rescan_seconds
        found: list[Path] = []
        for path in sorted(self._pending):
            sig = signature(path)
            if sig is None:  # vanished: a later event or rescan brings it back
                self._delivered.pop(path, None)
            elif self._delivered.get(path) == sig:
                pass  # handed out already and unchanged
            elif self._tracker.observe_signature(path, sig):
                found.append(path)
                self._delivered[path] = sig
            else:
                continue  # still being written (or not watched long enough yet)
            self._pending.discard(path)
            self._tracker.forget(path)
        return found

    def _rescan(self) -> None:
        current = list_candidates(self.inbox)
        self._pending.update(current)
        # Forget deliveries of files that are gone (processed and moved away), to stay small.
        present = set(current)
        for path in [p for p in self._delivered if p not in present]:
            del self._delivered[path]

    # -- the observer thread's side --------------------------------------------------------

    def _schedule(self, observer: BaseObserver) -> None:
        # The real path: inotify does not follow an inbox that is itself a symlink. Events are
        # mapped back to self.inbox in _on_event.
        observer.schedule(
            _Handler(self), str(self._real_inbox), recursive=True, event_filter=_EVENTS
        )

    def _on_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            if event.event_type in ("created", "moved"):
                with self._lock:
                    self._dir_event = True
                self._wake.set()
            return
        # A rename (x.jpg.part -> x.jpg) counts under its new name only.
        raw = event.dest_path if event.event_type == "moved" else event.src_path
        path = Path(os.path.abspath(os.fsdecode(raw)))
        if self._real_inbox != self.inbox and self._real_inbox in path.parents:
            # We watch the resolved path (and FSEvents resolves anyway): give ours back.
            path = self.inbox / path.relative_to(self._real_inbox)
        if is_candidate(path, self.inbox):
            with self._lock:
                self._incoming.add(path)
            self._wake.set()


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: InboxWatcher) -> None:
        self._watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        self._watcher._on_event(event)
