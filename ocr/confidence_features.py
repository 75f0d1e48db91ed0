"""Evidence features per field, for the calibration model (``ocr.confidence``).

The parser's score for a field folds its evidence into one number; these features look at the
finished contact and the OCR lines again, from the outside, so they keep working whatever the
parser's field choices become: how sure the engine was of the words, how the field agrees with
the other fields (the email's local part against the name, its domain against the company and
the website), the lexicons (job titles, legal forms), the text's size on the card, and
``phonenumbers`` validity. Every feature lies in 0..1 (the evidence goes in as a logit).
"""

from __future__ import annotations

import math
import re

import phonenumbers

from .models import Box, OcrResult, ParsedContact
from .parse.company import domain_match, has_legal_form, org_word_count
from .parse.names import email_name_match, name_shape_score
from .parse.text import vocab
from .parse.titles import title_score
from .parse.web import registrable_domain

# field -> the feature names its model reads, in order ('ev': the parser's own evidence score).
FEATURES: dict[str, tuple[str, ...]] = {
    "full_name": ("ev", "ocr_min", "card_ocr", "email_agrees", "tallest", "shape", "doubts"),
    "title": ("ev", "ocr_min", "card_ocr", "lexicon", "covered", "words", "lines", "plain"),
    "company": (
        *("ev", "ocr_min", "card_ocr", "domain_agrees", "legal_form", "tallest", "words"),
        *("plain", "initials"),
    ),
    "emails": ("ev", "ocr_min", "card_ocr", "name_agrees", "site_agrees", "several"),
    "phones": ("ev", "ocr_min", "card_ocr", "all_valid", "several", "doubts"),
    "website": ("ev", "ocr_min", "card_ocr", "email_agrees", "explicit"),
}


_PLAIN = re.compile(r"[^\W\d_]+(?:[ .,&'’()/-]+[^\W\d_]*)*\.?")
_LINKS = vocab("of and the for de du des la le del di und für van voor e y et da do")
_INITIALS = re.compile(r"[A-Z]{2,6}")


def logit(p: float) -> float:
    """The evidence on the log-odds scale, squeezed to 0..1 so its weight is like the others'."""
    p = min(0.995, max(0.005, p))
    return (math.log(p / (1.0 - p)) + 5.3) / 10.6


def _words_at(ocr: OcrResult | None, boxes: tuple[Box, ...]) -> list[tuple[float, int, int]]:
    """(confidence, height, line number) of the OCR words the field was read from."""
    if ocr is None or not boxes:
        return []
    wanted = set(boxes)
    return [
        (w.conf, w.box[3], k) for k, ln in enumerate(ocr.lines) for w in ln.words if w.box in wanted
    ]


def _card_ocr(ocr: OcrResult | None) -> float:
    """How sure the engine was of the card as a whole: a poor photo misleads every field."""
    confs = [w.conf for ln in ocr.lines for w in ln.words] if ocr else []
    return sum(confs) / len(confs) if confs else 0.9


def _tallest(ocr: OcrResult | None, words: list[tuple[float, int, int]]) -> float:
    """The field's text height against the tallest text on the card (1.0: it is the largest)."""
    if ocr is None or not words:
        return 0.5  # unknown (a QR value): neither for nor against
    heights = sorted(w.box[3] for ln in ocr.lines for w in ln.words)
    if not heights:
        return 0.5
    top = heights[max(0, len(heights) - 1 - len(heights) // 20)]  # ignore a stray giant box
    mine = sorted(h for _, h, _ in words)[len(words) // 2]
    return min(1.0, mine / top) if top else 0.5


def _valid(number: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number))
    except phonenumbers.NumberParseException:
        return False


def field_features(
    parsed: ParsedContact, ocr: OcrResult | None, evidence: dict[str, float]
) -> dict[str, dict[str, float]]:
    """field -> feature name -> value, for every field of ``FEATURES`` that has a value."""
    c = parsed.contact
    locals_ = [e.split("@", 1)[0] for e in c.emails]
    email_domains = [e.split("@", 1)[1].lower() for e in c.emails]
    site = registrable_domain(c.website) if c.website else ""
    domains = email_domains + ([c.website] if c.website else [])
    doubts = min(1.0, len(parsed.doubtful) / 2)
    card_ocr = _card_ocr(ocr)
    out: dict[str, dict[str, float]] = {}
    for field in FEATURES:
        value = getattr(c, field)
        if value in (None, "", ()):
            continue
        words = _words_at(ocr, parsed.boxes.get(field, ()))
        f: dict[str, float] = {
            "ev": logit(evidence.get(field, 0.0)),
            "ocr_min": min((w for w, _, _ in words), default=0.9),
            "card_ocr": card_ocr,
            "doubts": doubts,
            # Long values and values over several lines are where a field's extent goes wrong.
            "words": min(1.0, len(str(value).split()) / 8),
            "lines": min(1.0, (len({k for _, _, k in words}) or 1) - 1.0),
            # Digits, '@' or stray symbols in a name-like field: a tagline, a handle, misread
            # logo marks ('ISO 14001', '@hotels', 'Yokogawa 口').
            "plain": float(bool(_PLAIN.fullmatch(str(value)))),
            # A lone short capitals word: a logo abbreviation, the full name printed elsewhere.
            "initials": float(bool(_INITIALS.fullmatch(str(value)))),
        }
        if field == "full_name":
            f["email_agrees"] = email_name_match(c.full_name or "", locals_)
            f["tallest"] = _tallest(ocr, words)
            f["shape"] = name_shape_score(c.full_name or "", f["email_agrees"] >= 0.9) / 0.7
        elif field == "title":
            f["lexicon"] = title_score(c.title or "")
            # Words that are neither title words nor links: a tagline or a neighbour's text
            # taken into the title ('Vertriebsleiter KS'), or a department (harmless).
            tokens = re.findall(r"[^\W\d_]{2,}", c.title or "")
            known = [t for t in tokens if title_score(t) > 0 or t.lower() in _LINKS]
            f["covered"] = len(known) / len(tokens) if tokens else 0.0
        elif field == "company":
            f["domain_agrees"] = domain_match(c.company or "", domains)
            f["legal_form"] = float(has_legal_form(value) or org_word_count(value) > 0)
            f["tallest"] = _tallest(ocr, words)
        elif field == "emails":
            f["name_agrees"] = email_name_match(c.full_name or "", locals_)
            f["site_agrees"] = float(bool(site) and any(d.endswith(site) for d in email_domains))
            f["several"] = float(len(c.emails) > 1)
        elif field == "phones":
            f["all_valid"] = float(all(_valid(p.number) for p in c.phones))
            f["several"] = min(1.0, (len(c.phones) - 1) / 3)
        elif field == "website":
            f["email_agrees"] = float(any(d.endswith(site) for d in email_domains)) if site else 0
            f["explicit"] = float(str(value).lower().startswith(("www.", "http")))
        out[field] = {name: float(f.get(name, 0.0)) for name in FEATURES[field]}
    return out
