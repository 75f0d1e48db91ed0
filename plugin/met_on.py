"""The day you met someone: one rule for the email, the exports and keeping in touch."""

from __future__ import annotations

import datetime as dt

from .models import EventInfo
from .store import CardRecord


def met_on(card: CardRecord, event: EventInfo | None, zone: dt.tzinfo | None = None) -> dt.date:
    """The camera's own date (EXIF), else the event's date (event.toml), else the day the photo
    file was written: a file's time says when it was copied or scanned, which is the weakest."""
    if card.captured_by != "camera" and event is not None and event.date is not None:
        return event.date
    return card.captured_at.astimezone(zone).date()
