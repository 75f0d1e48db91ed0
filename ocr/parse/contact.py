"""Assemble a contact from OCR lines: pull out the unambiguous fields first, then decide which of
the remaining lines is the name, the job title and the company, and score everything.
"""

from __future__ import annotations

import re

from ocr.models import (
    CONTACT_FIELDS,
    Contact,
    OcrResult,
    ParsedContact,
    Phone,
    Settings,
    Word,
)
from ocr.parse import address as addr
from ocr.parse.company import has_legal_form
from ocr.parse.country import (
    TLD_REGION,
    region_from_plus_codes,
    region_from_tld,
)
from ocr.parse.emails import find_emails, repair_domain, same_but_separators, variants
from ocr.parse.names import email_name_match
from ocr.parse.people import pick_people_fields
from ocr.parse.phones import (
    NOT_PHONE_CONTEXT,
    FoundPhone,
    find_phones,
    has_phone_label,
    is_bare_label,
)
from ocr.parse.segments import Field, Segment, boxes_of, mean_conf, neighbour, split_segments
from ocr.parse.text import clean, is_noise, letters_ratio
from ocr.parse.web import FoundUrl, find_linkedin, find_urls, registrable_domain

_LOW_CONF = 0.3
# Labels that may be left over once a number/address is taken out of a segment.
_LEFTOVER_LABELS = re.compile(
    r"(?i)\b(?:tel|tél|phone|fon|fax|mobile?|mob|cell|handy|e-?mail|mail|web|www|internet|"
    r"site|url|linkedin|in|t|m|f|e|w|p)\b\.?:?"
)


def _infer_region(
    segments: list[Segment], urls: list[FoundUrl], emails: list[str], settings: Settings
) -> tuple[str, bool]:
    """(region, is_guess). Order: printed +code, address, TLD, default_region, else US (guess)."""
    texts = [s.text for s in segments]
    region = region_from_plus_codes(texts)
    if region:
        return region, False
    address_lines = [
        s.text for s in segments if addr.address_score(s.text) > 0 or addr.names_a_city(s.text)
    ]
    region = addr.region_from_address(address_lines)
    if region:
        return region, False
    for host in [u.value for u in urls] + [e.split("@", 1)[1] for e in emails]:
        region = region_from_tld(host.split("/", 1)[0])
        if region:
            return region, False
    if settings.default_region:
        return settings.default_region.upper(), False
    return "US", True


def _repair_domains(fields: dict[str, Field], region: str | None) -> None:
    """Cross-check email and website domains: one OCR confusion apart means one is misread."""
    region_tld = next((t for t, r in TLD_REGION.items() if r == region and len(t) == 2), None)
    emails: list[str] = list(fields["emails"].value) if "emails" in fields else []  # type: ignore[call-overload]
    site = fields.get("website")
    site_host = str(site.value).split("/", 1)[0] if site else None
    site_domain = site_host.removeprefix("www.") if site_host else None
    trusted = {site_domain} if site_domain else set()
    fixed_emails: list[str] = []
    for i, email in enumerate(emails):
        local, _, domain = email.partition("@")
        others = {e.partition("@")[2] for j, e in enumerate(emails) if j != i}
        fixed = f"{local}@{repair_domain(domain, trusted, others, region_tld)}"
        if fixed not in fixed_emails:
            fixed_emails.append(fixed)
    if emails and fixed_emails != emails:
        f = fields["emails"]
        fields["emails"] = Field(tuple(fixed_emails), f.conf * 0.9, f.boxes)
    if site and site_host and site_domain:
        refs = {e.partition("@")[2] for e in fixed_emails}
        new = repair_domain(site_domain, set(), refs, region_tld)
        if new != site_domain:
            value = str(site.value).replace(site_domain, new, 1)
            fields["website"] = Field(value, site.conf * 0.9, site.boxes)


def _merge_split_phones(
    segments: list[Segment], region: str, guess: bool
) -> dict[int, list[FoundPhone]]:
    """Phones per segment; a label whose number continues on the next line is joined to it."""
    result: dict[int, list[FoundPhone]] = {}
    skip: set[int] = set()
    _join_bare_labels(segments)
    for i, seg in enumerate(segments):
        if i in skip or seg.used:
            continue
        phones = find_phones(seg.text, region, guess)
        nxt = neighbour(seg, segments, below=True)
        incomplete = not phones or all(p.certainty < 1.0 for p in phones)
        # 'Mobil: +49 171' / '2345678': a label or a '+code' whose digits end on the next line.
        continues = has_phone_label(seg.text) or bool(re.search(r"\+\d", seg.text))
        if incomplete and continues and nxt is not None:
            digits_only = re.fullmatch(r"[\d\s()./-]{3,}", nxt.text)
            if digits_only:
                joined = find_phones(f"{seg.text} {nxt.text}", region, guess)
                if joined and any(p.certainty >= 1.0 for p in joined):
                    seg.words = seg.words + nxt.words
                    seg.text = f"{seg.text} {nxt.text}"
                    nxt.used = True
                    skip.add(nxt.index)
                    phones = joined
        if phones:
            result[i] = phones
    return result


def _join_bare_labels(segments: list[Segment]) -> None:
    """'Tel' and '(0212) 545 86 19' read as two pieces of one line: the label goes to the number
    to its right, so the number keeps its kind (and counts as labelled)."""
    for seg in segments:
        if seg.used or not is_bare_label(seg.text):
            continue
        right = [
            s
            for s in segments
            if s is not seg
            and not s.used
            and s.left > seg.right
            and s.left - seg.right <= 5 * seg.height
            and min(s.bottom, seg.bottom) - max(s.top, seg.top) >= 0.5 * min(s.height, seg.height)
            and re.match(r"[\s(+\d]", s.text)
        ]
        if right:
            nxt = min(right, key=lambda s: s.left)
            nxt.words = seg.words + nxt.words
            nxt.text = f"{seg.text} {nxt.text}"
            seg.used = True


def _leftover(text: str, spans: list[tuple[int, int]]) -> str:
    """What remains of a segment once the found emails/URLs/phones are cut out."""
    chars = list(text)
    for start, end in spans:
        for k in range(max(0, start), min(len(chars), end)):
            chars[k] = " "
    rest = _LEFTOVER_LABELS.sub(" ", "".join(chars))
    return clean(re.sub(r"[:|•·,;/()+\-–]", " ", rest))


def parse_contact(ocr: OcrResult, settings: Settings) -> ParsedContact:
    """Turn the OCR lines of one card into a contact with per-field confidences and boxes."""
    segments = split_segments(ocr)
    fields: dict[str, Field] = {}
    spans: dict[int, list[tuple[int, int]]] = {s.index: [] for s in segments}

    # 1. URLs and LinkedIn: no region needed, and the website helps repair emails.
    urls: list[FoundUrl] = []
    url_owner: list[Segment] = []
    for seg in segments:
        li = find_linkedin(seg.text)
        if li and "linkedin" not in fields:
            words = seg.words_in_span(li.start, li.end)
            fields["linkedin"] = Field(li.value, mean_conf(words), tuple(w.box for w in words))
        if li:
            spans[seg.index].append((li.start, li.end))
        for found in find_urls(seg.text):
            if li and found.start < li.end and found.end > li.start:
                continue
            urls.append(found)
            url_owner.append(seg)
            spans[seg.index].append((found.start, found.end))

    explicit_urls = [u for u in urls if u.explicit] or urls
    web_domain = registrable_domain(explicit_urls[0].value) if explicit_urls else None

    # 2. Emails.
    emails: list[str] = []
    email_words: list[Word] = []
    email_certainty = 1.0
    email_spans: dict[int, list[tuple[int, int]]] = {}
    for seg in segments:
        for found in find_emails(seg.text, web_domain):
            spans[seg.index].append((found.start, found.end))
            email_spans.setdefault(seg.index, []).append((found.start, found.end))
            # An email domain is also a URL match: don't keep it as a website.
            twin = next((e for e in emails if same_but_separators(e, found.address)), None)
            if twin is not None:
                # One address read twice, once with its '.' lost: keep the fuller reading.
                if len(found.address) > len(twin):
                    emails[emails.index(twin)] = found.address
            elif found.address not in emails:
                emails.append(found.address)
                email_words.extend(seg.words_in_span(found.start, found.end))
                if found.repaired:
                    email_certainty = min(email_certainty, 0.85)
    if emails:
        fields["emails"] = Field(
            tuple(emails), mean_conf(email_words) * email_certainty, boxes_of(email_words)
        )
    # Drop URL matches that are really (part of) an email's domain.
    keep = [
        (u, s)
        for u, s in zip(urls, url_owner, strict=True)
        if not any(start < u.end and u.start < end for start, end in email_spans.get(s.index, []))
    ]
    if keep:
        # Prefer an explicit URL ('www.', 'https://'), then one matching the email domain.
        email_domains = {registrable_domain(e.split("@", 1)[1]) for e in emails}
        keep.sort(
            key=lambda us: (
                not us[0].explicit,
                registrable_domain(us[0].value) not in email_domains,
            )
        )
        url, seg = keep[0]
        words = seg.words_in_span(url.start, url.end)
        certainty = 1.0 if url.explicit else 0.8
        if email_domains and registrable_domain(url.value) in email_domains:
            certainty = 1.0
        fields["website"] = Field(url.value, mean_conf(words) * certainty, boxes_of(words))

    # 3. Country, then phones.
    region, guess = _infer_region(segments, [u for u, _ in keep], emails, settings)
    _repair_domains(fields, None if guess else region)
    phone_map = _merge_split_phones(segments, region, guess)
    phones: list[Phone] = []
    phone_words: list[Word] = []
    phone_conf: list[float] = []
    seen: set[str] = set()
    for idx, found_list in phone_map.items():
        seg = segments[idx]
        for p in found_list:
            spans[seg.index].append((p.start, p.end))
            if p.number in seen:
                continue
            seen.add(p.number)
            phones.append(Phone(number=p.number, kind=p.kind, raw=p.raw))
            words = seg.words_in_span(p.start, p.end)
            phone_words.extend(words)
            phone_conf.append(mean_conf(words) * p.certainty * (1.0 if p.labelled else 0.95))
    if phones:
        fields["phones"] = Field(tuple(phones), min(phone_conf), boxes_of(phone_words))

    # Segments that held contact data are used up unless something substantial is left over.
    remaining: list[Segment] = []
    for seg in segments:
        if seg.used:
            continue
        if spans[seg.index]:
            rest = _leftover(seg.text, spans[seg.index])
            if len(re.sub(r"[^\w]", "", rest)) < 4:
                seg.used = True
                continue
            words = [w for w in seg.words if clean(w.text) and clean(w.text) in rest]
            if not words:
                seg.used = True
                continue
            seg = Segment(seg.index, seg.line_no, words, seg.block)
        remaining.append(seg)

    # Drop very uncertain words and noise lines before reasoning about names.
    candidates: list[Segment] = []
    locals_ = [e.split("@", 1)[0] for e in emails]
    for seg in remaining:
        # Unsure words go, except a legal form ('GmbH' read at conf 0.0 is still 'GmbH').
        words = [
            w
            for w in seg.words
            if clean(w.text) and (w.conf >= _LOW_CONF or has_legal_form(clean(w.text)))
        ]
        if len(words) < len(seg.words) and email_name_match(seg.text, locals_) >= 0.9:
            words = list(seg.words)  # 'José Ibáñez' read unsure, but the email confirms it
        if not words:
            continue
        seg = Segment(seg.index, seg.line_no, words, seg.block)
        if is_noise(seg.text):
            continue
        candidates.append(seg)

    # 4. Address.
    address_segs = _pick_address(candidates, segments)
    if address_segs:
        parts = [addr.normalise_address_line(s.text) for s in address_segs]
        words = [w for s in address_segs for w in s.words]
        strong = any(addr.has_postcode_city(s.text) for s in address_segs)
        fields["address"] = Field(
            ", ".join(p for p in parts if p),
            mean_conf(words) * (1.0 if strong else 0.6),
            boxes_of(words),
        )
        taken = {s.index for s in address_segs}
        candidates = [s for s in candidates if s.index not in taken]

    # 5. Name, title, company among what is left.
    unexplained = pick_people_fields(
        candidates, segments, emails, [u.value for u, _ in keep], fields, None if guess else region
    )

    _repair_local_parts(fields)
    _weigh_by_leftovers(fields, unexplained, candidates)
    return _build(fields, _doubts(fields, unexplained, segments, spans))


def _weigh_by_leftovers(
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


def _doubts(
    fields: dict[str, Field],
    unexplained: list[Segment],
    segments: list[Segment],
    spans: dict[int, list[tuple[int, int]]],
) -> tuple[str, ...]:
    """Fields that may be missing or incomplete although nothing read was doubtful: text left
    over that could be the missing title or company, or digits that could be a missed number."""
    wordy = [
        s for s in unexplained if s.conf >= 0.6 and letters_ratio(s.text) >= 0.6 and len(s.text) > 3
    ]
    doubts = [f for f in ("title", "company") if f not in fields and wordy]
    for seg in segments:
        if seg.used or spans.get(seg.index) or addr.address_score(seg.text) > 0:
            continue
        digits = re.sub(r"\D", "", seg.text)
        if len(digits) >= 7 and not NOT_PHONE_CONTEXT.search(seg.text):
            doubts.append("phones")  # a number nothing took: a missed phone, or a misread one
            break
    return tuple(doubts)


def _repair_local_parts(fields: dict[str, Field]) -> None:
    """'imacleod@' on Liam MacLeod's card is OCR's 'lmacleod@': a local part one confusion away
    from the printed name is corrected to match it."""
    if "emails" not in fields or "full_name" not in fields:
        return
    name = str(fields["full_name"].value)
    emails = list(fields["emails"].value)  # type: ignore[call-overload]
    changed = False
    for i, email in enumerate(emails):
        local, _, domain = email.partition("@")
        if email_name_match(name, [local]) >= 0.9:
            continue
        candidates = set(variants(local))
        if local[:1] in "eE" and len(local) > 3:
            candidates.add(local[1:])  # an 'E' label printed against the address: 'Eoliver@'
        better = sorted(v for v in candidates if email_name_match(name, [v]) >= 0.9)
        if len(better) == 1:
            emails[i] = f"{better[0]}@{domain}"
            changed = True
    if changed:
        f = fields["emails"]
        fields["emails"] = Field(tuple(dict.fromkeys(emails)), f.conf * 0.9, f.boxes)


_HOUSE_NUMBER_LINE = re.compile(r"^\D{3,}\s\d{1,4}[a-zA-Z]?\b|^\d{1,4}[a-zA-Z]?\s\D{3,}$")


def _pick_address(candidates: list[Segment], pool: list[Segment]) -> list[Segment]:
    """The postal address: lines with a postcode or street, grown to their column neighbours."""
    by_index = {s.index: s for s in candidates}
    score = {s.index: addr.address_score(s.text) for s in candidates}
    anchors = [s for s in candidates if score[s.index] >= 0.8]
    if not anchors:
        return []
    seeds = [s for s in anchors if addr.has_postcode_city(s.text)] or anchors

    def neighbours(seg: Segment, up: bool) -> list[Segment]:
        found: list[Segment] = []
        # Fields printed side by side on one line ('Street 1 · 12345 City') come first.
        side = seg.index + (-1 if up else 1)
        if side in by_index and pool[side].line_no == pool[seg.index].line_no:
            found.append(by_index[side])
        other = neighbour(pool[seg.index], pool, below=not up)
        if other is not None and other.index in by_index:
            found.append(by_index[other.index])
        return found

    groups: list[list[Segment]] = []
    for seed in seeds:
        group = {seed.index: seed}
        for up in (True, False):
            frontier = [seed]
            while frontier:
                current = frontier.pop()
                for nb in neighbours(current, up):
                    if nb.index in group:
                        continue
                    text = nb.text
                    belongs = (
                        score[nb.index] > 0
                        or (
                            # 'Meir 89' / '43 Deansgate': a numbered line right above a postcode.
                            up
                            and addr.has_postcode_city(current.text)
                            and bool(_HOUSE_NUMBER_LINE.match(text))
                        )
                        or (not up and addr.is_city_only(text))
                    )
                    if belongs:
                        group[nb.index] = nb
                        frontier.append(nb)
        groups.append([group[i] for i in sorted(group, key=lambda i: (pool[i].line_no, i))])
    # Two addresses (a branch office) or a false postcode: keep the fullest group.
    return max(groups, key=len)


def _build(fields: dict[str, Field], doubts: tuple[str, ...] = ()) -> ParsedContact:
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
