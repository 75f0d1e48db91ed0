"""What a card becomes in HubSpot: contact and company properties, the note, the email log and
the task. Pure functions of plain data, so ``push --dry-run`` shows exactly what a push sends.

The contact columns are the CSV export's (``plugin/export/hubspot_csv.py``), mapped from the
import labels to HubSpot's internal property names, so both ways into HubSpot agree.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from typing import Any

from ...contacts.duplicates import company_domain
from ...export.hubspot_csv import hubspot_row
from ...export.record import ExportRecord
from ..adapter import FollowUp, PushCard

LABEL_TO_PROPERTY = {
    "First Name": "firstname",
    "Last Name": "lastname",
    "Salutation": "salutation",
    "Email": "email",
    "Phone Number": "phone",
    "Mobile Phone Number": "mobilephone",
    "Fax Number": "fax",
    "Job Title": "jobtitle",
    "Company Name": "company",
    "Website URL": "website",
    "LinkedIn URL": "hs_linkedin_url",
    "Street Address": "address",
    "City": "city",
    "State/Region": "state",
    "Postal Code": "zip",
    "Country/Region": "country",
}

SOURCE = "business_card"
# Custom properties the adapter creates when missing. cardfollow_key (unique) makes creating a
# contact without an email idempotent; cardfollow_domain (unique) does the same for companies,
# since HubSpot does not keep company domains unique.
CONTACT_PROPERTIES: tuple[dict[str, Any], ...] = (
    {
        "name": "cardfollow_event",
        "label": "Met at event",
        "type": "string",
        "fieldType": "text",
        "description": "The event where the business card was collected (cardfollow).",
    },
    {
        "name": "cardfollow_met_on",
        "label": "Date met",
        "type": "date",
        "fieldType": "date",
        "description": "The day the business card was collected (cardfollow).",
    },
    {
        "name": "cardfollow_source",
        "label": "Contact source (cardfollow)",
        "type": "enumeration",
        "fieldType": "select",
        "options": [{"label": "Business card", "value": SOURCE, "displayOrder": 0}],
        "description": "How the contact came in.",
    },
    {
        "name": "cardfollow_key",
        "label": "cardfollow key",
        "type": "string",
        "fieldType": "text",
        "hasUniqueValue": True,
        "description": "cardfollow's own key for a contact without an email address.",
    },
)
COMPANY_PROPERTIES: tuple[dict[str, Any], ...] = (
    {
        "name": "cardfollow_domain",
        "label": "cardfollow domain",
        "type": "string",
        "fieldType": "text",
        "hasUniqueValue": True,
        "description": "The company's normalised domain, kept unique by cardfollow.",
    },
)
NOTE_LIMIT = 65_536


def export_record(card: PushCard) -> ExportRecord:
    return ExportRecord(
        card_id=card.card_id,
        contact=card.fields,
        event=card.event,
        met_on=card.met_on,
        note=card.note,
    )


def contact_properties(card: PushCard) -> dict[str, str]:
    """The contact's HubSpot properties; empty values are left out, so nothing in HubSpot is
    ever cleared by a card that lacks it."""
    row = hubspot_row(export_record(card))
    props = {
        LABEL_TO_PROPERTY[label]: value.strip()
        for label, value in row.items()
        if label in LABEL_TO_PROPERTY and value and value.strip()
    }
    if "email" in props:
        props["email"] = props["email"].lower()
    props["cardfollow_source"] = SOURCE
    if card.event is not None:
        props["cardfollow_event"] = card.event.name
    met = card.met_on or (card.event.date if card.event else None)
    if met is not None:
        props["cardfollow_met_on"] = met.isoformat()
    return props


def contact_email(card: PushCard) -> str | None:
    emails = [e.strip().lower() for e in card.fields.get("emails") or [] if e and e.strip()]
    return emails[0] if emails else None


def contact_key(card: PushCard) -> str:
    """A stable key for a contact created without an email: from its card's photo hash."""
    return f"cf-{card.photo_sha256[:24] or card.card_id}"


def company_properties(card: PushCard, domain: str) -> dict[str, str]:
    props = {"domain": domain, "cardfollow_domain": domain}
    name = (card.fields.get("company") or "").strip()
    props["name"] = name or domain
    website = (card.fields.get("website") or "").strip()
    if website:
        props["website"] = website
    return props


def card_domain(card: PushCard) -> str | None:
    return company_domain(card.fields)


def photo_name(card: PushCard) -> str:
    suffix = (card.photo.suffix.lower() if card.photo else "") or ".jpg"
    return f"card-{card.card_id}-{card.photo_sha256[:12] or 'photo'}{suffix}"


def note_marker(card_id: int) -> str:
    return f"cardfollow card {card_id}"


def note_body(card: PushCard) -> str:
    """The note on the contact's timeline: where and when you met, your note, the card."""
    esc = html.escape
    parts = []
    met = card.met_on or (card.event.date if card.event else None)
    where = []
    if card.event is not None:
        where.append(f"at <strong>{esc(card.event.name)}</strong>")
        if card.event.place:
            where.append(f"({esc(card.event.place)})")
    if met is not None:
        where.append(f"on {met.strftime('%d %B %Y').lstrip('0')}")
    parts.append(f"<p>Business card collected {' '.join(where)}.</p>" if where else "")
    if card.note:
        parts.append(f"<p><strong>Your note:</strong> {esc(card.note)}</p>")
    if card.event is not None and card.event.note:
        parts.append(f"<p><strong>Event note:</strong> {esc(card.event.note)}</p>")
    if card.flagged:
        parts.append(f"<p>Check: {esc(', '.join(card.flagged))} (read with low confidence).</p>")
    tail = f"<p><small>{note_marker(card.card_id)}</small></p>"
    body = "".join(p for p in parts if p)
    room = NOTE_LIMIT - len(tail)
    if len(body) > room:
        body = body[: room - 10] + "…</p>"
    return body + tail


def timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def email_properties(mail: FollowUp, owner_id: str | None) -> dict[str, str]:
    headers = {
        "from": {"email": mail.from_email or "", **_names(mail.from_name)},
        "to": [{"email": mail.to_email, **_names(mail.to_name)}],
        "cc": [],
        "bcc": [],
    }
    props = {
        "hs_timestamp": timestamp(mail.at),
        "hs_email_direction": "EMAIL",
        "hs_email_status": "SENT",
        "hs_email_subject": mail.subject,
        "hs_email_text": mail.text,
        "hs_email_headers": json.dumps(headers, ensure_ascii=False),
    }
    if mail.html:
        props["hs_email_html"] = mail.html
    if owner_id:
        props["hubspot_owner_id"] = owner_id
    return props


def task_properties(mail: FollowUp, owner_id: str | None) -> dict[str, str]:
    who = mail.to_name or mail.to_email
    props = {
        "hs_timestamp": timestamp(mail.at),
        "hs_task_subject": f"Send {mail.kind} to {who}: {mail.subject}"[:250],
        "hs_task_body": f"To: {mail.to_email}\nSubject: {mail.subject}\n\n{mail.text}",
        "hs_task_status": "NOT_STARTED",
        "hs_task_priority": "MEDIUM",
        "hs_task_type": "EMAIL",
    }
    if owner_id:
        props["hubspot_owner_id"] = owner_id
    return props


def _names(name: str | None) -> dict[str, str]:
    if not name:
        return {}
    first, _, last = name.strip().partition(" ")
    return {"firstName": first, "lastName": last} if last else {"firstName": first}
