"""How sure the company is: the evidence the choice rests on, for the calibration table."""

from __future__ import annotations

import re

from ocr.parse.company import domain_match, has_legal_form, org_word_count
from ocr.parse.names import is_latin
from ocr.parse.segments import Segment, mean_conf


def company_evidence(parts: list[Segment], domains: list[str], rest: list[Segment]) -> float:
    """0..1, the evidence the company rests on, for the calibration table: a legal form the
    domain agrees with is strongest; the domain alone, then a legal form alone, then words like
    'Logistics'; a lone logo weakest. A short capitals word alone ('KPST', 'NIA') is often the
    logo of a full name printed elsewhere; on a card also printed in CJK script a Latin name
    without a legal form may not be the name the card gives. OCR confidence weighs in."""
    text = " ".join(p.text for p in parts)
    legal, dm = has_legal_form(text), domain_match(text, domains)
    if legal and dm >= 0.6:
        base = 0.9
    elif legal:
        base = 0.75
    elif dm >= 0.9:
        base = 0.8
    elif dm >= 0.6:
        base = 0.65
    elif org_word_count(text) and len(text.split()) >= 2:
        base = 0.5
    else:
        base = 0.25  # a lone logo
    acronym = len(text.split()) == 1 and text.isupper() and len(text) <= 5
    other_script = is_latin(text) and any(_CJK.search(s.text) for s in rest)
    if not legal and (acronym or other_script):
        base = min(base, 0.5)
    return base * (0.6 + 0.4 * mean_conf([w for p in parts for w in p.words]))


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
