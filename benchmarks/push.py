"""Pushing approved cards to HubSpot at the Free tier's rate limit (100 requests per 10 s).

    .venv/bin/python benchmarks/push.py                 # 1,000 cards (about two minutes)
    .venv/bin/python benchmarks/push.py --cards 200     # quicker while developing
    .venv/bin/python benchmarks/push.py --json

The fake HubSpot (tests/fake_hubspot) runs on 127.0.0.1 on the real clock with its 10-second
rolling limit at 100 requests per token, as HubSpot's Free and Starter tiers. Cards are made
straight in a fresh store (no OCR: this measures the push), each its own person, four to a
company (so companies are shared, as at a real event), approved, then pushed with
``cardfollow``'s own runner and adapter (``plugin.outbox.push.push``, ``HubSpotCrm``), pacing on.

Figures:
- API calls per 100 cards (every HTTP request, retries included, plus property checks);
- wall time for all cards, against the floor the limit allows for that many calls: call n
  cannot start before 10 s x floor((n - 1) / 100);
- 429 answers met (pacing should keep this at zero).

Baseline, same run: the same code pushing 100 cards one at a time (``batch_size = 1``: no batch
upsert, one note per request), i.e. what a per-card integration costs in calls.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from _common import forget_settings  # noqa: E402

LIMIT, WINDOW = 100, 10.0


SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "to", "vi")


def word(n: int, length: int = 3) -> str:
    """A made-up word per number (base 8 in syllables): names no duplicate check confuses."""
    out = ""
    for _ in range(length):
        n, digit = divmod(n, len(SYLLABLES))
        out += SYLLABLES[digit]
    return out.title()


def make_cards(store: Any, config: Any, count: int, prefix: str) -> list[int]:
    from card_factory import drafted_card

    from plugin.review import approve

    ids = []
    now = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)
    for i in range(count):
        company = word(100 + i // 4)  # four colleagues per company
        card_id = drafted_card(
            store,
            config,
            f"{word(i % 512)} {word(i // 512 + 7)}",
            email=f"{prefix}{i}@{company.lower()}.example",
            company=f"{company} Labs",
            title="Engineer",
            seq=i,
        )
        approve(store, card_id, config.mail(), now=now)
        ids.append(card_id)
    return ids


def run(cards: int, batch: bool, prefix: str) -> dict[str, Any]:
    from fake_hubspot import FakeHubSpot, RealClock

    from plugin.config import load
    from plugin.crm.hubspot.adapter import HubSpotCrm
    from plugin.crm.hubspot.auth import StaticToken
    from plugin.crm.hubspot.client import HubSpotClient
    from plugin.outbox.push import push
    from plugin.store import Store

    with tempfile.TemporaryDirectory(prefix="cardfollow-push-") as home:
        os.environ["CARDFOLLOW_HOME"] = home
        config = load()
        with (
            Store(config["store.path"]) as store,
            FakeHubSpot(
                clock=RealClock(), burst_max=LIMIT, burst_window=WINDOW, daily_max=None
            ) as fake,
        ):
            made = make_cards(store, config, cards, prefix)
            client = HubSpotClient(fake.base_url, auth=StaticToken("test-token"), timeout=30)
            adapter = HubSpotCrm(client, store.remote_ids)
            if not batch:
                adapter.batch_size = 1
            start = time.perf_counter()
            report = push(
                store, config.sender(), adapter, now=dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
            )
            wall = time.perf_counter() - start
            calls = len(fake.requests)
            limited = sum(1 for r in fake.requests if r.status == 429)
            contacts = len(fake.objects("contacts"))
            done = len(report.done)
    # At most LIMIT calls in any WINDOW: call n (from 1) cannot start before WINDOW*(n-1)//LIMIT.
    floor = WINDOW * ((calls - 1) // LIMIT)
    return {
        "mode": "batched" if batch else "one at a time",
        "cards": len(made),
        "done": done,
        "contacts": contacts,
        "calls": calls,
        "calls_per_100_cards": round(calls / len(made) * 100, 1),
        "wall_s": round(wall, 1),
        "floor_s": round(floor, 1),
        "wall_over_floor": round(wall / floor, 3) if floor else None,
        "http_429": limited,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=1000, help="cards for the batched run")
    parser.add_argument("--baseline-cards", type=int, default=100)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    forget_settings()

    results = [
        run(args.baseline_cards, batch=False, prefix="b"),
        run(args.cards, batch=True, prefix="p"),
    ]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"fake HubSpot at {LIMIT} requests / {WINDOW:.0f} s (Free tier), pacing on\n")
    print(
        f"{'mode':<15}{'cards':>7}{'calls':>8}{'calls/100':>11}{'wall s':>9}{'floor s':>9}"
        f"{'wall/floor':>12}{'429s':>6}"
    )
    for r in results:
        print(
            f"{r['mode']:<15}{r['cards']:>7}{r['calls']:>8}{r['calls_per_100_cards']:>11}"
            f"{r['wall_s']:>9}{r['floor_s']:>9}{r['wall_over_floor'] or '–':>12}{r['http_429']:>6}"
        )
    base, batched = results
    print(
        f"\nbatching: {base['calls_per_100_cards'] / batched['calls_per_100_cards']:.2f}x fewer "
        f"calls per 100 cards than one at a time; every card pushed: "
        f"{all(r['done'] == r['cards'] == r['contacts'] for r in results)}"
    )


if __name__ == "__main__":
    main()
