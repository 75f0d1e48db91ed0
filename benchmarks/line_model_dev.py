"""The learned line classifier (benchmarks/line_model.py) against the hand rules, measured
2-fold on the real cards: for each half (``parser_dev.py --part K/2``) a CRF is trained on the
other half plus every generated card, and today's parser is scored on the half with and without
the model, per field as ``benchmarks/scoring.py`` counts it.

    # generated cards from seeds, read once (as the real cards are: parser_dev.py cache)
    .venv/bin/python sample_cards/generate.py --count 60 --seed 4242 --kind mix --out /tmp/g4242
    .venv/bin/python benchmarks/parser_dev.py cache /tmp/g4242 --cache /tmp/ocr-gen --engine auto
    .venv/bin/python benchmarks/line_model_dev.py --cache /work/cache/ocr --cache /tmp/ocr-gen
    ... --fill              the model may also fill a field the rules left empty
    ... --weight 0.4        its chances as one more term in the rules' name and company scores
    ... --doubt 0.2         flag figures: also flag a field whose line the model doubts
    ... --nested            training settings chosen inside each training half (honest search)

The default use is a second opinion (``line_model.revise``): where the model is sure (>= --sure)
of another line and gives the rules' line a low chance (<= --unlikely), its line is taken.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import line_model
from line_data import PARAMS, load_cards, train
from parser_dev import parse_cached
from scoring import HEADLINE, Counts, values

import ocr.parse.contact as contact_mod

PEOPLE = ("full_name", "title", "company")


def _patched(model: Any, sure: float, unlikely: float) -> Any:
    """pick_people_fields followed by the model's second opinion, as the parser hook does."""
    original = contact_mod.pick_people_fields
    state: dict[str, Any] = {}

    def wrapped(candidates: Any, segments: Any, emails: Any, urls: Any, fields: Any, region: Any):  # type: ignore[no-untyped-def]
        out = original(candidates, segments, emails, urls, fields, region)
        line_model.revise(
            state["ocr"], fields, candidates, region, model, sure, unlikely, state["fill"]
        )
        return out

    return original, wrapped, state


def _evidence(model: Any, weight: float, state: dict[str, Any]) -> list[tuple[Any, str, Any]]:
    """The model's chances as one more piece of evidence in the rules' own scores: the name's
    (through its size term) and the company's (through company_score). Returns the patches."""
    import ocr.parse.company_pick as cp
    import ocr.parse.people as pp

    rank, cscore = pp._height_rank, cp.company_score

    def chance(seg_index: int | None, text: str, label: str) -> float:
        ch = state["chances"]
        if seg_index in ch and state["texts"].get(seg_index) == text:
            return ch[seg_index][label]
        hits = [ch[i][label] for i, t in state["texts"].items() if t == text]
        return max(hits) if hits else 0.5

    def height_rank(seg: Any, segs: Any) -> float:
        return rank(seg, segs) + weight / 0.25 * (chance(seg.index, seg.text, "name") - 0.5)

    def company_score(text: str, domains: list[str]) -> float:
        return cscore(text, domains) + weight * (chance(None, text, "company") - 0.5)

    return [(pp, "_height_rank", height_rank), (cp, "company_score", company_score)]


def score_half(
    cards: list[dict[str, Any]],
    model: Any | None,
    sure: float,
    unlikely: float,
    show: bool,
    weight: float = 0.0,
    fill: bool = False,
) -> dict[str, Counts]:
    counts: dict[str, Counts] = defaultdict(Counts)
    original, wrapped, state = _patched(model, sure, unlikely)
    state["fill"] = fill
    patches = _evidence(model, weight, state) if model is not None and weight else []
    saved = [(mod, name, getattr(mod, name)) for mod, name, _ in patches]
    if model is not None and not weight:
        contact_mod.pick_people_fields = wrapped  # type: ignore[assignment]
    for mod, name, fn in patches:
        setattr(mod, name, fn)
    try:
        for card in cards:
            state["ocr"] = card["entry"]["ocr"]
            if patches:
                segs, emails, urls = line_model.card_items(card["entry"]["ocr"])
                state["chances"] = line_model.line_chances(segs, emails, urls, model)
                state["texts"] = {seg.index: seg.text for seg in segs}
            got = parse_cached(card["entry"], engine="auto")["contact"]
            for field in HEADLINE:
                exp, pred = values(field, card["expected"]), values(field, got)
                c = counts[field]
                c.tp, c.fp, c.fn = (
                    c.tp + len(exp & pred),
                    c.fp + len(pred - exp),
                    c.fn + len(exp - pred),
                )
                if show and field in PEOPLE and exp != pred:
                    print(f"   {card['image']:34} {field:9} exp {sorted(exp)} got {sorted(pred)}")
    finally:
        contact_mod.pick_people_fields = original  # type: ignore[assignment]
        for mod, name, fn in saved:
            setattr(mod, name, fn)
    return counts


def line_accuracy(cards: list[dict[str, Any]], tagger: Any) -> dict[str, tuple[int, int]]:
    """Per label: cards where the model's likeliest line for it carries that label / cards
    where some line does."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for card in cards:
        if not card["xs"]:
            continue
        tagger.set(card["xs"])
        for label in ("name", "title", "company"):
            if label not in card["ys"]:
                continue
            best = max(range(len(card["xs"])), key=lambda i: tagger.marginal(label, i))
            out[label][0] += card["ys"][best] == label
            out[label][1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def flag_figures(cards: list[dict[str, Any]], model: Any, below: float) -> dict[str, tuple]:
    """Flags with and without the model's doubt: a name, title or company also flagged when the
    model gives the line(s) the rules took for it a chance under ``below``. Per variant:
    (cards with nothing flagged, of those wrong, wrong fields flagged / wrong, right flagged)."""
    from ocr.merge import merge
    from ocr.parse import parse_contact

    tally = {"rules": [0, 0, 0, 0, 0], "rules+doubt": [0, 0, 0, 0, 0]}
    for card in cards:
        entry = card["entry"]
        got = parse_cached(entry, engine="auto")
        boxes = merge(parse_contact(entry["ocr"], entry["settings"]), entry.get("qr")).boxes
        segs, emails, urls = line_model.card_items(entry["ocr"])
        chances = line_model.line_chances(segs, emails, urls, model)
        by_box = {b: s.index for s in segs for b in s.boxes}
        doubt = set()
        for field, label in (("full_name", "name"), ("title", "title"), ("company", "company")):
            idx = {by_box[b] for b in boxes.get(field, ()) if b in by_box}
            if idx and max(chances[i][label] for i in idx) < below:
                doubt.add(field)
        wrong = {f for f in HEADLINE if values(f, got["contact"]) != values(f, card["expected"])}
        for name, flagged in (
            ("rules", set(got["flagged"])),
            ("rules+doubt", set(got["flagged"]) | doubt),
        ):
            t = tally[name]
            shown = flagged & set(HEADLINE)
            t[0] += not flagged
            t[1] += not flagged and bool(wrong)
            t[2] += len(wrong & shown)
            t[3] += len(wrong)
            t[4] += len(shown - wrong)
    return {k: tuple(v) for k, v in tally.items()}


def _macro(counts: dict[str, Counts]) -> float:
    return sum(counts[f].f1() for f in HEADLINE) / len(HEADLINE)


def _fit(cards: list[dict[str, Any]], params: dict[str, float], tmp: str) -> Any:
    import pycrfsuite

    weights = Path(tmp) / f"m{len(cards)}-{params['c1']}-{params['c2']}.crfsuite"
    train(cards, weights, params)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(weights))
    return tagger


GRID = ((0.05, 0.05), (0.5, 0.01), (0.0, 1.0), (0.1, 0.3))


def nested(fit: list[dict[str, Any]], generated: list[dict[str, Any]], args: Any, tmp: str) -> Any:
    """Choose c1/c2 by the gain over the rules on the training half's own two halves; return
    the model trained with them on the whole training set. The test half is never looked at."""
    real = [c for c in fit if c["folder"] == "real_cards"]
    gains = {}
    for c1, c2 in GRID:
        gain = 0.0
        for j in (0, 1):
            a = [c for n, c in enumerate(real) if n % 2 == j]
            b = [c for n, c in enumerate(real) if n % 2 != j] + generated
            model = _fit(b, {"c1": c1, "c2": c2}, tmp)
            with_model = score_half(a, model, args.sure, args.unlikely, False, 0.0, args.fill)
            gain += _macro(with_model) - _macro(score_half(a, None, 0, 0, False))
        gains[(c1, c2)] = round(gain, 3)
    c1, c2 = max(GRID, key=lambda hp: gains[hp])
    print(f"  inner gains {gains}: chose c1={c1} c2={c2}")
    return _fit(fit, {"c1": c1, "c2": c2}, tmp)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--cache", type=Path, action="append", required=True)
    ap.add_argument("--engine", default="auto")
    ap.add_argument("--sure", type=float, default=line_model.SURE)
    ap.add_argument("--unlikely", type=float, default=line_model.UNLIKELY)
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--fill", action="store_true", help="the model may fill fields left empty")
    ap.add_argument("--doubt", type=float, help="flag figures with the model's doubt under this")
    ap.add_argument(
        "--weight", type=float, default=0.0, help="use the chances as evidence with this weight"
    )
    ap.add_argument("--c1", type=float, default=PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=PARAMS["c2"])
    ap.add_argument("--nested", action="store_true")
    args = ap.parse_args()

    cards = [c for cache in args.cache for c in load_cards(cache, args.engine)]
    real = [c for c in cards if c["folder"] == "real_cards"]
    generated = [c for c in cards if c["folder"] != "real_cards"]
    print(f"{len(real)} real cards, {len(generated)} generated")
    for part in (0, 1):
        test = [c for c in real if c["pos"] % 2 == part]
        fit = [c for c in real if c["pos"] % 2 != part] + generated
        with tempfile.TemporaryDirectory() as tmp:
            if args.nested:
                tagger = nested(fit, generated, args, tmp)
            else:
                tagger = _fit(fit, {"c1": args.c1, "c2": args.c2}, tmp)
            acc = line_accuracy(test, tagger)
            if args.doubt:
                for name, (n0, n1, wf, w, rf) in flag_figures(test, tagger, args.doubt).items():
                    print(
                        f"  flags {name:12} nothing flagged {n0}/{len(test)}, of those wrong"
                        f" {n1}; wrong fields flagged {wf}/{w}; right fields flagged {rf}"
                    )
            before = score_half(test, None, args.sure, args.unlikely, args.show_errors)
            if args.show_errors:
                print("  --- with the model:")
            after = score_half(
                test, tagger, args.sure, args.unlikely, args.show_errors, args.weight, args.fill
            )
        lines = " ".join(f"{k} {a}/{n}" for k, (a, n) in acc.items())
        print(f"half {part}/2 (n={len(test)}), model's likeliest line right: {lines}")
        for name, counts in (("rules", before), ("rules+model", after)):
            per = {f: counts[f].f1() for f in HEADLINE}
            print(
                f"  {name:12} macro {_macro(counts):.3f} | "
                + " ".join(f"{f[:5]} {per[f]:.3f}" for f in HEADLINE)
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
