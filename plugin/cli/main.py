"""The ``cardfollow`` command line. Commands live in their own modules; this is the entry point."""

from __future__ import annotations

import click

from .cards import cards, drafts, show
from .config import config
from .export import export
from .extract import extract
from .inbox import scan, watch
from .init import init
from .push import push, send, sync_log
from .retry import retry
from .review import approve, draft, edit, merge, note, skip
from .serve import serve
from .store import store
from .touch import cadence, checkin, digest_command, due, tag, touched
from .users import user
from .worker import worker


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cardfollow")
def cli() -> None:
    """Turn the business cards you collect at events into follow-ups."""


for command in (
    init,
    extract,
    scan,
    watch,
    cards,
    show,
    drafts,
    edit,
    note,
    draft,
    approve,
    skip,
    retry,
    merge,
    export,
    push,
    send,
    sync_log,
    due,
    checkin,
    touched,
    cadence,
    tag,
    digest_command,
    config,
    serve,
    store,
    user,
    worker,
):
    cli.add_command(command)


def main() -> None:
    cli()
