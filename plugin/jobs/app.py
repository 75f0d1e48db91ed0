"""The Procrastinate app over the team store's database, and its schema.

The schema (procrastinate's own tables and functions) lives in the same database as the store,
so a job is written in the same transaction as the card row it is about.
"""

from __future__ import annotations

import logging

import procrastinate
from procrastinate.exceptions import ConnectorException
from psycopg_pool import PoolTimeout

from ocr.errors import CardfollowError

from ..store.postgres_db import where
from .names import NAMESPACE

log = logging.getLogger(__name__)


class JobsError(CardfollowError):
    """The job queue cannot be reached or set up; the message names the database without its
    password."""


def make_app(url: str) -> procrastinate.App:
    """The app for a ``postgresql://`` URL, with cardfollow's tasks registered."""
    from .tasks import blueprint  # the tasks import the store and the OCR: only when needed

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=url))
    app.add_tasks_from(blueprint, namespace=NAMESPACE)
    return app


def ensure_schema(app: procrastinate.App, url: str) -> None:
    """Apply procrastinate's schema once per database: no manual step for the user. Two
    processes starting at once may both try; the loser finds it applied."""
    try:
        with app.open():
            if app.check_connection():
                return
            try:
                app.schema_manager.apply_schema()
                log.info("the job queue's schema was applied")
            except ConnectorException:
                if not app.check_connection():
                    raise
    except (ConnectorException, PoolTimeout) as exc:
        cause = exc.__cause__ or exc
        reason = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
        raise JobsError(f"{where(url)}: cannot set up the job queue: {reason}") from None
