"""The parse's outcome: confidences weighed by how much text found no place, the fields that
may be missing, and the ParsedContact built from the chosen fields."""

from __future__ import annotations

import re

from ocr.models import CONTACT_FIELDS, Contact, ParsedContact
from ocr.parse import address as addr
from ocr.parse.company import strip_legal_form
from ocr.parse.phones import NOT_PHONE_CONTEXT, is_bare_label
from ocr.parse.postnominals import is_credentials
from ocr.parse.reading_doubts import (
    company_doubt,
    domain_misspells_company,
    glued_email,
    near_miss_domain,
    read_two_ways,
    spelled_out_elsewhere,
    words_run_together,
)
from ocr.parse.segments import Field, Segment
from ocr.parse.text import letters_ratio, vocab
from ocr.parse.titles import title_score


def weigh_by_leftovers(
    fields: dict[str, Field], unexplained: list[Segment], candidates: list[Segment]
) -> None:
    """A card whose text mostly went nowhere was read or understood badly: its name, title and
    company, chosen among that text, are less sure than on a card where every line found a
    place."""
    wordy = [s for s in unexplained if s.conf >= 0.5 and letters_ratio(s.text) >= 0.6]
    share = len(wordy) / max(1, len(candidates))
    for name in ("full_name", "given_name", "family_name", "title", "company"):
        if name in fields:
            f = fields[name]
            fields[name] = Field(f.value, f.conf * (1.0 - 0.5 * share), f.boxes)


# What looks like a web address on a card (emails taken out first): 'www', a scheme, or a host
# name ending in a common top-level domain, optionally under a country one.
_EMAIL_LIKE = re.compile(r"\S+@\S+")
# A social profile's address is the person's page, not the firm's website: no website missed.
_SOCIAL_LIKE = re.compile(
    r"(?i)\S*\b(?:linkedin|facebook|instagram|twitter|x|youtube|tiktok|xing|wa|t)\.(?:com|me)\S*"
)
_WEB_LIKE = re.compile(
    r"(?i)\bwww\b|https?\s*:|\b[a-z0-9][a-z0-9-]+\.(?:[a-z0-9-]+\.)*"
    r"(?:com|net|org|biz|info|edu|gov|io|ai|co|de|fr|uk|tr|in|jp|kr|cn|hk|tw|sg|ae|sa|it|es|nl|be|"
    r"ch|at|se|no|dk|fi|pl|pt|br|mx|ar|au|nz|za|ru|th|vn|my|id|ph|lk|bd|pk|eg|ma)\b"
)


# Words that name a place, a unit or opening times on a card ('Head Office', 'Branch', 'Office
# Hours', 'By Appointment', 'Factory'): such a line is neither a role nor the company.
_PLACE_WORDS = vocab(
    "office offices branch headquarters hq hours appointment factory depot warehouse showroom "
    "department dept division fabrika büro niederlassung sucursal succursale filiale"
)


# An invitation printed on the card ('Visit us at', 'Follow us'): neither a role nor a firm.
_INVITATION = re.compile(r"(?i)\b(?:visit|follow|find|scan|call|contact|join|meet)\s+us\b")


def _ends_in_place(text: str) -> bool:
    """'Vienna Airport, Austria', 'Atasehir /istanbul /Turkiye', 'Başakşehir - İSTANBUL': the
    end of an address (a district, then its city or country after a separator)."""
    parts = [p for p in re.split(r"\s*[,/|–-]\s*", text) if p.strip()]
    return len(parts) >= 2 and (addr.is_country_line(parts[-1]) or addr.is_city_only(parts[-1]))


def could_be_title_or_company(text: str) -> bool:
    """Whether a line left over could be a title or company the parser missed. Not: a bare
    label ('Telefon', 'Gsm:'), a line with digits (a street, a postcode, a registration), an
    address or a list of places ('Devenigoda, Rathgama, Galle'), a handle, a registration
    label, degrees ('B.Com, ACA'), an invitation ('Visit us at'), the end of an address ('Vienna
    Airport, Austria'), or a place or unit ('Head Office', 'Office Hours'). Titles
    and company names have none of these; a slogan or a second-language repeat still passes."""
    t = text.strip()
    if is_bare_label(t) or t.endswith(":") or re.search(r"\d|@", t):
        return False
    if addr.address_score(t) > 0 or t.count(",") >= 2 or NOT_PHONE_CONTEXT.search(t):
        return False
    if is_credentials(t) or _INVITATION.search(t) or _ends_in_place(t):
        return False
    words = re.findall(r"[^\W\d_]+", t.lower())
    return not (title_score(t) == 0 and any(w in _PLACE_WORDS for w in words))


def _squash(text: str) -> str:
    return re.sub(r"[\W\d_]+", "", text.lower())


def _repeats_known(text: str, fields: dict[str, Field]) -> bool:
    """A leftover line that only repeats the company or the web/email domain ('PLASCOW' over
    'Plascow Ltd', 'haksel' beside haksel.com): the logo, printed again; nothing was missed."""
    mine = _squash(text)
    if len(mine) < 3:
        return False
    known = [str(fields[f].value) for f in ("company", "website") if f in fields]
    known += [e.split("@", 1)[-1] for e in (fields["emails"].value if "emails" in fields else ())]
    return any(mine in _squash(k) for k in known)


# Digits as a phone number is printed: groups joined by spaces, dots, dashes, brackets.
_RUN = re.compile(r"\+?\(?\d[\d\s().·/-]*\d")


def phone_like_run(text: str) -> bool:
    """Whether a line holds seven or more digits in one run, as a phone number is printed; the
    digits of an address spread over its parts ('245, Daehak-ro, Daejeon, 34141') are not."""
    return any(sum(c.isdigit() for c in m.group(0)) >= 7 for m in _RUN.finditer(text))


def bare_legal_form_left(segments: list[Segment], company: str) -> bool:
    """A line that is only a legal form ('GmbH', 'Ltd.') that no field took: the company's
    name ran onto it and the company read ('Weber & Partner') may be cut before it."""
    have = _squash(company)
    return any(
        not seg.used
        and _squash(seg.text)
        and not strip_legal_form(seg.text).strip(" .,&-()")
        and not have.endswith(_squash(seg.text))
        for seg in segments
    )


def title_line_left(fields: dict[str, Field], segments: list[Segment]) -> bool:
    """Whether a wordy piece of the title's own line went to no field ('Sr. Director | Edge
    Visualization BU' read as 'Sr. Director'), or a word of the title's own piece did: the
    title may be cut."""
    boxes = set(fields["title"].boxes)
    taken = {b for f in fields.values() for b in f.boxes}  # a name beside it is no loss
    lines = {seg.line_no for seg in segments if any(w.box in boxes for w in seg.words)}
    # A word of the title's own piece left out of it ('GELIŞTIRME', read poorly, dropped).
    dropped = [
        w.text
        for seg in segments
        if any(w.box in boxes for w in seg.words)
        for w in seg.words
        if w.box not in taken and sum(c.isalpha() for c in w.text) >= 3
    ]
    return bool(dropped) or any(
        seg.line_no in lines
        and not seg.used
        and not any(w.box in taken for w in seg.words)
        and letters_ratio(seg.text) >= 0.6
        and len(seg.text) > 3
        and could_be_title_or_company(seg.text)
        for seg in segments
    )


# Words a line cannot end on unless the text goes on: 'NTT DATA INSTITUTE OF' / 'MANAGEMENT
# CONSULTING, Inc.' prints one name over two lines.
_DANGLING = vocab("of and & for the de du des la le del della di und für van voor e y et da do")


def dangling_line_left(segments: list[Segment], fields: dict[str, Field]) -> bool:
    """Whether a line no field took ends in a linking word: a company name printed over two
    lines of which only one was read."""
    taken = {b for f in fields.values() for b in f.boxes}
    return any(
        not seg.used
        and len(seg.words) >= 2
        and not any(w.box in taken for w in seg.words)
        and seg.words[-1].text.lower() in _DANGLING
        for seg in segments
    )


def doubtful_fields(
    fields: dict[str, Field],
    unexplained: list[Segment],
    segments: list[Segment],
    spans: dict[int, list[tuple[int, int]]],
) -> tuple[str, ...]:
    """Fields that may be missing or incomplete although nothing read was doubtful: text left
    over that could be the missing title or company, or digits that could be a missed number."""
    wordy = [
        s
        for s in unexplained
        if s.conf >= 0.6
        and letters_ratio(s.text) >= 0.6
        and len(s.text) > 3
        and could_be_title_or_company(s.text)
        and not _repeats_known(s.text, fields)
    ]
    doubts = [f for f in ("title", "company") if f not in fields and wordy]
    if "website" not in fields and any(
        _WEB_LIKE.search(_SOCIAL_LIKE.sub(" ", _EMAIL_LIKE.sub(" ", seg.text))) for seg in segments
    ):
        doubts.append("website")  # a web address was printed but none was taken: a look
    emails = tuple(str(e) for e in fields["emails"].value) if "emails" in fields else ()
    name = str(fields["full_name"].value) if "full_name" in fields else ""
    texts = [seg.text for seg in segments]
    if any(glued_email(e, texts, name) for e in emails):
        doubts.append("emails")  # the local part may carry its label's letter, or lost one
    near = near_miss_domain(str(fields["website"].value), emails) if "website" in fields else ""
    if near:
        doubts.append("website")  # the site and the email's domain differ by a misread
    if near == "misread" and "emails" not in doubts:
        doubts.append("emails")  # ... which may be the email's
    company = str(fields["company"].value) if "company" in fields else ""
    site = str(fields["website"].value) if "website" in fields else ""
    if company and site and "website" not in doubts and domain_misspells_company(company, site):
        doubts.append("website")  # one letter from the company's name: misread
    hosts = [e.partition("@")[2] for e in emails]
    if (
        company
        and "emails" not in doubts
        and any(domain_misspells_company(company, h) for h in hosts)
    ):
        doubts.append("emails")  # ... the same for the email's domain
    if company and (
        company_doubt(company, emails, site or None)  # cut short beside its domain, a tagline
        or bare_legal_form_left(segments, company)  # its legal form on a line of its own
        or dangling_line_left(segments, fields)  # a line left over ends in 'of': a name goes on
        or spelled_out_elsewhere(company, [s.text for s in wordy])  # a logo's short form
    ):
        doubts.append("company")
    on_card = (*hosts, site) if site else tuple(hosts)
    for f in ("full_name", "title", "company"):
        value = str(fields[f].value) if f in fields else ""
        if value and f not in doubts and words_run_together(value, on_card):
            doubts.append(f)  # spaces lost between its words
    for f in ("full_name", "title", "company"):
        value = str(fields[f].value) if f in fields else ""
        if value and f not in doubts and read_two_ways(value, texts):
            doubts.append(f)  # the same word read two ways on the card: one reading is wrong
    if "title" in fields and title_line_left(fields, segments):
        doubts.append("title")  # the rest of its line went nowhere: the title may go on
    for seg in segments:
        if seg.used or spans.get(seg.index) or addr.address_score(seg.text) > 0:
            continue
        if seg.conf < 0.2:
            continue  # read as noise (a pattern, a logo's texture): no printed number
        if phone_like_run(seg.text) and not NOT_PHONE_CONTEXT.search(seg.text):
            doubts.append("phones")  # a number nothing took: a missed phone, or a misread one
            break
    return tuple(doubts)


def build_parsed(fields: dict[str, Field], doubts: tuple[str, ...] = ()) -> ParsedContact:
    def val(name: str) -> object:
        f = fields.get(name)
        return f.value if f else None

    prefix = val("_prefix")
    suffix = val("_suffix")
    contact = Contact(
        full_name=val("full_name"),  # type: ignore[arg-type]
        given_name=val("given_name"),  # type: ignore[arg-type]
        family_name=val("family_name"),  # type: ignore[arg-type]
        prefix=prefix,  # type: ignore[arg-type]
        suffix=suffix,  # type: ignore[arg-type]
        title=val("title"),  # type: ignore[arg-type]
        company=val("company"),  # type: ignore[arg-type]
        emails=val("emails") or (),  # type: ignore[arg-type]
        phones=val("phones") or (),  # type: ignore[arg-type]
        website=val("website"),  # type: ignore[arg-type]
        address=val("address"),  # type: ignore[arg-type]
        linkedin=val("linkedin"),  # type: ignore[arg-type]
    )
    confidence = {
        name: round(max(0.0, min(1.0, fields[name].conf)), 3) if name in fields else 0.0
        for name in CONTACT_FIELDS
    }
    boxes = {name: fields[name].boxes for name in CONTACT_FIELDS if name in fields}
    return ParsedContact(contact=contact, confidence=confidence, boxes=boxes, doubtful=doubts)
