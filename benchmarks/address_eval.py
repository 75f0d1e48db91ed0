"""Postal-address reading against the labels: token precision and recall per card and per half.

    .venv/bin/python benchmarks/address_eval.py /work/cache/s2 real [--rows]

The six headline fields leave the address unscored, so this is how a change to the address
reader is measured: per card the word tokens (accent-folded, lower-case) of the read address
against the labelled one; per half (the --part 0/2 and 1/2 split of parser_dev) the mean
precision and recall, how many addresses are near-whole (p >= 0.8 and r >= 0.8), and, among the
addresses shown at confidence >= 0.6 (not flagged), the share that is near-whole.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT
from parser_dev import cached_cards, parse_cached

sys.path.insert(0, str(ROOT))
from ocr.parse.country import fold

GOOD = 0.8  # precision and recall at which an address counts as read whole
SHOWN = 0.6  # the confidence under which the address is flagged (UNCALIBRATED_FLOOR)


def tokens(text: str | None) -> Counter[str]:
    return Counter(re.findall(r"\w+", fold(text or "").lower()))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("cache", type=Path)
    ap.add_argument("only")
    ap.add_argument("--engine", default="auto")
    ap.add_argument("--rows", action="store_true", help="one line per card")
    args = ap.parse_args()
    for k in (0, 1):
        rows = []
        for _, _, sample, entry in cached_cards(args.cache, args.engine, args.only, (k, 2)):
            got = parse_cached(entry, False, None, args.engine)
            want, read = sample.expected["contact"].get("address"), got["contact"].get("address")
            et, gt = tokens(want), tokens(read)
            if not et and not gt:
                continue  # no address printed, none read
            inter = sum((et & gt).values())
            p = inter / max(1, sum(gt.values())) if gt else 0.0
            r = inter / max(1, sum(et.values())) if et else 0.0
            conf = got["confidence"].get("address", 0.0)
            rows.append((conf, p, r, bool(et), bool(gt)))
            if args.rows:
                print(
                    f"{conf:.2f} p{p:.2f} r{r:.2f} {sample.image.name:35} | "
                    f"{want!r:60.60} | {read!r:.60}"
                )
        labelled = [r for r in rows if r[3]]
        readp = [r for r in rows if r[4]]
        good = [r for r in rows if r[1] >= GOOD and r[2] >= GOOD]
        shown = [r for r in rows if r[4] and r[0] >= SHOWN]
        shown_good = [r for r in shown if r[1] >= GOOD and r[2] >= GOOD]
        mp = sum(r[1] for r in readp) / max(1, len(readp))
        mr = sum(r[2] for r in labelled) / max(1, len(labelled))
        print(
            f"part {k}/2: labelled {len(labelled)} read {len(readp)} | mean p {mp:.3f} "
            f"mean r {mr:.3f} | p,r>={GOOD}: {len(good)} | conf>={SHOWN}: {len(shown)}, "
            f"of them whole {len(shown_good)} ({len(shown_good) / max(1, len(shown)):.0%})"
        )


if __name__ == "__main__":
    main()
