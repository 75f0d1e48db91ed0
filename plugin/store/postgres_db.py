"""The team store on PostgreSQL: a pool of psycopg 3 connections shared by every store a
process opens on the same URL; one pooled connection for a transaction's length.

As on SQLite, a transaction is one writer at a time (an advisory lock taken first, as SQLite's
``BEGIN IMMEDIATE``), so the repositories' read-then-write steps hold across machines; reads
outside a transaction never wait. Statements are bound on the client, as SQLite binds them:
a ``?`` stands for a value of any type, even where PostgreSQL could not infer one.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

import psycopg
from psycopg import ClientCursor
from psycopg.rows import RowMaker
from psycopg_pool import ConnectionPool, PoolTimeout

from . import dialect
from .db import Database, Params, StoreError, referenced_first
from .migrations import MIGRATIONS

# pg_advisory_xact_lock keys: "card" + "w" (writes, migrations included).
WRITE_LOCK = 0x6361726477
SCHEMA_TABLE = "cardfollow_schema"
CONNECT_TIMEOUT = 10  # seconds to reach the server before saying it cannot be reached
POOL_MAX = 10


class PgRow:
    """A row by column name or position, as ``sqlite3.Row``."""

    __slots__ = ("_names", "_values")

    def __init__(self, names: dict[str, int], values: Sequence[Any]) -> None:
        self._names = names
        self._values = values

    def __getitem__(self, key: str | int) -> Any:
        return self._values[key if isinstance(key, int) else self._names[key]]

    def keys(self) -> list[str]:
        return list(self._names)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def _rows(cursor: Any) -> RowMaker[PgRow]:
    names: dict[str, int] = {}
    for i, column in enumerate(cursor.description or ()):
        names.setdefault(column.name, i)  # the first of two same-named columns, as SQLite
    return lambda values: PgRow(names, values)


def where(url: str) -> str:
    """The URL without its password: what messages and logs may show."""
    parts = urlsplit(url)
    user = f"{parts.username}@" if parts.username else ""
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{user}{host}{port}{parts.path}"


class _Pools:
    """One pool per URL per process, closed when its last store closes. A forked child starts
    its own: a socket shared with the parent would mix both sides' traffic."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pid = os.getpid()
        self.pools: dict[str, tuple[ConnectionPool, int]] = {}

    def take(self, url: str) -> ConnectionPool:
        with self.lock:
            if self.pid != os.getpid():
                self.pid, self.pools = os.getpid(), {}
            if url in self.pools:
                pool, users = self.pools[url]
                self.pools[url] = (pool, users + 1)
                return pool
            _probe(url)
            pool = ConnectionPool(
                url,
                min_size=1,
                max_size=POOL_MAX,
                timeout=CONNECT_TIMEOUT * 3,
                kwargs={"cursor_factory": ClientCursor, "row_factory": _rows},
                name="cardfollow-store",
                open=True,
            )
            self.pools[url] = (pool, 1)
            return pool

    def give_back(self, url: str) -> None:
        with self.lock:
            if url not in self.pools or self.pid != os.getpid():
                return
            pool, users = self.pools[url]
            if users > 1:
                self.pools[url] = (pool, users - 1)
                return
            del self.pools[url]
        pool.close()


_POOLS = _Pools()


def _probe(url: str) -> None:
    """Connect once, so a wrong password or a server that is down is said plainly (a pool
    would only time out)."""
    try:
        psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT).close()
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(f"{where(url)}: cannot open the team store: {reason}") from None


def _value(value: Any) -> Any:
    # SQLite stores True as 1 and an enum by its value; the columns are the same here.
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Enum):
        return value.value
    return value


def _bind(params: Params) -> tuple[Any, ...]:
    return tuple(_value(v) for v in params)


class PostgresDatabase(Database):
    def __init__(self, url: str) -> None:
        self.url = url
        self.where = where(url)
        self.pool = _POOLS.take(url)
        # The connection of the transaction in progress, per thread: a store shared by threads
        # (a worker's) must not run one thread's statements in another's transaction.
        self._local = threading.local()
        try:
            self.migrate()
        except BaseException:
            _POOLS.give_back(url)
            raise

    def close(self) -> None:
        if self.pool is not None:
            _POOLS.give_back(self.url)
            self.pool = None  # type: ignore[assignment]

    @property
    def _tx(self) -> psycopg.Connection[Any] | None:
        return getattr(self._local, "conn", None)

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection[Any]]:
        """One write transaction on one pooled connection; nested calls join the outer one."""
        if self._tx is not None:
            yield self._tx
            return
        try:
            context = self.pool.connection()
            conn = context.__enter__()
        except PoolTimeout as exc:
            raise StoreError(f"{self.where}: the team store does not answer: {exc}") from None
        self._local.conn = conn
        try:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield conn
        except BaseException as exc:
            self._local.conn = None
            context.__exit__(type(exc), exc, exc.__traceback__)  # rolls back
            raise
        self._local.conn = None
        context.__exit__(None, None, None)  # commits

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        if self._tx is not None:
            yield self._tx
            return
        try:
            with self.pool.connection() as conn:
                yield conn
        except PoolTimeout as exc:
            raise StoreError(f"{self.where}: the team store does not answer: {exc}") from None

    @contextmanager
    def _cursor(self, sql: str, params: Params, binary: bool = False) -> Iterator[Any]:
        """The statement executed. Bytes (photos) are bound on the server, as binary: quoted
        into the statement they would double in size; ``binary`` results come so too."""
        bound = _bind(params)
        with self._connection() as conn:
            if binary or any(isinstance(v, bytes | bytearray | memoryview) for v in bound):
                with psycopg.Cursor(conn, row_factory=_rows) as cur:
                    cur.execute(dialect.placeholders(sql), bound, binary=binary)
                    yield cur
            else:
                with conn.cursor() as cur:
                    cur.execute(dialect.placeholders(sql), bound)
                    yield cur

    def one(self, sql: str, params: Params = (), *, binary: bool = False) -> PgRow | None:
        """``binary``: the row in PostgreSQL's binary format (a photo: no hex to decode)."""
        with self._cursor(sql, params, binary) as cur:
            return cur.fetchone()

    def all(self, sql: str, params: Params = ()) -> list[PgRow]:
        with self._cursor(sql, params) as cur:
            return cur.fetchall()

    def run(self, sql: str, params: Params = ()) -> int:
        with self._cursor(sql, params) as cur:
            return int(cur.rowcount)

    def run_many(self, sql: str, rows: Sequence[Params]) -> None:
        if not rows:
            return
        with self._connection() as conn, conn.cursor() as cur:
            cur.executemany(dialect.placeholders(sql), [_bind(r) for r in rows])

    def insert(self, sql: str, params: Params = ()) -> int:
        row = self.one(f"{sql} RETURNING id", params)
        assert row is not None
        return int(row[0])

    def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Params]) -> None:
        """Many rows into one table at PostgreSQL's bulk speed (COPY)."""
        if not rows:
            return
        with self._connection() as conn, conn.cursor() as cur:
            names = ", ".join(columns)
            with cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(_bind(row))

    # -- schema ----------------------------------------------------------------------------

    def columns(self, table: str) -> dict[str, str]:
        """A table's columns and their types ("text", "bigint", ...), in order."""
        rows = self.all(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
            (table,),
        )
        return {r[0]: r[1] for r in rows}

    @property
    def version(self) -> int:
        row = self.one(f"SELECT version FROM {SCHEMA_TABLE}")
        return int(row[0]) if row else 0

    def migrate(self) -> None:
        with self.transaction() as conn:
            conn.execute(f"CREATE TABLE IF NOT EXISTS {SCHEMA_TABLE} (version BIGINT NOT NULL)")
            if self.one(f"SELECT version FROM {SCHEMA_TABLE}") is None:
                conn.execute(f"INSERT INTO {SCHEMA_TABLE} (version) VALUES (0)")
        latest = MIGRATIONS[-1][0]
        if self.version > latest:
            raise StoreError(
                f"{self.where}: made by a newer cardfollow (schema {self.version}, this one "
                f"knows {latest}); upgrade cardfollow"
            )
        for number, _name, sql in MIGRATIONS:
            with self.transaction() as conn:
                # Re-read inside the lock: another machine may have just migrated.
                if self.version >= number:
                    continue
                for statement in dialect.migration(sql):
                    conn.execute(statement)
                conn.execute(f"UPDATE {SCHEMA_TABLE} SET version = %s", (number,))
                # A table rebuilt with its ids given leaves its sequence behind.
                self.sync_ids()

    def sync_ids(self) -> None:
        """Move every id sequence past the largest id in its table (after rows were written
        with their ids given: a rebuilt table, a copied store)."""
        with self.transaction():
            for row in self.all(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND is_identity = 'YES'"
            ):
                table, column = row[0], row[1]
                self.run(
                    f"SELECT setval(pg_get_serial_sequence(?, ?), "
                    f"COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)",
                    (table, column),
                )

    def tables(self) -> list[str]:
        rows = self.all(
            "SELECT tc.table_name, ccu.table_name FROM information_schema.tables tc "
            "LEFT JOIN information_schema.table_constraints k "
            "ON k.table_name = tc.table_name AND k.table_schema = tc.table_schema "
            "AND k.constraint_type = 'FOREIGN KEY' "
            "LEFT JOIN information_schema.constraint_column_usage ccu "
            "ON ccu.constraint_name = k.constraint_name AND ccu.table_schema = k.table_schema "
            "WHERE tc.table_schema = current_schema() AND tc.table_type = 'BASE TABLE' "
            "AND tc.table_name <> ?",
            (SCHEMA_TABLE,),
        )
        refers: dict[str, set[str]] = {}
        for row in rows:
            refers.setdefault(row[0], set())
            if row[1]:
                refers[row[0]].add(row[1])
        return referenced_first(refers)

    def change_stamp(self) -> str:
        row = self.one(
            "SELECT (SELECT MAX(id) FROM history), (SELECT MAX(updated_at) FROM cards), "
            "(SELECT MAX(updated_at) FROM outbox), (SELECT MAX(id) FROM drafts), "
            "(SELECT MAX(updated_at) FROM contacts), (SELECT MAX(updated_at) FROM checkins), "
            "(SELECT MAX(updated_at) FROM events), (SELECT MAX(id) FROM touches), "
            "(SELECT MAX(updated_at) FROM relationships)"
        )
        return "|".join(str(v) for v in (row or ()))
