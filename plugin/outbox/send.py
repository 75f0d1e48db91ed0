"""``cardfollow send``: approved follow-ups out through the user's own mail server.

At most once, whatever happens: the Message-ID is made and recorded before the mail goes, so an
item found half-done after a crash (it may or may not have reached the server) is held for the
user instead of being sent again; a failure that may have reached the server is held the same
way. A passing failure (the server is down, 4xx) stays queued with its reason and is tried
later; a refusal (5xx: unknown recipient, bad login) is held with the server's words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage

from .. import secrets
from ..config import MailSettings, SendSettings
from ..mail.errors import MailConfigError, MailError, SmtpAuthError, SmtpConnectionError
from ..mail.message import build_message, new_message_id
from ..mail.smtp_send import SendResult, send_message
from ..mail.smtp_url import SmtpSettings, parse_smtp_url
from ..store import (
    OPEN_CHECKIN_STATES,
    CardState,
    CheckinState,
    HistoryStep,
    OutboxItem,
    OutboxKind,
    OutboxState,
    StateError,
    Store,
    owner_id,
    stamp,
)
from .backoff import SEND_CAP, retry_at
from .outgoing import outgoing

Mailer = Callable[[SmtpSettings, EmailMessage], SendResult]


@dataclass
class SendReport:
    sent: list[tuple[int, str, str]] = field(default_factory=list)  # card, to, Message-ID
    retry: list[tuple[int, str]] = field(default_factory=list)  # card, reason
    held: list[tuple[int, str]] = field(default_factory=list)
    not_due: list[tuple[int, str]] = field(default_factory=list)  # card, due at
    planned: list[dict[str, str]] = field(default_factory=list)  # --dry-run
    stopped: str | None = None  # the settings or the server stopped every mail, not just one


class _Stop(Exception):
    """Nothing more can go out this run (bad settings, login refused, server unreachable)."""


def smtp_settings(mail: MailSettings) -> SmtpSettings:
    url = mail.smtp_url
    if not url:
        raise MailConfigError(
            "no mail server set: set CARDFOLLOW_SMTP_URL (or [mail] smtp_url), e.g. "
            "smtp://you%40example.com@mail.example.com:587?starttls=1 with the password in "
            "the keyring"
        )
    return parse_smtp_url(url, password_lookup=secrets.lookup)


def send(
    store: Store,
    sending: SendSettings,
    *,
    now: dt.datetime | None = None,
    everything: bool = False,
    dry_run: bool = False,
    mailer: Mailer = send_message,
    log_to_crm: bool = False,
    item_id: int | None = None,
) -> SendReport:
    """Send what is due (``everything``: all that is queued, due or not; ``item_id``: only that
    outbox item). ``log_to_crm`` queues a ``log`` item per sent mail for the CRM's timeline
    (``cardfollow push``)."""
    # A clock given (tests over simulated months) also dates what was sent; else the real time.
    fixed = now is not None
    now = now or dt.datetime.now(dt.UTC)
    report = SendReport()
    due_before = None if everything else now
    for item in store.outbox.list(OutboxState.QUEUED):
        if item.kind != OutboxKind.SEND or item_id not in (None, item.id):
            continue
        if due_before and item.due_at and dt.datetime.fromisoformat(item.due_at) > due_before:
            report.not_due.append((item.card_id, item.due_at))
        elif dry_run:
            message = _message(store, sending, item, "<dry-run@cardfollow>")
            report.planned.append(
                {"card": str(item.card_id), "to": message["To"], "subject": message["Subject"]}
            )
    if dry_run:
        return report
    settings = smtp_settings(sending.mail)
    owner = owner_id()
    items = store.outbox.claim_due(
        (OutboxKind.SEND,), owner, due_before=due_before, limit=10_000, item_id=item_id
    )
    for n, item in enumerate(items):
        try:
            _send_one(store, sending, item, settings, mailer, now, report, log_to_crm, fixed)
        except _Stop as stop:
            for rest in items[n + 1 :]:
                store.outbox.release(rest.id, owner)
            report.stopped = str(stop)
            break
    return report


def _send_one(
    store: Store,
    sending: SendSettings,
    item: OutboxItem,
    settings: SmtpSettings,
    mailer: Mailer,
    now: dt.datetime,
    report: SendReport,
    log_to_crm: bool,
    fixed_clock: bool = False,
) -> None:
    started = (item.result or {}).get("started_at")
    if item.state == OutboxState.IN_PROGRESS and started:
        reason = (
            f"interrupted while sending at {started}: it may have gone out. Check your Sent "
            f"folder; `cardfollow send --retry {item.id}` sends it again"
        )
        store.outbox.hold(item.id, reason)
        report.held.append((item.card_id, reason))
        return
    message_id = (item.result or {}).get("message_id") or new_message_id(
        sending.sender.email or "cardfollow.invalid"
    )
    try:
        message = _message(store, sending, item, message_id)
    except MailError as exc:
        _failed(store, item, exc, now, report)
        return
    # Recorded before the mail goes: from here on, a crash means "maybe sent", never "resend".
    store.outbox.checkpoint(item.id, {"message_id": message_id, "started_at": stamp(now)})
    try:
        result = mailer(settings, message)
    except MailError as exc:
        if not exc.ambiguous:
            store.outbox.checkpoint(item.id, {"message_id": message_id})
        _failed(store, item, exc, now, report)
        return
    sent_at = now if fixed_clock else dt.datetime.now(dt.UTC)
    store.outbox.finish(
        item.id,
        {
            "message_id": message_id,
            "sent_at": stamp(sent_at),
            "to": message["To"],
            "refused": {k: list(v) for k, v in result.refused.items()},
            "reply": result.reply,
        },
    )
    report.sent.append((item.card_id, str(message["To"]), message_id))
    _sent(store, item, message_id, sent_at)
    if log_to_crm:
        store.outbox.queue_log(item.card_id, item.id)


def _failed(
    store: Store, item: OutboxItem, exc: MailError, now: dt.datetime, report: SendReport
) -> None:
    reason = str(exc)
    if not exc.ambiguous and isinstance(exc, MailConfigError | SmtpAuthError | SmtpConnectionError):
        # Every mail would fail the same way: keep this one queued as it was, and stop.
        store.outbox.retry_later(item.id, reason, None)
        report.retry.append((item.card_id, reason))
        raise _Stop(reason)
    if exc.ambiguous:
        reason = (
            f"{reason} — the server may have taken it. Check your Sent folder; "
            f"`cardfollow send --retry {item.id}` sends it again"
        )
        store.outbox.hold(item.id, reason)
        report.held.append((item.card_id, reason))
    elif exc.permanent:
        store.outbox.hold(item.id, f"{reason} (fix it, then `cardfollow send --retry {item.id}`)")
        report.held.append((item.card_id, reason))
    else:
        store.outbox.retry_later(item.id, reason, retry_at(now, item.attempts, SEND_CAP))
        report.retry.append((item.card_id, reason))


def _message(
    store: Store, sending: SendSettings, item: OutboxItem, message_id: str
) -> EmailMessage:
    mail = outgoing(store, item)
    if not mail.to_email:
        raise MailError(f"card {mail.card_id} has no email address")
    return build_message(
        subject=mail.subject,
        text=mail.text,
        html=mail.html,
        sender=sending.sender,
        to_name=mail.to_name,
        to_email=mail.to_email,
        message_id=message_id,
    )


def _sent(store: Store, item: OutboxItem, message_id: str, sent_at: dt.datetime) -> None:
    """A mail went out: its card (or check-in) says so, and the contact was touched."""
    mail = outgoing(store, item)
    with store.transaction():
        if mail.checkin_id is not None:
            store.checkins.move(mail.checkin_id, CheckinState.SENT, OPEN_CHECKIN_STATES)
            store.cards.add_history(
                item.card_id, HistoryStep.CHECKIN_SENT, f"Message-ID {message_id}"
            )
        else:
            try:
                store.cards.move(
                    item.card_id,
                    CardState.SENT,
                    (CardState.APPROVED, CardState.PUSHED),
                    f"Message-ID {message_id}",
                )
            except StateError:
                store.cards.add_history(item.card_id, CardState.SENT, f"Message-ID {message_id}")
        if mail.contact_id is not None:
            store.touches.add(mail.contact_id, sent_at, mail.kind, source=f"send:{item.id}")
