"""Parser development loop: read each labelled image once, then re-parse and score in seconds.

    .venv/bin/python benchmarks/parser_dev.py cache DIR [DIR ...] --cache /tmp/ocr-cache
    .venv/bin/python benchmarks/parser_dev.py score --cache /tmp/ocr-cache [--show-errors]
    .venv/bin/python benchmarks/parser_dev.py score --cache C --json > figures.json

``cache`` runs the real pipeline over every image that has a ``<stem>.json`` label and keeps what
the parser was given (the OCR lines with boxes and confidences, and any QR reading) as a pickle per
image and engine; ``score`` feeds those to today's parser, merge and confidence code and prints
per-field F1, the flag figures the issue sets targets for (share of cards with nothing flagged,
share of those that are wrong), and per-field reliability tables. ``score --dump`` writes the
per-field (evidence, right) rows that ``scripts/fit_calibration.py`` turns into the shipped table.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, find_samples
from calibration_report import card_record, frontier, print_frontier, shipped
from scoring import HEADLINE, Counts, values

sys.path.insert(0, str(ROOT))


def _key(image: Path, engine: str) -> str:
    return f"{image.parent.name}__{image.name}__{engine}.pkl"


def _cache_one(job: tuple[str, str, str]) -> str:
    """Run extract on one image, recording the parser's input instead of guessing the reader's
    internals (another branch owns them)."""
    image, out, engine = job
    import ocr.pipeline as pipeline
    from plugin.config import ocr_settings

    seen: dict[str, Any] = {}
    real_parse, real_merge = pipeline.parse_contact, pipeline.merge

    def parse(ocr: Any, settings: Any) -> Any:
        seen["ocr"] = ocr
        seen["settings"] = settings
        return real_parse(ocr, settings)

    def merge(parsed: Any, code: Any) -> Any:
        seen["qr"] = code
        return real_merge(parsed, code)

    pipeline.parse_contact, pipeline.merge = parse, merge  # type: ignore[assignment]
    settings, _ = ocr_settings()
    try:
        pipeline.extract(image, settings)
    except Exception as exc:  # a card that fails is scored as empty
        seen["error"] = f"{type(exc).__name__}: {exc}"
    with open(Path(out) / _key(Path(image), engine), "wb") as fh:
        pickle.dump(seen, fh)
    return image


def cache(folders: list[str], out: Path, jobs: int, engine: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    todo = [
        (str(s.image), str(out), engine)
        for s in find_samples(folders)
        if not (out / _key(s.image, engine)).exists()
    ]
    index = out / "index.json"
    known = set(json.loads(index.read_text())) if index.exists() else set()
    index.write_text(json.dumps(sorted(known | {str(Path(f).resolve()) for f in folders})))
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            for done in pool.map(_cache_one, todo):
                print(done, flush=True)
    else:
        for job in todo:
            print(_cache_one(job), flush=True)


def parse_cached(
    entry: dict[str, Any], raw: bool = False, threshold: float | None = None, engine: str = ""
) -> dict[str, Any]:
    """The contact dict and flags today's code makes from one cached reading (``raw``: the
    parser's evidence scores as confidence, without the calibration table or model)."""
    from ocr.confidence import calibrate_all, flag_fields
    from ocr.confidence_features import field_features
    from ocr.merge import merge
    from ocr.models import CONTACT_FIELDS, Settings
    from ocr.parse import parse_contact

    if "ocr" not in entry:
        return {
            "contact": {},
            "flagged": ["full_name", "emails"],
            "confidence": {},
            "evidence": {},
            "features": {},
            "doubtful": [],
        }
    parsed = merge(parse_contact(entry["ocr"], entry["settings"]), entry.get("qr"))
    evidence = {f: float(parsed.confidence.get(f, 0.0)) for f in CONTACT_FIELDS}
    features = field_features(parsed, entry["ocr"], evidence)
    confidence = evidence if raw else calibrate_all(evidence, engine, features)
    # Today's default threshold (the cached settings hold the one of the day they were read).
    limit = Settings().review_threshold if threshold is None else threshold
    flagged = flag_fields(parsed.contact, confidence, limit, parsed.doubtful)
    return {
        "contact": asdict(parsed.contact),
        "flagged": list(flagged),
        "confidence": confidence,
        "evidence": evidence,
        "features": features,
        "doubtful": list(parsed.doubtful),
    }


def cached_cards(
    cache_dir: Path, engine: str, only: str | None = None, part: tuple[int, int] | None = None
) -> Iterator[tuple[str, int, Any, dict[str, Any]]]:
    """(folder, position in it, labelled sample, cached reading) of every cached card."""
    for folder in json.loads((cache_dir / "index.json").read_text()):
        if only and only not in folder:
            continue
        for i, sample in enumerate(find_samples([folder])):
            if part and i % part[1] != part[0]:
                continue  # another part of the folder (a fit/held-out split)
            path = cache_dir / _key(sample.image, engine)
            if path.exists():
                yield folder, i, sample, pickle.loads(path.read_bytes())


def score(
    cache_dir: Path,
    engine: str,
    show_errors: bool,
    dump: Path | None,
    raw: bool = False,
    threshold: float | None = None,
    only: str | None = None,
    part: tuple[int, int] | None = None,
) -> dict[str, Any]:
    groups: dict[str, dict[str, Counts]] = defaultdict(lambda: defaultdict(Counts))
    # cards, cards with nothing flagged, of those the wrong ones
    cards: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    flag_fig: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # wrong fields, wrong & flagged
    reliability: dict[str, list[list[int]]] = defaultdict(lambda: [[0, 0] for _ in range(10)])
    rows: list[dict[str, Any]] = []
    for folder, _, sample, entry in cached_cards(cache_dir, engine, only, part):
        got = parse_cached(entry, raw, threshold, engine)
        expected = sample.expected["contact"]
        group = f"{Path(folder).name}/{sample.kind}"
        # Each card counts in its kind's group and in its folder's total.
        both = (group, f"{Path(folder).name}/all")
        wrong_any = False
        for field in HEADLINE:
            exp, pred = values(field, expected), values(field, got["contact"])
            wrong = exp != pred
            wrong_any |= wrong
            for g in both:
                c = groups[g][field]
                c.tp += len(exp & pred)
                c.fp += len(pred - exp)
                c.fn += len(exp - pred)
                if wrong:
                    flag_fig[g][0] += 1
                    flag_fig[g][1] += field in got["flagged"]
            if pred:
                conf = got["confidence"].get(field, 0.0)
                b = min(9, int(conf * 10))
                reliability[field][b][0] += 1
                reliability[field][b][1] += not wrong
            if wrong and show_errors:
                print(
                    f"{group:28} {sample.image.name:34} {field:9} exp {sorted(exp)} got"
                    f" {sorted(pred)} conf {got['confidence'].get(field, 0):.2f}"
                    f"{' FLAGGED' if field in got['flagged'] else ''}"
                )
        if dump:
            record = card_record(sample, parse_cached(entry, raw=True, engine=engine))
            rows.append({"card": sample.image.name, "group": group, **record})
        for g in both:
            n = cards[g]
            n[0] += 1
            if not got["flagged"]:
                n[1] += 1
                n[2] += wrong_any
    figures: dict[str, Any] = {}
    for group in sorted(groups):
        per = {f: round(groups[group][f].f1(), 3) for f in HEADLINE}
        n, unflagged, unflagged_wrong = cards[group]
        figures[group] = {
            "cards": n,
            "macro_f1": round(sum(per.values()) / len(HEADLINE), 3),
            "f1": per,
            "nothing_flagged_share": round(unflagged / n, 3) if n else 0.0,
            "unflagged_wrong_share": round(unflagged_wrong / unflagged, 3) if unflagged else 0.0,
            "wrong_fields": flag_fig[group][0],
            "wrong_flagged": flag_fig[group][1],
        }
    if dump:  # what scripts/fit_calibration.py fits on, to look at
        dump.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    figures["_reliability"] = {
        f: [(f"{b / 10:.1f}", n, ok) for b, (n, ok) in enumerate(reliability[f]) if n]
        for f in HEADLINE
    }
    return figures


def in_sample_frontier(
    cache_dir: Path, engine: str, only: str | None, part: tuple[int, ...] | None
) -> dict[str, list[tuple[float, int, int, int]]]:
    cards, probs = [], []
    for folder, _, sample, entry in cached_cards(cache_dir, engine, only, part):  # type: ignore[arg-type]
        card = card_record(sample, parse_cached(entry, raw=True, engine=engine))
        card["set"] = Path(folder).name
        cards.append(card)
        probs.append(shipped(card, engine))
    return frontier(cards, probs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("command", choices=("cache", "score"))
    ap.add_argument("folders", nargs="*")
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--engine", default=os.environ.get("CARDFOLLOW_OCR_ENGINE", "default"))
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--reliability", action="store_true")
    ap.add_argument(
        "--frontier",
        action="store_true",
        help="unflagged share / share of those wrong per threshold, with the shipped calibration"
        " (in sample: scripts/fit_calibration.py prints it out of sample)",
    )
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--raw", action="store_true", help="evidence scores, no calibration table")
    ap.add_argument("--threshold", type=float, help="flag below this (default: the default)")
    ap.add_argument("--only", help="score only cached folders whose path contains this")
    ap.add_argument("--part", help="K/M: only the cards at positions i with i %% M == K")
    args = ap.parse_args()
    if args.command == "cache":
        cache(args.folders, args.cache, args.jobs, args.engine)
        return 0
    part = tuple(int(x) for x in args.part.split("/")) if args.part else None
    figures = score(
        args.cache,
        args.engine,
        args.show_errors,
        args.dump,
        args.raw,
        args.threshold,
        args.only,
        part,  # type: ignore[arg-type]
    )
    if args.json:
        print(json.dumps(figures))
        return 0
    rel = figures.pop("_reliability")
    for group, g in figures.items():
        f1 = " ".join(f"{k[:5]} {v:.3f}" for k, v in g["f1"].items())
        print(
            f"{group:26} n={g['cards']:3} macro {g['macro_f1']:.3f} | {f1} | nothing flagged "
            f"{g['nothing_flagged_share']:.2f}, of those wrong {g['unflagged_wrong_share']:.2f}"
            f" | wrong fields flagged {g['wrong_flagged']}/{g['wrong_fields']}"
        )
    if args.reliability:
        for field, bins in rel.items():
            print(f"  {field:9} " + "  ".join(f"{b}:{ok}/{n}" for b, n, ok in bins))
    if args.frontier:
        print_frontier(in_sample_frontier(args.cache, args.engine, args.only, part))
    return 0


if __name__ == "__main__":
    sys.exit(main())
