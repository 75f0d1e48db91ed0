"""The tasks a ``cardfollow worker`` runs. Each loads the worker's own settings and calls the
function ``scan``, ``push``, ``send``, ``due`` or ``digest`` call; the job only says when.

Pushes to one CRM account run one batch at a time across all workers (a Procrastinate lock), so
the CRM's rate limit is spent by one client at a time; mail goes one run per mailbox the same
way. The outbox's claims and checkpoints keep every card pushed once and mailed once, whatever
job runs when.
"""

from __future__ import annotations

import logging

from procrastinate import Blueprint, JobContext, RetryStrategy

from ..config import Config, load
from ..crm.registry import adapter_for
from ..keep_in_touch import checkins, digest, team_digest
from ..keep_in_touch.due import today_for
from ..keep_in_touch.touches import read_back
from ..outbox.push import push
from ..outbox.send import send
from . import card_work
from .defer import defer, defer_outbox, outbox_accounts
from .names import Queue, Task
from .team_store import open_team_store

log = logging.getLogger(__name__)

blueprint = Blueprint()

# A back waits for its front this many tries, 2 s apart; after that it is read on its own.
# Any other trouble (the database gone a moment) is tried again the same way.
_FRONT_TRIES = 30
# Upkeep is fetched before the next photo: a busy queue must not delay taking up dead workers'
# jobs.
_URGENT = 10


@blueprint.task(
    name=Task.READ_CARD,
    queue=Queue.READ,
    pass_context=True,
    retry=RetryStrategy(max_attempts=_FRONT_TRIES, wait=2),
)
def read_card(context: JobContext, card_id: int) -> str:
    job = context.job
    assert job.id is not None
    # After its last try a back is read on its own: its front may never be readable.
    wait = job.attempts < _FRONT_TRIES - 1
    outcomes = card_work.read_card(load(), card_id, job.id, wait_for_front=wait)
    return "; ".join(f"{o.status}: {o.message}" if o.message else str(o.status) for o in outcomes)


@blueprint.task(name=Task.DRAFT_CARD, queue=Queue.READ)
def draft_card(card_id: int) -> bool:
    return card_work.draft_card(load(), card_id)


@blueprint.task(name=Task.PUSH, queue=Queue.CRM)
def push_outbox() -> str:
    config = load()
    with open_team_store(config) as store:
        report = push(store, config.sender(), adapter_for(config, store))
    return f"{len(report.done)} done, {len(report.retry)} to retry, {len(report.failed)} failed" + (
        f"; stopped: {report.stopped}" if report.stopped else ""
    )


@blueprint.task(name=Task.SEND, queue=Queue.MAIL)
def send_outbox() -> str:
    config = load()
    with open_team_store(config) as store:
        adapter = adapter_for(config, store)
        if not adapter.sends_mail():  # "send from the CRM": the push hands drafts over
            return "the CRM sends the follow-ups"
        report = send(store, config.sending(), log_to_crm=adapter.name != "local")
    return f"{len(report.sent)} sent, {len(report.retry)} to retry, {len(report.held)} held" + (
        f"; stopped: {report.stopped}" if report.stopped else ""
    )


@blueprint.task(name=Task.READ_BACK, queue=Queue.TOUCH)
def read_back_interactions() -> int:
    config = load()
    if config.crm().name == "local":
        return 0
    with open_team_store(config) as store:
        return read_back(store, config.touch(), config.mail(), adapter_for(config, store))


# -- periodic: each worker offers them, Procrastinate defers each tick once ------------------


@blueprint.periodic(cron="* * * * *", periodic_id="outbox")
@blueprint.task(
    name="outbox_tick",
    queue=Queue.UPKEEP,
    queueing_lock="outbox_tick",
    priority=_URGENT,
    pass_context=True,
)
def outbox_tick(context: JobContext, timestamp: int) -> None:
    """Every minute: a push and a send, if none waits already (mail comes due with time)."""
    defer_outbox(context.app, outbox_accounts(load()))


@blueprint.periodic(cron="17 * * * *", periodic_id="read_back")
@blueprint.task(
    name="read_back_tick",
    queue=Queue.UPKEEP,
    queueing_lock="read_back_tick",
    priority=_URGENT,
    pass_context=True,
)
def read_back_tick(context: JobContext, timestamp: int) -> None:
    """Hourly: the CRM's logged meetings and emails reset the keep-in-touch timers."""
    defer(context.app, Task.READ_BACK, queue=Queue.TOUCH, queueing_lock="read_back")


@blueprint.periodic(cron="0 6 * * *", periodic_id="due_list")
@blueprint.task(name="due_list", queue=Queue.TOUCH, queueing_lock="due_list")
def due_list(timestamp: int) -> int:
    """Every morning: a check-in drafted for everyone due, ready in the review page."""
    config = load()
    with open_team_store(config) as store:
        return len(checkins.prepare(store, config.checkins(), today_for(config.mail())))


@blueprint.periodic(cron="0 7 * * 1", periodic_id="digest")
@blueprint.task(name="digest", queue=Queue.TOUCH, queueing_lock="digest")
def weekly_digest(timestamp: int) -> str:
    """Monday morning: the digest mailed, when there is a mail server and somewhere to send it;
    with users, each rep their own, from their mailbox."""
    config = load()
    today = today_for(config.mail())
    with open_team_store(config) as store:
        if store.users.any():
            reps = team_digest.per_rep(store, config.checkins(), config.sender(), today)
            return _mail_reps(reps, config)
        if not config.mail().smtp_url or not (config.touch().digest_to or config.sender().email):
            return "no digest: no mail server or no address set"
        week = digest.weekly(store, config.checkins(), today)
    return digest.mail(week, config.mail(), config.sender(), config.touch())


def _mail_reps(reps: list[team_digest.RepDigest], config: Config) -> str:
    sent = team_digest.mail_each(reps, config.touch())
    for failed in (d for d in sent if d.problem):
        whose = failed.rep or "contacts of no rep"
        log.warning("digest for %s not sent: %s", whose, failed.problem)
    return ", ".join(f"{d.rep or 'no rep'}: {d.address or 'not sent'}" for d in sent)


@blueprint.periodic(cron="* * * * * */5", periodic_id="stalled")
@blueprint.task(
    name="retry_stalled",
    queue=Queue.UPKEEP,
    queueing_lock="retry_stalled",
    priority=_URGENT,
    pass_context=True,
)
async def retry_stalled(context: JobContext, timestamp: int) -> int:
    """Jobs of a worker that stopped beating (killed, its machine gone) go back in the queue."""
    stalled_after = load().jobs().stalled_seconds
    manager = context.app.job_manager
    jobs = list(await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after))
    for job in jobs:
        log.warning("job %s (%s) of a dead worker: queued again", job.id, job.task_name)
        await manager.retry_job(job)
    return len(jobs)
