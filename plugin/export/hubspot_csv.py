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

Addresses: a US address that usaddress tags cleanly (street, city, a US state, a ZIP code,
optionally a US country name, in that order) is split over the address columns, with
Country/Region "United States" when the card left it out. Anything else goes whole into
Street Address, its lines joined with ", ". No text is dropped either way.

Formula injection: a cell starting with =, +, -, @, a tab or a CR (or =, +, -, @ after
leading spaces) gets a leading "'", as OWASP advises. Phone columns are the exception for a
plain E.164 number ("+442079460123"): it stays importable, and a "+" followed by digits only
evaluates to that number, never to a formula that runs anything.

Open ``fh`` with ``newline=""`` (the csv module writes the "\\r\\n" itself) and
``encoding="utf-8"`` (or "utf-8-sig" if the file will also be opened in Excel).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

import usaddress
from nameparser import HumanName

from .record import ExportRecord

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

_US_STATES = {
    "AL": "alabama", "AK": "alaska", "AZ": "arizona", "AR": "arkansas", "CA": "california",
    "CO": "colorado", "CT": "connecticut", "DE": "delaware", "FL": "florida", "GA": "georgia",
    "HI": "hawaii", "ID": "idaho", "IL": "illinois", "IN": "indiana", "IA": "iowa",
    "KS": "kansas", "KY": "kentucky", "LA": "louisiana", "ME": "maine", "MD": "maryland",
    "MA": "massachusetts", "MI": "michigan", "MN": "minnesota", "MS": "mississippi",
    "MO": "missouri", "MT": "montana", "NE": "nebraska", "NV": "nevada",
    "NH": "new hampshire", "NJ": "new jersey", "NM": "new mexico", "NY": "new york",
    "NC": "north carolina", "ND": "north dakota", "OH": "ohio", "OK": "oklahoma",
    "OR": "oregon", "PA": "pennsylvania", "RI": "rhode island", "SC": "south carolina",
    "SD": "south dakota", "TN": "tennessee", "TX": "texas", "UT": "utah", "VT": "vermont",
    "VA": "virginia", "WA": "washington", "WV": "west virginia", "WI": "wisconsin",
    "WY": "wyoming", "DC": "district of columbia", "PR": "puerto rico", "GU": "guam",
    "VI": "virgin islands", "AS": "american samoa", "MP": "northern mariana islands",
}  # fmt: skip
_US_STATE_WORDS = {k.lower() for k in _US_STATES} | set(_US_STATES.values())
_US_NAMES = {"us", "usa", "u.s.", "u.s.a.", "united states", "united states of america"}
_TAIL = ("PlaceName", "StateName", "ZipCode", "CountryName")


def write_hubspot_csv(records: Iterable[ExportRecord], fh: TextIO) -> None:
    """Write a header row and one row per record (UTF-8 text, CRLF rows, minimal quoting)."""
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
    c = rec.contact
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
        row.update(split_address(c["address"]))
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


def split_address(address: str) -> dict[str, str]:
    """Address columns for one address string: split if it is a cleanly tagged US address,
    else {"Street Address": the whole address, lines joined with ", "}."""
    flat = ", ".join(line.strip() for line in address.splitlines() if line.strip())
    whole = {"Street Address": flat}
    try:
        tokens = usaddress.parse(flat)
    except Exception:  # usaddress raises its own errors on odd input; keep the text whole
        return whole
    labels = [label for _, label in tokens]
    if "PlaceName" not in labels or not _keeps_all_text(flat, tokens):
        return whole
    start = labels.index("PlaceName")
    street, tail = tokens[:start], tokens[start:]
    tail_labels = [label for _, label in tail]
    if not street or any(label in _TAIL for _, label in street):
        return whole
    if any(label not in _TAIL for label in tail_labels) or tail_labels != sorted(
        tail_labels, key=_TAIL.index
    ):
        return whole
    parts = {
        label: " ".join(t.strip(",") for t, lab in tail if lab == label).strip() for label in _TAIL
    }
    state = parts["StateName"].replace(".", "").lower()
    country = parts["CountryName"]
    if (
        state not in _US_STATE_WORDS
        or not re.fullmatch(r"\d{5}(-\d{4})?", parts["ZipCode"])
        or (country and country.lower() not in _US_NAMES)
        or not parts["PlaceName"]
    ):
        return whole
    return {
        "Street Address": " ".join(t for t, _ in street).strip().rstrip(","),
        "City": parts["PlaceName"],
        "State/Region": parts["StateName"],
        "Postal Code": parts["ZipCode"],
        "Country/Region": country or "United States",
    }


def _keeps_all_text(flat: str, tokens: list[tuple[str, str]]) -> bool:
    def squash(text: str) -> str:
        return re.sub(r"[\s,]", "", text)

    return squash("".join(t for t, _ in tokens)) == squash(flat)
