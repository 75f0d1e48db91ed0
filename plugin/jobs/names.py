"""What jobs are called: the queues, the tasks' full names, the locks that order them."""

from __future__ import annotations

import hashlib
from enum import StrEnum

NAMESPACE = "cardfollow"


class Queue(StrEnum):
    """Queues by the kind of work, so a machine can take only some (``worker --queue read``)."""

    READ = "read"  # OCR: CPU-bound, the bulk of the work
    CRM = "crm"  # pushes: bounded by the CRM's rate limit, one batch per account at a time
    MAIL = "mail"  # follow-ups through the mail server, one run per mailbox at a time
    TOUCH = "touch"  # reading interactions back, the due list, the digest
    UPKEEP = "upkeep"  # taking up the jobs of dead workers


class Task(StrEnum):
    READ_CARD = "read_card"
    DRAFT_CARD = "draft_card"
    PUSH = "push"
    SEND = "send"
    READ_BACK = "read_back"


def task_name(task: Task) -> str:
    """A task's full name as stored in the job rows."""
    return f"{NAMESPACE}:{task}"


def account_lock(kind: str, *parts: object) -> str:
    """A lock (and queueing lock) naming one account without showing it: a CRM token or a
    mailbox address must not sit in the job table in clear."""
    digest = hashlib.sha256("\0".join(str(p) for p in parts).encode()).hexdigest()[:16]
    return f"{kind}:{digest}"
