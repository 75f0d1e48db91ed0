"""Confidence that is a probability, and which fields the user must look at.

The parser scores each field from its evidence (OCR word confidence, how well the text fits the
field, cross-checks such as the email against the name). Those scores rank fields well but are
not probabilities; ``calibrated`` maps them through a per-field table fitted on labelled cards
(``scripts/fit_calibration.py`` writes ``ocr/calibration_table.py``), so that a field shown at
0.9 is right about nine times in ten on cards like the development sets.
"""

from __future__ import annotations

from bisect import bisect_left

from .calibration_table import TABLE
from .models import CONTACT_FIELDS, Contact

# A card without these cannot become a contact one click approves: someone must look.
MUST_HAVE = ("full_name", "emails")


def calibrated(field: str, evidence: float, engine: str = "") -> float:
    """The measured chance that a field read with this evidence score is right.

    The table holds (upper edge of an evidence bin, accuracy in that bin) pairs, monotone in the
    evidence; between bin centres the value is the bin's own (a step function: enough data for
    nothing finer). A field missing from the table keeps its evidence score.
    """
    # Engines report word confidence differently, so each has its own table; '*' holds the
    # fit over all of them, for an engine without one.
    steps = (TABLE.get(engine) or TABLE.get("*") or {}).get(field)
    if not steps:
        return round(max(0.0, min(1.0, evidence)), 3)
    edges = [edge for edge, _ in steps]
    i = min(bisect_left(edges, evidence), len(steps) - 1)
    return steps[i][1]


# Parts of a field share its table: the given and family name are as right as the full name.
_TABLE_OF = {"given_name": "full_name", "family_name": "full_name"}


def calibrate_all(evidence: dict[str, float], engine: str = "") -> dict[str, float]:
    """Every field's evidence mapped to its chance of being right; an empty field stays 0."""
    return {
        f: calibrated(_TABLE_OF.get(f, f), evidence[f], engine) if evidence.get(f) else 0.0
        for f in CONTACT_FIELDS
    }


def _has_value(value: object) -> bool:
    return value not in (None, "", ())


def flag_fields(
    contact: Contact,
    confidence: dict[str, float],
    threshold: float,
    doubtful: tuple[str, ...] = (),
) -> tuple[str, ...]:
    """Every field the user must check: a value whose chance of being right is below
    ``threshold``, an empty name or email (the card itself needs a look), and a field the parser
    thinks it may have missed or cut short (``doubtful``: text left over that could be it)."""
    flagged: list[str] = []
    for f in CONTACT_FIELDS:
        value = getattr(contact, f)
        if _has_value(value):
            if confidence.get(f, 0.0) < threshold or f in doubtful:
                flagged.append(f)
        elif f in MUST_HAVE or f in doubtful:
            flagged.append(f)
    return tuple(flagged)
