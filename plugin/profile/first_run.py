"""``cardfollow init``'s work: your profile, mail server and CRM written into config.toml, their
secrets into the OS keyring, and a test message through the mail server to yourself.

Secrets never go into config.toml when a keyring can hold them: a password in the mail server's
URL is moved to the keyring entry ``smtp:USER@HOST`` (where the mail layer looks for it), the
CRM's token to ``<section>-<key>`` (``crm_secret``), where its package looks. On a machine
with no keyring a secret stays in config.toml, which only its owner can read, and the user is
told.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .. import secrets
from ..config import SendSettings
from ..crm.registry import CRMS
from ..mail import build_message, parse_smtp_url, send_message
from ..mail.smtp_url import SmtpSettings
from ..options import Option
from .complete import missing
from .config_file import update_config_file


@dataclass(frozen=True)
class Choices:
    """What the user gave ``init``; None leaves a setting as it is, "" clears it."""

    name: str | None = None
    email: str | None = None
    title: str | None = None
    company: str | None = None
    phone: str | None = None
    signature: str | None = None
    smtp_url: str | None = None
    crm: str | None = None
    crm_token: str | None = None  # the CRM's first secret setting (a token or key)


_PROFILE_KEYS = ("name", "email", "title", "company", "phone", "signature")


def save(choices: Choices, config_file: Path) -> list[str]:
    """Write the choices; returns notes for the user (where a secret went)."""
    notes: list[str] = []
    values: dict[str, str | None] = {}
    for key in _PROFILE_KEYS:
        value = getattr(choices, key)
        if value is not None:
            values[f"profile.{key}"] = value.strip() or None
    if choices.smtp_url is not None:
        url = choices.smtp_url.strip()
        if url:
            url, note = _password_to_keyring(url)
            notes += [note] if note else []
        values["mail.smtp_url"] = url or None
    if choices.crm is not None:
        values["crm"] = choices.crm
    secret = crm_secret(choices.crm) if choices.crm_token else None
    if secret is not None and choices.crm_token:
        token, name = choices.crm_token.strip(), keyring_entry(secret)
        secrets.store(name, token)
        if secrets.lookup(name) == token:
            notes.append(f"{secret.name} kept in the keyring (cardfollow / {name})")
        else:
            values[secret.name] = token
            notes.append(f"no keyring on this machine: {secret.name} is in {config_file}")
    update_config_file(config_file, values)
    return notes


def crm_secret(crm: str | None) -> Option | None:
    """The CRM's first secret setting (its token or key), which ``init`` asks for; None for a
    CRM that needs none (local)."""
    entry = CRMS.get(crm or "")
    return next((o for o in entry.options if o.secret), None) if entry else None


def keyring_entry(option: Option) -> str:
    """Where a CRM package looks for a secret setting in the keyring: ``hubspot.token`` ->
    ``hubspot-token``."""
    return f"{option.section}-{option.key.replace('_', '-')}"


def _password_to_keyring(url: str) -> tuple[str, str | None]:
    """The URL without its password, once the keyring holds it; the URL checked first."""
    settings = parse_smtp_url(url)  # MailConfigError for a URL the mail layer cannot use
    if not settings.password or not settings.username:
        return url, None
    name = settings.keyring_name
    assert name is not None
    secrets.store(name, settings.password)
    if secrets.lookup(name) != settings.password:
        return url, "no keyring on this machine: the mail password stays in config.toml"
    parts = urlsplit(url)
    userinfo, _, hostport = parts.netloc.rpartition("@")
    netloc = f"{userinfo.split(':', 1)[0]}@{hostport}"
    return urlunsplit(parts._replace(netloc=netloc)), f"mail password kept in the keyring ({name})"


def smtp_url(
    host: str, port: int, security: str, username: str | None, password: str | None
) -> str:
    """A ``mail.smtp_url`` from the parts ``init`` asks for, checked by the mail layer."""
    from urllib.parse import quote

    scheme = "smtps" if security == "ssl" else "smtp"
    userinfo = ""
    if username:
        userinfo = quote(username, safe="")
        if password:
            userinfo += ":" + quote(password, safe="")
        userinfo += "@"
    query = "?starttls=1" if security == "starttls" else ("?starttls=0" if scheme == "smtp" else "")
    url = f"{scheme}://{userinfo}{host}:{port}{query}"
    parse_smtp_url(url)
    return url


def test_message(sending: SendSettings, settings: SmtpSettings | None = None) -> str:
    """Send a short message from the profile's address to itself through the mail server, as a
    follow-up would go; returns what the server said. Raises the mail layer's errors."""
    sender = sending.sender
    if "email" in missing(sender):
        from .complete import ProfileIncomplete, why_incomplete

        raise ProfileIncomplete(why_incomplete(sender) or "your profile has no email")
    settings = settings or parse_smtp_url(
        sending.mail.smtp_url or "", password_lookup=secrets.lookup
    )
    message = build_message(
        subject="cardfollow: your mail server works",
        text=(
            f"This test message went from cardfollow through {settings.host}, the way your "
            "follow-ups will go. Replies to your follow-ups come back to this address.\n\n"
            "Nothing to do: you can delete it."
        ),
        html=None,
        sender=sender,
        to_name=sender.name,
        to_email=(sender.email or "").strip(),
        date=dt.datetime.now().astimezone(),
    )
    result = send_message(settings, message)
    return result.reply or "accepted"


def choice_names() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Choices))
