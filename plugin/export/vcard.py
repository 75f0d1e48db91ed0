"""vCard 4.0 (RFC 6350) and 3.0 (RFC 2426) export, and import of both, with vobject.

Written per record, in this shape (vobject sorts properties after VERSION and PRODID)::

    BEGIN:VCARD
    VERSION:4.0
    PRODID:-//cardfollow//cardfollow vCard export//EN
    KIND:individual
    FN:Dr. Jane Smith PhD             (;X-CARDFOLLOW-DERIVED=true when composed, not read)
    N:Smith;Jane;;Dr.;PhD
    ORG:Acme\\, Inc.                  (one unit: a ";" in the name is escaped, not a sub-unit)
    TITLE / URL (website) / NOTE (the user's note)
    EMAIL;TYPE=work;PREF=1:...        (PREF=1 on the first; order kept)
    TEL;TYPE=cell;VALUE=uri;X-CARDFOLLOW-RAW="+44 7700 900123":tel:+447700900123
    ADR;TYPE=work;LABEL=<as printed>:;;<street>;<city>;<region>;<postcode>;<country>
                                      (split by address_parts; else the whole address as street)
    SOCIALPROFILE;SERVICE-TYPE=LinkedIn:...  (RFC 9554) and X-SOCIALPROFILE;TYPE=linkedin:...
    CATEGORIES:<event name>           (display only: address books show it as a group/label)
    X-CARDFOLLOW-EVENT / -EVENT-DATE / -EVENT-PLACE / -EVENT-TEMPLATE / -EVENT-NOTE
    X-CARDFOLLOW-MET-ON / -CARD-ID / -PHOTO (a path, never embedded) / -CREATED (ISO 8601)
    REV:<created, UTC>
    END:VCARD

Phone kinds go to TYPE (mobile=cell, work=work,voice, fax=work,fax, home=home,voice,
main=work,voice, other=voice); X-CARDFOLLOW-KIND carries a kind TYPE cannot say ("main",
"other"), X-CARDFOLLOW-RAW the number as printed. Numbers not in E.164 go out as text.

vCard 3.0 (``version="3.0"``), for Apple and Google Contacts: no KIND; N always; EMAIL with
TYPE=internet,work and TYPE=pref on the first; TEL as text, not a tel: URI; no SOCIALPROFILE
(X-SOCIALPROFILE only). Everything else as above.

Names, companies and titles printed in capitals go out in proper case (``exported_contact``).

Round trip: ``from_vcards(to_vcards(records)) == records`` (contacts as ``exported_contact``
writes them) for contacts in the extract shape, in either version,
with two normalisations vCard forces: CR and CRLF inside values come back as LF (vCard has
no escape for CR), and an empty string comes back as None.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from typing import Any

import phonenumbers
import vobject
from vobject.base import ContentLine, ParseError, getLogicalLines, textLineToContentLine

from plugin.models import ContactDict, EventInfo

from . import address_parts
from .record import ExportRecord, card_region, exported_contact
from .vtext import caret_decode, caret_encode, fold, structured, unescape

PRODID = "-//cardfollow//cardfollow vCard export//EN"
X = "X-CARDFOLLOW-"
_TEL_TYPES: dict[str | None, list[str]] = {
    "mobile": ["cell"],
    "work": ["work", "voice"],
    "fax": ["work", "fax"],
    "home": ["home", "voice"],
    "main": ["work", "voice"],
    "other": ["voice"],
    None: [],
}
_E164 = re.compile(r"\+[1-9]\d{3,14}")


VERSIONS = ("4.0", "3.0")


def to_vcards(records: Iterable[ExportRecord], version: str = "4.0") -> str:
    """One vCard per record (4.0, RFC 6350; or 3.0, RFC 2426, which Apple and Google Contacts
    prefer), CRLF line endings, lines folded at 75 octets."""
    if version not in VERSIONS:
        raise ValueError(f"vCard version {version!r}: use one of {', '.join(VERSIONS)}")
    # vobject folds by characters, not octets; serialise unfolded and fold here.
    return "".join(fold(_card(r, version).serialize(lineLength=10**9)) for r in records)


def _set(
    card: Any, name: str, value: str | None, /, keep_empty: bool = False, **params: list[str]
) -> None:
    """Add a property unless ``value`` is empty; param names come as python_style keywords."""
    if not value and not keep_empty:
        return
    line = card.add(name)
    line.value = value
    for key, values in params.items():
        line.params[key.replace("_", "-").upper()] = [caret_encode(v) for v in values]


def _formatted_name(c: ContactDict) -> tuple[str, bool]:
    if c.get("full_name"):
        return c["full_name"], False
    parts = [c.get(k) for k in ("prefix", "given_name", "family_name", "suffix")]
    fallbacks = [" ".join(p for p in parts if p), c.get("company"), *(c.get("emails") or [])]
    return next((f for f in fallbacks if f), ""), True


def _card(rec: ExportRecord, version: str = "4.0") -> Any:
    c = exported_contact(rec)
    v3 = version == "3.0"
    card = vobject.vCard()
    card.add("version").value = version
    _set(card, "prodid", PRODID)
    if not v3:  # KIND is new in 4.0
        _set(card, "kind", "individual")
    fn, derived = _formatted_name(c)
    card.add("fn").value = fn
    if derived:
        card.fn.params[f"{X}DERIVED"] = ["true"]
    name_parts = {k: c.get(f"{k}_name") or "" for k in ("given", "family")}
    name_parts.update(prefix=c.get("prefix") or "", suffix=c.get("suffix") or "")
    if any(name_parts.values()) or v3:  # N is required in 3.0
        card.add("n").value = vobject.vcard.Name(**name_parts)
    if c.get("company"):
        card.add("org").value = [c["company"]]
    _set(card, "title", c.get("title"))
    for i, email in enumerate(c.get("emails") or []):
        if v3:  # 3.0 says "preferred" as a TYPE
            _set(card, "email", email, type=["internet", "work", *(["pref"] if i == 0 else [])])
        else:
            _set(card, "email", email, type=["work"], **({"pref": ["1"]} if i == 0 else {}))
    for phone in c.get("phones") or []:
        _add_phone(card, phone, v3)
    _set(card, "url", c.get("website"))
    if c.get("address"):
        _add_address(card, c["address"], card_region(c))
    if not v3:  # SOCIALPROFILE is RFC 9554 (4.0); Apple's X-SOCIALPROFILE reads in both
        _set(card, "socialprofile", c.get("linkedin"), service_type=["LinkedIn"])
    _set(card, "x-socialprofile", c.get("linkedin"), type=["linkedin"])
    _set(card, "note", rec.note)
    if rec.event is not None:
        ev = rec.event
        card.add(f"{X}EVENT").value = ev.name
        if ev.name:
            card.add("categories").value = [ev.name]
        _set(card, f"{X}EVENT-DATE", ev.date.isoformat() if ev.date else None)
        _set(card, f"{X}EVENT-PLACE", ev.place)
        _set(card, f"{X}EVENT-TEMPLATE", ev.template)
        _set(card, f"{X}EVENT-NOTE", ev.note)
    _set(card, f"{X}MET-ON", rec.met_on.isoformat() if rec.met_on else None)
    _set(card, f"{X}CARD-ID", str(rec.card_id))
    _set(card, f"{X}PHOTO", rec.photo)
    if rec.created is not None:
        _set(card, f"{X}CREATED", rec.created.isoformat())
        _set(card, "rev", _rev(rec.created))
    return card


def _add_address(card: Any, address: str, region: str | None) -> None:
    """ADR in parts when ``address_parts`` is sure of them, with the address as printed in the
    LABEL parameter (so it reads back exactly); else the whole address as the street."""
    adr = card.add("adr")
    parts = address_parts.split_address(address, region)
    if parts is None:
        adr.value = vobject.vcard.Address(street=address)
    else:
        adr.value = vobject.vcard.Address(
            street=parts.street,
            city=parts.city,
            region=parts.region or "",
            code=parts.postcode or "",
            country=parts.country or "",
        )
        adr.params["LABEL"] = [caret_encode(address)]
    adr.params["TYPE"] = ["work"]


def _add_phone(card: Any, phone: dict[str, Any], v3: bool = False) -> None:
    number, kind, raw = phone.get("number") or "", phone.get("kind"), phone.get("raw")
    types = _TEL_TYPES.get(kind, ["voice"])
    params: dict[str, list[str]] = {"type": types} if types else {}
    if _E164.fullmatch(number) and not v3:  # 3.0 has no tel: URIs: the number is text
        params["value"] = ["uri"]
        number = f"tel:{number}"
    if kind is not None and _kind_from_types(types) != kind:
        params["x_cardfollow_kind"] = [kind]
    if raw is not None:
        params["x_cardfollow_raw"] = [raw]
    # An empty number still goes out (as "TEL:") so a phone known only by its raw text survives.
    _set(card, "tel", number, keep_empty=True, **params)


def _rev(created: dt.datetime) -> str:
    if created.tzinfo is not None:
        return created.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return created.strftime("%Y%m%dT%H%M%S")


def _kind_from_types(types: Iterable[str]) -> str | None:
    found = {t.lower() for t in types}
    for kind, words in (
        ("fax", {"fax"}),
        ("mobile", {"cell", "mobile", "iphone"}),
        ("main", {"main", "main-number"}),
        ("work", {"work"}),
        ("home", {"home"}),
    ):
        if found & words:
            return kind
    return None


# --- reading ------------------------------------------------------------------------------


def from_vcards(text: str) -> list[ExportRecord]:
    """Every vCard in ``text`` as a record: ours exactly, others' (3.0/4.0) as well as they map.

    Lines vobject cannot parse are skipped. Cards from elsewhere get ``card_id`` 0; their
    first ORG unit becomes the company and their N additional names join the given name.
    """
    records: list[ExportRecord] = []
    lines: list[ContentLine] = []
    depth = 0
    for raw, number in getLogicalLines(io.StringIO(text), allowQP=False):
        try:
            line = textLineToContentLine(raw, number)
        except ParseError:
            continue
        is_card = line.value.strip().upper() == "VCARD"
        if line.name == "BEGIN" and is_card:
            depth += 1
            lines = [] if depth == 1 else lines
        elif line.name == "END" and is_card and depth:
            depth -= 1
            if depth == 0:
                records.append(_record(lines))
        elif depth == 1:
            lines.append(line)
    return records


def _types(line: ContentLine) -> list[str]:
    values = [v for p in line.params.get("TYPE", []) for v in p.split(",")]
    return [v.strip().lower() for v in values + line.singletonparams]


def _param(line: ContentLine, key: str) -> str | None:
    values = line.params.get(key)
    return caret_decode(values[0]) if values else None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _record(lines: list[ContentLine]) -> ExportRecord:
    props: dict[str, list[ContentLine]] = {}
    for line in lines:
        props.setdefault(line.name, []).append(line)
    ours = f"{X}CARD-ID" in props

    def text(name: str) -> str | None:
        found = props.get(name)
        return (unescape(found[0].value) or None) if found else None

    event = None
    if f"{X}EVENT" in props:
        event = EventInfo(
            name=text(f"{X}EVENT") or "",
            date=_date(text(f"{X}EVENT-DATE")),
            place=text(f"{X}EVENT-PLACE"),
            template=text(f"{X}EVENT-TEMPLATE"),
            note=text(f"{X}EVENT-NOTE"),
        )
    created = text(f"{X}CREATED")
    card_id = text(f"{X}CARD-ID") or ""
    return ExportRecord(
        card_id=int(card_id) if card_id.strip().lstrip("-").isdigit() else 0,
        contact=_contact(props, ours),
        event=event,
        met_on=_date(text(f"{X}MET-ON")),
        note=text("NOTE"),
        photo=text(f"{X}PHOTO"),
        created=dt.datetime.fromisoformat(created) if created else None,
    )


def _contact(props: dict[str, list[ContentLine]], ours: bool) -> ContactDict:
    def first(name: str) -> ContentLine | None:
        return props[name][0] if props.get(name) else None

    def value(line: ContentLine | None) -> str | None:
        return (unescape(line.value) or None) if line is not None else None

    fn = first("FN")
    full_name = None if fn is None or (ours and _param(fn, f"{X}DERIVED")) else value(fn)
    n = structured(first("N").value) if first("N") else []
    n += [[""]] * (5 - len(n))

    def part(i: int, sep: str = " ") -> str | None:
        return sep.join(p for p in n[i] if p) or None

    given = " ".join(p for p in (part(1), part(2)) if p) or None
    org = first("ORG")
    company = next((u[0] for u in structured(org.value) if u[0]), None) if org else None
    emails = sorted(props.get("EMAIL", []), key=_pref)
    links = [*props.get("SOCIALPROFILE", []), *props.get("X-SOCIALPROFILE", [])]
    linkedin = [u for u in links if _is_linkedin(u)]
    linkedin += [u for u in props.get("URL", []) if _is_linkedin(u)]
    websites = [u for u in props.get("URL", []) if not _is_linkedin(u)]
    return {
        "full_name": full_name,
        "given_name": given,
        "family_name": part(0),
        "prefix": part(3),
        "suffix": part(4, ", "),
        "title": value(first("TITLE")),
        "company": company,
        "emails": [re.sub(r"^mailto:", "", unescape(e.value), flags=re.I) for e in emails],
        "phones": [_phone(t, ours) for t in props.get("TEL", [])],
        "website": value(websites[0]) if websites else None,
        "address": _address(first("ADR")),
        "linkedin": value(linkedin[0]) if linkedin else None,
    }


def _pref(line: ContentLine) -> int:
    """RFC 6350 PREF (1 is most preferred), or vCard 3's TYPE=pref; the rest keep their order."""
    pref = _param(line, "PREF") or ""
    if pref.isdigit():
        return int(pref)
    return 1 if "pref" in _types(line) else 101


def _is_linkedin(line: ContentLine) -> bool:
    service = (_param(line, "SERVICE-TYPE") or "").lower()
    return service == "linkedin" or any("linkedin" in t for t in _types(line))


def _phone(line: ContentLine, ours: bool) -> dict[str, Any]:
    shown = unescape(line.value)
    number = re.sub(r"^tel:", "", shown, flags=re.I)
    kind = _param(line, f"{X}KIND") or _kind_from_types(_types(line))
    raw = _param(line, f"{X}RAW")
    if ours:  # written by to_vcards: take everything exactly as it was written
        return {"number": number or None, "kind": kind, "raw": raw}
    raw = raw if raw is not None else number  # from elsewhere the value is the printed text
    try:
        parsed = phonenumbers.parse(number, None)
        number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass  # no country code: keep the text; the user's region is not known here
    return {"number": number, "kind": kind, "raw": raw}


def _address(line: ContentLine | None) -> str | None:
    if line is None:
        return None
    label = _param(line, "LABEL")
    if label:
        return label
    parts = [item for component in structured(line.value) for item in component if item]
    return ", ".join(parts) or None
