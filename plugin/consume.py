"""From stable inbox files to drafted follow-ups, one card at a time, every step committed.

    file --intake--> card "new" --read_card--> Reading --apply_reading--> "extracted"
         (or "merged" into its front, or "failed" and quarantined) --make_draft--> "drafted"

Work on a card is claimed first, so several processes can share one inbox and store; a process
killed at any point leaves its cards "new" or "extracted", and the next run (``resume``) takes
them up from there: nothing is lost and no finished step runs twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ocr.errors import CardfollowError

from .config import Config
from .drafting import make_draft
from .inbox import event_name_for, read_event
from .intake import take_in
from .linking import apply_reading
from .read_card import Reading, read_card
from .store import CardRecord, Store, owner_id


@dataclass(frozen=True)
class Outcome:
    path: str
    card_id: int | None
    status: str  # drafted | extracted | merged | known | failed
    message: str = ""
    seconds: float = 0.0


class Consumer:
    def __init__(
        self,
        store: Store,
        config: Config,
        inbox: Path | None,
        *,
        jobs: int = 1,
        on_outcome: Callable[[Outcome], None] | None = None,
        on_warning: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.config = config
        self.inbox = inbox
        self.jobs = max(1, jobs)
        self.on_outcome = on_outcome or (lambda o: None)
        self.on_warning = on_warning or (lambda w: None)
        self.owner = owner_id()
        self._pool: Executor | None = None
        self._events: dict[str, int] = {}
        self._paths: dict[int, Path] = {}  # card -> its photo's real path, taken in this run

    def __enter__(self) -> Consumer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    # -- the two ways in ---------------------------------------------------------------------

    def take(self, paths: Iterable[Path]) -> list[Outcome]:
        """Take stable files in, then read and draft the new cards among them."""
        self._events.clear()  # event.toml may have changed since the last pass
        fresh: list[CardRecord] = []
        outcomes: list[Outcome] = []
        for path in paths:
            intake = take_in(path, self.inbox or path.parent, self.store, self._event_id(path))
            if intake.status in ("new", "retry") and intake.card is not None:
                fresh.append(intake.card)
                self._paths[intake.card.id] = path
            else:
                cid = intake.card.id if intake.card else None
                outcomes.append(
                    self._report(Outcome(str(path), cid, intake.status, intake.message))
                )
        return outcomes + self.process(fresh)

    def resume(self) -> list[Outcome]:
        """Finish what an earlier run (or a killed process) left half-way."""
        return self.process(self.store.cards.unfinished())

    # -- the work ------------------------------------------------------------------------------

    def process(self, cards: list[CardRecord]) -> list[Outcome]:
        # Capture order, so a card's back (photographed after it) finds its front already read.
        cards = sorted(cards, key=lambda c: (c.captured_at, c.side != "front", c.id))
        claimed = [c for c in cards if self.store.cards.claim(c.id, self.owner)]
        outcomes = []
        try:
            for card in claimed:
                if card.state != "new":  # read before a crash: draft it
                    outcomes.append(self._finish(card, None, time.perf_counter()))
            to_read = [c for c in claimed if c.state == "new"]
            started = time.perf_counter()
            # Results arrive in order as each photo is read; each card is committed at once.
            for card, reading in zip(to_read, self._read(to_read), strict=True):
                outcomes.append(self._finish(card, reading, started))
                started = time.perf_counter()
        finally:
            for card in claimed:
                self.store.cards.release(card.id, self.owner)
        return outcomes

    def _read(self, cards: list[CardRecord]) -> Iterator[Reading]:
        settings = self.config.ocr()
        photos = [str(self.store.media(c.stored_photo)) for c in cards]
        if self.jobs == 1 or len(photos) < 2:
            return (read_card(p, settings) for p in photos)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.jobs)
        return self._pool.map(read_card, photos, [settings] * len(photos))

    def _finish(self, card: CardRecord, reading: Reading | None, started: float) -> Outcome:
        message = ""
        if reading is not None:
            applied = apply_reading(
                self.store,
                card,
                reading,
                self.inbox,
                self.config["inbox.pair_seconds"],
                photo=self._paths.pop(card.id, None),
            )
            message = applied.message
            if applied.status != "extracted":
                if applied.redraft is not None:
                    self._draft(applied.redraft)
                return self._report(
                    Outcome(card.photo, card.id, applied.status, message, _since(started))
                )
        problem = self._draft(card.id)
        status = "extracted" if problem else "drafted"
        message = "; ".join(m for m in (message, problem) if m)
        return self._report(Outcome(card.photo, card.id, status, message, _since(started)))

    def _draft(self, card_id: int) -> str:
        """Draft (or redraft) a card; a broken template leaves it extracted, with the reason."""
        card = self.store.cards.get(card_id)
        if card.state not in ("extracted", "drafted"):
            return ""
        try:
            make_draft(self.store, card_id, self.config)
        except CardfollowError as exc:
            return f"no draft: {exc}"
        return ""

    def _event_id(self, path: Path) -> int | None:
        if self.inbox is None:
            return None
        name = event_name_for(path, self.inbox)
        if name is None:
            return None
        if name not in self._events:
            event, warnings = read_event(self.inbox / name)
            for warning in warnings:
                self.on_warning(warning)
            self._events[name] = self.store.events.upsert(event)
        return self._events[name]

    def _report(self, outcome: Outcome) -> Outcome:
        self.on_outcome(outcome)
        return outcome


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)
