"""Which line(s) are the company: the best-scored line, with a brand word above its legal line,
a name broken over two lines, or neighbours that spell the email/website domain joined to it."""

from __future__ import annotations

import re
from collections.abc import Callable

from ocr.parse.address import address_score, is_country_line, names_a_city
from ocr.parse.company import (
    company_score,
    domain_match,
    has_legal_form,
    is_building,
    is_initials,
    org_word_count,
)
from ocr.parse.company_join import (
    completes_brand,
    continues_company,
    grow_by_domain,
    lock_up,
    logo_above,
    spelled_out,
    squash,
)
from ocr.parse.company_lines import (
    cut_sentence,
    is_descriptor,
    is_handle,
    is_registered_name,
    is_word_list,
    without_brackets,
)
from ocr.parse.line_evidence import is_tagline, names_country, person_vote
from ocr.parse.names import is_latin, name_shape_score
from ocr.parse.segments import Segment
from ocr.parse.text import letters_ratio
from ocr.parse.titles import title_score


def pick_company(
    rest: list[Segment],
    domains: list[str],
    below: Callable[[Segment], Segment | None],
    above: Callable[[Segment], Segment | None],
) -> list[Segment]:
    """The company's line(s): legal form, organisation words, or the email/website domain.

    A full name with its legal form beats a logo abbreviation of it ('ABC' over 'Alpha Beta
    Consulting GmbH'); a brand word printed above its legal line ('modernmetal' / 'Mağaza
    Ekipmanları Tic. Ltd. Şti.') is kept with it; a name broken over two lines of one size is
    joined."""
    rest = [
        s
        for s in rest
        if not _not_a_name(s, below) and not _building_only(s, domains, below, above)
    ]
    pairs = _open_pairs(rest, below)
    scored = [(company_score(s.text, domains), s) for s in [*rest, *(p[0] for p in pairs)]]
    scored = [
        (c, s)
        for c, s in scored
        if c >= 0.5
        # A title line is no company unless a legal form says so; a bracketed qualifier after
        # a title ('Deputy Director General (SA)') is no legal form.
        and (title_score(s.text) < c or c >= 0.85)
        and not (
            title_score(s.text) >= 0.55
            and has_legal_form(s.text)
            and not has_legal_form(without_brackets(s.text))
        )
    ]
    if not scored:
        return _lone_logo(rest, domains, below)
    # A line naming places ('National Holiday Resort, Bentota, Sri Lanka') is a descriptor
    # more often than the firm's name: it ranks after an equal line that names none.
    scored.sort(key=lambda x: (-x[0] + 0.1 * names_country(x[1].text), -x[1].height))
    best = scored[0][1]
    legal = [s for _, s in scored if has_legal_form(s.text)]
    if legal and not has_legal_form(best.text):
        # The full name as printed, with its legal form, is the company; a brand or logo word
        # printed right above it stays with it (below).
        best = max(legal, key=lambda s: (len(s.text) > len(best.text), s.height))
    best = spelled_out(best, [s for _, s in scored])
    if not is_latin(best.text):
        # Printed in two scripts: the contact gets the firm's Latin name.
        latin = [s for c, s in scored if is_latin(s.text) and (has_legal_form(s.text) or c >= 0.85)]
        if latin:
            best = latin[0]
    pair = next((p for p in pairs if p[0] is best), None)
    if pair is not None:
        # 'Korea Institute of' / 'Science and Technology Information': one name on two lines.
        parts = [pair[1], pair[2]]
    else:
        parts = _with_neighbours(best, rest, domains, below, above)
    parts = grow_by_domain(lock_up(parts, rest, domains, above), rest, domains, below, above)
    return _brand_alone(_after_sentence(parts), domains)


def _with_neighbours(
    best: Segment,
    rest: list[Segment],
    domains: list[str],
    below: Callable[[Segment], Segment | None],
    above: Callable[[Segment], Segment | None],
) -> list[Segment]:
    """The chosen line with a brand word printed above or left of it, or the line that
    finishes its name under it."""
    for side in (above(best), _left_of(best, rest)):
        if (
            side is not None
            and side in rest
            and has_legal_form(best.text)
            and not has_legal_form(side.text)
            and is_latin(side.text) == is_latin(best.text)
            and letters_ratio(side.text) >= 0.8
            and domain_match(side.text, domains) >= 0.65
            and not is_initials(side.text, best.text)
            and squash(side.text) not in squash(best.text)
        ):
            return [side, best]  # brand word above (or beside) its legal line
    up = above(best)
    if up is not None and up in rest and logo_above(up, best):
        return [up, best]
    nxt = below(best)
    if (
        nxt is not None
        and nxt in rest
        and (continues_company(best, nxt) or completes_brand(best, nxt, domains))
    ):
        return [best, nxt]
    return [best]


def _building_only(
    seg: Segment,
    domains: list[str],
    below: Callable[[Segment], Segment | None],
    above: Callable[[Segment], Segment | None],
) -> bool:
    """'Millennium Place Mirdif', 'Sharma House': a building's name, unless organisation words
    or the domain say it is the firm, alone or with a neighbour ('SHARM' / 'GRAND PLAZA' at
    sharmgrandplaza.net)."""
    text = seg.text
    if not is_building(text) or org_word_count(text) or has_legal_form(text):
        return False
    up, down = above(seg), below(seg)
    readings = [text]
    if up is not None:
        readings.append(f"{up.text} {text}")
    if down is not None:
        readings.append(f"{text} {down.text}")
    return max(domain_match(t, domains) for t in readings) < 0.9


def _not_a_name(seg: Segment, below: Callable[[Segment], Segment | None]) -> bool:
    """A slogan, an endorsement, a list of words, a social handle, a line saying what the firm
    does, or a venue line that runs on into the address ('The Meydan Hotel,' / 'Grandstand')."""
    text = seg.text
    if has_legal_form(text):
        return bool(_ENDORSEMENT.search(text))
    if text.rstrip().endswith(",") and below(seg) is None:
        return True  # what it ran on into was taken as the address
    return (
        is_tagline(text)
        or bool(_ENDORSEMENT.search(text))
        or is_word_list(text)
        or is_handle(text)
        or is_descriptor(text)
    )


def _open_pairs(
    rest: list[Segment], below: Callable[[Segment], Segment | None]
) -> list[tuple[Segment, Segment, Segment]]:
    """A line ending on a joining word ('Korea Institute of') cannot end a name: joined to the
    line under it, whatever their sizes, as one candidate."""
    pairs: list[tuple[Segment, Segment, Segment]] = []  # (both as one line, upper, lower)
    for seg in rest:
        if not _OPEN_END.search(seg.text):
            continue
        # Boxes of a tilted photo overlap: else the next line of the block in reading order.
        after = [s for s in rest if s.block == seg.block and s.index == seg.index + 1]
        nxt = next(
            (
                n
                for n in (below(seg), *after)
                if n is not None
                and n in rest
                and title_score(n.text) == 0
                and address_score(n.text) == 0
                and letters_ratio(n.text) >= 0.8
                and 0.5 <= n.height / max(seg.height, 1) <= 2.0
            ),
            None,
        )
        if nxt is None:
            continue
        joined = Segment(seg.index, seg.line_no, seg.words + nxt.words, seg.block)
        pairs.append((joined, seg, nxt))
    return pairs


_OPEN_END = re.compile(r"(?i)(?:&|\b(?:of|and|for|und|für|et|des|du|de|y|e|ve|di|del|van|voor))$")


def _left_of(seg: Segment, rest: list[Segment]) -> Segment | None:
    """The line printed just left of ``seg`` on its row ('TMS' logo | 'Automotive GmbH')."""
    middle = seg.top + seg.height / 2
    beside = [
        s
        for s in rest
        if s is not seg
        and s.right <= seg.left + 0.2 * seg.height
        and seg.left - s.right <= 2 * seg.height
        and s.top <= middle <= s.bottom
    ]
    return max(beside, key=lambda s: s.right) if beside else None


def _after_sentence(parts: list[Segment]) -> list[Segment]:
    first = parts[0]
    cut = cut_sentence([w.text for w in first.words])
    if not cut:
        return parts
    return [Segment(first.index, first.line_no, first.words[cut:], first.block), *parts[1:]]


def _brand_alone(parts: list[Segment], domains: list[str]) -> list[Segment]:
    """'Blaiklock' / 'international logistics' at blaiklock.uk.com: a line that spells the
    domain by itself is the firm's name; the lines joined to it say what it does. A place
    printed under the brand ('FURAVERI' / 'MALDIVES') names the firm's site and stays."""
    if len(parts) < 2 or any(has_legal_form(p.text) or is_registered_name(p.text) for p in parts):
        return parts
    exact = [p for p in parts if domain_match(p.text, domains) >= 1.0]
    if not exact:
        return parts
    return [p for p in parts if p is exact[0] or names_country(p.text) or names_a_city(p.text)]


# 'A member of Millennium Hotels', 'A Daimler company', 'Part of …': the group, not the firm.
_ENDORSEMENT = re.compile(
    r"(?i)^(?:an?|the)\s.*\b(?:company|member|brand|hotel|group)$|\bmember of\b|\bpart of\b|"
    r"\bpowered by\b|\bmanaged by\b|\ba division of\b|\bsubsidiary\b|\bein unternehmen\b"
)


def _lone_logo(
    rest: list[Segment], domains: list[str], below: Callable[[Segment], Segment | None]
) -> list[Segment]:
    """No line reads as a firm, yet one word or two are printed far larger than anything else
    left ('Copthorne' over 'SHARJAH', 'MAS' over 'MASCHINEN'): a logo in letters, the firm's
    name on weak evidence (company_evidence says so). Not a title, person, slogan or place."""
    lines = sorted(rest, key=lambda s: -s.height)
    if not lines or (len(lines) > 1 and lines[0].height < 1.6 * lines[1].height):
        return []
    logo = lines[0]
    text = logo.text
    if (
        len(text.split()) > 2
        or not is_latin(text)  # a CJK character or two is as likely the person's name
        or len(squash(text)) < 3
        or letters_ratio(text) < 0.8
        or title_score(text) > 0
        or is_tagline(text)
        or names_country(text)
        or names_a_city(text)
        or (name_shape_score(text) >= 0.7 and person_vote(text) > 0)
    ):
        return []
    nxt = below(logo)
    if (
        nxt is not None
        and nxt in rest
        and (completes_brand(logo, nxt, domains) or _place_under(logo, nxt))
    ):
        return [logo, nxt]
    return [logo]


def _place_under(brand: Segment, nxt: Segment) -> bool:
    """'Copthorne' / 'SHARJAH', 'FURAVERI' / 'MALDIVES': the site a brand's logo names."""
    text = nxt.text
    return (
        nxt.height < brand.height
        and len(text.split()) <= 3
        and (names_country(text) or names_a_city(text) or is_country_line(text))
    )
