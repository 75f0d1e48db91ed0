"""Work queued from a command or the review page, outside any worker: after an approval, a push
and a send."""

from __future__ import annotations

from .app import ensure_schema, make_app
from .defer import OutboxAccounts, defer_outbox


def queue_outbox(accounts: OutboxAccounts, url: str) -> None:
    """Queue a push and a send now, rather than at the workers' next minute."""
    app = make_app(url)
    ensure_schema(app, url)
    with app.open():
        defer_outbox(app, accounts)
