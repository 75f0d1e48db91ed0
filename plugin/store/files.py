"""What each inbox file looked like when it was hashed, so a rescan reads only new files."""

from __future__ import annotations

import os

from .db import Database, now


class Files:
    def __init__(self, db: Database) -> None:
        self.db = db

    def known_sha(self, path: str, st: os.stat_result) -> str | None:
        row = self.db.one(
            "SELECT sha256 FROM files WHERE path = ? AND size = ? AND mtime_ns = ? AND inode = ?",
            (path, st.st_size, st.st_mtime_ns, st.st_ino),
        )
        return row["sha256"] if row else None

    def remember(self, path: str, st: os.stat_result, sha256: str) -> None:
        with self.db.transaction():
            self.db.run(
                "INSERT INTO files (path, size, mtime_ns, inode, sha256, seen_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET size = excluded.size, "
                "mtime_ns = excluded.mtime_ns, inode = excluded.inode, "
                "sha256 = excluded.sha256, seen_at = excluded.seen_at",
                (path, st.st_size, st.st_mtime_ns, st.st_ino, sha256, now()),
            )
