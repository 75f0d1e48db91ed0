"""What happens after approval, in words: a card's outbox items (the push to the CRM, the email
and its send time, the log in the CRM) and how each went."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ocr.errors import CardfollowError

from ..config import MailSettings
from ..mail.schedule import local_timezone
from ..store import CardRecord, OutboxItem, OutboxKind, OutboxState

STATE_LABELS = {
    OutboxState.QUEUED: "Waiting",
    OutboxState.IN_PROGRESS: "In progress",
    OutboxState.DONE: "Done",
    OutboxState.FAILED: "Failed",
    OutboxState.HELD: "Held for you",
}
_VALUE_LIMIT = 160


@dataclass(frozen=True)
class NextStep:
    kind: str  # push | send | log
    title: str
    state: str  # the outbox item's state
    label: str  # the state in words
    when: str  # when it will happen or happened
    error: str | None
    details: tuple[tuple[str, str], ...]  # what the CRM or mail server answered


def next_steps(
    card: CardRecord, items: list[OutboxItem], mail: MailSettings, crm_name: str
) -> list[NextStep]:
    """``crm_name``: the CRM as the user knows it (the adapter's display name)."""
    tz = _zone(mail)
    return [_step(card, item, mail, crm_name, tz) for item in items]


def summary(steps: list[NextStep]) -> str:
    """One line for the queue: each step's state, e.g. "CRM done · email Thu 20 Nov, 09:00"."""
    parts = []
    for step in steps:
        name = {"push": "CRM", "send": "email", "log": "log"}.get(step.kind, step.kind)
        if step.state == OutboxState.QUEUED and step.kind == OutboxKind.SEND:
            parts.append(f"{name} {step.when}")
        else:
            parts.append(f"{name} {step.label.lower()}")
    return " · ".join(parts)


def when(stamp: str | None, tz: dt.tzinfo | None) -> str:
    """An ISO time as a person reads it: "Thu 20 Nov, 09:00" (the year only when not this one)."""
    if not stamp:
        return ""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(tz)
    year = "" if local.year == dt.datetime.now(tz).year else f" {local.year}"
    return f"{local:%a} {local.day} {local:%b}{year}, {local:%H:%M}"


def _step(
    card: CardRecord, item: OutboxItem, mail: MailSettings, crm: str, tz: dt.tzinfo | None
) -> NextStep:
    return NextStep(
        kind=item.kind,
        title=_title(card, item, crm),
        state=item.state,
        label=STATE_LABELS.get(item.state, item.state),
        when=_when(item, mail, tz),
        error=item.last_error if item.state in (OutboxState.FAILED, OutboxState.HELD) else None,
        details=_details(item, tz),
    )


def _title(card: CardRecord, item: OutboxItem, crm: str) -> str:
    if item.kind == OutboxKind.PUSH:
        return f"Add the contact to {crm}"
    if item.kind == OutboxKind.SEND:
        what = "a check-in" if "checkin_id" in item.payload else "the follow-up"
        emails = (card.fields or {}).get("emails") or []
        return f"Email {what} to {emails[0]}" if emails else f"Email {what}"
    if item.kind == OutboxKind.LOG:
        return f"Record the sent email in {crm}"
    return item.kind


def _when(item: OutboxItem, mail: MailSettings, tz: dt.tzinfo | None) -> str:
    if item.state == OutboxState.DONE:
        return f"done {when(item.done_at or item.updated_at, tz)}"
    if item.state == OutboxState.FAILED:
        tries = f"after {item.attempts} attempt{'s' if item.attempts != 1 else ''}"
        return f"failed {tries}" if item.attempts else "failed"
    if item.state == OutboxState.HELD:
        return "waits for you to decide"
    if item.state == OutboxState.IN_PROGRESS:
        return "under way now"
    if item.due_at:
        return f"goes out {when(item.due_at, tz)}"
    if item.kind == OutboxKind.SEND:
        if mail.send_at == "now":
            return "goes out with the next send"
        return f"goes out the next business morning at {mail.morning}"
    return "queued for the CRM"


def _details(item: OutboxItem, tz: dt.tzinfo | None) -> tuple[tuple[str, str], ...]:
    """What the CRM or the mail server answered, in the shapes ``push`` and ``send`` record."""
    result = item.result or {}
    out: list[tuple[str, str]] = []
    ids = result.get("ids")
    if isinstance(ids, dict):
        out += [(f"{kind} id", str(value)) for kind, value in ids.items()]
    if result.get("to"):
        out.append(("to", str(result["to"])))
    if result.get("sent_at"):
        out.append(("sent", when(str(result["sent_at"]), tz)))
    if result.get("message_id") and item.state == OutboxState.DONE:
        out.append(("message", str(result["message_id"])))
    warnings = result.get("warnings")
    if isinstance(warnings, list):
        out += [("note", str(w)) for w in warnings]
    return tuple((k, v if len(v) <= _VALUE_LIMIT else v[:_VALUE_LIMIT] + "…") for k, v in out)


def _zone(mail: MailSettings) -> dt.tzinfo | None:
    try:
        return local_timezone(mail.timezone)
    except CardfollowError:  # a wrong zone name is reported where mail is sent
        return None
