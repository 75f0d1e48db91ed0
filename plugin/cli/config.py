"""``cardfollow config``: the settings in force and where each came from, secrets masked."""

from __future__ import annotations

import json

import click
from rich.markup import escape
from rich.table import Table

from .. import home
from ..config import OPTIONS
from .common import console, errors_as_messages, settings


@click.command()
@click.option("--json", "as_json", is_flag=True, help="As one JSON object.")
@errors_as_messages
def config(as_json: bool) -> None:
    """Show the effective settings: defaults < config.toml < CARDFOLLOW_* environment."""
    cfg = settings()
    if as_json:
        out = {
            o.name: {
                "value": cfg.shown(o.name) or None,
                "source": cfg.values[o.name].source,
                "env": o.env,
            }
            for o in OPTIONS
        }
        click.echo(json.dumps({"config_file": str(cfg.file), "settings": out}, indent=2))
        return
    table = Table("setting", "value", "from", "environment variable", box=None, header_style="bold")
    for o in OPTIONS:
        source = cfg.values[o.name].source
        style = "dim" if source == "default" else "bold"
        table.add_row(o.name, escape(cfg.shown(o.name)), f"[{style}]{escape(source)}", o.env)
    out_console = console()
    where = "set" if home.home_override() else "not set: the user folders"
    out_console.print(
        f"config file: {escape(str(cfg.file))}{'' if cfg.file.exists() else ' (not there yet)'}"
    )
    out_console.print(f"CARDFOLLOW_HOME: {where}")
    out_console.print(table)
