"""The CRM adapter interface: what ``cardfollow push`` asks of a CRM.

An adapter gets plain data (one ``PushCard`` per approved card, in batches) and answers with
plain data; the outbox runner (``plugin/outbox/push.py``) owns the store and the retries across
runs. So a second CRM (Salesforce, Pipedrive) is one new package implementing ``CrmAdapter``
and exposing a ``CrmEntry`` (its settings and factory), plus a line in ``plugin/crm/registry.py``.

Crash safety is shared: an adapter calls ``progress.save(card_id, {...})`` the moment a CRM
has answered (an id it gave, a step begun), and reads ``card.progress`` back when a push is
resumed, so nothing is created twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ocr.errors import CardfollowError, ExitCode

from ..models import ContactDict, EventInfo

if TYPE_CHECKING:
    from ..config import Config
    from ..options import Option
    from ..store import Store


@dataclass(frozen=True)
class PushCard:
    """One approved card, as a CRM needs it."""

    card_id: int
    contact_id: int  # ours; cards of one person share it
    fields: ContactDict
    flagged: tuple[str, ...] = ()
    event: EventInfo | None = None
    met_on: dt.date | None = None
    note: str | None = None  # the user's own note
    photo: Path | None = None  # the straightened card image (else the photo as taken)
    photo_sha256: str = ""
    progress: dict[str, Any] = field(default_factory=dict)  # what an earlier try recorded
    update_only: bool = False  # a correction after the push: the contact only, no new note


@dataclass(frozen=True)
class FollowUp:
    """An approved follow-up: sent by cardfollow (to be logged), or handed to the CRM as a task
    in "send from the CRM" mode."""

    card_id: int
    contact_id: int
    subject: str
    text: str
    html: str | None
    to_email: str
    to_name: str | None
    from_email: str | None
    from_name: str | None
    at: dt.datetime  # when it was sent, or when it is due
    message_id: str | None = None
    progress: dict[str, Any] = field(default_factory=dict)
    kind: str = "follow-up"  # or "check-in" (keep in touch)


@dataclass(frozen=True)
class Outcome:
    """How one card's push (or one follow-up's log or task) went."""

    card_id: int
    ok: bool
    ids: dict[str, str] = field(default_factory=dict)  # what the CRM calls what we made
    error: str | None = None
    retry: bool = False  # passing trouble (outage, not yet possible): try again later
    wait: bool = False  # not possible yet (e.g. the contact is not pushed): no error
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Interaction:
    """Something that happened between the user and a contact, as the CRM logged it: what
    resets the keep-in-touch timer."""

    remote_contact_id: str  # the CRM's id of the contact
    kind: str  # "email" | "meeting" | "call"
    at: dt.datetime  # when it happened (aware, UTC)
    key: str  # the CRM's own id for it, unique within the CRM, e.g. "emails:123"
    summary: str = ""  # its subject or title, for the user's eyes


class Progress(Protocol):
    def save(self, card_id: int, progress: dict[str, Any]) -> None:
        """Record a card's progress now (merged into what was there)."""


class CrmStopped(CardfollowError):
    """The CRM can take nothing more this run (daily limit, credentials, scopes): stop, keep
    the rest queued, and say why."""

    exit_code = ExitCode.some_failed


class CrmConfigError(CardfollowError):
    """The CRM's settings cannot work (no credentials, a version it does not know)."""

    exit_code = ExitCode.usage


class CrmAdapter(Protocol):
    name: str  # "local", "hubspot": also the key of its remote ids in the store
    batch_size: int

    def describe(self) -> str:
        """Where pushes go, for messages ("HubSpot at https://api.hubapi.com")."""

    def sends_mail(self) -> bool:
        """Whether cardfollow mails approved follow-ups itself (else they become CRM tasks)."""

    def push(self, cards: Sequence[PushCard], progress: Progress) -> list[Outcome]:
        """Upsert the contacts (no duplicates), their companies, photos and notes."""

    def log_email(self, mail: FollowUp, progress: Progress) -> Outcome:
        """Record a follow-up that was really sent on the contact's timeline."""

    def create_task(self, mail: FollowUp, progress: Progress) -> Outcome:
        """Hand a follow-up to the CRM as a task holding the draft ("send from the CRM")."""

    def plan(self, card: PushCard) -> dict[str, Any]:
        """What a push of this card would write, without writing (``push --dry-run``)."""

    def contact_emails(self, remote_id: str) -> list[str]:
        """The email addresses the CRM holds for one of its contacts (none if it has no such
        contact): how the sidebar finds the card of a contact cardfollow never pushed."""

    def interactions(
        self,
        remote_contact_ids: Sequence[str],
        *,
        known: Container[str] = (),
        now: dt.datetime | None = None,
    ) -> list[Interaction]:
        """Emails, meetings and calls logged on these contacts that happened by ``now``; those
        whose ``key`` is in ``known`` are already recorded and need not be read again."""


@dataclass(frozen=True)
class CrmEntry:
    """A CRM as the registry knows it: everything outside its package asks this, by name."""

    name: str  # the ``crm`` setting's value, and the key of its remote ids in the store
    display_name: str  # as a sentence names it: "Add the contact to {display_name}"
    options: tuple[Option, ...]  # its own settings, read and shown like every other
    make: Callable[[Config, Store], CrmAdapter]
