"""What every handler needs, kept on the app: settings, the store, the page renderer."""

from __future__ import annotations

from dataclasses import dataclass

import anyio
from starlette.requests import Request

from ..config import CardSettings, CheckinSettings, SendSettings
from ..crm.adapter import CrmEntry
from ..jobs.defer import OutboxAccounts
from ..jobs.triggers import queue_outbox
from ..store import Store
from .queue import QueueFilter
from .render import Pages
from .stores import StoreProvider
from .uploads import Uploads


@dataclass(frozen=True)
class Web:
    cards: CardSettings  # reading a card again, drafting it
    checkins: CheckinSettings
    sending: SendSettings  # approving: when mail goes, and from whom
    crm: CrmEntry  # where approved cards go; the page names it
    outbox: OutboxAccounts  # a team store: approving queues the push and send on these
    stores: StoreProvider
    pages: Pages
    ocr_limit: anyio.CapacityLimiter  # one photo read again at a time: OCR takes ~400 MB
    uploads: Uploads

    @property
    def store(self) -> Store:
        return self.stores.get()

    def approved(self) -> None:
        """After approving: on a team store the workers push and send now, as after
        ``cardfollow approve``, rather than at their next minute."""
        if self.stores.url:
            queue_outbox(self.outbox, self.stores.url)


def web(request: Request) -> Web:
    found: Web = request.app.state.web
    return found


def queue_filter(request: Request, form: dict[str, str] | None = None) -> QueueFilter:
    """The queue the user is working through: from the address, or from a form's hidden
    fields (a POST keeps the filter of the page it came from)."""
    source = dict(request.query_params)
    if form:
        source.update({k: form[k] for k in ("event", "state", "page", "rep") if k in form})
    return QueueFilter.from_query(source)
