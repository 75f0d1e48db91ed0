"""Each rep's own profile and mailbox, over the shared settings: a card is followed up in the
name, signature and mailbox of the rep who captured it. Cards of nobody (a single user's store)
use the settings as they are."""

from __future__ import annotations

import dataclasses

from ..config import MailSettings
from ..models import Sender
from ..store import CardRecord, Store, UserRecord

PROFILE_KEYS = tuple(f.name for f in dataclasses.fields(Sender))
MAIL_KEYS = ("smtp_url", "send_at", "morning", "timezone")


def user_sender(user: UserRecord, fallback: Sender) -> Sender:
    """The user's profile; their account's email is their sender address unless the profile
    names another, and nothing of another person's (the settings') profile is borrowed but
    the company."""
    own = {k: v for k, v in user.profile.items() if k in PROFILE_KEYS and v}
    return Sender(
        name=own.get("name") or user.name,
        title=own.get("title"),
        company=own.get("company") or fallback.company,
        email=own.get("email") or user.email,
        phone=own.get("phone"),
        signature=own.get("signature"),
    )


def user_mail(user: UserRecord, fallback: MailSettings) -> MailSettings:
    """The user's mailbox settings, each one falling back to the shared setting."""
    own = {k: v for k, v in user.mail.items() if k in MAIL_KEYS and v}
    return dataclasses.replace(fallback, **own)


def card_owner(store: Store, card: CardRecord) -> UserRecord | None:
    return store.users.get(card.user_id) if card.user_id is not None else None


def card_sender(store: Store, card: CardRecord, fallback: Sender) -> Sender:
    owner = card_owner(store, card)
    return fallback if owner is None else user_sender(owner, fallback)


def card_mail(store: Store, card: CardRecord, fallback: MailSettings) -> MailSettings:
    owner = card_owner(store, card)
    return fallback if owner is None else user_mail(owner, fallback)
