"""The Due view (keep in touch): who is due a check-in, most overdue first, each with its draft to
edit, draft again, approve or skip; "in touch already"; a contact's own cadence. Also the count of
due contacts that every page's header shows.

All decisions go through ``plugin.keep_in_touch``, as on the command line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ocr.errors import CardfollowError

from ..config import CheckinSettings
from ..drafts.catalogue import list_templates
from ..drafts.text import subject_line
from ..keep_in_touch import checkins, touches
from ..keep_in_touch.cadence import CADENCES, CadenceError, parse_cadence
from ..keep_in_touch.due import DueContact, due, relationships, today_for
from ..keep_in_touch.words import cadence_words, day, last_touch_words, overdue_words
from ..mail.schedule import local_timezone
from ..store import CheckinRecord, CheckinState, Relationship, Store
from . import flash
from .context import Web, web
from .editing import clean_text
from .live import store_version
from .outbox_view import when
from .queue import visible_contacts
from .render import Pages
from .signin import current_user

COMING_UP_DAYS = 14
CHECKIN_PREFIX = "check-in"  # the templates offered for a check-in
DEFAULT_CADENCE = "default"  # the select's value for "no cadence of their own"
CADENCE_CHOICES = tuple((name, name.replace("-", " ")) for name in CADENCES)


@dataclass(frozen=True)
class DueRow:
    """One contact as the page shows it, in words."""

    person: DueContact
    cadence: str  # "quarterly · tag vip"
    last_touch: str  # "email in HubSpot, 12 Aug 2026"
    due_on: str  # "9 Oct 2026"
    overdue: str  # "44 days overdue", "due today", "in 3 days"
    own_cadence: str  # the cadence select's value: a cadence's name or DEFAULT_CADENCE
    goes_out: str | None  # an approved check-in: when it goes

    @property
    def checkin(self) -> CheckinRecord | None:
        return self.person.checkin


def routes(pages: Pages) -> list[Route]:
    """The Due view's routes. Every page's header shows how many are due, so the helper that
    counts them joins the page templates' globals here, with the routes that need it."""
    pages.env.globals["due_count"] = header_count
    contact = "/due/{contact_id:id}"
    return [
        Route("/due", due_page, name="due"),
        Route(f"{contact}/save", save, methods=["POST"]),
        Route(f"{contact}/redraft", redraft, methods=["POST"]),
        Route(f"{contact}/approve", approve, methods=["POST"]),
        Route(f"{contact}/skip", skip, methods=["POST"]),
        Route(f"{contact}/touched", touched, methods=["POST"]),
        Route(f"{contact}/cadence", cadence, methods=["POST"]),
    ]


def header_count(request: Request) -> int | None:
    """How many contacts are due today; None when that cannot be told (a setting to fix, which
    the Due page itself reports): the header must never break the page under it."""
    w = web(request)
    try:
        today = today_for(w.checkins.mail)
        viewer = current_user(request)
        # Asked on every page: counted again only once the store (or the date, or who asks)
        # changed.
        key = (store_version(w.store), today, viewer.id if viewer else None)
        cached = getattr(request.app.state, "due_count", None)
        if cached is None or cached[0] != key:
            people = due(w.store, w.checkins.touch, w.checkins.mail, today)
            cached = request.app.state.due_count = (key, len(_theirs(w, request)(people)))
        count: int = cached[1]
        return count
    except (CardfollowError, CadenceError):
        return None


# -- the page ---------------------------------------------------------------------------------


async def due_page(request: Request) -> Response:
    w = web(request)
    try:
        return w.pages.page(request, "due.html", _page_context(w, request))
    except (CardfollowError, CadenceError) as exc:  # touch.tiers or mail.timezone to fix
        return w.pages.page(request, "error.html", {"status": 500, "detail": str(exc)}, 500)


def _theirs(w: Web, request: Request) -> Callable[[list[DueContact]], list[DueContact]]:
    """A filter keeping the contacts the signed-in rep met (all of them for an admin)."""
    mine = visible_contacts(w.store, current_user(request))
    return lambda people: people if mine is None else [p for p in people if p.contact_id in mine]


def _page_context(w: Web, request: Request) -> dict[str, Any]:
    store, settings = w.store, w.checkins
    today = today_for(settings.mail)
    zone = _zone(settings)
    theirs = _theirs(w, request)
    people = theirs(checkins.prepare(store, settings, today))  # drafts what is missing
    shown = {p.contact_id for p in people}
    soon = [
        p
        for p in theirs(due(store, settings.touch, settings.mail, today, COMING_UP_DAYS))
        if p.contact_id not in shown
    ]
    upcoming = None  # for "Nobody is due. Next: …"
    if not people:
        later = soon or [
            p
            for p in theirs(relationships(store, settings.touch, settings.mail))
            if p.due_on and p.due_on > today
        ]
        upcoming = min(later, key=lambda p: (p.due_on or today, p.contact_id), default=None)
    own = store.relationships.all()
    return {
        "rows": [_row(store, p, today, zone, own.get(p.contact_id)) for p in people],
        "due_total": len(people),  # the header's count, known here already
        "soon": [_row(store, p, today, zone, own.get(p.contact_id)) for p in soon],
        "upcoming": upcoming,
        "upcoming_on": day(upcoming.due_on) if upcoming and upcoming.due_on else "",
        "templates": _templates(settings),
        "cadences": CADENCE_CHOICES,
        "default_cadence": DEFAULT_CADENCE,
        "coming_up_days": COMING_UP_DAYS,
    }


def _row(
    store: Store, person: DueContact, today: dt.date, zone: dt.tzinfo, own: Relationship | None
) -> DueRow:
    goes_out = None
    if person.checkin is not None and person.checkin.state == CheckinState.APPROVED:
        item = store.outbox.checkin(person.checkin.id)
        goes_out = when(item.due_at, zone) if item and item.due_at else "with the next send"
    return DueRow(
        person=person,
        cadence=cadence_words(person.cadence),
        last_touch=last_touch_words(person, zone),
        due_on=day(person.due_on) if person.due_on else "",
        overdue=overdue_words(person, today),
        own_cadence=(own.cadence if own and own.cadence else DEFAULT_CADENCE),
        goes_out=goes_out,
    )


def _zone(settings: CheckinSettings) -> dt.tzinfo:
    return local_timezone(settings.mail.timezone)


def _templates(settings: CheckinSettings) -> list[tuple[str, str]]:
    """(name, description) of the check-in templates, and the configured one whatever its name."""
    chosen = settings.touch.template
    return [
        (t.name, t.description)
        for t in list_templates(settings.drafts.templates)
        if t.name.startswith(CHECKIN_PREFIX) or t.name == chosen
    ]


# -- the actions --------------------------------------------------------------------------------


def _person(w: Web, request: Request) -> DueContact:
    try:
        person = checkins.find(w.store, w.checkins, int(request.path_params["contact_id"]))
    except checkins.CheckinError:
        raise HTTPException(404, "no such contact kept in touch") from None
    if not _theirs(w, request)([person]):  # another rep's contact
        raise HTTPException(404, "no such contact kept in touch")
    return person


async def _form(request: Request) -> dict[str, str]:
    form: FormData = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _name(person: DueContact) -> str:
    return person.name or person.email or f"contact {person.contact_id}"


def _redirect(messages: list[tuple[str, str]], anchor: int | None = None) -> Response:
    # Back to the row acted on (or the one that took its place), not to the top of a long list.
    response = RedirectResponse(f"/due#due-{anchor}" if anchor else "/due", status_code=303)
    flash.add(response, messages)
    return response


def _open_checkin(person: DueContact, values: dict[str, str]) -> CheckinRecord:
    """The check-in the form was about; not another one drafted since the page was drawn."""
    checkin = person.checkin
    if checkin is None:
        raise checkins.CheckinError(f"no check-in is open for {_name(person)}: reload the page")
    if values.get("checkin", str(checkin.id)) != str(checkin.id):
        raise checkins.CheckinError(
            f"the check-in to {_name(person)} changed since the page was shown: here it is now"
        )
    return checkin


def _save_words(store: Store, checkin: CheckinRecord, values: dict[str, str]) -> bool:
    """The user's subject and text, when the form carries them and they differ; whether saved."""
    if "subject" not in values or "body" not in values:
        return False
    subject, body = subject_line(values["subject"]), clean_text(values["body"])
    if (subject, body) == (subject_line(checkin.subject), clean_text(checkin.body)):
        return False
    checkins.edit(store, checkin.id, subject, body)
    return True


def _next_due(w: Web, person: DueContact) -> str:
    after = checkins.find(w.store, w.checkins, person.contact_id)
    return f"next check-in due {day(after.due_on)}" if after.due_on else "no more check-ins"


def _after(w: Web, contact_id: int) -> int | None:
    """The row to show once this one leaves the list: the next, else the previous."""
    ids = [
        p.contact_id
        for p in due(w.store, w.checkins.touch, w.checkins.mail, today_for(w.checkins.mail))
    ]
    if contact_id not in ids:
        return None
    i = ids.index(contact_id)
    return ids[i + 1] if i + 1 < len(ids) else (ids[i - 1] if i else None)


# (flash messages, the row to show) after an action on one contact.
Outcome = tuple[list[tuple[str, str]], int | None]
Action = Callable[[Web, DueContact, dict[str, str]], Outcome]


async def _act(request: Request, action: Action) -> Response:
    """Run one action on a contact; its messages (or the error the user should read) go back to
    the Due page as a flash."""
    w = web(request)
    person = _person(w, request)
    values = await _form(request)
    try:
        messages, anchor = action(w, person, values)
    except (CardfollowError, CadenceError) as exc:  # CheckinError, StoreError: for the user
        return _redirect([("error", str(exc))], person.contact_id)
    return _redirect(messages, anchor)


def _save(w: Web, person: DueContact, values: dict[str, str]) -> Outcome:
    checkin = _open_checkin(person, values)
    if checkin.state != CheckinState.DRAFTED:
        raise checkins.CheckinError(f"the check-in to {_name(person)} is {checkin.state} already")
    saved = _save_words(w.store, checkin, values)
    text = f"Saved the check-in to {_name(person)}" if saved else "Nothing to save"
    return [("ok", text)], person.contact_id


def _redraft(w: Web, person: DueContact, values: dict[str, str]) -> Outcome:
    checkin = person.checkin
    if checkin is not None and checkin.state != CheckinState.DRAFTED:
        raise checkins.CheckinError(
            f"the check-in to {_name(person)} is {checkin.state}: skip it first to change it"
        )
    template = values.get("template", "").strip() or w.checkins.touch.template
    if template not in dict(_templates(w.checkins)):
        raise checkins.CheckinError(f"unknown check-in template {template!r}")
    note = clean_text(values.get("note", ""))
    checkins.draft(w.store, w.checkins, person, template=template, note=note)
    text = f"Drafted the check-in to {_name(person)} again ({template})"
    return [("ok", text)], person.contact_id


def _approve(w: Web, person: DueContact, values: dict[str, str]) -> Outcome:
    checkin = _open_checkin(person, values)
    if checkin.state == CheckinState.DRAFTED:
        _save_words(w.store, checkin, values)  # what the user sees is what goes
    goes = checkins.approve(w.store, w.checkins, checkin.id)
    w.approved()  # a team store: the workers send it when due, not at their next minute
    goes_out = when(goes.isoformat(), _zone(w.checkins))
    text = f"Approved the check-in to {_name(person)}: goes out {goes_out}"
    return [("ok", text)], person.contact_id


def _skip(w: Web, person: DueContact, values: dict[str, str]) -> Outcome:
    checkin = _open_checkin(person, values)
    following = _after(w, person.contact_id)
    checkins.skip(w.store, checkin.id)
    return [("ok", f"Skipped {_name(person)} this time: {_next_due(w, person)}")], following


def _touched(w: Web, person: DueContact, values: dict[str, str]) -> Outcome:
    following = _after(w, person.contact_id)
    touches.touched(w.store, person.contact_id, note=clean_text(values.get("note", "")) or None)
    messages = [("ok", f"In touch with {_name(person)}: {_next_due(w, person)}")]
    if person.checkin is not None and person.checkin.state == CheckinState.APPROVED:
        messages.append(("warn", "the approved check-in still goes out: skip it if it should not"))
    return messages, following


def _cadence(w: Web, person: DueContact, values: dict[str, str]) -> Outcome:
    chosen = values.get("cadence", "").strip()
    own = None if chosen == DEFAULT_CADENCE else parse_cadence(chosen)
    current = w.store.relationships.get(person.contact_id)
    w.store.relationships.save(Relationship(person.contact_id, own, current.tags))
    after = checkins.find(w.store, w.checkins, person.contact_id)
    text = f"{_name(person)}: {cadence_words(after.cadence)}, {_next_due(w, person)}"
    return [("ok", text)], person.contact_id


async def save(request: Request) -> Response:
    return await _act(request, _save)


async def redraft(request: Request) -> Response:
    return await _act(request, _redraft)


async def approve(request: Request) -> Response:
    return await _act(request, _approve)


async def skip(request: Request) -> Response:
    return await _act(request, _skip)


async def touched(request: Request) -> Response:
    return await _act(request, _touched)


async def cadence(request: Request) -> Response:
    return await _act(request, _cadence)
