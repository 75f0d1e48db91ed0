"""What changed since the page was drawn, cheaply: ``watch`` and the CLI write the same SQLite
file from other processes, and every write touches the database or its write-ahead log. The
page asks every few seconds; only when the answer differs does it fetch its cards again."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..store import Store


def store_version(store: Store) -> str:
    """A short fingerprint that changes whenever anything writes to the store: the files' sizes
    and modification times, and the cards per state (two writes within one clock tick)."""
    path = Path(store.path)
    parts = []
    for file in (path, path.with_name(path.name + "-wal")):
        try:
            st = file.stat()
            parts.append(f"{st.st_mtime_ns:x}.{st.st_size:x}")
        except FileNotFoundError:
            parts.append("-")
    parts += [f"{state}={n}" for state, n in sorted(store.cards.counts().items())]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
