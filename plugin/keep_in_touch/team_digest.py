"""The weekly digest on a store with users: each rep gets their own, the contacts they met (as
their Due view shows them), mailed to their address from their own mailbox and profile. Contacts
no rep met (cards from before there were users) go to the shared address, as without users."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ocr.errors import CardfollowError

from ..config import CheckinSettings, MailSettings, TouchSettings
from ..mail.schedule import local_timezone
from ..models import Sender
from ..store import Store
from ..users.settings import user_mail, user_sender
from .digest import Digest, build, due_and_coming, mail
from .due import DueContact


@dataclass(frozen=True)
class RepDigest:
    rep: str | None  # None: the contacts no rep met, for the shared address
    digest: Digest
    mail: MailSettings  # the mailbox it goes through
    sender: Sender  # whom it comes from
    to: str | None  # None: the shared digest's address (touch.digest_to, else the profile's)


@dataclass(frozen=True)
class Delivery:
    rep: str | None
    due: int
    address: str | None  # None: not sent (``problem`` says why, or nothing was due)
    problem: str | None = None


def per_rep(
    store: Store, settings: CheckinSettings, sender: Sender, today: dt.date
) -> list[RepDigest]:
    """One digest per rep with anyone due or coming up; a rep with no one gets none."""
    people, coming = due_and_coming(store, settings, today)
    digests: list[RepDigest] = []
    met_by_someone: set[int] = set()
    for user in store.users.list():
        met = {c.contact_id for c in store.cards.list(user_id=user.id) if c.contact_id}
        met_by_someone |= met
        own_mail = user_mail(user, settings.mail)
        own_sender = user_sender(user, sender)
        digest = _for(people, coming, met, today, own_mail)
        if digest is not None:
            digests.append(RepDigest(user.name, digest, own_mail, own_sender, own_sender.email))
    everyone = {p.contact_id for p in (*people, *coming)}
    digest = _for(people, coming, everyone - met_by_someone, today, settings.mail)
    if digest is not None:
        digests.append(RepDigest(None, digest, settings.mail, sender, None))
    return digests


def mail_each(digests: list[RepDigest], touch: TouchSettings) -> list[Delivery]:
    """Mail every digest; one that cannot go (no mail server, no address) is reported and the
    others still go."""
    sent = []
    for item in digests:
        try:
            address = mail(item.digest, item.mail, item.sender, touch, item.to)
        except CardfollowError as exc:
            sent.append(Delivery(item.rep, item.digest.due, None, str(exc)))
            continue
        sent.append(Delivery(item.rep, item.digest.due, address))
    return sent


def _for(
    people: list[DueContact],
    coming: list[DueContact],
    contacts: set[int],
    today: dt.date,
    mail_settings: MailSettings,
) -> Digest | None:
    own = [p for p in people if p.contact_id in contacts]
    soon = [p for p in coming if p.contact_id in contacts]
    if not own and not soon:
        return None
    return build(own, soon, today, local_timezone(mail_settings.timezone))
