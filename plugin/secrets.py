"""Secrets from the OS keyring (Secret Service, macOS Keychain, Windows Credential Locker).

Settings and the environment come first; the keyring is the place a user can keep a token or a
password out of files and shell history: ``keyring set cardfollow hubspot-token``. A machine
with no keyring backend simply has no secrets there; nothing here ever raises or logs a value.
"""

from __future__ import annotations

import logging

SERVICE = "cardfollow"
log = logging.getLogger(__name__)


def lookup(name: str) -> str | None:
    """The secret stored as ``name`` under the "cardfollow" service, or None."""
    try:
        import keyring
        from keyring.errors import KeyringError, NoKeyringError
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    try:
        value = keyring.get_password(SERVICE, name)
    except (NoKeyringError, KeyringError, RuntimeError) as exc:
        log.debug("no keyring secret %r: %s", name, type(exc).__name__)
        return None
    return value or None


def store(name: str, value: str) -> None:
    """Keep a secret (e.g. a rotated OAuth refresh token) in the keyring when there is one."""
    try:
        import keyring
        from keyring.errors import KeyringError, NoKeyringError

        keyring.set_password(SERVICE, name, value)
    except (ImportError, NoKeyringError, KeyringError, RuntimeError) as exc:
        log.debug("cannot keep secret %r in a keyring: %s", name, type(exc).__name__)
