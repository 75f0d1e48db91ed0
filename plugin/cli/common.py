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
from ..store.failures import describe, storage_errors
from .terminal import SafeConsole, say

F = TypeVar("F", bound=Callable[..., Any])
# A card's, contact's or outbox item's id: what SQLite's INTEGER holds, so a mistyped
# 23-digit id is a usage error (exit 2), not an OverflowError deep in the store.
ROW_ID = click.IntRange(0, 2**63 - 1)


def console() -> Console:
    out = SafeConsole(highlight=False)
    # Piped or logged: no terminal width to respect, so lines are not folded mid-address.
    return out if out.is_terminal else SafeConsole(highlight=False, width=200)


def errors_as_messages(func: F) -> F:
    """A CardfollowError becomes ``cardfollow: message`` and its exit code, not a traceback; so
    does the machine failing under a file (a full disk, a read-only store: exit 1) or the team
    store's database going away. Any other
    exception is a bug, and keeps its traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CardfollowError as exc:
            say(str(exc))
            sys.exit(int(getattr(exc, "exit_code", ExitCode.some_failed)))
        except Exception as exc:
            message = describe(exc) if isinstance(exc, storage_errors()) else None
            if message is None:
                raise
            say(message)
            sys.exit(ExitCode.some_failed)

    return wrapper  # type: ignore[return-value]


def settings(overrides: dict[str, Any] | None = None) -> Config:
    return load(overrides)


def open_store(config: Config) -> Store:
    settings = config.store()
    return Store(settings.path, settings.url)
