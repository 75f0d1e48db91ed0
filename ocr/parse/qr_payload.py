"""A QR code's text: vCard (2.1/3.0/4.0), MeCard, a bare URL; anything else is no contact."""

from __future__ import annotations

import re

import phonenumbers
import vobject

from ocr.models import Contact, Phone, PhoneKind, Settings
from ocr.parse.emails import find_emails
from ocr.parse.names import parse_name
from ocr.parse.text import clean
from ocr.parse.web import find_linkedin, normalise_url


def _kind(types: list[str]) -> PhoneKind:
    lowered = {t.lower() for t in types}
    if "fax" in lowered:
        return "fax"
    if lowered & {"cell", "mobile", "iphone"}:
        return "mobile"
    if lowered & {"work", "voice", "main", "pref"} or not lowered:
        return "work"
    return "other"


def _phone(raw: str, kind: PhoneKind, settings: Settings) -> Phone | None:
    raw = clean(raw.removeprefix("tel:"))
    region = settings.default_region or "US"
    text = re.sub(r"(\+\s?\d{1,3})\s*\(0\)\s*", r"\1 ", raw)
    try:
        number = phonenumbers.parse(text, None if text.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Phone(number=e164, kind=kind, raw=raw)


def _email(raw: str) -> str | None:
    found = find_emails(clean(raw))
    return found[0].address if found else None


def _website_or_linkedin(raw: str) -> tuple[str | None, str | None]:
    raw = clean(raw)
    li = find_linkedin(raw)
    if li:
        return None, li.value
    if not re.match(r"(?i)^(?:https?://)?[\w.-]+\.[a-z]{2,}(?:[/?#]\S*)?$", raw):
        return None, None
    return normalise_url(raw), None


def _split_vcards_unfold(payload: str) -> str:
    # Normalise line endings and unfold folded lines; QR generators are sloppy about CRLF.
    text = payload.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\n[ \t]", "", text)
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not any(ln.upper().startswith("END:VCARD") for ln in lines):
        lines.append("END:VCARD")
    if not any(ln.upper().startswith("VERSION:") for ln in lines):
        lines.insert(1, "VERSION:3.0")
    return "\r\n".join(lines) + "\r\n"


def _from_vcard(payload: str, settings: Settings) -> Contact:
    try:
        card = vobject.readOne(_split_vcards_unfold(payload), ignoreUnreadable=True)
    except Exception:  # vobject raises many kinds on malformed input; fall back to a line scan
        return _from_vcard_lines(payload, settings)
    return _contact_from_props(
        [
            (c.name.upper(), {**c.params, "_SINGLE": list(c.singletonparams)}, c.value)
            for c in card.getChildren()
        ],
        settings,
    )


def _from_vcard_lines(payload: str, settings: Settings) -> Contact:
    """Tolerant line-by-line reading for payloads vobject refuses."""
    props: list[tuple[str, dict[str, list[str]], object]] = []
    for line in re.split(r"\r\n|\r|\n", payload):
        if ":" not in line:
            continue
        head, _, value = line.partition(":")
        name, *params = head.split(";")
        types: list[str] = []
        for p in params:
            key, _, val = p.partition("=")
            types.extend((val or key).split(","))
        name = name.split(".")[-1].upper()
        if name == "N":
            value_obj: object = value.split(";")
        elif name == "ADR":
            value_obj = value.split(";")
        else:
            value_obj = value
        props.append((name, {"TYPE": types}, value_obj))
    return _contact_from_props(props, settings)


def _n_parts(value: object) -> tuple[str, str, str, str]:
    """(family, given, prefix, suffix) from a vobject Name or a raw split list."""
    if isinstance(value, vobject.vcard.Name):
        parts = [value.family, value.given, value.additional, value.prefix, value.suffix]
        parts = [" ".join(p) if isinstance(p, list) else (p or "") for p in parts]
    else:
        parts = [*list(value), "", "", "", "", ""][:5]  # type: ignore[call-overload]
    family, given, additional, prefix, suffix = (clean(str(p)) for p in parts)
    given = " ".join(p for p in (given, additional) if p)
    return family, given, prefix, suffix


def _adr(value: object) -> str:
    if isinstance(value, vobject.vcard.Address):
        parts = [value.box, value.extended, value.street, value.code, value.city, value.region,
                 value.country]  # fmt: skip
        parts = [" ".join(p) if isinstance(p, list) else (p or "") for p in parts]
    else:
        raw = [*list(value), "", "", "", "", "", "", ""][:7]  # type: ignore[call-overload]
        # vCard order: box; extended; street; locality; region; code; country
        parts = [raw[0], raw[1], raw[2], raw[5], raw[3], raw[4], raw[6]]
    box, ext, street, code, city, region, country = (clean(str(p)) for p in parts)
    city_line = " ".join(p for p in (code, city, region) if p)
    return ", ".join(p for p in (box, ext, street, city_line, country) if p)


def _contact_from_props(
    props: list[tuple[str, dict[str, list[str]], object]], settings: Settings
) -> Contact:
    data: dict[str, object] = {}
    emails: list[str] = []
    phones: list[Phone] = []
    for name, params, value in props:
        # vCard 2.1 writes bare parameters ('TEL;CELL:'): the key itself is the type then.
        types = [t for vals in params.values() for v in vals for t in str(v).split(",")]
        types += [k for k, vals in params.items() if k.upper() != "TYPE" and not vals]
        if name == "FN" and isinstance(value, str) and value.strip():
            data["fn"] = clean(value)
        elif name == "N":
            family, given, prefix, suffix = _n_parts(value)
            data.update(family=family or None, given=given or None)
            if prefix:
                data["prefix"] = prefix
            if suffix:
                data["suffix"] = suffix
        elif name == "ORG":
            org = value if isinstance(value, str) else " ".join(str(v) for v in value if v)
            data["company"] = clean(org.replace(";", " ")) or None
        elif name == "TITLE" and isinstance(value, str):
            data["title"] = clean(value) or None
        elif name == "TEL":
            phone = _phone(str(value), _kind(types), settings)
            if phone and phone.number not in {p.number for p in phones}:
                phones.append(phone)
        elif name == "EMAIL":
            email = _email(str(value))
            if email and email not in emails:
                emails.append(email)
        elif name == "URL":
            website, linkedin = _website_or_linkedin(str(value))
            if linkedin:
                data.setdefault("linkedin", linkedin)
            elif website:
                data.setdefault("website", website)
        elif name == "ADR":
            data.setdefault("address", _adr(value) or None)
        elif name in {"X-SOCIALPROFILE", "X-LINKEDIN"}:
            _, linkedin = _website_or_linkedin(str(value))
            if linkedin:
                data.setdefault("linkedin", linkedin)
    full, given, family = data.get("fn"), data.get("given"), data.get("family")
    prefix, suffix = data.get("prefix"), data.get("suffix")
    if full:
        parsed = parse_name(str(full))
        full = parsed.full
        prefix = prefix or parsed.prefix
        suffix = suffix or parsed.suffix
        if not given and not family:
            given, family = parsed.given, parsed.family
    elif given or family:
        full = " ".join(str(p) for p in (given, family) if p)
    return Contact(
        full_name=full or None,  # type: ignore[arg-type]
        given_name=given or None,  # type: ignore[arg-type]
        family_name=family or None,  # type: ignore[arg-type]
        prefix=prefix or None,  # type: ignore[arg-type]
        suffix=suffix or None,  # type: ignore[arg-type]
        title=data.get("title"),  # type: ignore[arg-type]
        company=data.get("company"),  # type: ignore[arg-type]
        emails=tuple(emails),
        phones=tuple(phones),
        website=data.get("website"),  # type: ignore[arg-type]
        address=data.get("address"),  # type: ignore[arg-type]
        linkedin=data.get("linkedin"),  # type: ignore[arg-type]
    )


def _mecard_fields(body: str) -> list[tuple[str, str]]:
    """Split 'N:Doe,John;TEL:123;;' honouring backslash escapes (\\; \\: \\, \\\\)."""
    fields: list[tuple[str, str]] = []
    current = ""
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            current += body[i + 1]
            i += 2
            continue
        if ch == ";":
            if ":" in current:
                key, _, value = current.partition(":")
                fields.append((key.strip().upper(), value))
            current = ""
        else:
            current += ch
        i += 1
    if ":" in current:
        key, _, value = current.partition(":")
        fields.append((key.strip().upper(), value))
    return fields


def _from_mecard(payload: str, settings: Settings) -> Contact:
    body = payload.strip()[len("MECARD:") :]
    props: list[tuple[str, dict[str, list[str]], object]] = []
    for key, value in _mecard_fields(body):
        if key == "N":
            family, _, given = value.partition(",")
            props.append(("N", {}, [family, given]))
        elif key in {"TEL", "TEL-AV"}:
            props.append(("TEL", {}, value))
        elif key in {"EMAIL", "URL", "TITLE", "ORG", "NOTE"}:
            props.append((key, {}, value))
        elif key == "ADR":
            # MeCard ADR is a comma-separated vCard ADR, or free text.
            parts = value.split(",")
            props.append(
                ("ADR", {}, [*parts, "", "", "", "", "", "", ""][:7])
                if len(parts) == 7
                else ("ADR", {}, ["", "", value.strip(), "", "", "", ""])
            )
    return _contact_from_props(props, settings)


def parse_qr_payload(payload: str, settings: Settings) -> Contact:
    """A QR code's text to a contact: vCard, MeCard, a bare (LinkedIn) URL; else empty."""
    text = (payload or "").strip().lstrip("\ufeff")
    upper = text.upper()
    if "BEGIN:VCARD" in upper:
        start = upper.index("BEGIN:VCARD")
        return _from_vcard(text[start:], settings)
    if upper.startswith("MECARD:"):
        return _from_mecard(text, settings)
    if "\n" not in text and " " not in text:
        website, linkedin = _website_or_linkedin(text)
        if linkedin:
            return Contact(linkedin=linkedin)
        if website and re.match(r"(?i)^(?:https?://|www\.)|^[\w-]+(?:\.[\w-]+)+(?:/\S*)?$", text):
            return Contact(website=website)
    return Contact()
