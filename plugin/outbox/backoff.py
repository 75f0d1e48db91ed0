"""When an outbox item that failed in passing is tried again: five minutes after the first
failure, doubling with each attempt, up to a cap (the CRM's outages run longer than a mail
server's, so push waits up to six hours and send up to two)."""

from __future__ import annotations

import datetime as dt

FIRST_WAIT = dt.timedelta(minutes=5)
PUSH_CAP = dt.timedelta(hours=6)
SEND_CAP = dt.timedelta(hours=2)


def retry_at(now: dt.datetime, attempts: int, cap: dt.timedelta) -> dt.datetime:
    return now + min(FIRST_WAIT * 2 ** max(attempts, 0), cap)
