"""The review queue: which cards, in which order (newest event first, then as they were met),
with counts per state, and the "high-confidence" cards that may be approved in bulk.

One store query for all cards: the counts, the event list and the order all come from it, so a
page costs the same whatever the filter (about 20 ms for 500 cards).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from ..models import EventInfo
from ..review import is_confident
from ..store import STATES, CardRecord, CardState, Store, UserRecord
from .ids import is_id

PAGE_SIZE = 100
# (key, label, states); "review" is what waits for the user.
STATE_TABS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("review", "To review", (CardState.EXTRACTED, CardState.DRAFTED)),
    ("approved", "Approved", (CardState.APPROVED,)),
    ("done", "Done", (CardState.PUSHED, CardState.SENT)),
    ("skipped", "Skipped", (CardState.SKIPPED,)),
    ("failed", "Failed", (CardState.FAILED,)),
    ("all", "All", ()),
)
_TAB_STATES = {key: states for key, _, states in STATE_TABS}
NO_EVENT = "none"
ALL_REPS = "all"
NOBODY = "none"  # cards of no rep: photos outside every rep's inbox folder


def event_key(card: CardRecord) -> str:
    return NO_EVENT if card.event_id is None else str(card.event_id)


@dataclass(frozen=True)
class QueueFilter:
    event: str = "all"  # "all", "none" (cards met at no event) or an event's id
    state: str = "review"  # a STATE_TABS key, or one card state
    page: int = 1
    rep: str = ALL_REPS  # an admin's choice of queue: "all", "none" (nobody's) or a user's id

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> QueueFilter:
        """Anything unknown falls back to the default: a filter never fails a page."""
        event = query.get("event", "all")
        if event not in ("all", NO_EVENT) and not is_id(event):
            event = "all"
        state = query.get("state", "review")
        if state not in _TAB_STATES and state not in STATES:
            state = "review"
        page = query.get("page", "1")
        rep = query.get("rep", ALL_REPS)
        if rep not in (ALL_REPS, NOBODY) and not is_id(rep):
            rep = ALL_REPS
        number = max(1, int(page)) if is_id(page) and len(page) < 7 else 1
        return cls(event, state, number, rep)

    @property
    def states(self) -> tuple[str, ...]:
        return _TAB_STATES.get(self.state, (self.state,))

    def wants(self, card: CardRecord) -> bool:
        return (self.event == "all" or event_key(card) == self.event) and (
            not self.states or card.state in self.states
        )

    def query(self, **changes: str | int) -> str:
        """The query string of this filter (defaults left out), with ``changes``."""
        flt = replace(self, **changes)  # type: ignore[arg-type]
        pairs = [
            (k, str(v))
            for k, v, default in (
                ("event", flt.event, "all"),
                ("state", flt.state, "review"),
                ("page", flt.page, 1),
                ("rep", flt.rep, ALL_REPS),
            )
            if v != default
        ]
        return f"?{urlencode(pairs)}" if pairs else ""


@dataclass(frozen=True)
class EventGroup:
    key: str
    name: str
    info: EventInfo | None
    newest: dt.date | None  # the event's date, else the day its latest card was taken
    cards: list[CardRecord] = field(default_factory=list)  # every card of the event, in order

    @property
    def confident(self) -> list[CardRecord]:
        return [c for c in self.cards if is_confident(c)]

    def count(self, states: tuple[str, ...]) -> int:
        return sum(1 for c in self.cards if not states or c.state in states)


@dataclass(frozen=True)
class Queue:
    filter: QueueFilter
    groups: list[EventGroup]  # newest first
    cards: list[CardRecord]  # the cards the filter wants, in order
    counts: dict[str, int]  # STATE_TABS key -> cards of the chosen event(s)
    reading: int  # cards taken in and not read yet

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.cards) // PAGE_SIZE))

    @property
    def page(self) -> int:
        return min(self.filter.page, self.pages)

    def page_cards(self) -> list[CardRecord]:
        start = (self.page - 1) * PAGE_SIZE
        return self.cards[start : start + PAGE_SIZE]

    def page_groups(self) -> list[tuple[EventGroup, list[CardRecord]]]:
        """This page's cards under their event's heading, in order."""
        by_key = {g.key: g for g in self.groups}
        out: list[tuple[EventGroup, list[CardRecord]]] = []
        for card in self.page_cards():
            key = event_key(card)
            if not out or out[-1][0].key != key:
                out.append((by_key[key], []))
            out[-1][1].append(card)
        return out

    def group(self, key: str) -> EventGroup | None:
        return next((g for g in self.groups if g.key == key), None)

    def neighbours(self, card_id: int) -> tuple[int | None, int | None, int | None]:
        """(previous id, next id, 1-based position) of a card in this queue; a card outside it
        has no position, and "next" is the queue's first card."""
        ids = [c.id for c in self.cards]
        if card_id not in ids:
            return None, ids[0] if ids else None, None
        i = ids.index(card_id)
        return (
            ids[i - 1] if i > 0 else None,
            ids[i + 1] if i + 1 < len(ids) else None,
            i + 1,
        )

    def after(self, card_id: int) -> int | None:
        """The card to show once this one is done: the next, else the previous."""
        before, after, _ = self.neighbours(card_id)
        return after if after is not None else before


def visible_to(viewer: UserRecord | None, card: CardRecord) -> bool:
    """A rep sees the cards they captured; an admin, and a single user's page, every card."""
    return viewer is None or viewer.is_admin or card.user_id == viewer.id


def visible_contacts(store: Store, viewer: UserRecord | None) -> set[int] | None:
    """The contacts a rep met (any of their cards); None: every contact (an admin, or a
    single user's page). The same person met by two reps is kept in touch by both."""
    if viewer is None or viewer.is_admin:
        return None
    return {c.contact_id for c in store.cards.list(user_id=viewer.id) if c.contact_id}


def _cards(store: Store, flt: QueueFilter, viewer: UserRecord | None) -> list[CardRecord]:
    if viewer is not None and not viewer.is_admin:
        return store.cards.list(user_id=viewer.id)
    if flt.rep == NOBODY:
        return [c for c in store.cards.list() if c.user_id is None]
    if flt.rep != ALL_REPS:
        return store.cards.list(user_id=int(flt.rep))
    return store.cards.list()


def load_queue(store: Store, flt: QueueFilter, viewer: UserRecord | None = None) -> Queue:
    """The queue ``viewer`` works through (None: a single user's page, every card)."""
    cards = _cards(store, flt, viewer)
    groups = _groups(store, cards)
    chosen = [c for g in groups for c in g.cards if flt.event in ("all", g.key)]
    counts = {
        key: sum(1 for c in chosen if not states or c.state in states)
        for key, _, states in STATE_TABS
    }
    if flt.state not in counts:
        counts[flt.state] = sum(1 for c in chosen if c.state == flt.state)
    return Queue(
        filter=flt,
        groups=groups,
        cards=[c for c in chosen if flt.wants(c)],
        counts=counts,
        reading=sum(1 for c in chosen if c.state == CardState.NEW),
    )


def _groups(store: Store, cards: list[CardRecord]) -> list[EventGroup]:
    by_key: dict[str, list[CardRecord]] = {}
    for card in cards:
        by_key.setdefault(event_key(card), []).append(card)
    groups = []
    for key, members in by_key.items():
        members.sort(key=lambda c: (c.captured_at, c.id))
        info = None if key == NO_EVENT else store.events.get(int(key))
        newest = (info.date if info else None) or max(c.captured_at.date() for c in members)
        name = info.name if info else (members[0].event or "No event")
        groups.append(EventGroup(key, name if key != NO_EVENT else "No event", info, newest))
        groups[-1].cards.extend(members)
    # Newest event first (by its date, else its latest card); cards met at no event last.
    groups.sort(key=lambda g: g.name.casefold())
    groups.sort(key=lambda g: (g.key != NO_EVENT, g.newest or dt.date.min), reverse=True)
    return groups
