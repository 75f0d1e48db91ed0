"""The ``cardfollow`` command line. Commands live in their own modules; this is the entry point."""

from __future__ import annotations

import click

from .cli_cards import cards, drafts, show
from .cli_config import config
from .cli_export import export
from .cli_inbox import scan, watch
from .cli_init import init
from .cli_push import push, send, sync_log
from .cli_retry import retry
from .cli_review import approve, draft, edit, merge, note, skip
from .cli_serve import serve
from .cli_touch import cadence, checkin, digest_command, due, tag, touched
from .extract_cli import extract


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
):
    cli.add_command(command)


def main() -> None:
    cli()
