"""Running jobs: ``cardfollow worker``, on this or any machine that reaches the database.

Each job runs in one of ``concurrency`` threads (a sync task; the OCR itself runs in that
thread's own reader process). The worker beats every few seconds; one that stops beating for
``jobs.stalled_seconds`` is taken as dead, and the ``retry_stalled`` task, which every worker
offers periodically, puts its jobs back in the queue for the others.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import procrastinate

from ..config import Config
from .app import ensure_schema, make_app
from .team_store import open_team_store

log = logging.getLogger(__name__)


def run_worker(config: Config, url: str, concurrency: int, queues: Sequence[str]) -> None:
    with open_team_store(config):  # reached, and its schema up to date, or a clear message
        pass
    app = make_app(url)
    ensure_schema(app, url)
    asyncio.run(_run(app, config, concurrency, list(queues) or None))


async def _run(
    app: procrastinate.App, config: Config, concurrency: int, queues: list[str] | None
) -> None:
    # Sync tasks run on the loop's default executor: as many threads as jobs at once, each
    # with its reader process, and no more (an idle reader holds its OCR models in memory).
    # The reader processes end with the worker (they watch it), however it ends.
    executor = ThreadPoolExecutor(concurrency, thread_name_prefix="job")
    asyncio.get_running_loop().set_default_executor(executor)
    stalled = config.jobs().stalled_seconds
    async with app.open_async():
        await app.run_worker_async(
            queues=queues,
            concurrency=concurrency,
            name=f"{socket.gethostname()}:{os.getpid()}",
            update_heartbeat_interval=max(0.5, stalled / 4),
            stalled_worker_timeout=stalled,
            delete_jobs="successful",  # the cards and the outbox keep the history
            install_signal_handlers=True,
        )
