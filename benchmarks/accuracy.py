"""Per-field precision, recall and F1 of ``extract`` against expected contacts.

    .venv/bin/python benchmarks/accuracy.py                 # the checked-in sample cards
    .venv/bin/python benchmarks/accuracy.py DIR [DIR ...]   # any folders of images + <stem>.json
    .venv/bin/python benchmarks/accuracy.py --show-errors   # every mismatch, for debugging

An image is scored when ``<stem>.json`` lies beside it with {"contact": {...}, "kind": ...} in the
shape ``cardfollow extract --json`` prints. Macro-F1 averages the six headline fields.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from _common import default_jobs, extract_all, find_samples

HEADLINE = ("full_name", "title", "company", "emails", "phones", "website")
EXTRA = ("address", "linkedin")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

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
    value = unicodedata.normalize("NFC", value).casefold()
    value = re.sub(r"\s+", " ", value).strip(" ,;.")
    return value or None


def norm_web(value: str | None) -> str | None:
    value = norm_text(value)
    if value is None:
        return None
    value = re.sub(r"^https?://", "", value)
    value = re.sub(r"^www\.", "", value)
    return value.rstrip("/") or None


def values(field: str, contact: dict[str, Any]) -> set[str]:
    """The comparable values of ``field``: a set, so multi-valued fields score per item."""
    if field == "emails":
        return {e.strip().lower() for e in contact.get("emails") or [] if e}
    if field == "phones":
        return {p["number"] for p in contact.get("phones") or [] if p.get("number")}
    normalise = norm_web if field in ("website", "linkedin") else norm_text
    v = normalise(contact.get(field))
    return {v} if v else set()


def score(expected: dict[str, Any], got: dict[str, Any], field: str) -> Counts:
    exp, pred = values(field, expected), values(field, got)
    return Counts(tp=len(exp & pred), fp=len(pred - exp), fn=len(exp - pred))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("folders", nargs="*")
    ap.add_argument("--jobs", type=int, default=default_jobs())
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args()

    samples = find_samples(args.folders)
    if not samples:
        print("no labelled images found", file=sys.stderr)
        return 2
    totals: dict[str, dict[str, Counts]] = defaultdict(lambda: defaultdict(Counts))
    # How well "flagged for review" tracks being wrong: [wrong & flagged, wrong, right & flagged,
    # right] over headline fields that have a value.
    review = [0, 0, 0, 0]
    failures = 0
    seconds = 0.0
    results = extract_all([str(s.image) for s in samples], args.jobs)
    for sample, result in zip(samples, results, strict=True):
        seconds += result.get("seconds", 0.0)
        expected = sample.expected["contact"]
        got = result.get("contact") or {}
        if result["status"] != "ok":
            failures += 1
            if args.show_errors:
                print(f"FAILED {sample.image}: {result['error']}")
        flagged = set(result.get("flagged") or [])
        for field in HEADLINE:
            if values(field, got):
                wrong = values(field, got) != values(field, expected)
                review[0 if wrong else 2] += field in flagged
                review[1 if wrong else 3] += 1
        for field in HEADLINE + EXTRA:
            c = score(expected, got, field)
            for group in ("all", sample.kind):
                t = totals[group][field]
                t.tp, t.fp, t.fn = t.tp + c.tp, t.fp + c.fp, t.fn + c.fn
            if args.show_errors and (c.fp or c.fn):
                print(
                    f"{sample.image.name:32} {field:10} expected {sorted(values(field, expected))}"
                    f" got {sorted(values(field, got))}"
                )

    counts = defaultdict(int)
    for s in samples:
        counts[s.kind] += 1
    figures: dict[str, Any] = {
        "images": len(samples),
        "failed": failures,
        "seconds_per_card": round(seconds / len(samples), 3),
        "review": {
            "wrong_fields": review[1],
            "wrong_flagged": review[0],
            "right_fields": review[3],
            "right_flagged": review[2],
        },
        "groups": {},
    }
    for group in sorted(totals, key=lambda g: (g != "all", g)):
        n = len(samples) if group == "all" else counts[group]
        per_field = {
            f: {
                "precision": round(totals[group][f].precision(), 3),
                "recall": round(totals[group][f].recall(), 3),
                "f1": round(totals[group][f].f1(), 3),
            }
            for f in HEADLINE + EXTRA
        }
        macro = sum(per_field[f]["f1"] for f in HEADLINE) / len(HEADLINE)
        figures["groups"][group] = {"images": n, "macro_f1": round(macro, 3), "fields": per_field}

    if args.json:
        print(json.dumps(figures))
        return 0
    print(
        f"{len(samples)} labelled images, {failures} failed to extract, "
        f"{figures['seconds_per_card']} s per card (sum of per-image times)"
    )
    r = figures["review"]
    print(
        f"flagged for review: {r['wrong_flagged']} of {r['wrong_fields']} wrong fields, "
        f"{r['right_flagged']} of {r['right_fields']} right fields"
    )
    for group, g in figures["groups"].items():
        print(f"\n[{group}] {g['images']} images   macro-F1 {g['macro_f1']:.3f}")
        print(f"  {'field':10} {'precision':>9} {'recall':>7} {'F1':>6}")
        for f in HEADLINE + EXTRA:
            m = g["fields"][f]
            mark = "" if f in HEADLINE else "   (not in macro)"
            print(f"  {f:10} {m['precision']:9.3f} {m['recall']:7.3f} {m['f1']:6.3f}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
