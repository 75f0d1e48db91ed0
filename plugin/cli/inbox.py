"""``cardfollow scan`` (one pass over the inbox) and ``cardfollow watch`` (keep watching)."""

from __future__ import annotations

import json
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from types import FrameType

import click
from rich.markup import escape

from ocr.engines import get_engine
from ocr.errors import ExitCode

from ..config import Config
from ..inbox import InboxWatcher, list_candidates, wait_until_stable
from ..intake.consumer import Consumer, Outcome
from ..intake.status import ScanStatus
from ..intake.take_in import already_taken
from ..store import CardState, Store
from .common import console, errors_as_messages, open_store, say, settings
from .terminal import printable

_RESUME_EVERY = 60.0  # seconds: pick up cards a killed process left half-way
_INTERRUPTED = 130  # the shell's code for a command stopped by Ctrl-C
_EVENTS_EVERY = 3.0  # seconds: notice an event.toml written or changed after the photos
_STYLE = {
    ScanStatus.DRAFTED: "green",
    ScanStatus.MERGED: "cyan",
    ScanStatus.KNOWN: "dim",
    ScanStatus.FAILED: "red",
    ScanStatus.EXTRACTED: "yellow",
}

inbox_argument = click.argument(
    "inbox", required=False, type=click.Path(file_okay=False, path_type=Path)
)
jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Photos read at once, each in a worker process of ~400 MB (default: inbox.jobs, 1).",
)


@click.command()
@inbox_argument
@jobs_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per photo per line.")
@click.option(
    "--wait",
    type=float,
    default=120.0,
    show_default=True,
    help="Seconds to wait for files still being written; later ones are left for the next pass.",
)
@errors_as_messages
def scan(inbox: Path | None, jobs: int | None, as_json: bool, wait: float) -> None:
    """Take every new photo in the inbox once, read it and draft its follow-up, then exit.

    INBOX defaults to inbox.path (the inbox folder under the cardfollow home). A sub-folder
    names the event the cards were collected at. Exit status: 0, or 1 if any photo failed
    (it is moved to failed/ with the reason), 3 if Tesseract or a language pack is missing.
    """
    config, store, inbox = _prepare(inbox, jobs)
    stop = _stop_on_signals()
    outcomes: list[Outcome] = []
    with store, _consumer(config, store, inbox, as_json, outcomes, stop) as consumer:
        consumer.refresh_events()
        consumer.resume()
        new = [p for p in list_candidates(inbox) if not already_taken(store, p)]
        ready, changing = wait_until_stable(new, config.inbox().stable_seconds, wait)
        consumer.take(ready)
        for path in changing:
            _warn(f"{path}: still being written; left for the next scan")
        if not as_json:
            _summary(store, outcomes)
    if stop.is_set():
        sys.exit(_INTERRUPTED)
    sys.exit(ExitCode.some_failed if any(o.status == ScanStatus.FAILED for o in outcomes) else 0)


@click.command()
@inbox_argument
@jobs_option
@click.option(
    "--poll/--no-poll",
    default=None,
    help="Poll the folder instead of using file events (default: inbox.poll, auto: poll on "
    "network and synced drives).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per photo per line.")
@errors_as_messages
def watch(inbox: Path | None, jobs: int | None, poll: bool | None, as_json: bool) -> None:
    """Watch the inbox: every photo dropped in is read and drafted as soon as it is complete.

    Stop with Ctrl-C (or SIGTERM): the card in hand is finished or left to the next run,
    never lost.
    """
    config, store, inbox = _prepare(inbox, jobs)
    if poll is None:
        poll = config.inbox().poll
    stop = _stop_on_signals()
    outcomes: list[Outcome] = []
    with store, _consumer(config, store, inbox, as_json, outcomes, stop) as consumer:
        consumer.resume()
        with InboxWatcher(inbox, stable_seconds=config.inbox().stable_seconds, poll=poll) as w:
            _note(f"watching {inbox} ({w.mode}); Ctrl-C to stop")
            consumer.refresh_events()
            last_resume = last_events = time.monotonic()
            try:
                while not stop.is_set():
                    paths = [p for p in w.ready(timeout=1.0) if not already_taken(store, p)]
                    if paths:
                        consumer.take(paths)
                    if time.monotonic() - last_events > _EVENTS_EVERY:
                        consumer.refresh_events()
                        last_events = time.monotonic()
                    if time.monotonic() - last_resume > _RESUME_EVERY:
                        consumer.resume()
                        last_resume = time.monotonic()
            except KeyboardInterrupt:
                pass
    _note("stopped")


def _prepare(inbox: Path | None, jobs: int | None) -> tuple[Config, Store, Path]:
    config = settings({"inbox.path": inbox, "inbox.jobs": jobs})
    ocr = config.ocr()
    get_engine(ocr.engine).check_available(ocr)
    path: Path = config.inbox().path
    path.mkdir(parents=True, exist_ok=True)
    return config, open_store(config), path.resolve()


def _consumer(
    config: Config,
    store: Store,
    inbox: Path,
    as_json: bool,
    outcomes: list[Outcome],
    stop: threading.Event,
) -> Consumer:
    return Consumer(
        store,
        config,
        inbox,
        jobs=config.inbox().jobs,
        on_outcome=_printer(as_json, outcomes),
        on_warning=_warn,
        stop=stop,
    )


def _stop_on_signals() -> threading.Event:
    """Ctrl-C or SIGTERM: finish the card in hand, leave the rest for the next run (nothing is
    half-done either way). A second Ctrl-C stops at once."""
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop.set()
        _note("stopping after the card in hand (Ctrl-C again to stop at once)")

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    return stop


def _printer(as_json: bool, sink: list[Outcome]):
    out = console()

    def show(o: Outcome) -> None:
        sink.append(o)
        if as_json:
            record = {
                "photo": o.path,
                "card": o.card_id,
                "status": str(o.status),
                "message": o.message or None,
                "seconds": o.seconds,
            }
            click.echo(json.dumps(record, ensure_ascii=False))
            return
        card = f"card {o.card_id}" if o.card_id else "–"
        style = _STYLE.get(o.status, "")
        # One line per photo, whatever its name holds (a line break included).
        line = f"[{style}]{o.status:9}[/] {card:>9}  {escape(printable(o.path, lines=False))}"
        if o.message:
            line += f"  [dim]{escape(printable(o.message, lines=False))}[/]"
        out.print(line)

    return show


def _summary(store: Store, outcomes: list[Outcome]) -> None:
    counts = Counter(o.status for o in outcomes)
    done = ", ".join(f"{n} {s}" for s, n in counts.most_common()) or "nothing new"
    waiting = store.cards.counts().get(CardState.DRAFTED, 0)
    console().print(
        f"{done}. {waiting} follow-up(s) waiting for review: [bold]cardfollow drafts[/]"
    )


def _warn(message: str) -> None:
    say(message)


def _note(message: str) -> None:
    say(message)
