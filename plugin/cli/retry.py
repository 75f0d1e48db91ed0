"""``cardfollow retry ID...``: read a failed card's photo again (after a fix to cardfollow, its
settings or Tesseract); a card that reads now drafts like any other."""

from __future__ import annotations

import click

from ocr.engines import get_engine

from ..contacts.proper_case import presentable
from ..intake.reextract import ReextractError, reextract
from ..store import CardState
from .common import console, errors_as_messages, open_store, settings


@click.command()
@click.argument("card_ids", type=int, nargs=-1, required=True)
@errors_as_messages
def retry(card_ids: tuple[int, ...]) -> None:
    """Read failed cards' photos again; those that read now are drafted.

    A card that still cannot be read stays failed, with the reason (exit 1); type it in by hand
    on the review page (cardfollow serve)."""
    config = settings()
    ocr = config.ocr()
    get_engine(ocr.engine).check_available(ocr)
    out = console()
    failed = 0
    with open_store(config) as store:
        for card_id in card_ids:
            card = store.cards.get(card_id)
            if card.state != CardState.FAILED:
                out.print(f"card {card_id}: {card.state}, not failed; nothing to retry")
                continue
            try:
                result = reextract(store, card_id, config.cards())
            except ReextractError as exc:
                click.echo(f"cardfollow: {exc}", err=True)
                failed += 1
                continue
            fields = presentable(store.cards.get(card_id).fields or {})
            who = fields.get("full_name") or fields.get("company") or "no name read"
            line = f"card {card_id}: read: {result.state} ({who})"
            out.print(line + (f"; {result.message}" if result.message else ""), markup=False)
    if failed:
        raise SystemExit(1)
