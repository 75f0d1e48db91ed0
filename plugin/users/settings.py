"""Each rep's own profile and mailbox, over the shared settings: a card is followed up in the
name, signature and mailbox of the rep who captured it. Cards of nobody (a single user's store)
use the settings as they are."""

from __future__ import annotations

import dataclasses
import shlex

from ..config import MailSettings, SendSettings
from ..models import Sender
from ..profile import ProfileIncomplete, missing, why_incomplete
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


def card_sending(store: Store, card: CardRecord, fallback: SendSettings) -> SendSettings:
    """The mailbox and profile a card's follow-up goes out with: its rep's, else the shared."""
    owner = card_owner(store, card)
    if owner is None:
        return fallback
    return SendSettings(user_mail(owner, fallback.mail), user_sender(owner, fallback.sender))


def why_card_unsigned(store: Store, card: CardRecord, fallback: Sender) -> str | None:
    """Why the card's follow-up cannot go in its sender's name, naming the rep whose profile
    lacks a name or address (and how to set it); None when it can."""
    owner = card_owner(store, card)
    if owner is None:
        return why_incomplete(fallback)
    gaps = missing(user_sender(owner, fallback))
    if not gaps:
        return None
    flags = " ".join(f"--{g} …" for g in gaps)
    return (
        f"{owner.name}'s profile needs a valid {' and '.join(gaps)} before their follow-up can "
        f"go: run `cardfollow user profile {shlex.quote(owner.name)} {flags}`"
    )


def require_card_signed(store: Store, card: CardRecord, fallback: Sender) -> Sender:
    """The card's sender, refusing (``ProfileIncomplete``, exit 2) when it is incomplete."""
    reason = why_card_unsigned(store, card, fallback)
    if reason:
        raise ProfileIncomplete(f"card {card.id}: {reason}")
    return card_sender(store, card, fallback)
