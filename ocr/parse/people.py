"""Name, job title and company: chosen among the lines left once the unambiguous fields
(emails, phones, web, address) are out, from text size, position, neighbours and cross-checks."""

from __future__ import annotations

import itertools

from ocr.parse.address import is_country_line, names_a_city
from ocr.parse.company import company_score, has_legal_form, org_word_count, repair_company
from ocr.parse.company_evidence import company_evidence
from ocr.parse.company_pick import pick_company
from ocr.parse.line_evidence import ends_open, is_tagline, names_country, person_vote
from ocr.parse.names import (
    cjk_name_score,
    email_name_match,
    is_latin,
    name_shape_score,
    parse_name,
    split_name_title,
)
from ocr.parse.phones import is_bare_label
from ocr.parse.scripts import split_cjk_name
from ocr.parse.segments import Field, Segment, boxes_of, mean_conf, neighbour
from ocr.parse.text import letters_ratio
from ocr.parse.titles import is_region_list, strong_title_words, title_score


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
) -> list[Segment]:
    """Name, title and company among the lines left once contact data and address are out;
    returns the lines that became none of them."""
    domains = [u.split("/", 1)[0] for u in urls] + [e.split("@", 1)[1] for e in emails]
    locals_ = [e.split("@", 1)[0] for e in emails]
    segs = _split_name_title_lines([s for s in segs if letters_ratio(s.text) >= 0.5], pool, locals_)
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
    for s in segs:
        # 'Uğur KARALI lima': a logo crumb read after the name, lower case and unsure.
        words = list(s.words)
        while len(words) > 2 and words[-1].text[:1].islower() and words[-1].conf < 0.8:
            words.pop()
        if len(words) < len(s.words):
            candidates.append((Segment(s.index, s.line_no, words, s.block), (s,)))
    scored: list[tuple[float, Segment, tuple[Segment, ...], float]] = []
    for seg, parts in candidates:
        em = email_name_match(seg.text, locals_)
        shape = name_shape_score(seg.text, email_backed=em >= 0.7)
        if shape < 0.1 or is_tagline(seg.text):
            continue
        weakest = min(w.conf for w in seg.words)
        if weakest < 0.3 or (weakest < 0.5 and em < 0.7):
            continue  # half-read words make a wrong name worse than no name
        one_word = len(seg.text.split()) == 1
        if shape < 0.4 and em < (0.7 if one_word else 0.9):
            continue  # a one-word name ('Mahesh') only when the email says so
        # A descriptor printed large ('Chartered Accountants', 'Sharma House') is no person.
        if (has_legal_form(seg.text) or org_word_count(seg.text)) and em < 0.9:
            continue
        if (is_country_line(seg.text) or names_a_city(seg.text) or names_country(seg.text)) and (
            em < 0.9
        ):
            continue  # 'Maldives Raa Atoll', 'Bayrampaşa İstanbul': places, not people
        t = title_score(seg.text)
        c = company_score(seg.text, domains)
        if em >= 0.7 and c < 0.85:
            c *= 0.3  # 'Anna Weber' at weber.de: a firm named after its owner, still her name
        elif c < 0.85 and shape >= 0.7 and not org_word_count(seg.text):
            # 'EMRE COŞKUN' at emrepaslanmaz.com: one word of a person's name in the domain is
            # a firm named after its founder, weak evidence against the name.
            c *= 0.5
        score = shape + 0.5 * em + 0.25 * _height_rank(seg, segs) - 0.8 * t - 0.8 * c
        score += 0.1 * person_vote(seg.text)
        # A job title printed right under (or over) a line is the strongest layout sign of a
        # name that there is, whatever the card's design.
        first, last = parts[0], parts[-1]
        if any(
            n is not None and n not in parts and title_score(n.text) >= 0.55
            for n in (below(last), above(first))
        ):
            score += 0.2
        if one_word:
            score = max(score, 0.5 + 0.3 * em)
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
    if name_seg is None:
        name_seg, name_parts = _printed_cjk_name(segs, fields, region)
    taken = {p.index for p in name_parts}
    rest = [s for s in segs if s.index not in taken]

    # Company: legal form, organisation words, or the email/website domain.
    company_parts = pick_company(rest, domains, below, above)
    company_seg: Segment | None = company_parts[0] if company_parts else None
    if company_parts:
        words = [w for p in company_parts for w in p.words]
        text = " ".join(p.text for p in company_parts).rstrip(" ,;:")
        evidence = company_evidence(company_parts, domains, rest)
        fields["company"] = Field(repair_company(text), evidence, boxes_of(words))
        rest = [s for s in rest if s not in company_parts]

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
            and not is_bare_label(s.text)
            and sum(c.isalpha() for c in s.text) >= 3
            and name_shape_score(s.text) < 0.5
            and sum(c.isdigit() for c in s.text) < 3  # an address or a number, not a title
        ]
        if under:
            title_seg, title_conf = under[0], 0.5
    if title_seg is not None and not is_latin(title_seg.text):
        # A title printed in two scripts: the contact takes the Latin one, as it does the name.
        twins = [
            n
            for n in (below(title_seg), above(title_seg))
            if n is not None
            and n in rest
            and n is not company_seg
            and is_latin(n.text)
            and title_score(n.text) >= 0.55
        ]
        if twins:
            title_seg, title_conf = twins[0], title_score(twins[0].text)
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
        text = parts[0].text
        for prev, part in itertools.pairwise(parts):
            # Two roles ('Principal Researcher' / 'Head of Lab') are two titles; a title that
            # runs on ('Head of Sales' / 'EMEA & DACH') is one.
            listed = title_score(part.text) > 0 or ("," in part.text and is_region_list(part.text))
            joiner = ", " if listed and not ends_open(prev.text) else " "
            text += joiner + part.text
        fields["title"] = Field(text, mean_conf(words) * title_conf, boxes_of(words))
        rest = [s for s in rest if s not in parts]
    return rest


def _continues_title(prev: Segment, nxt: Segment) -> bool:
    if is_latin(prev.text) != is_latin(nxt.text):
        return False  # the same title in the other script
    if abs(prev.height - nxt.height) > 0.25 * max(prev.height, nxt.height):
        return False
    if is_region_list(nxt.text):
        return True  # the regions the role covers
    if name_shape_score(nxt.text) >= 0.7 and title_score(nxt.text) == 0:
        return False
    if is_tagline(nxt.text) or company_score(nxt.text, []) >= 0.5:
        return False
    open_end = ends_open(prev.text)
    # Short all-caps continuations are regions/units: 'Head of Sales' / 'EMEA & DACH'.
    caps_unit = nxt.text.upper() == nxt.text and len(nxt.text.split()) <= 4
    return open_end or strong_title_words(nxt.text) > 0 or nxt.text[:1].islower() or caps_unit


def _split_name_title_lines(
    segs: list[Segment], pool: list[Segment], locals_: list[str]
) -> list[Segment]:
    """'Anna Weber, CEO' on one line becomes a name segment and a title segment (added to the
    pool with indices of their own, so the geometry helpers find them)."""
    out: list[Segment] = []
    for seg in segs:
        k = split_name_title(seg.text, locals_)
        if not k or len(seg.words) <= k or len(seg.words) != len(seg.text.split()):
            out.append(seg)
            continue
        for words in (seg.words[:k], seg.words[k:]):
            kept = [w for w in words if w.text.strip(",;|-–·()")]
            part = Segment(len(pool), seg.line_no, kept, seg.block)
            part.text = part.text.strip(",;|-–·() ")
            pool.append(part)
            out.append(part)
    return out


def _printed_cjk_name(
    segs: list[Segment], fields: dict[str, Field], region: str | None
) -> tuple[Segment | None, tuple[Segment, ...]]:
    """No name in Latin letters: the name as printed in CJK script, largest such line first."""
    cands = [
        s
        for s in segs
        if cjk_name_score(s.text) > 0
        and s.conf >= 0.5
        and title_score(s.text) == 0  # '部長', '总经理': a title, however short
        and not has_legal_form(s.text)
    ]
    if not cands or any(is_latin(s.text) and name_shape_score(s.text) >= 0.7 for s in segs):
        return None, ()
    seg = max(cands, key=lambda s: (s.height, s.conf))
    # Family and given name printed apart on one line ('渡邊   翼') are read as two pieces.
    pieces = [
        c
        for c in segs
        if (c is seg or (0 < len(c.text.replace(" ", "")) <= 3 and not is_latin(c.text)))
        and abs(c.top - seg.top) <= 0.5 * seg.height
        and abs(c.height - seg.height) <= 0.25 * seg.height
    ]
    pieces.sort(key=lambda c: c.left)
    text = " ".join(_as_printed(c.text) for c in pieces)
    if len(text.replace(" ", "")) > 5:
        pieces, text = [seg], _as_printed(seg.text)
    conf = min(c.conf for c in pieces) * 0.6
    boxes = tuple(b for c in pieces for b in c.boxes)
    fields["full_name"] = Field(text, conf, boxes)
    given, family = split_cjk_name(text, region)
    if given and family:
        fields["given_name"] = Field(given, conf, boxes)
        fields["family_name"] = Field(family, conf, boxes)
    return seg, tuple(pieces)


def _as_printed(text: str) -> str:
    """A CJK name keeps the one space printed between family and given name ('山田 太郎');
    spaces between every character are the reader's, not the card's."""
    parts = text.split()
    return " ".join(parts) if len(parts) == 2 else "".join(parts)
