"""Name, job title and company: chosen among the lines left once the unambiguous fields
(emails, phones, web, address) are out, from text size, position, neighbours and cross-checks."""

from __future__ import annotations

import re

from ocr.parse.company import company_score, has_legal_form, repair_company
from ocr.parse.names import email_name_match, name_shape_score, parse_name
from ocr.parse.segments import Field, Segment, boxes_of, mean_conf, neighbour
from ocr.parse.text import letters_ratio
from ocr.parse.titles import title_score

_NAME_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "le", "la"}
)
_TAGLINE = re.compile(
    r"(?i)\b(?:since|seit|depuis|desde|dal|sinds|established|est\.|gegr(?:ündet)?\.?|"
    r"fondée?|fundad[oa]|your|we|our|ihr|votre|nous|wir|quality|qualität|excellence)\b"
)


def is_tagline(text: str) -> bool:
    words = text.split()
    if _TAGLINE.search(text) and not has_legal_form(text):
        return True
    lower = sum(1 for w in words if w[:1].islower() and w.lower() not in _NAME_PARTICLES)
    return len(words) >= 4 and lower >= 2


def _height_rank(seg: Segment, segs: list[Segment]) -> float:
    """1.0 for the largest text among candidates, 0.6 for the second size, else lower."""
    sizes = sorted({s.height for s in segs}, reverse=True)
    if not sizes or seg.height not in sizes:
        return 0.0
    rank = sizes.index(seg.height)
    return (1.0, 0.6, 0.3)[rank] if rank < 3 else 0.1


def pick_people_fields(
    segs: list[Segment],
    pool: list[Segment],
    emails: list[str],
    urls: list[str],
    fields: dict[str, Field],
    region: str | None,
) -> None:
    """Name, title and company among the lines left once contact data and address are out."""
    domains = [u.split("/", 1)[0] for u in urls] + [e.split("@", 1)[1] for e in emails]
    locals_ = [e.split("@", 1)[0] for e in emails]
    segs = [s for s in segs if letters_ratio(s.text) >= 0.5]
    by_index = {s.index: s for s in segs}

    def below(seg: Segment) -> Segment | None:
        nb = neighbour(pool[seg.index], pool, below=True)
        return by_index.get(nb.index) if nb is not None else None

    def above(seg: Segment) -> Segment | None:
        nb = neighbour(pool[seg.index], pool, below=False)
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
        if shape < 0.1 or is_tagline(seg.text):
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
                fields["full_name"] = Field(parsed.full, conf, seg.boxes)
            if parsed.given:
                fields["given_name"] = Field(parsed.given, conf, seg.boxes)
            if parsed.family:
                fields["family_name"] = Field(parsed.family, conf, seg.boxes)
            fields["_prefix"] = Field(parsed.prefix, conf, seg.boxes)
            fields["_suffix"] = Field(parsed.suffix, conf, seg.boxes)
        else:
            name_parts = ()
    taken = {p.index for p in name_parts}
    rest = [s for s in segs if s.index not in taken]

    # Company: legal form, organisation words, or the email/website domain.
    company_seg: Segment | None = None
    c_scores = [(company_score(s.text, domains), s) for s in rest if not is_tagline(s.text)]
    c_scores = [(c, s) for c, s in c_scores if c >= 0.5 and (title_score(s.text) < c or c >= 0.85)]
    if c_scores:
        c_scores.sort(key=lambda x: (-x[0], -x[1].height))
        c, company_seg = c_scores[0]
        fields["company"] = Field(
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
            and not is_tagline(s.text)
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
        fields["title"] = Field(
            " ".join(p.text for p in parts), mean_conf(words) * title_conf, boxes_of(words)
        )


def _continues_title(prev: Segment, nxt: Segment) -> bool:
    if abs(prev.height - nxt.height) > 0.25 * max(prev.height, nxt.height):
        return False
    if name_shape_score(nxt.text) >= 0.7 and title_score(nxt.text) == 0:
        return False
    if is_tagline(nxt.text) or company_score(nxt.text, []) >= 0.5:
        return False
    ends_open = bool(re.search(r"(?:[&,/+-]|\b(?:and|und|et|y|e|en|of|de|des|du|di))$", prev.text))
    # Short all-caps continuations are regions/units: 'Head of Sales' / 'EMEA & DACH'.
    caps_unit = nxt.text.upper() == nxt.text and len(nxt.text.split()) <= 4
    return ends_open or title_score(nxt.text) > 0 or nxt.text[:1].islower() or caps_unit
