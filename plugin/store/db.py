"""The store's database, whichever engine holds it: the interface the repositories speak
(``transaction``, ``one``, ``all``, ``run``, ``run_many``, ``insert``) and the time format;
``connect.open_database`` chooses the engine.

The repositories write SQL once, with ``?`` placeholders, in the subset both engines accept;
the PostgreSQL side translates placeholders (``dialect.py``). Nothing slow (OCR, network)
ever runs inside a transaction.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from ocr.errors import CardfollowError

Params = Sequence[Any]


class StoreError(CardfollowError):
    pass


class Row(Protocol):
    """A result row by column name (or position), as ``sqlite3.Row`` behaves."""

    def __getitem__(self, key: str | int, /) -> Any: ...

    def keys(self) -> list[str]: ...


def now() -> str:
    return stamp(dt.datetime.now(dt.UTC))


def stamp(moment: dt.datetime) -> str:
    """The store's one time format: UTC ISO 8601 to the microsecond, so text order is time order."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


class Database(ABC):
    """One engine's connection(s). ``transaction`` is one writer at a time (SQLite's ``BEGIN
    IMMEDIATE``; a lock on PostgreSQL), so a read-then-write inside it sees no other writer;
    nested calls join the outer one. Reads outside a transaction never wait."""

    # Where it is, for messages (a path, or a URL without its password).
    where: str

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Any]: ...

    @abstractmethod
    def one(self, sql: str, params: Params = (), *, binary: bool = False) -> Row | None:
        """The first row, or None. ``binary``: the row holds large bytes (a photo), which an
        engine may then fetch in its binary format."""

    @abstractmethod
    def all(self, sql: str, params: Params = ()) -> list[Row]: ...

    @abstractmethod
    def run(self, sql: str, params: Params = ()) -> int:
        """Execute a statement; the number of rows it changed."""

    @abstractmethod
    def run_many(self, sql: str, rows: Sequence[Params]) -> None: ...

    @abstractmethod
    def insert(self, sql: str, params: Params = ()) -> int:
        """An ``INSERT`` into a table with an ``id`` key; the new row's id."""

    @property
    @abstractmethod
    def version(self) -> int:
        """The schema version: the last migration applied."""

    @abstractmethod
    def tables(self) -> list[str]:
        """The store's own tables, in an order where every table follows those it refers to."""

    @abstractmethod
    def change_stamp(self) -> str:
        """Something that differs after any write (the review page polls it)."""

    @abstractmethod
    def close(self) -> None: ...


def split_statements(sql: str) -> Iterator[str]:
    """A migration's statements one by one (a driver's multi-statement call would commit
    or refuse inside our transaction). The split knows quotes and comments (SQLite's parser)."""
    import sqlite3

    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf.strip()
            buf = ""
    if buf.strip():
        yield buf.strip()


def referenced_first(refers: dict[str, set[str]]) -> list[str]:
    """Table names ordered so each follows the tables it refers to (``refers``: name -> the
    tables its foreign keys name), for copying a store table by table."""
    ordered: list[str] = []
    left = sorted(refers)
    while left:
        ready = [n for n in left if refers[n] - {n} <= set(ordered)] or left[:1]  # a cycle: any
        ordered += ready
        left = [n for n in left if n not in ready]
    return ordered
