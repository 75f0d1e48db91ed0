"""What every store command shares: settings, the store, errors as messages and exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
from rich.console import Console

from ocr.errors import CardfollowError, ExitCode

from ..config import Config, load
from ..store import Store

F = TypeVar("F", bound=Callable[..., Any])


def console() -> Console:
    out = Console(highlight=False)
    # Piped or logged: no terminal width to respect, so lines are not folded mid-address.
    return out if out.is_terminal else Console(highlight=False, width=200)


def errors_as_messages(func: F) -> F:
    """A CardfollowError becomes ``cardfollow: message`` and its exit code, not a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CardfollowError as exc:
            click.echo(f"cardfollow: {exc}", err=True)
            sys.exit(int(getattr(exc, "exit_code", ExitCode.some_failed)))

    return wrapper  # type: ignore[return-value]


def settings(overrides: dict[str, Any] | None = None) -> Config:
    return load(overrides)


def open_store(config: Config) -> Store:
    return Store(config.store().path)
