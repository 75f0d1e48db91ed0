"""``cardfollow worker``: run the team's jobs on this machine."""

from __future__ import annotations

import logging

import click

from ocr.engines import get_engine

from ..config import ConfigError
from ..jobs.names import Queue
from ..jobs.worker import run_worker
from .common import errors_as_messages, settings


@click.command()
@click.option(
    "--concurrency",
    "-c",
    type=click.IntRange(min=1),
    default=None,
    help="Jobs run at once, each photo in its own reader process of ~400 MB "
    "(default: inbox.jobs, 1).",
)
@click.option(
    "--queue",
    "queues",
    multiple=True,
    type=click.Choice([q.value for q in Queue]),
    help="Take only these queues' jobs (repeat it; default: all).",
)
@errors_as_messages
def worker(concurrency: int | None, queues: tuple[str, ...]) -> None:
    """Run the team store's jobs (read photos, draft, push, send, keep in touch) until stopped.

    Start one on each machine that should help: every worker that reaches the database (set
    CARDFOLLOW_STORE_URL) takes jobs from the same queue. A worker killed at any moment loses
    nothing: another takes its jobs up after jobs.stalled_seconds.
    """
    config = settings({"inbox.jobs": concurrency})
    url = config.store().url
    if not url:
        raise ConfigError(
            "`cardfollow worker` runs the jobs of a team store: set CARDFOLLOW_STORE_URL "
            "(or [store] url) to its postgresql://… address"
        )
    if not queues or Queue.READ in queues:
        ocr = config.ocr()
        get_engine(ocr.engine).check_available(ocr)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    # Each job's start and end is worth a line; the periodic ticks (every 5 s) are not.
    for chatty in ("procrastinate.periodic", "procrastinate.blueprints"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    run_worker(config, url, config.inbox().jobs, queues)
