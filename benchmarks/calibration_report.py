"""How good a calibration is, measured on card records (``card_record``) whose
probabilities came from a fit that never saw them: per field the Brier score and log-loss and a
reliability table, and per set of cards the flag frontier (for each threshold, the share of
cards with nothing flagged and the share of those that are wrong).

A card is unflagged at threshold t when nothing forces a look (a name and an email are there,
the parser suspects no missed field) and every field shown has a probability of at least t.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from scoring import HEADLINE, values


def card_record(sample: Any, got: dict[str, Any]) -> dict[str, Any]:
    """One card as the calibration fit sees it (``got``: ``parser_dev.parse_cached(raw=True)``):
    per headline field with a value its evidence, features and whether it is right; whether the
    card is wrong at all; whether it is flagged whatever the probabilities (no name, no email, a
    field the parser may have missed); and the lowest confidence among the uncalibrated fields
    shown (address, LinkedIn)."""
    from ocr.confidence import MUST_HAVE, UNCALIBRATED

    expected, contact = sample.expected["contact"], got["contact"]
    fields: dict[str, Any] = {}
    wrong = False
    for field in HEADLINE:
        exp, pred = values(field, expected), values(field, contact)
        wrong |= exp != pred
        if pred and field in got["features"]:
            fields[field] = {
                "ev": got["evidence"][field],
                "x": got["features"][field],
                "right": exp == pred,
            }
    shown = [got["evidence"][f] for f in UNCALIBRATED if contact.get(f)]
    forced = bool(got["doubtful"]) or any(not contact.get(f) for f in MUST_HAVE)
    return {"fields": fields, "wrong": wrong, "forced": forced, "other": min(shown, default=1.0)}


THRESHOLDS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.82, 0.84, 0.86, 0.88, 0.9, 0.92, 0.94, 0.96, 0.98, 0.99)
_BINS = (0.5, 0.7, 0.8, 0.9, 0.95, 1.01)  # upper edges of the reliability bins


def scores(pairs: list[tuple[float, bool]]) -> tuple[float, float]:
    """(Brier score, log-loss) of (probability, right) pairs: lower is better."""
    if not pairs:
        return 0.0, 0.0
    brier = sum((p - r) ** 2 for p, r in pairs) / len(pairs)
    eps = 1e-3
    loss = -sum(math.log(max(eps, p)) if r else math.log(max(eps, 1 - p)) for p, r in pairs) / len(
        pairs
    )
    return round(brier, 4), round(loss, 4)


def reliability(pairs: list[tuple[float, bool]]) -> list[tuple[str, int, float, float]]:
    """(bin, rows, mean probability, share right) per non-empty probability bin."""
    out: list[tuple[str, int, float, float]] = []
    low = 0.0
    for high in _BINS:
        inside = [(p, r) for p, r in pairs if low <= p < high]
        if inside:
            mean_p = sum(p for p, _ in inside) / len(inside)
            right = sum(r for _, r in inside) / len(inside)
            out.append((f"{low:.2f}-{min(high, 1.0):.2f}", len(inside), mean_p, right))
        low = high
    return out


def unflagged(card: dict[str, Any], probs: dict[str, float], threshold: float) -> bool:
    """As ``ocr.confidence.flag_fields`` decides, from a card record."""
    from ocr.confidence import UNCALIBRATED_FLOOR

    if card["forced"] or card["other"] < min(threshold, UNCALIBRATED_FLOOR):
        return False
    return all(probs[f] >= threshold for f in card["fields"])


def frontier(
    cards: list[dict[str, Any]], probs: list[dict[str, float]]
) -> dict[str, list[tuple[float, int, int, int]]]:
    """set -> (threshold, cards, unflagged, unflagged and wrong) per threshold."""
    out: dict[str, list[tuple[float, int, int, int]]] = defaultdict(list)
    sets = sorted({c["set"] for c in cards})
    for name in sets:
        mine = [(c, p) for c, p in zip(cards, probs, strict=True) if c["set"] == name]
        for t in THRESHOLDS:
            clear = [c for c, p in mine if unflagged(c, p, t)]
            out[name].append((t, len(mine), len(clear), sum(c["wrong"] for c in clear)))
    return out


def shipped(card: dict[str, Any], engine: str) -> dict[str, float]:
    """Each field's probability as the shipped calibration gives it (in sample, for a look)."""
    from ocr.confidence import calibrated, modelled

    out: dict[str, float] = {}
    for field, row in card["fields"].items():
        p = modelled(field, row["x"], engine)
        out[field] = calibrated(field, row["ev"], engine) if p is None else p
    return out


def print_report(
    cards: list[dict[str, Any]], probs: list[dict[str, float]], title: str, fields: list[str]
) -> None:
    """Reliability per field and the frontier per set, for probabilities out of sample."""
    print(f"\n== {title}")
    for field in fields:
        pairs = [
            (p[field], c["fields"][field]["right"])
            for c, p in zip(cards, probs, strict=True)
            if field in c["fields"]
        ]
        if not pairs:
            continue
        brier, loss = scores(pairs)
        bins = "  ".join(f"{b}: {n} p{mp:.2f} ok{ok:.2f}" for b, n, mp, ok in reliability(pairs))
        print(f"  {field:9} n={len(pairs):3} brier {brier:.3f} logloss {loss:.3f} | {bins}")
    print_frontier(frontier(cards, probs))


# The targets: at most this share wrong among the cards with nothing flagged.
WRONG_TARGET = {"real": 0.05}
WRONG_TARGET_GENERATED = 0.03


# A threshold that passes (almost) no card meets any wrong-share cap: flagging everything is no
# answer. A set whose cap no threshold meets while passing this share of its cards is reported,
# and left out of the pick (only a better reader helps it).
MIN_PASS = 0.10


def _meets(name: str, row: tuple[float, int, int, int], need_pass: bool) -> bool:
    _, n, clear, wrong = row
    cap = WRONG_TARGET.get(name, WRONG_TARGET_GENERATED)
    return wrong <= cap * clear and (not need_pass or clear >= MIN_PASS * n)


def out_of_reach(table: dict[str, list[tuple[float, int, int, int]]]) -> list[str]:
    """The sets on which no threshold keeps the wrong share under its cap while passing at
    least ``MIN_PASS`` of the cards unflagged."""
    return [name for name, rows in table.items() if not any(_meets(name, r, True) for r in rows)]


def recommend(table: dict[str, list[tuple[float, int, int, int]]]) -> float:
    """The lowest threshold at which, on every set within reach, the cards with nothing flagged
    are wrong no more often than the target: the most cards passed unflagged that the measured
    accuracy allows (the unflagged share only falls as the threshold rises)."""
    reach = {k: v for k, v in table.items() if k not in out_of_reach(table)} or table
    for k, t in enumerate(THRESHOLDS):
        if all(_meets(name, rows[k], False) for name, rows in reach.items()):
            return t
    return THRESHOLDS[-1]


def print_frontier(table: dict[str, list[tuple[float, int, int, int]]]) -> None:
    for name, rows in table.items():
        cells = "  ".join(
            f"{t:.2f}:{clear / n:.2f}/{wrong / clear if clear else 0:.2f}"
            for t, n, clear, wrong in rows
        )
        print(f"  frontier {name:8} (threshold: unflagged/of those wrong) {cells}")
