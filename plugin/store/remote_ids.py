"""What a CRM calls our records, e.g. ("hubspot", "contact", "12") -> "5012".

Written the moment a CRM answers, so a push resumed after a crash updates what it created
instead of creating it again.
"""

from __future__ import annotations

from collections.abc import Iterable

from .db import Database, now


class RemoteIds:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, crm: str, kind: str, key: str) -> str | None:
        row = self.db.one(
            "SELECT remote_id FROM remote_ids WHERE crm = ? AND kind = ? AND local_key = ?",
            (crm, kind, key),
        )
        return str(row["remote_id"]) if row else None

    def key_for(self, crm: str, kind: str, remote_id: str) -> str | None:
        """The other way round: our key for a CRM's id (the sidebar asks by HubSpot's id)."""
        row = self.db.one(
            "SELECT local_key FROM remote_ids WHERE crm = ? AND kind = ? AND remote_id = ? "
            "ORDER BY updated_at DESC LIMIT 1",
            (crm, kind, str(remote_id)),
        )
        return str(row["local_key"]) if row else None

    def many(self, crm: str, kind: str, keys: Iterable[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(keys))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), 500):  # SQLite's bound-parameter limit
            chunk = wanted[start : start + 500]
            rows = self.db.all(
                f"SELECT local_key, remote_id FROM remote_ids WHERE crm = ? AND kind = ? "
                f"AND local_key IN ({','.join('?' * len(chunk))})",
                (crm, kind, *chunk),
            )
            found.update({r["local_key"]: str(r["remote_id"]) for r in rows})
        return found

    def put(self, crm: str, kind: str, key: str, remote_id: str) -> None:
        with self.db.transaction():
            self.db.run(
                "INSERT INTO remote_ids (crm, kind, local_key, remote_id, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (crm, kind, local_key) DO UPDATE SET "
                "remote_id = excluded.remote_id, updated_at = excluded.updated_at",
                (crm, kind, key, str(remote_id), now()),
            )
