"""A small learned line classifier, kept for measurement (benchmarks/line_model_dev.py): a
linear-chain CRF (python-crfsuite, which probablepeople already brings) over a card's lines in
reading order, giving each line's chance of being the name, the job title, the company or none.

The features are the evidence the hand rules weigh (text size and rank, position, case, title
and legal-form lexicons, probablepeople's vote, the email's local part and domain), so the model
learns how much each counts and how neighbouring lines go together. Measured 2-fold on the real
cards it did not beat the rules (see line_model_dev.py), so the parser does not use it.
"""

from __future__ import annotations

import re
from typing import Any

from ocr.models import OcrResult
from ocr.parse.address import address_score, is_country_line, names_a_city
from ocr.parse.company import (
    domain_match,
    has_legal_form,
    is_building,
    org_word_count,
    repair_company,
)
from ocr.parse.emails import find_emails
from ocr.parse.line_evidence import is_tagline, person_vote
from ocr.parse.names import (
    cjk_name_score,
    email_name_match,
    is_latin,
    name_shape_score,
    parse_name,
)
from ocr.parse.scripts import has_cjk
from ocr.parse.segments import Field, Segment, split_segments
from ocr.parse.text import letters_ratio
from ocr.parse.titles import strong_title_words, title_score
from ocr.parse.web import find_urls

LABELS = ("name", "title", "company", "other")
Features = dict[str, float]


def _bucket(value: float, edges: tuple[float, ...]) -> int:
    return sum(value >= e for e in edges)


def _case(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    if not letters or not any(c.isascii() or c.isupper() or c.islower() for c in letters):
        return "none"
    upper = sum(c.isupper() for c in letters) / len(letters)
    if upper >= 0.8:
        return "caps"
    words = [w for w in text.split() if w[:1].isalpha()]
    if words and all(w[:1].isupper() for w in words):
        return "titlecase"
    if text == text.lower():
        return "lower"
    return "mixed"


def _own(seg: Segment, rank: int, top: int, span: int, tallest: int, locals_: list[str],
         domains: list[str]) -> Features:  # fmt: skip
    """The line's own evidence, as crfsuite features (names with a value of 1)."""
    text = seg.text
    words = text.split()
    digits = sum(c.isdigit() for c in text) / max(1, len(text.replace(" ", "")))
    em = email_name_match(text, locals_) if locals_ else 0.0
    contact = "@" in text or bool(re.search(r"(?i)\bwww\.|https?:|\.(?:com|net|org)\b", text))
    f: Features = {
        f"hrank={min(rank, 4)}": 1.0,
        f"hrel={_bucket(seg.height / max(1, tallest), (0.4, 0.55, 0.7, 0.85, 0.99))}": 1.0,
        f"y={_bucket((seg.top - top) / max(1, span), (0.2, 0.4, 0.6, 0.8))}": 1.0,
        f"words={min(len(words), 6)}": 1.0,
        f"case={_case(text)}": 1.0,
        f"digits={_bucket(digits, (0.01, 0.2, 0.5))}": 1.0,
        f"letters={_bucket(letters_ratio(text), (0.5, 0.8, 0.95))}": 1.0,
        f"conf={_bucket(seg.conf, (0.5, 0.8, 0.95))}": 1.0,
        f"title={_bucket(title_score(text), (0.5, 0.8, 0.99))}": 1.0,
        f"shape={_bucket(name_shape_score(text, email_backed=em >= 0.7), (0.1, 0.4, 0.7))}": 1.0,
        f"em={_bucket(em, (0.5, 0.7, 0.9))}": 1.0,
        f"dom={_bucket(domain_match(text, domains), (0.5, 0.7, 0.9))}": 1.0,
        f"vote={person_vote(text) if len(words) <= 6 else 0.0}": 1.0,
        "bias": 1.0,
    }
    for name, on in (
        ("strong_title", strong_title_words(text) > 0),
        ("legal", has_legal_form(text)),
        ("org", org_word_count(text) > 0),
        ("tagline", is_tagline(text)),
        ("place", is_country_line(text) or names_a_city(text)),
        ("address", address_score(text) > 0),
        ("building", is_building(text)),
        ("contact", contact),
        ("latin", is_latin(text)),
        ("cjk", has_cjk(text)),
        ("cjk_name", cjk_name_score(text) > 0),
        ("comma", "," in text),
        ("colon", ":" in text),
        ("amp", "&" in text or "/" in text),
    ):
        if on:
            f[name] = 1.0
    return f


def line_features(segs: list[Segment], emails: list[str], urls: list[str]) -> list[Features]:
    """Features of each line of ``segs`` (in reading order), with its neighbours' main ones."""
    if not segs:
        return []
    locals_ = [e.split("@", 1)[0] for e in emails]
    domains = [u.split("/", 1)[0] for u in urls] + [e.split("@", 1)[1] for e in emails]
    sizes = sorted({s.height for s in segs}, reverse=True)
    top = min(s.top for s in segs)
    span = max(s.bottom for s in segs) - top
    own = [_own(s, sizes.index(s.height), top, span, sizes[0], locals_, domains) for s in segs]
    out: list[Features] = []
    for i, f in enumerate(own):
        g = dict(f)
        for off, tag in ((-1, "p"), (1, "n")):
            j = i + off
            if not 0 <= j < len(own):
                g[f"{tag}:none"] = 1.0
                continue
            for k in own[j]:
                if k.split("=")[0] in _NEIGHBOUR_KEYS:
                    g[f"{tag}:{k}"] = 1.0
            rel = segs[j].height / max(1, segs[i].height)
            g[f"{tag}:size={_bucket(rel, (0.8, 0.95, 1.05, 1.25))}"] = 1.0
        out.append(g)
    return out


_NEIGHBOUR_KEYS = frozenset(
    {"title", "shape", "em", "legal", "org", "contact", "address", "hrank", "case", "digits"}
)


def reading_order(segs: list[Segment]) -> list[Segment]:
    """Lines top to bottom, side-by-side pieces left to right (the OCR's line order)."""
    return sorted(segs, key=lambda s: (s.line_no, s.left))


def line_chances(
    segs: list[Segment], emails: list[str], urls: list[str], tagger: Any
) -> dict[int, dict[str, float]]:
    """Segment index -> each label's marginal chance under a ``pycrfsuite.Tagger``."""
    ordered = reading_order(segs)
    if not ordered:
        return {}
    tagger.set(line_features(ordered, emails, urls))
    return {
        s.index: {lab: tagger.marginal(lab, i) for lab in LABELS} for i, s in enumerate(ordered)
    }


def card_items(ocr: OcrResult) -> tuple[list[Segment], list[str], list[str]]:
    """The card's segments in reading order and its emails and URLs: the model's whole input,
    the same in training and at run time."""
    segs = reading_order(split_segments(ocr))
    emails = [f.address for s in segs for f in find_emails(s.text)]
    urls = [u.value for s in segs for u in find_urls(s.text) if "@" not in u.value]
    return segs, emails, urls


# The model overrides the rules' line only when it is sure and finds the rules' line unlikely.
SURE, UNLIKELY = 0.8, 0.2
_FIELD_LABEL = {"full_name": "name", "title": "title", "company": "company"}


def revise(
    ocr: OcrResult,
    fields: dict[str, Field],
    candidates: list[Segment],
    region: str | None,
    model: Any,
    sure: float = SURE,
    unlikely: float = UNLIKELY,
    fill: bool = False,
) -> None:
    """Second opinion on the rules' name, title and company: where the model is sure of another
    candidate line and finds the rules' choice unlikely, its line is taken."""
    segs, emails, urls = card_items(ocr)
    chances = line_chances(segs, emails, urls, model)
    if not chances:
        return
    by_box = {b: s.index for s in segs for b in s.boxes}
    pool = [c for c in candidates if c.index in chances]
    for field, label in _FIELD_LABEL.items():
        current = fields.get(field)
        if current is None and not fill:
            continue  # the rules left it empty on purpose (unsure words): no guess in its place
        mine = {by_box[b] for b in current.boxes if b in by_box} if current else set()
        p_now = max((chances[i][label] for i in mine), default=0.0)
        others = {
            by_box[b]
            for f, v in fields.items()
            if f != field and f in _FIELD_LABEL
            for b in v.boxes
            if b in by_box
        }
        options = [c for c in pool if c.index not in others]
        if not options or p_now > unlikely:
            continue
        best = max(options, key=lambda c: chances[c.index][label])
        p = chances[best.index][label]
        if p < sure or best.index in mine:
            continue
        _take(fields, field, _span(best, options, chances, label), p, region)


def _span(
    best: Segment, options: list[Segment], chances: dict[int, dict[str, float]], label: str
) -> list[Segment]:
    """The model's line with the neighbours it also gives the label: a company or title over
    two lines, a name printed in two pieces (family and given name apart)."""
    order = reading_order(options)
    k = order.index(best)
    reach = 0 if label == "name" else 1  # a name stays on its line
    lo = hi = k

    def joins(seg: Segment) -> bool:
        # Another script is the same field printed twice ('吳允賢' beside 'Antony Wu'), not a part.
        return chances[seg.index][label] >= 0.5 and is_latin(seg.text) == is_latin(best.text)

    while lo > 0 and 0 <= order[lo].line_no - order[lo - 1].line_no <= reach:
        if not joins(order[lo - 1]):
            break
        lo -= 1
    while hi + 1 < len(order) and 0 <= order[hi + 1].line_no - order[hi].line_no <= reach:
        if not joins(order[hi + 1]):
            break
        hi += 1
    return order[lo : hi + 1]


def _take(
    fields: dict[str, Field], field: str, segs: list[Segment], p: float, region: str | None
) -> None:
    conf = min(s.conf for s in segs) * p
    text = " ".join(s.text for s in segs)
    boxes = tuple(b for s in segs for b in s.boxes)
    if field == "full_name":
        parsed = parse_name(text, region)
        if not parsed.full:
            return
        for key in ("given_name", "family_name", "_prefix", "_suffix"):
            fields.pop(key, None)
        fields["full_name"] = Field(parsed.full, conf, boxes)
        for key, value in (("given_name", parsed.given), ("family_name", parsed.family)):
            if value:
                fields[key] = Field(value, conf, boxes)
        fields["_prefix"] = Field(parsed.prefix, conf, boxes)
        fields["_suffix"] = Field(parsed.suffix, conf, boxes)
    elif field == "company":
        fields["company"] = Field(repair_company(text), conf, boxes)
    else:
        fields["title"] = Field(text, conf, boxes)
