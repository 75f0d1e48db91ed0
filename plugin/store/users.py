"""Users of a team store and their signed-in sessions. Secrets arrive here already hashed: the
store never sees a sign-in token, a session id or a password."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from .db import Database, StoreError, now, stamp


@dataclass(frozen=True)
class UserRecord:
    id: int
    name: str  # lower-case; also the name of their inbox folder
    email: str
    is_admin: bool
    has_password: bool
    profile: dict[str, str] = field(default_factory=dict)  # sender fields over the settings'
    mail: dict[str, str] = field(default_factory=dict)  # mailbox settings over the settings'
    created_at: str = ""
    removed_at: str | None = None


@dataclass(frozen=True)
class Rep:
    """A rep named on a contact: who met this person, on which card."""

    user_id: int
    name: str
    email: str
    card_id: int


def _user(row: Any) -> UserRecord:
    return UserRecord(
        id=row["id"],
        name=row["name"],
        email=row["email"],
        is_admin=bool(row["is_admin"]),
        has_password=row["password_hash"] is not None,
        profile=json.loads(row["profile"] or "{}"),
        mail=json.loads(row["mail"] or "{}"),
        created_at=row["created_at"],
        removed_at=row["removed_at"],
    )


class Users:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading ---------------------------------------------------------------------------

    def any(self) -> bool:
        """Whether the store has users at all (then the review page asks who you are)."""
        return self.db.one("SELECT 1 FROM users WHERE removed_at IS NULL LIMIT 1") is not None

    def list(self, include_removed: bool = False) -> list[UserRecord]:
        where = "" if include_removed else " WHERE removed_at IS NULL"
        return [_user(r) for r in self.db.all(f"SELECT * FROM users{where} ORDER BY name")]

    def get(self, user_id: int) -> UserRecord:
        row = self.db.one("SELECT * FROM users WHERE id = ?", (user_id,))
        if row is None:
            raise StoreError(f"no user {user_id}")
        return _user(row)

    def by_name(self, name: str, include_removed: bool = False) -> UserRecord | None:
        row = self.db.one("SELECT * FROM users WHERE name = ?", (name,))
        if row is None or (row["removed_at"] is not None and not include_removed):
            return None
        return _user(row)

    def password_hash(self, user_id: int) -> str | None:
        row = self.db.one(
            "SELECT password_hash FROM users WHERE id = ? AND removed_at IS NULL", (user_id,)
        )
        return row["password_hash"] if row else None

    def reps_of_contact(self, contact_id: int) -> list[Rep]:
        """Every rep who captured a card of this contact, first meeting first: the same person
        met by two reps is one contact, and both are named on it."""
        rows = self.db.all(
            "SELECT users.id AS user_id, users.name, users.email, MIN(cards.id) AS card_id "
            "FROM cards JOIN users ON users.id = cards.user_id "
            "WHERE cards.contact_id = ? GROUP BY users.id, users.name, users.email "
            "ORDER BY MIN(cards.id)",
            (contact_id,),
        )
        return [Rep(r["user_id"], r["name"], r["email"], r["card_id"]) for r in rows]

    # -- writing ---------------------------------------------------------------------------

    def add(self, name: str, email: str, is_admin: bool) -> UserRecord:
        """A new user; a removed one of that name comes back (their cards still name them)."""
        with self.db.transaction():
            old = self.db.one("SELECT id, removed_at FROM users WHERE name = ?", (name,))
            if old is not None and old["removed_at"] is None:
                raise StoreError(f"there is already a user {name!r}")
            if old is not None:
                self.db.run(
                    "UPDATE users SET email = ?, is_admin = ?, removed_at = NULL, "
                    "token_hash = NULL, token_expires_at = NULL, password_hash = NULL "
                    "WHERE id = ?",
                    (email, int(is_admin), old["id"]),
                )
                return self.get(old["id"])
            user_id = self.db.insert(
                "INSERT INTO users (name, email, is_admin, created_at) VALUES (?, ?, ?, ?)",
                (name, email, int(is_admin), now()),
            )
            return self.get(user_id)

    def remove(self, user_id: int) -> None:
        """Sign the user out everywhere and take away every way in; their cards stay theirs."""
        with self.db.transaction():
            self.db.run(
                "UPDATE users SET removed_at = ?, token_hash = NULL, token_expires_at = NULL, "
                "password_hash = NULL WHERE id = ?",
                (now(), user_id),
            )
            self.db.run("DELETE FROM sessions WHERE user_id = ?", (user_id,))

    def set_token(self, user_id: int, token_hash: str, expires: dt.datetime) -> None:
        """A new sign-in link: the one before it stops working."""
        with self.db.transaction():
            self.db.run(
                "UPDATE users SET token_hash = ?, token_expires_at = ? WHERE id = ?",
                (token_hash, stamp(expires), user_id),
            )

    def use_token(self, token_hash: str, at: dt.datetime) -> UserRecord | None:
        """The user a sign-in link is for, once: the token is spent whether or not in time."""
        with self.db.transaction():
            row = self.db.one(
                "SELECT * FROM users WHERE token_hash = ? AND removed_at IS NULL", (token_hash,)
            )
            if row is None:
                return None
            self.db.run(
                "UPDATE users SET token_hash = NULL, token_expires_at = NULL WHERE id = ?",
                (row["id"],),
            )
            if row["token_expires_at"] < stamp(at):
                return None
            return _user(row)

    def set_password(self, user_id: int, password_hash: str | None) -> None:
        with self.db.transaction():
            self.db.run("UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user_id))

    def set_settings(self, user_id: int, *, profile: dict[str, str], mail: dict[str, str]) -> None:
        with self.db.transaction():
            self.db.run(
                "UPDATE users SET profile = ?, mail = ? WHERE id = ?",
                (json.dumps(profile, sort_keys=True), json.dumps(mail, sort_keys=True), user_id),
            )

    # -- sessions --------------------------------------------------------------------------

    def open_session(self, user_id: int, id_hash: str, expires: dt.datetime) -> None:
        with self.db.transaction():
            at = now()
            # Expired sessions go as new ones come: the table never grows without bound.
            self.db.run("DELETE FROM sessions WHERE expires_at < ?", (at,))
            self.db.run(
                "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) "
                "VALUES (?, ?, ?, ?)",
                (id_hash, user_id, at, stamp(expires)),
            )

    def session_user(self, id_hash: str, at: dt.datetime) -> UserRecord | None:
        row = self.db.one(
            "SELECT users.* FROM sessions JOIN users ON users.id = sessions.user_id "
            "WHERE sessions.id_hash = ? AND sessions.expires_at >= ? "
            "AND users.removed_at IS NULL",
            (id_hash, stamp(at)),
        )
        return _user(row) if row else None

    def close_session(self, id_hash: str) -> None:
        with self.db.transaction():
            self.db.run("DELETE FROM sessions WHERE id_hash = ?", (id_hash,))
