"""A contacts CSV that HubSpot's import wizard maps column by column without manual work.

Headers are the labels of HubSpot's default contact properties (the wizard matches a header
to a property's label or internal name): First Name (firstname), Last Name (lastname),
Salutation (salutation), Email (email), Phone Number (phone), Mobile Phone Number
(mobilephone), Fax Number (fax), Job Title (jobtitle), Company Name (company), Website URL
(website), LinkedIn URL (hs_linkedin_url), Street Address (address), City (city),
State/Region (state), Postal Code (zip), Country/Region (country).

"Event", "Date Met" (ISO date: the met-on date, else the event's date) and "Notes" are not
HubSpot properties: they map automatically only to custom contact properties with those
labels; otherwise the wizard offers to create them or skip the column.

HubSpot imports one email per contact, so further emails go into Notes ("Other emails: ..."),
as do phones beyond one of each column ("Other phones: ..."), the name suffix (HubSpot has no
suffix property), and the event's place, date and note.

Addresses are split over the address columns by ``address_parts`` (usaddress for the US, pyap
for Canada and the UK, the reader's postcode formats for Europe; the country from the address,
else the postcode's format, else the card's phone numbers), names, companies and titles printed
in capitals are written in proper case (``plugin.proper_case``). An address no rule is sure of
goes whole into Street Address, its lines joined with ", ". No text is dropped either way.

Formula injection: a cell starting with =, +, -, @, a tab or a CR (or =, +, -, @ after
leading spaces) gets a leading "'", as OWASP advises. Phone columns are the exception for a
plain E.164 number ("+442079460123"): it stays importable, and a "+" followed by digits only
evaluates to that number, never to a formula that runs anything.

Open ``fh`` with ``newline=""`` (the csv module writes the "\\r\\n" itself) and
``encoding="utf-8"``: the text starts with a byte order mark, so Excel reads it as UTF-8.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

from nameparser import HumanName

from . import address_parts
from .record import ExportRecord, card_region, exported_contact

COLUMNS: tuple[str, ...] = (
    "First Name",
    "Last Name",
    "Salutation",
    "Email",
    "Phone Number",
    "Mobile Phone Number",
    "Fax Number",
    "Job Title",
    "Company Name",
    "Website URL",
    "LinkedIn URL",
    "Street Address",
    "City",
    "State/Region",
    "Postal Code",
    "Country/Region",
    "Event",
    "Date Met",
    "Notes",
)
_PHONE_COLUMNS = frozenset({"Phone Number", "Mobile Phone Number", "Fax Number"})
_E164 = re.compile(r"\+[1-9]\d{3,14}")
_MAIN_PHONE_ORDER = ("work", "main", None, "other", "home")


def write_hubspot_csv(records: Iterable[ExportRecord], fh: TextIO) -> None:
    """Write a byte order mark, a header row and one row per record (UTF-8 text, CRLF rows,
    minimal quoting). The BOM is how Excel knows the file is UTF-8 ("Jérôme", not "JÃ©rÃ´me");
    HubSpot's import and Python's "utf-8-sig" read past it."""
    fh.write("\ufeff")
    writer = csv.writer(fh, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in records:
        row = hubspot_row(record)
        writer.writerow([_cell(column, row.get(column)) for column in COLUMNS])


def _cell(column: str, value: str | None) -> str:
    if value is None or not value.strip():
        return ""
    if not (column in _PHONE_COLUMNS and _E164.fullmatch(value)) and (
        value[0] in "=+-@\t\r" or value.lstrip()[:1] in ("=", "+", "-", "@")
    ):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n")


def hubspot_row(rec: ExportRecord) -> dict[str, str | None]:
    c = exported_contact(rec)
    parsed = HumanName(c.get("full_name") or "")
    given = c.get("given_name") or " ".join(p for p in (parsed.first, parsed.middle) if p)
    family = c.get("family_name") or parsed.last
    suffix = c.get("suffix") or parsed.suffix
    emails = [e.strip() for e in c.get("emails") or [] if e and e.strip()]
    phones, others = _phones(c.get("phones") or [])
    event = rec.event
    met = rec.met_on or (event.date if event else None)
    notes = [rec.note]
    if event is not None:
        notes += [_label("Event place", event.place), _label("Event note", event.note)]
        if event.date and event.date != met:
            notes.append(f"Event date: {event.date.isoformat()}")
    notes += [_label("Name suffix", suffix), _label("Other emails", ", ".join(emails[1:]))]
    notes.append(_label("Other phones", ", ".join(others)))
    row: dict[str, str | None] = {
        "First Name": given or None,
        "Last Name": family or None,
        "Salutation": c.get("prefix") or parsed.title or None,
        "Email": emails[0] if emails else None,
        **phones,
        "Job Title": c.get("title"),
        "Company Name": c.get("company"),
        "Website URL": c.get("website"),
        "LinkedIn URL": c.get("linkedin"),
        "Event": event.name if event else None,
        "Date Met": met.isoformat() if met else None,
        "Notes": "\n".join(n for n in notes if n) or None,
    }
    if c.get("address"):
        row.update(split_address(c["address"], card_region(c)))
    return row


def _label(label: str, value: str | None) -> str | None:
    return f"{label}: {value}" if value else None


def _phones(phones: list[dict[str, Any]]) -> tuple[dict[str, str], list[str]]:
    """The phone columns, and the numbers that did not fit, as "number (kind)"."""
    left = [p for p in phones if p.get("number") or p.get("raw")]
    picked: dict[str, str] = {}

    def take(column: str, kinds: Iterable[str | None]) -> None:
        for kind in kinds:
            for phone in left:
                if phone.get("kind") == kind:
                    picked[column] = phone.get("number") or phone["raw"]
                    left.remove(phone)
                    return

    take("Mobile Phone Number", ["mobile"])
    take("Fax Number", ["fax"])
    take("Phone Number", _MAIN_PHONE_ORDER)
    rest = [f"{p.get('number') or p['raw']} ({p.get('kind') or 'phone'})" for p in left]
    return picked, rest


def split_address(address: str, region: str | None = None) -> dict[str, str]:
    """The address columns for one address string: split when ``address_parts`` is sure of the
    parts, else {"Street Address": the whole address, lines joined with ", "}."""
    flat = ", ".join(line.strip() for line in address.splitlines() if line.strip())
    parts = address_parts.split_address(address, region)
    if parts is None:
        return {"Street Address": flat}
    columns = {
        "Street Address": parts.street,
        "City": parts.city,
        "State/Region": parts.region,
        "Postal Code": parts.postcode,
        "Country/Region": parts.country,
    }
    return {k: v for k, v in columns.items() if v}
