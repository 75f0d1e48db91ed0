"""Deciding about cards from the command line: edit, note, draft, approve, skip, merge."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import click
from rich.markup import escape

from ..config import Config
from ..drafts import LANGUAGES, TemplateError, normalise_language
from ..drafts.card_draft import make_draft, render
from ..jobs.defer import outbox_accounts
from ..jobs.triggers import queue_outbox
from ..profile import require_complete
from ..review import (
    EditError,
    card_region,
    coerce,
    edit_card,
    is_confident,
    parse_assignment,
    resolve_duplicate,
    set_note,
)
from ..review import approve as approve_card
from ..review import skip as skip_card
from ..store import CardState, OutboxKind, OutboxState, Store, StoreError
from ..users.settings import card_mail, require_card_signed
from .common import ROW_ID, console, errors_as_messages, open_store, say, settings


@click.command()
@click.argument("card_id", type=ROW_ID)
@click.option(
    "--set",
    "assignments",
    multiple=True,
    required=True,
    metavar="FIELD=VALUE",
    help="A corrected field; repeat for several. Empty VALUE clears the field. "
    "emails and phones take a comma-separated list; a phone may end in (mobile), "
    "(work), (fax)...",
)
@errors_as_messages
def edit(card_id: int, assignments: tuple[str, ...]) -> None:
    """Correct a card's fields; the follow-up is drafted again to match."""
    config = settings()
    with open_store(config) as store:
        # A phone typed without +code takes the card's country, else ocr.default_region.
        region = card_region(store.cards.get(card_id).fields, config.ocr().default_region)
        changes = {}
        for text in assignments:
            field, value = parse_assignment(text)
            changes[field] = coerce(field, value, region)
        changed = edit_card(store, card_id, changes)
        console().print(f"card {card_id}: set {', '.join(changed)}")
        _redraft(store, config, card_id)


@click.command()
@click.argument("card_id", type=ROW_ID)
@click.argument("text", required=False, default="")
@errors_as_messages
def note(card_id: int, text: str) -> None:
    """Keep your own note on a card ("we talked about ..."); no TEXT clears it."""
    config = settings()
    with open_store(config) as store:
        set_note(store, card_id, text)
        console().print(f"card {card_id}: note {'kept' if text.strip() else 'cleared'}")
        _redraft(store, config, card_id)


@click.command()
@click.argument("card_id", type=ROW_ID)
@click.option("--template", default=None, help="Use this template (see templates/README.md).")
@click.option(
    "--language",
    default=None,
    help=f"Write it in this language: {', '.join(LANGUAGES)} (default: the event's, else "
    "drafts.language).",
)
@click.option("--preview", is_flag=True, help="Print the draft without keeping it.")
@errors_as_messages
def draft(card_id: int, template: str | None, language: str | None, preview: bool) -> None:
    """Draft a card's follow-up again, or with another template or language, and print it."""
    config = settings()
    try:
        language = normalise_language(language)
    except TemplateError as exc:
        raise click.BadParameter(str(exc), param_hint="--language") from None
    with open_store(config) as store:
        card = store.cards.get(card_id)
        if card.fields is None:
            raise EditError(f"card {card_id} is {card.state}: nothing to draft from")
        if preview:
            result = render(store, card_id, config.drafts(), template, language)
            subject, body, name = result.subject, result.body, result.template
            lang, warning = result.language, result.note_warning
        else:
            record = make_draft(
                store,
                card_id,
                config.drafts(),
                template=template,
                keep_edited=False,
                language=language,
            )
            # Only a template or language that rendered becomes the card's own choice.
            if template:
                store.cards.update(card_id, template=template)
            if language:
                store.cards.update(card_id, language=language)
            assert record is not None
            subject, body, name = record.subject, record.body, record.template
            lang, warning = record.language, record.note_warning
        out = console()
        kept = " (preview, not kept)" if preview else ""
        out.print(f"[dim]template {escape(name)}, {LANGUAGES[lang]}{kept}[/]")
        out.print(f"Subject: {subject}", markup=False)
        out.print()
        out.print(body, markup=False)
        if warning:
            click.echo(f"cardfollow: card {card_id}: {warning}", err=True)


@click.command()
@click.argument("card_ids", type=ROW_ID, nargs=-1)
@click.option(
    "--confident",
    is_flag=True,
    help="Approve every drafted card with nothing to check: a name and an email, no doubtful "
    "field, no open question about a known contact (the review page's bulk rule).",
)
@click.option("--event", default=None, help="With --confident: only cards met at this event.")
@errors_as_messages
def approve(card_ids: tuple[int, ...], confident: bool, event: str | None) -> None:
    """Approve cards' follow-ups: the contact is queued for the CRM and the email for sending.

    Needs your profile's name and email (cardfollow init), or for a rep's card the rep's own
    (cardfollow user profile); approving an approved card is no error."""
    config = settings()
    with open_store(config) as store:
        # Exit 2, naming what to set, before any card changes. With users, a rep's card needs
        # the rep's own profile instead (checked card by card); only cards of nobody need
        # the shared one.
        team = store.users.any()
        if not team:
            require_complete(config.sender())
        if confident:
            found = [c.id for c in store.cards.list((CardState.DRAFTED,), event) if is_confident(c)]
            card_ids = tuple(dict.fromkeys((*card_ids, *found)))
            if not card_ids:
                console().print("no card to approve: none is drafted with nothing to check")
                return
        elif not card_ids:
            raise EditError("name the cards to approve (CARD_ID...), or use --confident")
        elif event:
            raise EditError("--event goes with --confident")
        if team and _any_of_nobody(store, card_ids):
            require_complete(config.sender())

    already: set[int] = set()

    def approve_one(store: Store, card_id: int) -> list[str]:
        if store.cards.get(card_id).state == CardState.APPROVED:
            already.add(card_id)
        card = store.cards.get(card_id)
        # A rep's card goes out in their name, at their mailbox's time.
        mail = card_mail(store, card, config.mail())
        sender = require_card_signed(store, card, config.sender())
        warnings = approve_card(store, card_id, mail, sender=sender)
        draft = store.drafts.current(card_id)
        if draft is not None and draft.note_warning and card_id not in already:
            warnings.append(f"card {card_id}: {draft.note_warning}")
        return warnings

    def approved(store: Store, card_id: int) -> str:
        word = "already approved" if card_id in already else "approved"
        for item in store.outbox.for_card(card_id):
            if item.kind == OutboxKind.SEND and item.state == OutboxState.QUEUED and item.due_at:
                due = dt.datetime.fromisoformat(item.due_at).astimezone()
                return f"{word}; mail due {due:%a %d %b %H:%M %Z}"
        return word

    try:
        _each(card_ids, approve_one, approved)
    finally:
        if url := config.store().url:  # a team store: the workers push and send them now
            queue_outbox(outbox_accounts(config), url)


@click.command()
@click.argument("card_ids", type=ROW_ID, nargs=-1, required=True)
@errors_as_messages
def skip(card_ids: tuple[int, ...]) -> None:
    """Skip cards: no follow-up is sent (the card and its photo are kept)."""
    _each(card_ids, lambda store, cid: skip_card(store, cid) or [], "skipped")


@click.command()
@click.argument("card_id", type=ROW_ID)
@click.option(
    "--take",
    multiple=True,
    metavar="FIELD",
    help="Take this field from the card into the known contact; repeat for several.",
)
@click.option("--keep", is_flag=True, help="Keep the known contact as it is.")
@click.option(
    "--separate", is_flag=True, help="Not the same person: make the card its own contact."
)
@errors_as_messages
def merge(card_id: int, take: tuple[str, ...], keep: bool, separate: bool) -> None:
    """Decide about a card that matched a known contact (see the differences in cardfollow show)."""
    if sum((bool(take), keep, separate)) != 1:
        raise click.UsageError("give exactly one of --take FIELD..., --keep, --separate")
    with open_store(settings()) as store:
        console().print(resolve_duplicate(store, card_id, take, separate), markup=False)


def _each(card_ids: tuple[int, ...], action, done: str | Callable[[Store, int], str]) -> None:
    """Apply to each card; one that cannot be changed is reported, the others go on."""
    failed = 0
    out = console()
    with open_store(settings()) as store:
        for cid in card_ids:
            try:
                warnings = action(store, cid)
            except Exception as exc:  # a CardfollowError, reported per card
                if not hasattr(exc, "exit_code"):
                    raise
                say(str(exc))
                failed += 1
                continue
            out.print(f"card {cid}: {done if isinstance(done, str) else done(store, cid)}")
            for warning in warnings:
                say(warning)
    if failed:
        raise SystemExit(1)


def _any_of_nobody(store: Store, card_ids: tuple[int, ...]) -> bool:
    """Whether a card to approve is of no rep (a single user's), so the shared profile signs it.
    A card that does not exist is reported by the approving itself."""
    for card_id in card_ids:
        try:
            if store.cards.get(card_id).user_id is None:
                return True
        except StoreError:
            continue
    return False


def _redraft(store: Store, config: Config, card_id: int) -> None:
    card = store.cards.get(card_id)
    if card.state not in (CardState.EXTRACTED, CardState.DRAFTED, CardState.APPROVED):
        return
    record = make_draft(store, card_id, config.drafts())
    out = console()
    if record is None:
        out.print(f"card {card_id}: your hand-written draft is kept; redraft with cardfollow draft")
    elif card.state == CardState.APPROVED:
        out.print(f"card {card_id}: redrafted; approve it again to send the new text")
    else:
        out.print(f"card {card_id}: redrafted")
