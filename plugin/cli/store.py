"""``cardfollow store copy --to postgresql://…``: move a single user's store up into a team
store, every card, contact, draft, history line, photo and card image, ids kept."""

from __future__ import annotations

import click

from ..store import Store, StoreError
from .common import console, errors_as_messages, settings


@click.group()
def store() -> None:
    """The store itself: moving it up into a team store."""


@store.command("copy")
@click.option(
    "--to",
    "url",
    required=True,
    metavar="postgresql://…",
    help="the team store (an empty PostgreSQL database) to copy into",
)
@errors_as_messages
def copy(url: str) -> None:
    """Copy this machine's SQLite store (store.path), with its photos and history, into an
    empty team store. Nothing is changed here; the team store gets all of it or nothing.

    Afterwards, set store.url (CARDFOLLOW_STORE_URL) to the same URL to use it."""
    from ..store.copy import copy_store, describe  # psycopg loads only for a team store

    config = settings()
    path = config.store().path
    if not path.is_file():
        raise StoreError(f"{path}: no store here to copy (store.path)")
    with Store(path) as source, Store(path, url) as target:
        report = copy_store(source, target)
        for line in describe(report, target.db.where, path):
            console().print(line, markup=False, highlight=False)
