"""Keep-in-touch facts in words, the same on the command line, in the digest and on the page:
"quarterly · tag vip", "meeting in HubSpot, 3 Nov 2026", "12 days overdue"."""

from __future__ import annotations

import datetime as dt

from ..crm.registry import CRMS
from ..store import Touch
from ..store.touches import TouchKind
from .cadence import Cadence
from .due import DueContact

_TOUCH_WORDS = {
    TouchKind.FOLLOWUP: "follow-up sent",
    TouchKind.CHECKIN: "check-in sent",
    TouchKind.EMAIL: "email",
    TouchKind.MEETING: "meeting",
    TouchKind.CALL: "call",
    TouchKind.MANUAL: "in touch",
}


def day(value: dt.date) -> str:
    return f"{value.day} {value:%b %Y}"


def cadence_words(cadence: Cadence) -> str:
    """ "quarterly · tag vip", "monthly · set for them", "twice a year · event Web Summit"."""
    kind, _, what = cadence.source.partition(":")
    where = {"contact": "set for them", "default": "default"}.get(kind, f"{kind} {what}".strip())
    return f"{cadence.name.replace('-', ' ')} · {where}"


def touch_words(touch: Touch) -> str:
    """ "email in HubSpot", "follow-up sent", "in touch: coffee in Berlin"."""
    words = _TOUCH_WORDS.get(touch.kind, touch.kind)
    crm = (touch.source or "").partition(":")[0]
    if touch.kind in (TouchKind.EMAIL, TouchKind.MEETING, TouchKind.CALL) and crm in CRMS:
        words = f"{words} in {CRMS[crm].display_name}"
    if touch.kind == TouchKind.MANUAL and touch.note:
        words = f"{words}: {touch.note}"
    return words


def last_touch_words(person: DueContact, zone: dt.tzinfo) -> str:
    """The last real interaction and its day; or "never since you met on …"."""
    touch = person.last_touch
    if touch is None:
        return f"never since you met on {day(person.since)}"
    return f"{touch_words(touch)}, {day(touch.at.astimezone(zone).date())}"


def overdue_words(person: DueContact, today: dt.date) -> str:
    days = person.days_overdue(today)
    if days > 0:
        return f"{days} day{'s' if days != 1 else ''} overdue"
    if days == 0:
        return "due today"
    return "tomorrow" if days == -1 else f"in {-days} days"
