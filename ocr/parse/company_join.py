"""How the company's lines join into one name: a logo lock-up over its legal line, a brand word
over what its logo prints under it, a name broken over two lines, neighbours that spell the
email/website domain."""

from __future__ import annotations

import re
from collections.abc import Callable

from ocr.parse.address import address_score
from ocr.parse.company import (
    domain_match,
    has_legal_form,
    is_building,
    is_initials,
    org_word_count,
    strip_legal_form,
)
from ocr.parse.line_evidence import ends_open, is_tagline, person_vote
from ocr.parse.names import is_latin, name_shape_score
from ocr.parse.segments import Segment
from ocr.parse.text import letters_ratio
from ocr.parse.titles import title_score


def lock_up(
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
            or squash(text) in squash(parts[-1].text)
        ):
            break
        if not thin and domain_match(joined, domains) <= domain_match(parts[-1].text, domains):
            break
        parts = [up, *parts]
    return parts


def grow_by_domain(
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


def logo_above(up: Segment, best: Segment) -> bool:
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
        and squash(up.text) not in squash(best.text)
        and title_score(up.text) == 0
        and not is_tagline(up.text)
        and not (name_shape_score(up.text) >= 0.7 and person_vote(up.text) > 0)
    )


def _same_size(parts: list[Segment]) -> bool:
    heights = [p.height for p in parts]
    return max(heights) <= 1.2 * min(heights)


def spelled_out(best: Segment, others: list[Segment]) -> Segment:
    """A logo abbreviation or word ('GSL', 'seas') whose full name is printed elsewhere on the
    card ('Global Star Logistics', 'SEVEN SEAS LOGISTICS'): the full name is the company."""
    if len(best.text.split()) != 1:
        return best
    word = squash(best.text)
    fuller = [
        s
        for s in others
        if s is not best
        and len(s.text.split()) >= 2
        and (is_initials(best.text, s.text) or word in {squash(w) for w in s.text.split()})
    ]
    return max(fuller, key=lambda s: s.height) if fuller else best


def completes_brand(brand: Segment, nxt: Segment, domains: list[str]) -> bool:
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


def squash(text: str) -> str:
    return re.sub(r"\W", "", text.casefold())


def continues_company(prev: Segment, nxt: Segment) -> bool:
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
