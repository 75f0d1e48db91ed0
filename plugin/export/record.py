"""What one exported card carries: the contact plus where, when and why we met."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from plugin.models import ContactDict, EventInfo


@dataclass(frozen=True)
class ExportRecord:
    """One card as the exporters see it.

    ``contact`` is in the extract shape (``ocr.serialize.contact_to_dict``). Records compare by
    value; they are not hashable because ``contact`` is a dict.
    """

    card_id: int
    contact: ContactDict
    event: EventInfo | None = None
    met_on: dt.date | None = None
    note: str | None = None  # the user's own note
    photo: str | None = None  # path of the original photo; referenced, never embedded
    created: dt.datetime | None = None
