"""What changed since the page was drawn, cheaply: ``watch``, the CLI (and a team's workers)
write the same store from other processes; the store says what marks a write (SQLite: its
files; PostgreSQL: the newest rows). The page asks every few seconds; only when the answer
differs does it fetch its cards again."""

from __future__ import annotations

import hashlib

from ..store import Store


def store_version(store: Store) -> str:
    """A short fingerprint that changes whenever anything writes to the store: the store's own
    mark, and the cards per state (two writes within one clock tick)."""
    parts = [store.db.change_stamp()]
    parts += [f"{state}={n}" for state, n in sorted(store.cards.counts().items())]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
