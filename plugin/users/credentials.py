"""Sign-in secrets: random tokens (links, sessions), kept only as SHA-256; passwords, kept only
as argon2 hashes. A token is 256 random bits, so a fast hash is safe for it; a password is
chosen by a person, so it gets a slow, salted one."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
MIN_PASSWORD = 10


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def password_matches(stored: str | None, given: str) -> bool:
    """Whether ``given`` is the password; with no password set, a hash is still computed, so
    the answer takes as long for a user without one (or with no such user)."""
    if stored is None:
        _HASHER.hash(given)
        return False
    try:
        return _HASHER.verify(stored, given)
    except (VerificationError, InvalidHashError):
        return False
