"""Name, job title and company: chosen among the lines left once the unambiguous fields
(emails, phones, web, address) are out, from text size, position, neighbours and cross-checks."""

from __future__ import annotations

from ocr.parse.address import is_country_line, names_a_city
from ocr.parse.company import company_score, has_legal_form, org_word_count, repair_company
from ocr.parse.company_evidence import company_evidence
from ocr.parse.company_pick import pick_company
from ocr.parse.line_evidence import is_tagline, names_country, person_vote
from ocr.parse.name_forms import latin_part, unglued
from ocr.parse.names import (
    cjk_name_score,
    email_name_match,
    is_latin,
    name_shape_score,
    only_family_name,
    parse_name,
    split_name_title,
)
from ocr.parse.scripts import split_cjk_name
from ocr.parse.segments import Field, Segment, boxes_of, neighbour
from ocr.parse.text import letters_ratio
from ocr.parse.title_pick import pick_title, title_lines_near
from ocr.parse.titles import title_score


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
    glued: set[int] = set()
    for a, b in pairs:
        candidates.append((Segment(a.index, a.line_no, a.words + b.words, a.block), (a, b)))
    for s in segs:
        # 'Uğur KARALI lima': a logo crumb read after the name, lower case and unsure.
        words = list(s.words)
        while len(words) > 2 and words[-1].text[:1].islower() and words[-1].conf < 0.8:
            words.pop()
        if len(words) < len(s.words):
            candidates.append((Segment(s.index, s.line_no, words, s.block), (s,)))
        latin, split = latin_part(s), unglued(s, locals_)
        if latin is not None:
            candidates.append((latin, (s,)))
        if split is not None:
            candidates.append((split, (s,)))
            glued.add(id(split))
    scored: list[tuple[float, Segment, tuple[Segment, ...], float, bool]] = []
    for seg, parts in candidates:
        em = email_name_match(seg.text, locals_)
        shape = name_shape_score(seg.text, email_backed=em >= 0.7)
        if shape < 0.1 or is_tagline(seg.text):
            continue
        # A job title printed right under (or over) a line is the strongest layout sign of a
        # name that there is, whatever the card's design.
        first, last = parts[0], parts[-1]
        titled = any(
            n is not None and n not in parts and title_score(n.text) >= 0.55
            for n in (below(last), above(first))
        )
        if id(seg) in glued and em < 0.7 and not titled:
            continue  # a name read without its space, with neither email nor title to back it
        weakest = min(w.conf for w in seg.words)
        if (weakest < 0.3 and em < 0.9) or (weakest < 0.5 and em < 0.7):
            continue  # half-read words make a wrong name worse than no name
        # 'MS JAB' (two marks by a logo) parses to one word once 'Ms' is taken as a prefix.
        one_word = len(parse_name(seg.text, region).full.split()) == 1
        one_word = one_word or only_family_name(seg.text)
        if (shape < 0.4 or one_word) and em < (0.7 if one_word else 0.9):
            continue  # a one-word name ('Mahesh') only when the email says so
        # A descriptor printed large ('Chartered Accountants', 'Sharma House') is no person.
        if (has_legal_form(seg.text) or org_word_count(seg.text)) and em < 0.9:
            continue
        place = is_country_line(seg.text) or names_a_city(seg.text)
        # 'Mauricio', 'Maurice', 'Jordan' name countries too: a first word over a job title
        # is a given name.
        place = place or names_country(seg.text, given_first=titled)
        # 'Erenler Sakarya      TÜRKİYE': a line printed beside a country name is a place.
        place = place or any(
            p.line_no == seg.line_no and p.index != seg.index and is_country_line(p.text)
            for p in pool
        )
        if place and em < 0.9:
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
        if titled:
            score += 0.2
        if one_word:
            score = max(score, 0.5 + 0.3 * em)
        if len(parts) > 1 and em < 0.9:
            score -= 0.3  # a name split over two lines needs the email to back it up
        scored.append((score, seg, parts, em, titled))
    name_seg: Segment | None = None
    name_parts: tuple[Segment, ...] = ()
    if scored:
        # Equal evidence: the larger print is the card's person ('Dr A' over 'Dr B' beside).
        scored.sort(key=lambda x: (-round(x[0], 2), -x[1].height))
        best, seg, name_parts, em, titled = scored[0]
        if best >= 0.45:
            name_seg = seg
            parsed = parse_name(seg.text, region)
            certainty = min(1.0, 0.55 + 0.25 * (best - 0.45) / 0.5 + 0.3 * em)
            # Another line that reads as a name as well as this one: a choice, not a finding.
            taken_ids = {p.index for p in name_parts}
            rivals = [x for x in scored[1:] if not {p.index for p in x[2]} & taken_ids]
            if rivals and rivals[0][0] >= best - 0.15 and em < 0.7:
                certainty *= 0.75
            if em < 0.5 and not titled:
                # Shape and size alone: on real cards a slogan or a logo's letters as often.
                certainty *= 0.7
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
    reserved = title_lines_near(name_parts, rest, below, above)
    company_parts = pick_company([s for s in rest if s not in reserved], domains, below, above)
    company_seg: Segment | None = company_parts[0] if company_parts else None
    if company_parts:
        words = [w for p in company_parts for w in p.words]
        text = " ".join(p.text for p in company_parts).rstrip(" ,;:")
        evidence = company_evidence(company_parts, domains, rest)
        fields["company"] = Field(repair_company(text), evidence, boxes_of(words))
        rest = [s for s in rest if s not in company_parts]

    title_parts = pick_title(rest, pool, name_parts, name_seg, company_seg, below, above, fields)
    return [s for s in rest if s not in title_parts]


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
