"""``cardfollow scan`` (one pass over the inbox) and ``cardfollow watch`` (keep watching)."""

from __future__ import annotations

import json
import signal
import sys
import threading
import time
from pathlib import Path
from types import FrameType

import click

from ocr.engines import get_engine
from ocr.errors import ExitCode

from ..config import Config, ConfigError
from ..contacts.proper_case import presentable
from ..inbox import InboxWatcher, list_candidates, wait_until_stable
from ..intake.consumer import Consumer, Outcome
from ..intake.status import ScanStatus
from ..intake.take_in import already_taken
from ..store import CardState, Store
from .common import console, errors_as_messages, open_store, say, settings
from .progress import ScanProgress, summary

_RESUME_EVERY = 60.0  # seconds: pick up cards a killed process left half-way
_INTERRUPTED = 130  # the shell's code for a command stopped by Ctrl-C
_EVENTS_EVERY = 3.0  # seconds: notice an event.toml written or changed after the photos

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
    progress = ScanProgress(console(), bar=None if not as_json else False)
    with store:
        with progress, _consumer(config, store, inbox, as_json, outcomes, stop, progress) as c:
            c.refresh_events()
            progress.expect(len(store.cards.unfinished()))
            c.resume()
            new = [p for p in list_candidates(inbox) if not already_taken(store, p)]
            ready, changing = wait_until_stable(new, config.inbox().stable_seconds, wait)
            progress.expect(len(ready))
            c.take(ready)
            for path in changing:
                _warn(f"{path}: still being written; left for the next scan")
        if not as_json:
            _summary(config, store, progress)
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
    progress = ScanProgress(console(), bar=None if not as_json else False)
    with (
        store,
        progress,
        _consumer(config, store, inbox, as_json, outcomes, stop, progress) as consumer,
    ):
        progress.expect(len(store.cards.unfinished()))
        consumer.resume()
        with InboxWatcher(inbox, stable_seconds=config.inbox().stable_seconds, poll=poll) as w:
            _note(f"watching {inbox} ({w.mode}); Ctrl-C to stop")
            consumer.refresh_events()
            last_resume = last_events = time.monotonic()
            try:
                while not stop.is_set():
                    paths = [p for p in w.ready(timeout=1.0) if not already_taken(store, p)]
                    if paths:
                        progress.expect(len(paths))
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
    path: Path = config.inbox().path
    where = config.values["inbox.path"].source
    if where == "default":
        path.mkdir(parents=True, exist_ok=True)  # the built-in inbox is made on first use
    elif not path.is_dir():
        # A folder the user named: a typo must not read as "nothing new".
        given = "given" if where == "command line" else f"set by {where}"
        what = "is not a folder" if path.exists() else "does not exist"
        raise ConfigError(f"the inbox {path} ({given}) {what}")
    ocr = config.ocr()
    get_engine(ocr.engine).check_available(ocr)
    return config, open_store(config), path.resolve()


def _consumer(
    config: Config,
    store: Store,
    inbox: Path,
    as_json: bool,
    outcomes: list[Outcome],
    stop: threading.Event,
    progress: ScanProgress,
) -> Consumer:
    return Consumer(
        store,
        config.cards(),
        inbox,
        jobs=config.inbox().jobs,
        on_outcome=_printer(as_json, outcomes, store, progress),
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


def _printer(as_json: bool, sink: list[Outcome], store: Store, progress: ScanProgress):
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
        progress.done(o.path, o.card_id, o.status, o.message, _who(store, o.card_id))

    return show


def _who(store: Store, card_id: int | None) -> str:
    """The person (or company) just read, as the drafts will write it."""
    if card_id is None:
        return ""
    fields = store.cards.get(card_id).fields or {}
    shown = presentable(fields)
    return shown.get("full_name") or shown.get("company") or ""


def _summary(config: Config, store: Store, progress: ScanProgress) -> None:
    waiting = store.cards.counts().get(CardState.DRAFTED, 0)
    serve = config.serve()
    address = f"http://{serve.host}:{serve.port}/"
    console().print(summary(progress.counts, waiting, address))


def _warn(message: str) -> None:
    say(message)


def _note(message: str) -> None:
    say(message)
