"""Assemble a contact from OCR lines: pull out the unambiguous fields first, then decide which of
the remaining lines is the name, the job title and the company, and score everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ocr.models import (
    CONTACT_FIELDS,
    Box,
    Contact,
    Line,
    OcrResult,
    ParsedContact,
    Phone,
    Settings,
    Word,
)
from ocr.parse import address as addr
from ocr.parse.company import company_score, has_legal_form, repair_company
from ocr.parse.country import (
    TLD_REGION,
    region_from_address,
    region_from_plus_codes,
    region_from_tld,
)
from ocr.parse.emails import find_emails, repair_domain, variants
from ocr.parse.names import email_name_match, name_shape_score, parse_name
from ocr.parse.phones import FoundPhone, find_phones, has_phone_label
from ocr.parse.text import clean, is_noise, letters_ratio
from ocr.parse.titles import title_score
from ocr.parse.web import FoundUrl, find_linkedin, find_urls, registrable_domain

_SEPARATORS = frozenset("|•·∙●◦▪■/–—")
_LOW_CONF = 0.3
# Labels that may be left over once a number/address is taken out of a segment.
_LEFTOVER_LABELS = re.compile(
    r"(?i)\b(?:tel|tél|phone|fon|fax|mobile?|mob|cell|handy|e-?mail|mail|web|www|internet|"
    r"site|url|linkedin|in|t|m|f|e|w|p)\b\.?:?"
)
_NAME_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "le", "la"}
)
_TAGLINE = re.compile(
    r"(?i)\b(?:since|seit|depuis|desde|dal|sinds|established|est\.|gegr(?:ündet)?\.?|"
    r"fondée?|fundad[oa]|your|we|our|ihr|votre|nous|wir|quality|qualität|excellence)\b"
)


@dataclass
class Segment:
    """Part of a Tesseract line: the whole line, or one of several fields printed side by side."""

    index: int  # position in reading order
    line_no: int
    words: list[Word]
    block: int
    used: bool = False
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = clean(" ".join(w.text for w in self.words))

    @property
    def height(self) -> int:
        hs = sorted(w.box[3] for w in self.words)
        return hs[len(hs) // 2] if hs else 0

    @property
    def top(self) -> int:
        return min(w.box[1] for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.box[1] + w.box[3] for w in self.words)

    @property
    def left(self) -> int:
        return min(w.box[0] for w in self.words)

    @property
    def right(self) -> int:
        return max(w.box[0] + w.box[2] for w in self.words)

    @property
    def conf(self) -> float:
        return _mean_conf(self.words)

    @property
    def boxes(self) -> tuple[Box, ...]:
        return tuple(w.box for w in self.words)

    def words_in_span(self, start: int, end: int) -> list[Word]:
        """The words whose characters fall into [start, end) of ``text``."""
        out: list[Word] = []
        pos = 0
        for word in self.words:
            text = clean(word.text)
            if not text:
                continue
            w_start = self.text.find(text, pos)
            if w_start < 0:
                w_start = pos
            w_end = w_start + len(text)
            pos = w_end
            if w_start < end and w_end > start:
                out.append(word)
        return out or list(self.words)


def _split_word(word: Word) -> list[Word]:
    """'anna@x.de|www.x.de' -> two words: a separator glued between fields (not between digits)."""
    parts = re.split(r"(?<=[^\d\s])[|•·](?=[^\d\s])|\s[|•·]\s?", word.text)
    if len(parts) == 1:
        return [word]
    return [Word(p, word.conf, word.box) for p in parts if p.strip()]


def _is_crumb(word: Word, others: list[Word]) -> bool:
    """A logo mark read as a glyph ('O', '@', 'iI]') at the edge of a line.

    Logos sit next to the company name and are taller than its letters; Tesseract reads them as
    a short 'word' with a box clearly higher than the text's, or with little confidence.
    """
    text = clean(word.text)
    if len(text) > 3 or not others:
        return False
    if re.match(r"[+(\d]", clean(others[0].text)):
        return False  # a phone label such as 'T' or 'M', however faint
    if re.fullmatch(r"[Iil|!1\[\]]{1,3}", text) and not text.isdigit() and len(others) >= 2:
        return True  # vertical bars of a logo read as I/l/|, '1' included ('1I]')
    if any(c.isdigit() or c == "+" for c in text):
        return False
    if not any(c.isalnum() for c in text):
        return True
    heights = sorted(w.box[3] for w in others)
    median = heights[len(heights) // 2]
    return word.box[3] >= 1.25 * median or word.conf < 0.6


def _join_split_lines(lines: tuple[Line, ...]) -> list[Line]:
    """Tesseract sometimes cuts one printed line in two (a large name on a coloured band, an
    email address): rejoin lines at the same height, with the same text size, side by side."""
    out: list[Line] = []
    for line in lines:
        for k, prev in enumerate(out):
            a, b = sorted((prev, line), key=lambda ln: ln.box[0])  # a is the left piece
            overlap = min(a.box[1] + a.box[3], b.box[1] + b.box[3]) - max(a.box[1], b.box[1])
            gap = b.box[0] - (a.box[0] + a.box[2])
            size = min(a.height, b.height)
            # Abutting pieces may differ more in height ('anna.weber@fir' + 'ma.de'): the
            # median word height of a piece with descenders or an '@' is less stable.
            tolerance = 0.45 if abs(gap) <= 0.3 * size else 0.2
            if (
                overlap >= 0.5 * min(a.box[3], b.box[3])
                and abs(a.height - b.height) <= tolerance * max(a.height, b.height)
                and -0.3 * size <= gap <= 1.5 * size
            ):
                left, top = a.box[0], min(a.box[1], b.box[1])
                right = max(a.box[0] + a.box[2], b.box[0] + b.box[2])
                bottom = max(a.box[1] + a.box[3], b.box[1] + b.box[3])
                out[k] = Line(
                    words=a.words + b.words,
                    box=(left, top, right - left, bottom - top),
                    block=prev.block,
                    paragraph=prev.paragraph,
                )
                break
        else:
            out.append(line)
    return out


def _segments(ocr: OcrResult) -> list[Segment]:
    segments: list[Segment] = []
    for line_no, line in enumerate(_join_split_lines(ocr.lines)):
        words: list[Word] = []
        for w in line.words:
            words.extend(_split_word(w))
        while len(words) > 1 and _is_crumb(words[0], words[1:]):
            words = words[1:]
        # At the end only pure punctuation: a short last word is often a TLD ('meir-digital. be').
        while len(words) > 1 and not any(c.isalnum() for c in words[-1].text):
            words = words[:-1]
        current: list[Word] = []
        height = line.height or 1
        prev_right: int | None = None
        for word in words:
            text = clean(word.text)
            if not text:
                continue
            gap = word.box[0] - prev_right if prev_right is not None else 0
            is_sep = text in _SEPARATORS
            # A separator glyph, or a gap wider than ~2 text heights, ends a field.
            if is_sep or gap > 2.2 * height:
                if current:
                    segments.append(Segment(len(segments), line_no, current, line.block))
                current = []
            if not is_sep:
                current.append(word)
            prev_right = word.box[0] + word.box[2]
        if current:
            segments.append(Segment(len(segments), line_no, current, line.block))
    return segments


def _same_column(a: Segment, b: Segment) -> bool:
    """Two lines of one text column: they overlap horizontally or start at the same x."""
    overlap = min(a.right, b.right) - max(a.left, b.left)
    return overlap > 0 or abs(a.left - b.left) <= max(a.height, b.height)


def _neighbour(seg: Segment, pool: list[Segment], below: bool) -> Segment | None:
    """The line right below (or above) ``seg`` in its column, if close enough to belong to it.

    Geometry, not reading order: in two-column layouts Tesseract interleaves the columns' lines.
    """
    if below:
        cands = [s for s in pool if s.top > seg.top + seg.height / 2 and _same_column(seg, s)]
        if not cands:
            return None
        nxt = min(cands, key=lambda s: s.top)
        gap = nxt.top - seg.bottom
    else:
        cands = [s for s in pool if s.top < seg.top - seg.height / 2 and _same_column(seg, s)]
        if not cands:
            return None
        nxt = max(cands, key=lambda s: s.top)
        gap = seg.top - nxt.bottom
    return nxt if gap <= 1.6 * max(seg.height, nxt.height) else None


@dataclass
class _Field:
    value: object
    conf: float
    boxes: tuple[Box, ...]


def _infer_region(
    segments: list[Segment], urls: list[FoundUrl], emails: list[str], settings: Settings
) -> tuple[str, bool]:
    """(region, is_guess). Order: printed +code, address, TLD, default_region, else US (guess)."""
    texts = [s.text for s in segments]
    region = region_from_plus_codes(texts)
    if region:
        return region, False
    address_lines = [s.text for s in segments if addr.address_score(s.text) > 0]
    region = region_from_address(address_lines)
    if region:
        return region, False
    for host in [u.value for u in urls] + [e.split("@", 1)[1] for e in emails]:
        region = region_from_tld(host.split("/", 1)[0])
        if region:
            return region, False
    if settings.default_region:
        return settings.default_region.upper(), False
    return "US", True


def _repair_domains(fields: dict[str, _Field], region: str | None) -> None:
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
        fields["emails"] = _Field(tuple(fixed_emails), f.conf * 0.9, f.boxes)
    if site and site_host and site_domain:
        refs = {e.partition("@")[2] for e in fixed_emails}
        new = repair_domain(site_domain, set(), refs, region_tld)
        if new != site_domain:
            value = str(site.value).replace(site_domain, new, 1)
            fields["website"] = _Field(value, site.conf * 0.9, site.boxes)


def _merge_split_phones(
    segments: list[Segment], region: str, guess: bool
) -> dict[int, list[FoundPhone]]:
    """Phones per segment; a label whose number continues on the next line is joined to it."""
    result: dict[int, list[FoundPhone]] = {}
    skip: set[int] = set()
    for i, seg in enumerate(segments):
        if i in skip or seg.used:
            continue
        phones = find_phones(seg.text, region, guess)
        nxt = _neighbour(seg, segments, below=True)
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


def _leftover(text: str, spans: list[tuple[int, int]]) -> str:
    """What remains of a segment once the found emails/URLs/phones are cut out."""
    chars = list(text)
    for start, end in spans:
        for k in range(max(0, start), min(len(chars), end)):
            chars[k] = " "
    rest = _LEFTOVER_LABELS.sub(" ", "".join(chars))
    return clean(re.sub(r"[:|•·,;/()+\-–]", " ", rest))


def _is_tagline(text: str) -> bool:
    words = text.split()
    if _TAGLINE.search(text) and not has_legal_form(text):
        return True
    lower = sum(1 for w in words if w[:1].islower() and w.lower() not in _NAME_PARTICLES)
    return len(words) >= 4 and lower >= 2


def parse_contact(ocr: OcrResult, settings: Settings) -> ParsedContact:
    """Turn the OCR lines of one card into a contact with per-field confidences and boxes."""
    segments = _segments(ocr)
    fields: dict[str, _Field] = {}
    spans: dict[int, list[tuple[int, int]]] = {s.index: [] for s in segments}

    # 1. URLs and LinkedIn: no region needed, and the website helps repair emails.
    urls: list[FoundUrl] = []
    url_owner: list[Segment] = []
    for seg in segments:
        li = find_linkedin(seg.text)
        if li and "linkedin" not in fields:
            words = seg.words_in_span(li.start, li.end)
            fields["linkedin"] = _Field(li.value, _mean_conf(words), tuple(w.box for w in words))
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
            if found.address not in emails:
                emails.append(found.address)
                email_words.extend(seg.words_in_span(found.start, found.end))
                if found.repaired:
                    email_certainty = min(email_certainty, 0.85)
    if emails:
        fields["emails"] = _Field(
            tuple(emails), _mean_conf(email_words) * email_certainty, _boxes(email_words)
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
        fields["website"] = _Field(url.value, _mean_conf(words) * certainty, _boxes(words))

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
            phone_conf.append(_mean_conf(words) * p.certainty * (1.0 if p.labelled else 0.95))
    if phones:
        fields["phones"] = _Field(tuple(phones), min(phone_conf), _boxes(phone_words))

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
        fields["address"] = _Field(
            ", ".join(p for p in parts if p),
            _mean_conf(words) * (1.0 if strong else 0.6),
            _boxes(words),
        )
        taken = {s.index for s in address_segs}
        candidates = [s for s in candidates if s.index not in taken]

    # 5. Name, title, company among what is left.
    _pick_people_fields(
        candidates, segments, emails, [u.value for u, _ in keep], fields, None if guess else region
    )

    _repair_local_parts(fields)
    return _build(fields)


def _repair_local_parts(fields: dict[str, _Field]) -> None:
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
        better = sorted(v for v in variants(local) if email_name_match(name, [v]) >= 0.9)
        if len(better) == 1:
            emails[i] = f"{better[0]}@{domain}"
            changed = True
    if changed:
        f = fields["emails"]
        fields["emails"] = _Field(tuple(dict.fromkeys(emails)), f.conf * 0.9, f.boxes)


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
        other = _neighbour(pool[seg.index], pool, below=not up)
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


def _height_rank(seg: Segment, segs: list[Segment]) -> float:
    """1.0 for the largest text among candidates, 0.6 for the second size, else lower."""
    sizes = sorted({s.height for s in segs}, reverse=True)
    if not sizes or seg.height not in sizes:
        return 0.0
    rank = sizes.index(seg.height)
    return (1.0, 0.6, 0.3)[rank] if rank < 3 else 0.1


def _pick_people_fields(
    segs: list[Segment],
    pool: list[Segment],
    emails: list[str],
    urls: list[str],
    fields: dict[str, _Field],
    region: str | None,
) -> None:
    """Name, title and company among the lines left once contact data and address are out."""
    domains = [u.split("/", 1)[0] for u in urls] + [e.split("@", 1)[1] for e in emails]
    locals_ = [e.split("@", 1)[0] for e in emails]
    segs = [s for s in segs if letters_ratio(s.text) >= 0.5]
    by_index = {s.index: s for s in segs}

    def below(seg: Segment) -> Segment | None:
        nb = _neighbour(pool[seg.index], pool, below=True)
        return by_index.get(nb.index) if nb is not None else None

    def above(seg: Segment) -> Segment | None:
        nb = _neighbour(pool[seg.index], pool, below=False)
        return by_index.get(nb.index) if nb is not None else None

    # Broken name lines: a one-word capitalised line and the line under it may be one name.
    pairs: list[tuple[Segment, Segment]] = []
    for a in segs:
        b = below(a)
        if (
            b is not None
            and len(a.text.split()) == 1
            and len(b.text.split()) <= 2
            and abs(a.height - b.height) <= 0.2 * max(a.height, b.height)
            and title_score(a.text) == 0
            and title_score(b.text) == 0
        ):
            pairs.append((a, b))

    candidates: list[tuple[Segment, tuple[Segment, ...]]] = [(s, (s,)) for s in segs]
    for a, b in pairs:
        candidates.append((Segment(a.index, a.line_no, a.words + b.words, a.block), (a, b)))
    scored: list[tuple[float, Segment, tuple[Segment, ...], float]] = []
    for seg, parts in candidates:
        shape = name_shape_score(seg.text)
        if shape < 0.1 or _is_tagline(seg.text):
            continue
        em = email_name_match(seg.text, locals_)
        if min(w.conf for w in seg.words) < 0.5 and em < 0.9:
            continue  # half-read words make a wrong name worse than no name
        if shape < 0.4 and em < 0.9:
            continue
        t = title_score(seg.text)
        c = company_score(seg.text, domains)
        score = shape + 0.5 * em + 0.25 * _height_rank(seg, segs) - 0.8 * t - 0.8 * c
        if len(parts) > 1 and em < 0.9:
            score -= 0.3  # a name split over two lines needs the email to back it up
        scored.append((score, seg, parts, em))
    name_seg: Segment | None = None
    name_parts: tuple[Segment, ...] = ()
    if scored:
        scored.sort(key=lambda x: -x[0])
        best, seg, name_parts, em = scored[0]
        if best >= 0.45:
            name_seg = seg
            parsed = parse_name(seg.text, region)
            certainty = min(1.0, 0.55 + 0.25 * (best - 0.45) / 0.5 + 0.3 * em)
            conf = seg.conf * certainty
            if parsed.full:
                fields["full_name"] = _Field(parsed.full, conf, seg.boxes)
            if parsed.given:
                fields["given_name"] = _Field(parsed.given, conf, seg.boxes)
            if parsed.family:
                fields["family_name"] = _Field(parsed.family, conf, seg.boxes)
            fields["_prefix"] = _Field(parsed.prefix, conf, seg.boxes)
            fields["_suffix"] = _Field(parsed.suffix, conf, seg.boxes)
        else:
            name_parts = ()
    taken = {p.index for p in name_parts}
    rest = [s for s in segs if s.index not in taken]

    # Company: legal form, organisation words, or the email/website domain.
    company_seg: Segment | None = None
    c_scores = [(company_score(s.text, domains), s) for s in rest if not _is_tagline(s.text)]
    c_scores = [(c, s) for c, s in c_scores if c >= 0.5 and (title_score(s.text) < c or c >= 0.85)]
    if c_scores:
        c_scores.sort(key=lambda x: (-x[0], -x[1].height))
        c, company_seg = c_scores[0]
        fields["company"] = _Field(
            repair_company(company_seg.text), company_seg.conf * c, company_seg.boxes
        )
        rest = [s for s in rest if s is not company_seg]

    # Title: vocabulary first, preferring lines near the name; else the line right under it.
    near_name: list[Segment] = []
    if name_parts:
        first, last = name_parts[0], name_parts[-1]
        near_name = [n for n in (below(last), above(first)) if n is not None]
    t_scores = [(title_score(s.text), s) for s in rest]
    t_scores = [(t, s) for t, s in t_scores if t >= 0.55]
    title_seg: Segment | None = None
    title_conf = 0.0
    if t_scores:

        def closeness(s: Segment) -> float:
            if s in near_name:
                return 0.0
            if name_seg is None:
                return -1.0
            return -1.0 - abs(s.top - name_seg.top) / max(1, name_seg.height)

        t_scores.sort(key=lambda x: (-closeness(x[1]), -x[0]))
        title_conf, title_seg = t_scores[0]
    elif name_seg is not None:
        under = [
            s
            for s in near_name
            if s in rest
            and s is not company_seg
            and s.height <= name_seg.height
            and not _is_tagline(s.text)
            and name_shape_score(s.text) < 0.5
        ]
        if under:
            title_seg, title_conf = under[0], 0.5
    if title_seg is not None:
        parts = [title_seg]
        # A title printed on two lines: the line under it continues it.
        nxt = below(title_seg)
        if (
            nxt is not None
            and nxt in rest
            and nxt is not company_seg
            and _continues_title(parts[-1], nxt)
        ):
            parts.append(nxt)
        words = [w for p in parts for w in p.words]
        fields["title"] = _Field(
            " ".join(p.text for p in parts), _mean_conf(words) * title_conf, _boxes(words)
        )


def _continues_title(prev: Segment, nxt: Segment) -> bool:
    if abs(prev.height - nxt.height) > 0.25 * max(prev.height, nxt.height):
        return False
    if name_shape_score(nxt.text) >= 0.7 and title_score(nxt.text) == 0:
        return False
    if _is_tagline(nxt.text) or company_score(nxt.text, []) >= 0.5:
        return False
    ends_open = bool(re.search(r"(?:[&,/+-]|\b(?:and|und|et|y|e|en|of|de|des|du|di))$", prev.text))
    # Short all-caps continuations are regions/units: 'Head of Sales' / 'EMEA & DACH'.
    caps_unit = nxt.text.upper() == nxt.text and len(nxt.text.split()) <= 4
    return ends_open or title_score(nxt.text) > 0 or nxt.text[:1].islower() or caps_unit


def _mean_conf(words: list[Word]) -> float:
    """Mean and weakest word confidence blended: one misread word makes the field doubtful."""
    if not words:
        return 0.0
    return 0.5 * sum(w.conf for w in words) / len(words) + 0.5 * min(w.conf for w in words)


def _boxes(words: list[Word]) -> tuple[Box, ...]:
    return tuple(w.box for w in words)


def _build(fields: dict[str, _Field]) -> ParsedContact:
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
    return ParsedContact(contact=contact, confidence=confidence, boxes=boxes)
