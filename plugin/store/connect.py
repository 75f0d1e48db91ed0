"""Which engine holds the store: SQLite (a file, the single-user default) or PostgreSQL (a
``postgresql://`` URL, the team store)."""

from __future__ import annotations

from pathlib import Path

from .db import Database, StoreError


def is_postgres_url(location: str | Path | None) -> bool:
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def open_database(path: Path, url: str | None = None) -> Database:
    """The team store when ``url`` names a PostgreSQL database, else the SQLite file ``path``."""
    if url:
        if not is_postgres_url(url):
            raise StoreError(f"store.url must be a postgresql://… URL, not {url.split(':')[0]}:…")
        from .postgres_db import PostgresDatabase  # psycopg loads only for a team store

        return PostgresDatabase(url)
    from .sqlite_db import SqliteDatabase

    return SqliteDatabase(path)
