"""Fit the calibration (a field's evidence -> its chance of being right) from the OCR caches, after
measuring it out of sample. One command, re-run after every parser change:

    .venv/bin/python scripts/fit_calibration.py --cache /work/cache/ocr \
        --engines auto,rapidocr,tesseract

Every cached card of each engine is parsed by today's parser (its raw evidence: refitting never
feeds on the previous table) and scored against its label. Two calibrations per engine and field:
an isotonic table of the evidence score (pool adjacent violators, merged into at most ``--bins``
steps of ``--min-rows`` rows, each smoothed towards the field's accuracy), and a small logistic
model over the evidence features of ``ocr.confidence_features`` (L2-penalised, Newton's method:
deterministic). Both are cross-fitted first: fitted on half A of every set (``--part 0/2`` of
``parser_dev.py``) and predicting half B, then the other way round, so the reliability tables and
the flag frontier printed are out of sample. A field keeps its model only where it beat the table
there (Brier score and log-loss both), and an engine keeps its models only if they also pass as
many cards unflagged as the table alone at the threshold each recommends (the lowest at which
the unflagged cards are wrong no more often than 5% real, 3% generated); the default engine's
recommendation becomes the default ``review_threshold``. The final tables and models, fitted on
all cards, are written to ``ocr/calibration_table.py``; an engine whose readings are missing or
incomplete keeps what it had ('*', the fit over all engines, serves an engine without a table).
"""

from __future__ import annotations

import argparse
import sys
from importlib import util
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "ocr" / "calibration_table.py"
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))
from calibration_fit import (  # noqa: E402  (the benchmarks folder is on the path now)
    Model,
    Steps,
    fit_field,
    fit_logistic,
    isotonic,
    model_prob,
    table_prob,
)

__all__ = ["fit_field", "fit_logistic", "isotonic", "model_prob", "table_prob"]


def fit_all(
    cards: list[dict[str, Any]], args: argparse.Namespace
) -> tuple[dict[str, Steps], dict[str, Model]]:
    """Per field with enough rows: the isotonic table and the logistic model."""
    from ocr.confidence_features import FEATURES

    tables: dict[str, Steps] = {}
    models: dict[str, Model] = {}
    for field, names in FEATURES.items():
        rows = [c["fields"][field] for c in cards if field in c["fields"]]
        if len(rows) < args.min_rows:
            continue
        tables[field] = fit_field([(r["ev"], r["right"]) for r in rows], args.bins, args.min_rows)
        models[field] = fit_logistic([(r["x"], r["right"]) for r in rows], names, args.l2)
    return tables, models


def predict(
    card: dict[str, Any], tables: dict[str, Steps], models: dict[str, Model], use: set[str]
) -> dict[str, float]:
    """Each field's probability: the model for the fields in ``use``, else the table."""
    out: dict[str, float] = {}
    for field, row in card["fields"].items():
        if field in use and field in models:
            out[field] = model_prob(models[field], row["x"])
        elif field in tables:
            out[field] = table_prob(tables[field], row["ev"])
        else:
            out[field] = round(min(1.0, max(0.0, row["ev"])), 3)
    return out


def labelled(cache: Path) -> int:
    """How many labelled cards the cache's folders hold (each engine's readings should cover
    them all: a fit on the first cards read is a fit on a biased sample)."""
    import json

    from _common import find_samples

    return len(find_samples(json.loads((cache / "index.json").read_text())))


def load_cards(cache: Path, engine: str) -> list[dict[str, Any]]:
    from calibration_report import card_record
    from parser_dev import cached_cards, parse_cached

    cards = []
    for folder, i, sample, entry in cached_cards(cache, engine):
        record = card_record(sample, parse_cached(entry, raw=True, engine=engine))
        record["set"] = "real" if "real_cards" in folder else Path(folder).name
        record["part"] = i % 2
        record["engine"] = engine
        cards.append(record)
    return cards


def crossfit(
    cards: list[dict[str, Any]], args: argparse.Namespace, title: str
) -> tuple[set[str], float]:
    """Fit on each half, predict the other; print both calibrations out of sample and return
    the fields whose model beat the table, and the threshold that frontier recommends."""
    from calibration_report import (
        MIN_PASS,
        frontier,
        out_of_reach,
        print_report,
        recommend,
        scores,
    )

    table_p: list[dict[str, float]] = [{} for _ in cards]
    model_p: list[dict[str, float]] = [{} for _ in cards]
    for part in (0, 1):
        tables, models = fit_all([c for c in cards if c["part"] == part], args)
        for k, card in enumerate(cards):
            if card["part"] != part:
                table_p[k] = predict(card, tables, models, set())
                model_p[k] = predict(card, tables, models, set(models))
    fields = sorted({f for c in cards for f in c["fields"]})
    better: set[str] = set()
    for field in fields:
        idx = [k for k, c in enumerate(cards) if field in c["fields"]]
        right = [cards[k]["fields"][field]["right"] for k in idx]
        t = scores([(table_p[k][field], r) for k, r in zip(idx, right, strict=True)])
        m = scores([(model_p[k][field], r) for k, r in zip(idx, right, strict=True)])
        if m[0] < t[0] and m[1] < t[1]:
            better.add(field)
        print(
            f"{title:10} {field:9} n={len(idx):3} out of sample brier/logloss table {t} model {m}"
        )
    chosen = [predict_choice(t, m, better) for t, m in zip(table_p, model_p, strict=True)]
    print_report(cards, table_p, f"{title}: isotonic table, out of sample", fields)
    print_report(
        cards, chosen, f"{title}: chosen (model for {sorted(better)}), out of sample", fields
    )
    # The flag frontier decides too: the models stay only if, at the threshold each way of
    # calibrating recommends, they pass as many cards unflagged (mean share over the sets).
    passed = {}
    for name, probs in (("table", table_p), ("models", chosen)):
        table = frontier(cards, probs)
        t = recommend(table)
        shares = [next(r[2] / r[1] for r in rows if r[0] == t) for rows in table.values()]
        passed[name] = (sum(shares) / len(shares), t)
        print(f"  {name}: threshold {t} passes {passed[name][0]:.3f} of the readings (mean)")
    if better and passed["table"][0] > passed["models"][0]:
        print(f"  {title}: the table alone passes more at its threshold; no models kept")
        better, chosen = set(), table_p
    threshold = passed["models" if better else "table"][1]
    for name in out_of_reach(frontier(cards, chosen)):
        print(
            f"  {title}: on {name} no threshold meets the wrong-share cap while passing "
            f"{MIN_PASS:.0%} of the cards unflagged: left out of the pick"
        )
    print(f"  recommended review_threshold for {title}: {threshold}")
    # Each half on its own (half B predicted by the fit on half A, and A by B's).
    halves = [{**c, "set": f"{c['set']}/{'AB'[c['part']]}"} for c in cards]
    for name, rows in sorted(frontier(halves, chosen).items()):
        _, n, clear, wrong = next(r for r in rows if r[0] == threshold)
        print(f"  at {threshold}: {name:10} {clear}/{n} readings unflagged, {wrong} of them wrong")
    return better, threshold


def predict_choice(
    table_p: dict[str, float], model_p: dict[str, float], better: set[str]
) -> dict[str, float]:
    return {f: model_p[f] if f in better else p for f, p in table_p.items()}


def _wrapped(cells: list[str], per_line: int) -> list[str]:
    """A few cells a line: the table stays short enough to read (and under the layout test's
    module length)."""
    return [
        "            " + " ".join(cells[k : k + per_line]) for k in range(0, len(cells), per_line)
    ]


def write_table(
    tables: dict[str, dict[str, Steps]],
    models: dict[str, dict[str, Model]],
    sources: list[str],
    threshold: float,
) -> None:
    lines = [
        '"""Evidence -> measured chance of being right, per OCR engine and field.',
        "",
        "Written by scripts/fit_calibration.py (do not edit by hand) from:",
        *[f"    {name}" for name in sources],
        '"""',
        "",
        "# engine ('*': all) -> field -> ((upper edge of an evidence bin, share right in it), ...)",
        "TABLE: dict[str, dict[str, tuple[tuple[float, float], ...]]] = {",
    ]
    for engine in sorted(tables):
        lines.append(f'    "{engine}": {{')
        for field in sorted(tables[engine]):
            lines.append(f'        "{field}": (')
            lines += _wrapped([f"({e}, {a})," for e, a in tables[engine][field]], 4)
            lines.append("        ),")
        lines.append("    },")
    lines += [
        "}  # fmt: skip",
        "",
        "# engine -> field -> (bias, ((feature, weight), ...)): a logistic model over",
        "# ocr.confidence_features, for the fields where it beat the table out of sample.",
        "MODEL: dict[str, dict[str, tuple[float, tuple[tuple[str, float], ...]]]] = {",
    ]
    for engine in sorted(models):
        lines.append(f'    "{engine}": {{')
        for field, (bias, weights) in sorted(models[engine].items()):
            lines.append(f'        "{field}": ({bias}, (')
            lines += _wrapped([f'("{n}", {w}),' for n, w in weights], 3)
            lines.append("        )),")
        lines.append("    },")
    lines += [
        "}  # fmt: skip",
        "",
        "# The default review_threshold: the lowest at which the cards with nothing flagged were,",
        "# out of sample, wrong no more often than the issue's targets (5% real, 3% generated).",
        f"REVIEW_THRESHOLD = {threshold}",
    ]
    TABLE.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _old() -> Any:
    spec = util.spec_from_file_location("old_table", TABLE)
    assert spec is not None and spec.loader is not None
    old = util.module_from_spec(spec)
    spec.loader.exec_module(old)
    return old


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--cache", type=Path, required=True, help="parser_dev.py's OCR cache")
    ap.add_argument("--engines", default="auto,rapidocr,tesseract")
    ap.add_argument("--bins", type=int, default=8)
    ap.add_argument("--min-rows", type=int, default=12)
    ap.add_argument("--l2", type=float, default=0.3, help="the models' penalty on each weight")
    ap.add_argument("--dry-run", action="store_true", help="measure only; write nothing")
    ap.add_argument(
        "--partial", action="store_true", help="fit an engine whose readings are still coming"
    )
    args = ap.parse_args()
    old = _old()
    tables: dict[str, dict[str, Steps]] = {}
    models: dict[str, dict[str, Model]] = {}
    sources: list[str] = []
    everything: list[dict[str, Any]] = []
    total = labelled(args.cache)
    thresholds: dict[str, float] = {}
    for engine in args.engines.split(","):
        cards = load_cards(args.cache, engine)
        if not cards or (len(cards) < total and not args.partial):
            print(f"{engine}: {len(cards)} of {total} cards read in {args.cache}; old table kept")
            tables[engine] = {f: list(s) for f, s in old.TABLE.get(engine, {}).items()}
            models[engine] = dict(old.MODEL.get(engine, {}))
            sources.append(f"{engine}: (kept from the previous fit)")
            continue
        everything += cards
        better, thresholds[engine] = crossfit(cards, args, engine)
        tables[engine], fitted = fit_all(cards, args)
        models[engine] = {f: m for f, m in fitted.items() if f in better}
        sets = sorted({c["set"] for c in cards})
        sources.append(f"{engine}: {len(cards)} cards of {', '.join(sets)} in {args.cache}")
    read = {c["engine"] for c in everything}
    if len(read) == 1:  # one engine read: the fit over all engines is its fit
        tables["*"], models["*"] = tables[next(iter(read))], models[next(iter(read))]
    elif everything:
        better, thresholds["*"] = crossfit(everything, args, "*")
        tables["*"], fitted = fit_all(everything, args)
        models["*"] = {f: m for f, m in fitted.items() if f in better}
    # The default engine's frontier picks the default threshold (most cards are read with it).
    from ocr.engines.registry import DEFAULT_ENGINE

    threshold = thresholds.get(DEFAULT_ENGINE, thresholds.get("*", old.REVIEW_THRESHOLD))
    print(f"default review_threshold: {threshold} (was {old.REVIEW_THRESHOLD})")
    if not args.dry_run:
        write_table({e: t for e, t in tables.items() if t}, models, sources, threshold)
        print(f"written: {TABLE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
