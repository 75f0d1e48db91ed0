"""Per-field precision, recall and F1 of ``extract`` against expected contacts, per OCR engine.

    .venv/bin/python benchmarks/accuracy.py                 # the checked-in sample cards
    .venv/bin/python benchmarks/accuracy.py DIR [DIR ...]   # any folders of images + <stem>.json
    .venv/bin/python benchmarks/accuracy.py --engines rapidocr,auto DIR   # some engines only
    .venv/bin/python benchmarks/accuracy.py --show-errors   # every mismatch, for debugging
    .venv/bin/python benchmarks/accuracy.py --json          # the figures as one JSON object
    .venv/bin/python benchmarks/accuracy.py --markdown      # the headline figures as tables
    .venv/bin/python benchmarks/accuracy.py --readings /work/cache/ocr [DIR ...] [--part 1/2]

``--readings CACHE`` scores the OCR readings that ``benchmarks/parser_dev.py cache`` kept (one
pickle per image and engine) with today's parser, merge and confidence code, instead of reading
the images again: the same figures in seconds, every engine of the cache side by side, on the
images every one of them has a reading for (DIR: the folders to score, by default the ones the
cache was made from; ``--part K/M``: the cards at positions i with i % M == K in each folder).

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
import pickle
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from _common import Sample, default_jobs, engine_names, extract_all, find_samples
from scoring import EXTRA, HEADLINE, Tally, values


def groups_of(sample: Sample, several_folders: bool) -> list[str]:
    groups = ["all", sample.kind]
    if several_folders:
        # Targets differ per set and kind (generated photos vs scans, real cards): both levels.
        groups += [f"folder {sample.folder}", f"folder {sample.folder} {sample.kind}"]
    script = sample.expected.get("script")
    if script:
        groups.append(f"script {script}")
    return groups


def cached_path(cache: Path, sample: Sample, engine: str) -> Path:
    from parser_dev import _key

    return cache / _key(sample.image, engine)


def cached_results(cache: Path, samples: list[Sample], engine: str) -> Iterator[dict[str, Any]]:
    """What ``extract`` would return for each sample, made from its cached reading."""
    from parser_dev import parse_cached

    for sample in samples:
        entry = pickle.loads(cached_path(cache, sample, engine).read_bytes())
        if "error" in entry or "ocr" not in entry:
            # extract raised (no text, nothing identifying, a bug): a failed card, as live.
            yield {"status": "error", "error": entry.get("error", "no reading cached")}
            continue
        got = parse_cached(entry, engine=engine)
        yield {"status": "ok", **got}


def cached_engines(cache: Path) -> list[str]:
    """The engines the cache holds readings of, in the registry's order."""
    from ocr.engines import ENGINE_NAMES

    return [e for e in ENGINE_NAMES if any(cache.glob(f"*__{e}.pkl"))]


def select_part(samples: list[Sample], part: str | None) -> list[Sample]:
    """``K/M``: the cards at positions i % M == K in each folder (parser_dev's halves)."""
    if not part:
        return samples
    k, m = (int(x) for x in part.split("/"))
    position: dict[str, int] = defaultdict(int)
    kept = []
    for sample in samples:
        i = position[sample.folder]
        position[sample.folder] += 1
        if i % m == k:
            kept.append(sample)
    return kept


def measure(
    samples: list[Sample],
    engine: str,
    jobs: int,
    several_folders: bool,
    show_errors: bool,
    readings: Path | None = None,
) -> dict[str, Any]:
    """The figures of one engine: reading the images now, or from ``readings`` (a cache)."""
    tally = Tally()
    results: Iterable[dict[str, Any]]
    if readings is None:
        results = extract_all([str(s.image) for s in samples], jobs, engine)
    else:
        results = cached_results(readings, samples, engine)
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
    figures = tally.figures()
    if readings is not None:
        figures["seconds_per_card"] = None  # not measured: nothing was read
    return figures


def print_figures(figures: dict[str, dict[str, Any]]) -> None:
    engines = list(figures)
    first = figures[engines[0]]
    print(f"{first['images']} labelled images; engines side by side: {', '.join(engines)}")
    width = max(10, *(len(e) for e in engines))

    def row(label: str, cells: list[str]) -> None:
        print(f"  {label:34} " + " ".join(f"{c:>{width}}" for c in cells))

    def pct(v: float | None) -> str:
        return "-" if v is None else f"{100 * v:.1f}%"

    def opt(v: Any) -> str:
        return "-" if v is None else str(v)

    def each(key: str, fmt: Any = str) -> list[str]:
        return [fmt(figures[e][key]) for e in engines]

    row("", engines)
    row("failed to extract", each("failed"))
    row("seconds per card (sum of extracts)", each("seconds_per_card", opt))
    review = [figures[e]["review"] for e in engines]
    row("cards with nothing flagged", each("nothing_flagged_share", pct))
    row("  ... of which wrong", each("unflagged_wrong_share", pct))
    row(
        "  (wrong / unflagged cards)",
        [f"{r['unflagged_wrong']}/{r['unflagged_cards']}" for r in review],
    )
    row("wrong fields that are flagged", each("wrong_fields_flagged_share", pct))
    row("  (flagged / wrong fields)", [f"{r['wrong_flagged']}/{r['wrong_fields']}" for r in review])
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


def print_markdown(figures: dict[str, dict[str, Any]]) -> None:
    """The headline figures as Markdown tables, for a closing note or the README."""
    engines = list(figures)
    groups = figures[engines[0]]["groups"]
    print("| set | engine | cards | macro-F1 | " + " | ".join(HEADLINE) + " |")
    print("|" + "---|" * (4 + len(HEADLINE)))
    for group in groups:
        for e in engines:
            g = figures[e]["groups"][group]
            f1 = [f"{g['fields'][f]['f1']:.3f}" for f in HEADLINE]
            print(
                f"| {group} | {e} | {g['images']} | {g['macro_f1']:.3f} | " + " | ".join(f1) + " |"
            )
    print("\n| engine | cards with nothing flagged | of those wrong | wrong fields flagged |")
    print("|---|---|---|---|")
    for e in engines:
        r, n = figures[e]["review"], figures[e]["images"]
        print(
            f"| {e} | {r['unflagged_cards']}/{n} | {r['unflagged_wrong']}/{r['unflagged_cards']} "
            f"| {r['wrong_flagged']}/{r['wrong_fields']} |"
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("folders", nargs="*")
    ap.add_argument("--engines", help="comma-separated engine names (default: every engine)")
    ap.add_argument("--jobs", type=int, default=default_jobs())
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ap.add_argument("--markdown", action="store_true", help="the headline figures as tables")
    ap.add_argument("--readings", type=Path, metavar="CACHE", help="score parser_dev.py's cache")
    ap.add_argument("--part", metavar="K/M", help="only one part of each folder (halves: 0/2, 1/2)")
    args = ap.parse_args()

    folders = args.folders
    if args.readings and not folders:
        folders = json.loads((args.readings / "index.json").read_text())
    samples = select_part(find_samples(folders), args.part)
    engines = engine_names(args.engines)
    if args.readings:
        # The engines the cache has, unless named: a missing one is a typo, not "read them now".
        engines = engines if args.engines else cached_engines(args.readings)
        every = [
            s for s in samples if all(cached_path(args.readings, s, e).exists() for e in engines)
        ]
        if len(every) < len(samples):
            print(
                f"{len(samples) - len(every)} of {len(samples)} labelled images lack a cached"
                f" reading by one of {', '.join(engines)}: scoring the other {len(every)}",
                file=sys.stderr,
            )
        samples = every
    if not samples or not engines:
        print("no labelled images found", file=sys.stderr)
        return 2
    several = len(folders) > 1
    figures = {
        engine: measure(samples, engine, args.jobs, several, args.show_errors, args.readings)
        for engine in engines
    }
    if args.json:
        print(json.dumps({"engines": figures}))
    elif args.markdown:
        print_markdown(figures)
    else:
        print_figures(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
