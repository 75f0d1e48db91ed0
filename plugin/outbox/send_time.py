"""When an approved card's follow-up is due: its event's ``send_at``, else ``mail.send_at``
("morning": the next business morning in the user's time zone)."""

from __future__ import annotations

import datetime as dt

from ..config import MailSettings
from ..mail.schedule import local_timezone, parse_clock, parse_policy, send_time
from ..models import EventInfo


def due_at(mail: MailSettings, event: EventInfo | None, approved_at: dt.datetime) -> dt.datetime:
    policy = parse_policy((event.send_at if event and event.send_at else None) or mail.send_at)
    return send_time(
        approved_at,
        policy,
        tz=local_timezone(mail.timezone),
        morning=parse_clock(mail.morning),
    )
