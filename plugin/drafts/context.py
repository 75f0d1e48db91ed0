"""What a template sees: the draft's input, cleaned, as plain values.

Every value read off a card is cleaned here, before any template sees it: one-line fields lose
their line breaks and control characters, missing or blank values become None (defined, so
StrictUndefined stays quiet, and falsy, so ``{% if contact.company %}`` just works).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cleanco import basename

from ..contacts.proper_case import presentable
from ..models import ContactDict, EventInfo, Sender
from .languages import DEFAULT_LANGUAGE
from .names import first_name
from .text import multi_line, one_line

# The extract shape (ocr.serialize.contact_to_dict); any other key is passed on as one line.
_ONE_VALUE_FIELDS = ("full_name", "given_name", "family_name", "prefix", "suffix", "title",
                     "company", "website", "address", "linkedin")  # fmt: skip
_MULTI_LINE_FIELDS = frozenset({"address"})
_LIST_FIELDS = frozenset({"emails", "phones"})
_LEGAL_TAIL_RE = re.compile(r"[\s,&.]*[^\W\d_]{2,}[\w\s,&./-]*")


@dataclass(frozen=True)
class DraftInput:
    contact: ContactDict
    sender: Sender
    event: EventInfo | None = None  # None: met outside any event
    met_on: dt.date | None = None  # the day the card was photographed / met
    note: str | None = None  # the user's own note for this card ("we talked about ...")
    last_touch: dt.date | None = None  # for the check-in: when we were last in touch
    today: dt.date | None = None  # for relative wording ("yesterday"); default date.today()
    language: str | None = None  # the default language (drafts.language); the event's wins
    card_text: str | None = None  # the card's raw text: its mixed-case spellings ("eBay") win


def build_context(inp: DraftInput, language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    hints = [inp.card_text] if inp.card_text else []
    return {
        "language": language,
        "contact": contact_view(presentable(inp.contact, hints)),
        "event": event_view(inp.event),
        "sender": sender_view(inp.sender),
        "met_on": _date(inp.met_on),
        "note": _block(inp.note),
        "today": _date(inp.today) or dt.date.today(),
        "last_touch": _date(inp.last_touch),
    }


def contact_view(contact: Mapping[str, Any]) -> dict[str, Any]:
    """Every field of the contact, cleaned, plus first_name, name, email and phone; company is
    the name as said in a sentence (no legal form: "Quillmore Ventures"), company_full as
    printed ("Quillmore Ventures GmbH")."""
    view: dict[str, Any] = {}
    for key, value in contact.items():
        if not isinstance(key, str) or key in _LIST_FIELDS:
            continue
        view[key] = _block(value) if key in _MULTI_LINE_FIELDS else _line(value)
    for key in _ONE_VALUE_FIELDS:  # always there, so a template may test any of them
        view.setdefault(key, None)
    emails = [e for e in (_line(v) for v in _as_list(contact.get("emails"))) if e]
    phones = [p for p in (_phone(v) for v in _as_list(contact.get("phones"))) if p]
    given, family, full = view["given_name"], view["family_name"], view["full_name"]
    view.update(
        emails=emails,
        phones=phones,
        first_name=first_name(given, full),
        name=full or (" ".join(n for n in (given, family) if n) or None),
        email=emails[0] if emails else None,
        company=_prose_company(view["company"]),
        company_full=view["company"],
        # For calling back, not faxing: the first number that is not a fax.
        phone=next((p["number"] or p["raw"] for p in phones if p["kind"] != "fax"), None),
    )
    return view


def _prose_company(company: str | None) -> str | None:
    """The company without its legal form ("Zentara Systems Private Limited" -> "Zentara
    Systems"), as one says it; the whole name when nothing else would be left."""
    if not company:
        return None
    short = one_line(basename(company)).strip(" ,;&-")
    # cleanco also trims stray punctuation; only a cut that took whole words (the legal form) off
    # the end is taken, so "<b>Acme</b>" or "{% x %}" on a card is never half cut.
    cut = company[len(short) :] if short and company.startswith(short) else ""
    return short if _LEGAL_TAIL_RE.fullmatch(cut) else company


def event_view(event: EventInfo | None) -> dict[str, Any] | None:
    if event is None:
        return None
    return {
        "name": _line(event.name),
        "date": _date(event.date),
        "place": _line(event.place),
        "note": _block(event.note),
        "template": _line(event.template),
    }


def sender_view(sender: Sender) -> dict[str, Any]:
    return {
        "name": _line(sender.name),
        "title": _line(sender.title),
        "company": _line(sender.company),
        "email": _line(sender.email),
        "phone": _line(sender.phone),
        # The user's own layout: keep their spacing, still no control characters.
        "signature": _block(sender.signature, tidy_spaces=False),
    }


def _line(value: Any) -> str | None:
    if value is None:
        return None
    return one_line(str(value)) or None


def _block(value: Any, *, tidy_spaces: bool = True) -> str | None:
    if value is None:
        return None
    return multi_line(str(value), tidy_spaces=tidy_spaces) or None


def _phone(value: Any) -> dict[str, str | None] | None:
    if isinstance(value, Mapping):
        phone = {k: _line(value.get(k)) for k in ("number", "kind", "raw")}
    else:  # a bare string: be lenient with hand-made contacts
        phone = {"number": _line(value), "kind": None, "raw": _line(value)}
    return phone if phone["number"] or phone["raw"] else None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str | Mapping):
        return [value]
    return list(value)


def _date(value: dt.date | None) -> dt.date | None:
    # A datetime is a date too, but "today" arithmetic wants plain dates.
    return value.date() if isinstance(value, dt.datetime) else value
