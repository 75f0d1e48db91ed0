"""Confidence that is a probability, and which fields the user must look at.

The parser scores each field from its evidence (OCR word confidence, how well the text fits the
field, cross-checks such as the email against the name). Those scores rank fields well but are
not probabilities. Per engine and field, ``ocr/calibration_table.py`` (written by
``scripts/fit_calibration.py`` from labelled cards) holds an isotonic table of the score, and, for
the fields where it predicted better out of sample, a small logistic model over several evidence
features (``ocr.confidence_features``): a field shown at 0.9 is right about nine times in ten on
cards like the development sets.
"""

from __future__ import annotations

import math
from bisect import bisect_left

from .calibration_table import MODEL, TABLE
from .models import CONTACT_FIELDS, Contact

# A card without these cannot become a contact one click approves: someone must look.
# A phone number is printed on nearly every card (all but 2 of the 136 real development
# cards), so an empty phone list is more likely a number the reader missed.
MUST_HAVE = ("full_name", "emails", "phones")
# Fields no table calibrates (the benchmarks do not judge them, so nothing measures how often
# they are right): their confidence is the engine's word confidence, discounted when an address
# has no postcode or city. Below this the reading itself is unsure, whatever the threshold.
UNCALIBRATED = ("address", "linkedin")
UNCALIBRATED_FLOOR = 0.6


def calibrated(field: str, evidence: float, engine: str = "") -> float:
    """The measured chance that a field read with this evidence score is right.

    The table holds (upper edge of an evidence bin, accuracy in that bin) pairs, monotone in the
    evidence; between bin centres the value is the bin's own (a step function: enough data for
    nothing finer). A field missing from the table keeps its evidence score.
    """
    # Engines report word confidence differently, so each has its own table; '*' holds the
    # fit over all of them, for an engine without one.
    # A field too rare in one engine's readings to fit uses the fit over all engines too.
    steps = (TABLE.get(engine) or {}).get(field) or TABLE.get("*", {}).get(field)
    if not steps:
        return round(max(0.0, min(1.0, evidence)), 3)
    edges = [edge for edge, _ in steps]
    i = min(bisect_left(edges, evidence), len(steps) - 1)
    return steps[i][1]


# Parts of a field share its table: the given and family name are as right as the full name.
_TABLE_OF = {"given_name": "full_name", "family_name": "full_name"}


# A fit on a few hundred labelled fields proves no certainty either way.
_MODEL_RANGE = (0.01, 0.99)


def logistic(model: tuple[float, tuple[tuple[str, float], ...]], x: dict[str, float]) -> float:
    """A model's (bias, ((feature, weight), ...)) probability for features ``x``."""
    z = model[0] + sum(w * x[name] for name, w in model[1])
    p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    return round(min(_MODEL_RANGE[1], max(_MODEL_RANGE[0], p)), 3)


def modelled(field: str, features: dict[str, float], engine: str = "") -> float | None:
    """The logistic model's chance that the field is right, or None when the field has no model
    (the isotonic table predicted as well) or a feature it needs is missing."""
    # An engine with a table of its own has its own models (maybe none: the table won there);
    # one without either uses the fit over all engines.
    models = MODEL.get(engine, {}) if engine in TABLE else MODEL.get("*", {})
    model = models.get(field)
    if not model or any(name not in features for name, _ in model[1]):
        return None
    return logistic(model, features)


def calibrate_all(
    evidence: dict[str, float],
    engine: str = "",
    features: dict[str, dict[str, float]] | None = None,
) -> dict[str, float]:
    """Every field's evidence mapped to its chance of being right; an empty field stays 0.
    ``features`` (``ocr.confidence_features.field_features``) lets a field's model weigh more
    than the one score; without them, or without a model, the table decides."""
    out: dict[str, float] = {}
    for f in CONTACT_FIELDS:  # the full name comes before its parts
        base = _TABLE_OF.get(f, f)
        if not evidence.get(f):
            out[f] = 0.0
            continue
        if base != f and out.get(base):
            out[f] = out[base]
            continue
        p = modelled(base, features[base], engine) if features and base in features else None
        out[f] = calibrated(base, evidence[f], engine) if p is None else p
    return out


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
    thinks it may have missed or cut short (``doubtful``: text left over that could be it).
    An uncalibrated field is flagged below ``UNCALIBRATED_FLOOR`` (or the threshold if lower)."""
    flagged: list[str] = []
    for f in CONTACT_FIELDS:
        value = getattr(contact, f)
        limit = min(threshold, UNCALIBRATED_FLOOR) if f in UNCALIBRATED else threshold
        if _has_value(value):
            if confidence.get(f, 0.0) < limit or f in doubtful:
                flagged.append(f)
        elif f in MUST_HAVE or f in doubtful:
            flagged.append(f)
    return tuple(flagged)
