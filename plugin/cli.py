"""The ``cardfollow`` command line. Commands live in their own modules; this is the entry point."""

from __future__ import annotations

import click

from .extract_cli import extract


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cardfollow")
def cli() -> None:
    """Turn the business cards you collect at events into follow-ups."""


cli.add_command(extract)


def main() -> None:
    cli()
