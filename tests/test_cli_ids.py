"""Every command that takes an id refuses one SQLite cannot hold as a usage error (exit 2), not
an OverflowError traceback from deep in the store."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from plugin.cli.common import ROW_ID
from plugin.cli.main import cli

HUGE = "99999999999999999999999"


def _id_commands() -> list[tuple[str, click.Parameter]]:
    found = []
    for name, command in sorted(cli.commands.items()):
        found += [(name, p) for p in command.params if p.type is ROW_ID]
    return found


def test_every_id_parameter_is_a_row_id() -> None:
    names = {name for name, _ in _id_commands()}
    assert {"show", "edit", "note", "draft", "approve", "skip", "merge", "send"} <= names
    assert {"checkin", "touched", "cadence", "tag"} <= names


@pytest.mark.parametrize(("name", "param"), _id_commands(), ids=lambda v: getattr(v, "name", v))
def test_a_huge_id_is_a_usage_error(name: str, param: click.Parameter) -> None:
    args = [name, f"--{param.name}", HUGE] if isinstance(param, click.Option) else [name, HUGE]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, (result.output, result.exception)
    assert "not in the range" in result.output
