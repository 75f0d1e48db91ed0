"""From stable inbox files to drafted follow-ups, one card at a time, every step committed.

    file --intake--> card "new" --read_card--> Reading --apply_reading--> "extracted"
         (or "merged" into its front, or "failed" and quarantined) --make_draft--> "drafted"

Work on a card is claimed first, so several processes can share one inbox and store; a process
killed at any point leaves its cards "new" or "extracted", and the next run (``resume``) takes
them up from there: nothing is lost and no finished step runs twice.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ocr.errors import CardfollowError

from ..config import CardSettings
from ..drafts.card_draft import make_draft
from ..inbox import FAILED_DIR, event_name_for, is_ignored, read_event
from ..store import Arrival, CardRecord, CardState, Store, owner_id
from .linking import apply_reading
from .read_card import Reading
from .reader_pool import ReaderPool
from .status import ScanStatus
from .take_in import path_text, take_in


@dataclass(frozen=True)
class Outcome:
    path: str
    card_id: int | None
    status: ScanStatus
    message: str = ""
    seconds: float = 0.0


class Consumer:
    def __init__(
        self,
        store: Store,
        settings: CardSettings,
        inbox: Path | None,
        *,
        jobs: int = 1,
        on_outcome: Callable[[Outcome], None] | None = None,
        on_warning: Callable[[str], None] | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.inbox = inbox
        self.jobs = max(1, jobs)
        self.on_outcome = on_outcome or (lambda o: None)
        self.on_warning = on_warning or (lambda w: None)
        self.owner = owner_id()
        self.stop = stop or threading.Event()  # set: finish the card in hand, take no more
        self.readers = ReaderPool(self.jobs)
        self._events: dict[str, int] = {}
        self._warned: dict[str, list[str]] = {}
        self._paths: dict[int, Path] = {}  # card -> its photo's real path, taken in this run

    def __enter__(self) -> Consumer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.readers.close()

    # -- the two ways in ---------------------------------------------------------------------

    def take(self, paths: Iterable[Path]) -> list[Outcome]:
        """Take stable files in, then read and draft the new cards among them."""
        self.refresh_events()
        fresh: list[CardRecord] = []
        outcomes: list[Outcome] = []
        for path in paths:
            intake = take_in(path, self.inbox or path.parent, self.store, self._event_id(path))
            if intake.status in (Arrival.NEW, Arrival.RETRY) and intake.card is not None:
                fresh.append(intake.card)
                self._paths[intake.card.id] = path
            else:
                cid = intake.card.id if intake.card else None
                outcome = Outcome(path_text(path), cid, ScanStatus(intake.status), intake.message)
                outcomes.append(self._report(outcome))
        return outcomes + self.process(fresh)

    def refresh_events(self) -> None:
        """Record what each event folder's ``event.toml`` says now; when it changed (a date or
        a note added after the photos), the drafts of that event's cards follow."""
        self._events.clear()
        if self.inbox is None or not self.inbox.is_dir():
            return
        for folder in sorted(self.inbox.iterdir()):
            # A link to a folder is never followed (not even for its event.toml): the inbox
            # sets it aside with the reason.
            if folder.is_symlink() or not folder.is_dir():
                continue
            if not is_ignored(folder, self.inbox) and not _is_failed(folder):
                self._sync_event(folder.name)

    def resume(self) -> list[Outcome]:
        """Finish what an earlier run (or a killed process) left half-way."""
        return self.process(self.store.cards.unfinished())

    # -- the work ------------------------------------------------------------------------------

    def process(self, cards: list[CardRecord]) -> list[Outcome]:
        """Read and draft cards, each committed as soon as its photo is read. The order does
        not matter: a back read before its front is folded in when the front comes."""
        claimed = [c for c in cards if self.store.cards.claim(c.id, self.owner)]
        outcomes = []
        try:
            for card in claimed:
                if card.state != CardState.NEW:  # read before a crash: draft it
                    outcomes.append(self._finish(card, None))
            to_read = {c.id: c for c in claimed if c.state == CardState.NEW}
            photos = [(c.id, str(self.store.media(c.stored_photo))) for c in to_read.values()]
            # A back named so waits for its front in this batch: a blank back has nothing of
            # its own to go on, and must find its front already read.
            fronts = {_side_key(c) for c in to_read.values() if c.side == "front"}
            held: dict[tuple[int | None, str | None], list[tuple[CardRecord, Reading]]] = {}
            for card_id, reading in self.readers.read(photos, self.settings.ocr):
                if self.stop.is_set():
                    break  # the rest stay "new": the next run reads them
                card = to_read[card_id]
                if card.side == "back" and _side_key(card) in fronts:
                    held.setdefault(_side_key(card), []).append((card, reading))
                    continue
                outcomes.append(self._finish(card, reading))
                if card.side == "front":
                    fronts.discard(_side_key(card))
                    for back, back_reading in held.pop(_side_key(card), []):
                        outcomes.append(self._finish(back, back_reading))
            for waiting in [] if self.stop.is_set() else held.values():  # fronts not read
                outcomes += [self._finish(card, reading) for card, reading in waiting]
        finally:
            for card in claimed:
                self.store.cards.release(card.id, self.owner)
        return outcomes

    def _finish(self, card: CardRecord, reading: Reading | None) -> Outcome:
        started = time.perf_counter()
        message = ""
        if reading is not None:
            applied = apply_reading(
                self.store,
                card,
                reading,
                self.inbox,
                self.settings.pair_seconds,
                photo=self._paths.pop(card.id, None),
            )
            message = applied.message
            if applied.status != ScanStatus.EXTRACTED:
                if applied.redraft is not None:
                    self._draft(applied.redraft)
                return self._report(
                    Outcome(card.photo, card.id, applied.status, message, _since(started, reading))
                )
        problem = self._draft(card.id)
        status = ScanStatus.EXTRACTED if problem else ScanStatus.DRAFTED
        message = "; ".join(m for m in (message, problem) if m)
        return self._report(Outcome(card.photo, card.id, status, message, _since(started, reading)))

    def _draft(self, card_id: int) -> str:
        """Draft (or redraft) a card; a broken template leaves it extracted, with the reason."""
        card = self.store.cards.get(card_id)
        if card.state not in (CardState.EXTRACTED, CardState.DRAFTED):
            return ""
        try:
            make_draft(self.store, card_id, self.settings.drafts)
        except CardfollowError as exc:
            return f"no draft: {exc}"
        return ""

    def _event_id(self, path: Path) -> int | None:
        if self.inbox is None:
            return None
        name = event_name_for(path, self.inbox)
        if name is None:
            return None
        return self._events.get(name) or self._sync_event(name)

    def _sync_event(self, folder: str) -> int:
        assert self.inbox is not None
        event, warnings = read_event(self.inbox / folder)
        if warnings != self._warned.get(folder):  # say it once, not at every look
            self._warned[folder] = warnings
            for warning in warnings:
                self.on_warning(warning)
        event_id, changed = self.store.events.upsert(folder, event)
        self._events[folder] = event_id
        if changed:
            cards = self.store.cards.list(
                (CardState.EXTRACTED, CardState.DRAFTED), event_id=event_id
            )
            problems = [p for p in (self._draft(c.id) for c in cards) if p]
            if cards:
                self.on_warning(
                    f"{folder}: event.toml changed; {len(cards) - len(problems)} draft(s) updated"
                    + "".join(f"; {p}" for p in problems)
                )
        return event_id

    def _report(self, outcome: Outcome) -> Outcome:
        self.on_outcome(outcome)
        return outcome


def _is_failed(folder: Path) -> bool:
    return folder.name.casefold() == FAILED_DIR


def _side_key(card: CardRecord) -> tuple[int | None, str | None]:
    return (card.event_id, card.side_key)


def _since(started: float, reading: Reading | None) -> float:
    """This card's own time: reading its photo (in a worker) and recording it."""
    read = reading.seconds if reading is not None else 0.0
    return round(read + time.perf_counter() - started, 3)
