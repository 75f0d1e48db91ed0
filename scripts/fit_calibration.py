"""Fit the per-field calibration table (evidence score -> share right) from labelled cards.

    .venv/bin/python benchmarks/parser_dev.py cache DIR... --cache C        # read the cards once
    .venv/bin/python benchmarks/parser_dev.py score --cache C --raw --dump rows.jsonl
    .venv/bin/python scripts/fit_calibration.py rows.jsonl [more.jsonl ...]

``--raw`` scores with the parser's evidence as it is (no table), so refitting never feeds on the
previous table. Each row is one field that had a value: {"field", "evidence", "right"}. Per
field the rows are sorted by evidence and fitted with isotonic regression (pool adjacent
violators: the chance of being right never falls as evidence rises), then merged into at most
``--bins`` steps of at least ``--min-rows`` rows each, each step's accuracy smoothed towards the
field's overall accuracy (a few rows never make a 0.0 or a 1.0). The table is written to
``ocr/calibration_table.py`` (a small literal, shipped in the package).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "ocr" / "calibration_table.py"
_PRIOR_ROWS = 2.0  # pseudo-rows of the field's overall accuracy mixed into each step


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


def fit_field(
    rows: list[tuple[float, bool]], bins: int, min_rows: int
) -> list[tuple[float, float]]:
    """(upper evidence edge, calibrated accuracy) steps for one field, edges ascending."""
    rows = sorted(rows)
    overall = sum(r for _, r in rows) / len(rows)
    fitted = isotonic([float(r) for _, r in rows], [1.0] * len(rows))
    size = max(min_rows, -(-len(rows) // bins))
    steps: list[tuple[float, float]] = []
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


def write_table(table: dict[str, dict[str, list[tuple[float, float]]]], sources: list[str]) -> None:
    lines = [
        '"""Evidence score -> measured accuracy, per OCR engine and field.',
        "",
        "Written by scripts/fit_calibration.py (do not edit by hand) from:",
        *[f"    {name}" for name in sources],
        '"""',
        "",
        "# engine ('*': all) -> field -> ((upper edge of an evidence bin, share right in it), ...)",
        "TABLE: dict[str, dict[str, tuple[tuple[float, float], ...]]] = {",
    ]
    for engine in sorted(table):
        lines.append(f'    "{engine}": {{')
        for field in sorted(table[engine]):
            lines.append(f'        "{field}": (')
            lines += [f"            ({e}, {a})," for e, a in table[engine][field]]
            lines.append("        ),")
        lines.append("    },")
    lines.append("}  # fmt: skip")
    TABLE.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _sources(doc: str | None) -> list[str]:
    lines = (doc or "").splitlines()
    names = [ln.strip() for ln in lines if ln.startswith("    ")]
    return [n for n in names if not n.startswith("(")]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("rows", nargs="+", type=Path)
    ap.add_argument("--bins", type=int, default=8)
    ap.add_argument("--min-rows", type=int, default=12)
    ap.add_argument(
        "--only-engines",
        action="store_true",
        help="refit only the engines the rows name; every other table (and '*') stays as it is",
    )
    args = ap.parse_args()
    # engine -> field -> (evidence, right); '*' gathers every engine's rows.
    rows: dict[str, dict[str, list[tuple[float, bool]]]] = defaultdict(lambda: defaultdict(list))
    for path in args.rows:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                item = (float(row["evidence"]), bool(row["right"]))
                engines = {row.get("engine") or "*"} if args.only_engines else set()
                for engine in engines or {row.get("engine") or "*", "*"}:
                    rows[engine][row["field"]].append(item)
    table = {
        engine: {
            f: fit_field(r, args.bins, args.min_rows)
            for f, r in fields.items()
            if len(r) >= args.min_rows
        }
        for engine, fields in rows.items()
    }
    sources = [p.name for p in args.rows]
    if args.only_engines:
        # The other engines' tables were fitted from other rows: keep them, and say so.
        from importlib import util

        spec = util.spec_from_file_location("old_table", TABLE)
        assert spec is not None and spec.loader is not None
        old = util.module_from_spec(spec)
        spec.loader.exec_module(old)
        for engine, fields in old.TABLE.items():
            if engine not in table:
                table[engine] = {f: list(steps) for f, steps in fields.items()}
        sources += ["(the other engines' tables kept, fitted from:)", *_sources(old.__doc__)]
    write_table(table, sources)
    for engine, fields in sorted(table.items()):
        for field, steps in sorted(fields.items()):
            n = len(rows[engine][field])
            print(f"{engine:10} {field:10} n={n:4} " + " ".join(f"≤{e}:{a}" for e, a in steps))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
