"""The Jinja environments drafts render in: sandboxed, strict about undefined names, one without
autoescape (subject, plain text) and one with (HTML), built once per user templates folder."""

from __future__ import annotations

import functools
import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
)
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from .catalogue import shipped_templates_dir
from .filters import FILTERS

# "shipped/<name>.j2" always means the shipped template, so a user's override of a name can
# still extend the original it replaces (plain "<name>.j2" would find the override itself).
SHIPPED_PREFIX = "shipped"
# Template arithmetic that would build huge values ("x" * 10**9, 9 ** 10**9) is refused.
MAX_REPEAT = 100_000
MAX_EXPONENT = 1_000


class DraftSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"exponent {right} is too large")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(n, int)
                if sized and len(seq) * n > MAX_REPEAT:
                    raise SecurityError("repetition would build a value that is too large")
        return super().call_binop(context, operator, left, right)


class SearchPathLoader(FileSystemLoader):
    """FileSystemLoader whose cached templates also go stale when a file of the same name appears
    earlier in the search path: a user override added while cardfollow runs takes effect."""

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        pieces = split_template_path(template)
        earlier: list[str] = []
        for folder in self.searchpath:
            candidate = os.path.normpath(posixpath.join(folder, *pieces))
            if candidate == filename:
                break
            earlier.append(candidate)

        def still_current() -> bool:
            return uptodate() and not any(os.path.isfile(p) for p in earlier)

        return source, filename, still_current


@dataclass(frozen=True)
class Environments:
    text: DraftSandbox  # subject and plain-text body: no escaping
    html: DraftSandbox  # the html block: every value HTML-escaped


def environments(user_dir: Path | None) -> Environments:
    key = None if user_dir is None else str(Path(user_dir).expanduser().resolve())
    return _environments(key)


@functools.lru_cache(maxsize=16)
def _environments(user_dir: str | None) -> Environments:
    loader = _loader(user_dir)
    return Environments(text=_build(loader, autoescape=False), html=_build(loader, autoescape=True))


def _loader(user_dir: str | None) -> BaseLoader:
    shipped = str(shipped_templates_dir())
    # A missing user folder is fine: FileSystemLoader only looks for files when asked.
    search = [user_dir, shipped] if user_dir else [shipped]
    return ChoiceLoader(
        [
            PrefixLoader({SHIPPED_PREFIX: FileSystemLoader(shipped)}),
            SearchPathLoader(search, encoding="utf-8"),
        ]
    )


def _build(loader: BaseLoader, *, autoescape: bool) -> DraftSandbox:
    env = DraftSandbox(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=autoescape,
        # Plain-text templates: a line holding only a tag leaves no blank line or indentation.
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        # A None that slips through prints as nothing, never as "None".
        finalize=_finalize,
        auto_reload=True,  # a long-running watcher sees edits to the user's templates
    )
    env.filters.update(FILTERS)
    return env


def _finalize(value: Any) -> Any:
    return "" if value is None else value
