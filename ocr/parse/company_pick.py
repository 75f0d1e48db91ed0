"""Which line(s) are the company: the best-scored line, with a brand word above its legal line,
a name broken over two lines, or neighbours that spell the email/website domain joined to it."""

from __future__ import annotations

import re
from collections.abc import Callable

from ocr.parse.address import address_score, names_a_city
from ocr.parse.company import (
    company_score,
    domain_match,
    has_legal_form,
    is_building,
    is_initials,
    org_word_count,
    strip_legal_form,
)
from ocr.parse.company_lines import (
    cut_sentence,
    is_descriptor,
    is_handle,
    is_word_list,
    without_brackets,
)
from ocr.parse.line_evidence import ends_open, is_tagline, names_country, person_vote
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
    rest = [s for s in rest if not _not_a_name(s, below)]
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
        return []
    # A line naming places ('National Holiday Resort, Bentota, Sri Lanka') is a descriptor
    # more often than the firm's name: it ranks after an equal line that names none.
    scored.sort(key=lambda x: (-x[0] + 0.1 * names_country(x[1].text), -x[1].height))
    best = scored[0][1]
    legal = [s for _, s in scored if has_legal_form(s.text)]
    if legal and not has_legal_form(best.text):
        # The full name as printed, with its legal form, is the company; a brand or logo word
        # printed right above it stays with it (below).
        best = max(legal, key=lambda s: (len(s.text) > len(best.text), s.height))
    best = _spelled_out(best, [s for _, s in scored])
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
    parts = _grow_by_domain(_lock_up(parts, rest, domains, above), rest, domains, below, above)
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
            and _squash(side.text) not in _squash(best.text)
        ):
            return [side, best]  # brand word above (or beside) its legal line
    up = above(best)
    if up is not None and up in rest and _logo_above(up, best):
        return [up, best]
    nxt = below(best)
    if (
        nxt is not None
        and nxt in rest
        and (_continues_company(best, nxt) or _completes_brand(best, nxt, domains))
    ):
        return [best, nxt]
    return [best]


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
        nxt = next(
            (
                n
                for n in (
                    below(seg),
                    next((s for s in rest if s.block == seg.block and s.index == seg.index + 1), None),
                )
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
    if len(parts) < 2 or any(has_legal_form(p.text) for p in parts):
        return parts
    exact = [p for p in parts if domain_match(p.text, domains) >= 1.0]
    if not exact:
        return parts
    return [p for p in parts if p is exact[0] or names_country(p.text) or names_a_city(p.text)]




def _lock_up(
    parts: list[Segment],
    rest: list[Segment],
    domains: list[str],
    above: Callable[[Segment], Segment | None],
) -> list[Segment]:
    """'ELEMENT' / 'International Forwarding' / 'Logistics Ltd.': a legal line that closes a
    name printed over several lines of a logo lock-up takes the lines above it, as large or
    larger, that are nothing else (not a title, person, slogan or building, nor a logo
    abbreviation of the name). Only a legal line too thin to be the name alone (nothing but
    organisation words, or the lines above spell the domain better) takes them."""
    if len(parts) > 1 or not has_legal_form(parts[0].text):
        return parts
    own = [w for w in re.findall(r"\w+", strip_legal_form(parts[0].text)) if len(w) > 1]
    thin = all(org_word_count(w) for w in own)
    for _ in range(2):
        up = above(parts[0])
        if up is None or up not in rest or up.block != parts[0].block:
            break
        text = up.text
        joined = " ".join(p.text for p in [up, *parts])
        if (
            has_legal_form(text)
            or title_score(text) > 0
            or is_tagline(text)
            or is_building(text)
            or (
                name_shape_score(text) >= 0.7 and person_vote(text) > 0 and not org_word_count(text)
            )
            or up.height < 0.9 * parts[0].height
            or letters_ratio(text) < 0.7
            or len(joined.split()) > 8
            or is_initials(text, parts[-1].text)
            or _squash(text) in _squash(parts[-1].text)
        ):
            break
        if not thin and domain_match(joined, domains) <= domain_match(parts[-1].text, domains):
            break
        parts = [up, *parts]
    return parts


# 'A member of Millennium Hotels', 'A Daimler company', 'Part of …': the group, not the firm.
_ENDORSEMENT = re.compile(
    r"(?i)^(?:an?|the)\s.*\b(?:company|member|brand|hotel|group)$|\bmember of\b|\bpart of\b|"
    r"\bpowered by\b|\bmanaged by\b|\ba division of\b|\bsubsidiary\b|\bein unternehmen\b"
)


def _grow_by_domain(
    parts: list[Segment],
    rest: list[Segment],
    domains: list[str],
    below: Callable[[Segment], Segment | None],
    above: Callable[[Segment], Segment | None],
) -> list[Segment]:
    """'SHARM' / 'GRAND PLAZA' at sharmgrandplaza.net: a neighbour line joins the company when
    the joined name spells the domain better than the line alone."""
    for _ in range(2):
        text = " ".join(p.text for p in parts)
        score = domain_match(text, domains)
        if score >= 1.0:
            break
        up, down = above(parts[0]), below(parts[-1])
        options = [
            ([n, *parts] if n is up else [*parts, n])
            for n in (up, down)
            if n is not None
            and n in rest
            and n not in parts
            and title_score(n.text) == 0
            # 'ブティックス株式会社' over 'Boutiques, Inc.': one name in two scripts, not two lines
            and is_latin(n.text) == is_latin(parts[0].text)
        ]
        better = [
            o
            for o in options
            if (joined := domain_match(" ".join(p.text for p in o), domains))
            >= max(0.9, score + 0.1)
            # 'CIS' / 'Global Services' at cisglobalservices.com: the joined lines spell it.
            or joined >= 1.0 > score
            # 'Compass' / 'Freight & Logistics' at compass-freight.net: one lock-up, one size.
            or (joined >= max(0.75, score + 0.15) and _same_size(o))
        ]
        if not better:
            break
        parts = max(better, key=lambda o: domain_match(" ".join(p.text for p in o), domains))
    return parts


def _logo_above(up: Segment, best: Segment) -> bool:
    """'LIBERTYCENTRAL' printed large over 'NHATRANG HOTEL': a brand word of a lock-up over the
    organisation line it heads (not an abbreviation of it, a person, a title or a slogan)."""
    return (
        up.block == best.block
        and not has_legal_form(best.text)
        and org_word_count(best.text) > 0
        and up.height >= 1.3 * best.height
        and len(up.text.split()) <= 2
        and letters_ratio(up.text) >= 0.8
        and not is_initials(up.text, best.text)
        and _squash(up.text) not in _squash(best.text)
        and title_score(up.text) == 0
        and not is_tagline(up.text)
        and not (name_shape_score(up.text) >= 0.7 and person_vote(up.text) > 0)
    )


def _same_size(parts: list[Segment]) -> bool:
    heights = [p.height for p in parts]
    return max(heights) <= 1.2 * min(heights)


def _spelled_out(best: Segment, others: list[Segment]) -> Segment:
    """A logo abbreviation or word ('GSL', 'seas') whose full name is printed elsewhere on the
    card ('Global Star Logistics', 'SEVEN SEAS LOGISTICS'): the full name is the company."""
    if len(best.text.split()) != 1:
        return best
    word = _squash(best.text)
    fuller = [
        s
        for s in others
        if s is not best
        and len(s.text.split()) >= 2
        and (is_initials(best.text, s.text) or word in {_squash(w) for w in s.text.split()})
    ]
    return max(fuller, key=lambda s: s.height) if fuller else best


def _completes_brand(brand: Segment, nxt: Segment, domains: list[str]) -> bool:
    if is_latin(brand.text) != is_latin(nxt.text):
        return False  # the same name in the other script, printed under it
    """A brand word with what its logo lock-up prints under it ('BEMMAK' / 'KAZAN MAKİNA
    SANAYİ', 'Furaveri' / 'MALDIVES'): the firm's name as printed is both lines. Not a slogan,
    a building, a person or a job title."""
    if has_legal_form(brand.text) or len(brand.text.split()) > 2:
        return False
    if domain_match(brand.text, domains) < 0.65 and not org_word_count(nxt.text):
        return False
    if nxt.height > brand.height * 1.05 or is_tagline(nxt.text) or is_building(nxt.text):
        return False
    if title_score(nxt.text) > 0 or len(nxt.text.split()) > 6:
        return False
    person_like = name_shape_score(nxt.text) >= 0.7 and person_vote(nxt.text) > 0
    return not person_like and letters_ratio(nxt.text) >= 0.7


def _squash(text: str) -> str:
    return re.sub(r"\W", "", text.casefold())


def _continues_company(prev: Segment, nxt: Segment) -> bool:
    """'Korea Institute of Science and' / 'Technology Information': one name on two lines."""
    only_form = has_legal_form(nxt.text) and len(nxt.text.split()) <= 2
    # A lone 'S.L.' has no descenders or lower case: its measured height varies more.
    tolerance = 0.4 if only_form else 0.2
    if abs(prev.height - nxt.height) > tolerance * max(prev.height, nxt.height):
        return False
    person_like = name_shape_score(nxt.text) >= 0.7 and not org_word_count(nxt.text)
    if title_score(nxt.text) > 0 or person_like:
        return False
    if ":" in nxt.text or address_score(nxt.text) > 0:
        return False  # 'Forum,' / 'Registered Office: Ground Floor': the address begins
    if has_legal_form(prev.text) and not ends_open(prev.text):
        return False
    return ends_open(prev.text) or (has_legal_form(nxt.text) and len(nxt.text.split()) <= 3)
