"""What the command line prints is text from cards and file names: never let it steer the
terminal. Control characters (ESC sequences that recolour, retitle or rewrite the screen, bells,
carriage returns that overwrite a line, bidi overrides that reorder it) are shown as visible
escapes such as ``\\x1b`` instead of being obeyed.

``SafeConsole`` does this for everything printed through rich (every ``print``, table cell and
rule title is a string rich renders through ``render_str``); ``printable`` is for the few lines
written with ``click.echo``.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import click
from rich.console import Console
from rich.text import Text

# Bidi embeddings, overrides and isolates: they reorder what follows them on the line.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
RULE_WIDTH = 80  # a separator line, when no terminal says how wide to be


def printable(text: str, *, lines: bool = True) -> str:
    """``text`` with every control character written as an escape; line breaks and tabs are
    kept when ``lines`` (a draft's body), escaped too when not (a file name on its own line)."""
    if text.isprintable() and (lines or "\n" not in text):
        return text  # the common case, fast
    keep = "\n\t" if lines else ""
    return "".join(
        c if c in keep or not _is_control(c) else c.encode("unicode_escape").decode("ascii")
        for c in text
    )


def _is_control(c: str) -> bool:
    return unicodedata.category(c) == "Cc" or c in _BIDI or c in "\u2028\u2029"


def say(message: str) -> None:
    """``cardfollow: message`` on stderr, with any control character in it made visible."""
    click.echo(f"cardfollow: {printable(message)}", err=True)


class SafeConsole(Console):
    """A rich Console whose every string is made printable before markup is parsed: our own
    markup has no control characters, so only what came from outside is changed."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(printable(text), **kwargs)
