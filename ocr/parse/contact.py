"""Assemble a contact from OCR lines: pull out the unambiguous fields first, then decide which of
the remaining lines is the name, the job title and the company, and score everything.
"""

from __future__ import annotations

import re

from ocr.models import OcrResult, ParsedContact, Phone, Settings, Word
from ocr.parse import address as addr
from ocr.parse.address_pick import pick_address
from ocr.parse.company import has_legal_form
from ocr.parse.contact_result import build_parsed, doubtful_fields, weigh_by_leftovers
from ocr.parse.country import region_from_plus_codes, region_from_tld
from ocr.parse.crosscheck import repair_domains, repair_local_parts
from ocr.parse.emails import find_emails, same_but_separators
from ocr.parse.names import email_name_match
from ocr.parse.people import pick_people_fields
from ocr.parse.phone_lines import merge_split_phones
from ocr.parse.scripts import cjk_address_score, cjk_region
from ocr.parse.segments import Field, Segment, boxes_of, mean_conf, split_segments
from ocr.parse.text import clean, is_noise
from ocr.parse.web import FoundUrl, find_linkedin, find_urls, registrable_domain

_LOW_CONF = 0.3
# Labels that may be left over once a number/address is taken out of a segment.
_LEFTOVER_LABELS = re.compile(
    r"(?i)\b(?:tel|tél|phone|fon|fax|mobile?|mob|cell|handy|e-?mail|mail|web|www|internet|"
    r"site|url|linkedin|in|t|m|f|e|w|p|pbx|ext|extn|dahili)\b\.?:?"
)


def _infer_region(
    segments: list[Segment], urls: list[FoundUrl], emails: list[str], settings: Settings
) -> tuple[str, bool]:
    """(region, is_guess). Order: printed +code, address, TLD, default_region, else US (guess)."""
    texts = [s.text for s in segments]
    region = region_from_plus_codes(texts)
    if region:
        return region, False
    hosts = [u.value for u in urls] + [e.split("@", 1)[1] for e in emails]
    region = cjk_region(texts, hosts)  # a card in CJK script: its address, script or domain
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
    repair_domains(fields, None if guess else region)
    phone_map = merge_split_phones(segments, region, guess)
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
            if (
                rest
                and has_legal_form(rest)
                and len(rest.split()) <= 2
                and not email_spans.get(seg.index)
            ):
                remaining.append(seg)  # 'Andover.Net, Inc.': a firm named after its domain
                continue
            if len(re.sub(r"[^\w]", "", rest)) < 4:
                seg.used = True
                continue
            # Words outside the found spans, by position: 'Manager-Owner' beside an email is
            # kept whole (comparing text with the punctuation-stripped leftover cut it).
            taken = {id(w) for a, b in spans[seg.index] for w in seg.words_in_span(a, b)}
            words = [
                w
                for w in seg.words
                if id(w) not in taken
                and re.search(r"\w", w.text)
                and not _LEFTOVER_LABELS.fullmatch(clean(w.text))
            ]
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
    picked = pick_address(candidates, segments)
    address_segs = picked.lines
    if address_segs:
        parts = [addr.normalise_address_line(s.text) for s in address_segs]
        words = [w for s in address_segs for w in s.words]
        # The word confidence, discounted when the address looks cut or there are two.
        whole = picked.complete or (
            not picked.rivals
            and not picked.cut
            and any(cjk_address_score(s.text) for s in address_segs)
        )
        fields["address"] = Field(
            ", ".join(p for p in parts if p),
            mean_conf(words) * (1.0 if whole else 0.6),
            boxes_of(words),
        )
        taken = {s.index for s in address_segs}
        candidates = [s for s in candidates if s.index not in taken]

    # 5. Name, title, company among what is left.
    unexplained = pick_people_fields(
        candidates, segments, emails, [u.value for u, _ in keep], fields, None if guess else region
    )

    repair_local_parts(fields)
    weigh_by_leftovers(fields, unexplained, candidates)
    return build_parsed(fields, doubtful_fields(fields, unexplained, segments, spans))
