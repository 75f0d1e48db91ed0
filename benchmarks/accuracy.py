"""Per-field precision, recall and F1 of ``extract`` against expected contacts, per OCR engine.

    .venv/bin/python benchmarks/accuracy.py                 # the checked-in sample cards
    .venv/bin/python benchmarks/accuracy.py DIR [DIR ...]   # any folders of images + <stem>.json
    .venv/bin/python benchmarks/accuracy.py --engines rapidocr,auto DIR   # some engines only
    .venv/bin/python benchmarks/accuracy.py --show-errors   # every mismatch, for debugging
    .venv/bin/python benchmarks/accuracy.py --json          # the figures as one JSON object

An image is scored when ``<stem>.json`` lies beside it with {"contact": {...}, "kind": ...} in the
shape ``cardfollow extract --json`` prints. Every engine reads every image in the same run.

Figures per engine: per-field F1 and macro-F1 (the six headline fields) for all images, per kind
(scan/photo), per folder and per script when the labels say; the share of cards with nothing
flagged, the share of those that are wrong (any headline field differs from its label, including
a field filled that should be empty), the share of wrong fields that are flagged, and per field a
reliability table: confidence bins against the share of fields in the bin that are right.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from _common import Sample, default_jobs, engine_names, extract_all, find_samples
from scoring import EXTRA, HEADLINE, Tally, values


def groups_of(sample: Sample, several_folders: bool) -> list[str]:
    groups = ["all", sample.kind]
    if several_folders:
        groups.append(f"folder {sample.folder}")
    script = sample.expected.get("script")
    if script:
        groups.append(f"script {script}")
    return groups


def measure(
    samples: list[Sample], engine: str, jobs: int, several_folders: bool, show_errors: bool
) -> dict[str, Any]:
    tally = Tally()
    results = extract_all([str(s.image) for s in samples], jobs, engine)
    for sample, result in zip(samples, results, strict=True):
        expected = sample.expected["contact"]
        if result["status"] != "ok" and show_errors:
            print(f"[{engine}] FAILED {sample.image}: {result['error']}")
        wrong = tally.add(groups_of(sample, several_folders), expected, result)
        if show_errors:
            got = result.get("contact") or {}
            flagged = set(result.get("flagged") or [])
            for f in wrong:
                mark = "flagged" if f in flagged else "UNFLAGGED"
                print(
                    f"[{engine}] {sample.image.name:32} {f:10} {mark:9} expected "
                    f"{sorted(values(f, expected))} got {sorted(values(f, got))}"
                )
    return tally.figures()


def print_figures(figures: dict[str, dict[str, Any]]) -> None:
    engines = list(figures)
    first = figures[engines[0]]
    print(f"{first['images']} labelled images; engines side by side: {', '.join(engines)}")
    width = max(10, *(len(e) for e in engines))

    def row(label: str, cells: list[str]) -> None:
        print(f"  {label:34} " + " ".join(f"{c:>{width}}" for c in cells))

    def pct(v: float | None) -> str:
        return "-" if v is None else f"{100 * v:.1f}%"

    def each(key: str, fmt: Any = str) -> list[str]:
        return [fmt(figures[e][key]) for e in engines]

    row("", engines)
    row("failed to extract", each("failed"))
    row("seconds per card (sum of extracts)", each("seconds_per_card"))
    row("cards with nothing flagged", each("nothing_flagged_share", pct))
    row("  ... of which wrong", each("unflagged_wrong_share", pct))
    row("wrong fields that are flagged", each("wrong_fields_flagged_share", pct))
    for group in first["groups"]:
        n = first["groups"][group]["images"]
        print(f"\n[{group}] {n} images")
        row("macro-F1", [f"{figures[e]['groups'][group]['macro_f1']:.3f}" for e in engines])
        for f in HEADLINE + EXTRA:
            label = f if f in HEADLINE else f"{f} (not in macro)"
            cells = []
            for e in engines:
                m = figures[e]["groups"][group]["fields"][f]
                cells.append(f"{m['f1']:.3f}")
            row(f"  {label} F1", cells)
    for e in engines:
        print(f"\nreliability [{e}]: confidence bin -> fields, mean confidence, share right")
        for f in HEADLINE:
            cells = [
                f"{b['bin']}: {b['fields']} {b['mean_confidence']:.2f} {b['accuracy']:.2f}"
                for b in figures[e]["reliability"][f]
            ]
            print(f"  {f:10} " + " | ".join(cells))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("folders", nargs="*")
    ap.add_argument("--engines", help="comma-separated engine names (default: every engine)")
    ap.add_argument("--jobs", type=int, default=default_jobs())
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args()

    samples = find_samples(args.folders)
    if not samples:
        print("no labelled images found", file=sys.stderr)
        return 2
    several = len(args.folders) > 1
    figures = {
        engine: measure(samples, engine, args.jobs, several, args.show_errors)
        for engine in engine_names(args.engines)
    }
    if args.json:
        print(json.dumps({"engines": figures}))
    else:
        print_figures(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
