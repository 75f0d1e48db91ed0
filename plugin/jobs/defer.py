"""Putting jobs in the queue: a card's reading in the same transaction as its row, the outbox's
runs as triggers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import procrastinate
from procrastinate.exceptions import AlreadyEnqueued

from ..config import Config
from .names import Queue, Task, account_lock, task_name


@dataclass(frozen=True)
class OutboxAccounts:
    """The accounts the outbox's runs are locked on: its locks are made from these alone, so
    a command, a worker and the review page queue the same push and send."""

    crm: tuple[object, ...]  # the CRM and its own settings (its token among them)
    mailbox: tuple[object, ...]  # the shared mail server and sender address


def outbox_accounts(config: Config) -> OutboxAccounts:
    crm = config.crm()
    return OutboxAccounts(
        crm=(crm.name, *(config[o.name] for o in crm.options)),
        mailbox=(config.mail().smtp_url, config.sender().email),
    )


def defer(
    app: procrastinate.App,
    task: Task,
    *,
    queue: Queue,
    lock: str | None = None,
    queueing_lock: str | None = None,
    connection: Any | None = None,
    **kwargs: Any,
) -> int | None:
    """Queue one job; ``connection``: an open transaction's, so the job commits with it.
    None when a job with the same queueing lock waits already (it will do this work too)."""
    deferrer = app.configure_task(
        task_name(task),
        queue=queue,
        lock=lock,
        queueing_lock=queueing_lock,
        connection=connection,
    )
    try:
        return deferrer.defer(**kwargs)
    except AlreadyEnqueued:
        return None


def defer_read(app: procrastinate.App, card_id: int, connection: Any | None) -> int | None:
    return defer(app, Task.READ_CARD, queue=Queue.READ, connection=connection, card_id=card_id)


def defer_outbox(app: procrastinate.App, accounts: OutboxAccounts) -> None:
    """A push and a send, each one at a time per account: a second trigger while one waits
    is folded into it (queueing lock), and runs never overlap (lock)."""
    crm = account_lock("crm", *accounts.crm)
    defer(app, Task.PUSH, queue=Queue.CRM, lock=crm, queueing_lock=crm)
    mail = account_lock("mail", *accounts.mailbox)
    defer(app, Task.SEND, queue=Queue.MAIL, lock=mail, queueing_lock=mail)
