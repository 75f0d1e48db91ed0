"""Contacts: one per person, however many cards they gave us; keys find them again."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import ContactDict
from .db import Database, StoreError, now
from .records import ContactRecord, dumps, loads


class Contacts:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, contact_id: int) -> ContactRecord:
        row = self.db.one("SELECT * FROM contacts WHERE id = ?", (contact_id,))
        if row is None:
            raise StoreError(f"no contact {contact_id}")
        return ContactRecord(
            row["id"],
            loads(row["fields"]),
            loads(row["edited"], []),
            row["created_at"],
            row["updated_at"],
        )

    def all(self) -> list[ContactRecord]:
        return [self.get(r["id"]) for r in self.db.all("SELECT id FROM contacts ORDER BY id")]

    def with_keys(self, keys: Iterable[str]) -> list[ContactRecord]:
        """Contacts sharing at least one index key: the only candidates for a duplicate."""
        keys = list(dict.fromkeys(keys))
        if not keys:
            return []
        rows = self.db.all(
            f"SELECT DISTINCT contact_id FROM contact_keys WHERE key IN "
            f"({','.join('?' * len(keys))}) ORDER BY contact_id",
            tuple(keys),
        )
        return [self.get(r["contact_id"]) for r in rows]

    def create(self, fields: ContactDict, keys: Iterable[str], edited: Iterable[str] = ()) -> int:
        with self.db.transaction():
            stamp = now()
            contact_id = self.db.insert(
                "INSERT INTO contacts (fields, edited, created_at, updated_at) VALUES (?, ?, ?, ?)",
                (dumps(fields), dumps(sorted(set(edited))), stamp, stamp),
            )
            self._set_keys(contact_id, keys)
            return contact_id

    def save(
        self, contact_id: int, fields: ContactDict, keys: Iterable[str], edited: Iterable[str]
    ) -> None:
        with self.db.transaction():
            self.db.run(
                "UPDATE contacts SET fields = ?, edited = ?, updated_at = ? WHERE id = ?",
                (dumps(fields), dumps(sorted(set(edited))), now(), contact_id),
            )
            self._set_keys(contact_id, keys)

    def delete_if_unused(self, contact_id: int) -> bool:
        """Drop a contact no card points at any more (a back side folded into its front)."""
        with self.db.transaction():
            used = self.db.one("SELECT 1 FROM cards WHERE contact_id = ? LIMIT 1", (contact_id,))
            if used:
                return False
            self.db.run("DELETE FROM contacts WHERE id = ?", (contact_id,))
            return True

    def _set_keys(self, contact_id: int, keys: Iterable[str]) -> None:
        self.db.run("DELETE FROM contact_keys WHERE contact_id = ?", (contact_id,))
        self.db.run_many(
            "INSERT INTO contact_keys (key, contact_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(k, contact_id) for k in dict.fromkeys(keys)],
        )
