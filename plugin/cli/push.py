"""Getting approved cards out: ``cardfollow push``, ``send`` and ``sync-log``."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from ocr.errors import ExitCode

from ..crm.registry import adapter_for
from ..outbox.push import push as push_cards
from ..outbox.send import SendReport
from ..outbox.send import send as send_mail
from ..store import CardState, OutboxItem, OutboxKind, OutboxState, Store, StoreError
from .common import ROW_ID, console, errors_as_messages, open_store, say, settings


@click.command()
@click.option("--dry-run", is_flag=True, help="Show what would be pushed; write nothing.")
@errors_as_messages
def push(dry_run: bool) -> None:
    """Push every approved card to the CRM the `crm` setting names, and log sent follow-ups."""
    config = settings()
    out = console()
    with open_store(config) as store:
        adapter = adapter_for(config, store)
        report = push_cards(store, config.sender(), adapter, dry_run=dry_run)
        if dry_run:
            for plan in report.planned:
                click.echo(json.dumps(plan, ensure_ascii=False, indent=2))
            out.print(f"{len(report.planned)} card(s) would be pushed to {adapter.describe()}")
            return
        for card_id, outcome in report.done:
            ids = ", ".join(f"{k} {v}" for k, v in outcome.ids.items())
            out.print(f"card {card_id}: [green]done[/] {escape(ids)}")
            for warning in outcome.warnings:
                out.print(f"card {card_id}: [yellow]{escape(warning)}")
        for card_id, outcome in report.retry:
            out.print(f"card {card_id}: [yellow]will retry[/] {escape(outcome.error or '')}")
        for card_id, outcome in report.failed:
            out.print(f"card {card_id}: [red]failed[/] {escape(outcome.error or '')}")
        if report.waiting:
            out.print(f"{report.waiting} follow-up log(s) wait for their contact's push")
        summary = (
            f"{len(report.done)} done, {len(report.retry)} to retry, {len(report.failed)} failed "
            f"({adapter.describe()})"
        )
        out.print(summary)
        if report.stopped:
            say(f"stopped: {report.stopped}")
            sys.exit(int(ExitCode.some_failed))
        if report.failed:
            sys.exit(int(ExitCode.some_failed))


@click.command()
@click.option("--now", "everything", is_flag=True, help="Send all approved mail, due or not.")
@click.option("--dry-run", is_flag=True, help="Show what would be sent; send nothing.")
@click.option(
    "--retry",
    "retry",
    type=ROW_ID,
    multiple=True,
    metavar="ITEM",
    help="Queue a held send again (after you checked it did not go out).",
)
@errors_as_messages
def send(everything: bool, dry_run: bool, retry: tuple[int, ...]) -> None:
    """Send the approved follow-ups that are due, through your mail server (CARDFOLLOW_SMTP_URL)."""
    config = settings()
    out = console()
    with open_store(config) as store:
        for item_id in retry:
            item = store.outbox.get(item_id)
            if item.kind != OutboxKind.SEND:
                raise StoreError(f"outbox item {item_id} is a {item.kind}, not a send")
            store.outbox.requeue(item_id)
            out.print(f"item {item_id} (card {item.card_id}) queued again")
        adapter = adapter_for(config, store)
        if not adapter.sends_mail():
            out.print(
                f"follow-ups are handed to {config.crm().display_name} as tasks (its "
                "send mode): run `cardfollow push`"
            )
            return
        report = send_mail(
            store,
            config.sending(),
            everything=everything,
            dry_run=dry_run,
            log_to_crm=adapter.name != "local",
        )
        for plan in report.planned:
            out.print(
                f"card {plan['card']}: would send {escape(plan['subject'])!r} to "
                f"{escape(plan['to'])}"
            )
        for card_id, to, message_id in report.sent:
            out.print(f"card {card_id}: [green]sent[/] to {escape(to)} {escape(message_id)}")
        for card_id, reason in report.retry:
            out.print(f"card {card_id}: [yellow]will retry[/] {escape(reason)}")
        for card_id, reason in report.held:
            out.print(f"card {card_id}: [red]held[/] {escape(reason)}")
        if report.not_due:
            first = min(due for _, due in report.not_due)
            out.print(
                f"{len(report.not_due)} follow-up(s) not due yet (next at {first}); "
                "`cardfollow send --now` sends them now"
            )
        if not (report.planned or report.sent or report.retry or report.held or report.stopped):
            out.print(why_nothing_goes(store, report, dry_run), markup=False)
        elif not dry_run:
            out.print(
                f"{len(report.sent)} sent, {len(report.retry)} to retry, {len(report.held)} held"
            )
        if report.stopped:
            say(f"stopped: {report.stopped}")
        if report.held or report.stopped:
            sys.exit(int(ExitCode.some_failed))


def why_nothing_goes(store: Store, report: SendReport, dry_run: bool) -> str:
    """Why no mail goes (or would go) now, and what would make one go."""
    verb = "would go" if dry_run else "went"
    if report.not_due:
        first = min(due for _, due in report.not_due)
        return (
            f"nothing {verb}: {len(report.not_due)} approved follow-up(s) are not due yet "
            f"(the first at {first}, as mail.send_at says); `cardfollow send --now` sends them now"
        )
    sends = [i for i in store.outbox.list() if i.kind == OutboxKind.SEND]
    held = [i for i in sends if i.state == OutboxState.HELD]
    if held:
        ids = ", ".join(str(i.id) for i in held[:5])
        return (
            f"nothing {verb}: {len(held)} follow-up(s) are held after a failure (items {ids}; "
            "see `cardfollow sync-log`); `cardfollow send --retry ITEM` once you have checked"
        )
    counts = store.cards.counts()
    approved, drafted = counts.get(CardState.APPROVED, 0), counts.get(CardState.DRAFTED, 0)
    if approved and not [i for i in sends if i.state == OutboxState.QUEUED]:
        return (
            f"nothing {verb}: the {approved} approved card(s) have no email address, "
            "so no follow-up is queued for them"
        )
    if drafted:
        return (
            f"nothing {verb}: no follow-up is approved yet; {drafted} drafted "
            "waiting for review (`cardfollow serve`, or `cardfollow approve ID`)"
        )
    return f"nothing {verb}: no follow-up is waiting to be sent"


@click.command(name="sync-log")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per card per line.")
@errors_as_messages
def sync_log(as_json: bool) -> None:
    """Per card: what was pushed and sent, when, the CRM's ids, and any error."""
    with open_store(settings()) as store:
        entries = sync_entries(store)
        if as_json:
            for entry in entries:
                click.echo(json.dumps(entry, ensure_ascii=False))
            return
        table = Table(header_style="bold", box=None)
        for column in ("card", "name", "step", "state", "when", "ids", "error"):
            table.add_column(column, overflow="fold")
        for entry in entries:
            for item in entry["items"]:
                when = item["done_at"] or item["due_at"] or ""
                ids = dict(item["ids"])
                if item["message_id"]:
                    ids["message"] = item["message_id"]
                table.add_row(
                    str(entry["card_id"]),
                    escape(entry["name"] or "–"),
                    item["kind"],
                    _state_style(item["state"]),
                    when[:19].replace("T", " "),
                    escape(", ".join(f"{k} {v}" for k, v in ids.items())),
                    escape(item["error"] or ""),
                )
        console().print(table)


def sync_entries(store: Store) -> list[dict[str, Any]]:
    """The sync log: cards with outbox work, oldest first."""
    by_card: dict[int, list[OutboxItem]] = {}
    for item in store.outbox.list():
        by_card.setdefault(item.card_id, []).append(item)
    entries = []
    for card_id, items in sorted(by_card.items()):
        card = store.cards.get(card_id)
        fields = card.fields or {}
        entries.append(
            {
                "card_id": card_id,
                "name": fields.get("full_name"),
                "email": (fields.get("emails") or [None])[0],
                "state": card.state,
                "items": [_item_dict(i) for i in items],
            }
        )
    return entries


def _item_dict(item: OutboxItem) -> dict[str, Any]:
    result = item.result or {}
    return {
        "id": item.id,
        "kind": item.kind,
        "state": item.state,
        "attempts": item.attempts,
        "due_at": item.due_at,
        "done_at": item.done_at,
        "sent_at": result.get("sent_at"),
        "ids": result.get("ids") or {},
        "message_id": result.get("message_id"),
        "error": item.last_error if item.state != OutboxState.DONE else None,
        "warnings": result.get("warnings") or [],
    }


_STATE_COLOURS = {
    OutboxState.DONE: "green",
    OutboxState.FAILED: "red",
    OutboxState.HELD: "red",
    OutboxState.QUEUED: "yellow",
}


def _state_style(state: str) -> str:
    colour = _STATE_COLOURS.get(state, "")
    return f"[{colour}]{state}[/]" if colour else state
