"""The SQLite store: WAL, a generous busy timeout, foreign keys, migrations, transactions.

Every write is a short ``BEGIN IMMEDIATE`` transaction, so ``watch``, ``serve`` and CLI
commands can share one store: readers never wait (WAL), writers queue for milliseconds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from .db import Database, Params, StoreError, referenced_first, split_statements
from .failures import describe
from .migrations import MIGRATIONS

BUSY_TIMEOUT_MS = 30_000


class SqliteDatabase(Database):
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.where = str(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit mode: we open transactions ourselves, explicitly.
            self.conn = sqlite3.connect(
                self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
            )
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"{self.path}: cannot open the store: {_why(exc)}") from None
        self.conn.row_factory = sqlite3.Row
        self._in_tx = False
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StoreError(f"{self.path}: the store needs WAL mode, got {mode!r}")
            # NORMAL is durable across process crashes in WAL mode; only a power cut can lose
            # the last commits, never corrupt the file.
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            if describe(exc) is not None:  # the disk, not the file: full, read-only...
                raise StoreError(f"{self.path}: cannot open the store: {_why(exc)}") from None
            raise StoreError(f"{self.path}: not a cardfollow store, or damaged: {exc}") from None

    def close(self) -> None:
        self.conn.close()

    @property
    def version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        latest = MIGRATIONS[-1][0]
        if self.version > latest:
            raise StoreError(
                f"{self.path}: made by a newer cardfollow (schema {self.version}, this one knows "
                f"{latest}); upgrade cardfollow"
            )
        for number, _name, sql in MIGRATIONS:
            with self.transaction():
                # Re-read inside the lock: another process may have just migrated.
                if self.version >= number:
                    continue
                for statement in split_statements(sql):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; nested calls join the outer one."""
        if self._in_tx:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._in_tx = True
        try:
            yield self.conn
        except BaseException:
            self._in_tx = False
            # On a full disk SQLite may have rolled back by itself: the first error is the one.
            with suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise
        self._in_tx = False
        self.conn.execute("COMMIT")

    def one(self, sql: str, params: Params = (), *, binary: bool = False) -> sqlite3.Row | None:
        return self.conn.execute(sql, tuple(params)).fetchone()

    def all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, tuple(params)).fetchall()

    def run(self, sql: str, params: Params = ()) -> int:
        return self.conn.execute(sql, tuple(params)).rowcount

    def run_many(self, sql: str, rows: Sequence[Params]) -> None:
        self.conn.executemany(sql, [tuple(r) for r in rows])

    def insert(self, sql: str, params: Params = ()) -> int:
        return int(self.conn.execute(sql, tuple(params)).lastrowid or 0)

    def tables(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
        names = [r[0] for r in rows]
        return referenced_first(
            {n: {r[2] for r in self.conn.execute(f"PRAGMA foreign_key_list('{n}')")} for n in names}
        )

    def change_stamp(self) -> str:
        # Every write touches the file or its write-ahead log; other processes write it too.
        parts = []
        for file in (self.path, self.path.with_name(self.path.name + "-wal")):
            try:
                st = file.stat()
                parts.append(f"{st.st_mtime_ns:x}.{st.st_size:x}")
            except FileNotFoundError:
                parts.append("-")
        return "|".join(parts)


def _why(exc: BaseException) -> str:
    return describe(exc) or (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
