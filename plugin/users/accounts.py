"""Adding, listing and removing users; their sign-in links and passwords."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ocr.errors import CardfollowError, ExitCode

from ..config import mask
from ..inbox import FAILED_DIR
from ..mail import parse_smtp_url
from ..mail.schedule import local_timezone
from ..profile.complete import valid_email
from ..store import Store, UserRecord
from .credentials import MIN_PASSWORD, hash_password, new_token, token_hash

LINK_DAYS = 7  # a sign-in link not used within a week must be made again (`user link`)
# A name is also the user's inbox folder, so it must be a safe, unambiguous folder name on every
# system (lower-case: "Anna" and "anna" are one folder on macOS and Windows).
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,39}")


class UserError(CardfollowError):
    exit_code = ExitCode.usage


@dataclass(frozen=True)
class SignInLink:
    user: UserRecord
    url: str  # carries the one-time token: printed once, never logged or stored
    expires: dt.datetime


def check_name(name: str) -> str:
    name = name.strip()
    if not _NAME.fullmatch(name):
        raise UserError(
            f"{name!r} cannot be a user name: use lower-case letters, digits, '.', '-' or '_' "
            "(at most 40, starting with a letter or digit); it is also the user's inbox folder"
        )
    if name == FAILED_DIR:
        raise UserError(f"{name!r} cannot be a user name: it is the inbox's quarantine folder")
    return name


def add_user(store: Store, base_url: str, name: str, email: str, admin: bool) -> SignInLink:
    name = check_name(name)
    if not valid_email(email):
        raise UserError(f"{email!r} is not a valid email address")
    if store.users.by_name(name) is not None:
        raise UserError(f"there is already a user {name!r} (`cardfollow user link {name}`)")
    user = store.users.add(name, email.strip(), admin)
    return new_link(store, base_url, user.name)


def find(store: Store, name: str) -> UserRecord:
    user = store.users.by_name(name.strip().lower())
    if user is None:
        known = ", ".join(u.name for u in store.users.list()) or "none yet"
        raise UserError(f"no user {name!r} (users: {known})")
    return user


def new_link(store: Store, base_url: str, name: str) -> SignInLink:
    """A new one-time sign-in link for ``name``; any earlier link stops working."""
    user = find(store, name)
    token = new_token()
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=LINK_DAYS)
    store.users.set_token(user.id, token_hash(token), expires)
    return SignInLink(user, f"{base_url.rstrip('/')}/signin/{token}", expires)


def set_password(store: Store, name: str, password: str | None) -> UserRecord:
    """Set (or, with None, clear) a user's password: the sign-in form's alternative to links."""
    user = find(store, name)
    store.users.set_password(user.id, checked_hash(password) if password else None)
    return store.users.get(user.id)


def checked_hash(password: str) -> str:
    """The argon2 hash of an acceptable password (slow on purpose: off an event loop)."""
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")
    return hash_password(password)


def remove_user(store: Store, name: str) -> UserRecord:
    user = find(store, name)
    store.users.remove(user.id)
    return user


def check_settings(profile: dict[str, str], mail: dict[str, str]) -> None:
    """Refuse a user's setting that would only fail later, at sending time."""
    if profile.get("email") and not valid_email(profile["email"]):
        raise UserError(f"{profile['email']!r} is not a valid email address")
    try:
        if mail.get("smtp_url"):
            parse_smtp_url(mail["smtp_url"])
        if mail.get("timezone"):
            local_timezone(mail["timezone"])
    except CardfollowError as exc:
        raise UserError(str(exc)) from None
    if mail.get("send_at") and mail["send_at"] not in ("morning", "now"):
        raise UserError(f"send_at is morning or now, not {mail['send_at']!r}")
    morning = mail.get("morning")
    if morning and not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", morning):
        raise UserError(f"morning is a time HH:MM, not {morning!r}")


def shown_mail(key: str, value: str) -> str:
    """A mailbox setting as it may be printed: a password in the SMTP URL masked."""
    return mask(value) if key == "smtp_url" else value
