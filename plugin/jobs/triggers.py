"""Work queued from a command, outside any worker: after ``approve``, a push and a send."""

from __future__ import annotations

from ..config import Config
from .app import ensure_schema, make_app
from .defer import defer_outbox


def queue_outbox(config: Config, url: str) -> None:
    """Queue a push and a send now, rather than at the workers' next minute."""
    app = make_app(url)
    ensure_schema(app, url)
    with app.open():
        defer_outbox(app, config)
