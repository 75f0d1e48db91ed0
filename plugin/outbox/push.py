"""``cardfollow push``: the outbox's CRM work, through whichever adapter the settings name.

Three kinds of queued work reach the CRM:
- ``push`` (one per approved card): contact, company, photo, note;
- ``log``: a follow-up cardfollow really sent, recorded on the contact's timeline;
- ``send`` in "send from the CRM" mode: the draft handed over as a task.

Each item is claimed before work (so two runs never do the same item), its progress is
checkpointed as the CRM answers, and it ends done, queued again with its reason and a later
time (passing trouble), or failed (the CRM refused the data). A stop (daily limit, bad
credentials) hands every unfinished item back, untouched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..contacts.proper_case import presentable
from ..crm.adapter import CrmAdapter, CrmStopped, FollowUp, Outcome, PushCard
from ..models import Sender
from ..store import (
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
from .backoff import PUSH_CAP, retry_at
from .outgoing import outgoing


@dataclass
class PushReport:
    done: list[tuple[int, Outcome]] = field(default_factory=list)  # (card id, outcome)
    retry: list[tuple[int, Outcome]] = field(default_factory=list)
    failed: list[tuple[int, Outcome]] = field(default_factory=list)
    waiting: int = 0
    stopped: str | None = None
    planned: list[dict[str, Any]] = field(default_factory=list)  # --dry-run


class OutboxProgress:
    """An adapter's progress, kept in each card's outbox item as it happens."""

    def __init__(self, store: Store, items: dict[int, OutboxItem]) -> None:
        self.store = store
        self.items = items  # card id -> its item in this batch
        self.state: dict[int, dict[str, Any]] = {
            card_id: dict((item.result or {}).get("progress") or {})
            for card_id, item in items.items()
        }

    def save(self, card_id: int, progress: dict[str, Any]) -> None:
        self.state.setdefault(card_id, {}).update(progress)
        item = self.items[card_id]
        self.store.outbox.checkpoint(item.id, {"progress": self.state[card_id]})

    def of(self, card_id: int) -> dict[str, Any]:
        return dict(self.state.get(card_id) or {})


def push_card(store: Store, item: OutboxItem) -> PushCard:
    """A card as a CRM needs it: the person as the store knows them now (merged, with the
    user's corrections), where and when met, the card image."""
    card = store.cards.get(item.card_id)
    fields = dict(card.fields or {})
    if card.contact_id is not None:
        fields = dict(store.contacts.get(card.contact_id).fields or fields)
    photo = store.media(card.card_image) if card.card_image else store.media(card.stored_photo)
    # Names and companies printed in capitals go to the CRM in proper case, as in the draft.
    fields = presentable(fields, [(card.extraction or {}).get("raw_text") or ""])
    event = store.events.get(card.event_id)
    return PushCard(
        card_id=card.id,
        contact_id=card.contact_id if card.contact_id is not None else -card.id,
        fields=fields,
        flagged=tuple(card.flagged),
        event=event,
        met_on=card.met_on(event),
        note=card.note,
        photo=photo if photo.is_file() else None,
        photo_sha256=card.sha256,
        progress=dict((item.result or {}).get("progress") or {}),
        update_only=bool(item.payload.get("update_only")),
    )


def push(
    store: Store,
    sender: Sender,
    adapter: CrmAdapter,
    *,
    dry_run: bool = False,
    now: dt.datetime | None = None,
) -> PushReport:
    """Push every approved card that is waiting, then log sent follow-ups (and, in "send from
    the CRM" mode, hand follow-ups over as tasks)."""
    report = PushReport()
    now = now or dt.datetime.now(dt.UTC)
    if dry_run:
        for item in store.outbox.list(OutboxState.QUEUED):
            if item.kind == OutboxKind.PUSH:
                report.planned.append(
                    {"card": item.card_id, **adapter.plan(push_card(store, item))}
                )
        return report
    owner = owner_id()
    try:
        _push_cards(store, adapter, owner, now, report)
        _follow_ups(store, sender, adapter, owner, now, report)
    except CrmStopped as exc:
        report.stopped = str(exc)
    return report


def _push_cards(
    store: Store, adapter: CrmAdapter, owner: str, now: dt.datetime, report: PushReport
) -> None:
    seen: set[int] = set()
    while True:
        items = [
            i
            for i in store.outbox.claim_due(
                (OutboxKind.PUSH,), owner, due_before=now, limit=adapter.batch_size
            )
            if i.id not in seen
        ]
        if not items:
            return
        seen.update(i.id for i in items)
        by_card = {i.card_id: i for i in items}
        progress = OutboxProgress(store, by_card)
        cards = [push_card(store, i) for i in items]
        try:
            outcomes = adapter.push(cards, progress)
        except CrmStopped:
            for i in items:
                store.outbox.release(i.id, owner)
            raise
        for outcome in outcomes:
            item = by_card[outcome.card_id]
            _settle(store, item, outcome, progress.of(outcome.card_id), now, report)
            if outcome.ok:
                _card_pushed(store, outcome, adapter.name)


def _follow_ups(
    store: Store,
    sender: Sender,
    adapter: CrmAdapter,
    owner: str,
    now: dt.datetime,
    report: PushReport,
) -> None:
    items = store.outbox.claim_due((OutboxKind.LOG,), owner, due_before=now, limit=10_000)
    if not adapter.sends_mail():
        # Handed over as tasks at once, whatever the send time: the task is due then.
        items += store.outbox.claim_due((OutboxKind.SEND,), owner, due_before=None, limit=10_000)
    for n, item in enumerate(items):
        progress = OutboxProgress(store, {item.card_id: item})
        try:
            mail = follow_up(store, sender, item)
            if item.kind == OutboxKind.LOG:
                outcome = adapter.log_email(mail, progress)
            else:
                outcome = adapter.create_task(mail, progress)
        except CrmStopped:
            for rest in items[n:]:
                store.outbox.release(rest.id, owner)
            raise
        if outcome.wait:
            report.waiting += 1
            store.outbox.retry_later(item.id, outcome.error or "waiting", None)
            continue
        _settle(store, item, outcome, progress.of(item.card_id), now, report)
        if outcome.ok and item.kind == OutboxKind.SEND:
            # Handed over, not sent: the card stays pushed; its history says where it went.
            store.cards.add_history(
                item.card_id, HistoryStep.TASK, f"{adapter.name} task {outcome.ids.get('task')}"
            )
            if "checkin_id" in item.payload:
                # cardfollow's part is done; the mail sent from the CRM comes back as a touch.
                store.checkins.move(
                    int(item.payload["checkin_id"]), CheckinState.SENT, (CheckinState.APPROVED,)
                )


def follow_up(store: Store, sender: Sender, item: OutboxItem) -> FollowUp:
    """The mail an outbox item stands for: a sent one (``log``) or one to go (``send``)."""
    if item.kind == OutboxKind.LOG:
        sent = store.outbox.get(int(item.payload["send_item"]))
        result = sent.result or {}
        at = dt.datetime.fromisoformat(result["sent_at"])
        message_id = result.get("message_id")
    else:
        at = dt.datetime.fromisoformat(item.due_at) if item.due_at else dt.datetime.now(dt.UTC)
        message_id = None
    mail = outgoing(store, item)
    return FollowUp(
        card_id=mail.card_id,
        contact_id=mail.contact_id if mail.contact_id is not None else -mail.card_id,
        subject=mail.subject,
        text=mail.text,
        html=mail.html,
        to_email=mail.to_email,
        to_name=mail.to_name,
        from_email=sender.email,
        from_name=sender.name,
        at=at,
        message_id=message_id,
        progress=dict((item.result or {}).get("progress") or {}),
        kind="follow-up" if mail.checkin_id is None else "check-in",
    )


def _settle(
    store: Store,
    item: OutboxItem,
    outcome: Outcome,
    progress: dict[str, Any],
    now: dt.datetime,
    report: PushReport,
) -> None:
    if outcome.ok:
        store.outbox.finish(
            item.id,
            {
                "progress": progress,
                "ids": outcome.ids,
                "warnings": list(outcome.warnings),
                "at": stamp(now),
            },
        )
        report.done.append((item.card_id, outcome))
    elif outcome.retry:
        again = retry_at(now, item.attempts, PUSH_CAP)
        store.outbox.retry_later(item.id, outcome.error or "try again", again)
        report.retry.append((item.card_id, outcome))
    else:
        store.outbox.fail(item.id, outcome.error or "refused")
        report.failed.append((item.card_id, outcome))


def _card_pushed(store: Store, outcome: Outcome, crm: str) -> None:
    where = f"{crm} contact {outcome.ids['contact']}" if "contact" in outcome.ids else crm
    _card_moved(store, outcome.card_id, CardState.PUSHED, where)


def _card_moved(store: Store, card_id: int, to: CardState, detail: str) -> None:
    allowed = (
        (CardState.APPROVED,) if to == CardState.PUSHED else (CardState.APPROVED, CardState.PUSHED)
    )
    try:
        store.cards.move(card_id, to, allowed, detail)
    except StateError:
        # Already further on (sent before its push finished), or taken back by the user:
        # the outbox item still records what happened.
        store.cards.add_history(card_id, f"{to} (card stays {store.cards.get(card_id).state})")
