"""Scoring extractions against labelled contacts: per-field counts, whole-card verdicts, how
well the flags track the errors, and how well confidences match measured accuracy."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

HEADLINE = ("full_name", "title", "company", "emails", "phones", "website")
EXTRA = ("address", "linkedin")
# Upper edges of the confidence bins of the reliability table.
BINS = (0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 1.0)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def f1(self) -> float:
        p, r = self.precision(), self.recall()
        return 2 * p * r / (p + r) if p + r else 0.0


def norm_text(value: str | None) -> str | None:
    if not value:
        return None
    # Turkish "İ" casefolds to "i" and a combining dot: the dotted and plain readings are one.
    value = unicodedata.normalize("NFC", value).casefold().replace("i\u0307", "i")
    value = re.sub(r"\s+", " ", value).strip(" ,;.")
    return value or None


def norm_web(value: str | None) -> str | None:
    value = norm_text(value)
    if value is None:
        return None
    value = re.sub(r"^https?://", "", value)
    value = re.sub(r"^www\.", "", value)
    return value.rstrip("/") or None


def values(field_name: str, contact: dict[str, Any]) -> set[str]:
    """The comparable values of a field: a set, so multi-valued fields score per item."""
    if field_name == "emails":
        return {e.strip().lower() for e in contact.get("emails") or [] if e}
    if field_name == "phones":
        return {p["number"] for p in contact.get("phones") or [] if p.get("number")}
    normalise = norm_web if field_name in ("website", "linkedin") else norm_text
    v = normalise(contact.get(field_name))
    return {v} if v else set()


def score(expected: dict[str, Any], got: dict[str, Any], field_name: str) -> Counts:
    exp, pred = values(field_name, expected), values(field_name, got)
    return Counts(tp=len(exp & pred), fp=len(pred - exp), fn=len(exp - pred))


@dataclass
class Tally:
    """Everything measured over one set of cards read by one engine."""

    cards: int = 0
    failed: int = 0
    seconds: float = 0.0
    fields: dict[str, dict[str, Counts]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Counts))
    )
    group_cards: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unflagged_cards: int = 0  # read, with nothing flagged
    unflagged_wrong: int = 0  # ... of which at least one headline field is wrong
    wrong_fields: int = 0  # headline fields whose value differs from the label
    wrong_flagged: int = 0  # ... of which flagged for review
    right_fields: int = 0  # headline fields with a value, right
    right_flagged: int = 0
    # field -> bin index -> [right, total, sum of confidences]
    reliability: dict[str, dict[int, list[float]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(lambda: [0, 0, 0.0]))
    )

    def add(self, groups: list[str], expected: dict[str, Any], result: dict[str, Any]) -> list[str]:
        """Score one card; returns the headline fields that are wrong (for --show-errors)."""
        self.cards += 1
        for group in groups:
            self.group_cards[group] += 1
        self.seconds += float(result.get("seconds") or 0.0)
        ok = result.get("status") == "ok"
        self.failed += not ok
        got = result.get("contact") or {}
        flagged = set(result.get("flagged") or [])
        confidence = result.get("confidence") or {}
        wrong = [f for f in HEADLINE if values(f, got) != values(f, expected)]
        for f in HEADLINE:
            is_wrong = f in wrong
            if is_wrong:
                self.wrong_fields += 1
                self.wrong_flagged += f in flagged
            elif values(f, got):
                self.right_fields += 1
                self.right_flagged += f in flagged
            if values(f, got):
                conf = float(confidence.get(f, 0.0))
                cell = self.reliability[f][_bin(conf)]
                cell[0] += not is_wrong
                cell[1] += 1
                cell[2] += conf
        # A card that failed to read is shown to the user (an error), never passed as unflagged.
        if ok and not flagged:
            self.unflagged_cards += 1
            self.unflagged_wrong += bool(wrong)
        for f in HEADLINE + EXTRA:
            c = score(expected, got, f)
            for group in groups:
                self.fields[group][f].add(c)
        return wrong

    def figures(self) -> dict[str, Any]:
        def share(part: int, whole: int) -> float | None:
            return round(part / whole, 3) if whole else None

        groups = {}
        for group in sorted(self.fields, key=lambda g: (g != "all", g)):
            per_field = {
                f: {
                    "precision": round(self.fields[group][f].precision(), 3),
                    "recall": round(self.fields[group][f].recall(), 3),
                    "f1": round(self.fields[group][f].f1(), 3),
                }
                for f in HEADLINE + EXTRA
            }
            macro = sum(per_field[f]["f1"] for f in HEADLINE) / len(HEADLINE)
            groups[group] = {
                "images": self.group_cards[group],
                "macro_f1": round(macro, 3),
                "fields": per_field,
            }
        reliability = {
            f: [
                {
                    "bin": f"{_low(i):.2f}-{BINS[i]:.2f}",
                    "fields": int(cell[1]),
                    "mean_confidence": round(cell[2] / cell[1], 3),
                    "accuracy": round(cell[0] / cell[1], 3),
                }
                for i, cell in sorted(self.reliability[f].items())
            ]
            for f in HEADLINE
        }
        return {
            "images": self.cards,
            "failed": self.failed,
            "seconds_per_card": round(self.seconds / self.cards, 3) if self.cards else None,
            "nothing_flagged_share": share(self.unflagged_cards, self.cards),
            "unflagged_wrong_share": share(self.unflagged_wrong, self.unflagged_cards),
            "wrong_fields_flagged_share": share(self.wrong_flagged, self.wrong_fields),
            "review": {
                "unflagged_cards": self.unflagged_cards,
                "unflagged_wrong": self.unflagged_wrong,
                "wrong_fields": self.wrong_fields,
                "wrong_flagged": self.wrong_flagged,
                "right_fields": self.right_fields,
                "right_flagged": self.right_flagged,
            },
            "groups": groups,
            "reliability": reliability,
        }


def _bin(conf: float) -> int:
    return next(i for i, top in enumerate(BINS) if conf <= top or top == BINS[-1])


def _low(i: int) -> float:
    return 0.0 if i == 0 else BINS[i - 1]
