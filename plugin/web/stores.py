"""One store connection per thread: SQLite connections may not cross threads, and the server
answers in its event loop's thread (and, for slow work, in worker threads). A team store's
stores share one connection pool."""

from __future__ import annotations

import threading
from pathlib import Path

from ..store import Store


class StoreProvider:
    def __init__(self, path: Path, url: str | None = None) -> None:
        self.path = Path(path)
        self.url = url
        self._local = threading.local()

    def get(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store(self.path, self.url)
        return store

    def close_current(self) -> None:
        """Close this thread's connection (at shutdown, in the thread that opened it); a worker
        thread's connection closes when the thread ends."""
        store: Store | None = getattr(self._local, "store", None)
        if store is not None:
            self._local.store = None
            store.close()

    @property
    def media_root(self) -> Path:
        return self.path.parent
