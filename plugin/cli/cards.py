"""Looking at cards: ``cardfollow cards``, ``show`` and ``drafts``."""

from __future__ import annotations

import json

import click
from rich.markup import escape
from rich.rule import Rule
from rich.table import Table

from ..contacts.card_json import card_to_dict
from ..models import CONTACT_KEYS
from ..store import STATES, CardRecord, CardState, Store
from ..users import accounts
from .common import ROW_ID, console, errors_as_messages, open_store, settings
from .terminal import RULE_WIDTH, printable

state_option = click.option(
    "--state",
    "states",
    multiple=True,
    # By value: click 8.2+ shows and matches an Enum member by its NAME ("DRAFTED").
    type=click.Choice([s.value for s in STATES]),
    help="Only cards in this state (repeat for several).",
)
event_option = click.option("--event", default=None, help="Only cards met at this event.")


@click.command()
@state_option
@event_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per card per line.")
@click.option("--rep", default=None, metavar="NAME", help="Only the cards this user captured.")
@errors_as_messages
def cards(states: tuple[str, ...], event: str | None, as_json: bool, rep: str | None) -> None:
    """List the cards: one line each, newest last."""
    with open_store(settings()) as store:
        user_id = accounts.find(store, rep).id if rep is not None else None
        found = store.cards.list(states, event, user_id=user_id)
        if as_json:
            for card in found:
                click.echo(json.dumps(card_to_dict(store, card), ensure_ascii=False))
            return
        table = Table(header_style="bold", box=None)
        for column in ("id", "state", "event", "name", "company", "email", "check"):
            table.add_column(column, overflow="fold")
        for card in found:
            f = card.fields or {}
            checks = []
            if card.flagged:
                checks.append("[yellow]" + escape(", ".join(card.flagged)))
            if card.duplicate_of:
                checks.append(f"[cyan]same as {card.duplicate_of}")
            if card.back_of:
                checks.append(f"[dim]back of {card.back_of}")
            if card.error:
                checks.append("[red]" + escape(card.error[:60]))
            table.add_row(
                str(card.id),
                card.state,
                escape(card.event or "–"),
                escape(f.get("full_name") or "–"),
                escape(f.get("company") or "–"),
                escape(", ".join(f.get("emails") or []) or "–"),
                " ".join(checks),
            )
        out = console()
        out.print(table)
        counts = store.cards.counts(user_id)
        out.print(", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "no cards yet")


@click.command()
@click.argument("card_id", type=ROW_ID)
@click.option("--json", "as_json", is_flag=True, help="The card as one JSON object.")
@errors_as_messages
def show(card_id: int, as_json: bool) -> None:
    """Everything about one card: fields and confidences, duplicate, draft, history."""
    with open_store(settings()) as store:
        card = store.cards.get(card_id)
        if as_json:
            record = card_to_dict(store, card)
            record["history"] = [h.__dict__ for h in store.cards.history(card_id)]
            click.echo(json.dumps(record, ensure_ascii=False, indent=2))
            return
        out = console()
        out.print(f"[bold]card {card.id}[/] · {card.state} · {escape(card.event or 'no event')}")
        out.print(f"photo: {escape(printable(card.photo, lines=False))}")
        reps = store.users.reps_of_contact(card.contact_id) if card.contact_id else []
        if reps:  # a team's store: who met this person
            out.print(f"met by: {escape(', '.join(r.name for r in reps))}")
        if card.error:
            out.print(f"[red]error:[/] {escape(card.error)}")
        if card.fields:
            table = Table("field", "value", "confidence", box=None, header_style="bold")
            for name in CONTACT_KEYS:
                value = card.fields.get(name)
                shown = _value(value)
                conf = card.confidence.get(name) if shown else None
                mark = " [yellow]check[/]" if name in card.flagged else ""
                mark += " [cyan]edited[/]" if name in card.edited else ""
                table.add_row(
                    name, escape(shown), (f"{conf:.2f}" if conf is not None else "") + mark
                )
            out.print(table)
        if card.note:
            out.print(f"note: {escape(card.note)}")
        if card.duplicate_of:
            out.print(
                f"[cyan]same person as card {card.duplicate_of}[/] (contact {card.contact_id})"
            )
            for name, diff in (card.differences or {}).items():
                out.print(
                    f"  {name}: known {escape(_value(diff['existing']))!s} · "
                    f"this card {escape(_value(diff['card']))}"
                )
            if card.differences:
                out.print(f"  decide with: cardfollow merge {card.id} --take FIELD / --keep")
        _print_draft(store, card)
        out.print("[bold]history[/]")
        for h in store.cards.history(card_id):
            out.print(
                f"  {h.at[:19]}  {h.step}" + (f"  [dim]{escape(h.detail)}[/]" if h.detail else "")
            )


@click.command()
@event_option
@errors_as_messages
def drafts(event: str | None) -> None:
    """Print the drafted follow-ups waiting for review (approve with cardfollow approve ID)."""
    with open_store(settings()) as store:
        waiting = store.cards.list((CardState.DRAFTED,), event)
        for card in waiting:
            _print_draft(store, card, header=True)
        console().print(f"{len(waiting)} follow-up(s) waiting for review.")


def _print_draft(store: Store, card: CardRecord, header: bool = False) -> None:
    out = console()
    draft = store.drafts.current(card.id)
    if header:
        f = card.fields or {}
        who = f.get("full_name") or f.get("company") or "(no name)"
        to = ", ".join(f.get("emails") or []) or "no email"
        event = escape(card.event or "no event")
        title = f"card {card.id} · {escape(who)} <{escape(to)}> · {event}"
        # As wide as the terminal; piped or logged, a plain 80 (lines are not folded then).
        out.print(Rule(title), width=out.width if out.is_terminal else RULE_WIDTH)
    if draft is None:
        out.print("[dim]no draft[/]")
        return
    out.print(f"[dim]template {escape(draft.template)}{' · edited' if draft.edited else ''}[/]")
    # Card text is data: printed without markup, so "[bold]" on a card is shown, not obeyed.
    out.print(f"Subject: {draft.subject}", markup=False)
    out.print()
    out.print(draft.body, markup=False)
    out.print()


def _value(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(
            f"{v['number']} ({v['kind']})"
            if isinstance(v, dict) and v.get("kind")
            else str(v["number"])
            if isinstance(v, dict)
            else str(v)
            for v in value
        )
    return "" if value is None else str(value)
