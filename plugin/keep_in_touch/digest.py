"""The weekly digest: who is due a check-in, each with the draft ready, and who comes up next.
Printed (plain text), or mailed to the user as text and HTML through their own mail server.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jinja2 import Environment

from ..config import CheckinSettings, MailSettings, TouchSettings
from ..mail.message import build_message, new_message_id
from ..mail.schedule import local_timezone
from ..mail.smtp_send import send_message
from ..models import Sender
from ..outbox.send import smtp_settings
from ..store import Store
from .checkins import CheckinError, prepare
from .due import DueContact, due
from .words import cadence_words, day, last_touch_words, overdue_words

COMING_DAYS = 7
# Autoescaped: names and drafts come from cards, and a card may carry hostile text.
_HTML = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string(
    """<!doctype html>
<html><body style="font-family: sans-serif; line-height: 1.4; max-width: 42em">
<h1 style="font-size: 1.3em">{{ title }}</h1>
{% if not people %}<p>Nobody is due a check-in this week.</p>{% endif %}
{% for p in people %}
<div style="border-top: 1px solid #ccc; padding: .6em 0">
<p><strong>{{ p.name or p.email or "Contact " ~ p.contact_id }}</strong>
{% if p.company %} · {{ p.company }}{% endif %}{% if p.email %} · {{ p.email }}{% endif %}<br>
<small>{{ p.cadence_text }} · {{ p.last_text }} · {{ p.due_text }}</small></p>
{% if p.checkin %}
<p style="margin-left: 1em"><em>{{ p.checkin.subject }}</em></p>
<pre style="margin-left: 1em; white-space: pre-wrap; font-family: inherit">
{{- p.checkin.body }}</pre>
<p style="margin-left: 1em"><small>{{ p.approve_hint }}</small></p>
{% endif %}
</div>
{% endfor %}
{% if coming %}
<h2 style="font-size: 1.1em">Coming up</h2>
<ul>{% for p in coming %}
<li>{{ p.name or p.email or p.contact_id }}: {{ p.due_text }}</li>
{% endfor %}</ul>
{% endif %}
<p><small>cardfollow · <code>cardfollow due</code> lists them; the review page's Due view
edits and approves the check-ins.</small></p>
</body></html>
"""
)


@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    html: str
    due: int


def build(
    people: list[DueContact], coming: list[DueContact], today: dt.date, zone: dt.tzinfo = dt.UTC
) -> Digest:
    """``people``: due now, each with its check-in (``checkins.prepare``); ``coming``: due
    within the week."""
    title = (
        f"{len(people)} contact{'s' if len(people) != 1 else ''} due a check-in"
        f" (week of {today:%d %b %Y})"
    )
    rows = [_row(p, today, zone) for p in people]
    later = [_row(p, today, zone) for p in coming]
    lines = [title, "=" * len(title), ""]
    if not rows:
        lines.append("Nobody is due a check-in this week.")
    for row in rows:
        lines.append(f"* {row['name'] or row['email'] or 'Contact ' + str(row['contact_id'])}"
                     + (f", {row['company']}" if row["company"] else "")
                     + (f" <{row['email']}>" if row["email"] else ""))  # fmt: skip
        lines.append(f"  {row['cadence_text']}; {row['last_text']}; {row['due_text']}")
        if row["checkin"] is not None:
            lines.append(f"  Subject: {row['checkin'].subject}")
            lines += ["  | " + line for line in row["checkin"].body.splitlines()]
            lines.append(f"  {row['approve_hint']}")
        lines.append("")
    if later:
        lines.append("Coming up:")
        lines += [f"* {r['name'] or r['email'] or r['contact_id']}: {r['due_text']}" for r in later]
    html = _HTML.render(title=title, people=rows, coming=later)
    return Digest(title, "\n".join(lines).rstrip() + "\n", html, len(rows))


def weekly(store: Store, settings: CheckinSettings, today: dt.date) -> Digest:
    """The digest as of ``today``: drafts are prepared for everyone due."""
    people, coming = due_and_coming(store, settings, today)
    return build(people, coming, today, local_timezone(settings.mail.timezone))


def due_and_coming(
    store: Store, settings: CheckinSettings, today: dt.date
) -> tuple[list[DueContact], list[DueContact]]:
    """Who is due now, each with a check-in draft ready, and who comes up within the week."""
    people = prepare(store, settings, today)
    now_ids = {p.contact_id for p in people}
    coming = [
        p
        for p in due(store, settings.touch, settings.mail, today, COMING_DAYS)
        if p.contact_id not in now_ids
    ]
    return people, coming


def mail(
    digest: Digest,
    smtp: MailSettings,
    sender: Sender,
    touch: TouchSettings,
    to: str | None = None,
) -> str:
    """Send the digest to the user (``to``, else ``touch.digest_to``, else their own
    address); returns the address it went to."""
    address = to or touch.digest_to or sender.email
    if not address:
        raise CheckinError(
            "where should the digest go? set CARDFOLLOW_DIGEST_TO or your profile email "
            "(CARDFOLLOW_PROFILE_EMAIL), or pass --to"
        )
    message = build_message(
        subject=digest.subject,
        text=digest.text,
        html=digest.html,
        sender=sender,
        to_name=sender.name,
        to_email=address,
        message_id=new_message_id(sender.email or "cardfollow.invalid"),
    )
    send_message(smtp_settings(smtp), message)
    return address


def _row(p: DueContact, today: dt.date, zone: dt.tzinfo) -> dict[str, object]:
    return {
        "contact_id": p.contact_id,
        "name": p.name,
        "email": p.email,
        "company": p.company,
        "cadence_text": cadence_words(p.cadence),
        "last_text": last_touch_words(p, zone),
        "due_text": f"due {day(p.due_on)}, {overdue_words(p, today)}" if p.due_on else "",
        "checkin": p.checkin,
        "approve_hint": (
            f"cardfollow checkin {p.contact_id} --approve "
            "(or edit it in the review page's Due view)"
        ),
    }
