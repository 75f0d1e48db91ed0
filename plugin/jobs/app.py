"""The Procrastinate app over the team store's database, and its schema.

The schema (procrastinate's own tables and functions) lives in the same database as the store,
so a job is written in the same transaction as the card row it is about.
"""

from __future__ import annotations

import logging

import procrastinate
from procrastinate.exceptions import ConnectorException

from ocr.errors import CardfollowError

from .names import NAMESPACE

log = logging.getLogger(__name__)


class JobsError(CardfollowError):
    pass


def make_app(url: str) -> procrastinate.App:
    """The app for a ``postgresql://`` URL, with cardfollow's tasks registered."""
    from .tasks import blueprint  # the tasks import the store and the OCR: only when needed

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=url))
    app.add_tasks_from(blueprint, namespace=NAMESPACE)
    return app


def ensure_schema(app: procrastinate.App) -> None:
    """Apply procrastinate's schema once per database: no manual step for the user. Two
    processes starting at once may both try; the loser finds it applied."""
    with app.open():
        if app.check_connection():
            return
        try:
            app.schema_manager.apply_schema()
            log.info("the job queue's schema was applied")
        except ConnectorException:
            if not app.check_connection():
                raise
