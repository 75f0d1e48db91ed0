"""Plain data shared by the plugin's modules (the inbox, the store, drafting, export).

A contact crosses these borders as a plain dict in the extract shape
(``ocr.serialize.contact_to_dict``): full_name, given_name, family_name, prefix, suffix, title,
company, emails [str], phones [{"number", "kind", "raw"}], website, address, linkedin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

ContactDict = dict[str, Any]
# The keys of a contact dict, in the extract shape's order; emails and phones are lists.
CONTACT_KEYS = (
    "full_name", "given_name", "family_name", "prefix", "suffix", "title", "company", "emails",
    "phones", "website", "address", "linkedin",
)  # fmt: skip
LIST_FIELDS = ("emails", "phones")
SCALAR_FIELDS = tuple(k for k in CONTACT_KEYS if k not in LIST_FIELDS)


@dataclass(frozen=True)
class EventInfo:
    """Where a card was met: the inbox sub-folder's name, and its optional ``event.toml``."""

    name: str
    date: dt.date | None = None
    place: str | None = None
    template: str | None = None  # the draft template this event's cards use
    note: str | None = None  # a note for everyone met there
    send_at: str | None = None  # when its follow-ups go: "now", "morning" or "HH:MM"
    cadence: str | None = None  # how often to keep in touch with those met there
    language: str | None = None  # the drafts' language for everyone met there ("de")


@dataclass(frozen=True)
class Sender:
    """The user's own profile, from config; every field may be missing."""

    name: str | None = None
    title: str | None = None
    company: str | None = None
    email: str | None = None
    phone: str | None = None
    signature: str | None = None


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str  # plain text
    html: str | None
    template: str
    language: str = "en"  # the template set it was written from
    # Set when a note went into the draft word for word (not phrased as a topic): the review
    # page and the CLI show it, so a reminder to oneself is not mailed to the contact.
    note_warning: str | None = None
