"""Check-in drafts for the contacts who are due, and their approval: an approved check-in goes
through the same outbox and mail path as a follow-up (``cardfollow send``, logged to the CRM by
``cardfollow push``), due at the usual send time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ocr.errors import CardfollowError, ExitCode

from ..config import CheckinSettings
from ..drafts import DraftInput, render_draft
from ..models import Draft
from ..outbox.send_time import due_at
from ..store import (
    OPEN_CHECKIN_STATES,
    CheckinRecord,
    CheckinState,
    HistoryStep,
    OutboxState,
    Store,
)
from ..store.touches import TouchKind
from .due import DueContact, due, relationships


class CheckinError(CardfollowError):
    exit_code = ExitCode.usage


def prepare(store: Store, settings: CheckinSettings, today: dt.date) -> list[DueContact]:
    """Who is due, each with a check-in draft ready (drafted now where there was none). A
    draft whose contact is no longer due (they were in touch meanwhile) is withdrawn."""
    people = due(store, settings.touch, settings.mail, today)
    due_ids = {p.contact_id for p in people}
    for checkin in store.checkins.list((CheckinState.DRAFTED,)):
        if checkin.contact_id not in due_ids:
            store.checkins.move(checkin.id, CheckinState.SKIPPED, (CheckinState.DRAFTED,))
    ready: list[DueContact] = []
    for person in people:
        if person.checkin is None:
            checkin = draft(store, settings, person, today=today)
            person = _with(person, checkin)
        ready.append(person)
    return ready


def find(store: Store, settings: CheckinSettings, contact_id: int) -> DueContact:
    for person in relationships(store, settings.touch, settings.mail):
        if person.contact_id == contact_id:
            return person
    raise CheckinError(
        f"contact {contact_id} is not kept in touch with: no follow-up of theirs was approved"
    )


def draft(
    store: Store,
    settings: CheckinSettings,
    person: DueContact,
    *,
    template: str | None = None,
    note: str | None = None,
    today: dt.date | None = None,
) -> CheckinRecord:
    """The contact's open check-in, drafted (or drafted again with another template or note;
    words the user rewrote by hand are kept unless a template or note is asked for)."""
    current = store.checkins.open_for(person.contact_id)
    if current is not None and current.state == CheckinState.APPROVED:
        return current
    if current is not None and template is None and note is None:
        return current
    words = render(store, settings, person, template, note, today)
    if current is None:
        checkin_id = store.checkins.add(
            person.contact_id, person.card.id, person.due_on or dt.date.today(), words, note
        )
    else:
        checkin_id = current.id
        store.checkins.rewrite(checkin_id, words, edited=False, note=note)
    return store.checkins.get(checkin_id)


def render(
    store: Store,
    settings: CheckinSettings,
    person: DueContact,
    template: str | None = None,
    note: str | None = None,
    today: dt.date | None = None,
) -> Draft:
    card = person.card
    current = store.checkins.open_for(person.contact_id)
    event = store.events.get(card.event_id)
    inp = DraftInput(
        contact=store.contacts.get(person.contact_id).fields,
        sender=settings.drafts.sender,
        event=event,
        met_on=card.met_on(event),
        note=note if note is not None else (current.note if current else None),
        last_touch=person.last_touch.at.date() if person.last_touch else None,
        today=today,
        language=settings.drafts.language,
    )
    chosen = template or (current.template if current else None) or settings.touch.template
    # In the language the first follow-up went in: the card's own, else its event's.
    return render_draft(inp, chosen, settings.drafts.templates, card.language)


def edit(store: Store, checkin_id: int, subject: str, body: str) -> None:
    """The user's own words; kept until they ask for a template again."""
    current = store.checkins.get(checkin_id)
    if not subject.strip() or not body.strip():
        raise CheckinError("a check-in needs a subject and a text")
    if (current.subject, current.body) == (subject, body):
        return
    words = Draft(subject.strip(), body, None, current.template)
    store.checkins.rewrite(checkin_id, words, edited=True)


def approve(
    store: Store, settings: CheckinSettings, checkin_id: int, now: dt.datetime | None = None
) -> dt.datetime:
    """Queue the check-in's mail, due at the usual send time; returns when it goes."""
    now = now or dt.datetime.now(dt.UTC)
    with store.transaction():
        checkin = store.checkins.get(checkin_id)
        if not (store.contacts.get(checkin.contact_id).fields.get("emails") or []):
            raise CheckinError(f"contact {checkin.contact_id} has no email address")
        if checkin.state == CheckinState.APPROVED:
            item = store.outbox.checkin(checkin_id)
            if item and item.due_at:
                return dt.datetime.fromisoformat(item.due_at)
        store.checkins.move(checkin_id, CheckinState.APPROVED, (CheckinState.DRAFTED,))
        when = due_at(settings.mail, None, now)
        store.outbox.queue_checkin(checkin.card_id, checkin_id, when)
        store.cards.add_history(
            checkin.card_id, HistoryStep.CHECKIN_APPROVED, f"check-in {checkin_id}"
        )
        return when


def skip(store: Store, checkin_id: int, now: dt.datetime | None = None) -> None:
    """Not this time: the check-in is withdrawn and the timer starts again from now."""
    now = now or dt.datetime.now(dt.UTC)
    with store.transaction():
        checkin = store.checkins.get(checkin_id)
        if checkin.state == CheckinState.SKIPPED:
            return
        item = store.outbox.checkin(checkin_id)
        if item is not None and item.state != OutboxState.QUEUED:
            raise CheckinError(f"check-in {checkin_id} is {item.state} already: too late to skip")
        store.outbox.cancel_checkin(checkin_id)
        store.checkins.move(checkin_id, CheckinState.SKIPPED, OPEN_CHECKIN_STATES)
        store.touches.add(
            checkin.contact_id, now, TouchKind.SNOOZED, source=f"checkin-skip:{checkin_id}"
        )


def _with(person: DueContact, checkin: CheckinRecord) -> DueContact:
    return replace(person, checkin=checkin)
