"""A card's work as a job: read its photo and draft its follow-up, through the same Consumer
``scan`` uses, on whichever machine the job lands.

The job's id is the claim's owner: if the worker dies, Procrastinate gives the job to another
worker (stalled-job recovery), which then holds the same claim and finishes the card, whereas a
host:pid owner on a dead machine would hold the card until its lease ran out.
"""

from __future__ import annotations

import threading

from ..config import Config
from ..drafts.card_draft import make_draft
from ..intake.consumer import Consumer, Outcome
from ..intake.reader_pool import ReaderPool
from ..store import CardState, Store
from .team_store import open_team_store

_local = threading.local()


class FrontNotRead(Exception):
    """A back named so waits for its front to be read (a blank back has nothing of its own to
    go on): the job is tried again shortly."""


def readers() -> ReaderPool:
    """This worker thread's pool of one OCR process, kept from job to job: the OCR models load
    once, and a photo that crashes the OCR costs that process, never the worker."""
    pool: ReaderPool | None = getattr(_local, "readers", None)
    if pool is None:
        pool = _local.readers = ReaderPool(1, ignore_interrupt=True)
    return pool


def read_card(
    config: Config, card_id: int, job_id: int, *, wait_for_front: bool = True
) -> list[Outcome]:
    """Read and draft one card; nothing when it is done already (a job run twice)."""
    with open_team_store(config) as store:
        card = store.cards.get(card_id)
        if card.state not in (CardState.NEW, CardState.EXTRACTED):
            return []
        if wait_for_front and card.state == CardState.NEW and _front_unread(store, card.id):
            raise FrontNotRead(f"card {card.id} waits for its front to be read")
        consumer = Consumer(
            store, config.cards(), inbox=None, readers=readers(), owner=f"job:{job_id}"
        )
        return consumer.process([card])


def draft_card(config: Config, card_id: int) -> bool:
    """Draft (or redraft) a read card; False when it is not in a state to be drafted."""
    with open_team_store(config) as store:
        if store.cards.get(card_id).state not in (CardState.EXTRACTED, CardState.DRAFTED):
            return False
        make_draft(store, card_id, config.drafts())
        return True


def _front_unread(store: Store, card_id: int) -> bool:
    card = store.cards.get(card_id)
    if card.side != "back" or not card.side_key:
        return False
    return any(
        c.side == "front" and c.state == CardState.NEW for c in store.cards.same_side_key(card)
    )
