"""Moving up: a single user's SQLite store copied into a team store (PostgreSQL), every table
and every photo and card image, ids kept, in one transaction: the team store holds all of it
or, after any failure, nothing."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg

from .db import StoreError
from .media import Media
from .postgres_db import PostgresDatabase
from .sqlite_db import SqliteDatabase

if TYPE_CHECKING:
    from . import Store

MEDIA_FOLDERS = ("photos", "cards")  # what a SQLite store keeps as files beside it
_BATCH = 500


@dataclass
class CopyReport:
    rows: dict[str, int] = field(default_factory=dict)  # per table
    media_files: int = 0
    media_bytes: int = 0
    missing: list[str] = field(default_factory=list)  # named by a card, absent from the disk
    seconds: float = 0.0


def copy_store(source: Store, target: Store) -> CopyReport:
    """Copy ``source`` (SQLite) into ``target`` (a team store that holds none of its rows)."""
    if not isinstance(source.db, SqliteDatabase):
        raise StoreError("store copy reads a single user's SQLite store")
    if not isinstance(target.db, PostgresDatabase):
        raise StoreError("store copy writes to a team store: --to postgresql://…")
    started = time.perf_counter()
    src, dst = source.db, target.db
    theirs = set(dst.tables())
    tables = [t for t in src.tables() if t in theirs]
    report = CopyReport()
    with dst.transaction():
        _refuse_unless_empty(dst, tables)
        for table in tables:
            try:
                report.rows[table] = _copy_table(src, dst, table)
            except psycopg.Error as exc:  # a value the team store cannot hold
                raise StoreError(
                    f"{dst.where}: the copy stopped at table {table}: {_first_line(exc)} "
                    "(nothing was copied)"
                ) from None
        _copy_media(source, target.media, report)
        dst.sync_ids()  # the next card gets the next id, not one the copy already used
    report.seconds = time.perf_counter() - started
    return report


def _refuse_unless_empty(dst: PostgresDatabase, tables: list[str]) -> None:
    cards = dst.one("SELECT count(*) FROM cards")
    if cards and cards[0]:
        raise StoreError(
            f"{dst.where} already holds {cards[0]} card(s): a store is copied only into an "
            "empty team store (nothing was copied)"
        )
    holding = [t for t in tables if dst.one(f"SELECT 1 FROM {t} LIMIT 1")]
    if holding:
        raise StoreError(
            f"{dst.where} already holds rows in {', '.join(holding)}: a store is copied only "
            "into an empty team store (nothing was copied)"
        )


def _copy_table(src: SqliteDatabase, dst: PostgresDatabase, table: str) -> int:
    types = dst.columns(table)
    columns = [c[1] for c in src.conn.execute(f"PRAGMA table_info('{table}')") if c[1] in types]
    # A row may point at a later row of its own table (a front at its back): those columns
    # are written once every row is in.
    own = {
        fk[3] for fk in src.conn.execute(f"PRAGMA foreign_key_list('{table}')") if fk[2] == table
    } & set(columns)
    order = "ORDER BY id" if "id" in columns else ""
    cursor = src.conn.execute(f"SELECT {', '.join(columns)} FROM {table} {order}")
    later: list[tuple[object, ...]] = []
    count = 0
    while batch := cursor.fetchmany(_BATCH):
        rows = []
        for row in batch:
            values = [_as(types[c], row[c]) for c in columns]
            if own and any(row[c] is not None for c in own):
                later.append((*(row[c] for c in sorted(own)), row["id"]))
                values = [None if c in own else v for c, v in zip(columns, values, strict=True)]
            rows.append(values)
        dst.copy_rows(table, columns, rows)
        count += len(rows)
    if later:
        sets = ", ".join(f"{c} = ?" for c in sorted(own))
        dst.run_many(f"UPDATE {table} SET {sets} WHERE id = ?", later)
    return count


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _as(kind: str, value: object) -> object:
    """SQLite keeps whatever a column was given; PostgreSQL wants its column's type."""
    if value is None:
        return None
    if kind == "text" and not isinstance(value, str):
        return str(value)
    if kind == "bigint" and isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return value


def _copy_media(source: Store, media: Media, report: CopyReport) -> None:
    root = source.media_root
    for folder in MEDIA_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and not path.name.startswith("."):  # not a half-written copy
                data = path.read_bytes()
                media.save(path.relative_to(root).as_posix(), data)
                report.media_files += 1
                report.media_bytes += len(data)
    for row in source.db.all("SELECT stored_photo, card_image FROM cards"):
        for rel in (row[0], row[1]):
            if rel and not (root / rel).is_file():
                report.missing.append(rel)


def describe(report: CopyReport, where: str, source: Path) -> list[str]:
    """The copy in a few lines for the terminal."""
    total = sum(report.rows.values())
    lines = [
        f"copied {source} into {where} in {report.seconds:.1f} s: "
        f"{report.rows.get('cards', 0)} card(s), {report.rows.get('contacts', 0)} contact(s), "
        f"{total} row(s) in {len(report.rows)} tables, {report.media_files} photo(s) and card "
        f"image(s) ({report.media_bytes / 1e6:.1f} MB)"
    ]
    if report.missing:
        lines.append(
            f"{len(report.missing)} photo(s) named by cards were not on the disk (not copied): "
            + ", ".join(report.missing[:5])
            + (" …" if len(report.missing) > 5 else "")
        )
    return lines
