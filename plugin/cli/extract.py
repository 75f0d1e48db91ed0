"""``cardfollow extract PATH...``: read card photos and print the contacts found."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ocr.engines import get_engine
from ocr.errors import ExitCode, MissingDependencyError
from ocr.load import SUPPORTED_SUFFIXES
from ocr.models import Settings
from ocr.serialize import ExtractStatus

from ..config import ConfigError, ocr_settings
from ..intake.read_card import reading_to_dict
from ..intake.reader_pool import ReaderPool
from .terminal import SafeConsole, say

_PROGRESS_FROM = 4  # "more than a few images"


def find_images(paths: Iterable[str]) -> list[str]:
    """Files as given (whatever their name: a bad one must be reported, not skipped) and the
    images inside folders, recursively, in a stable order, hidden files left out."""
    found: list[str] = []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                rel = child.relative_to(p).parts
                if any(part.startswith(".") for part in rel):
                    continue
                if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    found.append(str(child))
        else:
            found.append(given)
    return found


def read_in_order(images: list[str], settings: Settings, jobs: int) -> Iterator[dict[str, Any]]:
    """Each image's JSON line, in the order given, read in ``scan``'s worker pool (so a photo
    that crashes a worker costs that photo alone), printed as soon as its turn comes."""
    pool = ReaderPool(min(jobs, len(images)))
    waiting: dict[int, dict[str, Any]] = {}
    turn = 0
    try:
        for index, reading in pool.read(list(enumerate(images)), settings, with_view=False):
            waiting[index] = reading_to_dict(reading)
            while turn in waiting:
                yield waiting.pop(turn)
                turn += 1
    finally:
        pool.close()


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="One JSON object per image per line.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Images read in parallel (default: the number of cores).",
)
@click.option(
    "--lang",
    "languages",
    default=None,
    help="Tesseract languages, e.g. Latin or eng+deu (default: Latin).",
)
@click.option(
    "--region",
    "default_region",
    default=None,
    help="Country for phone numbers when the card gives no hint, e.g. US or DE.",
)
def extract(
    paths: tuple[str, ...],
    as_json: bool,
    jobs: int | None,
    languages: str | None,
    default_region: str | None,
) -> None:
    """Read business card photos (files or folders) and print the contacts found.

    Exit status: 0 when every image was read, 1 when any failed, 3 when Tesseract or a language
    pack is missing.
    """
    try:
        settings, _ = ocr_settings({"languages": languages, "default_region": default_region})
        get_engine(settings.engine).check_available(settings)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    except MissingDependencyError as exc:
        say(str(exc))
        sys.exit(ExitCode.missing_dependency)

    images = find_images(paths)
    if not images:
        say("no images found in " + ", ".join(paths))
        sys.exit(ExitCode.some_failed)
    jobs = jobs or os.cpu_count() or 1

    results: list[dict[str, Any]] = []
    failed = 0
    err_console = SafeConsole(stderr=True)
    show_progress = len(images) >= _PROGRESS_FROM and (not as_json or err_console.is_terminal)
    progress = Progress(
        TextColumn("[bold]reading cards"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        disable=not show_progress,
    )
    try:
        with progress:
            task = progress.add_task("extract", total=len(images))
            for result in read_in_order(images, settings, jobs):
                failed += result["status"] != ExtractStatus.OK
                if as_json:
                    click.echo(json.dumps(result, ensure_ascii=False))
                else:
                    results.append(result)
                progress.advance(task)
    except MissingDependencyError as exc:
        say(str(exc))
        sys.exit(ExitCode.missing_dependency)

    if not as_json:
        _print_table(results)
    sys.exit(ExitCode.some_failed if failed else ExitCode.ok)


def _print_table(results: list[dict[str, Any]]) -> None:
    console = SafeConsole()
    if not console.is_terminal:
        # Piped or logged: no terminal width to respect, so don't fold emails mid-address.
        console = SafeConsole(width=200)
    table = Table(header_style="bold", expand=False)
    for column in ("image", "name / title", "company", "email", "phone", "check"):
        table.add_column(column, overflow="fold")
    errors = []
    for r in results:
        if r["status"] != ExtractStatus.OK:
            errors.append(r)
            table.add_row(escape(Path(r["image"]).name), "", "", "", "", "[red]error")
            continue
        c = r["contact"]
        flagged = r.get("flagged") or []
        # Card text is data: escape it so "[bold]" printed on a card is shown, not obeyed.
        name = escape(c["full_name"] or "–")
        if c["title"]:
            name += "\n[dim]" + escape(c["title"])
        phones = "\n".join(escape(f"{p['number']} {p['kind']}") for p in c["phones"])
        table.add_row(
            escape(Path(r["image"]).name),
            name,
            escape(c["company"] or "–"),
            escape("\n".join(c["emails"]) or "–"),
            phones or "–",
            ("[yellow]check " + ", ".join(flagged)) if flagged else "[green]ok",
        )
    console.print(table)
    for r in errors:
        console.print(f"[red]error[/red] {escape(r['error'])}")
    ok = len(results) - len(errors)
    review = sum(bool(r.get("flagged")) for r in results)
    console.print(f"{ok} of {len(results)} images read; {review} with fields to check.")
