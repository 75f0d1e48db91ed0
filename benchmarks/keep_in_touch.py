"""Who is due, over a store of many contacts kept in touch (2,000 by default).

    .venv/bin/python benchmarks/keep_in_touch.py
    .venv/bin/python benchmarks/keep_in_touch.py --contacts 5000 --repeat 10

A fresh store of N followed-up contacts (cards made and approved through the store, no OCR),
each with three touches spread over the past year, a fifth of them tagged, a tenth with their
own cadence. Timed: ``relationships`` (everyone's cadence, last touch and due date), ``due``
(today's list, sorted) and ``prepare`` once (drafting a check-in for each one due: the cost of
the first ``cardfollow due`` of the week), then ``prepare`` again (nothing new to draft).

Baseline, same run: reading the rows the computation needs, in process (``cards.list`` of the
followed-up cards, every contact, every touch), so the computation's own cost shows apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from _common import forget_settings  # noqa: E402


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.9 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    forget_settings()
    home = tempfile.mkdtemp(prefix="cardfollow-bench-")
    os.environ["CARDFOLLOW_HOME"] = home
    os.environ["CARDFOLLOW_TIMEZONE"] = "UTC"
    os.environ["CARDFOLLOW_CADENCE_TIERS"] = "vip=monthly"

    from card_factory import add_card

    from plugin.config import load
    from plugin.keep_in_touch import checkins
    from plugin.keep_in_touch.due import due, relationships
    from plugin.review import approve
    from plugin.store import Relationship, Store

    config = load()
    today = dt.date(2026, 11, 22)
    start = time.perf_counter()
    with Store(config["store.path"]) as store:
        for i in range(args.contacts):
            card_id = add_card(
                store, config, f"Person{i:05d} Sample{i % 97:02d}", minutes=i, event=f"Expo {i % 7}"
            )
            approve(store, card_id, config.mail(), now=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
            contact = store.cards.get(card_id).contact_id
            assert contact is not None
            for k in range(3):
                moment = dt.datetime(2025, 12, 1, tzinfo=dt.UTC) + dt.timedelta(
                    days=(i * 7 + k * 101) % 330
                )
                store.touches.add(contact, moment, ("email", "meeting", "manual")[k])
            if i % 5 == 0 or i % 10 == 1:
                store.relationships.save(
                    Relationship(
                        contact, "monthly" if i % 10 == 1 else None, ["vip"] if i % 5 == 0 else []
                    )
                )
        print(f"store of {args.contacts} contacts made in {time.perf_counter() - start:.1f} s")

        def baseline() -> None:
            store.cards.list(("approved", "pushed", "sent"))
            store.contacts.all()
            store.touches.latest()

        rows = [("baseline: the rows read, in process", *timed(baseline, args.repeat))]
        rows.append(
            (
                "relationships (everyone)",
                *timed(lambda: relationships(store, config.touch(), config.mail()), args.repeat),
            )
        )
        rows.append(
            (
                "due (today's list, sorted)",
                *timed(lambda: due(store, config.touch(), config.mail(), today), args.repeat),
            )
        )
        n_due = len(due(store, config.touch(), config.mail(), today))
        first = time.perf_counter()
        checkins.prepare(store, config.checkins(), today)
        first_ms = (time.perf_counter() - first) * 1000
        rows.append((f"prepare, first run (drafts {n_due})", first_ms, first_ms))
        rows.append(
            (
                "prepare, again (nothing new)",
                *timed(lambda: checkins.prepare(store, config.checkins(), today), 3),
            )
        )
    print(f"{'step':44} {'median ms':>10} {'p90 ms':>10}")
    for name, median, p90 in rows:
        print(f"{name:44} {median:10.1f} {p90:10.1f}")
    base = rows[0][1]
    per_draft = first_ms / max(n_due, 1)
    print(
        f"relationships / baseline: {rows[1][1] / base:.1f}x; "
        f"per check-in drafted: {per_draft:.1f} ms"
    )


if __name__ == "__main__":
    main()
