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
there (Brier score and log-loss both). The final table and models, fitted on all cards, are
written to ``ocr/calibration_table.py``; an engine with no cached readings keeps what it had
('*', the fit over all engines, serves an engine without a table of its own).
"""

from __future__ import annotations

import argparse
import sys
from bisect import bisect_left
from importlib import util
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "ocr" / "calibration_table.py"
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))
_PRIOR_ROWS = 2.0  # pseudo-rows of the field's overall accuracy mixed into each step

Steps = list[tuple[float, float]]
Model = tuple[float, tuple[tuple[str, float], ...]]


def isotonic(values: list[float], weights: list[float]) -> list[float]:
    """Pool adjacent violators: the non-decreasing fit closest to ``values`` (least squares)."""
    blocks: list[list[float]] = []  # [mean, weight, count]
    for v, w in zip(values, weights, strict=True):
        blocks.append([v, w, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, c2 = blocks.pop()
            m1, w1, c1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2])
    out: list[float] = []
    for mean, _, count in blocks:
        out.extend([mean] * int(count))
    return out


def fit_field(rows: list[tuple[float, bool]], bins: int, min_rows: int) -> Steps:
    """(upper evidence edge, calibrated accuracy) steps for one field, edges ascending."""
    rows = sorted(rows)
    overall = sum(r for _, r in rows) / len(rows)
    fitted = isotonic([float(r) for _, r in rows], [1.0] * len(rows))
    size = max(min_rows, -(-len(rows) // bins))
    steps: Steps = []
    i = 0
    while i < len(rows):
        j = min(len(rows), i + size)
        if len(rows) - j < min_rows:
            j = len(rows)  # a short tail joins the last step
        while j < len(rows) and rows[j][0] == rows[j - 1][0]:
            j += 1  # equal evidence never straddles two steps
        chunk = fitted[i:j]
        # Half a right and half a wrong row on top: a step all right is never a certainty.
        acc = (sum(chunk) + _PRIOR_ROWS * overall + 0.5) / (len(chunk) + _PRIOR_ROWS + 1)
        edge = rows[j - 1][0] if j < len(rows) else 1.0
        steps.append((round(edge, 4), round(acc, 3)))
        i = j
    # Smoothing can break monotonicity by a hair; the table must never fall.
    for k in range(1, len(steps)):
        if steps[k][1] < steps[k - 1][1]:
            steps[k] = (steps[k][0], steps[k - 1][1])
    return steps


def table_prob(steps: Steps, evidence: float) -> float:
    """As ``ocr.confidence.calibrated`` reads a table."""
    i = min(bisect_left([e for e, _ in steps], evidence), len(steps) - 1)
    return steps[i][1]


def fit_logistic(
    rows: list[tuple[dict[str, float], bool]], names: tuple[str, ...], l2: float
) -> Model:
    """(bias, ((feature, weight), ...)) by Newton's method on the L2-penalised log-likelihood
    (the bias unpenalised). The evidence ('ev') never gets a negative weight: more evidence must
    never mean less likely right, so a fit that wants one is refitted without it."""
    x = np.array([[1.0] + [r[0][n] for n in names] for r in rows])
    y = np.array([float(r[1]) for r in rows])
    penalty = np.eye(len(names) + 1) * l2
    penalty[0, 0] = 1e-6
    w = np.zeros(len(names) + 1)
    w[0] = np.log((y.sum() + 0.5) / (len(y) - y.sum() + 0.5))
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + penalty @ w
        hess = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    weights = dict(zip(names, w[1:].tolist(), strict=True))
    if weights.get("ev", 0.0) < 0:
        return fit_logistic(rows, tuple(n for n in names if n != "ev"), l2)
    return round(float(w[0]), 4), tuple((n, round(weights[n], 4)) for n in names)


def model_prob(model: Model, x: dict[str, float]) -> float:
    """As ``ocr.confidence.modelled`` reads a model."""
    from ocr.confidence import logistic

    return logistic(model, x)


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
    from calibration_report import frontier, print_report, recommend, scores

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
    threshold = recommend(frontier(cards, chosen))
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
            lines += [f"            ({e}, {a})," for e, a in tables[engine][field]]
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
            lines += [f'            ("{n}", {w}),' for n, w in weights]
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
