"""Who is due a touch: every contact you followed up, with its cadence, the last time you were in
touch, and when the next touch is due. Most overdue first.

The timer starts at the last touch of any kind (a skipped check-in counts: "not this time");
a contact never touched yet counts from the day you met.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..config import MailSettings, TouchSettings
from ..mail.schedule import local_timezone
from ..store import OPEN_CHECKIN_STATES, CardRecord, CardState, CheckinRecord, Store, Touch
from ..store.touches import TouchKind
from .cadence import Cadence, add_months, normalise_tag, parse_tiers, resolve

# A card in one of these states means the user chose to follow this person up.
FOLLOWED_UP = (CardState.APPROVED, CardState.PUSHED, CardState.SENT)


@dataclass(frozen=True)
class DueContact:
    contact_id: int
    name: str | None
    email: str | None
    company: str | None
    cadence: Cadence
    tags: list[str]
    last_touch: Touch | None  # the last real interaction (a skip is not one)
    since: dt.date  # the timer's start
    due_on: dt.date | None  # None: cadence "none"
    card: CardRecord  # the contact's latest followed-up card: its event, its photo
    checkin: CheckinRecord | None  # the open check-in draft, if any

    def days_overdue(self, today: dt.date) -> int:
        return (today - self.due_on).days if self.due_on else 0

    def is_due(self, today: dt.date, within_days: int = 0) -> bool:
        return self.due_on is not None and self.due_on <= today + dt.timedelta(within_days)


def today_for(mail: MailSettings, now: dt.datetime | None = None) -> dt.date:
    """The user's date (their time zone), which decides what "due today" means."""
    now = now or dt.datetime.now(dt.UTC)
    return now.astimezone(local_timezone(mail.timezone)).date()


def relationships(store: Store, touch: TouchSettings, mail: MailSettings) -> list[DueContact]:
    """Everyone kept in touch with, whatever their cadence (none included); ``mail``'s time
    zone says which calendar day a touch fell on."""
    tiers = parse_tiers(touch.tiers)
    default = touch.cadence
    zone = local_timezone(mail.timezone)
    own = store.relationships.all()
    touches = store.touches.latest()
    open_checkins = {c.contact_id: c for c in store.checkins.list(OPEN_CHECKIN_STATES)}
    latest_card: dict[int, CardRecord] = {}
    for card in store.cards.list(FOLLOWED_UP):
        if card.contact_id is not None:
            latest_card[card.contact_id] = card  # ordered by id: the last one wins
    found: list[DueContact] = []
    for contact_id, card in latest_card.items():
        rel = own.get(contact_id)
        tags = [normalise_tag(t) for t in (rel.tags if rel else [])]
        event = store.events.get(card.event_id)
        cadence = resolve(
            rel.cadence if rel else None,
            tags,
            tiers,
            (event.name, event.cadence) if event else None,
            default,
        )
        history = touches.get(contact_id, [])
        real = next((t for t in history if t.kind != TouchKind.SNOOZED), None)
        since = history[0].at.astimezone(zone).date() if history else card.met_on(event, zone)
        months = cadence.months
        fields = store.contacts.get(contact_id).fields
        emails = fields.get("emails") or []
        found.append(
            DueContact(
                contact_id=contact_id,
                name=fields.get("full_name"),
                email=emails[0] if emails else None,
                company=fields.get("company"),
                cadence=cadence,
                tags=tags,
                last_touch=real,
                since=since,
                due_on=add_months(since, months) if months else None,
                card=card,
                checkin=open_checkins.get(contact_id),
            )
        )
    return found


def due(
    store: Store,
    touch: TouchSettings,
    mail: MailSettings,
    today: dt.date,
    within_days: int = 0,
) -> list[DueContact]:
    """Those due by ``today`` (+ ``within_days``), most overdue first."""
    people = [p for p in relationships(store, touch, mail) if p.is_due(today, within_days)]
    return sorted(people, key=lambda p: (p.due_on, (p.name or "").lower(), p.contact_id))
